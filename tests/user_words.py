"""What a user must never read (developer words), and the text an app page, a command or a
workbook shows, collected for tests/test_user_words.py."""

from __future__ import annotations

import html
import importlib
import inspect
import io
import json
import pkgutil
import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

import pandas as pd
from google.protobuf.json_format import MessageToDict
from openpyxl import load_workbook
from pydantic import BaseModel

import model
from model.loaders import load_dataset
from model.rules import RULE_IDS

#: Latin words a Chinese user reads as such (file formats, the spreadsheet program).
ALLOWED_WORDS = frozenset({"Excel", "JSON", "PDF", "CSV", "XLSX", "xlsx", "json", "csv", "YAML",
                           "yaml", "YYYY"})
#: What a user typed or a machine location, not prose: paths, URLs and command options.
NOT_PROSE = re.compile(r"`[^`]*`|\S*[/\\]\S*|--[a-z][a-z-]*")
#: Words of developers whatever they are part of.
FORBIDDEN_ALWAYS = ("seed", "calendar_overrides", "chinese_calendar")
#: A word of English prose: four or more Latin letters in a row (not part of a number such as
#: a certificate's HSZG2017-4502-2210).
ENGLISH_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{4,}(?![A-Za-z0-9])")
#: An identifier-like token: letters, digits, '_' and '.', starting with a letter.
IDENTIFIER = re.compile(r"(?<![A-Za-z0-9_.])[A-Za-z][A-Za-z0-9_.]*[A-Za-z0-9_]|"
                        r"(?<![A-Za-z0-9_.])[A-Za-z](?![A-Za-z0-9_.])")
#: Proto fields that hold no text a user reads (ids, types, urls, formats, raw data).
SKIPPED_FIELDS = frozenset({"id", "formId", "url", "type", "elementType", "tag", "arrowData",
                            "data", "columns", "format", "icon", "labelVisibility", "default",
                            "setValue", "rawValue", "value", "dataType", "editingMode",
                            "selectionMode", "gapConfig", "widthConfig", "heightConfig",
                            "flexContainer", "borderColor", "deltaColor", "deltaArrow",
                            "useContainerWidth", "style", "mimeType", "targetId", "fragmentId",
                            "step", "min", "max", "dataFrameFormat", "backgroundColor", "color",
                            "accept", "acceptMultipleFiles", "maxUploadSizeMb", "height",
                            "width", "scale", "align", "direction", "wrap", "kind", "key",
                            "autocomplete", "inputType", "labelPosition", "stretch", "gap",
                            "weight", "verticalAlignment", "src", "spec", "theme", "body_html",
                            "datasets", "vegaLiteTheme"})


@cache
def yaml_keys() -> frozenset[str]:
    """Every field name of the data files' pydantic models that reads as a key (has '_')."""
    names: set[str] = set()
    for info in pkgutil.walk_packages(model.__path__, "model."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseModel) and cls.__module__.startswith("model"):
                names.update(name for name in cls.model_fields if "_" in name)
                names.update(field.alias for field in cls.model_fields.values()
                             if field.alias and "_" in field.alias)
    return frozenset(names)


@cache
def certificate_codes() -> frozenset[str]:
    return frozenset(cert.id for cert in load_dataset().certificate_types)


@cache
def post_ids() -> frozenset[str]:
    return frozenset(post.id for post in load_dataset().posts if "_" in post.id)


@cache
def forbidden_tokens() -> frozenset[str]:
    """Identifier-like words a user must never read: rule ids, keys, codes, post ids."""
    return frozenset(RULE_IDS) | yaml_keys() | certificate_codes() | post_ids()


def offences(text: str) -> list[str]:
    """The developer words in `text`: 'seed', a rule id, a YAML key, a certificate code, a
    post id, the calendar library or override file, or a word of English prose."""
    found = [word for word in FORBIDDEN_ALWAYS if word in text.lower()]
    tokens = forbidden_tokens()
    rest = text
    for match in IDENTIFIER.finditer(text):
        token = match.group(0)
        hits = sorted(part for part in {token, *token.split(".")} if part in tokens)
        if hits:
            found.extend(hits)
            rest = rest.replace(token, " ")
    rest = NOT_PROSE.sub(" ", rest)
    found.extend(word for word in ENGLISH_WORD.findall(rest) if word not in ALLOWED_WORDS)
    return found


def report(texts: Iterable[tuple[str, str]]) -> list[str]:
    """'where: word in «text»' for each offence, for an assertion message."""
    return [f"{where}: {word} in «{text[:160]}»" for where, text in texts
            for word in offences(text)]


# -- the app -----------------------------------------------------------------------------------

