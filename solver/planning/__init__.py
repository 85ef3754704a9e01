"""Planning mode: the cheapest headcount per service line that covers the demand of a
representative period under every hard rule (issue 5).

How it works, per group of lines that share posts (a *component*; lines are independent
otherwise, so each component is its own, much smaller, model):

1. The planning data keeps the chosen lines, their posts and staff; events tied to real dates
   (absences, requests, pins, the previous roster's tail) are dropped, because the period is
   representative, not a roster to publish. Borrowing across lines is off unless asked for:
   the contract prices each line per head, so a line's demand is covered by its own staff.
2. Candidates: every current member (a boolean ``kept``) plus optional *template members*
   of the line (a boolean ``hired``), created as the planned hires (待招聘) of
   `model.scenario.apply_scenario`, meeting the line's requirements and trained before the
   period starts. The roster model is `solver.build.build_model` on that data, unchanged:
   every hard rule holds for every candidate; a candidate may work only if active
   (``work[m, d] <= active[m]``, i.e. every cell ``x <= active``).
3. Without ``allow_overtime`` no overtime that hiring could avoid is allowed: under 标准工时
   the regular hours of each week stay within the standard hours, so no 200 % minutes;
   under 综合计算工时 the hours of each approved period stay within its standard (its share
   of it in the horizon), so no 150 % period minutes. Work on statutory holidays (300 %)
   and, under 标准工时, the part of a shift beyond 8 h (150 %) come with the demand itself
   and stay allowed and costed. A post a hard rule makes impossible to staff (a shift longer
   than the maximum shift length, or beyond the daily overtime cap for 标准工时 staff) is
   named with the rule and the change (`blockers`), and planned at no fewer people than
   its demand needs.
4. Two lexicographic stages: first the fewest uncovered required shifts (coverage_min; 0
   whenever the candidates can cover the demand), then, with that fixed, the lowest
   ``monthly contract cost (fen) + overtime pay (fen)``, ties broken by the fewest changes
   to today's staff (objective = K x cost + changes, K > max changes, so the cost bound is
   ``floor(bound / K)``).
5. If a line hired every template, the optimum may need more: the templates are doubled and
   the component solved again.

The representative period stands for one month of service (one service unit = one person
for a full month, seed 000 note 2): its overtime pay is added to the monthly fees as is.

Modules: `data` (options and planning data), `model` (the planning layer over the roster
model), `component` (solving one component), `plan` (`plan_headcount`), and the answer:
`result` (its types), `report` (each line's plan), `reasons` (why, in Chinese) and
`blockers` (posts the rules make impossible).
"""

from solver.planning.component import initial_templates
from solver.planning.data import (
    DEFAULT_WEEKS,
    PlanningOptions,
    default_start,
    line_components,
    planning_data,
    with_templates,
)
from solver.planning.model import PlanVars, add_planning, price_fen
from solver.planning.plan import plan_headcount
from solver.planning.reasons import workload_bound
from solver.planning.result import ComponentSolve, LinePlan, PlanResult

__all__ = [
    "DEFAULT_WEEKS", "ComponentSolve", "LinePlan", "PlanResult", "PlanVars",
    "PlanningOptions", "add_planning", "default_start", "initial_templates", "line_components",
    "plan_headcount", "planning_data", "price_fen", "with_templates", "workload_bound",
]
