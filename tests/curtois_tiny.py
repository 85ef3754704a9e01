"""Tiny benchmark-format instances written to a file and loaded as the pattern path's
Problem (shared by the column-generation, cell-fixing and window tests)."""

from __future__ import annotations

from pathlib import Path

from bench.curtois.evaluate import Instance, read_instance
from bench.curtois.instance import CurtoisInstance, load_instance
from solver.colgen.problem import Problem, build_problem, supported
from solver.horizon import Horizon


def tiny_problem(text: str, tmp_path: Path) -> tuple[CurtoisInstance, Problem, Instance]:
    """The instance `text` (FORMAT.md) loaded, its pattern problem (the path must support
    it) and the independent evaluator's reading of the same file."""
    path = tmp_path / "Tiny.txt"
    path.write_text(text, encoding="ascii")
    inst = load_instance(path)
    horizon = Horizon.of(inst.data.calendar, inst.start, inst.horizon)
    assert supported(inst.data, horizon)
    return inst, build_problem(inst.data, horizon), read_instance(path)
