"""人员与资质 page: the staff list with filters, the compliance report with expiring
certificates highlighted and the borrowing check, and the contract lines with their
requirements."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from model.compliance import borrowing_report, quarter_training
from model.contract import ServiceLine
from model.dataset import DataSet
from model.shadowing import solo_from
from model.staff import Employment, Staff
from ui import state
from ui.formatting import EXPIRED_BG, LATER_BG, SOON_BG, yuan
from ui.views import keyed_table

PAGE = "人员与资质"
SOON_DAYS = 30
TABS = ("人员", "资质核对", "服务项目与要求")
TABS_KEY = "staff_tab"


def render() -> None:
    data = state.data()
    st.header("人员与资质")
    tabs = st.tabs(TABS, key=TABS_KEY, on_change="rerun")
    for tab, draw in zip(tabs, (_staff_list, _compliance, _lines), strict=True):
        if tab.open is not False:  # only the open tab is computed
            with tab:
                draw(data)


def _cert_names(data: DataSet) -> dict[str, str]:
    return {c.id: c.name for c in data.certificate_types}


def staff_frame(data: DataSet, on: date) -> pd.DataFrame:
    names = _cert_names(data)
    rows = []
    for member in data.staff:
        line = data.line_by_id.get(member.line_id)
        dept = data.department_by_id.get(line.department_id) if line else None
        certs = "、".join(
            names.get(c.type_id, c.type_id) + (f"（至 {c.expires_on}）" if c.expires_on else "")
            for c in member.certificates)
        rows.append({
            "工号": member.id, "姓名": member.name, "性别": member.gender.value,
            "年龄": member.age_on(on), "学历": member.education, "专业": member.major,
            "身高": member.height_cm, "入职日期": member.hire_date.isoformat(),
            "服务项目": f"{member.line_id} {line.name}" if line else member.line_id,
            "科室": dept.name if dept else "", "用工": member.employment.value,
            "工时制": member.regime.value, "证书": certs,
            "独立上岗日期": _solo_text(member, line, on),
            "可借调岗位": "、".join(data.post_by_id[p].name if p in data.post_by_id else p
                                 for p in member.skills)})
    return pd.DataFrame(rows)


def _solo_text(member: Staff, line: ServiceLine | None, on: date) -> str:
    """A newcomer's first day alone on the post (带教中 before it); blank once it has passed."""
    first_alone = solo_from(member, line)
    if first_alone <= on:
        return ""
    status = "带教中" if member.hire_date <= on else "未入职"
    return f"{first_alone.isoformat()}（{status}）"


def _staff_list(data: DataSet) -> None:
    frame = staff_frame(data, date.today())
    cols = st.columns([2, 1.4, 1, 1.4])
    lines = cols[0].multiselect("服务项目", sorted(frame["服务项目"].unique()),
                                key="staff_filter_line", placeholder="全部")
    depts = cols[1].multiselect("科室", sorted(frame["科室"].unique()),
                                key="staff_filter_dept", placeholder="全部")
    employment = cols[2].selectbox("用工", ["全部", *(e.value for e in Employment)],
                                   key="staff_filter_employment")
    text = cols[3].text_input("搜索姓名、工号或专业", key="staff_filter_text")
    shown = frame
    if lines:
        shown = shown[shown["服务项目"].isin(lines)]
    if depts:
        shown = shown[shown["科室"].isin(depts)]
    if employment != "全部":
        shown = shown[shown["用工"] == employment]
    if text.strip():
        needle = text.strip()
        shown = shown[shown["姓名"].str.contains(needle, regex=False)
                      | shown["工号"].str.contains(needle, regex=False)
                      | shown["专业"].str.contains(needle, regex=False)]
    st.caption(f"共 {len(shown)} 人（全部 {len(frame)} 人）")
    keyed_table("staff_table", shown, width="stretch", hide_index=True,
                height=min(36 * (len(shown) + 1) + 3, 800),
                 column_config={"身高": st.column_config.NumberColumn("身高（cm）")})


def _expiry_colour(row: pd.Series) -> list[str]:
    days = row["剩余天数"]
    if days < 0:
        colour = EXPIRED_BG
    elif days <= SOON_DAYS:
        colour = SOON_BG
    else:
        colour = LATER_BG
    return [f"background-color:{colour}"] * len(row)


def _compliance(data: DataSet) -> None:
    cols = st.columns([1, 1, 2])
    on = cols[0].date_input("核对日期", value=date.today(), key="compliance_date",
                            format="YYYY-MM-DD")
    within = cols[1].number_input("列出多少天内到期的证书", min_value=0, max_value=730,
                                  value=90, step=15, key="compliance_within")
    items = state.compliance(data, on)
    failed = [i for i in items if not i.ok]
    people = {i.staff_id for i in items}
    bad_people = {i.staff_id for i in failed}
    expiring = state.expiring(data, on, int(within))
    metrics = st.columns(4)
    metrics[0].metric("核对人数", len(people))
    metrics[1].metric("检查项", len(items))
    metrics[2].metric("不符合项", len(failed))
    metrics[3].metric(f"{within} 天内到期或已过期的证书", len(expiring))

    st.subheader("即将到期和已过期的证书")
    if expiring:
        frame = pd.DataFrame([{
            "工号": e.staff_id, "姓名": e.name, "服务项目": e.line_id,
            "证书": e.certificate_name, "编号": e.number, "最后有效日": e.expires_on.isoformat(),
            "剩余天数": e.days_left, "岗位必备": "是" if e.required else "否",
            "说明": e.detail} for e in expiring])
        st.caption(f"红色：已过期；黄色：{SOON_DAYS} 天内到期；浅黄：{within} 天内到期。")
        keyed_table("expiring_table", frame.style.apply(_expiry_colour, axis=1), width="stretch",
                     hide_index=True)
    else:
        st.success(f"{within} 天内没有到期的证书。")

    st.subheader("资质核对（年龄、学历、专业、身高、证书）")
    only_failed = st.toggle("只看不符合项", value=True, key="compliance_only_failed")
    shown = failed if only_failed else items
    if not shown:
        st.success(f"{on} 全部 {len(people)} 人符合所在服务项目的要求。")
    else:
        frame = pd.DataFrame([{"工号": i.staff_id, "姓名": i.name, "服务项目": i.line_id,
                               "检查": i.check, "结果": "符合" if i.ok else "不符合",
                               "说明": i.detail} for i in shown])
        st.caption(f"{len(bad_people)} 人有不符合项。")
        keyed_table("compliance_table", frame.style.apply(
            lambda row: [f"background-color:{EXPIRED_BG}" if row["结果"] == "不符合" else ""]
            * len(row), axis=1), width="stretch", hide_index=True)
    _borrowing(data, on)
    _quarter_training(data, on)


