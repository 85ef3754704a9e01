"""The accounts file (YAML, bcrypt hashes) that the app signs people in against."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import bcrypt
import yaml
from platformdirs import user_config_dir
from pydantic import ValidationError

from model.users import Account, Actor, Role

#: Environment variable naming the accounts file; default in the user's config directory.
ENV_VAR = "ROSTER_ACCOUNTS"
MIN_PASSWORD = 8


class AccountsError(Exception):
    """A Chinese message: the accounts file cannot be read, or an account cannot be added."""


def accounts_path() -> Path:
    """The accounts file: $ROSTER_ACCOUNTS, else accounts.yaml in the user config dir."""
    configured = os.environ.get(ENV_VAR)
    if configured:
        return Path(configured).expanduser()
    return Path(user_config_dir("hospital-roster")) / "accounts.yaml"


def load_accounts(path: Path | None = None) -> dict[str, Account]:
    """The accounts by user name ({} when the file does not exist)."""
    path = path or accounts_path()
    if not path.exists():
        return {}
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        users = raw.get("users") or {} if isinstance(raw, dict) else None
        if not isinstance(users, dict):
            raise AccountsError(f"账户文件 {path} 格式有误：应有 users 一节")
        return {str(name): Account.model_validate(entry) for name, entry in users.items()}
    except (yaml.YAMLError, ValidationError, OSError) as exc:
        raise AccountsError(f"账户文件 {path} 无法读取：{exc}") from exc


def save_accounts(accounts: dict[str, Account], path: Path | None = None) -> Path:
    """Write the accounts atomically (a temporary file renamed over the old one), readable
    by its owner only."""
    path = path or accounts_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"users": {name: {"name": a.name, "role": a.role.value,
                                "password_hash": a.password_hash}
                         for name, a in sorted(accounts.items())}}
    text = yaml.safe_dump(payload, allow_unicode=True, sort_keys=False)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode("ascii")


def add_account(username: str, password: str, role: Role, display_name: str = "", *,
                replace: bool = False, path: Path | None = None) -> Path:
    """Add (or with `replace`, reset) an account; the password is stored only as a bcrypt
    hash. Returns the file written."""
    username = username.strip()
    if not username:
        raise AccountsError("用户名不能为空")
    if len(password) < MIN_PASSWORD:
        raise AccountsError(f"密码至少 {MIN_PASSWORD} 位")
    if len(password.encode("utf-8")) > 72:
        raise AccountsError("密码最多 72 个字节")
    accounts = load_accounts(path)
    if username in accounts and not replace:
        raise AccountsError(f"用户 {username} 已存在（重设密码或角色请加 --replace）")
    accounts[username] = Account(name=display_name.strip() or username, role=role,
                                 password_hash=hash_password(password))
    return save_accounts(accounts, path)


def verify(username: str, password: str, path: Path | None = None) -> Actor | None:
    """The actor signed in by `username` and `password`, or None when they do not match."""
    account = load_accounts(path).get(username.strip())
    if account is None or not password:
        return None
    try:
        ok = bcrypt.checkpw(password.encode("utf-8"), account.password_hash.encode("ascii"))
    except ValueError:  # a malformed hash in the file matches nothing
        return None
    return Actor(name=account.name, role=account.role) if ok else None


__all__ = ["ENV_VAR", "MIN_PASSWORD", "AccountsError", "accounts_path", "add_account",
           "hash_password", "load_accounts", "save_accounts", "verify"]
