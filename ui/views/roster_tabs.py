"""The read-only tabs of the 排班 page: one person's month, coverage, gaps, hours, and the
print view with the downloads."""

from __future__ import annotations

import json
from datetime import timedelta

import altair as alt
import pandas as pd
import streamlit as st
import streamlit.components.v1 as components

from model.dataset import DataSet
from model.shadowing import ShadowPair, pair_rows, pairs_by_cell, shadow_pairs
from ui import state
from ui.formatting import (
    coverage_frames,
    gaps_frame,
    hours,
    staff_label,
    staff_summary_frame,
    weekday,
    yuan,
)
from ui.grid import GRID_CSS, esc, grid_cell, grid_legend_html, shown_groups
from ui.print_view import A4, PAPERS, coverage_html, print_html
from ui.views import keyed_table


def person(run: state.RosterRun | None) -> None:
    """One person's period as a calendar (weeks x Monday..Sunday) with their totals."""
    if run is None:
        st.caption("尚无排班。")
        return
    data, result = run.data, run.result
    people = [s.id for g in shown_groups(data, result) for s in g.staff]
    who = st.selectbox("人员", people, key="person_staff",
                       format_func=lambda i: staff_label(data, i))
    if who is None:
        return
    summary = next((s for s in result.staff_summary if s.staff_id == who), None)
    if summary is not None:
        cols = st.columns(6)
        cols[0].metric("工时", hours(summary.hours))
        cols[1].metric("加班（小时）", hours(summary.overtime_hours))
        cols[2].metric("加班费", yuan(summary.overtime_cost))
        cols[3].metric("上班天数", summary.days_worked)
        cols[4].metric("夜班", summary.nights)
        cols[5].metric("周末/节假日（天）", f"{summary.weekend_days}/{summary.holiday_days}")
    days = {d.day: d for d in data.calendar.days(result.start, (result.end - result.start).days
                                                 + 1)}
    first = result.start - timedelta(days=result.start.weekday())
    out = ["<style>table.person td.cell{max-width:none;min-width:9em;white-space:normal;"
           "height:3.4em;vertical-align:top}</style>",
           '<table class="roster-grid person" style="font-size:13px"><thead><tr>']
    out += [f"<th style='min-width:7em'>周{w}</th>" for w in "一二三四五六日"]
    out.append("</tr></thead><tbody>")
    pairs = shadow_pairs(data, result.assignments)
    shadowed = pairs_by_cell(pairs)
    day = first
    while day <= result.end:
        out.append("<tr>")
        for _ in range(7):
            item = days.get(day)
            if item is None:
                out.append("<td></td>")
            else:
                worked = [a for a in result.assignments if a.staff_id == who and a.day == day]
                trained = [t for t in result.training if t.staff_id == who and t.day == day]
                cell = grid_cell(data, who, item, worked, training=trained,
                                 pair=shadowed.get((who, day)))
                detail = "<br>".join(esc(data.post_by_id[a.post_id].name
                                         if a.post_id in data.post_by_id else a.post_id)
                                     + f" {a.hours:.1f}h" for a in worked)
                out.append(cell.replace("</td>", f"<div style='font-size:11px'>{day.month}/"
                                                 f"{day.day} {detail}</div></td>"))
            day += timedelta(days=1)
        out.append("</tr>")
    out.append("</tbody></table>")
    st.html(GRID_CSS + "".join(out) + grid_legend_html(data, with_changes=False))
    _shadowing(data, pairs, who)


def _shadowing(data: DataSet, pairs: list[ShadowPair], who: str) -> None:
    """The 带教 list: this person's, as newcomer or mentor; the whole period's in an expander."""
    mine = [p for p in pairs if who in (p.newcomer_id, p.mentor_id)]
    if mine:
        st.markdown("**带教（岗前培训跟班）**")
        keyed_table("shadow_person_table", pd.DataFrame(pair_rows(data, mine)),
                    width="stretch", hide_index=True)
    if pairs:
        with st.expander(f"本期全部带教：{len(pairs)} 人次"):
            keyed_table("shadow_all_table", pd.DataFrame(pair_rows(data, pairs)),
                        width="stretch", hide_index=True)


