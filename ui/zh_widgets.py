"""Streamlit's own English words replaced in the page: the file uploader's instructions and
button, the skip link, the running indicator, the tables' toolbar, tooltips and column menu;
injected once per script run by `ui/app.py` (`inject()`).

Streamlit has no translation of its widgets: the style sheet below hides the English text
nodes and writes the Chinese in their place with CSS `content`; the tables' words (their
toolbar, its tooltips, the column menu with its statistics and number formats) are replaced
by a small script of ours that watches the page and swaps each known English text or label,
matched whole, for its Chinese (TABLE_WORDS). The toolbar's Deploy button and English menu
are hidden by `.streamlit/config.toml` (`client.toolbarMode = "minimal"`).
"""

from __future__ import annotations

import json

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
[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > script) {{ display: none; }}
</style>
"""


#: Streamlit's English in tables (st.dataframe / st.data_editor), whole texts and labels.
TABLE_WORDS = {
    # the toolbar above a table and its tooltips
    "Show/hide columns": "显示/隐藏列", "Download as CSV": "下载为 CSV 文件", "Search": "搜索",
    "Fullscreen": "全屏", "Close fullscreen": "退出全屏", "Close Search": "关闭搜索",
    "Next Result": "下一个", "Previous Result": "上一个", "Type to search": "输入要查找的内容",
    # a column's menu
    "Sort ascending": "升序排列", "Sort descending": "降序排列", "Statistics": "统计",
    "Format": "显示格式", "Autosize": "自动列宽", "Pin column": "固定此列",
    "Unpin column": "取消固定", "Hide column": "隐藏此列", "Copy column name": "复制列名",
    "Dataframe column menu": "列菜单",
    # its statistics
    "Count": "计数", "Distinct": "不同值", "Empty": "空值", "Minimum": "最小值",
    "Maximum": "最大值", "Average": "平均值", "Median": "中位数", "Sum": "合计",
    "Standard deviation": "标准差", "Range": "范围", "Values": "有值",
    "Minimum length": "最短长度", "Maximum length": "最长长度", "Average length": "平均长度",
    "Based on sample": "基于抽样", "Distribution histogram": "分布直方图",
    # its number and date formats
    "Automatic": "自动", "Localized": "本地格式", "Plain": "普通", "Compact": "紧凑",
    "Scientific": "科学计数", "Accounting": "会计格式", "Percent": "百分比", "Dollar": "美元",
    "Euro": "欧元", "Yen": "日元", "Calendar": "日历", "Distance": "相对时间",
    "Duration": "时长",
    # editing tables
    "Add row": "添加行", "Delete row(s)": "删除所选行", "Select all": "全选",
    "Clear selection": "清除选择", "No data": "无数据", "No content": "无内容",
    "No options": "无选项", "Select...": "请选择…",
}
#: Attributes whose whole English value is replaced too.
TABLE_ATTRIBUTES = ("aria-label", "title", "placeholder")

SCRIPT = """
<script>
(() => {
  if (window.__rosterChinese) return;
  window.__rosterChinese = true;
  const words = __WORDS__;
  const attributes = __ATTRIBUTES__;
  const swapText = (node) => {
    const text = node.nodeValue;
    if (!text) return;
    const key = text.trim();
    if (Object.prototype.hasOwnProperty.call(words, key)) {
      node.nodeValue = text.replace(key, words[key]);
    }
  };
  const swapElement = (el) => {
    for (const name of attributes) {
      const value = el.getAttribute && el.getAttribute(name);
      if (value && Object.prototype.hasOwnProperty.call(words, value.trim())) {
        el.setAttribute(name, words[value.trim()]);
      }
    }
  };
  const walk = (root) => {
    if (root.nodeType === Node.TEXT_NODE) { swapText(root); return; }
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    swapElement(root);
    const walker = document.createTreeWalker(
      root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.nodeType === Node.TEXT_NODE) swapText(n); else swapElement(n);
    }
  };
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === "characterData") swapText(change.target);
      else if (change.type === "attributes") swapElement(change.target);
      else change.addedNodes.forEach(walk);
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true,
                             attributes: true, attributeFilter: attributes});
  walk(document.body);
})();
</script>
""".replace("__WORDS__", json.dumps(TABLE_WORDS, ensure_ascii=False)).replace(
    "__ATTRIBUTES__", json.dumps(list(TABLE_ATTRIBUTES)))


def inject() -> None:
    """Add the style sheet and the table words' script to the page (no visible element)."""
    st.html(STYLE)
    st.html(SCRIPT, unsafe_allow_javascript=True)
