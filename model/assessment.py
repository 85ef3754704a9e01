"""The monthly assessment sheet as data (items, events, caps, bands) and its arithmetic.

A contract's sheet (seed 000 附件28 for the embedded one) lives in its data set's
`assessment.yaml`: groups of items, each item worth some points and deducted 扣完为止 (its
deductions capped at its points); each item lists its kinds of event with the points one
event costs (a fixed figure or a range the quality group chooses from); the settlement bands
turn a score into a deduction from the month's fee. Nothing here names a contract.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import Field, model_validator

from model.base import Frozen
from model.money import ZERO, to_decimal, to_fen


class EventKind(Frozen):
    """One kind of event an item deducts for, e.g. 无故迟到、早退 (5 points a time)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1, description="The sheet's words for the event")
    points: int | None = Field(None, ge=1, le=100, description="Points one event costs")
    min_points: int | None = Field(None, ge=1, le=100, description="A range's lowest points")
    max_points: int | None = Field(None, ge=1, le=100, description="A range's highest points")

    @model_validator(mode="after")
    def _points_or_range(self) -> EventKind:
        fixed = self.points is not None
        ranged = self.min_points is not None or self.max_points is not None
        if fixed == ranged:
            raise ValueError(f"考核事件 {self.name} 须填写 points（固定扣分）或 "
                             "min_points 与 max_points（扣分范围）之一")
        if ranged and (self.min_points is None or self.max_points is None
                       or self.min_points > self.max_points):
            raise ValueError(f"考核事件 {self.name} 的扣分范围须同时给出下限和上限，"
                             "且下限不大于上限")
        return self

    @property
    def lowest(self) -> int:
        return self.points if self.points is not None else self.min_points or 0

    @property
    def highest(self) -> int:
        return self.points if self.points is not None else self.max_points or 0

    @property
    def points_text(self) -> str:
        """'5 分' or '5-20 分'."""
        if self.points is not None:
            return f"{self.points} 分"
        return f"{self.min_points}-{self.max_points} 分"


class AssessmentItem(Frozen):
    """A sub-item of the sheet (e.g. 工作纪律, 20 points), deducted until used up."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    points: int = Field(ge=1, le=100)
    standard: str = Field("", description="评分标准 as printed")
    rule_text: str = Field("", description="The sheet's deduction wording as printed")
    events: tuple[EventKind, ...] = Field(min_length=1)


class AssessmentGroup(Frozen):
    """A group of items (e.g. 工作行为与态度, 30 points)."""

    name: str = Field(min_length=1)
    points: int = Field(ge=1, le=100)
    items: tuple[AssessmentItem, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _items_add_up(self) -> AssessmentGroup:
        total = sum(item.points for item in self.items)
        if total != self.points:
            raise ValueError(f"{self.name} 的各项分值之和 {total} 与该组分值 {self.points} 不符")
        return self


class BandKind(StrEnum):
    NONE = "none"  # no deduction (full fee)
    PER_POINT = "per_point"  # yuan per point lost, never more than the fee
    PERCENT = "percent"  # a share of the month's fee


class Band(Frozen):
    """A settlement band: scores of at least `at_least` (and below the band above) deduct
    nothing, so many yuan per point lost, or a percentage of the month's fee."""

    at_least: Decimal = Field(ge=0, le=100)
    kind: BandKind
    yuan_per_point: Decimal | None = Field(None, gt=0)
    percent: Decimal | None = Field(None, gt=0, le=100)

    @model_validator(mode="after")
    def _amount_given(self) -> Band:
        if self.kind is BandKind.PER_POINT and self.yuan_per_point is None:
            raise ValueError("按分扣款的档次须给出 yuan_per_point")
        if self.kind is BandKind.PERCENT and self.percent is None:
            raise ValueError("按比例扣款的档次须给出 percent")
        return self


class ShortfallBilling(StrEnum):
    """How a month with fewer service units than contracted is billed."""

    PRO_RATA = "pro_rata"  # the line's fee x units delivered / contracted headcount
    FULL = "full"  # the contracted fee whatever the units

    @property
    def label(self) -> str:
        return {"pro_rata": "按实际服务单位量比例结算", "full": "按合同数量全额结算"}[self.value]


