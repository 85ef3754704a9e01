"""The whole input of a solve: contract, staff, shifts, posts, events, rules, calendar."""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import cached_property

from pydantic import Field, ValidationError, model_validator

from model.assessment import AssessmentSheet
from model.base import Frozen
from model.calendar import CalendarOverride, WorkCalendar
from model.clinics import ClinicSchedule
from model.contract import CertificateType, ContractTerms, Department, ServiceLine, Site
from model.errors import Problem
from model.events import Absence, Pin, PreviousTail, Request
from model.patterns import WorkPattern
from model.posts import CoverRule, Post
from model.rules import RuleSet
from model.shifts import ShiftType
from model.staff import Staff
from model.staffing import Staffing, derived_post
from model.tender import TenderFigures
from model.training import TrainingRecord, TrainingSession


class DataSet(Frozen):
    """Everything the solver needs. Build with `validated()` to get cross-reference checks."""

    contract: ContractTerms = ContractTerms()
    sites: tuple[Site, ...] = ()
    departments: tuple[Department, ...] = ()
    certificate_types: tuple[CertificateType, ...] = ()
    lines: tuple[ServiceLine, ...] = ()
    staff: tuple[Staff, ...] = ()
    shifts: tuple[ShiftType, ...] = ()
    posts: tuple[Post, ...] = ()
    cover_rules: tuple[CoverRule, ...] = ()
    patterns: tuple[WorkPattern, ...] = ()
    absences: tuple[Absence, ...] = ()
    requests: tuple[Request, ...] = ()
    pins: tuple[Pin, ...] = ()
    tails: tuple[PreviousTail, ...] = ()
    rules: RuleSet = RuleSet()
    calendar_overrides: tuple[CalendarOverride, ...] = ()
    training_sessions: tuple[TrainingSession, ...] = ()
    #: trainings already attended (earlier rosters, or recorded outside them)
    training_done: tuple[TrainingRecord, ...] = ()
    tender: TenderFigures | None = Field(
        None, description="The tender's printed figures to check the lines against, if any")
    assessment: AssessmentSheet | None = Field(
        None, description="The monthly assessment sheet (items, events, bands), if any")
    staffing: Staffing | None = Field(
        None, description="Clinic rooms and the rules deriving need from the 出诊表, if any")
    clinics: ClinicSchedule | None = Field(
        None, description="The doctors' schedule the posts' derived needs came from, if any")
    source: str = Field("", description="Where the data came from (folder or workbook)")

    @model_validator(mode="before")
    @classmethod
    def _default_fees(cls, value: object) -> object:
        """Lines without their own fee quote take the contract's default one."""
        if not isinstance(value, dict) or not value.get("lines"):
            return value
        contract = value.get("contract")
        try:
            terms = (contract if isinstance(contract, ContractTerms)
                     else ContractTerms.model_validate(contract or {}))
        except ValidationError:
            return value  # reported by the field's own validation
        default = terms.management_fee
        if default is None:
            return value
        lines = []
        for line in value["lines"]:
            if isinstance(line, ServiceLine) and line.fee is None:
                line = line.model_copy(update={"fee": default})
            elif (isinstance(line, dict) and line.get("fee") is None
                  and line.get("management_fee") is None):
                line = {**line, "fee": default}
            lines.append(line)
        return {**value, "lines": tuple(lines)}

    # -- lookups (built on demand, after validation) -------------------------------------
    @cached_property
    def line_by_id(self) -> dict[str, ServiceLine]:
        return {line.id: line for line in self.lines}

    @cached_property
    def staff_by_id(self) -> dict[str, Staff]:
        return {member.id: member for member in self.staff}

    @cached_property
    def shift_by_code(self) -> dict[str, ShiftType]:
        return {shift.code: shift for shift in self.shifts}

    @cached_property
    def post_by_id(self) -> dict[str, Post]:
        return {post.id: post for post in self.posts}

    @cached_property
    def department_by_id(self) -> dict[str, Department]:
        return {dept.id: dept for dept in self.departments}

    @cached_property
    def calendar(self) -> WorkCalendar:
        return WorkCalendar({o.day: o for o in self.calendar_overrides})

    @cached_property
    def display_names(self) -> dict[str, str]:
        """The data set's codes a text may carry -> their names: certificate types, posts,
        departments and sites (for model.vocabulary.plain)."""
        names: dict[str, str] = {}
        for items in (self.sites, self.departments, self.posts, self.certificate_types):
            names.update((item.id, item.name) for item in items)
        return names

    def rule_name(self, rule_id: str) -> str:
        """A rule's Chinese name as this data set has it (the checker's own checks too)."""
        from model.vocabulary import rule_name

        try:
            return self.rules[rule_id].name
        except KeyError:
            return rule_name(rule_id)

    def plain(self, text: str) -> str:
        """`text` in the hospital's words, with this data set's codes named."""
        from model.vocabulary import plain

        return plain(text, self.display_names)

    def vendor_staff(self) -> tuple[Staff, ...]:
        from model.staff import Employment

        return tuple(s for s in self.staff if s.employment is Employment.VENDOR)

    def with_clinics(self, schedule: ClinicSchedule | None) -> DataSet:
        """A validated copy whose posts take their need from `schedule` by the staffing
        rules on the schedule's dates (None: the fixed by-day-kind demand everywhere)."""
        staffing = self.staffing or Staffing()
        posts = tuple(derived_post(post, staffing, schedule) for post in self.posts)
        return self.with_changes(clinics=schedule, posts=posts)

    def with_changes(self, **changes: object) -> DataSet:
        """A validated copy with some collections replaced."""
        data = {name: getattr(self, name) for name in type(self).model_fields}
        data.update(changes)
        if "posts" in changes and "staffing" not in changes and self.staffing is not None:
            kept = {post.id for post in changes["posts"]}  # type: ignore[attr-defined]
            data["staffing"] = self.staffing.model_copy(update={"rules": tuple(
                rule for rule in self.staffing.rules if rule.post_id in kept)})
        return DataSet(**data).validated()

    # -- validation ----------------------------------------------------------------------
    def problems(self) -> list[Problem]:
        """Every cross-reference problem, each located by collection, row and field."""
        found: list[Problem] = []
        found += _duplicates(self.source, "sites", [s.id for s in self.sites])
        found += _duplicates(self.source, "departments", [d.id for d in self.departments])
        found += _duplicates(self.source, "certificate_types",
                             [c.id for c in self.certificate_types])
        found += _duplicates(self.source, "lines", [line.id for line in self.lines])
        found += _duplicates(self.source, "staff", [s.id for s in self.staff], field="工号")
        found += _duplicates(self.source, "shifts", [s.code for s in self.shifts], field="code")
        found += _duplicates(self.source, "posts", [p.id for p in self.posts])
        found += self._vocabulary_refs()
        found += self._department_refs()
        found += self._line_refs()
        found += self._staff_refs()
        found += self._post_refs()
        found += self._event_refs()
        found += self._pattern_refs()
        found += self._staffing_refs()
        found += self._training_refs()
        return found

    def validated(self) -> DataSet:
        from model.errors import DataError

        problems = self.problems()
        if problems:
            raise DataError(problems)
        return self

    def _problem(self, where: str, row: int, field: str, message: str, value: object) -> Problem:
        return Problem(self.source or "数据", message, row=row, field=field, value=value,
                       sheet=where)

    def _vocabulary_refs(self) -> list[Problem]:
        """Categories and education levels must be the contract's own (contract.yaml)."""
        categories = self.contract.categories
        levels = self.contract.education_levels
        out = []
        for i, line in enumerate(self.lines, 1):
            if line.category not in categories:
                out.append(self._problem("lines", i, "category",
                                         f"未知服务类别（可选：{'、'.join(categories)}）",
                                         line.category))
            if line.requirements.min_education not in levels:
                out.append(self._problem("lines", i, "requirements.min_education",
                                         f"未知学历（可选：{'、'.join(levels)}）",
                                         line.requirements.min_education))
        for i, member in enumerate(self.staff, 1):
            if member.education not in levels:
                out.append(self._problem("staff", i, "education",
                                         f"未知学历（可选：{'、'.join(levels)}）",
                                         member.education))
        return out

    def _department_refs(self) -> list[Problem]:
        sites = {s.id for s in self.sites}
        return [self._problem("departments", i, "site_id", "未知院区", d.site_id)
                for i, d in enumerate(self.departments, 1) if sites and d.site_id not in sites]

    def _line_refs(self) -> list[Problem]:
        depts = {d.id for d in self.departments}
        certs = {c.id for c in self.certificate_types}
        out = []
        for i, line in enumerate(self.lines, 1):
            if line.department_id not in depts:
                out.append(self._problem("lines", i, "department_id", "未知科室",
                                         line.department_id))
            reqs = line.requirements
            for cert in (*reqs.required_certificates, *reqs.preferred_certificates):
                if cert not in certs:
                    out.append(self._problem("lines", i, "certificates", "未知证书类型", cert))
        return out

    def _staff_refs(self) -> list[Problem]:
        certs = {c.id for c in self.certificate_types}
        posts = {p.id for p in self.posts}
        out = []
        for i, member in enumerate(self.staff, 1):
            if member.line_id not in self.line_by_id:
                out.append(self._problem("staff", i, "line_id", "未知服务项目", member.line_id))
            for skill in member.skills:
                if skill not in posts:
                    out.append(self._problem("staff", i, "skills", "未知岗位", skill))
            for cert in member.certificates:
                if cert.type_id not in certs:
                    out.append(self._problem("staff", i, "certificates", "未知证书类型",
                                             cert.type_id))
            for n, exception in enumerate(member.exceptions):
                if exception.line_id is not None and exception.line_id not in self.line_by_id:
                    out.append(self._problem("staff", i, f"exceptions.{n}.line_id",
                                             "未知服务项目", exception.line_id))
                if exception.post_id is not None and exception.post_id not in posts:
                    out.append(self._problem("staff", i, f"exceptions.{n}.post_id", "未知岗位",
                                             exception.post_id))
        return out

    def _post_refs(self) -> list[Problem]:
        depts = {d.id for d in self.departments}
        certs = {c.id for c in self.certificate_types}
        out = []
        for i, post in enumerate(self.posts, 1):
            if post.department_id not in depts:
                out.append(self._problem("posts", i, "department_id", "未知科室",
                                         post.department_id))
            for line_id in post.lines:
                if line_id not in self.line_by_id:
                    out.append(self._problem("posts", i, "lines", "未知服务项目", line_id))
            for cert in post.required_certificates:
                if cert not in certs:
                    out.append(self._problem("posts", i, "required_certificates",
                                             "未知证书类型", cert))
            for shift in post.shifts:
                if shift not in self.shift_by_code:
                    out.append(self._problem("posts", i, "demand.shift", "未知班次", shift))
        for i, rule in enumerate(self.cover_rules, 1):
            rule_post = self.post_by_id.get(rule.post_id)
            if rule_post is None:
                out.append(self._problem("cover_rules", i, "post_id", "未知岗位", rule.post_id))
                continue
            for shift in (rule.shift, *rule.absorbers):
                if shift not in rule_post.shifts:
                    out.append(self._problem("cover_rules", i, "shift", "该岗位没有此班次",
                                             shift))
        return out

    def _event_refs(self) -> list[Problem]:
        out = []
        groups: list[tuple[str, tuple]] = [("absences", self.absences),
                                           ("requests", self.requests), ("pins", self.pins),
                                           ("tails", self.tails)]
        for name, items in groups:
            for i, item in enumerate(items, 1):
                if item.staff_id not in self.staff_by_id:
                    out.append(self._problem(name, i, "staff_id", "未知工号", item.staff_id))
        first: dict[tuple, int] = {}
        for i, absence in enumerate(self.absences, 1):
            key = (absence.staff_id, absence.kind, absence.start, absence.end)
            if key in first:
                out.append(self._problem("absences", i, "start",
                                         "重复的请假（同一人、同一类别、同样的起止日期）",
                                         absence.start))
            first.setdefault(key, i)
        for i, req in enumerate(self.requests, 1):
            if req.shift and req.shift not in self.shift_by_code:
                out.append(self._problem("requests", i, "shift", "未知班次", req.shift))
        for i, pin in enumerate(self.pins, 1):
            if pin.post_id is None:
                continue
            post = self.post_by_id.get(pin.post_id)
            if post is None:
                out.append(self._problem("pins", i, "post_id", "未知岗位", pin.post_id))
            elif pin.shift not in post.shifts:
                out.append(self._problem("pins", i, "shift", "该岗位没有此班次", pin.shift))
        return out

    def _pattern_refs(self) -> list[Problem]:
        """A pattern names a line that exists (once) and shifts of that line's posts."""
        out = []
        seen: set[str] = set()
        for i, pattern in enumerate(self.patterns, 1):
            if pattern.line_id not in self.line_by_id:
                out.append(self._problem("patterns", i, "line_id", "未知服务项目",
                                         pattern.line_id))
                continue
            if pattern.line_id in seen:
                out.append(self._problem("patterns", i, "line_id", "该服务项目已有排班模式",
                                         pattern.line_id))
            seen.add(pattern.line_id)
            own = {t for post in self.posts if pattern.line_id in post.lines
                   for t in post.shifts}
            for shift in pattern.rotation:
                if shift not in self.shift_by_code:
                    out.append(self._problem("patterns", i, "rotation", "未知班次", shift))
                elif shift not in own:
                    out.append(self._problem("patterns", i, "rotation",
                                             "该服务项目的岗位没有此班次", shift))
        return out

    def _staffing_refs(self) -> list[Problem]:
        """Rooms in known departments; each rule on a known post's shift of `demand` (once),
        counting known departments and rooms."""
        if self.staffing is None:
            return []
        depts = {d.id for d in self.departments}
        rooms = self.staffing.room_by_id
        out = _duplicates(self.source, "rooms", [r.id for r in self.staffing.rooms])
        out += [self._problem("rooms", i, "department_id", "未知科室", room.department_id)
                for i, room in enumerate(self.staffing.rooms, 1)
                if room.department_id not in depts]
        seen: set[tuple[str, str]] = set()
        for i, rule in enumerate(self.staffing.rules, 1):
            post = self.post_by_id.get(rule.post_id)
            if post is None:
                out.append(self._problem("rules", i, "post_id", "未知岗位", rule.post_id))
            elif post.demand_for(rule.shift) is None:
                out.append(self._problem("rules", i, "shift",
                                         "该岗位没有按日期类型需求的此班次", rule.shift))
            if (rule.post_id, rule.shift) in seen:
                out.append(self._problem("rules", i, "shift",
                                         "该岗位的此班次已有配置规则", rule.shift))
            seen.add((rule.post_id, rule.shift))
            out += [self._problem("rules", i, "departments", "未知科室", dept)
                    for dept in rule.departments if dept not in depts]
            out += [self._problem("rules", i, "rooms", "未知诊室", room)
                    for room in rule.rooms if room not in rooms]
        return out

    def _training_refs(self) -> list[Problem]:
        """Sessions: unique ids, known lines; records: known staff."""
        out = _duplicates(self.source, "training_sessions",
                          [s.id for s in self.training_sessions])
        for i, session in enumerate(self.training_sessions, 1):
            for line_id in session.lines:
                if line_id not in self.line_by_id:
                    out.append(self._problem("training_sessions", i, "lines", "未知服务项目",
                                             line_id))
        for i, record in enumerate(self.training_done, 1):
            if record.staff_id not in self.staff_by_id:
                out.append(self._problem("training_done", i, "staff_id", "未知工号",
                                         record.staff_id))
        return out

    @cached_property
    def training_session_by_id(self) -> dict[str, TrainingSession]:
        return {s.id: s for s in self.training_sessions}

    def absences_on(self, staff_id: str, day: date) -> list[Absence]:
        return [a for a in self.absences if a.staff_id == staff_id and a.covers(day)]

    def recorded_absence(self, staff_id: str, start: date, end: date) -> Absence | None:
        """The approved absence of `staff_id` already covering `start`..`end`, if any (a
        re-plan for it would change nothing)."""
        return next((a for a in self.absences if a.staff_id == staff_id and a.approved
                     and a.start <= start and end <= a.end), None)


def _duplicates(source: str, where: str, ids: list[str], field: str = "id") -> list[Problem]:
    counts = Counter(ids)
    return [Problem(source or "数据", "重复的编号", row=i, field=field, value=item, sheet=where)
            for i, item in enumerate(ids, 1) if counts[item] > 1]
