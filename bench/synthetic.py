"""Larger synthetic hospitals made of copies of the embedded one, for scaling benchmarks."""

from __future__ import annotations

import math

from model.contract import ServiceLine
from model.dataset import DataSet
from model.events import Absence
from model.patterns import WorkPattern
from model.posts import CoverRule, Post
from model.staff import QualificationException, Staff


def _suffix(value: str, copy: int) -> str:
    return value if copy == 0 else f"{value}_{copy}"


def _copied_exception(exception: QualificationException, copy: int) -> QualificationException:
    """A recorded exception pointing at the copy's line or post."""
    return exception.model_copy(update={
        "line_id": None if exception.line_id is None else _suffix(exception.line_id, copy),
        "post_id": None if exception.post_id is None else _suffix(exception.post_id, copy)})


def synthetic_hospital(base: DataSet, staff_count: int) -> DataSet:
    """About `staff_count` staff: whole copies of the base hospital, the last copy made of
    whole service lines (with their staff and the posts only they fill) while they fit."""
    copies = math.ceil(staff_count / len(base.staff))
    lines: list[ServiceLine] = []
    posts: list[Post] = []
    cover_rules: list[CoverRule] = []
    staff: list[Staff] = []
    absences: list[Absence] = []
    patterns: list[WorkPattern] = []
    for copy in range(copies):
        room = staff_count - len(staff)
        kept_lines = set()
        for line in base.lines:
            members = [m for m in base.staff if m.line_id == line.id]
            if len(members) <= room:
                kept_lines.add(line.id)
                room -= len(members)
        kept_posts = {p.id for p in base.posts if set(p.lines) <= kept_lines}
        lines += [line.model_copy(update={"id": _suffix(line.id, copy)})
                  for line in base.lines if line.id in kept_lines]
        posts += [post.model_copy(update={
            "id": _suffix(post.id, copy),
            "lines": tuple(_suffix(x, copy) for x in post.lines)})
            for post in base.posts if post.id in kept_posts]
        cover_rules += [rule.model_copy(update={"post_id": _suffix(rule.post_id, copy)})
                        for rule in base.cover_rules if rule.post_id in kept_posts]
        patterns += [pattern.model_copy(update={"line_id": _suffix(pattern.line_id, copy)})
                     for pattern in base.patterns if pattern.line_id in kept_lines]
        for member in base.staff:
            if member.line_id in kept_lines:
                staff.append(member.model_copy(update={
                    "id": _suffix(member.id, copy), "line_id": _suffix(member.line_id, copy),
                    "skills": tuple(_suffix(s, copy) for s in member.skills
                                    if s in kept_posts),
                    "exceptions": tuple(_copied_exception(e, copy) for e in member.exceptions
                                        if e.line_id in kept_lines or e.post_id in kept_posts),
                }))
        absences += [a.model_copy(update={"staff_id": _suffix(a.staff_id, copy)})
                     for a in base.absences
                     if base.staff_by_id[a.staff_id].line_id in kept_lines]
    return base.with_changes(
        lines=tuple(lines), posts=tuple(posts), cover_rules=tuple(cover_rules),
        patterns=tuple(patterns), staff=tuple(staff), absences=tuple(absences), requests=(),
        pins=(), tails=(),
        source=f"synthetic x{copies} ({len(staff)} staff)")
