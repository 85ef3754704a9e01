"""The app's sign-in: the form, the first-account page, and the signed-in person's role."""

from __future__ import annotations

import streamlit as st

from model.users import Action, Actor
from ui.accounts import ENV_VAR, AccountsError, accounts_path, load_accounts, verify
from ui.signin_throttle import SignInThrottle, paused_message

#: Session key of the signed-in Actor (server-side; never set from the browser).
USER = "signed_in_user"
#: wrong passwords per user name, shared by every browser session of this server process
THROTTLE = SignInThrottle()


def current_user() -> Actor | None:
    user = st.session_state.get(USER)
    return user if isinstance(user, Actor) else None


def may(action: Action) -> bool:
    """Whether the signed-in person's role permits `action` (False when nobody is)."""
    user = current_user()
    return user is not None and user.may(action)


def require_user() -> Actor:
    """The signed-in person; otherwise shows the sign-in form (or, with no accounts file,
    how to create the first account) and stops the script."""
    user = current_user()
    if user is not None:
        return user
    path = accounts_path()
    try:
        accounts = load_accounts(path)
    except AccountsError as exc:
        st.error(str(exc))
        st.stop()
    if not accounts:
        _first_account_page(str(path))
        st.stop()
    st.title("登录")
    with st.form("signin_form"):
        username = st.text_input("用户名", key="signin_username")
        password = st.text_input("密码", type="password", key="signin_password")
        submitted = st.form_submit_button("登录", type="primary")
    if submitted:
        wait = THROTTLE.wait_s(username)
        actor = None if wait else verify(username, password, path)
        if wait:
            st.error(paused_message(wait))
        elif actor is None:
            THROTTLE.failed(username)
            wait = THROTTLE.wait_s(username)
            st.error(paused_message(wait) if wait else "用户名或密码错误")
        else:
            THROTTLE.succeeded(username)
            st.session_state[USER] = actor
            st.rerun()
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises


def _first_account_page(path: str) -> None:
    st.title("尚无登录账户")
    st.info("本应用需要登录。请先在服务器上用命令行创建第一个账户（密码输入两次，只保存其散列），"
            "然后刷新本页：")
    st.code("roster user add 用户名 --role 项目负责人 --name 姓名", language="bash")
    st.markdown(f"账户文件：`{path}`（可用环境变量 `{ENV_VAR}` 指定其他位置）。"
                "角色：**项目负责人**（排班、修改、发布）、**医院管理者**（情景、费用、查看排班）、"
                "**只读**（查看排班）。")


def sidebar() -> None:
    """The signed-in person and the sign-out button, in the sidebar."""
    user = current_user()
    if user is None:
        return
    st.caption(f"已登录：{user.name}（{user.role.value}）")
    if st.button("退出登录", key="signout_button"):
        st.session_state.pop(USER, None)
        st.rerun()


__all__ = ["USER", "current_user", "may", "require_user", "sidebar"]
