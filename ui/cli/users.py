"""`roster user add`: accounts of the app, and the actor the CLI's store commands act as."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from model.users import Actor, Role
from store.versions import author_name
from ui.accounts import AccountsError, add_account

user_app = typer.Typer(add_completion=False, no_args_is_help=True,
                       help="应用的登录账户（账户文件路径见 ROSTER_ACCOUNTS）。")


def cli_actor(author: str | None) -> Actor:
    """The CLI acts as `--author` or the operating-system user, with the role 项目负责人."""
    return Actor(name=author_name(author), role=Role.LEAD)


def _read_password() -> str:
    """Prompted twice on a terminal; from the first line of standard input otherwise."""
    if sys.stdin.isatty():
        return str(typer.prompt("密码", hide_input=True, confirmation_prompt="再次输入密码"))
    return sys.stdin.readline().rstrip("\r\n")


@user_app.command(name="add")
def add(
    username: Annotated[str, typer.Argument(help="登录用的用户名")],
    role: Annotated[Role, typer.Option("--role", help="角色：项目负责人、医院管理者或只读")],
    name: Annotated[str, typer.Option("--name", help="显示的姓名（默认同用户名）")] = "",
    replace: Annotated[bool, typer.Option("--replace", help="用户已存在时重设其密码和角色")]
    = False,
) -> None:
    """添加应用的登录账户：密码在终端输入两次（或从标准输入读一行），只保存其 bcrypt 散列。"""
    password = _read_password()
    try:
        path = add_account(username, password, role, name, replace=replace)
    except AccountsError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"已添加账户 {username}（{role.value}），账户文件：{path}")


def register(app: typer.Typer) -> None:
    """Add the `user` group to the `roster` app."""
    app.add_typer(user_app, name="user")
