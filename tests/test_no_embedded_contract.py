"""No module outside data/ names the embedded contract: its hospital, its line ids or the
figures printed in its tender (the scanner is tested on planted files)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from model.cost import cost_report
from model.dataset import DataSet
from model.loaders import load_dataset

ROOT = Path(__file__).resolve().parent.parent
#: The packages whose modules must not name the embedded contract (data/, tests/ and the
#: scenario files are data).
PACKAGES = ("model", "solver", "store", "ui", "bench")
#: The hospital's names, as they appear in its full and short names.
HOSPITAL_NAMES = ("柳州", "眼科医院", "红十字会")


def _figure_texts(value: Decimal) -> set[str]:
    """The ways a printed figure may be written: as printed, to the fen, with thousands."""
    texts = {str(value), f"{value:.2f}", f"{value:,}", f"{value:,.2f}"}
    return {t for t in texts if t}


def contract_patterns(data: DataSet) -> dict[str, re.Pattern[str]]:
    """What names the embedded contract: hospital names, line ids as whole tokens, and its
    figures (unit costs, the tender's table and totals, the monthly and contract totals)."""
    patterns = {name: re.compile(re.escape(name)) for name in HOSPITAL_NAMES}
    for line in data.lines:
        patterns[line.id] = re.compile(rf"(?<![A-Za-z0-9_]){re.escape(line.id)}(?![A-Za-z0-9_])")
    figures = {line.unit_cost for line in data.lines}
    if data.tender is not None:
        figures |= {row.unit_cost for row in data.tender.rows}
        figures.add(data.tender.total.unit_cost)
    report = cost_report(data)
    figures |= {report.monthly_total, report.contract_total, report.unit_cost_plain_sum}
    for figure in figures:
        for text in _figure_texts(figure):
            patterns[text] = re.compile(rf"(?<![\d.,]){re.escape(text)}(?![\d])")
    return patterns


def mentions(path: Path, patterns: dict[str, re.Pattern[str]]) -> list[str]:
    """'file:line: what' for every occurrence of a pattern in a text file."""
    found = []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        for name, pattern in patterns.items():
            if pattern.search(text):
                found.append(f"{path}:{number}: {name}")
    return found


def modules(root: Path) -> list[Path]:
    return sorted(p for package in PACKAGES for p in (root / package).rglob("*.py"))


@pytest.fixture(scope="module")
def patterns() -> dict[str, re.Pattern[str]]:
    return contract_patterns(load_dataset())


def test_patterns_cover_names_ids_and_figures(patterns: dict[str, re.Pattern[str]]) -> None:
    for expected in ("柳州", "眼科医院", "红十字会", "L01", "L27", "5664.26", "181727.6",
                     "311948.52", "311,948.52", "11230146.72", "11,230,146.72"):
        assert expected in patterns, expected


def test_no_module_names_the_embedded_contract(patterns: dict[str, re.Pattern[str]]) -> None:
    files = modules(ROOT)
    assert len(files) > 50
    found = [hit for path in files for hit in mentions(path, patterns)]
    assert found == []


@pytest.mark.parametrize("planted", [
    'TITLE = "柳州市眼科医院 排班表"',
    "# the radiology line L01 is special",
    'LINES = ("L02", "L13")',
    "PRINTED = Decimal('181727.6')",
    'MONTHLY = "¥311,948.52"',
    "cost = 5664.26  # a unit cost",
])
def test_scanner_finds_a_planted_occurrence(tmp_path: Path, planted: str,
                                            patterns: dict[str, re.Pattern[str]]) -> None:
    module = tmp_path / "ui" / "planted.py"
    module.parent.mkdir()
    module.write_text(f'"""A planted module."""\n\n{planted}\n', encoding="utf-8")
    found = [hit for path in modules(tmp_path) for hit in mentions(path, patterns)]
    assert found and all(hit.startswith(f"{module}:3:") for hit in found)


@pytest.mark.parametrize("harmless", [
    'help="新增项目请填新的编号，如 L28"',
    "LIMIT = 15664.265",
    "line_id = 'L010'",
    "VALUE = 25664.26",
])
def test_scanner_ignores_other_ids_and_numbers(tmp_path: Path, harmless: str,
                                               patterns: dict[str, re.Pattern[str]]) -> None:
    module = tmp_path / "model" / "harmless.py"
    module.parent.mkdir()
    module.write_text(f"{harmless}\n", encoding="utf-8")
    assert mentions(module, patterns) == []
