"""Sign-in and roles: the app's sign-in (AppTest), the pages and buttons of each role, the
store service refusing a role that may not write, and `roster user add`."""

from __future__ import annotations

import stat
from pathlib import Path

import bcrypt
import pytest
import yaml
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from model.events import Absence, AbsenceKind
from model.users import Action, Actor, Role
from store.db import StoreError
from store.tables import AssignmentRow, ChangeRow, VersionRow
from tests.test_store import MONDAY, WEEK1, count, hand_roster, week_data
from ui import roster_service as repo
from ui import signin, signin_throttle
from ui.accounts import ENV_VAR, add_account, load_accounts, verify
from ui.cli import app as cli_app

pytest_plugins = ("tests.pg",)  # the store fixture

APP = Path(__file__).resolve().parent.parent / "ui" / "app.py"
PASSWORD = "correct-horse-42"


@pytest.fixture
def accounts(tmp_path, monkeypatch) -> Path:
    """An accounts file with one person of each role, named by $ROSTER_ACCOUNTS."""
    path = tmp_path / "accounts.yaml"
    monkeypatch.setenv(ENV_VAR, str(path))
    add_account("lead", PASSWORD, Role.LEAD, "李负责")
    add_account("boss", PASSWORD, Role.MANAGER, "王院长")
    add_account("reader", PASSWORD, Role.READER, "赵只读")
    return path


def app() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def sign_in(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="signin_username").input(username)
    at.text_input(key="signin_password").input(password)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def button_keys(at: AppTest) -> set[str]:
    return {b.key for b in at.button if b.key}


# -- the app -----------------------------------------------------------------------------------
def test_without_accounts_the_app_tells_how_to_create_the_first(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "none.yaml"))
    at = app()
    assert at.title[0].value == "尚无登录账户"
    assert any("roster user add" in c.value for c in at.code)
    assert "solve_button" not in button_keys(at)


def test_the_app_asks_for_sign_in_and_refuses_a_wrong_password(accounts):
    at = app()
    assert at.title[0].value == "登录"
    assert "solve_button" not in button_keys(at)
    sign_in(at, "lead", "wrong-password")
    assert [e.value for e in at.error] == ["用户名或密码错误"]
    assert "solve_button" not in button_keys(at)
    assert signin.USER not in at.session_state


def test_five_wrong_passwords_pause_the_name_even_for_the_right_one(accounts):
    add_account("nurse", PASSWORD, Role.READER, "钱护士", path=accounts)
    at = app()
    for _ in range(signin_throttle.MAX_FAILURES - 1):
        sign_in(at, "nurse", "wrong-password")
        assert [e.value for e in at.error] == ["用户名或密码错误"]
    sign_in(at, "nurse", "wrong-password")
    assert "已暂停登录，请 5 分钟后再试" in at.error[0].value
    # a new browser session changes nothing; the right password is not even checked
    again = sign_in(app(), "nurse", PASSWORD)
    assert "已暂停登录" in again.error[0].value and signin.USER not in again.session_state
    # another name is not affected
    assert signin.USER in sign_in(app(), "reader", PASSWORD).session_state
    signin.THROTTLE.succeeded("nurse")  # leave the process-wide record clean


def test_the_throttle_pauses_longer_each_time_and_forgets_on_success():
    now = [0.0]
    throttle = signin_throttle.SignInThrottle(clock=lambda: now[0])
    for _ in range(signin_throttle.MAX_FAILURES - 1):
        throttle.failed("a")
    assert throttle.wait_s("a") == 0
    throttle.failed("a")
    assert throttle.wait_s(" a ") == signin_throttle.PAUSE_S
    now[0] += signin_throttle.PAUSE_S
    assert throttle.wait_s("a") == 0
    for _ in range(signin_throttle.MAX_FAILURES):
        throttle.failed("a")
    assert throttle.wait_s("a") == 2 * signin_throttle.PAUSE_S  # the second pause doubles
    throttle.succeeded("a")
    assert throttle.wait_s("a") == 0
    # failures further apart than the window do not add up
    for _ in range(signin_throttle.MAX_FAILURES):
        throttle.failed("b")
        now[0] += signin_throttle.WINDOW_S
    assert throttle.wait_s("b") == 0


def test_the_lead_signs_in_and_may_solve(accounts):
    at = sign_in(app(), "lead", PASSWORD)
    assert at.session_state[signin.USER] == Actor("李负责", Role.LEAD)
    assert "solve_button" in button_keys(at)
    assert at.sidebar.radio(key="page").options == ["排班", "情景", "人员与资质", "规则",
                                                         "月度结算"]
    assert any("李负责（项目负责人）" in c.value for c in at.sidebar.caption)


def test_a_reader_sees_no_solve_button_and_only_the_roster_page(accounts):
    at = sign_in(app(), "reader", PASSWORD)
    assert at.session_state[signin.USER] == Actor("赵只读", Role.READER)
    assert "solve_button" not in button_keys(at)
    assert at.sidebar.radio(key="page").options == ["排班"]


def test_a_manager_sees_scenarios_but_may_not_solve(accounts):
    at = sign_in(app(), "boss", PASSWORD)
    assert "solve_button" not in button_keys(at)
    assert at.sidebar.radio(key="page").options == ["排班", "情景", "月度结算"]


