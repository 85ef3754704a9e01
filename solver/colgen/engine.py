"""The pattern path of solve_roster: column generation, an integer roster, then CP-SAT from it.

Time shares of the limit: the column generation until GENERATE_SHARE, the integer master and
the best responses until INTEGER_SHARE; then, on the smaller problems (at most WINDOW_CELLS
cells), the full CP-SAT model searches from the roster (a complete hint, its objective
bounded below by the proven pattern bound) for the rest; on the larger ones, and wherever
the full model is too big to search (above max_search_cells, not built), the roster is
improved by best responses to a local optimum, then by window moves (window.py) until the
deadline, and scored by the checker; on long solves of the mid-sized ones, window moves that
have stalled hand their roster over to the full model's search instead (handover_stall).
Before the full model's search the bound's splits (split.py, _split) try to prove the roster
optimal or find a better one; a roster at the proven bound ends the solve.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from model.dataset import DataSet
from model.roster import Assignment
from solver.build import BuiltModel, build_model
from solver.colgen.fixing import cell_dive
from solver.colgen.generate import Generation, best_responses, dive, generate
from solver.colgen.problem import (
    Problem,
    build_problem,
    pattern_breaches,
    roster_cost,
    supported,
)
from solver.colgen.split import split_bound
from solver.colgen.window import window_search
from solver.decompose import BlockSolver, cells_at_most, score_roster
from solver.horizon import Horizon
from solver.solution import SolverRun, StopSignal, set_hint

GENERATE_SHARE = 0.25
INTEGER_SHARE = 0.45
#: repairs from other random spreads tried for a person without a pattern before CP-SAT
SEED_REPAIRS = 4
#: the integer roster from the LP by gradual cell fixing (fixing.cell_dive) up to this many
#: person-days, above it by fixing whole patterns (generate.dive): measured at 60 s on the
#: benchmark, cells did better on Instances 8, 12 and 14-18 (1,120-1,890 person-days) and
#: worse on 13 and 19 (3,360), whose column generation is far from converged by then
CELL_DIVE_CELLS = 3_000
#: a search of the full model shorter than this is not started
MIN_SEARCH_S = 1.0
#: the window search (window.py) replaces the full model's search on problems of more than
#: this many cells (cells_at_most), and always above max_search_cells, where the full model
#: is not built: measured at 60 s against the full model's search, windows did better on
#: Instances 8 (3,360 cells), 13, 14 and 18-22 and as well on 15; the smaller ones (1-7, at
#: most 1,680 cells) keep the full search, which proves their optima
WINDOW_CELLS = 3_000
#: on long solves the full model takes over from window moves that have stalled: moves
#: stall after max(STALL_MIN_S, STALL_SHARE x the limit) without a kept one, and the full
#: model searches from their roster where it has at most HANDOVER_CELLS cells (Instances
#: 8-12 and 14-19) and at least HANDOVER_S are left. Measured at 600 s: windows alone stay at
#: their 60 s roster on Instance8 (1,404), with the handover 1,310 (bench/README.md, round 5);
#: at 60 s nothing changes (too little time is left after the first roster)
STALL_MIN_S = 10.0
STALL_SHARE = 0.05
HANDOVER_CELLS = 20_000
HANDOVER_S = 60.0
#: before the full model's search the bound's splits (split.py) get at most this share of
#: the time left, and stop after the stall time without a rise of their bound or a better
#: roster: on Instance9 they prove the windows' 439 optimal in 0.1 s (the LP's bound: 406),
#: where the full model searched for 540 s without raising its bound; on Instance5 they find
#: and prove 1143 from a dive's 1152 (0: no splits)
SPLIT_SHARE = 0.25
#: on the small problems (the full model's search follows at once) the splits get at most
#: SMALL_SPLIT_SHARE of the time left and SMALL_PATIENCE_S without progress: measured at
#: 60 s with 0.25 and 10 s, they raised Instance5's bound to its optimum 1143 but cost the
#: full model's search on 7 (seed 3: 1,071 and 1,161 against 1,062 without them)
SMALL_SPLIT_SHARE = 0.1
SMALL_PATIENCE_S = 1.0


CP_SAT = "cp-sat"
COLGEN = "colgen"


def path_for(data: DataSet, horizon: Horizon, engine: str = "auto", plain: bool = True) -> str:
    """The engine path by the problem's shape: "colgen" where people interact only through
    demand by date and every rule in force is one the pattern pricing keeps
    (problem.supported), for a plain weighted solve (no stages, nothing added to the
    objective); else "cp-sat" (the hospital's rosters among them). engine "cp-sat" forces
    the full model."""
    if engine == CP_SAT or not plain:
        return CP_SAT
    return COLGEN if supported(data, horizon) else CP_SAT


def proven_bound(bound: float | None) -> int | None:
    """The pattern bound as reported: rounded up to an integer (penalties are integers), None
    where there is none or it is not above 0 (a bound of 0 or below says nothing)."""
    if bound is None:
        return None
    rounded = math.ceil(bound - 1e-6)
    return rounded if rounded > 0 else None


@dataclass
class ColgenRun:
    """The pattern path's run: the search record, the full model (None: not built), the
    proven bound, the seconds spent building models (the pattern path's arrays and the full
    model)."""

    run: SolverRun
    built: BuiltModel | None
    lp_bound: float | None
    build_s: float
    #: the best proven bound: the LP's, or the splits' above it
    bound: float | None = None

    def __post_init__(self) -> None:
        if self.bound is None:
            self.bound = self.lp_bound


def assignments(data: DataSet, horizon: Horizon, prob: Problem,
                patterns: list[np.ndarray]) -> list[Assignment]:
    """The roster of one pattern per person (in the problem's order), as assignments."""
    return [a for p, pattern in enumerate(patterns) for a in _one(data, horizon, prob, p, pattern)]


def _patterns_of(prob: Problem, roster: list[Assignment], start) -> dict[str, np.ndarray]:
    code = {c: i for i, c in enumerate(prob.shifts)}
    out = {sid: np.full(prob.days, -1, dtype=np.int64) for sid in prob.staff_ids}
    for a in roster:
        out[a.staff_id][(a.day - start).days] = code[a.shift]
    return out


def _complete(data: DataSet, horizon: Horizon, prob: Problem,
              chosen: list[np.ndarray | None], deadline: float, workers: int,
              seed: int) -> list[np.ndarray] | None:
    """Everyone's pattern: people without one get theirs from CP-SAT given the others
    (None: not found by the deadline)."""
    missing = [p for p, x in enumerate(chosen) if x is None]
    if not missing:
        return [x for x in chosen if x is not None]
    blocks = BlockSolver(data, horizon, workers=workers, seed=seed)
    have = [(p, x) for p, x in enumerate(chosen) if x is not None]
    blocks.current = {prob.staff_ids[p]: _one(data, horizon, prob, p, x) for p, x in have}
    for p in missing:
        left = deadline - time.monotonic()
        if left < 0.05 or not blocks.solve([prob.staff_ids[p]], left, first_only=True):
            return None
    by_id = _patterns_of(prob, blocks.roster(), horizon.start)
    return [by_id[sid] for sid in prob.staff_ids]


def _seed_missing(data: DataSet, horizon: Horizon, prob: Problem, gen: Generation,
                  deadline: float, workers: int, seed: int) -> None:
    """A first column for each person the pricing found no valid pattern for: a repair of
    the pricing's pattern from other random spreads, else CP-SAT's first roster for that
    person alone (their hard rules and own penalty), until the deadline."""
    blocks = BlockSolver(data, horizon, workers=workers, seed=seed)
    duals = gen.duals if gen.duals is not None else np.zeros(prob.has_row.shape)
    for p in gen.missing:
        found = None
        for attempt in range(1, SEED_REPAIRS + 1):
            if time.monotonic() >= deadline:
                return
            found = gen.pricers[p].repair(duals, seed=attempt)
            if found is not None:
                break
        if found is not None:
            gen.master.add_pattern(p, found)
            continue
        left = deadline - time.monotonic()
        sid = prob.staff_ids[p]
        if left < 0.05 or not blocks.solve([sid], left, first_only=True):
            return
        pattern = _patterns_of(prob, blocks.current.pop(sid), horizon.start)[sid]
        if not pattern_breaches(prob, p, pattern):
            gen.master.add_pattern(p, pattern)


def dive_for(prob: Problem) -> Callable[[Generation, float, Callable[[], bool]],
                                        list[np.ndarray | None]]:
    """The dive for the problem's size (see CELL_DIVE_CELLS)."""
    return cell_dive if prob.people * prob.days <= CELL_DIVE_CELLS else dive


def handover_stall(cells: int, too_big: bool, span: float, left: float) -> float | None:
    """The seconds without a kept window move after which the full model takes over, or
    None where it never does (too many cells, or too little time left for it)."""
    stall = max(STALL_MIN_S, STALL_SHARE * span)
    if too_big or cells > HANDOVER_CELLS or left < stall + HANDOVER_S:
        return None
    return stall


def _split(gen: Generation, patterns: list[np.ndarray], bound: int | None, deadline: float,
           patience: float, stages: list[str], stop: Callable[[], bool],
           share: float | None = None) -> int | None:
    """The bound after the splits (split.py) where the roster is above it, given `share`
    (default SPLIT_SHARE) of the time left and `patience` seconds without a rise; a better
    roster they find replaces `patterns` in place. The stage is recorded."""
    share = SPLIT_SHARE if share is None else share
    cost = roster_cost(gen.prob, patterns)
    if (bound is not None and cost <= bound) or share <= 0:
        return bound
    left = deadline - time.monotonic()
    tree = split_bound(gen, cost, time.monotonic() + share * left, stop, patience)
    if tree.patterns is not None:
        patterns[:] = tree.patterns
    raised = proven_bound(tree.bound)
    stages.append(f"分支定界:{tree.nodes}个节点" + ("，证明最优" if tree.closed else ""))
    return raised if bound is None else max(bound, raised or 0)


def _one(data: DataSet, horizon: Horizon, prob: Problem, p: int,
         pattern: np.ndarray) -> list[Assignment]:
    member = data.staff_by_id[prob.staff_ids[p]]
    out = []
    for d in np.flatnonzero(pattern >= 0):
        shift = data.shift_by_code[prob.shifts[int(pattern[d])]]
        day = horizon.date(int(d))
        out.append(Assignment(staff_id=member.id, line_id=member.line_id, post_id=prob.post_id,
                              shift=shift.code, day=day,
                              segments=tuple(shift.segment_datetimes(day)),
                              hours=shift.minutes / 60))
    return out


def solve_by_patterns(data: DataSet, horizon: Horizon,
                      run_full: Callable[[BuiltModel, float], SolverRun], *,
                      started: float, deadline: float, workers: int, seed: int,
                      max_search_cells: int, stop: StopSignal | None) -> ColgenRun:
    """The pattern path (see the module docstring); everything ends by `deadline`.
    `run_full(built, time_limit)` searches the full model (weighted objective) from its
    hint. Without a complete roster by the deadline the run holds none (`roster` None,
    status UNKNOWN)."""
    begin = time.monotonic()
    span = max(0.0, deadline - begin)
    prob = build_problem(data, horizon)
    problem_s = time.monotonic() - begin  # building the pattern path's own model
    def stopped() -> bool:
        return stop is not None and stop.is_set()

    gen = generate(prob, begin + GENERATE_SHARE * span, begin + INTEGER_SHARE * span, stopped)
    lp_bound = bound = proven_bound(gen.bound)
    stages = [f"列生成:{gen.rounds}轮{gen.columns}列"]
    if not stopped():
        _seed_missing(data, horizon, prob, gen, begin + INTEGER_SHARE * span, workers, seed)
    chosen = dive_for(prob)(gen, begin + INTEGER_SHARE * span, stopped)
    patterns = _complete(data, horizon, prob, chosen,
                         time.monotonic() if stopped() else deadline, workers, seed)
    if patterns is None:  # the people done keep their patterns, the others have none
        roster = [a for p, x in enumerate(chosen) if x is not None
                  for a in _one(data, horizon, prob, p, x)]
        return ColgenRun(SolverRun(None, cp_model.UNKNOWN, [*stages, "取整:未完成", "快速构造"],
                                   None, searched=False, roster=roster, constructed=True),
                         None, lp_bound, problem_s)
    stages.append("取整")
    first = time.monotonic() - started
    rng = np.random.default_rng(seed)
    cells = cells_at_most(data, horizon)
    too_big = bool(max_search_cells) and cells > max_search_cells
    windows = too_big or cells > WINDOW_CELLS
    # before window moves, best responses to a local optimum (on the year-long Instance24
    # they improve until the deadline: capped at half the time left, windows did worse there)
    until = deadline if windows else begin + INTEGER_SHARE * span
    best_responses(prob, gen.pricers, patterns, max(until, time.monotonic() + 0.1), rng,
                   stopped)
    stages.append("逐人改进")
    if windows and not stopped():
        stall = handover_stall(cells, too_big, span, deadline - time.monotonic())
        moves = window_search(prob, patterns, deadline, rng, workers=workers, seed=seed,
                              stop=stopped, floor=lp_bound, stall_s=stall)
        stages.append(f"窗口改进:试{moves.tried}次,采纳{moves.accepted}次")
        # stalled moves hand over to the full model's search (below), after the splits
        windows = not moves.stalled
        if moves.stalled and stall is not None:
            bound = _split(gen, patterns, bound, deadline, stall, stages, stopped)
    elif not stopped():
        # the small ones: briefly, the splits before the full model's search
        bound = _split(gen, patterns, bound, deadline, SMALL_PATIENCE_S, stages, stopped,
                       SMALL_SPLIT_SHARE)
    roster = assignments(data, horizon, prob, patterns)
    # a penalty at the proven bound is optimal: no search left to do
    at_bound = bound is not None and roster_cost(prob, patterns) <= bound
    if windows or at_bound or stopped() or deadline - time.monotonic() < MIN_SEARCH_S:
        return ColgenRun(SolverRun(None, cp_model.OPTIMAL if at_bound else cp_model.FEASIBLE,
                                   [*stages, "检查器评分"], first, searched=False,
                                   roster=roster), None, lp_bound, problem_s, bound)
    built_at = time.monotonic()
    built = build_model(data, horizon)
    objective = built.objective_expr()
    built.model.minimize(objective)
    build_s = problem_s + time.monotonic() - built_at
    scored = score_roster(built, roster, workers, deadline - time.monotonic())
    left = deadline - time.monotonic()
    if scored is None or left < MIN_SEARCH_S:
        return ColgenRun(SolverRun(None, cp_model.FEASIBLE, [*stages, "检查器评分"], first,
                                   searched=False, roster=roster), built, lp_bound, build_s,
                         bound)
    values = list(scored.ResponseProto().solution)
    if bound is not None:
        # a proven bound: CP-SAT stops as soon as it reaches it
        built.model.add(objective >= bound)
    set_hint(built.model, range(len(values)), values)
    run = run_full(built, left)
    built.model.clear_hints()
    if run.status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return ColgenRun(SolverRun(scored, cp_model.FEASIBLE, [*stages, "加权:无解", "全模型评分"],
                                   first, searched=False), built, lp_bound, build_s, bound)
    return ColgenRun(SolverRun(run.solver, run.status, [*stages, "加权"], first), built,
                     lp_bound, build_s, bound)
