"""Staff of the roster grouped by department and service line, in print order."""

from __future__ import annotations

from collections import defaultdict

from model.contract import ServiceLine
from model.dataset import DataSet
from model.roster import RosterResult
from model.staff import Employment, Staff


# -- grouping ------------------------------------------------------------------------------
class StaffGroup:
    def __init__(self, dept_name: str, line: ServiceLine | None, line_name: str) -> None:
        self.dept_name = dept_name
        self.line = line
        self.line_name = line_name
        self.staff: list[Staff | str] = []  # a bare id when the person is unknown


def staff_groups(data: DataSet, result: RosterResult) -> list[tuple[str, list[StaffGroup]]]:
    """Staff grouped by department (data order) then line (contract order)."""
    assigned_ids = {a.staff_id for a in result.assignments}
    shown = [s for s in data.staff
             if s.employment is Employment.VENDOR or s.id in assigned_ids]
    unknown = sorted(assigned_ids - {s.id for s in data.staff})

    by_line: dict[str, list[Staff]] = defaultdict(list)
    for member in shown:
        by_line[member.line_id].append(member)

    out: list[tuple[str, list[StaffGroup]]] = []
    lines_sorted = sorted(data.lines, key=lambda line: (line.seq, line.id))
    for dept in data.departments:
        groups = []
        for line in lines_sorted:
            if line.department_id == dept.id and by_line.get(line.id):
                group = StaffGroup(dept.name, line, line.name)
                members = sorted(by_line.pop(line.id), key=lambda s: s.id)
                group.staff.extend(members)
                groups.append(group)
        if groups:
            out.append((dept.name, groups))
    leftovers = [s for members in by_line.values() for s in members]
    if leftovers or unknown:
        group = StaffGroup("其他", None, "未知服务项目")
        group.staff = [*sorted(leftovers, key=lambda s: s.id), *unknown]
        out.append(("其他", [group]))
    return out


def ordered_staff_ids(groups: list[tuple[str, list[StaffGroup]]]) -> list[str]:
    return [m if isinstance(m, str) else m.id
            for _, dept_groups in groups for g in dept_groups for m in g.staff]
