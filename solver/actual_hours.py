"""Planned and actual hours of a month per person, computed by the checker from given cells."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from model.actual_hours_excel import ActualReport, ActualRow
from model.calendar import month_bounds
from model.dataset import DataSet
from model.roster import Assignment
from model.training import TrainingAttendance
from solver.check import evaluate


def actual_hours_report(data: DataSet, year: int, month: int, chosen: Mapping[date, int],
                        actual_cells: Mapping[date, Sequence[Assignment]],
                        planned_cells: Mapping[date, Sequence[Assignment]],
                        actual_training: Sequence[TrainingAttendance] = (),
                        planned_training: Sequence[TrainingAttendance] = ()) -> ActualReport:
    """Per person planned and actual hours of a month, overtime by pay category, nights,
    weekends and holidays worked, all from solver.check on the roster in force (actual) and
    the first published roster of each day (planned), each with its training attendances
    (training time is working time). `chosen` is the version in force per day (not empty);
    `data` is the data set of the latest of them, without tails."""
    first, last = month_bounds(year, month)
    n_days = (last - first).days + 1
    latest = max(chosen.values())
    notes = []
    staff_ids = set(data.staff_by_id)
    foreign = sorted({a.staff_id for items in actual_cells.values() for a in items}
                     - staff_ids)
    if foreign:
        notes.append(f"以下工号不在最新版本 {latest} 的数据中，未计入：{', '.join(foreign)}")

    def flat(cells: Mapping[date, Sequence[Assignment]]) -> list[Assignment]:
        return [a for items in cells.values() for a in items if a.staff_id in staff_ids]

    def attended(training: Sequence[TrainingAttendance]) -> list[TrainingAttendance] | None:
        kept = [t for t in training if t.staff_id in staff_ids and first <= t.day <= last]
        return kept or None  # None: no training rules checked, only the hours wanted

    actual = {s.staff_id: s for s in evaluate(data, first, n_days, flat(actual_cells),
                                              attended(actual_training)).staff_summary}
    planned = {s.staff_id: s for s in evaluate(data, first, n_days, flat(planned_cells),
                                               attended(planned_training)).staff_summary}
    rows = []
    for member in data.vendor_staff():
        a, p = actual.get(member.id), planned.get(member.id)
        if a is None or p is None:
            continue
        rows.append(ActualRow(
            staff_id=member.id, name=member.name, line_id=member.line_id,
            planned_hours=p.hours, actual_hours=a.hours,
            overtime_150_hours=a.overtime_150_hours, overtime_200_hours=a.overtime_200_hours,
            overtime_300_hours=a.overtime_300_hours, overtime_hours=a.overtime_hours,
            planned_overtime_hours=p.overtime_hours, nights=a.nights,
            weekend_days=a.weekend_days, holiday_days=a.holiday_days,
            days_worked=a.days_worked))
    missing = tuple(first + timedelta(days=d) for d in range(n_days)
                    if first + timedelta(days=d) not in chosen)
    return ActualReport(year=year, month=month, rows=tuple(rows), days_without_roster=missing,
                        versions=tuple(sorted(set(chosen.values()))), notes=tuple(notes))
