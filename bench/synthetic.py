"""Larger synthetic hospitals made of copies of the embedded one, for scaling benchmarks."""

from __future__ import annotations

import math

from model.dataset import DataSet


def _suffix(value: str, copy: int) -> str:
    return value if copy == 0 else f"{value}_{copy}"


def synthetic_hospital(base: DataSet, staff_count: int) -> DataSet:
    """`staff_count` staff: whole copies of the base hospital (lines, posts, cover rules,
    staff, absences), the last copy cut short, so its demand shows as gaps."""
    copies = math.ceil(staff_count / len(base.staff))
    lines, posts, cover_rules, staff, absences = [], [], [], [], []
    for copy in range(copies):
        lines += [line.model_copy(update={"id": _suffix(line.id, copy)}) for line in base.lines]
        posts += [post.model_copy(update={
            "id": _suffix(post.id, copy),
            "lines": tuple(_suffix(x, copy) for x in post.lines)}) for post in base.posts]
        cover_rules += [rule.model_copy(update={"post_id": _suffix(rule.post_id, copy)})
                        for rule in base.cover_rules]
        for member in base.staff:
            if len(staff) == staff_count:
                break
            staff.append(member.model_copy(update={
                "id": _suffix(member.id, copy), "line_id": _suffix(member.line_id, copy),
                "skills": tuple(_suffix(s, copy) for s in member.skills)}))
        absences += [a.model_copy(update={"staff_id": _suffix(a.staff_id, copy)})
                     for a in base.absences]
    kept = {m.id for m in staff}
    return base.with_changes(
        lines=tuple(lines), posts=tuple(posts), cover_rules=tuple(cover_rules),
        staff=tuple(staff), absences=tuple(a for a in absences if a.staff_id in kept),
        requests=(), pins=(), tails=(), source=f"synthetic x{copies} ({staff_count} staff)")
