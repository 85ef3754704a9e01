"""Sweeps on a real two-node Ray cluster (tests/ray_cluster.py): `roster sweep --executor ray
--address` joins it with Ray's token authentication as it ships, with no RAY_ variable set
by the user, and gives the process pool's rows."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ray_cluster import RayCluster, RayUnavailable

GRID = """name: 两节点集群
period: {start: 2026-11-30, weeks: 1}
time_limit: 2
headcount:
  L02: [2, 3]
management_fee: [0, "6%"]
"""


def _sweep(tmp: Path, name: str, *options: str) -> list[list[str]]:
    out = tmp / f"{name}.csv"
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAY_")}
    done = subprocess.run(
        [sys.executable, "-m", "ui.cli", "sweep", "--grid", str(tmp / "grid.yaml"),
         "--csv", str(out), *options], capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    keep = [i for i, header in enumerate(rows[0]) if header != "用时（秒）"]
    return [[row[i] for i in keep] for row in rows]


def test_a_sweep_on_a_two_node_cluster_gives_the_process_pool_rows(tmp_path: Path):
    pytest.importorskip("ray", reason="Ray 未安装")
    (tmp_path / "grid.yaml").write_text(GRID, encoding="utf-8")
    try:
        cluster = RayCluster().start()
    except RayUnavailable as exc:
        pytest.skip(f"无法在本机启动两节点 Ray 集群：{exc}")
    try:
        on_cluster = _sweep(tmp_path, "ray", "--executor", "ray", "--address", cluster.address)
    finally:
        cluster.stop()
    pooled = _sweep(tmp_path, "process", "--executor", "process", "--workers", "2")
    assert len(pooled) == 5  # header + 2 x 2 scenarios
    assert on_cluster == pooled


def test_an_unreachable_cluster_is_a_chinese_message(tmp_path: Path):
    pytest.importorskip("ray", reason="Ray 未安装")
    (tmp_path / "grid.yaml").write_text(GRID, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAY_")}
    done = subprocess.run(
        [sys.executable, "-m", "ui.cli", "sweep", "--grid", str(tmp_path / "grid.yaml"),
         "--executor", "ray", "--address", "127.0.0.1:9"], capture_output=True, text=True,
        env=env, timeout=120)
    assert done.returncode == 2
    assert "无法连接 Ray 集群 127.0.0.1:9" in done.stderr
    assert "Traceback" not in done.stderr
