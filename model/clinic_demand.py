"""The demand of a period per post, day and shift as the solver uses it, with the clinic
sessions behind each derived need (for the CLI's `roster demand` and the app's 需求 tab)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from model.calendar import DayKind
from model.dataset import DataSet
from model.posts import Need, NeedSource, Post


@dataclass(frozen=True)
class DemandRow:
    """One post's need on one shift and date; `derived` when the 出诊表 gave it."""

    post: Post
    day: date
    kind: DayKind
    shift: str
    need: Need
    supply: int
    derived: bool
    sources: tuple[NeedSource, ...] = ()

    @property
    def vendor_min(self) -> int:
        """Vendor people required (the minimum less the hospital's own supply)."""
        return max(0, self.need.min - self.supply)


def demand_rows(data: DataSet, start: date, n_days: int, *, derived_only: bool = False
                ) -> list[DemandRow]:
    """Every (post, date, shift of `demand`) of the period with its need; `derived_only`
    keeps the posts a staffing rule covers."""
    rows = []
    for day in data.calendar.days(start, n_days):
        for post in data.posts:
            if derived_only and not post.derived:
                continue
            for demand in post.demand:
                item = post.derived_need(demand.shift, day.day)
                rows.append(DemandRow(
                    post, day.day, day.kind, demand.shift,
                    post.need_on(demand.shift, day.day, day.kind), demand.supply(day.kind),
                    item is not None, item.sources if item is not None else ()))
    return rows


def shifts_needed(data: DataSet, start: date, n_days: int) -> dict[str, int]:
    """Per post id: vendor shifts required over the period (sum of the minimum less supply)."""
    out: dict[str, int] = defaultdict(int)
    for row in demand_rows(data, start, n_days):
        out[row.post.id] += row.vendor_min
    return dict(out)


def sources_text(sources: tuple[NeedSource, ...], limit: int = 6) -> str:
    """The sessions behind a need in the hospital's words: per 时段, the rooms and doctors."""
    if not sources:
        return "无出诊"
    by_period: dict[str, list[NeedSource]] = defaultdict(list)
    for source in sources:
        by_period[source.period].append(source)
    parts = []
    for period, items in by_period.items():
        shown = "、".join(f"{s.room} {s.doctor}" for s in items[:limit])
        more = f" 等 {len(items)} 诊" if len(items) > limit else ""
        parts.append(f"{period} {len(items)} 诊：{shown}{more}")
    return "；".join(parts)


def need_text(need: Need) -> str:
    """A need as the roster planner writes it: 2 人, or 1-2 人 (minimum-target)."""
    if need.min == need.target:
        return f"{need.min} 人"
    return f"{need.min}-{need.target} 人"


def need_changes(before: DataSet, after: DataSet) -> list[tuple[Post, date, str, Need, Need]]:
    """(post, date, shift, need before, need after) wherever a re-derived need differs."""
    out = []
    for post in after.posts:
        old = before.post_by_id.get(post.id)
        if old is None:
            continue
        for item in post.derived:
            previous = old.derived_need(item.shift, item.day)
            if previous is not None and previous.need != item.need:
                out.append((post, item.day, item.shift, previous.need, item.need))
    return sorted(out, key=lambda change: (change[1], change[0].id, change[2]))