def _chart_titles(spec: str) -> Iterator[str]:
    """The titles and texts of a chart's Vega-Lite spec (axis titles, legends, marks)."""
    try:
        tree = json.loads(spec)
    except (TypeError, ValueError):
        return

    def walk(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            for key, item in node.items():
                if key in ("title", "text") and isinstance(item, str):
                    yield item
                elif key not in ("datasets", "data"):
                    yield from walk(item)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item)

    yield from walk(tree)


def _strings(value: Any, field: str = "") -> Iterator[str]:
    if field == "spec" and isinstance(value, str):
        yield from _chart_titles(value)
        return
    if field in SKIPPED_FIELDS:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, key)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, field)


def _column_labels(proto: Any) -> tuple[list[str], set[str]]:
    """The labels and help of a table's column config, and the columns it hides."""
    raw = getattr(proto, "columns", "")
    try:
        config = json.loads(raw) if raw else {}
    except (TypeError, ValueError):
        config = {}
    texts, hidden = [], set()
    for name, column in config.items():
        if not isinstance(column, dict):
            continue
        if column.get("hidden"):
            hidden.add(name.removeprefix("col:name:") if isinstance(name, str) else name)
            continue
        texts.extend(str(column[k]) for k in ("label", "help") if column.get(k))
        options = (column.get("type_config") or {}).get("options") or []
        texts.extend(str(o.get("label", o.get("value", ""))) if isinstance(o, dict) else str(o)
                     for o in options)
    return texts, hidden


def html_texts(body: str) -> list[str]:
    """The text a user reads in an HTML element: its text nodes and title attributes (style
    sheets, scripts and markup left out)."""
    body = re.sub(r"<(style|script)\b.*?</\1>", " ", body, flags=re.S | re.I)
    titles = [html.unescape(t) for t in re.findall(r'title="([^"]*)"', body)]
    text = html.unescape(re.sub(r"<[^>]+>", "\n", body))
    return titles + [line.strip() for line in text.splitlines() if line.strip()]


def frame_texts(frame: pd.DataFrame, hidden: set[str] = frozenset()) -> Iterator[str]:
    """Column names, the index when it is labelled, and every cell of a shown table."""
    frame = frame.drop(columns=[c for c in frame.columns if str(c) in hidden])
    yield from (str(c) for c in frame.columns)
    if not isinstance(frame.index, pd.RangeIndex):
        yield from (str(i) for i in frame.index)
    for column in frame.columns:
        yield from (str(v) for v in frame[column].tolist() if isinstance(v, str))


def app_texts(at: Any) -> list[str]:
    """Every text of every element the script produced: bodies, labels, help, options,
    placeholders, captions, metrics, table headers and cells, expander and tab labels."""
    texts: list[str] = []

    def walk(node: Any) -> None:
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", "")
        if type(node).__name__ == "Html" or kind == "html":
            texts.extend(html_texts(str(getattr(proto, "body", ""))))
        elif kind == "bidi_component":  # the clickable grid: the HTML it is given to show
            texts.extend(html_texts(str(json.loads(proto.json or "{}").get("html", ""))))
        elif kind == "iframe":  # components.html (the print view): the page it shows
            texts.extend(html_texts(str(getattr(proto, "srcdoc", ""))))
        elif proto is not None:
            texts.extend(_strings(MessageToDict(proto)))
            if type(node).__name__ in ("Dataframe", "DataEditor") or hasattr(proto, "arrow_data"):
                labels, hidden = _column_labels(proto)
                texts.extend(labels)
                value = getattr(node, "value", None)
                if isinstance(value, pd.DataFrame):
                    texts.extend(frame_texts(value, hidden))
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)

    walk(at._tree)
    return [t for t in texts if t.strip()]


# -- the workbook ------------------------------------------------------------------------------

def workbook_texts(content: bytes) -> list[tuple[str, str]]:
    """(sheet!cell, text) for every text cell and comment, sheet title and header/footer."""
    book = load_workbook(io.BytesIO(content))
    found: list[tuple[str, str]] = []
    for sheet in book.worksheets:
        found.append((sheet.title, sheet.title))
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and not cell.value.startswith("="):
                    found.append((f"{sheet.title}!{cell.coordinate}", cell.value))
                if cell.comment is not None:
                    found.append((f"{sheet.title}!{cell.coordinate} 批注", cell.comment.text))
        for validation in sheet.data_validations.dataValidation:
            for text in (validation.prompt, validation.error, validation.promptTitle,
                         validation.errorTitle):
                if text:
                    found.append((f"{sheet.title} 数据验证", text))
    return found
