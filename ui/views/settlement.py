"""月度结算 page: choose the month, import the attendance export, review and add assessment
events, see each 岗位's score and deduction and the month's statement, download the Excel
(the statement and the filled assessment form of every 岗位)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from model.assessment import AssessmentEvent
from model.attendance import DEFAULT_PUNCH_HEADERS, ColumnMapping
from model.dataset import DataSet
from model.errors import DataError
from model.money import yuan_in_words
from model.users import Action
from store.db import StoreError
from ui import settlement_service as service
from ui import signin, state
from ui.formatting import problems_frame, yuan
from ui.views import keyed_table

PAGE = "月度结算"
TABS = ("结算表", "考勤导入", "考核记录")
MONTH_KEY = "settle_month"
NOTICE_KEY = "settle_notice"


def months(data: DataSet, today: date | None = None) -> list[str]:
    """The contract's months (from its start, for its length), else the 12 around today."""
    today = today or date.today()
    start = data.contract.start or date(today.year, 1, 1)
    count = data.contract.months if data.contract.start else 24
    out = []
    year, month = start.year, start.month
    for _ in range(count):
        out.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def render() -> None:
    data = state.data()
    st.header("月度结算")
    if data.assessment is None:
        st.info("当前数据没有月度考核标准，无法结算。")
        return
    store = state.store()
    if store is None:
        st.error("无法打开排班库：" + str(st.session_state.get(state.STORE_ERROR, "")))
        return
    choices = months(data)
    today = f"{date.today():%Y-%m}"
    chosen = st.selectbox("结算月份", choices, key=MONTH_KEY,
                          index=choices.index(today) if today in choices else 0,
                          format_func=lambda m: f"{m[:4]} 年 {int(m[5:])} 月")
    year, month = int(chosen[:4]), int(chosen[5:])
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.success(notice)
    try:
        result = service.settle(store, data, year, month)
    except StoreError as exc:
        st.warning(f"{exc}。请先在“排班”页发布本月排班。")
        return
    tabs = st.tabs(TABS)
    with tabs[0]:
        _statement(result)
    with tabs[1]:
        _attendance(store, data, year, month)
    with tabs[2]:
        _events(store, data, result, year, month)


def statement_frame(result: service.MonthSettlement) -> pd.DataFrame:
    rows = [{"序号": line.seq, "服务项目（岗位）": line.name, "合同数量": line.headcount,
             "服务单位量": f"{line.units:.2f}", "合同月服务费": yuan(line.contract_fee),
             "应计服务费": yuan(line.billed_fee),
             "考核得分": str(line.score).removesuffix(".0"),
             "考核扣款": yuan(line.deduction), "本月结算款": yuan(line.payable)}
            for line in result.statement.lines]
    return pd.DataFrame(rows)


def sheet_frame(result: service.MonthSettlement, line_id: str) -> pd.DataFrame:
    line = next(x for x in result.statement.lines if x.line_id == line_id)
    names = {m.id: m.name for m in result.data.staff}
    rows = []
    for scored in line.sheet.items:
        reasons = [f"{e.day.month}月{e.day.day}日 "
                   f"{names.get(e.staff_id, '岗位') if e.staff_id else '岗位'}："
                   f"{result.sheet.kind(e.kind).name} 扣{e.points}分" for e in scored.events]
        if scored.raw_lost > scored.lost:
            reasons.append(f"合计 {scored.raw_lost} 分，扣完为止")
        rows.append({"考核项目": f"{scored.item.name}（{scored.item.points}分）",
                     "扣分原因": "；".join(reasons) or "无", "扣分": scored.lost,
                     "得分": scored.score})
    return pd.DataFrame(rows)


def _statement(result: service.MonthSettlement) -> None:
    statement = result.statement
    left, middle, right = st.columns(3)
    left.metric("合同月服务费", yuan(statement.contract_total))
    middle.metric("考核扣款", yuan(statement.deduction_total))
    right.metric("本月结算款", yuan(statement.payable_total))
    st.write(f"增值税发票金额（当月结算款）：{yuan(statement.payable_total)}（大写："
             f"{yuan_in_words(statement.payable_total)}）")
    st.caption(f"服务单位量不足合同数量时{statement.shortfall.label}；排班缺口 "
               f"{len(result.gap_events)} 个、登记的考核记录 {len(result.stored_events)} 条"
               "计入考核。")
    for note in statement.notes:
        st.caption(note)
    keyed_table("settle_statement", statement_frame(result), hide_index=True, width="stretch")
    names = {line.line_id: f"{line.seq:02d} {line.name}" for line in statement.lines}
    line_id = st.selectbox("岗位考核表", list(names), format_func=names.__getitem__,
                           key="settle_line")
    row = next(x for x in statement.lines if x.line_id == line_id)
    st.write(f"实际得分 {str(row.score).removesuffix('.0')}；"
             f"{result.sheet.band_text(row.sheet.band)}；本月应当得服务费用 "
             f"{yuan(row.payable)}（大写：{yuan_in_words(row.payable)}）")
    keyed_table("settle_sheet", sheet_frame(result, line_id), hide_index=True,
                width="stretch")
    st.download_button("下载结算 Excel（结算表与各岗位考核表）", result.workbook(),
                       file_name=f"月度结算_{statement.year}-{statement.month:02d}.xlsx",
                       key="settle_download")


