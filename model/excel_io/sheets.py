"""The template's sheets: sheet and column names, and each input sheet's columns."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from model.events import AbsenceKind, LeaveStatus, RequestKind
from model.staff import Employment, Gender, HoursRegime
from model.working_time import HoursPeriod

# -- sheet and column names --------------------------------------------------------------------
SHEET_HELP = "说明"
SHEET_STAFF = "人员"
SHEET_CERTIFICATES = "证书"
SHEET_ABSENCES = "请假"
SHEET_REQUESTS = "排班请求"
SHEET_PINS = "固定排班"
SHEET_PATTERNS = "排班模式"
SHEET_OPTIONS = "选项"

ID = "工号"
NAME = "姓名"
GENDER = "性别"
BIRTH = "出生日期"
EDUCATION = "学历"
MAJOR = "专业"
HEIGHT = "身高cm"
HIRE = "入职日期"
LINE = "服务项目"
SKILLS = "其他已培训岗位"
EMPLOYMENT = "用工方式"
REGIME = "工时制度"
HOURS_PERIOD = "综合计算周期"
SOLO_FROM = "独立上岗日期"
CERT_TYPE = "证书类型"
CERT_NUMBER = "证书编号"
EXPIRES = "有效期至"
KIND = "类型"
START = "开始日期"
END = "结束日期"
APPROVED = "已批准"  # the former yes/no column of 请假, still read in older workbooks
STATUS = "状态"
NOTE = "备注"
DAY = "日期"
SHIFT = "班次"
WEIGHT = "权重"
POST = "岗位"
REST_DAYS = "固定休息日"
ROTATION = "轮换班次"
ROTATION_START = "轮换起始周一"
EXPLANATION = "说明"

DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"
YES, NO = "是", "否"
DEFAULT_WEIGHT = 10
#: Rows below the data that still get drop-downs and formats, for new entries.
SPARE_ROWS = 500


# -- sheet specification -------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    """One input column: its header, whether it must be filled, its kind and help text."""

    header: str
    kind: str  # text | date | int | choice | ref | list
    required: bool
    help: str
    options: str | None = None  # key of the 选项 list used for its drop-down
    width: int = 12


@dataclass(frozen=True)
class SheetSpec:
    name: str
    purpose: str
    columns: tuple[Column, ...]
    #: (former header, header it stands for): a workbook with the former column still reads
    legacy: tuple[tuple[str, str], ...] = ()
    #: a workbook without the sheet still reads (what it holds stays as it was)
    optional: bool = False

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)


def enum_text(enum: type[StrEnum]) -> str:
    return "、".join(member.value for member in enum)


STAFF_SPEC = SheetSpec(SHEET_STAFF, "每行一名人员（外包或院方），工号不可重复。", (
    Column(ID, "text", True, "人员编号，唯一，按文本填写", width=12),
    Column(NAME, "text", True, "姓名", width=10),
    Column(GENDER, "choice", True, f"取值：{enum_text(Gender)}", "gender", 6),
    Column(BIRTH, "date", True, "日期 YYYY-MM-DD", width=12),
    Column(EDUCATION, "choice", True, "取值：从下拉列表选择本合同的学历等级", "education", 8),
    Column(MAJOR, "text", False, "所学专业，可不填", width=12),
    Column(HEIGHT, "int", False, "整数，单位厘米，可不填", width=8),
    Column(HIRE, "date", True, "日期 YYYY-MM-DD，不能早于出生日期", width=12),
    Column(LINE, "ref", True, "服务项目编号，可从下拉列表选择“编号 名称”", "line", 24),
    Column(SKILLS, "list", False, "其他已培训、可借调的岗位（名称），多个用 ；分隔", width=18),
    Column(EMPLOYMENT, "choice", False, f"取值：{enum_text(Employment)}；不填为 外包",
           "employment", 9),
    Column(REGIME, "choice", False, f"取值：{enum_text(HoursRegime)}；不填为 标准工时",
           "regime", 13),
    Column(HOURS_PERIOD, "choice", False,
           f"取值：{enum_text(HoursPeriod)}；只在综合计算工时时填写（劳动行政部门批准的周期），"
           "不填为 月", "hours_period", 12),
    Column(SOLO_FROM, "date", False, "日期 YYYY-MM-DD，不早于入职日期；不填为 入职日期 + 本项目岗前"
           "培训天数（培训期内须带教跟班，不计入在岗人数）", width=12),
))
CERT_SPEC = SheetSpec(SHEET_CERTIFICATES,
                      "每行一本证书；同一人可有多行，但同一证书类型只能一行。", (
    Column(ID, "text", True, "人员表中已有的工号", width=12),
    Column(CERT_TYPE, "ref", True, "证书类型编号，从下拉列表选择", "cert", 16),
    Column(CERT_NUMBER, "text", False, "证书编号，可不填", width=20),
    Column(EXPIRES, "date", False, "最后有效日 YYYY-MM-DD；长期有效则不填", width=12),
))
ABSENCE_SPEC = SheetSpec(SHEET_ABSENCES, "每行一段请假或外出，开始和结束日期都包含在内。", (
    Column(ID, "text", True, "人员表中已有的工号", width=12),
    Column(KIND, "choice", True, f"取值：{enum_text(AbsenceKind)}", "absence_kind", 8),
    Column(START, "date", True, "日期 YYYY-MM-DD", width=12),
    Column(END, "date", True, "日期 YYYY-MM-DD，不能早于开始日期", width=12),
    Column(STATUS, "choice", False,
           f"取值：{enum_text(LeaveStatus)}；不填为 已批准。已批准的请假一定休息，待批准的按"
           "休息请求尽量满足，已驳回的照常上班（只为留有记录）", "leave_status", 8),
    Column(NOTE, "text", False, "备注，可不填", width=24),
), legacy=((APPROVED, STATUS),))
REQUEST_SPEC = SheetSpec(SHEET_REQUESTS,
                         "每行一个排班意愿，在满足硬性规则的前提下按权重尽量满足。", (
    Column(ID, "text", True, "人员表中已有的工号", width=12),
    Column(DAY, "date", True, "日期 YYYY-MM-DD", width=12),
    Column(KIND, "choice", True, f"取值：{enum_text(RequestKind)}", "request_kind", 8),
    Column(SHIFT, "ref", False, "班次代码；类型为 想上/不想上 时必填，休息 时不填", "shift", 8),
    Column(WEIGHT, "int", False, f"不小于 0 的整数，越大越优先；不填为 {DEFAULT_WEIGHT}",
           width=8),
))
PIN_SPEC = SheetSpec(SHEET_PINS, "每行固定一个人某天的安排，排班时不会改动。", (
    Column(ID, "text", True, "人员表中已有的工号", width=12),
    Column(DAY, "date", True, "日期 YYYY-MM-DD", width=12),
    Column(POST, "ref", False, "岗位编号；岗位和班次都不填表示固定休息", "post", 12),
    Column(SHIFT, "ref", False, "该岗位的班次代码；须与岗位同时填写", "shift", 8),
))

PATTERN_SPEC = SheetSpec(
    SHEET_PATTERNS, "每行一个服务项目的排班模式（稳定排班模式）：固定休息日，和/或按周轮换的班次"
    "（轮换起始周本项目第 1 人上第 1 个班次、第 2 人上第 2 个……以后每周顺延一个）。"
    "删除本工作表则沿用现有的排班模式。", (
        Column(LINE, "ref", True, "服务项目编号，可从下拉列表选择“编号 名称”；每个项目一行",
               "line", 24),
        Column(REST_DAYS, "list", False, "固定休息的星期，如 周六、周日，多个用顿号分隔；"
               "调休上班日照常上班", width=14),
        Column(ROTATION, "list", False, "按周轮换的班次代码，每周一个，如 A、P、N，"
               "多个用顿号分隔", width=14),
        Column(ROTATION_START, "date", False, "日期 YYYY-MM-DD，须为周一；填写轮换班次时必填",
               width=12),
        Column(EXPLANATION, "text", False, "为何采用此模式，可不填", width=30),
    ), optional=True)

#: Input sheets in workbook order.
SHEETS: tuple[SheetSpec, ...] = (STAFF_SPEC, CERT_SPEC, ABSENCE_SPEC, REQUEST_SPEC, PIN_SPEC,
                                  PATTERN_SPEC)
