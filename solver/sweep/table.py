"""The sweep table: Chinese headers and one row of cells per scenario, and its CSV."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from model.formula_guard import csv_field
from solver.sweep.run import SweepResult


def total_header(result: SweepResult) -> str:
    """The header of the contract total's column: over the contract's months."""
    return f"{result.contract_months}个月总金额（元）"


def fixed_headers(result: SweepResult) -> tuple[str, ...]:
    """The headers after the axes: figures, status, and notes of each scenario."""
    return ("人数", "月服务费（元）", total_header(result), "缺口（人次）", "加班（小时）",
            "加班费（元）", "预计考核扣款（元）", "求解状态", "目标值", "下界", "可复现",
            "成本-缺口前沿", "说明", "用时（秒）")


def axis_names(result: SweepResult) -> list[str]:
    names: list[str] = []
    for row in result.rows:
        for name in row.labels:
            if name not in names:
                names.append(name)
    return names


def table_rows(result: SweepResult) -> tuple[list[str], list[list[Any]]]:
    """Headers (Chinese) and one list of cells per scenario, money as float yuan."""
    axes = axis_names(result)
    frontier = set(result.frontier())
    headers = ["序号", "情景", *axes, *fixed_headers(result)]

    def money(value: Decimal | None) -> float | None:
        return None if value is None else float(value)

    body = []
    for row in result.rows:
        body.append([
            row.index + 1, row.name, *(row.labels.get(a, "") for a in axes), row.headcount,
            money(row.monthly_cost), money(row.contract_cost), row.gaps, row.overtime_hours,
            money(row.overtime_cost), money(row.deduction), row.status_label, row.objective,
            row.best_bound, "是" if row.reproducible else "否（墙钟时限）",
            "是" if row.index in frontier else "", row.error, row.wall_time_s])
    return headers, body


def sweep_csv(result: SweepResult) -> bytes:
    """UTF-8 with BOM, so that Excel opens the Chinese headers correctly."""
    import csv
    import io

    headers, body = table_rows(result)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    for cells in body:
        writer.writerow(["" if c is None else csv_field(c) for c in cells])
    return buffer.getvalue().encode("utf-8-sig")
