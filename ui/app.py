"""The Streamlit app: `roster app` or `streamlit run ui/app.py`.

Five pages (排班, 情景, 人员与资质, 规则, 月度结算) over the session's data set, after
sign-in (`ui/signin.py`): each role sees only the pages it may use. The app only displays:
rules, costs and rosters come from `model/` and `solver/`; CP-SAT runs in a child process
(`ui/jobs.py`) whose stop handle stays in `st.session_state`.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run ui/app.py` from anywhere
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from model.errors import DataError  # noqa: E402
from model.users import Action  # noqa: E402
from ui import signin, state, zh_widgets  # noqa: E402
from ui.formatting import problems_frame  # noqa: E402
from ui.views import (  # noqa: E402
    data_source,
    progress,
    roster,
    rules,
    scenarios,
    settlement,
    staff,
)

TITLE = "排班与人力规划"
#: What the app is for, after the contract's name (ContractTerms.display_name) if it has one.
SUBJECT = "辅助服务外包"
PAGES = {
    roster.PAGE: roster.render,
    scenarios.PAGE: scenarios.render,
    staff.PAGE: staff.render,
    rules.PAGE: rules.render,
    settlement.PAGE: settlement.render,
}
#: What a role must be allowed to do to see each page.
PAGE_ACTIONS = {
    roster.PAGE: Action.READ,
    scenarios.PAGE: Action.SCENARIOS,
    staff.PAGE: Action.EDIT,
    rules.PAGE: Action.EDIT,
    settlement.PAGE: Action.COST,
}
COLLECTORS = {
    roster.KIND_SOLVE: roster.collect,
    roster.KIND_REPLAN: roster.collect,
    scenarios.KIND: scenarios.collect,
}


def subject(name: str) -> str:
    """The caption under the title: the contract's name, then what the app is for."""
    return f"{name} {SUBJECT}" if name else SUBJECT


def main() -> None:
    try:
        name = state.data().contract.display_name
        problems = None
    except DataError as exc:
        name, problems = "", exc.problems
    st.set_page_config(page_title=f"{TITLE} · {subject(name)}", page_icon="📅", layout="wide")
    zh_widgets.inject()
    if problems is not None:
        st.error("内置数据有误，无法启动：")
        st.dataframe(problems_frame(problems), width="stretch", hide_index=True)
        st.stop()
    user = signin.require_user()
    finished = state.take_finished_job()
    if finished is not None:
        COLLECTORS[finished.kind](finished)
    with st.sidebar:
        st.title(TITLE)
        st.caption(subject(state.data().contract.display_name))
        signin.sidebar()
        allowed = [p for p in PAGES if user.may(PAGE_ACTIONS[p])]
        if st.session_state.get("page") not in allowed:
            st.session_state["page"] = allowed[0]
        page = st.radio("页面", allowed, key="page")
        current = state.job()
        if current is not None and current.meta.get("page") != page:
            progress.sidebar_note()
        if user.may(Action.EDIT) or user.may(Action.SCENARIOS):
            st.divider()
            data_source.render_sidebar()
    data_source.render_errors()
    PAGES[page]()


main()
