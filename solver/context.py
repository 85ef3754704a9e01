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
    enforcement: dict[tuple[str, str], cp_model.IntVar] = field(default_factory=dict)

    def rule(self, rule_id: str) -> Rule:
        return self.data.rules[rule_id]

    def count(self, rule_id: str, expr: LinearLike, coefficient: int = 1) -> None:
        """Add to the rule's breach count (used for soft rules and always-elastic ones)."""
        self.counts[rule_id].append((coefficient, expr))

    def _enforce(self, ct: cp_model.Constraint, rule_id: str, staff_id: str) -> None:
        if not self.explain:
            return
        key = (rule_id, staff_id)
        if key not in self.enforcement:
            self.enforcement[key] = self.model.NewBoolVar(f"enf_{rule_id}_{staff_id}")
        ct.OnlyEnforceIf(self.enforcement[key])

    def forbid_together(self, rule_id: str, staff_id: str,
                        lits: list[cp_model.IntVar]) -> None:
        """Breach = all literals true. Hard: forbidden. Soft: counted exactly."""
        if self.rule(rule_id).hard:
            self._enforce(self.model.AddBoolOr([lit.Not() for lit in lits]), rule_id, staff_id)
            return
        breach = self.model.NewBoolVar(f"b_{rule_id}_{staff_id}")
        self.model.AddBoolAnd(lits).OnlyEnforceIf(breach)
        self.model.AddBoolOr([lit.Not() for lit in lits]).OnlyEnforceIf(breach.Not())
        self.count(rule_id, breach)

    def cap(self, rule_id: str, staff_id: str, expr: LinearLike, limit: int,
            upper: int) -> None:
        """Breach = max(0, expr - limit). Hard: expr <= limit. Soft: counted exactly.
        `upper` bounds expr from above (for the excess variable's domain)."""
        if self.rule(rule_id).hard:
            self._enforce(self.model.Add(expr <= limit), rule_id, staff_id)
            return
        if upper <= limit:
            return
        excess = self.model.NewIntVar(0, upper - limit, f"e_{rule_id}_{staff_id}")
        self.model.AddMaxEquality(excess, [0, expr - limit])
        self.count(rule_id, excess)

    def exact_max0(self, name: str, expr: LinearLike, upper: int) -> cp_model.IntVar:
        """A new variable equal to max(0, expr)."""
        var = self.model.NewIntVar(0, max(0, upper), name)
        self.model.AddMaxEquality(var, [0, expr])
        return var
