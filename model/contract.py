"""The contract: its terms, sites, departments, service lines with their requirements."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

from pydantic import Field, ValidationInfo, field_validator, model_validator

from model.base import Frozen
from model.plausible import MAX_TRAINING_DAYS
from model.working_time import WorkingTimeStandard

#: Service categories of an ad-hoc data set (one without its own `categories`).
DEFAULT_CATEGORIES: tuple[str, ...] = ("医技辅助类", "护理助理类", "导诊类", "医助类",
                                       "职能后勤辅助类")
#: Education levels of an ad-hoc data set, lowest first (the order decides "X及以上").
DEFAULT_EDUCATION_LEVELS: tuple[str, ...] = ("中专", "大专", "本科", "硕士")
#: A line's minimum education when its requirements name none.
DEFAULT_MIN_EDUCATION = "大专"
#: Length of an ad-hoc data set's contract, in months, and its contract years.
DEFAULT_CONTRACT_MONTHS = 36
MONTHS_PER_YEAR = 12

#: The name shown for the contract of an ad-hoc data set (one without an id).
UNNAMED_CONTRACT = "未命名合同"


def at_least(order: Sequence[str], value: str, minimum: str) -> bool:
    """Whether `value` is `minimum` 及以上: at or after it in the ordered vocabulary `order`
    (lowest first). A value outside the vocabulary never qualifies."""
    if value not in order or minimum not in order:
        return False
    return list(order).index(value) >= list(order).index(minimum)


def _money(value: object) -> object:
    if isinstance(value, float | int) and not isinstance(value, bool):
        return Decimal(str(value))
    return value


class FeeQuote(Frozen):
    """A management fee per unit and month: a flat amount in yuan, or a percent of unit_cost.
    YAML shorthand: `350` (amount) or `"6%"` (percent)."""

    amount: Annotated[Decimal, Field(ge=0)] | None = Field(
        None, description="元 per unit and month")
    percent: Annotated[Decimal, Field(ge=0, le=100)] | None = Field(
        None, description="Percent of the line's monthly cost budget (unit_cost)")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: object) -> object:
        if isinstance(value, str) and value.strip().endswith("%"):
            return {"percent": value.strip()[:-1]}
        if isinstance(value, int | float | str | Decimal) and not isinstance(value, bool):
            return {"amount": value}
        return value

    @field_validator("amount", "percent", mode="before")
    @classmethod
    def _decimal(cls, value: object) -> object:
        return _money(value)

    @model_validator(mode="after")
    def _exactly_one(self) -> FeeQuote:
        if (self.amount is None) == (self.percent is None):
            raise ValueError("管理费须给出 amount（元）或 percent（成本预算的百分比）之一")
        return self

    def fee_for(self, unit_cost: Decimal) -> Decimal:
        """The fee in yuan, rounded half up to the fen."""
        if self.amount is not None:
            fee = self.amount
        else:
            assert self.percent is not None  # exactly one is set (_exactly_one)
            fee = unit_cost * self.percent / 100
        return fee.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _vocabulary(values: tuple[str, ...], what: str) -> tuple[str, ...]:
    if not values:
        raise ValueError(f"{what}不能为空")
    repeated = sorted({v for v in values if values.count(v) > 1})
    if repeated:
        raise ValueError(f"{what}中有重复：{'、'.join(repeated)}")
    return values


def monday_of(day: date) -> date:
    """The Monday of the week `day` falls in."""
    return day - timedelta(days=day.weekday())


def next_monday(today: date | None = None) -> date:
    """`today` if it is a Monday, else the coming Monday (today: the system date)."""
    day = today or date.today()
    return day + timedelta(days=(7 - day.weekday()) % 7)


class ContractTerms(Frozen):
    """The contract's identity and terms: who it is with, how it is named, when it runs and
    for how long, the default management fee, and the data set's own vocabularies.

    A vendor keeps many contracts in one store; `id` keeps their rosters apart. An empty id
    is an ad-hoc data set (built in code or without `contract.yaml`): it gets the defaults
    below (36 months in 12-month contract years, no fee, the default vocabularies)."""

    id: str = Field("", max_length=40, pattern=r"^$|^[A-Za-z0-9][A-Za-z0-9_.-]*$",
                    description="Short contract id (letters, digits, - _ .), unique per vendor")
    hospital: str = Field("", max_length=80, description="The hospital's full name")
    short_name: str = Field("", max_length=40,
                            description="The name used in titles (the hospital's usual name)")
    title: str = Field("", max_length=80, description="What the contract is for")
    source: str = Field("", description="Where the terms come from (tender, contract)")
    start: date | None = Field(None, description="First day of the contract")
    months: int = Field(DEFAULT_CONTRACT_MONTHS, ge=1, le=240,
                        description="Length of the contract in months")
    periods_months: tuple[Annotated[int, Field(ge=1)], ...] = Field(
        (), description="The contract years (renewal periods) in months, e.g. [12, 12, 12] "
                        "for 1+1+1; empty: 12-month years (the last one the rest)")
    management_fee: FeeQuote | None = Field(
        None, description="Default management fee of every line without its own")
    categories: tuple[str, ...] = Field(
        DEFAULT_CATEGORIES, description="The service categories (服务类别), in order")
    education_levels: tuple[str, ...] = Field(
        DEFAULT_EDUCATION_LEVELS, description="Education levels, lowest first")

    @field_validator("categories")
    @classmethod
    def _categories(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _vocabulary(value, "服务类别")

    @field_validator("education_levels")
    @classmethod
    def _education_levels(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _vocabulary(value, "学历等级")

    @field_validator("periods_months")
    @classmethod
    def _periods_sum_to_length(cls, value: tuple[int, ...],
                               info: ValidationInfo) -> tuple[int, ...]:
        months = info.data.get("months")
        if value and months is not None and sum(value) != months:
            raise ValueError(f"各合同期（periods_months）之和 {sum(value)} 个月"
                             f"与合同期限 {months} 个月不符")
        return value
    working_time: WorkingTimeStandard = WorkingTimeStandard()

    @property
    def display_name(self) -> str:
        """The name a user reads in titles: short name, else full name, else the id."""
        return self.short_name or self.hospital or self.id

    @property
    def periods(self) -> tuple[int, ...]:
        """Months of each contract year (renewal period), in order."""
        if self.periods_months:
            return self.periods_months
        full, rest = divmod(self.months, MONTHS_PER_YEAR)
        return (MONTHS_PER_YEAR,) * full + ((rest,) if rest else ())

    def period_start(self, today: date | None = None) -> date:
        """The default first day of a roster or planning period: the Monday of the
        contract's first week, else the next Monday from today."""
        return monday_of(self.start) if self.start else next_monday(today)

    def reference_date(self, today: date | None = None) -> date:
        """The contract's start, else today: the date planned hires are hired for."""
        return self.start or today or date.today()

    def education_at_least(self, education: str, minimum: str) -> bool:
        """Whether `education` is `minimum` 及以上, by position in `education_levels`."""
        return at_least(self.education_levels, education, minimum)

    @property
    def label(self) -> str:
        """How a contract is named to a user: short name and id, or 未命名合同 without an id."""
        if not self.id:
            return UNNAMED_CONTRACT
        name = self.short_name or self.hospital
        return f"{name}（{self.id}）" if name else self.id