class Proposals(Frozen):
    """Which kind of event the attendance import and the roster's gaps propose."""

    late: str = Field(description="A late arrival at a segment's start")
    early: str = Field(description="An early leave before a segment's end")
    missing_punch: str | None = Field(None, description="A segment without its in or out "
                                                        "punch; none: only noted")
    absent: str = Field(description="A rostered day without punches or approved leave")
    uncovered: str = Field(description="An uncovered required shift")


class Vendor(Frozen):
    """The contractor's details printed on the form (blank fields are written by hand)."""

    name: str = ""
    lead: str = ""
    address: str = ""
    phone: str = ""


class AssessmentSheet(Frozen):
    """A contract's monthly assessment sheet, per 岗位 (service line) and month."""

    source: str = ""
    title: str = Field(min_length=1, description="The form's title after the hospital's name")
    explanation: str = Field("", description="考核说明 as printed")
    full_points: int = Field(100, ge=1, le=1000)
    groups: tuple[AssessmentGroup, ...] = Field(min_length=1)
    bands: tuple[Band, ...] = Field(min_length=1)
    proposals: Proposals
    grace_late_minutes: int = Field(0, ge=0, le=120)
    grace_early_minutes: int = Field(0, ge=0, le=120)
    shortfall: ShortfallBilling = ShortfallBilling.PRO_RATA
    credited_leave: tuple[str, ...] = Field(
        (), description="Kinds of approved leave whose workdays count as service time "
                        "towards a service unit")
    vendor: Vendor = Vendor()

    @model_validator(mode="after")
    def _consistent(self) -> AssessmentSheet:
        total = sum(group.points for group in self.groups)
        if total != self.full_points:
            raise ValueError(f"各组分值之和 {total} 与满分 {self.full_points} 不符")
        ids = [kind.id for item in self.items for kind in item.events]
        doubled = sorted({i for i in ids if ids.count(i) > 1})
        if doubled:
            raise ValueError(f"考核事件编号重复：{'、'.join(doubled)}")
        item_ids = [item.id for item in self.items]
        if len(set(item_ids)) != len(item_ids):
            raise ValueError("考核项目编号重复")
        for name in ("late", "early", "missing_punch", "absent", "uncovered"):
            kind = getattr(self.proposals, name)
            if kind is not None and kind not in ids:
                raise ValueError(f"proposals.{name} 指向未知的考核事件 {kind}")
        floors = [band.at_least for band in self.bands]
        if floors != sorted(floors, reverse=True) or len(set(floors)) != len(floors):
            raise ValueError("结算档次须按得分下限从高到低排列，且不重复")
        if floors[-1] != 0:
            raise ValueError("最低的结算档次须从 0 分起")
        if floors[0] > self.full_points:
            raise ValueError("结算档次的得分下限不能高于满分")
        return self

    @property
    def items(self) -> tuple[AssessmentItem, ...]:
        return tuple(item for group in self.groups for item in group.items)

    def kind(self, kind_id: str) -> EventKind:
        for item in self.items:
            for kind in item.events:
                if kind.id == kind_id:
                    return kind
        raise KeyError(kind_id)

    def item_of(self, kind_id: str) -> AssessmentItem:
        for item in self.items:
            if any(kind.id == kind_id for kind in item.events):
                return item
        raise KeyError(kind_id)

    def kinds(self) -> list[EventKind]:
        return [kind for item in self.items for kind in item.events]

    def band_for(self, score: Decimal) -> Band:
        return next(band for band in self.bands if score >= band.at_least)

    def band_text(self, band: Band) -> str:
        """A band in the sheet's words, e.g. '85 ≤ 得分 < 100：每分扣 10 元'."""
        index = self.bands.index(band)
        upper = self.bands[index - 1].at_least if index else None
        span = (f"{_n(band.at_least)} ≤ 得分 < {_n(upper)}" if upper is not None
                else f"得分 ≥ {_n(band.at_least)}")
        if band.kind is BandKind.NONE:
            return f"{span}：全额结算"
        if band.kind is BandKind.PER_POINT:
            return f"{span}：每分扣 {_n(band.yuan_per_point or ZERO)} 元"
        return f"{span}：扣当月服务费的 {_n(band.percent or ZERO)}%"


def _n(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)


