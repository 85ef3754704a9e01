"""How leave looks in the app's grids: approved, requested and refused leave each their own,
with the marks and colours of the printed roster (`model.leave`)."""

from __future__ import annotations

from dataclasses import dataclass

from model.events import Absence, AbsenceKind, LeaveStatus
from model.leave import KIND_MARKS, REFUSED_MARK, REQUESTED_MARK
from model.leave import leave_look as printed_look


@dataclass(frozen=True)
class LeaveLook:
    rank: int  # the strongest status of a day wins: lower first
    css: str
    label: str
    mark: str  # the cell's text on a day off
    worked_mark: str  # the small mark beside a shift worked anyway
    background: str
    style: str


#: rank, css class and text style per status (the fill comes from model.leave)
_STYLES = {
    LeaveStatus.APPROVED: (0, "absent", "color:#333"),
    LeaveStatus.REQUESTED: (1, "requested", "color:#7F6000;background-image:repeating-linear-"
                                            "gradient(45deg,transparent 0 4px,#FFE699 4px 6px)"),
    LeaveStatus.REFUSED: (2, "refused", "color:#C00000"),
}


def leave_look(absence: Absence) -> LeaveLook:
    """The look of one absence by its status and kind."""
    printed = printed_look(absence.status, absence.kind)
    rank, css, style = _STYLES[absence.status]
    worked = {LeaveStatus.APPROVED: printed.mark, LeaveStatus.REQUESTED: REQUESTED_MARK,
              LeaveStatus.REFUSED: REFUSED_MARK}[absence.status]
    return LeaveLook(rank, css, f"{printed.label}的{absence.kind.value}", printed.mark, worked,
                     printed.colour or "#FFFFFF", style)


def legend_entries() -> list[tuple[LeaveLook, str]]:
    """One legend entry per status: its look (on 年假) and its meaning."""
    kinds = "，".join(f"{mark}={kind.value}" for kind, mark in KIND_MARKS.items()
                     if kind is not AbsenceKind.OTHER)
    meanings = {
        LeaveStatus.APPROVED: f"已批准的请假（{kinds}），当天休息",
        LeaveStatus.REQUESTED: "请假申请待批准（?），尽量安排休息",
        LeaveStatus.REFUSED: f"请假申请已驳回（{REFUSED_MARK}），照常上班",
    }
    return [(leave_look(Absence(staff_id="-", kind=AbsenceKind.ANNUAL, start="2026-01-01",
                                end="2026-01-01",
                                status=status)), meanings[status]) for status in LeaveStatus]
