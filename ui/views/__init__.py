"""One module per page of the app, each exposing `render()`."""

from __future__ import annotations

from typing import Any

import streamlit as st


def keyed_table(key: str, data: Any, **options: Any) -> None:
    """st.dataframe inside a container with a key: found by tests (AppTest and the browser,
    as CSS class `st-key-<key>`) even though read-only tables carry no key of their own."""
    with st.container(key=key):
        st.dataframe(data, **options)