def test_sign_out(accounts):
    at = sign_in(app(), "lead", PASSWORD)
    at.button(key="signout_button").click().run()
    assert signin.USER not in at.session_state
    assert at.title[0].value == "登录"


# -- roles ---------------------------------------------------------------------------------------
def test_roles_and_their_actions():
    assert all(Role.LEAD.may(a) for a in Action)
    assert {a for a in Action if Role.MANAGER.may(a)} == {
        Action.SCENARIOS, Action.COST, Action.ASSESS, Action.READ}
    assert {a for a in Action if Role.READER.may(a)} == {Action.READ}
    assert Role("只读") is Role.READER


# -- the store service refuses who may not write ------------------------------------------------
@pytest.mark.parametrize("role", [Role.READER, Role.MANAGER])
def test_the_service_refuses_an_actor_who_may_not_write(store, role):
    data = week_data()
    roster = hand_roster(data, MONDAY, WEEK1)
    v1 = repo.publish(store, data, roster, author="负责人")
    draft = repo.publish(store, data, roster, draft=True, author="负责人")
    before = {t: count(store, t) for t in (VersionRow, AssignmentRow, ChangeRow)}
    who = Actor("某人", role)
    absence = Absence(staff_id="S2", kind=AbsenceKind.SICK, start=MONDAY, end=MONDAY)
    attempts = [
        lambda: repo.publish(store, data, roster, actor=who),
        lambda: repo.publish(store, data, roster, draft=True, actor=who),
        lambda: repo.publish_draft(store, draft.id, actor=who),
        lambda: repo.swap(store, v1.id, MONDAY, "S1", "S3", actor=who),
        lambda: repo.edit(store, v1.id, MONDAY, "S1", off=True, actor=who),
        lambda: repo.record_replan(store, v1.id, data, roster, absence, actor=who),
    ]
    for attempt in attempts:
        with pytest.raises(StoreError, match=f"某人（{role.value}）无权.*未写入任何内容"):
            attempt()
    assert {t: count(store, t) for t in before} == before
    assert repo.get_version(store, draft.id).status == "draft"


def test_the_actor_is_the_author_of_what_it_stores(store):
    data = week_data()
    roster = hand_roster(data, MONDAY, WEEK1)
    lead = Actor("李负责", Role.LEAD)
    v1 = repo.publish(store, data, roster, actor=lead)
    assert v1.author == "李负责"
    result = repo.swap(store, v1.id, MONDAY, "S1", "S3", actor=lead)
    assert {e.author for e in result.changes} == {"李负责"}


# -- roster user add -------------------------------------------------------------------------
def test_user_add_writes_a_bcrypt_hash_never_the_password(tmp_path, monkeypatch):
    path = tmp_path / "conf" / "accounts.yaml"
    monkeypatch.setenv(ENV_VAR, str(path))
    result = CliRunner().invoke(cli_app, ["user", "add", "zhang", "--role", "只读",
                                          "--name", "张三"], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "已添加账户 zhang（只读）" in result.output
    text = path.read_text(encoding="utf-8")
    assert PASSWORD not in text
    entry = yaml.safe_load(text)["users"]["zhang"]
    assert entry["name"] == "张三" and entry["role"] == "只读"
    assert entry["password_hash"].startswith("$2")
    assert bcrypt.checkpw(PASSWORD.encode(), entry["password_hash"].encode())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert verify("zhang", PASSWORD) == Actor("张三", Role.READER)
    assert verify("zhang", "not-the-password") is None
    # a second add of the same name is refused, --replace resets it
    again = CliRunner().invoke(cli_app, ["user", "add", "zhang", "--role", "项目负责人"],
                               input="another-password\n")
    assert again.exit_code == 2 and "已存在" in again.output
    assert load_accounts()["zhang"].role is Role.READER
    reset = CliRunner().invoke(cli_app, ["user", "add", "zhang", "--role", "项目负责人",
                                         "--replace"], input="another-password\n")
    assert reset.exit_code == 0, reset.output
    assert verify("zhang", "another-password") == Actor("zhang", Role.LEAD)


def test_user_add_refuses_a_short_password(tmp_path, monkeypatch):
    path = tmp_path / "accounts.yaml"
    monkeypatch.setenv(ENV_VAR, str(path))
    result = CliRunner().invoke(cli_app, ["user", "add", "li", "--role", "只读"], input="123\n")
    assert result.exit_code == 2 and "密码至少 8 位" in result.output
    assert not path.exists()


def test_the_readmes_first_command_needs_no_account(tmp_path, monkeypatch):
    """`roster solve` (the README's first command, here one week) runs on a fresh machine
    without an accounts file, and creates none; the README tells how to create one."""
    missing = tmp_path / "no-accounts.yaml"
    monkeypatch.setenv(ENV_VAR, str(missing))
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    first = readme.split("```bash\n", 1)[1].split("\n```", 1)[0]
    assert "roster solve" in first and "user add" not in first
    assert "roster user add NAME --role 项目负责人" in readme
    js = tmp_path / "roster.json"
    result = CliRunner().invoke(cli_app, ["solve", "--start", "2026-11-30", "--weeks", "1",
                                          "--time-limit", "10", "--workers", "2",
                                          "--out", str(tmp_path / "r.xlsx"), "--json", str(js)])
    assert result.exit_code == 0, result.output
    assert js.exists() and not missing.exists()
