"""Reading each input sheet: staff, certificates, absences, requests, pins and patterns."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from model.events import Absence, AbsenceKind, LeaveStatus, Pin, Request, RequestKind
from model.excel_io.cells import choices_text
from model.excel_io.read_row import SKILL_PART, SheetRow
from model.excel_io.reader import WorkbookReader
from model.excel_io.sheets import (
    APPROVED,
    BIRTH,
    CERT_NUMBER,
    CERT_TYPE,
    DAY,
    DEFAULT_WEIGHT,
    EDUCATION,
    EMPLOYMENT,
    END,
    EXPIRES,
    EXPLANATION,
    GENDER,
    HEIGHT,
    HIRE,
    HOURS_PERIOD,
    ID,
    KIND,
    LINE,
    MAJOR,
    NAME,
    NOTE,
    POST,
    REGIME,
    REST_DAYS,
    ROTATION,
    ROTATION_START,
    SHIFT,
    SKILLS,
    SOLO_FROM,
    START,
    STATUS,
    WEIGHT,
)
from model.patterns import WEEKDAY_NAMES, WorkPattern
from model.plausible import (
    EARLIEST_BIRTH_DATE,
    EARLIEST_DAY,
    LATEST_DAY,
    MAX_TRAINING_DAYS,
    MIN_WORKING_AGE,
    years_between,
)
from model.staff import Certificate, Employment, Gender, HoursRegime
from model.working_time import HoursPeriod


def read_staff(reader: WorkbookReader, rows: list[SheetRow] | None
               ) -> tuple[list[tuple[SheetRow, dict[str, Any]]], set[str] | None]:
    if rows is None:
        return [], None
    first_row: dict[str, int] = {}
    good: list[tuple[SheetRow, dict[str, Any]]] = []
    for row in rows:
        staff_id = row.text(ID, True)
        name = row.text(NAME, True)
        gender = row.choice(GENDER, Gender, True)
        birth = row.date(BIRTH, True)
        education = row.option(EDUCATION, reader.base.contract.education_levels, True)
        major = row.text(MAJOR, False) or ""
        height = row.integer(HEIGHT, False, minimum=1)
        hire = row.date(HIRE, True)
        line_id = reader.ref(row, LINE, reader.lines, True)
        skills = post_list(reader, row)
        employment = row.choice(EMPLOYMENT, Employment, False) or Employment.VENDOR
        regime_read = row.choice(REGIME, HoursRegime, False)
        regime = regime_read or HoursRegime.STANDARD
        period = row.choice(HOURS_PERIOD, HoursPeriod, False)
        solo = row.date(SOLO_FROM, False)
        if solo is not None and hire is not None and solo < hire:
            row.fail(SOLO_FROM, f"独立上岗日期早于入职日期（{hire.isoformat()}）",
                     row.raw(SOLO_FROM))
        elif solo is not None and hire is not None and (solo - hire).days > MAX_TRAINING_DAYS:
            row.fail(SOLO_FROM, f"独立上岗日期距入职日期（{hire.isoformat()}）超过 "
                                f"{MAX_TRAINING_DAYS} 天，岗前培训不会这么长", row.raw(SOLO_FROM))
        if birth is not None and hire is not None and plausible(birth, EARLIEST_BIRTH_DATE):
            # The hire date is checked against a plausible birth date (an implausible one is
            # reported at its own cell by the model's bounds); the model's own checks of the
            # pair name no column, so they are made here.
            if hire < birth:
                row.fail(HIRE, f"入职日期早于出生日期（{birth.isoformat()}）", row.raw(HIRE))
            elif years_between(birth, hire) < MIN_WORKING_AGE:
                row.fail(HIRE, f"入职时未满 {MIN_WORKING_AGE} 周岁（出生 {birth}，入职 {hire}）",
                         row.raw(HIRE))
        if (period is not None and regime is not HoursRegime.COMPREHENSIVE
                and (regime_read is not None or row.is_blank(REGIME))):
            # The model's own check names no column: the cell to clear is the period's.
            row.fail(HOURS_PERIOD, "综合计算周期只适用于综合计算工时，"
                                   f"{regime.value}人员不应填写", row.raw(HOURS_PERIOD))
        if staff_id is not None:
            if staff_id in first_row:
                row.fail(ID, f"工号重复（与第 {first_row[staff_id]} 行相同），工号必须唯一",
                         row.raw(ID))
            else:
                first_row[staff_id] = row.number
        if row.ok:
            good.append((row, {
                "id": staff_id, "name": name, "gender": gender, "birth_date": birth,
                "education": education, "major": major, "height_cm": height,
                "hire_date": hire, "line_id": line_id, "skills": skills,
                "employment": employment, "regime": regime, "hours_period": period,
                "solo_from": solo}))
    return good, set(first_row)


def plausible(day: date, earliest: date = EARLIEST_DAY) -> bool:
    """Whether a date lies within the plausible bounds the models check (model.plausible)."""
    return earliest <= day <= LATEST_DAY


def post_list(reader: WorkbookReader, row: SheetRow) -> tuple[str, ...]:
    text = row.text(SKILLS, False)
    if text is None:
        return ()
    # a post's name may hold a separator (、): whole names are found first, by position
    masked = text
    spans: list[tuple[int, str, str | None]] = []
    for name, known_id in sorted(reader.posts.by_name.items(), key=lambda i: -len(i[0])):
        start = masked.find(name)
        while start >= 0:
            spans.append((start, name, known_id))
            masked = masked[:start] + " " * len(name) + masked[start + len(name):]
            start = masked.find(name)
    spans += [(m.start(), m.group(0), None) for m in SKILL_PART.finditer(masked)]
    found: list[str] = []
    for _, part, known in sorted(spans, key=lambda span: span[0]):
        post_id = known or reader.posts.resolve(part)
        if post_id is None:
            row.fail(SKILLS, reader.posts.message() + "；多个岗位用 ；分隔", part)
        elif post_id not in found:
            found.append(post_id)
    return tuple(found)


def read_certificates(reader: WorkbookReader, rows: list[SheetRow] | None,
                      known: set[str] | None) -> dict[str, list[Certificate]]:
    out: dict[str, list[Certificate]] = defaultdict(list)
    first_row: dict[tuple[str, str], int] = {}
    for row in rows or ():
        staff_id = reader.staff_id(row, known)
        type_id = reader.ref(row, CERT_TYPE, reader.certs, True)
        number = row.text(CERT_NUMBER, False) or ""
        expires = row.date(EXPIRES, False)
        if staff_id is not None and type_id is not None:
            key = (staff_id, type_id)
            if key in first_row:
                row.fail(CERT_TYPE, f"同一人的证书类型重复（与第 {first_row[key]} 行相同）",
                         row.raw(CERT_TYPE))
            else:
                first_row[key] = row.number
        if row.ok and staff_id is not None:
            cert = reader.build(row, Certificate, "certificates",
                              {"type_id": type_id, "number": number, "expires_on": expires})
            if cert is not None:
                out[staff_id].append(cert)
    return out


def read_absences(reader: WorkbookReader, rows: list[SheetRow] | None,
                  known: set[str] | None) -> list[Absence]:
    out: list[Absence] = []
    numbers: list[int] = []
    for row in rows or ():
        staff_id = reader.staff_id(row, known)
        kind = row.choice(KIND, AbsenceKind, True)
        start = row.date(START, True)
        end = row.date(END, True)
        status = row.status(STATUS) if STATUS in row.cells else (
            LeaveStatus.APPROVED if row.flag(APPROVED, default=True) is not False
            else LeaveStatus.REQUESTED)
        note = row.text(NOTE, False) or ""
        if start is not None and end is not None and end < start and plausible(start):
            row.fail(END, f"结束日期早于开始日期（{start.isoformat()}）", row.raw(END))
        if row.ok:
            item = reader.build(row, Absence, "absences", {
                "staff_id": staff_id, "kind": kind, "start": start, "end": end,
                "status": status, "note": note})
            if item is not None:
                out.append(item)
                numbers.append(row.number)
    reader.rows["absences"] = numbers
    return out


def read_requests(reader: WorkbookReader, rows: list[SheetRow] | None,
                  known: set[str] | None) -> list[Request]:
    out: list[Request] = []
    numbers: list[int] = []
    first_row: dict[tuple[str, date, RequestKind, str | None], int] = {}
    for row in rows or ():
        staff_id = reader.staff_id(row, known)
        day = row.date(DAY, True)
        kind = row.choice(KIND, RequestKind, True)
        shift = reader.ref(row, SHIFT, reader.shifts, False)
        weight = row.integer(WEIGHT, False, minimum=0)
        if kind is not None and kind is not RequestKind.DAY_OFF and row.is_blank(SHIFT):
            row.fail(SHIFT, f"类型为“{kind.value}”时必须填写班次")
        if kind is RequestKind.DAY_OFF and shift is not None:
            row.fail(SHIFT, f"类型为“{kind.value}”时不填班次（请求的是整天休息）",
                     row.raw(SHIFT))
        if row.ok and staff_id is not None and day is not None and kind is not None:
            # A repeated wish would count its weight twice.
            key = (staff_id, day, kind, shift)
            if key in first_row:
                row.fail(DAY, f"重复的排班请求（与第 {first_row[key]} 行相同：同一人、同一天、"
                              "同一类型和班次）", row.raw(DAY))
            else:
                first_row[key] = row.number
        if row.ok:
            item = reader.build(row, Request, "requests", {
                "staff_id": staff_id, "day": day, "kind": kind, "shift": shift,
                "weight": DEFAULT_WEIGHT if weight is None else weight})
            if item is not None:
                out.append(item)
                numbers.append(row.number)
    reader.rows["requests"] = numbers
    return out


def read_pins(reader: WorkbookReader, rows: list[SheetRow] | None,
              known: set[str] | None) -> list[Pin]:
    out: list[Pin] = []
    numbers: list[int] = []
    for row in rows or ():
        staff_id = reader.staff_id(row, known)
        day = row.date(DAY, True)
        post_id = reader.ref(row, POST, reader.posts, False)
        shift = reader.ref(row, SHIFT, reader.shifts, False)
        if row.is_blank(POST) != row.is_blank(SHIFT):
            missing = POST if row.is_blank(POST) else SHIFT
            row.fail(missing, "岗位和班次须同时填写；两者都不填表示固定休息")
        if post_id is not None and shift is not None:
            shifts = reader.base.post_by_id[post_id].shifts
            if shift not in shifts:
                row.fail(SHIFT, f"岗位 {post_id} 没有此班次，应为：{choices_text(shifts)}",
                         row.raw(SHIFT))
        if row.ok:
            item = reader.build(row, Pin, "pins", {
                "staff_id": staff_id, "day": day, "post_id": post_id, "shift": shift})
            if item is not None:
                out.append(item)
                numbers.append(row.number)
    reader.rows["pins"] = numbers
    return out


def _parts(row: SheetRow, header: str) -> list[str]:
    """The entries of a list cell (between 、 , ， ; ； and spaces)."""
    text = row.text(header, False)
    return SKILL_PART.findall(text) if text else []


def _weekdays(row: SheetRow) -> tuple[int, ...]:
    """The rest weekdays typed in the row (周一 … 周日); each other word is a problem."""
    days = []
    for item in _parts(row, REST_DAYS):
        if item in WEEKDAY_NAMES:
            days.append(WEEKDAY_NAMES[item])
        else:
            row.fail(REST_DAYS, "休息日应写作 周一 … 周日，多个用顿号分隔", item)
    return tuple(days)


def read_patterns(reader: WorkbookReader, rows: list[SheetRow] | None) -> list[WorkPattern]:
    """The lines' preferred patterns, one row per line."""
    out: list[WorkPattern] = []
    numbers: list[int] = []
    first_row: dict[str, int] = {}
    for row in rows or ():
        line_id = reader.ref(row, LINE, reader.lines, True)
        if line_id is not None and line_id in first_row:
            row.fail(LINE, f"该服务项目已在第 {first_row[line_id]} 行给出排班模式",
                     row.raw(LINE))
        elif line_id is not None:
            first_row[line_id] = row.number
        rest = _weekdays(row)
        rotation = []
        for item in _parts(row, ROTATION):
            code = reader.shifts.resolve(item)
            if code is None:
                row.fail(ROTATION, reader.shifts.message(), item)
            else:
                rotation.append(code)
        start = row.date(ROTATION_START, False)
        if rotation and start is None and row.is_blank(ROTATION_START):
            row.fail(ROTATION_START, f"填写了{ROTATION}，须填写{ROTATION_START}（日期，周一）")
        elif start is not None and start.weekday() != 0:
            row.fail(ROTATION_START, f"{start.isoformat()} 不是周一", row.raw(ROTATION_START))
        note = row.text(EXPLANATION, False)
        if row.ok:
            item = reader.build(row, WorkPattern, "patterns", {
                "line_id": line_id, "rest_days": rest, "rotation": tuple(rotation),
                "rotation_start": start, "source": note or ""})
            if item is not None:
                out.append(item)
                numbers.append(row.number)
    reader.rows["patterns"] = numbers
    return out
