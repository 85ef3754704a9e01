"""People and roles: who may solve, edit, publish, use scenarios and costs, or only read."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Action(StrEnum):
    """What a signed-in person may do; the value is the Chinese verb of a refusal."""

    SOLVE = "排班和重排"
    EDIT = "修改排班"
    PUBLISH = "发布排班"
    SCENARIOS = "使用情景分析"
    COST = "查看费用"
    READ = "查看排班"
    ASSESS = "记录考核"


class Role(StrEnum):
    """A person's role; the value is its Chinese name, as written in the accounts file."""

    LEAD = "项目负责人"
    MANAGER = "医院管理者"
    READER = "只读"

    def may(self, action: Action) -> bool:
        """Whether this role permits `action`."""
        return action in PERMISSIONS[self]


#: The actions of each role (项目负责人: solve, edit, publish and everything a manager may;
#: 医院管理者: scenarios, cost, the monthly assessment and reading rosters; 只读: reading
#: rosters).
PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.LEAD: frozenset(Action),
    Role.MANAGER: frozenset({Action.SCENARIOS, Action.COST, Action.ASSESS, Action.READ}),
    Role.READER: frozenset({Action.READ}),
}


@dataclass(frozen=True)
class Actor:
    """The person acting: the name recorded as author, and the role that limits the act."""

    name: str
    role: Role

    def may(self, action: Action) -> bool:
        return self.role.may(action)

    def refusal(self, action: Action) -> str:
        """The Chinese message when this actor may not do `action`."""
        return f"{self.name}（{self.role.value}）无权{action.value}，未写入任何内容"


class Account(BaseModel):
    """One account of the accounts file: display name, role and bcrypt hash (never the
    password)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    role: Role
    password_hash: str = Field(min_length=1)


__all__ = ["PERMISSIONS", "Account", "Action", "Actor", "Role"]
