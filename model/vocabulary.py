"""The hospital's words for what the code and the data files name by id: rules, source
documents, field paths, calendar sources; `plain()` turns a developer's text into them.

The ids and references stay in the code and the data (they are for developers); every text
that reaches a user passes through `plain()` (or one of the lookups below) when it is shown.
Names of the data set's own things (certificates, posts) come from the data set
(`model.dataset.DataSet.display_names`), never from here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from model.rules import DEFAULT_RULES

#: The source documents (the seeds) by number: the contract's tender document and the
#: service norms it was planned with, by their Chinese titles.
SOURCE_TITLES: dict[str, str] = {
    "000": "招标文件",
    "001": "《经营部工作手册》",
    "002": "《服务窗口和医技辅助及后勤服务科室优质服务提升行动实施方案》",
    "003": "《市属医院“一站式”后勤服务中心创建工作方案》",
    "004": "《医疗保障窗口服务规范》",
}
#: The tender document when a text names no number ("the seed").
DEFAULT_SOURCE = SOURCE_TITLES["000"]

#: Checks of the independent checker that are not configurable rules, by their ids.
STRUCTURAL_RULE_NAMES: dict[str, str] = {
    "eligibility": "岗位资格（项目、技能、证书、培训、请假）",
    "one_per_day": "每人每天最多一个班次",
    "pins": "固定排班",
    "coverage_max": "在岗人数不超过目标",
    "training_placement": "培训安排（名额、时间冲突、参加资格）",
}

#: Every rule id -> its Chinese name (the registry's names and the checker's own checks).
RULE_NAMES: dict[str, str] = {**{rule.id: rule.name for rule in DEFAULT_RULES},
                              **STRUCTURAL_RULE_NAMES}

#: Field names of the data files and scenarios -> the Chinese field name a planner reads.
FIELD_NAMES: dict[str, str] = {
    "absences": "请假", "absorbers": "顶替岗位", "rooms": "诊室", "floor": "楼层",
    "floors": "楼层", "kinds": "诊室类别", "per": "每人诊室数", "target_per": "目标每人诊室数",
    "minimum": "最少人数", "maximum": "最多人数", "min_rooms": "最少开放诊室数",
    "required": "必需", "periods": "时段", "staffing": "配置规则", "add_departments": "新增科室",
    "add_lines": "新增服务项目", "add_posts": "新增岗位", "add_shifts": "新增班次",
    "add_staff": "新增人员", "address": "地址", "after": "之后", "age_inclusive": "年龄含边界",
    "amount": "金额", "approved": "已批准", "approved_by": "批准部门",
    "around_the_clock": "24小时岗位", "before": "之前", "birth_date": "出生日期",
    "by_day": "按星期需求", "calendar_overrides": "日历补充", "categories": "服务类别",
    "category": "类别", "certificate_types": "证书类型", "certificates": "证书",
    "code": "代码", "colour": "颜色", "consecutive_days": "连续工作天数",
    "contract": "合同", "cover_rules": "顶替规则", "daily_hours": "每日标准工时",
    "dated_demand": "按日期需求", "day": "日期", "demand": "需求",
    "department_id": "所属科室", "departments": "科室", "description": "说明",
    "edge_runs_exempt": "周期首尾不计", "education": "学历",
    "education_levels": "学历等级", "employment": "用工方式", "end": "结束日期",
    "exceptions": "资质例外", "expires": "有有效期", "expires_on": "有效期至", "fee": "管理费",
    "forbidden_next": "次日不得接的班次", "gender": "性别", "hard": "硬约束",
    "headcount": "人数", "headcount_delta": "人数增减", "height_cm": "身高（厘米）",
    "hire_date": "入职日期", "hospital": "医院", "hospital_supply": "医院自派人员",
    "hours_period": "工时计算周期", "id": "编号", "kind": "类型", "limits": "个人限制",
    "line_id": "服务项目", "lines": "服务项目", "major": "专业", "majors": "专业",
    "management_fee": "管理费", "max_age": "最大年龄",
    "max_consecutive_days": "最多连续工作天数", "max_minutes": "总工时上限",
    "max_shifts": "各班次上限", "max_weekends": "工作周末上限", "min": "最少人数",
    "min_consecutive_days": "最少连续工作天数", "min_consecutive_days_off": "最少连续休息天数",
    "min_education": "最低学历", "min_height_cm": "最低身高（厘米）",
    "min_minutes": "总工时下限", "monthly_standard_hours": "月标准工时", "months": "月数",
    "name": "名称", "note": "备注", "number": "证书编号", "over_weight": "超员权重",
    "patterns": "排班模式", "percent": "比例", "period": "周期", "periods_months": "合同年度",
    "pins": "固定排班", "post_id": "岗位", "posts": "岗位",
    "preferred_certificates": "优先证书", "reason": "理由", "regime": "工时制度",
    "remove_staff": "减少人员", "requests": "排班请求", "required_certificates": "必备证书",
    "requirements": "任职要求", "rest_days": "固定休息日", "role": "角色", "rotation": "轮换班次",
    "rotation_start": "轮换起始周", "rows": "表格行", "rules": "规则",
    "scale_target": "目标人数倍数", "segments": "时段", "seq": "序号", "shift": "班次",
    "shifts": "班次", "short_name": "简称", "site_id": "院区", "sites": "院区",
    "skills": "技能", "solo_from": "独立上岗日期", "source": "来源", "staff": "人员",
    "staff_id": "工号",
    "start": "开始日期", "tails": "上期末尾", "target": "目标人数", "tender": "招标表",
    "title": "名称", "total": "合计", "training_days": "岗前培训天数",
    "type_id": "证书类型", "under_weight": "缺员权重", "unit": "违反单位",
    "unit_cost": "成本预算", "until": "有效至", "value": "数值", "waives": "豁免的要求",
    "wage_divisor_days": "计薪天数", "weekly_hours": "每周标准工时", "weeks": "周数",
    "weight": "权重", "window": "窗口岗位", "working_time": "工时标准", "days": "日期表",
    "last_shift_day": "上期最后上班日", "last_shift_end": "上期最后下班时间",
    "last_shift_was_night": "上期最后一班为夜班", "nights": "夜班数",
    "overtime_minutes": "上期加班分钟", "period_minutes": "上期综合周期已计分钟",
    "period_overtime_minutes": "上期综合周期加班分钟", "weekend_days": "周末天数",
}

#: Data files and folders -> what a planner calls them.
FILE_NAMES: dict[str, str] = {
    "absences.yaml": "请假表", "calendar_overrides.yaml": "日历补充表",
    "certificates.yaml": "证书类型表", "contract.yaml": "合同表", "cover_rules.yaml": "顶替规则表",
    "departments.yaml": "科室表", "lines.yaml": "服务项目表", "patterns.yaml": "排班模式表",
    "pins.yaml": "固定排班表",
    "posts.yaml": "岗位表", "requests.yaml": "排班请求表", "rules.yaml": "规则表",
    "shifts.yaml": "班次表", "sites.yaml": "院区表", "staff.yaml": "人员表",
    "tails.yaml": "上期末尾表",
    "tender_figures.yaml": "招标表", "scenario.yaml": "情景文件",
}

#: Where a calendar day's classification came from -> the words shown beside the day.
CALENDAR_SOURCES: dict[str, str] = {
    "chinese_calendar": "国务院办公厅节假日安排（内置日历库，含调休）",
    "holidays": "法定节假日日历库（不含调休上班日）",
    "weekday": "按星期推定（无节假日来源）",
    "override": "日历补充表",
}
#: CP-SAT's status names (as the solve statistics keep them) -> words.
SOLVER_STATUSES: dict[str, str] = {
    "OPTIMAL": "已证明最优", "FEASIBLE": "可行（未证明最优）",
    "INFEASIBLE": "无解（硬规则互相矛盾）",
    "MODEL_INVALID": "模型无效", "UNKNOWN": "时限内未找到排班",
    "PRESOLVE_CONFLICT": "求解前即发现硬规则互相矛盾",
}

#: The source noted for a day a user adds in the app.
MANUAL_ENTRY = "手工录入"

_SEED = re.compile(r"(?:seed|种子文件)\s*(\d{3})?\s*", re.IGNORECASE)
_PATH = re.compile(r"(?:data/|scenarios/)?([a-z_]+\.yaml)|\bdata/(?![a-z])")
_TOKEN = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*")


def rule_name(rule_id: str) -> str:
    """The Chinese name of a rule id (a configurable rule or a check of the checker)."""
    return RULE_NAMES.get(rule_id, "未命名规则")


def source_title(number: str | None) -> str:
    """'000' -> 招标文件; '004' -> 《医疗保障窗口服务规范》; None -> 招标文件."""
    return SOURCE_TITLES.get(number or "000", DEFAULT_SOURCE)


def _seed(match: re.Match[str]) -> str:
    return source_title(match.group(1))


def _path(match: re.Match[str]) -> str:
    name = match.group(1)
    if name is None:
        return "内置数据"
    return FILE_NAMES.get(name, "数据文件")


def field_label(path: str) -> str:
    """A field path ('staff.3.limits.max_shifts') in words: 人员第4项 · 个人限制 · 各班次上限."""
    parts: list[str] = []
    for part in path.split("."):
        if part.isdigit():
            if parts:
                parts[-1] += f"第{int(part) + 1}项"
            else:
                parts.append(f"第{int(part) + 1}项")
        elif part:
            parts.append(FIELD_NAMES.get(part, part))
    return " · ".join(parts)


def _known_token(token: str, names: Mapping[str, str]) -> str | None:
    if token in names:
        return names[token]
    if token in RULE_NAMES:
        return f"「{RULE_NAMES[token]}」"
    if all(part in FIELD_NAMES or part.isdigit() for part in token.split(".")) and (
            "_" in token or "." in token):
        return f"“{field_label(token)}”"
    return None


def plain(text: str, names: Mapping[str, str] | None = None) -> str:
    """`text` in the hospital's words: source documents by title ('seed 000 附件10' ->
    招标文件附件10), data files by their Chinese name, rule ids by the rule's name, field
    keys by the field's name, and the data set's codes (certificates, posts) by `names`."""
    found = names or {}
    text = _SEED.sub(_seed, text)
    text = _PATH.sub(_path, text)

    def token(match: re.Match[str]) -> str:
        word = match.group(0)
        shown = _known_token(word, found)
        if shown is None and "." in word:  # a sentence's full stop after a key
            head, _, rest = word.partition(".")
            shown = _known_token(head, found)
            return word if shown is None else f"{shown}.{rest}"
        return word if shown is None else shown

    return _TOKEN.sub(token, text)


def solver_status(name: str) -> str:
    """A CP-SAT status name in words ('OPTIMAL' -> 已证明最优)."""
    return SOLVER_STATUSES.get(name, "其他")


def calendar_source(source: str) -> str:
    """Where a calendar day came from, in words ('override: 某通知' -> 日历补充表：某通知)."""
    kind, _, detail = source.partition(": ")
    label = CALENDAR_SOURCES.get(kind)
    if label is None:
        return source
    return f"{label}：{detail}" if detail else label