class EventSource(StrEnum):
    ATTENDANCE = "考勤"
    ROSTER_GAP = "排班缺口"
    QUALITY_GROUP = "质量考核小组"


class AssessmentEvent(Frozen):
    """One recorded event: a 岗位 (service line), optionally a person, a day, its kind, the
    points it costs (within the kind's range) and a note."""

    line_id: str
    staff_id: str | None = None
    day: date
    kind: str
    points: int = Field(ge=0, le=100)
    note: str = ""
    source: EventSource = EventSource.QUALITY_GROUP


def event_problems(sheet: AssessmentSheet, event: AssessmentEvent) -> list[str]:
    """What is wrong with an event under a sheet (empty: none)."""
    try:
        kind = sheet.kind(event.kind)
    except KeyError:
        return [f"未知的考核事件：{event.kind}"]
    if not kind.lowest <= event.points <= kind.highest:
        return [f"{kind.name} 每次扣 {kind.points_text}，填写了 {event.points} 分"]
    return []


class ItemScore(Frozen):
    """One item of a filled sheet: its events, the points they would take, what it loses
    (capped at the item's points) and what it keeps."""

    item: AssessmentItem
    events: tuple[AssessmentEvent, ...]
    raw_lost: int
    lost: int
    score: int


class SheetScore(Frozen):
    """A filled sheet: items, total lost, score, band and the month's deduction."""

    items: tuple[ItemScore, ...]
    lost: int
    score: Decimal
    band: Band
    fee: Decimal
    deduction: Decimal

    @property
    def payable(self) -> Decimal:
        return to_fen(self.fee) - self.deduction


def score_events(sheet: AssessmentSheet, events: Iterable[AssessmentEvent],
                 fee: Decimal | int | str) -> SheetScore:
    """The sheet filled with `events` (one 岗位's month): each item's deductions capped at
    its points (扣完为止), the score, its band and the deduction from `fee`."""
    chosen = list(events)
    for event in chosen:
        problems = event_problems(sheet, event)
        if problems:
            raise ValueError(problems[0])
    rows = []
    for item in sheet.items:
        ids = {kind.id for kind in item.events}
        mine = tuple(e for e in chosen if e.kind in ids)
        raw = sum(e.points for e in mine)
        lost = min(raw, item.points)
        rows.append(ItemScore(item=item, events=mine, raw_lost=raw, lost=lost,
                              score=item.points - lost))
    lost_total = sum(row.lost for row in rows)
    score = Decimal(sheet.full_points - lost_total)
    return SheetScore(items=tuple(rows), lost=lost_total, score=score,
                      band=sheet.band_for(score), fee=to_decimal(fee),
                      deduction=band_deduction(sheet, score, fee))


def band_deduction(sheet: AssessmentSheet, score: Decimal | int | float | str,
                   fee: Decimal | int | str) -> Decimal:
    """The deduction from a month's fee for a score, by the sheet's bands, to the fen."""
    value = to_decimal(score)
    if not ZERO <= value <= sheet.full_points:
        raise ValueError(f"考核得分应在 0 到 {sheet.full_points} 之间，得到 {score}")
    amount = to_decimal(fee)
    band = sheet.band_for(value)
    if band.kind is BandKind.NONE:
        deduction = ZERO
    elif band.kind is BandKind.PER_POINT:
        deduction = min((sheet.full_points - value) * (band.yuan_per_point or ZERO), amount)
    else:
        deduction = amount * (band.percent or ZERO) / 100
    return to_fen(deduction)


def failed_task_score(sheet: AssessmentSheet, failed_tasks: int) -> Decimal:
    """The score of a month whose only events are `failed_tasks` uncovered required shifts
    (the sheet's `uncovered` kind, under its item and that item's cap)."""
    if failed_tasks < 0:
        raise ValueError("未完成任务次数不能为负数")
    kind = sheet.kind(sheet.proposals.uncovered)
    item = sheet.item_of(kind.id)
    return Decimal(sheet.full_points - min(failed_tasks * kind.lowest, item.points))


def totals(scores: Sequence[SheetScore]) -> tuple[Decimal, Decimal]:
    """(Σ deduction, Σ payable) of several filled sheets."""
    return (sum((s.deduction for s in scores), ZERO), sum((s.payable for s in scores), ZERO))
