"""Streamlit's own English words replaced in the page: the file uploader's instructions and
button, the skip link, the running indicator; injected once per script run by `ui/app.py`
(`inject()`).

Streamlit has no translation of its widgets: the style sheet below hides the English text
nodes and writes the Chinese in their place with CSS `content`. The toolbar's Deploy button
and English menu are hidden by `.streamlit/config.toml` (`client.toolbarMode = "minimal"`).
"""

from __future__ import annotations

import streamlit as st

#: What the uploader's drop zone says instead of "Drag and drop file here" / "Limit 200MB per
#: file • XLSX" / "Browse files".
DROP_TEXT = "将文件拖放到此处"
LIMIT_TEXT = "单个文件不超过 200MB"
BROWSE_TEXT = "选择文件"
#: The keyboard users' "Skip to main content" link.
SKIP_TEXT = "跳到主要内容"

STYLE = f"""
<style>
[data-testid="stFileUploaderDropzoneInstructions"] span,
[data-testid="stFileUploaderDropzoneInstructions"] small {{ display: none; }}
[data-testid="stFileUploaderDropzoneInstructions"] > div::before {{
  content: "{DROP_TEXT}"; display: block; font-size: 0.95rem; }}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {{
  content: "{LIMIT_TEXT}"; display: block; font-size: 0.8rem; opacity: 0.7; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] {{
  display: none; }}
[data-testid="stFileUploaderDropzone"] button span[data-has-shortcut]::after {{
  content: "{BROWSE_TEXT}"; }}
[data-testid="stSkipToContent"] {{ font-size: 0; }}
[data-testid="stSkipToContent"]::after {{ content: "{SKIP_TEXT}"; font-size: 1rem; }}
[data-testid="stStatusWidget"] {{ visibility: hidden; }}
[data-testid="stAppDeployButton"], [data-testid="stMainMenu"] {{ display: none; }}
</style>
"""


def inject() -> None:
    """Add the style sheet to the page (no visible element)."""
    st.html(STYLE)
