"""How a leave looks in the grid, the workbook and the app: its label, short mark and colour."""

from __future__ import annotations

from dataclasses import dataclass

from model.events import AbsenceKind, LeaveStatus

#: One character per kind of absence, for a grid cell (病假 -> 病).
KIND_MARKS: dict[AbsenceKind, str] = {
    AbsenceKind.ANNUAL: "假", AbsenceKind.SICK: "病", AbsenceKind.PERSONAL: "事",
    AbsenceKind.TRAINING: "培", AbsenceKind.OUTREACH: "外", AbsenceKind.MATERNITY: "产",
    AbsenceKind.MARRIAGE: "婚", AbsenceKind.BEREAVEMENT: "丧", AbsenceKind.OTHER: "假",
}
#: The mark added to a requested leave (病? : 病假，待批准).
REQUESTED_MARK = "?"
#: The mark added to a worked cell whose leave request was refused.
REFUSED_MARK = "驳"


@dataclass(frozen=True)
class LeaveLook:
    """A leave status as shown: `label` (已批准 ...), `mark` (the cell text of a day off for
    this leave, or the marker added to a worked cell when refused), `colour` (the cell's fill
    as '#RRGGBB', '' for none), `hatched` (a hatched fill rather than a solid one) and
    `meaning` (one sentence for a legend)."""

    label: str
    mark: str
    colour: str
    hatched: bool
    meaning: str


def kind_mark(kind: AbsenceKind) -> str:
    """The one-character mark of a kind of absence (年假 -> 假, 培训 -> 培)."""
    return KIND_MARKS.get(kind, "假")


def leave_look(status: LeaveStatus, kind: AbsenceKind = AbsenceKind.ANNUAL) -> LeaveLook:
    """How a leave of `kind` with `status` is shown: approved leave grey with its kind mark,
    requested leave hatched light yellow with the kind and ?, refused leave no fill, a worked
    cell marked 驳."""
    mark = kind_mark(kind)
    if status is LeaveStatus.APPROVED:
        return LeaveLook(status.value, mark, "#BFBFBF", False,
                         f"{mark}：已批准的{kind.value}，当天休息")
    if status is LeaveStatus.REQUESTED:
        return LeaveLook(status.value, mark + REQUESTED_MARK, "#FFF2CC", True,
                         f"{mark}{REQUESTED_MARK}：{kind.value}申请待批准，尽量安排休息")
    return LeaveLook(status.value, REFUSED_MARK, "", False,
                     f"{REFUSED_MARK}：{kind.value}申请已驳回，照常上班")