def _attendance(store, data: DataSet, year: int, month: int) -> None:
    allowed = signin.may(Action.EDIT)
    upload = st.file_uploader("考勤导出文件（Excel 或 CSV：钉钉、企业微信、门禁导出）",
                              type=["xlsx", "csv"], key="settle_upload", disabled=not allowed)
    with st.expander("列名对应（与导出文件的表头不同时修改）"):
        cols = st.columns(3)
        staff_col = cols[0].text_input("工号列", "工号", key="settle_col_staff")
        name_col = cols[1].text_input("姓名列", "姓名", key="settle_col_name")
        day_col = cols[2].text_input("日期列", "日期", key="settle_col_day")
        punch_cols = st.text_input("打卡时间列（用顿号分隔）", "、".join(DEFAULT_PUNCH_HEADERS),
                                   key="settle_col_punch")
    if st.button("导入考勤", key="settle_import", disabled=not allowed or upload is None):
        mapping = ColumnMapping(staff_id=staff_col, name=name_col, day=day_col,
                                punches=tuple(p.strip() for p in punch_cols.split("、")
                                              if p.strip()))
        try:
            summary = service.import_attendance(store, data, year, month, upload.getvalue(),
                                                upload.name, mapping,
                                                actor=signin.current_user())
        except DataError as exc:
            st.error(f"考勤文件有 {len(exc.problems)} 个问题，未导入任何数据：")
            st.dataframe(problems_frame(exc.problems), hide_index=True, width="stretch")
        except StoreError as exc:
            st.error(str(exc))
        else:
            st.session_state[NOTICE_KEY] = (
                f"已导入考勤：{summary.people} 人 {summary.days} 人天；迟到 {summary.late} 次，"
                f"早退 {summary.early} 次，缺卡 {summary.missing_punches} 次，旷工 "
                f"{summary.absent} 天；建议考核事件 {summary.proposed} 条")
            st.rerun()
    stored = service.month_attendance(store, data.contract.id, year, month)
    if not stored:
        st.info("本月尚未导入考勤，服务时长按排班计算。")
        return
    names = {m.id: m.name for m in data.staff}
    rows = [{"日期": a.result.day.isoformat(), "工号": a.result.staff_id,
             "姓名": names.get(a.result.staff_id, ""), "班次": a.result.shift or "（未排班）",
             "打卡": " ".join(f"{m // 60 % 24:02d}:{m % 60:02d}" for m in a.result.punches),
             "工作时长": round(a.result.worked_minutes / 60, 2),
             "排班外": round(a.result.extra_minutes / 60, 2),
             "旷工": "是" if a.result.absent else "", "请假": a.result.leave or ""}
            for a in stored]
    keyed_table("settle_attendance", pd.DataFrame(rows), hide_index=True, width="stretch")


def _events(store, data: DataSet, result: service.MonthSettlement, year: int,
            month: int) -> None:
    sheet = result.sheet
    names = {m.id: m.name for m in data.staff}
    lines = {x.id: x.name for x in data.lines}
    rows = [{"编号": s.id, "日期": s.event.day.isoformat(),
             "岗位": lines.get(s.event.line_id, s.event.line_id),
             "人员": names.get(s.event.staff_id or "", "—"),
             "事件": sheet.kind(s.event.kind).name, "扣分": s.event.points,
             "来源": s.event.source.value, "说明": s.event.note} for s in result.stored_events]
    rows += [{"编号": "", "日期": e.day.isoformat(), "岗位": lines.get(e.line_id, e.line_id),
              "人员": "—", "事件": sheet.kind(e.kind).name, "扣分": e.points,
              "来源": e.source.value, "说明": e.note} for e in result.gap_events]
    keyed_table("settle_events", pd.DataFrame(rows), hide_index=True, width="stretch")
    if not signin.may(Action.ASSESS):
        return
    st.subheader("登记考核事件")
    kinds = {k.id: f"{k.name}（{k.points_text}）" for k in sheet.kinds()}
    cols = st.columns(3)
    line_id = cols[0].selectbox("岗位", list(lines), format_func=lines.__getitem__,
                                key="settle_event_line")
    people = [""] + [m.id for m in data.staff if m.line_id == line_id]
    staff_id = cols[1].selectbox("人员（针对岗位时留空）", people,
                                 format_func=lambda s: names.get(s, "（岗位）"),
                                 key="settle_event_staff")
    day = cols[2].date_input("日期", date(year, month, 1), key="settle_event_day")
    kind_id = st.selectbox("考核事件", list(kinds), format_func=kinds.__getitem__,
                           key="settle_event_kind")
    kind = sheet.kind(kind_id)
    points = st.number_input("扣分", min_value=kind.lowest, max_value=kind.highest,
                             value=kind.lowest, step=1, key="settle_event_points")
    note = st.text_input("说明", key="settle_event_note")
    if st.button("登记", key="settle_event_add"):
        try:
            event_id = service.record_event(store, data, AssessmentEvent(
                line_id=line_id, staff_id=staff_id or None, day=day, kind=kind_id,
                points=int(points), note=note), actor=signin.current_user())
        except StoreError as exc:
            st.error(str(exc))
        else:
            st.session_state[NOTICE_KEY] = f"已登记考核记录 {event_id}：{kind.name} 扣 {points} 分"
            st.rerun()
    ids = [s.id for s in result.stored_events]
    if ids:
        chosen = st.selectbox("撤销考核记录（编号）", ids, key="settle_withdraw_id")
        if st.button("撤销", key="settle_withdraw"):
            service.withdraw(store, data.contract.id, chosen, actor=signin.current_user())
            st.session_state[NOTICE_KEY] = f"已撤销考核记录 {chosen}"
            st.rerun()
