"""Person blocks: build and improve a roster a few people at a time.

When people are coupled only through demand given by date (no demand by day kind, no cover
rule, no fairness rule in force, no line pattern: a rotation places each person among the whole
line; no newcomer in pre-duty training on a dated day: she needs a mentor), the hard rules of
one person never involve another, and the objective couples them only
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
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from model.dataset import DataSet
from model.posts import Post
from model.roster import Assignment
from model.rules import FAIR_HOLIDAYS, FAIR_NIGHTS, FAIR_WEEKENDS
from model.shadowing import solo_from
from model.staff import Employment, Staff
from solver.build import BuiltModel, build_model
from solver.eligibility import is_own_post, may_fill
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
    if (data.cover_rules or data.patterns or data.training_sessions
            or any(post.demand for post in data.posts)):
        return False
    if _newcomer_on_a_dated_day(data):  # a newcomer needs a mentor: people interact
        return False
    return not any(data.rules[r].hard or data.rules[r].weight > 0
                   for r in (FAIR_WEEKENDS, FAIR_NIGHTS, FAIR_HOLIDAYS))


def _newcomer_on_a_dated_day(data: DataSet) -> bool:
    days = sorted({row.day for post in data.posts for row in post.dated_demand})
    for member in data.staff:
        first_alone = solo_from(member, data.line_by_id.get(member.line_id))
        at = bisect_left(days, member.hire_date)
        if at < len(days) and days[at] < first_alone:
            return True
    return False


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

    def solve(self, block: Sequence[str], time_limit: float, *, hard_only: bool = False,
              first_only: bool = False) -> bool:
        """Re-solve `block` given everyone else; keeps the result (never worse than the
        block's current roster, which is the hint). `hard_only`: any roster satisfying the
        hard rules (the objective is dropped); `first_only`: the first roster the search
        finds for the objective. False if no roster was found in time."""
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
        # measured on a person's year (Instance22): the full linear relaxation finds a roster
        # in 0.7-1 s where the default took 1-2 s and a light presolve 3.5-19 s
        solver.parameters.linearization_level = 2
        solver.parameters.stop_after_first_solution = first_only
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


#: below this share of time a block of the first roster takes the first roster its search
#: finds without trying to optimise (an optimising solve cut shorter finds none, measured on
#: a person's year of Instance22, whose first roster takes 1-2 s on a busy machine)
MIN_OPTIMISING_SHARE = 0.5
#: the longest a block of the first roster may take to find any roster (within the deadline)
HARD_ONLY_LIMIT = 60.0


def construct(blocks: BlockSolver, block_size: int, optimise_until: float, deadline: float,
              stop: Callable[[], bool] = lambda: False) -> bool:
    """A first roster, `block_size` people at a time in data order, each block seeing the
    blocks before it and optimised in its share of the time until `optimise_until`; a block
    whose share is too short, or that finds nothing in it, takes the first roster its search
    finds, and one that finds none gets any roster satisfying its hard rules; all before
    `deadline`. False if a block has none by then (its hard rules contradict each other, or
    the time is up): the blocks done so far keep their rosters."""
    ids = people(blocks.data)
    chunks = [ids[i:i + block_size] for i in range(0, len(ids), block_size)]
    for number, chunk in enumerate(chunks):
        share = (optimise_until - time.monotonic()) / (len(chunks) - number)
        if share >= MIN_OPTIMISING_SHARE and blocks.solve(chunk, share):
            continue
        left = deadline - time.monotonic()
        if stop() or left < 0.05:
            return False
        if blocks.solve(chunk, min(HARD_ONLY_LIMIT, left), first_only=True):
            continue
        left = deadline - time.monotonic()
        if left < 0.05 or not blocks.solve(chunk, min(HARD_ONLY_LIMIT, left), hard_only=True):
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


#: share of the time left after building the model given to the person-by-person first
#: roster's optimising solves (the rest of a person's roster search must end by the deadline)
CONSTRUCT_SHARE = 0.5
#: people re-solved together when improving by blocks
IMPROVE_BLOCK = 2
#: a search of the full model shorter than this is not started
MIN_SEARCH_S = 1.0


def cells_at_most(data: DataSet, horizon: Horizon) -> int:
    """An upper bound on the full model's roster cells, found without building it."""
    return horizon.n * sum(len(post.shifts) for member in people_of(data)
                           for post in data.posts if may_fill(member, post))


def people_of(data: DataSet) -> list[Staff]:
    return [s for s in data.staff if s.employment is Employment.VENDOR]


def pin_assignments(data: DataSet, horizon: Horizon, staff_ids: Sequence[str]
                    ) -> list[Assignment]:
    """The pinned shifts of `staff_ids` within the horizon, as assignments."""
    wanted = set(staff_ids)
    found = []
    for pin in data.pins:
        if pin.is_off or pin.staff_id not in wanted or horizon.index(pin.day) is None:
            continue
        member, post = data.staff_by_id[pin.staff_id], data.post_by_id[pin.post_id or ""]
        shift = data.shift_by_code[pin.shift or ""]
        found.append(Assignment(
            staff_id=member.id, line_id=member.line_id, post_id=post.id, shift=shift.code,
            day=pin.day, segments=tuple(shift.segment_datetimes(pin.day)),
            hours=shift.minutes / 60, borrowed=not is_own_post(member, post)))
    return found


def optimise_from_blocks(data: DataSet, horizon: Horizon, built: BuiltModel | None,
                         run_full: Callable[[float], SolverRun], *,
                         started: float, deadline: float, workers: int, seed: int,
                         max_search_cells: int, stop: StopSignal | None) -> SolverRun:
    """A first roster person by person (each seeing the people before); then either the full
    model's search from it (as a complete hint, the roster scored by the full model first),
    or, for a model above `max_search_cells` (0: no limit), improvement by person blocks
    until the deadline, the roster scored by the checker only (no search there, so no bound).
    Everything ends by `deadline` (monotonic seconds). When the first roster is not complete
    by then, the people done keep theirs and the rest have only their pinned shifts: a
    quickly constructed roster (`constructed`). `run_full(time_limit)` searches the full
    model (weighted objective) from its hint; `built` None: the full model is too big to be
    built in time (above `max_search_cells` by cells_at_most), person blocks only. `started`
    is when the whole solve started (first-solution times count from it)."""
    begin = time.monotonic()

    def stopped() -> bool:
        return stop is not None and stop.is_set()

    blocks = BlockSolver(data, horizon, workers=workers, seed=seed)
    optimise_until = begin + CONSTRUCT_SHARE * max(0.0, deadline - begin)
    if not construct(blocks, 1, optimise_until, deadline, stopped):
        left = deadline - time.monotonic()
        if built is not None and left >= MIN_SEARCH_S and not stopped():
            # a person's hard rules contradict each other, or took long: the full model says
            run = run_full(left)
            if run.status in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.INFEASIBLE):
                return SolverRun(run.solver, run.status, ["分人构造:未完成", "加权"],
                                 run.first_solution_s)
        missing = [sid for sid in people(data) if sid not in blocks.current]
        roster = [*blocks.roster(), *pin_assignments(data, horizon, missing)]
        return SolverRun(None, cp_model.UNKNOWN, ["分人构造:未完成", "快速构造"], None,
                         searched=False, roster=roster, constructed=True)
    first = time.monotonic() - started
    too_big = built is None or (bool(max_search_cells)
                                and len(built.ctx.vars.x) > max_search_cells)
    stages = ["分人构造"]
    if too_big or built is None:
        solves = improve(blocks, IMPROVE_BLOCK, deadline, seed, stopped)
        stages.append(f"分块改进:{solves}")
        return SolverRun(None, cp_model.FEASIBLE, [*stages, "检查器评分"], first,
                         searched=False, roster=blocks.roster())
    scored = score_roster(built, blocks.roster(), workers, deadline - time.monotonic())
    left = deadline - time.monotonic()
    if scored is None or left < MIN_SEARCH_S or stopped():
        return SolverRun(None, cp_model.FEASIBLE, [*stages, "检查器评分"], first,
                         searched=False, roster=blocks.roster())
    # the full model's search starts from the constructed roster, given as a complete hint
    values = list(scored.ResponseProto().solution)
    set_hint(built.model, range(len(values)), values)
    run = run_full(left)
    built.model.clear_hints()
    if run.status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # the full model found nothing in the time left (not even the hint): keep the roster
        # built by person blocks, scored above
        return SolverRun(scored, cp_model.FEASIBLE, [*stages, "加权:无解", "全模型评分"], first,
                         searched=False)
    return SolverRun(run.solver, run.status, [*stages, "加权"], first)


def score_roster(built: BuiltModel, roster: Sequence[Assignment], workers: int,
                 time_limit: float = 600.0) -> cp_model.CpSolver | None:
    """The full model with every cell fixed to the roster: checks the roster against every
    rule of the model and computes its objective (None: not done within `time_limit`). A
    roster the full model rejects means the block models and the full model disagree: an
    error, never a silent result."""
    if time_limit < 0.1:
        return None
    horizon = built.ctx.horizon
    worked = {(a.staff_id, (a.day - horizon.start).days, a.post_id, a.shift) for a in roster}
    hint_cells(built, worked)
    solver = cp_model.CpSolver()
    solver.parameters.fix_variables_to_their_hinted_value = True
    solver.parameters.num_workers = max(1, min(workers, 2))
    solver.parameters.max_time_in_seconds = time_limit
    status = solver.Solve(built.model)
    built.model.clear_hints()
    if status == cp_model.UNKNOWN:
        return None
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError(f"the full model rejects the roster built by person blocks "
                           f"({solver.StatusName(status)})")
    return solver
