"""YAML reading for user-edited files: dates stay text (so an impossible date such as
2026-02-30 becomes a located validation error, not a crash) and only true/false are
booleans (YAML 1.1 would read ids such as OFF, NO and ON as booleans)."""

from __future__ import annotations

import re
from typing import Any

import yaml


class DataLoader(yaml.SafeLoader):
    """SafeLoader without timestamp construction and with YAML 1.2 booleans."""


DataLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
DataLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"))


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=DataLoader)  # noqa: S506 - a SafeLoader subclass
