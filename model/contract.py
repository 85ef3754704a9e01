"""The contract: sites, departments, service lines with their requirements, certificates."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import Field, field_validator

from model.base import Frozen

#: The name shown for the contract of an ad-hoc data set (one without an id).
UNNAMED_CONTRACT = "未命名合同"


class Category(StrEnum):
    """The five service categories of seed 000, section 3."""

    MEDTECH = "医技辅助类"
    NURSING = "护理助理类"
    GUIDE = "导诊类"
    DOCTOR_ASSISTANT = "医助类"
    SUPPORT = "职能后勤辅助类"


class Education(StrEnum):
    """Education levels named in the attachments, lowest first."""

    SECONDARY = "中专"
    COLLEGE = "大专"
    BACHELOR = "本科"
    MASTER = "硕士"

    @property
    def rank(self) -> int:
        return list(Education).index(self)


class ContractTerms(Frozen):
    """Who the contract is with and how it is named: the identity of a data set.

    A vendor keeps many contracts in one store; `id` keeps their rosters apart. An empty id
    is an ad-hoc data set (built in code or without `contract.yaml`)."""

    id: str = Field("", max_length=40, pattern=r"^$|^[A-Za-z0-9][A-Za-z0-9_.-]*$",
                    description="Short contract id (letters, digits, - _ .), unique per vendor")
    hospital: str = Field("", max_length=80, description="The hospital's full name")
    short_name: str = Field("", max_length=40,
                            description="The name used in titles (the hospital's usual name)")
    title: str = Field("", max_length=80, description="What the contract is for")
    source: str = Field("", description="Where the terms come from (tender, contract)")

    @property
    def display_name(self) -> str:
        """The name a user reads in titles: short name, else full name, else the id."""
        return self.short_name or self.hospital or self.id

    @property
    def label(self) -> str:
        """How a contract is named to a user: short name and id, or 未命名合同 without an id."""
        if not self.id:
            return UNNAMED_CONTRACT
        name = self.short_name or self.hospital
        return f"{name}（{self.id}）" if name else self.id


class Site(Frozen):
    """A hospital address from seed 000, 3.1."""

    id: str = Field(description="Short site id, e.g. ZS43")
    name: str = Field(description="Chinese name of the site")
    address: str = Field(description="Street address as printed in seed 000")


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

    min_education: Education = Education.COLLEGE
    majors: tuple[str, ...] = Field((), description="Accepted majors; empty means any")
    max_age: int | None = Field(None, description="Age limit in whole years")
    age_inclusive: bool = Field(
        True, description="True for 'X岁及以下' (age <= X), False for 'X岁以下' (age < X)")
    min_height_cm: int | None = None
    required_certificates: tuple[str, ...] = ()
    preferred_certificates: tuple[str, ...] = ()
    training_days: int = Field(14, ge=0, description="Pre-duty training before working alone")
    source: str = Field("", description="Seed attachment the requirements come from")

    def age_ok(self, age: int) -> bool:
        if self.max_age is None:
            return True
        return age <= self.max_age if self.age_inclusive else age < self.max_age


class ServiceLine(Frozen):
    """One of the contract's service lines (服务项目) with its price and requirements."""

    id: str = Field(description="Line id, L01..L27 for the contract's lines")
    seq: int = Field(description="Sequence number (序号) as printed in seed 000")
    name: str
    category: Category
    department_id: str
    headcount: int = Field(ge=0, description="单项服务数量")
    unit_cost: Decimal = Field(ge=0, description="月单项服务成本预算（元）")
    management_fee: Decimal = Field(Decimal(0), ge=0, description="月单项服务管理费用（元）")
    requirements: Requirements = Requirements()

    @field_validator("unit_cost", "management_fee", mode="before")
    @classmethod
    def _money_from_text(cls, value: object) -> object:
        if isinstance(value, float):
            return Decimal(str(value))
        return value

    @property
    def unit_price(self) -> Decimal:
        """Cost budget plus management fee per unit and month."""
        return self.unit_cost + self.management_fee

    @property
    def monthly_fee(self) -> Decimal:
        """Note 3 of seed 000: 数量 x (成本预算 + 管理费)."""
        return self.headcount * self.unit_price
