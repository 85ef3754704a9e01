"""A scenario's coverage check on the 情景 page: the solved period (`CoverageRun`) and its
figures beside today's (the current data, same period), every difference in words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pandas as pd
import streamlit as st

from model.cost import CostReport
from model.dataset import DataSet
from model.roster import RosterResult
from ui.formatting import (
    LineDeduction,
    gaps_frame,
    hours,
    predicted_deductions,
    worded_count,
    worded_yuan,
    yuan,
)
from ui.views import change_metric, keyed_table


@dataclass
class CoverageRun:
    """The outcome of solving a scenario's roster for a period."""

    name: str
    data: DataSet
    result: RosterResult
    start: date
    weeks: int
    stopped: bool = False

    @property
    def missing(self) -> int:
        return sum(g.missing for g in self.result.gaps)

    @property
    def overtime_hours(self) -> float:
        return sum(s.overtime_hours for s in self.result.staff_summary)

    @property
    def overtime_cost(self) -> float:
        return sum(s.overtime_cost for s in self.result.staff_summary)

    @property
    def deductions(self) -> list[LineDeduction]:
        return predicted_deductions(self.data, self.result)

    @property
    def deduction_total(self) -> Decimal:
        return sum((d.deduction for d in self.deductions), Decimal(0))


def coverage_comparison(run: CoverageRun, baseline: CoverageRun | None,
                        report: CostReport | None = None) -> pd.DataFrame:
    """The scenario's coverage, overtime and cost beside today's (the current data, same
    period), with each difference signed in words."""
    rows: list[dict[str, str]] = []

    def add(label: str, today: float | Decimal | None, now: float | Decimal, shown,
            worded) -> None:
        rows.append({"项目": label, "当前数据": "—" if today is None else shown(today),
                     "本情景": shown(now),
                     "差别": "—" if today is None else worded(Decimal(str(now)) -
                                                            Decimal(str(today)))})

    if report is not None and report.delta is not None:
        delta = report.delta
        add("人数", report.headcount_total - delta.headcount_delta, report.headcount_total,
            lambda v: f"{int(v)} 人", lambda d: worded_count(d, "人"))
        add("月服务费", delta.monthly_before, delta.monthly_after, yuan, worded_yuan)
    add("缺口（人次）", baseline.missing if baseline else None, run.missing,
        lambda v: f"{int(v):,}", lambda d: worded_count(d, "人次"))
    add("加班（小时）", baseline.overtime_hours if baseline else None, run.overtime_hours,
        hours, lambda d: worded_count(d, "小时", 1))
    add("加班费", baseline.overtime_cost if baseline else None, run.overtime_cost, yuan,
        worded_yuan)
    add("预测考核扣款", baseline.deduction_total if baseline else None, run.deduction_total,
        yuan, worded_yuan)
    return pd.DataFrame(rows)


def run_summary(run: CoverageRun, baseline: CoverageRun | None = None,
                 report: CostReport | None = None) -> None:
    result = run.result
    cols = st.columns(4)
    pairs = (("缺口（人次）", run.missing, baseline.missing if baseline else None,
              lambda v: f"{v:,}", lambda d: worded_count(d, "人次")),
             ("加班（小时）", run.overtime_hours, baseline.overtime_hours if baseline else None,
              hours, lambda d: worded_count(d, "小时", 1)),
             ("加班费", run.overtime_cost, baseline.overtime_cost if baseline else None, yuan,
              worded_yuan),
             ("预测考核扣款", run.deduction_total, baseline.deduction_total if baseline else None,
              yuan, worded_yuan))
    for col, (label, now, today, shown, worded) in zip(cols, pairs, strict=True):
        if today is None:
            col.metric(label, shown(now))
        else:
            difference = Decimal(str(now)) - Decimal(str(today))
            change_metric(col, label, shown(now), difference, "比当前数据" + worded(difference))
    note = "（已按要求停止，为目前最优结果）" if run.stopped else ""
    if baseline is None:
        st.caption("当前数据同期的排班尚未求解：点击“检验当前情景（与当前数据对比）”一并求解。")
    else:
        st.markdown("**与当前数据对比**（同一时期、同样的求解时限）")
        keyed_table("scn_coverage_compare", coverage_comparison(run, baseline, report),
                    width="stretch", hide_index=True)
    if run.missing:
        st.warning(f"{run.start} 起 {run.weeks} 周：{result.status.label}，有 "
                   f"{len(result.gaps)} 处缺口{note}。")
        keyed_table("scn_gaps_table", gaps_frame(run.data, result), width="stretch",
                    hide_index=True)
    else:
        st.success(f"{run.start} 起 {run.weeks} 周：{result.status.label}，"
                   f"所有必需班次均已覆盖{note}。")
    if run.deductions:
        st.dataframe(pd.DataFrame([{
            "服务项目": d.name, "未完成任务": d.failed_tasks,
            "预测得分": f"{d.score}", "月服务费": yuan(d.monthly_fee), "扣款": yuan(d.deduction)}
            for d in run.deductions]), width="stretch", hide_index=True)