def coverage(run: state.RosterRun | None) -> None:
    if run is None:
        st.caption("尚无排班。")
        return
    text, shortfall = coverage_frames(run.data, run.result)
    short_days = (shortfall > 0).sum(axis=1)
    st.caption("每格为“在岗人数/最低需求”（含院方自有人员）；红色为缺人，绿色为已满足，"
               "“—”为当天无需求。"
               f"{int((short_days > 0).sum())} 个岗位有缺人的日子。")
    st.html(coverage_html(text, shortfall))


def gaps(run: state.RosterRun | None) -> None:
    if run is None:
        st.caption("尚无排班。")
        return
    if not run.result.gaps:
        st.success("没有缺口：所有必需班次均已覆盖。")
        return
    keyed_table("gaps_table", gaps_frame(run.data, run.result), width="stretch",
                hide_index=True)
    st.markdown("**每个缺口无人可排的原因**")
    for gap in run.result.gaps:
        post = run.data.post_by_id.get(gap.post_id)
        title = (f"{gap.day}（周{weekday(gap.day)}）{post.name if post else gap.post_id} "
                 f"{gap.shift} 班 缺 {gap.missing} 人")
        with st.expander(title):
            st.markdown("\n".join(f"- {reason}" for reason in gap.reasons) or "（无记录）")


def _bars(frame: pd.DataFrame, columns: list[str], unit: str) -> alt.Chart:
    """Horizontal bars per person, every person labelled, Chinese axis titles."""
    long = frame.melt(id_vars=["人员"], value_vars=columns, var_name="项目", value_name=unit)
    return alt.Chart(long).mark_bar().encode(
        y=alt.Y("人员:N", sort=list(frame["人员"]), title="人员",
                axis=alt.Axis(labelOverlap=False, labelLimit=220)),
        yOffset="项目:N",
        x=alt.X(f"{unit}:Q", title=unit),
        color=alt.Color("项目:N", title="项目"),
        tooltip=["人员", "项目", unit],
    ).properties(height=max(300, 22 * len(frame)))


def staff_hours(run: state.RosterRun | None) -> None:
    if run is None:
        st.caption("尚无排班。")
        return
    frame = staff_summary_frame(run.data, run.result)
    if frame.empty:
        st.caption("没有人员工时。")
        return
    chart = frame.assign(人员=frame["工号"] + " " + frame["姓名"])
    left, right = st.columns(2)
    with left:
        st.markdown("**工时与加班**")
        st.altair_chart(_bars(chart, ["工时", "加班"], "小时"), width="stretch")
    with right:
        st.markdown("**夜班、周末和节假日**")
        st.altair_chart(_bars(chart, ["夜班", "周末天数", "节假日天数"], "天数"),
                        width="stretch")
    shown = frame.assign(工时=frame["工时"].map(hours), 加班=frame["加班"].map(hours),
                         加班费=frame["加班费"].map(yuan))
    keyed_table("hours_table", shown, width="stretch", hide_index=True)


def print_and_download(run: state.RosterRun | None) -> None:
    if run is None:
        st.caption("尚无排班。")
        return
    stem = f"排班表_{run.result.start}_{run.result.end}"
    paper = st.radio("纸张", list(PAPERS), key="print_paper", horizontal=True,
                     format_func=PAPERS.get, index=list(PAPERS).index(A4))
    page = print_html(run.data, run.result, paper or A4)
    cols = st.columns(3)
    cols[0].download_button("下载打印版（网页）", data=page.encode("utf-8"),
                            file_name=f"{stem}_打印.html", mime="text/html",
                            key="download_print")
    cols[1].download_button("下载 Excel 排班表", data=state.roster_excel(run),
                            file_name=f"{stem}.xlsx", key="download_excel",
                            mime="application/vnd.openxmlformats-officedocument."
                                 "spreadsheetml.sheet")
    payload = json.dumps(run.result.to_json_dict(), ensure_ascii=False, indent=1)
    cols[2].download_button("下载 JSON", data=payload.encode("utf-8"),
                            file_name=f"{stem}.json", mime="application/json",
                            key="download_json")
    st.caption("点击下方“打印”只打印排班表本身（不含侧栏和按钮），每页重复表头，末页有签字栏。"
               "Excel 含排班表、覆盖、工时、费用和说明工作表；JSON 可用于命令行重排。")
    button = ('<button onclick="window.print()" style="font-size:14px;padding:4px 16px;'
              'margin:4px 0 8px 0">打印</button><style>@media print{button{display:none}}'
              "</style>")
    components.html(page.replace("<body>", "<body>" + button, 1), height=900, scrolling=True)
