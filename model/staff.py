"""Staff members, their certificates, skills and working-hour regime."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field, model_validator

from model.base import Frozen
from model.contract import Education


class Gender(StrEnum):
    MALE = "男"
    FEMALE = "女"


class Employment(StrEnum):
    """Who employs the person: the outsourcing vendor, or the hospital itself."""

    VENDOR = "外包"
    HOSPITAL = "院方"


class HoursRegime(StrEnum):
    """Working-hour regime (劳动法 Art. 36/39)."""

    STANDARD = "标准工时"  # 8 h a day, 40 h a week
    COMPREHENSIVE = "综合计算工时"  # hours averaged over the period (24-hour posts)


class Certificate(Frozen):
    """A certificate held by a staff member."""

    type_id: str
    number: str = ""
    expires_on: date | None = Field(None, description="Last valid day; None = no expiry")

    def valid_on(self, day: date) -> bool:
        return self.expires_on is None or day <= self.expires_on


class Staff(Frozen):
    """A staff member (工号 = id)."""

    id: str = Field(description="工号")
    name: str
    gender: Gender
    birth_date: date
    education: Education
    major: str = ""
    height_cm: int | None = None
    hire_date: date
    line_id: str = Field(description="Primary service line")
    skills: tuple[str, ...] = Field(
        (), description="Other posts (post ids) this person is trained for and may be borrowed to")
    certificates: tuple[Certificate, ...] = ()
    employment: Employment = Employment.VENDOR
    regime: HoursRegime = HoursRegime.STANDARD

    @model_validator(mode="after")
    def _dates_in_order(self) -> Staff:
        if self.hire_date < self.birth_date:
            raise ValueError("入职日期早于出生日期")
        return self

    def age_on(self, day: date) -> int:
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years

    def certificate(self, type_id: str) -> Certificate | None:
        for cert in self.certificates:
            if cert.type_id == type_id:
                return cert
        return None

    def holds_valid(self, type_id: str, day: date) -> bool:
        cert = self.certificate(type_id)
        return cert is not None and cert.valid_on(day)
