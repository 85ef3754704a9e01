"""Roster cells as people read them: cell and person labels, stored times, a cell as a shift."""

from __future__ import annotations

from datetime import UTC, date, datetime

from model.dataset import DataSet
from model.roster import Assignment

#: The label of a day off.
OFF = "休"


def local_time(moment: datetime | None) -> str:
    """A stored time in local time, to the minute (SQLite returns naive UTC)."""
    if moment is None:
        return "—"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def cell_label(data: DataSet | None, post_id: str | None, shift: str | None) -> str:
    """'门诊导诊 导' for a working cell, 休 for a day off."""
    if post_id is None or shift is None:
        return OFF
    post = data.post_by_id.get(post_id) if data is not None else None
    return f"{post.name if post else post_id} {shift}"


def staff_label(data: DataSet | None, staff_id: str) -> str:
    member = data.staff_by_id.get(staff_id) if data is not None else None
    return f"{member.name}（{staff_id}）" if member else staff_id


def make_assignment(data: DataSet, staff_id: str, day: date, post_id: str, shift: str
                    ) -> Assignment:
    """A cell as the solver would produce it (segments and hours from the shift type)."""
    shift_type = data.shift_by_code[shift]
    member = data.staff_by_id[staff_id]
    post = data.post_by_id[post_id]
    return Assignment(staff_id=staff_id, line_id=member.line_id, post_id=post_id, shift=shift,
                      day=day, segments=tuple(shift_type.segment_datetimes(day)),
                      hours=shift_type.minutes / 60, borrowed=member.line_id not in post.lines)
