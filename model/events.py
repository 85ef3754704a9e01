"""Absences, requests, pinned cells and the tail of the previous roster."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import Field, TypeAdapter, field_validator, model_validator

from model.base import Frozen
from model.plausible import EARLIEST_DAY, LATEST_DAY, MAX_REQUEST_WEIGHT


class AbsenceKind(StrEnum):
    ANNUAL = "年假"
    SICK = "病假"
    PERSONAL = "事假"
    TRAINING = "培训"
    OUTREACH = "外出"
    MATERNITY = "产假"
    MARRIAGE = "婚假"
    BEREAVEMENT = "丧假"
    OTHER = "其他"


class LeaveStatus(StrEnum):
    """Where a leave stands: approved leave is hard, requested leave a soft day-off wish the
    solver tries to grant, refused leave no absence at all (kept so the planner sees it)."""

    APPROVED = "已批准"
    REQUESTED = "待批准"
    REFUSED = "已驳回"


#: Other words for a status, as planners write them (in YAML `status` and the workbook).
LEAVE_STATUS_WORDS: dict[str, LeaveStatus] = {
    "批准": LeaveStatus.APPROVED, "是": LeaveStatus.APPROVED,
    "approved": LeaveStatus.APPROVED,
    "否": LeaveStatus.REQUESTED, "申请中": LeaveStatus.REQUESTED, "待批": LeaveStatus.REQUESTED,
    "requested": LeaveStatus.REQUESTED,
    "驳回": LeaveStatus.REFUSED, "未批准": LeaveStatus.REFUSED, "不批准": LeaveStatus.REFUSED,
    "refused": LeaveStatus.REFUSED,
}


def leave_status(value: object) -> LeaveStatus | None:
    """The status a text names (a status value or one of `LEAVE_STATUS_WORDS`), else None."""
    if isinstance(value, LeaveStatus):
        return value
    text = str(value).strip()
    try:
        return LeaveStatus(text)
    except ValueError:
        return LEAVE_STATUS_WORDS.get(text) or LEAVE_STATUS_WORDS.get(text.lower())


class Absence(Frozen):
    """A person away from `start` to `end` inclusive, by its `status`: approved absences are
    hard, requested ones soft day-off requests, refused ones no absence.

    The former field `approved` is still accepted on input (true: approved, false:
    requested) and readable as a property."""

    staff_id: str
    kind: AbsenceKind
    start: date = Field(ge=EARLIEST_DAY, le=LATEST_DAY)
    end: date = Field(ge=EARLIEST_DAY, le=LATEST_DAY)
    status: LeaveStatus = LeaveStatus.APPROVED
    note: str = ""

    @model_validator(mode="before")
    @classmethod
    def _legacy_approved(cls, values: Any) -> Any:
        if isinstance(values, dict) and "approved" in values:
            values = dict(values)
            approved = TypeAdapter(bool).validate_python(values.pop("approved"))
            if values.get("status") is None:
                values["status"] = LeaveStatus.APPROVED if approved else LeaveStatus.REQUESTED
        return values

    @field_validator("status", mode="before")
    @classmethod
    def _status_words(cls, value: Any) -> Any:
        return leave_status(value) or value

    @property
    def approved(self) -> bool:
        """Approved leave: the person is away (a hard absence)."""
        return self.status is LeaveStatus.APPROVED

    @property
    def requested(self) -> bool:
        """Requested leave: a soft day-off wish."""
        return self.status is LeaveStatus.REQUESTED

    @property
    def refused(self) -> bool:
        """Refused leave: the person is expected to work."""
        return self.status is LeaveStatus.REFUSED

    @model_validator(mode="after")
    def _ordered(self) -> Absence:
        if self.end < self.start:
            raise ValueError(f"结束日期 {self.end} 早于开始日期 {self.start}")
        return self

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


class RequestKind(StrEnum):
    DAY_OFF = "休息"  # wants the day off
    SHIFT_WANTED = "想上"  # wants this shift
    SHIFT_UNWANTED = "不想上"  # does not want this shift


class Request(Frozen):
    """A staff member's wish for one day; honoured if the weighted cost allows."""

    staff_id: str
    day: date = Field(ge=EARLIEST_DAY, le=LATEST_DAY)
    kind: RequestKind
    shift: str | None = None
    weight: int = Field(10, ge=0, le=MAX_REQUEST_WEIGHT)

    @model_validator(mode="after")
    def _shift_given(self) -> Request:
        if self.kind is not RequestKind.DAY_OFF and not self.shift:
            raise ValueError("想上/不想上的请求必须给出班次")
        return self


class Pin(Frozen):
    """A cell fixed by the planner: this person works this shift at this post (or is off)."""

    staff_id: str
    day: date = Field(ge=EARLIEST_DAY, le=LATEST_DAY)
    post_id: str | None = Field(None, description="None with shift None = pinned day off")
    shift: str | None = None

    @model_validator(mode="after")
    def _both_or_neither(self) -> Pin:
        if (self.post_id is None) != (self.shift is None):
            raise ValueError("固定排班须同时给出岗位和班次，或都不填（表示休息）")
        return self

    @property
    def is_off(self) -> bool:
        return self.shift is None


class PreviousTail(Frozen):
    """What the previous roster leaves behind for one person at the start of the new period."""

    staff_id: str
    consecutive_days: int = Field(0, ge=0, description="Days worked in a row up to the start")
    last_shift_end: datetime | None = None
    last_shift_was_night: bool = False
    last_shift_day: date | None = None
    nights: int = Field(0, ge=0, description="Nights already worked this month")
    weekend_days: int = Field(0, ge=0)
    overtime_minutes: int = Field(0, ge=0, description="Overtime already worked this month")
    period_minutes: int = Field(
        0, ge=0, description="综合计算工时: minutes already worked (statutory holidays not "
                             "counted) in the approved period that contains the start")
    period_overtime_minutes: int = Field(
        0, ge=0, description="综合计算工时: overtime already counted in that period (its excess "
                             "so far and holiday minutes), for the overtime cap")
