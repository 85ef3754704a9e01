"""Every CP-SAT status mapped explicitly to the product's SolveStatus."""

from __future__ import annotations

from ortools.sat.python import cp_model

from model.roster import SolveStatus

_STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
    cp_model.MODEL_INVALID: SolveStatus.MODEL_INVALID,
    cp_model.UNKNOWN: SolveStatus.UNKNOWN,
}


def map_status(status: cp_model.CpSolverStatus) -> SolveStatus:
    """CP-SAT status code -> SolveStatus; an unexpected code raises rather than guesses."""
    try:
        return _STATUS[status]
    except KeyError as exc:
        raise ValueError(f"unexpected CP-SAT status {status}") from exc
