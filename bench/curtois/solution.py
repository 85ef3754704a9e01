"""Curtois-Qu solution writer: a roster as the benchmark's solution file (one line per employee)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from bench.curtois.instance import CurtoisInstance
from model.roster import Assignment


def roster_grid(instance: CurtoisInstance, assignments: Iterable[Assignment]
                ) -> dict[str, list[str | None]]:
    """staff id -> one shift code (or None for off) per day, from `Assignment`s."""
    grid: dict[str, list[str | None]] = {sid: [None] * instance.horizon
                                         for sid in instance.staff_ids}
    for a in assignments:
        d = (a.day - instance.start).days
        if a.staff_id not in grid or not 0 <= d < instance.horizon:
            raise ValueError(f"assignment outside the instance: {a.staff_id} {a.day}")
        if grid[a.staff_id][d] is not None:
            raise ValueError(f"two shifts for {a.staff_id} on day {d}")
        grid[a.staff_id][d] = a.shift
    return grid


def solution_text(instance: CurtoisInstance, grid: dict[str, list[str | None]]) -> str:
    """The benchmark solution format: one line per employee in the instance's order, the ID
    then one comma-separated field per day (a shift ID, or '-' for a day off)."""
    lines = []
    for sid in instance.staff_ids:
        row = grid.get(sid, [None] * instance.horizon)
        lines.append(",".join([sid, *(code if code else "-" for code in row)]))
    return "\n".join(lines) + "\n"


def write_solution(path: Path | str, instance: CurtoisInstance,
                   grid: dict[str, list[str | None]]) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(solution_text(instance, grid), encoding="ascii")
    return path
