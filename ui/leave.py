"""How leave looks in the app's grids: approved, requested and refused leave each their own."""

from __future__ import annotations

from dataclasses import dataclass

from model.events import Absence


@dataclass(frozen=True)
class LeaveLook:
    rank: int  # the strongest status of a day wins: lower first
    css: str
    label: str
    mark: str
    background: str
    style: str
    legend: str


APPROVED = LeaveLook(0, "absent", "已批准的请假", "", "#BFBFBF", "color:#333",
                     "已批准的请假（年=年假，病=病假，培=培训……），当天不排班")
REQUESTED = LeaveLook(1, "requested", "待批准的请假", "?", "#FFF2CC",
                      "color:#7F6000;background-image:repeating-linear-gradient(45deg,"
                      "transparent 0 4px,#FFE699 4px 6px)",
                      "待批准的请假（?）：尽量不排班，未批准前仍可能排班")
REFUSED = LeaveLook(2, "refused", "未批准的请假", "✗", "#FFFFFF",
                    "color:#C00000;text-decoration:line-through",
                    "未批准的请假（✗）：照常排班")
LEAVE_LOOKS = (APPROVED, REQUESTED, REFUSED)


def leave_look(absence: Absence) -> LeaveLook:
    """The look of one absence by its approval status."""
    return APPROVED if absence.approved else REQUESTED
