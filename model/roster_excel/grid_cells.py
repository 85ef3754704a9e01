"""One day cell of the printed grid: its compact text lines, look and comment, and the marks
it uses (so that the legend names every one of them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from openpyxl.styles import Border, PatternFill

from model.dataset import DataSet
from model.events import Absence, LeaveStatus
from model.leave import LeaveLook, leave_look
from model.roster import Assignment
from model.roster_excel.styles import (
    BORROWED_BORDER,
    BORROWED_COLOUR,
    COVER_BORDER,
    COVER_COLOUR,
    MARK_BORROWED,
    MARK_COVER,
    THIN_BORDER,
    post_short,
    shift_short,
    solid_fill,
    to_argb,
)
from model.shadowing import SHADOW_MARK, ShadowPair, mentor_text
from model.training import TRAINING_COLOUR, TRAINING_MARK, TrainingAttendance, training_note
from model.vocabulary import plain

#: Font size of the grid (points, before the print scale).
GRID_FONT_SIZE = 9
REFUSED_COLOUR = "FFC00000"


@dataclass
class UsedMarks:
    """What the grid shows besides plain shift codes, for the legend."""

    #: borrowed mark ('借雾化') -> the post names it stands for
    borrowed: dict[str, set[str]] = field(default_factory=dict)
    #: cover mark ('顶雾') -> the shift names it stands for
    cover: dict[str, set[str]] = field(default_factory=dict)
    #: (status, mark) -> its look, for every leave shown
    leave: dict[tuple[LeaveStatus, str], LeaveLook] = field(default_factory=dict)
    shifts: set[str] = field(default_factory=set)
    #: post id -> its one-character mark after 借 (see `post_marks`)
    post_mark: dict[str, str] = field(default_factory=dict)
    #: whether a 训 (training) cell is shown
    training: bool = False
    #: a newcomer's 学 (岗前培训跟班) was shown
    shadow: bool = False


def post_marks(data: DataSet) -> dict[str, str]:
    """Each post's one-character mark for a 借 cell, unique in the data set: the first
    character of its short name not taken by an earlier post (放射科登记 -> 放, then
    斜弱视…验光 -> 斜, 斜弱视…导诊 -> 弱), a number when every character is taken."""
    taken: set[str] = set()
    out: dict[str, str] = {}
    for number, post in enumerate(data.posts, 1):
        name = post_short(post, post.id) + post.name
        mark = next((ch for ch in name if ch.isalnum() and ch not in taken), str(number))
        taken.add(mark)
        out[post.id] = mark
    return out


@dataclass
class GridCell:
    """The text lines of a day cell and how it looks."""

    lines: list[str] = field(default_factory=list)
    fill: PatternFill | None = None
    border: Border = THIN_BORDER
    colour: str | None = None
    bold: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str | None:
        return "\n".join(self.lines) if self.lines else None


def leave_fill(look: LeaveLook) -> PatternFill | None:
    """A solid fill for approved leave, a hatched one for requested leave, none if refused."""
    if not look.colour:
        return None
    argb = to_argb(look.colour)
    if look.hatched:
        return PatternFill(fill_type="lightUp", fgColor="FFBF9000", bgColor=argb)
    return solid_fill(argb)


def borrowed_mark(data: DataSet, item: Assignment, used: UsedMarks) -> str:
    post = data.post_by_id.get(item.post_id)
    return MARK_BORROWED + used.post_mark.get(item.post_id, post_short(post, item.post_id)[:1])


def cover_mark(data: DataSet, item: Assignment) -> str:
    code = item.cover_for or ""
    return MARK_COVER + shift_short(data.shift_by_code.get(code), code)


def _post_text(data: DataSet, post_id: str) -> str:
    post = data.post_by_id.get(post_id)
    if post is None:
        return post_id
    lines = "、".join(data.line_by_id[i].name for i in post.lines if i in data.line_by_id)
    return post.name + (f"（{lines}）" if lines else "")


def _absence_note(absence: Absence) -> str:
    text = f"{absence.kind.value}（{absence.status.value}）"
    return text + (f"：{plain(absence.note)}" if absence.note else "")


def grid_cell(data: DataSet, worked: list[Assignment], absences: list[Absence],
              used: UsedMarks, training: list[TrainingAttendance] | None = None,
              pair: ShadowPair | None = None) -> GridCell:
    """The cell of one person on one day: the shifts worked (line 1, with 驳 when a leave
    request was refused) and one line per 借/顶/学 mark (`pair`: a newcomer's 带教, the
    mentor in the comment); else the leave of the day; a line 训 for a training that day."""
    cell = _shift_or_leave_cell(data, worked, absences, used, pair)
    if training:
        used.training = True
        cell.lines = [*cell.lines, TRAINING_MARK]
        if not worked:
            cell.fill = solid_fill(to_argb(TRAINING_COLOUR))
        cell.notes.extend(training_note(t, data.training_session_by_id) for t in training)
    return cell


def _shift_or_leave_cell(data: DataSet, worked: list[Assignment], absences: list[Absence],
                         used: UsedMarks, pair: ShadowPair | None) -> GridCell:
    cell = GridCell()
    shown = [a for a in absences if not a.refused]
    refused = [a for a in absences if a.refused]
    if worked:
        codes = "/".join(a.shift for a in worked)
        used.shifts.update(a.shift for a in worked)
        marks: list[str] = []
        for item in worked:
            shift = data.shift_by_code.get(item.shift)
            if item.borrowed:
                mark = borrowed_mark(data, item, used)
                marks.append(mark)
                used.borrowed.setdefault(mark, set()).add(_post_text(data, item.post_id))
                cell.notes.append(f"借调：在其他服务项目的岗位 {_post_text(data, item.post_id)} "
                                  "上班。")
            if item.cover_for:
                mark = cover_mark(data, item)
                marks.append(mark)
                covered = data.shift_by_code.get(item.cover_for)
                covered_name = covered.name if covered else item.cover_for
                used.cover.setdefault(mark, set()).add(covered_name)
                own_name = shift.name if shift else item.shift
                cell.notes.append(f"顶替：{own_name}兼做{covered_name}（{item.cover_for}）的工作，"
                                  f"当天{covered_name}无人上班。")
            if pair is not None and (pair.post_id, pair.shift) == (item.post_id, item.shift):
                marks.append(SHADOW_MARK)
                used.shadow = True
                cell.notes.append(mentor_text(data, pair) + "。")
        first = data.shift_by_code.get(worked[0].shift)
        if first is not None:
            cell.fill = solid_fill(to_argb(first.colour))
        if any(a.borrowed for a in worked):
            cell.border, cell.colour = BORROWED_BORDER, BORROWED_COLOUR
        elif any(a.cover_for for a in worked):
            cell.border, cell.colour = COVER_BORDER, COVER_COLOUR
        if refused:
            look = leave_look(LeaveStatus.REFUSED, refused[0].kind)
            used.leave[(LeaveStatus.REFUSED, look.mark)] = look
            codes += look.mark
        cell.lines = [codes, *marks]
        for absence in shown + refused:
            granted = "未能安排休息" if absence.requested else (
                "照常上班" if absence.refused else "却被排班")
            cell.notes.append(f"请假：{_absence_note(absence)}，{granted}。")
        return cell
    leave = shown[0] if shown else (refused[0] if refused else None)
    if leave is None:
        return cell
    # Approved leave before requested leave when a day has both.
    leave = next((a for a in shown if a.approved), leave)
    look = leave_look(leave.status, leave.kind)
    used.leave[(leave.status, look.mark)] = look
    cell.lines = [look.mark]
    cell.fill = leave_fill(look)
    if leave.refused:
        cell.colour = REFUSED_COLOUR
    cell.notes = [f"请假：{_absence_note(a)}" for a in absences]
    return cell
