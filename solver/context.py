"""Shared build state: the model, data, variables, and how rules become constraints or
penalties (hard rules constrain, soft rules add weighted, exact breach counts)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from model.dataset import DataSet
from model.rules import Rule
from solver.horizon import Horizon
from solver.variables import RosterVars

LinearLike = cp_model.LinearExprT


@dataclass(frozen=True)
class ExtraTime:
    """Time off the posts that counts as working time (a training session): its literal,
    its minutes, and for each shift worked the same day the literal of both."""

    lit: cp_model.IntVar
    minutes: int
    with_shift: dict[str, cp_model.IntVar]


@dataclass
class BuildContext:
    model: cp_model.CpModel
    data: DataSet
    horizon: Horizon
    vars: RosterVars
    #: rule id -> list of (coefficient, expression) whose weighted sum is the rule's count
    counts: dict[str, list[tuple[int, LinearLike]]] = field(
        default_factory=lambda: defaultdict(list))
    #: when explaining infeasibility: (rule id, staff id) -> enforcement literal
    #: (post, day, shift) -> literal: that shift's work is absorbed by a cover rule
    absorbed_at: dict[tuple[str, int, str], cp_model.IntVar] = field(default_factory=dict)
    explain: bool = False
    #: (staff, day index) -> working time off the posts (solver/rules/training.py)
    extra_time: dict[tuple[str, int], list[ExtraTime]] = field(default_factory=dict)
    #: (staff, session id) -> literal: the person attends the session
    training: dict[tuple[str, str], cp_model.IntVar] = field(default_factory=dict)
    enforcement: dict[tuple[str, str], cp_model.IntVar] = field(default_factory=dict)
    #: (staff, day index) -> literal: at work that day, on a shift or at a training session
    present_at: dict[tuple[str, int], cp_model.IntVar] = field(default_factory=dict)

    def rule(self, rule_id: str) -> Rule:
        return self.data.rules[rule_id]

    def present(self, staff_id: str, d: int) -> cp_model.IntVar | None:
        """Whether the person comes to work on day d: a shift, or a training session (its
        time is working time, so a training day is no day off: the rest-day rules count it);
        None: neither is possible. Training literals must exist first (add_training)."""
        work = self.vars.work.get((staff_id, d))
        extra = [e.lit for e in self.extra_time.get((staff_id, d), ())]
        if not extra:
            return work
        key = (staff_id, d)
        if key not in self.present_at:
            lits = [*([work] if work is not None else []), *extra]
            present = self.model.new_bool_var(f"present_{staff_id}_{d}")
            for lit in lits:
                self.model.add_implication(lit, present)
            self.model.add_bool_or(lits).only_enforce_if(present)
            self.present_at[key] = present
        return self.present_at[key]

    def count(self, rule_id: str, expr: LinearLike, coefficient: int = 1) -> None:
        """Add to the rule's breach count (used for soft rules and always-elastic ones)."""
        self.counts[rule_id].append((coefficient, expr))

    def value(self, rule_id: str) -> float:
        """The rule's value; a rule without one is an error (as in Rule.int_value)."""
        value = self.rule(rule_id).value
        if value is None:
            raise ValueError(f"规则 {rule_id} 没有数值")
        return value

    def enforce(self, ct: cp_model.Constraint, rule_id: str, staff_id: str) -> None:
        """When explaining, make the constraint depend on the (rule, person) literal."""
        if not self.explain:
            return
        key = (rule_id, staff_id)
        if key not in self.enforcement:
            self.enforcement[key] = self.model.new_bool_var(f"enf_{rule_id}_{staff_id}")
        ct.OnlyEnforceIf(self.enforcement[key])

    def forbid_together(self, rule_id: str, staff_id: str,
                        lits: list[cp_model.IntVar]) -> None:
        """Breach = all literals true. Hard: forbidden. Soft: counted exactly."""
        if self.rule(rule_id).hard:
            self.enforce(self.model.add_bool_or([lit.Not() for lit in lits]), rule_id, staff_id)
            return
        breach = self.model.new_bool_var(f"b_{rule_id}_{staff_id}")
        self.model.add_bool_and(lits).OnlyEnforceIf(breach)
        self.model.add_bool_or([lit.Not() for lit in lits]).OnlyEnforceIf(breach.Not())
        self.count(rule_id, breach)

    def cap(self, rule_id: str, staff_id: str, expr: LinearLike, limit: int,
            upper: int) -> None:
        """Breach = max(0, expr - limit). Hard: expr <= limit. Soft: counted exactly.
        `upper` bounds expr from above (for the excess variable's domain)."""
        if self.rule(rule_id).hard:
            self.enforce(self.model.add(expr <= limit), rule_id, staff_id)
            return
        if upper <= limit:
            return
        excess = self.model.new_int_var(0, upper - limit, f"e_{rule_id}_{staff_id}")
        self.model.add_max_equality(excess, [0, expr - limit])
        self.count(rule_id, excess)

    def exact_max0(self, name: str, expr: LinearLike, upper: int) -> cp_model.IntVar:
        """A new variable equal to max(0, expr)."""
        var = self.model.new_int_var(0, max(0, upper), name)
        self.model.add_max_equality(var, [0, expr])
        return var
