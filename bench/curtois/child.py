"""One benchmark run in its own process: `python -m bench.curtois.child ARGS RESULT` (pickles).

Started by bench/curtois/run.py with a fresh interpreter (not multiprocessing, which would run
the parent's main module again in the child: the app's page script under Streamlit or its
tests), so that a run's peak memory is its own. ARGS holds (kind, number, folder, out,
time_limit, workers, seed, bounds, quiet); RESULT receives ("ok", the run as a dict) or
("raise", the exception), which the parent raises.
"""

from __future__ import annotations

import pickle
import resource
import sys
import time
from dataclasses import asdict
from pathlib import Path

#: the naive model's address-space cap: on the year-long instances it would need more memory
#: than this machine has (11 GB on Instance24); such a run then fails alone
NAIVE_MEMORY_LIMIT_MB = 8192


def _print(message: str, *, err: bool = False) -> None:
    print(message, file=sys.stderr if err else sys.stdout, flush=True)


def run(kind: str, number: int, folder: Path, out: Path | None, time_limit: float,
        workers: int, seed: int, bounds: dict[str, tuple[int, int]],
        quiet: bool) -> dict[str, object]:
    """The engine's run (kind "ours") or the naive model's ("naive"), as a dict."""
    if kind == "naive":
        from bench.curtois.instance import instance_path
        from bench.curtois.naive import run_naive

        cap = NAIVE_MEMORY_LIMIT_MB * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        return asdict(run_naive(instance_path(number, folder), out, time_limit, workers, seed))
    from bench.curtois.ours import run_instance
    from bench.curtois.run import progress_printer

    progress = None if quiet else progress_printer(time.monotonic(), _print)
    return asdict(run_instance(number, folder, out, time_limit, workers, bounds, progress, seed))


def main(argv: list[str]) -> int:
    args_path, result_path = Path(argv[0]), Path(argv[1])
    args = pickle.loads(args_path.read_bytes())
    try:
        message: tuple[str, object] = ("ok", run(*args))
    except Exception as exc:  # handed to the parent, which raises it there
        message = ("raise", exc)
    try:
        payload = pickle.dumps(message)
    except Exception:  # an exception that does not pickle
        payload = pickle.dumps(("raise", RuntimeError(f"{type(message[1]).__name__}: "
                                                      f"{message[1]}")))
    result_path.write_bytes(payload)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
