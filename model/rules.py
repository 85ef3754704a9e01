"""Rules of the roster: each with a value, hard or soft, a weight and its source.

The registry below holds every rule the solver and the checker know, with its default;
`data/rules.yaml` (or a scenario) may change value, hard/soft and weight, never add an
unknown rule.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from model.base import Frozen
from model.plausible import MAX_RULE_WEIGHT


class Rule(Frozen):
    """One configurable rule."""

    id: str
    name: str = Field(description="Chinese name shown to users")
    value: float | None = Field(None, description="The rule's parameter (hours, days, count)")
    hard: bool = True
    weight: int = Field(0, ge=0, le=MAX_RULE_WEIGHT,
                        description="Penalty per unit of breach when soft")
    unit: str = Field("", description="What one unit of breach is, in Chinese")
    source: str = ""

    @model_validator(mode="after")
    def _value_in_range(self) -> Rule:
        bounds = VALUE_BOUNDS.get(self.id)
        if bounds is not None and self.value is not None and not (
                bounds[0] <= self.value <= bounds[1]):
            raise ValueError(f"「{self.name}」的数值应在 {bounds[0]:g} 至 {bounds[1]:g} 之间，"
                             f"得到 {self.value:g}")
        return self

    def int_value(self) -> int:
        if self.value is None:
            raise ValueError(f"规则 {self.id} 没有数值")
        return int(round(self.value))


# Rule ids, used by the solver, the checker and the UI.
COVERAGE_MIN = "coverage_min"
COVERAGE_TARGET = "coverage_target"
COVER_ABSORB = "cover_absorb"
BORROWED_POST = "borrowed_post"
MIN_REST = "min_rest_hours"
NO_DAY_AFTER_NIGHT = "no_day_after_night"
MAX_CONSECUTIVE = "max_consecutive_days"
WEEKLY_REST = "weekly_rest_day"
MAX_SHIFT_LENGTH = "max_shift_hours"
MAX_DAILY_OVERTIME = "max_daily_overtime_hours"
MAX_MONTHLY_OVERTIME = "max_monthly_overtime_hours"
OVERTIME_PAY = "overtime_pay"
MAX_NIGHTS = "max_nights_per_4_weeks"
FAIR_WEEKENDS = "fair_weekends"
FAIR_NIGHTS = "fair_nights"
FAIR_HOLIDAYS = "fair_holidays"
REQUESTS = "requests"
REQUESTED_ABSENCE = "requested_absence"
FORBIDDEN_SUCCESSION = "forbidden_succession"
STAFF_MAX_SHIFTS = "staff_max_shifts_per_type"
STAFF_MAX_MINUTES = "staff_max_total_minutes"
STAFF_MIN_MINUTES = "staff_min_total_minutes"
STAFF_MAX_CONSECUTIVE = "staff_max_consecutive_days"
STAFF_MIN_CONSECUTIVE = "staff_min_consecutive_days"
STAFF_MIN_DAYS_OFF = "staff_min_consecutive_days_off"
STAFF_MAX_WEEKENDS = "staff_max_weekends"
DATED_COVER_UNDER = "dated_cover_under"
DATED_COVER_OVER = "dated_cover_over"
STABLE_PATTERN = "stable_pattern"
TRAINING_QUARTERLY = "training_quarterly"
TRAINING_MANDATORY = "training_mandatory"
SHADOWING = "shadowing"

#: The plausible range of each rule's parameter, in the rule's own unit (hours, days, count,
#: share of the unit cost): a value outside is a typing mistake (a week has 7 days).
VALUE_BOUNDS: dict[str, tuple[float, float]] = {
    MIN_REST: (0, 24), MAX_CONSECUTIVE: (1, 31), WEEKLY_REST: (0, 7), MAX_SHIFT_LENGTH: (1, 24),
    MAX_DAILY_OVERTIME: (0, 24), MAX_MONTHLY_OVERTIME: (0, 744), OVERTIME_PAY: (0, 1),
    MAX_NIGHTS: (0, 28),
}

DEFAULT_RULES: tuple[Rule, ...] = (
    Rule(id=COVERAGE_MIN, name="最低在岗人数", hard=True, weight=1_000_000, unit="人次",
         source="seed 004 顶岗补位制；附件28 未完成任务扣15分。缺口从不导致求解失败，逐条列出"),
    Rule(id=COVERAGE_TARGET, name="目标在岗人数", hard=False, weight=20_000, unit="人次",
         source="各岗位需求（data/posts.yaml）"),
    Rule(id=COVER_ABSORB, name="顶替（导班/副班兼雾化）", hard=False, weight=2_000, unit="班次",
         source="seed 000 附件10 (一)8、(二)6"),
    Rule(id=BORROWED_POST, name="跨项目借调", hard=False, weight=5_000, unit="班次",
         source="规划员规则：只借调已培训人员，并计入报告"),
    Rule(id=MIN_REST, name="两班之间最少休息", value=12, hard=True, weight=50_000, unit="次",
         source="规划员规则（按真实时段计算，跨午夜）"),
    Rule(id=NO_DAY_AFTER_NIGHT, name="夜班后次日不上白班", hard=True, weight=50_000, unit="次",
         source="规划员规则"),
    Rule(id=MAX_CONSECUTIVE, name="最多连续工作天数", value=6, hard=True, weight=50_000, unit="次",
         source="规划员规则；劳动法第38条"),
    Rule(id=WEEKLY_REST, name="每周至少休息一整天", value=1, hard=True, weight=100_000, unit="天",
         source="劳动法第38条"),
    Rule(id=MAX_SHIFT_LENGTH, name="单班最长时长", value=12, hard=True, weight=50_000, unit="班次",
         source="规划员规则：任何工时制度下一个班次不超过该小时数（综合计算工时的12小时班）"),
    Rule(id=MAX_DAILY_OVERTIME, name="每日加班上限", value=3, hard=True, weight=50_000, unit="班次",
         source="劳动法第41条；只适用于标准工时（综合计算工时不计每日加班）"),
    Rule(id=MAX_MONTHLY_OVERTIME, name="每月加班上限", value=36, hard=True, weight=1_000,
         unit="分钟", source="劳动法第41条；综合计算工时按综合计算周期，上限为每月上限乘周期月数"),
    Rule(id=OVERTIME_PAY, name="加班费（150%/200%/300%）", value=0.6, hard=False, weight=1,
         unit="分（0.01元）",
         source="劳动法第44条；小时工资=月工资/21.75/8；数值为成本预算中工资占比"),
    Rule(id=MAX_NIGHTS, name="每4周夜班上限", value=8, hard=True, weight=20_000, unit="个",
         source="规划员规则"),
    Rule(id=FAIR_WEEKENDS, name="周末班公平", hard=False, weight=3_000, unit="天（最多-最少）",
         source="规划员规则：同一项目内周末班均衡"),
    Rule(id=FAIR_NIGHTS, name="夜班公平", hard=False, weight=3_000, unit="个（最多-最少）",
         source="规划员规则：同一项目内夜班均衡"),
    Rule(id=FAIR_HOLIDAYS, name="节假日班公平", hard=False, weight=3_000, unit="天（最多-最少）",
         source="规划员规则：同一项目内节假日班均衡"),
    Rule(id=REQUESTS, name="个人排班请求", hard=False, weight=100, unit="请求权重",
         source="规划员规则：每条请求自带权重"),
    Rule(id=REQUESTED_ABSENCE, name="待批准的请假申请", hard=False, weight=20_000, unit="天",
         source="规划员规则：已批准的请假为硬约束，申请中的尽量满足"),
    Rule(id=FORBIDDEN_SUCCESSION, name="禁止的班次衔接", hard=True, weight=50_000, unit="次",
         source="班次设置 forbidden_next：某班次后次日不得接的班次（如夜班后不接早班）"),
    Rule(id=STAFF_MAX_SHIFTS, name="个人各班次数上限", hard=True, weight=20_000, unit="个",
         source="个人合同限制 limits.max_shifts（上限 0 表示不上该班次）"),
    Rule(id=STAFF_MAX_MINUTES, name="个人排班总工时上限", hard=True, weight=100, unit="分钟",
         source="个人合同限制 limits.max_minutes（整个排班周期）"),
    Rule(id=STAFF_MIN_MINUTES, name="个人排班总工时下限", hard=True, weight=100, unit="分钟",
         source="个人合同限制 limits.min_minutes（整个排班周期）"),
    Rule(id=STAFF_MAX_CONSECUTIVE, name="个人最多连续工作天数", hard=True, weight=50_000,
         unit="次", source="个人合同限制 limits.max_consecutive_days（计入上期连续天数）"),
    Rule(id=STAFF_MIN_CONSECUTIVE, name="个人最少连续工作天数", hard=True, weight=20_000,
         unit="段", source="个人合同限制 limits.min_consecutive_days（紧贴周期首尾的段不计）"),
    Rule(id=STAFF_MIN_DAYS_OFF, name="个人最少连续休息天数", hard=True, weight=20_000, unit="段",
         source="个人合同限制 limits.min_consecutive_days_off（紧贴周期首尾的段不计）"),
    Rule(id=STAFF_MAX_WEEKENDS, name="个人工作周末上限", hard=True, weight=20_000, unit="个",
         source="个人合同限制 limits.max_weekends（周六或周日上班即算一个工作周末）"),
    Rule(id=DATED_COVER_UNDER, name="按日期需求缺员", hard=False, weight=20_000,
         unit="人次×行权重", source="岗位 dated_demand：每缺一人计该行 under_weight"),
    Rule(id=DATED_COVER_OVER, name="按日期需求超员", hard=False, weight=1, unit="人次×行权重",
         source="岗位 dated_demand：给出 over_weight 的行允许超员，每多一人计 over_weight"),
    Rule(id=STABLE_PATTERN, name="稳定排班模式", hard=False, weight=1_000, unit="人天",
         source="项目的排班模式（如做五休二固定周六周日休息，或A/P/N按周轮换）：固定休息日上班"
                "或未上本周轮换班次，每人每天各计一次，使各周排班保持一致"),
    Rule(id=TRAINING_QUARTERLY, name="每季度至少培训一次", hard=False, weight=100_000,
         unit="人", source="seed 000 六.4：每季度对全体员工至少培训一次；本季度尚未培训、"
                          "本期有可参加的培训场次却未安排的，每人计一次"),
    Rule(id=TRAINING_MANDATORY, name="必修培训未参加", hard=False, weight=100_000, unit="人次",
         source="必修培训场次：其适用项目的每名员工都应参加（请假者除外）"),
    Rule(id=SHADOWING, name="新员工须带教", hard=True, weight=50_000, unit="人次",
         source="seed 000 各附件岗前培训期（1-2周；附件8、9 1个月；附件10 1-2月）："
                "培训期内不独立上岗，每名新员工须有一名已培训同事同岗同班带教，且不计入在岗人数"),
)

#: Weights are in fen-equivalents (0.01 yuan), so that overtime pay (in fen) and every
#: other penalty share one integer objective.
RULE_IDS = tuple(rule.id for rule in DEFAULT_RULES)


class RuleSet(Frozen):
    """The rules in force; lookups by id."""

    rules: tuple[Rule, ...] = DEFAULT_RULES

    def __getitem__(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def with_changes(self, changes: dict[str, dict[str, object]]) -> RuleSet:
        """A copy where the named rules have the given fields changed."""
        unknown = set(changes) - set(RULE_IDS)
        if unknown:
            raise ValueError(f"未知规则：{', '.join(sorted(unknown))}")
        # Each changed rule is validated whole (a text where a number belongs is an error of
        # that rule, never a copy that holds it unchecked).
        return RuleSet(rules=tuple(
            Rule.model_validate({**rule.model_dump(), **changes[rule.id]})
            if rule.id in changes else rule for rule in self.rules))
