"""One module per page of the app, each exposing `render()`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st


def keyed_table(key: str, data: Any, **options: Any) -> None:
    """st.dataframe inside a container with a key: found by tests (AppTest and the browser,
    as CSS class `st-key-<key>`) even though read-only tables carry no key of their own."""
    with st.container(key=key):
        st.dataframe(data, **options)


def change_metric(where: Any, label: str, value: str, delta: Any, worded: str,
                  more_is_worse: bool = True) -> None:
    """A metric whose difference is signed in words (增加/减少/不变) with a matching arrow;
    red when the change is the costly direction (`more_is_worse`)."""
    from ui.formatting import change_arrow

    arrow = change_arrow(delta)
    where.metric(label, value, delta=worded, delta_arrow=arrow,
                 delta_color="off" if arrow == "off" else
                 "inverse" if more_is_worse else "normal")


def yaml_title(path: Path) -> str:
    """A scenario or grid file by the name written in it (its file name when it has none)."""
    from model.yaml_io import load_yaml

    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
    except Exception:  # noqa: BLE001 - a broken file still gets a label; loading reports it
        raw = None
    name = raw.get("name") if isinstance(raw, dict) else None
    return str(name) if name else path.stem
