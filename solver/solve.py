"""Solve a roster: build, optimise (weighted or in priority stages), explain, report.

The engine path is chosen here by the problem's shape (the full CP-SAT model, or column
generation over people's rosters: solver/colgen); a little over 400 lines, since the path
choice, the time limit's promise and the result's assembly read the same options."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from ortools.sat.python import cp_model, cp_model_helper

from model.base import minutes_to_clock
from model.dataset import DataSet
from model.roster import Assignment, RosterResult, SolveStats, SolveStatus
from model.training import TrainingAttendance
from solver.build import STAGES, BuiltModel, build_model
from solver.check import evaluate
from solver.check.training import training_notes
from solver.colgen.engine import COLGEN, path_for, solve_by_patterns
from solver.decompose import cells_at_most, decomposable, optimise_from_blocks
from solver.explain import CUT_FOR_TIME, explain_infeasibility, gap_reasons, pin_conflicts
from solver.horizon import Horizon
from solver.rules.training import keep_training, training_from_solution
from solver.solution import (
    SolverRun,
    StopSignal,
    assignments_from_cells,
    assignments_from_solution,
    hint_cells,
    hint_from_solver,
    pinned_cells,
)
from solver.status import map_status

#: seconds between two looks at SolveOptions.stop while CP-SAT searches
STOP_POLL_S = 0.05

#: on_progress(objective, best_bound, elapsed_s)
ProgressFn = Callable[[float, float, float], None]


def time_margin(time_limit_s: float) -> float:
    """The margin beyond the time limit within which a solve returns: the search (model
    building counted) ends by the limit, and the checker's recomputation and the gaps'
    explanations after it fit in the margin (explanations are cut when it runs out)."""
    return round(MARGIN_BASE_S + MARGIN_SHARE * time_limit_s, 2)


#: the margin is MARGIN_BASE_S plus MARGIN_SHARE of the limit (2.5 s at 10 s, 5 s at 60 s)
MARGIN_BASE_S = 2.0
MARGIN_SHARE = 0.05
#: part of the margin kept back after the gaps' explanations (the result is put together)
EXPLAIN_RESERVE = 0.25
#: after a stop asked from outside, the gaps are explained for at most this long (the others
#: are listed unexplained), so that the best roster comes back at once
STOP_EXPLAIN_S = 0.3


@dataclass
class SolveOptions:
    #: wall seconds for building the model and searching (see time_margin for what follows)
    time_limit_s: float = 30.0
    workers: int = 8
    staged: bool = False
    seed: int = 0
    on_progress: ProgressFn | None = None
    #: set to stop at once and keep the best roster so far (polled every STOP_POLL_S)
    stop: StopSignal | None = None
    #: a previous roster given to CP-SAT as a solution hint
    hint: tuple[Assignment, ...] = ()
    #: a re-plan's published training: sessions before `training_fixed_before` keep exactly
    #: these attendances, later ones are hinted with them
    training_kept: tuple[TrainingAttendance, ...] = ()
    training_fixed_before: date | None = None
    #: extra weighted terms added by callers (e.g. replan's change penalty)
    extra_terms: Callable[[BuiltModel], cp_model.LinearExpr] | None = None
    log: bool = False
    #: extra CP-SAT parameters (name -> value), set after the defaults above
    params: dict[str, object] = field(default_factory=dict)
    #: from this many days on, when people interact only through demand by date, the first
    #: roster is built person by person (solver.decompose); 0 = never
    construct_from_days: int = 0
    #: above this many cells the full model is not searched: the constructed roster is improved
    #: by person blocks and the full model only scores it (no bound); 0 = no limit
    max_search_cells: int = 0
    #: the engine path: "auto" (by the problem's shape, see choose_path), "cp-sat" or
    #: "colgen" (where the problem allows it)
    engine: str = "auto"


class _Progress(cp_model.CpSolverSolutionCallback):
    """Records time to first solution, reports progress, honours a stop request."""

    def __init__(self, started: float, options: SolveOptions) -> None:
        super().__init__()
        self.started = started
        self.options = options
        self.first_solution_s: float | None = None

    def on_solution_callback(self) -> None:
        elapsed = time.monotonic() - self.started
        if self.first_solution_s is None:
            self.first_solution_s = elapsed
        if self.options.on_progress is not None:
            self.options.on_progress(self.ObjectiveValue(), self.BestObjectiveBound(), elapsed)
        if self.options.stop is not None and self.options.stop.is_set():
            self.StopSearch()


#: With few workers CP-SAT's default portfolio leaves out the LP-heavy subsolver that
#: proves roster optima fast (overtime and coverage need the full linear relaxation), so we
#: choose the portfolio ourselves below 8 workers (measured: bench/README.md).
SMALL_PORTFOLIO = ("max_lp_sym", "core", "no_lp", "quick_restart", "default_lp",
                   "reduced_costs", "pseudo_costs")


def configure_workers(params: cp_model_helper.SatParameters, workers: int) -> None:
    """Set the number of workers and, below 8, the portfolio that proves roster optima."""
    params.num_workers = workers
    if workers == 1:
        params.linearization_level = 2
    elif workers < 8:
        params.subsolvers.extend(SMALL_PORTFOLIO[:workers])


def _new_solver(options: SolveOptions, time_limit: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = max(0.05, time_limit)
    params.random_seed = options.seed
    params.log_search_progress = options.log
    configure_workers(params, options.workers)
    for name, value in options.params.items():
        current = getattr(params, name)
        if hasattr(current, "extend") and not isinstance(current, str):
            current.clear()
            current.extend(value)  # type: ignore[arg-type]
        else:
            setattr(params, name, value)
    return solver


def _watch_stop(solver: cp_model.CpSolver, options: SolveOptions) -> threading.Thread | None:
    """Stop the search from outside (the app's stop button) even between solutions."""
    stop = options.stop
    if stop is None:
        return None
    done = threading.Event()

    def watch() -> None:
        # asked again until the solve ends: a stop asked before CP-SAT has begun its search
        # would otherwise be lost
        while not done.wait(STOP_POLL_S):
            if stop.is_set():
                solver.StopSearch()

    thread = threading.Thread(target=watch, daemon=True)
    thread.done = done  # type: ignore[attr-defined]
    thread.start()
    return thread


def _run(built: BuiltModel, options: SolveOptions, time_limit: float, started: float
         ) -> tuple[cp_model.CpSolver, cp_model.CpSolverStatus, _Progress]:
    solver = _new_solver(options, time_limit)
    progress = _Progress(started, options)
    watcher = _watch_stop(solver, options)
    status = solver.Solve(built.model, progress)
    if watcher is not None:
        watcher.done.set()  # type: ignore[attr-defined]
    return solver, status, progress


def _hint_assignments(built: BuiltModel, hint: tuple[Assignment, ...]) -> None:
    wanted = set()
    for a in hint:
        d = built.ctx.horizon.index(a.day)
        if d is not None:
            wanted.add((a.staff_id, d, a.post_id, a.shift))
    hint_cells(built, wanted)


def _from_blocks(built: BuiltModel, options: SolveOptions, started: float,
                 deadline: float) -> SolverRun:
    """The first roster built by person blocks (solver.decompose), searched from there."""

    def run_full(time_limit: float) -> SolverRun:
        solver, status, progress = _run(built, options, time_limit, started)
        return SolverRun(solver, status, ["加权"], progress.first_solution_s)

    return optimise_from_blocks(
        built.ctx.data, built.ctx.horizon, built, run_full, started=started, deadline=deadline,
        workers=options.workers, seed=options.seed, max_search_cells=options.max_search_cells,
        stop=options.stop)


def _optimise(built: BuiltModel, options: SolveOptions, started: float,
              deadline: float) -> SolverRun:
    objective = built.objective_expr()
    if options.extra_terms is not None:
        objective += options.extra_terms(built)
    if not options.staged:
        built.model.minimize(objective)
        if options.construct_from_days and built.ctx.horizon.n >= options.construct_from_days:
            if decomposable(built.ctx.data) and options.extra_terms is None:
                return _from_blocks(built, options, started, deadline)
        weighted = _run(built, options, deadline - time.monotonic(), started)
        return SolverRun(weighted[0], weighted[1], ["加权"], weighted[2].first_solution_s)
    stage_names = []
    solver: cp_model.CpSolver | None = None
    status: cp_model.CpSolverStatus | None = None
    progress: _Progress | None = None
    good: tuple[cp_model.CpSolver, cp_model.CpSolverStatus, _Progress] | None = None
    first_solution: float | None = None
    for index, (name, rule_ids) in enumerate(STAGES):
        expr = built.weighted(rule_ids)
        if index == len(STAGES) - 1 and options.extra_terms is not None:
            expr += options.extra_terms(built)
        built.model.minimize(expr)
        remaining = deadline - time.monotonic()
        share = remaining / (len(STAGES) - index)
        solver, status, progress = _run(built, options, share, started)
        if first_solution is None:
            first_solution = progress.first_solution_s
        stage_names.append(f"{name}:{map_status(status).value}")
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if good is not None:  # a later stage ran out of time: keep the roster we have
                solver, status, progress = good[0], cp_model.FEASIBLE, good[2]
            break
        good = (solver, status, progress)
        built.model.add(expr <= int(round(solver.Value(expr))))  # the returned solution
        hint_from_solver(built.model, solver, built.ctx.vars.x.values())
        if options.stop is not None and options.stop.is_set():
            break
    assert solver is not None and status is not None and progress is not None
    return SolverRun(solver, status, stage_names, first_solution)


def roster_from_assignments(data: DataSet, horizon: Horizon, assignments: list[Assignment],
                            *, status: SolveStatus, objective: int | None,
                            best_bound: float | None, stats: SolveStats | None,
                            notes: tuple[str, ...] = (),
                            explain_deadline: float | None = None,
                            hard_rules_kept: bool = False,
                            training: Sequence[TrainingAttendance] = ()) -> RosterResult:
    """Complete a roster with coverage, gaps and their reasons, hours and penalties,
    all recomputed by the independent checker. `objective` None: the checker's. The gaps are
    explained until `explain_deadline` (time.monotonic seconds; see gap_reasons). A quickly
    constructed roster (status CONSTRUCTED) lists its hard-rule breaches in the notes; with
    `hard_rules_kept` (a roster built by the model) one is an error: the model and the checker
    disagree. `training`: the attendances placed with it (RosterResult.training)."""
    evaluation = evaluate(data, horizon.start, horizon.n, assignments, training)
    if evaluation.violations and status is SolveStatus.CONSTRUCTED:
        broken = dict.fromkeys(data.rules[v.rule].name if v.rule in _rule_ids(data)
                               else "固定排班" for v in evaluation.violations)
        notes = (*notes, f"快速构造的排班违反硬规则 {len(evaluation.violations)} 处"
                         f"（{'、'.join(broken)}），不能直接发布")
    elif evaluation.violations and hard_rules_kept:
        raise RuntimeError(f"the roster built by person blocks breaks a hard rule: "
                           f"{evaluation.violations[0].message}")
    marked = [a.model_copy(update={"cover_for": evaluation.absorbed.get((a.staff_id, a.day))})
              for a in assignments]
    gaps = gap_reasons(data, horizon, marked, evaluation.gaps_raw, explain_deadline)
    unattended = tuple(
        f"24小时岗位 {data.post_by_id[post_id].name} {day} "
        f"{minutes_to_clock(first)}-{minutes_to_clock(last)} 无人值守"
        for post_id, day, first, last in evaluation.uncovered_minutes)
    unattended += training_notes(evaluation.training_misses)
    cut = sum(1 for g in gaps if g.reasons == (CUT_FOR_TIME,))
    if cut:
        notes = (*notes, f"求解时限已到，{cut} 处缺口的原因未逐一分析")
    if stats is not None and cut:
        stats = stats.model_copy(update={"gaps_unexplained": cut})
    return RosterResult(
        start=horizon.start, end=horizon.end, status=status,
        objective=evaluation.objective if objective is None else objective,
        best_bound=best_bound, assignments=tuple(marked), coverage=tuple(evaluation.coverage),
        gaps=tuple(gaps), staff_summary=tuple(evaluation.staff_summary),
        penalties=tuple(evaluation.penalties), stats=stats, training=tuple(training),
        notes=(*notes, *unattended, *data.calendar.warnings(d.day for d in horizon.days)))


def _quick_cells(built: BuiltModel, hint: tuple[Assignment, ...]
                 ) -> list[tuple[str, int, str, str]]:
    """A roster constructed at once: the pinned shifts, then the hinted roster's (a re-plan's
    published roster) cells the model has, one shift a person and day; every other day off."""
    cells = pinned_cells(built)
    taken = {(sid, d) for sid, d, _, _ in cells}
    for a in hint:
        d = built.ctx.horizon.index(a.day)
        cell = (a.staff_id, d, a.post_id, a.shift)
        if d is not None and (a.staff_id, d) not in taken and cell in built.ctx.vars.x:
            cells.append(cell)  # type: ignore[arg-type]  # d is an int here
            taken.add((a.staff_id, d))
    return cells


def _rule_ids(data: DataSet) -> set[str]:
    return {rule.id for rule in data.rules.rules}


def solve_roster(data: DataSet, start: date, n_days: int,
                 options: SolveOptions | None = None) -> RosterResult:
    """Build the best roster for `n_days` from `start`; gaps are listed, never fatal. Returns
    within the time limit plus time_margin(limit), model building counted; when no roster is
    found by then, a quickly constructed one (pinned shifts only, or person blocks) is
    returned with status CONSTRUCTED."""
    options = options or SolveOptions()
    started = time.monotonic()
    deadline = started + options.time_limit_s
    margin = time_margin(options.time_limit_s)
    explain_deadline = deadline + margin - EXPLAIN_RESERVE
    horizon = Horizon.of(data.calendar, start, n_days)
    conflicts = pin_conflicts(data, horizon)
    if conflicts:
        return RosterResult(start=horizon.start, end=horizon.end,
                            status=SolveStatus.INFEASIBLE, conflicts=tuple(conflicts),
                            stats=SolveStats(wall_time_s=time.monotonic() - started,
                                             time_limit_s=options.time_limit_s,
                                             margin_s=margin, workers=options.workers,
                                             solver_status="PRESOLVE_CONFLICT"))
    built: BuiltModel | None = None
    path = choose_path(data, horizon, options)
    lp_bound: float | None = None
    bound: float | None = None  # the pattern path's best proven bound (LP or splits)
    if path == COLGEN:
        colgen = solve_by_patterns(
            data, horizon, lambda model, limit: _run_weighted(model, options, limit, started),
            started=started, deadline=deadline, workers=options.workers, seed=options.seed,
            max_search_cells=options.max_search_cells, stop=options.stop)
        run, built, lp_bound, bound = colgen.run, colgen.built, colgen.lp_bound, colgen.bound
        built_at = started + colgen.build_s  # the models built inside the path
    elif _blocks_only(data, horizon, options):
        built_at = time.monotonic()
        run = optimise_from_blocks(
            data, horizon, None, _no_full_model, started=started, deadline=deadline,
            workers=options.workers, seed=options.seed,
            max_search_cells=options.max_search_cells, stop=options.stop)
    else:
        built = build_model(data, horizon)
        if options.hint:
            _hint_assignments(built, options.hint)
        if options.training_fixed_before is not None:
            keep_training(built.ctx, options.training_kept, options.training_fixed_before)
        built_at = time.monotonic()
        run = _optimise(built, options, started, deadline)
    searched_at = time.monotonic()
    if options.stop is not None and options.stop.is_set():
        explain_deadline = min(explain_deadline, searched_at + STOP_EXPLAIN_S)
    status = SolveStatus.CONSTRUCTED if run.constructed else map_status(run.status)
    proto = built.model.Proto() if built is not None else None
    stats = SolveStats(
        wall_time_s=0.0, time_limit_s=options.time_limit_s, margin_s=margin,
        build_s=round(built_at - started, 3), search_s=round(searched_at - built_at, 3),
        time_to_first_solution_s=(None if run.first_solution_s is None
                                  else round(run.first_solution_s, 3)),
        workers=options.workers,
        solver_status="UNKNOWN" if run.solver is None and run.constructed else
        run.solver.StatusName(run.status) if run.solver is not None else
        run.status.name,  # a roster scored by the checker (OPTIMAL at the proven bound)
        variables=len(proto.variables) if proto else 0,
        constraints=len(proto.constraints) if proto else 0, stages=tuple(run.stages),
        path=path, lp_bound=lp_bound)
    result = _result(data, horizon, built, run, status, options, stats, explain_deadline)
    if bound is not None and bound > 0 and result.status.has_roster:  # both proven
        result = result.model_copy(update={"best_bound": max(result.best_bound or 0, bound)})
    ended = time.monotonic()
    final = (result.stats or stats).model_copy(update={
        "wall_time_s": round(ended - started, 3), "explain_s": round(ended - searched_at, 3)})
    return result.model_copy(update={"stats": final})


def choose_path(data: DataSet, horizon: Horizon, options: SolveOptions) -> str:
    """The engine path by the problem's shape (solver.colgen.engine.path_for)."""
    plain = not options.staged and options.extra_terms is None
    return path_for(data, horizon, options.engine, plain)


def _run_weighted(built: BuiltModel, options: SolveOptions, time_limit: float,
                  started: float) -> SolverRun:
    solver, status, progress = _run(built, options, time_limit, started)
    return SolverRun(solver, status, ["加权"], progress.first_solution_s)


def _blocks_only(data: DataSet, horizon: Horizon, options: SolveOptions) -> bool:
    """Whether the full model is too big to build and search in time (above
    max_search_cells by a bound found without building it): person blocks only."""
    return (not options.staged and bool(options.construct_from_days)
            and horizon.n >= options.construct_from_days and options.extra_terms is None
            and bool(options.max_search_cells) and decomposable(data)
            and cells_at_most(data, horizon) > options.max_search_cells)


def _no_full_model(time_limit: float) -> SolverRun:
    raise AssertionError("no full model is searched by person blocks only")


def _result(data: DataSet, horizon: Horizon, built: BuiltModel | None, run: SolverRun,
            status: SolveStatus, options: SolveOptions, stats: SolveStats,
            explain_deadline: float) -> RosterResult:
    """The roster of a run (or the conflicts, or a quickly constructed roster when the run
    has none), completed by the checker and explained until `explain_deadline`."""
    if status is SolveStatus.INFEASIBLE:
        conflicts = explain_infeasibility(data, horizon, options.workers,
                                          deadline=explain_deadline)
        return RosterResult(start=horizon.start, end=horizon.end, status=status,
                            conflicts=tuple(conflicts), stats=stats)
    if status is SolveStatus.UNKNOWN and built is not None:
        # nothing found within the limit: the pinned shifts only, every other day off
        status = SolveStatus.CONSTRUCTED
        run = SolverRun(None, run.status, [*run.stages, "快速构造"], searched=False,
                        roster=assignments_from_cells(built, _quick_cells(built, options.hint)),
                        constructed=True)
        stats = stats.model_copy(update={"stages": tuple(run.stages)})
    if not status.has_roster:
        return RosterResult(start=horizon.start, end=horizon.end, status=status, stats=stats)
    if run.roster is not None:
        return roster_from_assignments(
            data, horizon, run.roster, status=status, objective=None, best_bound=None,
            stats=stats, notes=(status.label,) if run.constructed else (),
            explain_deadline=explain_deadline, hard_rules_kept=not run.constructed)
    assert run.solver is not None and built is not None
    assignments = assignments_from_solution(built, run.solver)
    objective = int(round(run.solver.Value(built.objective_expr())))
    if options.staged:
        # the last stage fixed earlier optima; report the bound only when proven throughout
        proven = all(s.endswith("OPTIMAL") for s in run.stages)
        best_bound = float(objective) if proven else None
        if not proven and status is SolveStatus.OPTIMAL:
            status = SolveStatus.FEASIBLE
    else:
        best_bound = run.solver.BestObjectiveBound() if run.searched else None
    return roster_from_assignments(data, horizon, assignments, status=status,
                                   objective=objective, best_bound=best_bound, stats=stats,
                                   explain_deadline=explain_deadline,
                                   training=training_from_solution(built.ctx, run.solver.Value))