class Site(Frozen):
    """A hospital address (院区) where departments sit."""

    id: str = Field(description="Short site id, e.g. ZS43")
    name: str = Field(description="Chinese name of the site")
    address: str = Field(description="Street address as printed in the tender")


class Department(Frozen):
    """A hospital department (科室) where posts are located."""

    id: str
    name: str
    site_id: str = Field(description="Site where the department sits (a data decision)")


class CertificateType(Frozen):
    """A certificate a line may require (护士执业资格证, 消防设施操作员证 ...)."""

    id: str
    name: str
    expires: bool = Field(True, description="Whether certificates of this type expire")


class Requirements(Frozen):
    """Staff requirements of a line (section 一 of its attachment)."""

    min_education: str = Field(
        DEFAULT_MIN_EDUCATION, description="Lowest education level (X及以上), one of the data "
                                           "set's levels")
    majors: tuple[str, ...] = Field((), description="Accepted majors; empty means any")
    max_age: int | None = Field(None, description="Age limit in whole years")
    age_inclusive: bool = Field(
        True, description="True for 'X岁及以下' (age <= X), False for 'X岁以下' (age < X)")
    min_height_cm: int | None = None
    required_certificates: tuple[str, ...] = ()
    preferred_certificates: tuple[str, ...] = ()
    training_days: int = Field(14, ge=0, le=MAX_TRAINING_DAYS,
                               description="Pre-duty training before working alone (shadowed)")
    source: str = Field("", description="Seed attachment the requirements come from")

    def age_ok(self, age: int) -> bool:
        if self.max_age is None:
            return True
        return age <= self.max_age if self.age_inclusive else age < self.max_age


class ServiceLine(Frozen):
    """One of the contract's service lines (服务项目) with its price and requirements."""

    id: str = Field(description="Line id, unique in the data set")
    seq: int = Field(description="Sequence number (序号) as printed in the tender")
    name: str
    category: str = Field(description="Service category (服务类别), from the data set's categories")
    department_id: str
    headcount: int = Field(ge=0, description="单项服务数量")
    unit_cost: Decimal = Field(ge=0, description="月单项服务成本预算（元）")
    fee: FeeQuote | None = Field(
        None, description="月单项服务管理费用: the line's quote (amount or percent of unit_cost); "
                          "none: the contract's default, filled in when the data set is built")
    requirements: Requirements = Requirements()

    @model_validator(mode="before")
    @classmethod
    def _fee_from_management_fee(cls, value: object) -> object:
        """The file key `management_fee` (`350`, `"6%"`) is the line's own quote."""
        if isinstance(value, dict) and "management_fee" in value:
            value = dict(value)
            own = value.pop("management_fee")
            if value.get("fee") is None:
                value["fee"] = own
        return value

    @field_validator("unit_cost", mode="before")
    @classmethod
    def _money_from_text(cls, value: object) -> object:
        if isinstance(value, float):
            return Decimal(str(value))
        return value

    @property
    def management_fee(self) -> Decimal:
        """月单项服务管理费用（元）: the quote in yuan, rounded to the fen; 0 without one."""
        return self.fee.fee_for(self.unit_cost) if self.fee else Decimal(0)

    @property
    def unit_price(self) -> Decimal:
        """Cost budget plus management fee per unit and month."""
        return self.unit_cost + self.management_fee

    @property
    def monthly_fee(self) -> Decimal:
        """数量 x (成本预算 + 管理费)."""
        return self.headcount * self.unit_price
