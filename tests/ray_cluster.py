"""A throw-away two-node Ray cluster on this machine, for the sweep tests.

Two `ray start --block` processes, a head and a worker joining it, both on the loopback
address with their own temporary directory, and Ray's token authentication as it ships
(the head writes ~/.ray/auth_token when there is none; the worker joins with
RAY_AUTH_MODE=token, as Ray asks of every second node). Stopping terminates the two
`ray start` processes, which stop their own daemons: other Ray processes on the machine are
left alone. When no cluster can be started, `RayCluster.start()` raises `RayUnavailable`
with the reason, which the test turns into a visible skip.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HOST = "127.0.0.1"


class RayUnavailable(RuntimeError):
    pass


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _ray_command() -> str:
    found = shutil.which("ray", path=str(Path(sys.executable).parent)) or shutil.which("ray")
    if found is None:
        raise RayUnavailable("未找到 ray 命令：请安装测试依赖（pip install -e '.[test]'）")
    return found


class RayCluster:
    """`with RayCluster() as cluster:` gives `cluster.address` of a running two-node cluster."""

    def __init__(self, cpus_per_node: int = 1) -> None:
        self.cpus = cpus_per_node
        self.port = _free_port()
        self.address = f"{HOST}:{self.port}"
        self.temp = Path(tempfile.mkdtemp(prefix="ray", dir="/tmp"))
        self.processes: list[subprocess.Popen] = []

    def _start(self, *args: str, env: dict[str, str]) -> None:
        log = open(self.temp / f"start{len(self.processes)}.log", "wb")  # noqa: SIM115
        self.processes.append(subprocess.Popen(
            [_ray_command(), "start", "--block", "--disable-usage-stats",
             f"--node-ip-address={HOST}", f"--num-cpus={self.cpus}", *args],
            stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True))

    def _nodes_alive(self, env: dict[str, str]) -> int:
        probe = (f"import ray; ray.init(address={self.address!r}, log_to_driver=False); "
                 "print(sum(1 for n in ray.nodes() if n['Alive']))")
        out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                             env={**env, "RAY_AUTH_MODE": "token"}, timeout=60)
        lines = out.stdout.strip().splitlines()
        return int(lines[-1]) if out.returncode == 0 and lines else 0

    def start(self, timeout_s: float = 90) -> RayCluster:
        env = {k: v for k, v in os.environ.items() if not k.startswith("RAY_")}
        self._start("--head", f"--port={self.port}", "--include-dashboard=false",
                    f"--temp-dir={self.temp / 'head'}", env=env)
        deadline = time.monotonic() + timeout_s
        while not self._port_open():
            self._check_running()
            if time.monotonic() > deadline:
                self.stop()
                raise RayUnavailable(f"Ray 头节点 {timeout_s:.0f} 秒内未启动：{self.log_tail()}")
            time.sleep(0.5)
        self._start(f"--address={self.address}", env={**env, "RAY_AUTH_MODE": "token"})
        while self._nodes_alive(env) < 2:
            self._check_running()
            if time.monotonic() > deadline:
                self.stop()
                raise RayUnavailable(
                    f"第二个 Ray 节点 {timeout_s:.0f} 秒内未加入：{self.log_tail()}")
            time.sleep(1)
        return self

    def _port_open(self) -> bool:
        with socket.socket() as sock:
            sock.settimeout(0.5)
            return sock.connect_ex((HOST, self.port)) == 0

    def _check_running(self) -> None:
        for process in self.processes:
            if process.poll() is not None:
                tail = self.log_tail()
                self.stop()
                raise RayUnavailable(f"ray start 退出（返回码 {process.returncode}）：{tail}")

    def log_tail(self, lines: int = 8) -> str:
        text = []
        for path in sorted(self.temp.glob("start*.log")):
            text += path.read_text(errors="replace").splitlines()[-lines:]
        return " | ".join(text)

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        self.processes.clear()
        shutil.rmtree(self.temp, ignore_errors=True)

    def __enter__(self) -> RayCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
