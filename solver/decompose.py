"""Person blocks: build and improve a roster a few people at a time.

When people are coupled only through demand given by date (no demand by day kind, no cover
rule, no fairness rule in force, no line pattern: a rotation places each person among the whole
line), the hard rules of one person never involve another, and the objective couples them only
through each dated row's head count. A block of people can then be solved exactly given
everyone else: the same `build_model` on a data set holding just the block, whose dated rows
are reduced by the people already counted outside the block (`target - others`, floored at 0; a
row without over weight stays closed once full). The block's objective differs from the whole
roster's by a constant, so a block solve that starts from the block's current roster (hint)
never makes the whole roster worse.

Used to build a first roster for models too large for a direct first solution (person by
person in data order, each block seeing the blocks before it), and to improve a roster whose
full model is too large to search (random blocks, until the deadline).
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from model.dataset import DataSet
from model.posts import Post
from model.roster import Assignment
from model.rules import FAIR_HOLIDAYS, FAIR_NIGHTS, FAIR_WEEKENDS
from model.staff import Employment
from solver.build import BuiltModel, build_model
from solver.horizon import Horizon
from solver.solution import (
    SolverRun,
    StopSignal,
    assignments_from_solution,
    hint_cells,
    set_hint,
)

Key = tuple[str, object, str]  # (post id, date, shift)


def decomposable(data: DataSet) -> bool:
    """Whether people interact only through demand by date (see the module docstring)."""
    if data.cover_rules or data.patterns or any(post.demand for post in data.posts):
        return False
    return not any(data.rules[r].hard or data.rules[r].weight > 0
                   for r in (FAIR_WEEKENDS, FAIR_NIGHTS, FAIR_HOLIDAYS))


def _adjusted(post: Post, others: Counter) -> Post:
    if not post.dated_demand:
        return post
    rows = tuple(row if not others[(post.id, row.day, row.shift)] else row.model_copy(
        update={"target": max(0, row.target - others[(post.id, row.day, row.shift)])})
        for row in post.dated_demand)
    return post.model_copy(update={"dated_demand": rows})


def block_data(data: DataSet, block: Sequence[str], others: Counter) -> DataSet:
    """The data set of `block` alone, its dated demand reduced by `others` (head counts of
    the people outside the block per post, date and shift)."""
    ids = set(block)
    fields = {name: getattr(data, name) for name in DataSet.model_fields}
    fields.update(
        staff=tuple(s for s in data.staff if s.id in ids),
        absences=tuple(a for a in data.absences if a.staff_id in ids),
        requests=tuple(r for r in data.requests if r.staff_id in ids),
        pins=tuple(p for p in data.pins if p.staff_id in ids),
        tails=tuple(t for t in data.tails if t.staff_id in ids),
        posts=tuple(_adjusted(post, others) for post in data.posts))
    return DataSet(**fields)


@dataclass
class BlockSolver:
    """Solves blocks of people against the rest of a roster held in `current`."""

    data: DataSet
    horizon: Horizon
    workers: int = 2
    seed: int = 0

    def __post_init__(self) -> None:
        self.current: dict[str, list[Assignment]] = {}
        self.solves = 0

    def counts_outside(self, block: Sequence[str]) -> Counter:
        ids = set(block)
        return Counter((a.post_id, a.day, a.shift) for sid, items in self.current.items()
                       if sid not in ids for a in items)

    def solve(self, block: Sequence[str], time_limit: float, *, hard_only: bool = False) -> bool:
        """Re-solve `block` given everyone else; keeps the result (never worse than the
        block's current roster, which is the hint). `hard_only`: any roster satisfying the
        hard rules, found with a light presolve (the objective is dropped). False if no
        roster was found in time."""
        built = build_model(block_data(self.data, block, self.counts_outside(block)),
                            self.horizon)
        if not hard_only:
            built.model.minimize(built.objective_expr())
        now = {(a.staff_id, (a.day - self.horizon.start).days, a.post_id, a.shift)
               for sid in block for a in self.current.get(sid, ())}
        if any(sid in self.current for sid in block):
            hint_cells(built, now)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = self.workers
        solver.parameters.max_time_in_seconds = max(0.05, time_limit)
        solver.parameters.random_seed = self.seed + self.solves
        if hard_only:
            solver.parameters.cp_model_probing_level = 0
            solver.parameters.symmetry_level = 0
            solver.parameters.max_presolve_iterations = 1
        self.solves += 1
        status = solver.Solve(built.model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False
        found = assignments_from_solution(built, solver)
        for sid in block:
            self.current[sid] = [a for a in found if a.staff_id == sid]
        return True

    def roster(self) -> list[Assignment]:
        return sorted((a for items in self.current.values() for a in items),
                      key=lambda a: (a.day, a.staff_id, a.post_id))


def people(data: DataSet) -> list[str]:
    return [s.id for s in data.staff if s.employment is Employment.VENDOR]


#: below this share of time a block of the first roster is solved for its hard rules only
MIN_OPTIMISING_SHARE = 0.5
#: the longest a block of the first roster may take to find any roster
HARD_ONLY_LIMIT = 60.0


def construct(blocks: BlockSolver, block_size: int, deadline: float,
              stop: Callable[[], bool] = lambda: False) -> bool:
    """A first roster, `block_size` people at a time in data order, each block seeing the
    blocks before it and optimised in its share of the time left; a block whose share is too
    short, or that finds nothing in it, gets any roster satisfying its hard rules. False if a
    block has none (its hard rules contradict each other, or it takes too long)."""
    ids = people(blocks.data)
    chunks = [ids[i:i + block_size] for i in range(0, len(ids), block_size)]
    for number, chunk in enumerate(chunks):
        share = (deadline - time.monotonic()) / (len(chunks) - number)
        if share >= MIN_OPTIMISING_SHARE and blocks.solve(chunk, share):
            continue
        if stop() or not blocks.solve(chunk, HARD_ONLY_LIMIT, hard_only=True):
            return False
    return True


def improve(blocks: BlockSolver, block_size: int, deadline: float, seed: int = 0,
            stop: Callable[[], bool] = lambda: False, per_block: float = 2.0) -> int:
    """Re-solve random blocks until the deadline; returns the number of block solves."""
    rng = random.Random(seed)
    ids = people(blocks.data)
    size = min(block_size, len(ids))
    done = 0
    while not stop() and time.monotonic() + 0.5 < deadline and size > 0:
        blocks.solve(rng.sample(ids, size), min(per_block, deadline - time.monotonic()))
        done += 1
    return done


#: share of the time limit given to the person-by-person first roster (it may run over when a
#: person's roster is hard to find: a roster is always returned when one exists)
CONSTRUCT_SHARE = 0.5
#: people re-solved together when improving by blocks
IMPROVE_BLOCK = 2


def optimise_from_blocks(built: BuiltModel, run_full: Callable[[float], SolverRun], *,
                         started: float, time_limit_s: float, workers: int, seed: int,
                         max_search_cells: int, stop: StopSignal | None) -> SolverRun:
    """A first roster person by person (each seeing the people before), checked and scored by
    the full model; then either the full model's search from it (as a complete hint), or, for
    a model above `max_search_cells` (0: no limit), improvement by person blocks until the
    time limit, the full model only scoring the result (no search there, so no bound).
    `run_full(time_limit)` searches the full model (weighted objective) from its hint;
    `started` is when the whole solve started (first-solution times count from it)."""
    data, horizon = built.ctx.data, built.ctx.horizon
    begin = time.monotonic()
    deadline = begin + time_limit_s

    def stopped() -> bool:
        return stop is not None and stop.is_set()

    blocks = BlockSolver(data, horizon, workers=workers, seed=seed)
    if not construct(blocks, 1, begin + CONSTRUCT_SHARE * time_limit_s, stopped):
        run = run_full(max(1.0, deadline - time.monotonic()))
        return SolverRun(run.solver, run.status, ["分人构造:未完成", "加权"],
                         run.first_solution_s)
    first = time.monotonic() - started
    too_big = bool(max_search_cells) and len(built.ctx.vars.x) > max_search_cells
    stages = ["分人构造"]
    if too_big:
        solves = improve(blocks, IMPROVE_BLOCK, deadline, seed, stopped)
        stages.append(f"分块改进:{solves}")
    scored = score_roster(built, blocks.roster(), workers)
    if too_big:
        return SolverRun(scored, cp_model.FEASIBLE, [*stages, "全模型评分"], first,
                         searched=False)
    # the full model's search starts from the constructed roster, given as a complete hint
    values = list(scored.ResponseProto().solution)
    set_hint(built.model, range(len(values)), values)
    run = run_full(max(1.0, deadline - time.monotonic()))
    built.model.clear_hints()
    if run.status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # the full model found nothing in the time left (not even the hint): keep the roster
        # built by person blocks, scored above
        return SolverRun(scored, cp_model.FEASIBLE, [*stages, "加权:无解", "全模型评分"], first,
                         searched=False)
    return SolverRun(run.solver, run.status, [*stages, "加权"], first)


def score_roster(built: BuiltModel, roster: Sequence[Assignment],
                 workers: int) -> cp_model.CpSolver:
    """The full model with every cell fixed to the roster: checks the roster against every
    rule of the model and computes its objective. A roster the full model rejects means the
    block models and the full model disagree: an error, never a silent result."""
    horizon = built.ctx.horizon
    worked = {(a.staff_id, (a.day - horizon.start).days, a.post_id, a.shift) for a in roster}
    hint_cells(built, worked)
    solver = cp_model.CpSolver()
    solver.parameters.fix_variables_to_their_hinted_value = True
    solver.parameters.num_workers = max(1, min(workers, 2))
    solver.parameters.max_time_in_seconds = 600.0
    status = solver.Solve(built.model)
    built.model.clear_hints()
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError(f"the full model rejects the roster built by person blocks "
                           f"({solver.StatusName(status)})")
    return solver
