"""Sign-in throttling: a user name with too many wrong passwords in a row is paused a while."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

#: wrong passwords in a row (within WINDOW_S) before the user name is paused
MAX_FAILURES = 5
WINDOW_S = 15 * 60
#: the first pause; each further pause of the same name (before a success) doubles, up to
#: MAX_PAUSE_S
PAUSE_S = 5 * 60
MAX_PAUSE_S = 60 * 60
#: names remembered at most (the oldest forgotten first): random names cannot fill memory
MAX_NAMES = 10_000


@dataclass
class _Record:
    failures: list[float] = field(default_factory=list)
    paused_until: float = 0.0
    pauses: int = 0


class SignInThrottle:
    """Wrong passwords per user name (known or not: the answer never tells which), held by
    the app's process for every browser session, so that reloading the page does not
    reset it."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._records: dict[str, _Record] = {}
        self._lock = threading.Lock()

    def wait_s(self, username: str) -> float:
        """Seconds until `username` may try again (0: now)."""
        with self._lock:
            record = self._records.get(username.strip())
            return max(0.0, record.paused_until - self._clock()) if record else 0.0

    def failed(self, username: str) -> None:
        """A wrong password for `username`: paused after MAX_FAILURES in a row."""
        now = self._clock()
        with self._lock:
            key = username.strip()
            record = self._records.pop(key, None) or _Record()
            self._records[key] = record  # the most recent last
            record.failures = [t for t in record.failures if now - t < WINDOW_S] + [now]
            if len(record.failures) >= MAX_FAILURES:
                record.paused_until = now + min(MAX_PAUSE_S, PAUSE_S * 2 ** record.pauses)
                record.pauses += 1
                record.failures = []
            while len(self._records) > MAX_NAMES:
                del self._records[next(iter(self._records))]

    def succeeded(self, username: str) -> None:
        """A right password: the name's record is forgotten."""
        with self._lock:
            self._records.pop(username.strip(), None)


def paused_message(wait_s: float) -> str:
    """What the sign-in form says while a name is paused."""
    minutes = max(1, math.ceil(wait_s / 60))
    return (f"该用户名连续 {MAX_FAILURES} 次密码错误，已暂停登录，请 {minutes} 分钟后再试"
            "（忘记密码请联系管理员用 roster user add --replace 重设）")


__all__ = ["MAX_FAILURES", "PAUSE_S", "WINDOW_S", "SignInThrottle", "paused_message"]