def training_frame(data: DataSet, on: date) -> pd.DataFrame:
    """Who has had no training yet in the quarter of `on` (the data's records and the
    published rosters' trainings in the roster store)."""
    from datetime import timedelta

    from ui.roster_service import StoreError, with_store_training

    store = state.store()
    if store is not None:
        try:
            data, _ = with_store_training(store, data, on + timedelta(days=1))
        except StoreError:
            pass  # the data's own records only
    return pd.DataFrame([{
        "工号": t.staff_id, "姓名": t.name,
        "服务项目": data.line_by_id[t.line_id].name if t.line_id in data.line_by_id
        else t.line_id, "说明": t.detail}
        for t in quarter_training(data, on) if not t.trained])


def _quarter_training(data: DataSet, on: date) -> None:
    st.subheader("季度培训（每季度至少培训一次）")
    frame = training_frame(data, on)
    if frame.empty:
        st.success(f"截至 {on}，本季度全部人员已参加培训。")
        return
    st.caption(f"截至 {on}，本季度尚未参加培训 {len(frame)} 人；"
               "排班求解时会安排其参加本期的培训场次。")
    keyed_table("training_table", frame, width="stretch", hide_index=True)


def borrowing_frame(data: DataSet, on: date) -> pd.DataFrame:
    """Each borrowed post of each person against the post's lines on `on`."""
    return pd.DataFrame([{
        "工号": b.staff_id, "姓名": b.name, "本人服务项目": b.line_id,
        "可借调岗位": b.post_name,
        "结果": "不符合" if not b.ok else ("按例外符合" if b.waived else "符合"),
        "符合的服务项目": b.via_line_name, "说明": b.detail, "已备案例外": "；".join(b.waived)}
        for b in borrowing_report(data, on)])


def _borrowing(data: DataSet, on: date) -> None:
    st.subheader("借调资质核对（可借调岗位对照被借调服务项目的要求）")
    frame = borrowing_frame(data, on)
    if frame.empty:
        st.info("没有人员登记可借调的岗位。")
        return
    bad = int((frame["结果"] == "不符合").sum())
    waived = int((frame["结果"] == "按例外符合").sum())
    st.caption(f"共 {len(frame)} 项，不符合 {bad} 项，按已备案例外符合 {waived} 项。"
               "不符合的岗位求解时不会借调。")
    keyed_table("borrowing_table", frame.style.apply(
        lambda row: [f"background-color:{EXPIRED_BG}" if row["结果"] == "不符合"
                     else (f"background-color:{SOON_BG}" if row["结果"] == "按例外符合" else "")]
        * len(row), axis=1), width="stretch", hide_index=True)


def lines_requirements_frame(data: DataSet) -> pd.DataFrame:
    names = _cert_names(data)
    counts: dict[str, int] = {}
    for member in data.staff:
        counts[member.line_id] = counts.get(member.line_id, 0) + 1
    rows = []
    for line in sorted(data.lines, key=lambda item: (item.seq, item.id)):
        reqs = line.requirements
        if reqs.max_age is None:
            age = ""
        else:
            age = f"{reqs.max_age}岁{'及以下' if reqs.age_inclusive else '以下'}"
        dept = data.department_by_id.get(line.department_id)
        rows.append({
            "序号": line.seq, "编号": line.id, "服务项目": line.name,
            "类别": line.category, "科室": dept.name if dept else line.department_id,
            "合同人数": line.headcount, "在册人数": counts.get(line.id, 0),
            "成本预算": yuan(line.unit_cost), "管理费": yuan(line.management_fee),
            "月服务费": yuan(line.monthly_fee), "学历": f"{reqs.min_education}及以上",
            "专业": "、".join(reqs.majors), "年龄": age,
            "身高": f"{reqs.min_height_cm} cm 以上" if reqs.min_height_cm else "",
            "必备证书": "、".join(names.get(c, c) for c in reqs.required_certificates),
            "优先证书": "、".join(names.get(c, c) for c in reqs.preferred_certificates),
            "岗前培训（天）": reqs.training_days, "来源": data.plain(reqs.source)})
    return pd.DataFrame(rows)


def _lines(data: DataSet) -> None:
    st.caption("合同的服务项目、价格和人员要求（出处见“来源”一栏）。")
    keyed_table("lines_table", lines_requirements_frame(data), width="stretch", hide_index=True)
