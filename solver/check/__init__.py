"""The independent checker: every hard breach, every soft penalty and the objective of a roster,
recomputed from the input data and the roster alone, exactly as `solver/RULES.md` specifies.

Pure Python. It never imports ortools nor the CP-SAT model, so that a mistake in one of the two
shows up as a disagreement between them. Only `staff_id`, `post_id`, `shift` and `day` of each
`Assignment` are read; everything else is recomputed here.

One module per rule family, named as in `solver/rules/` (checks without a family are named
after the model module that enforces them: `eligibility.py`, `variables.py`); the shared
evaluation context is `context.py`, the run over every rule `evaluate.py`.

Reading conventions (where RULES.md leaves room, see the module's report):
- every duration rule value in hours is turned into whole minutes with `round(value * 60)`;
- a hard rule gives one `Violation` per breached item (pair, person-day, window, person-week,
  assignment, person-month, person, group, request, absence day); a soft rule gives one
  `PenaltyLine` with the summed count; `coverage_min` is always a penalty, never a violation;
- structural rules that are always hard and have no entry in `model/rules.py` use the ids
  `eligibility`, `one_per_day`, `pins` and `coverage_max` (more than the target).
"""

from solver.check.eligibility import cell_problems
from solver.check.evaluate import (
    COVERAGE_MAX,
    DATED_COVERAGE_MAX,
    ELIGIBILITY,
    ONE_PER_DAY,
    PINS,
    STRUCTURAL_RULES,
    Evaluation,
    check_roster,
    evaluate,
    objective,
)

__all__ = [
    "COVERAGE_MAX",
    "DATED_COVERAGE_MAX",
    "ELIGIBILITY",
    "ONE_PER_DAY",
    "PINS",
    "STRUCTURAL_RULES",
    "Evaluation",
    "cell_problems",
    "check_roster",
    "evaluate",
    "objective",
]
