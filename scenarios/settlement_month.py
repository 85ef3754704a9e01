"""A month's settlement of a data set from a synthetic attendance file: solve and publish the
month into a store, write punches for every rostered shift (with lateness, early leave, a
missing punch and one 旷工; people on approved leave, such as outreach, do not punch), import
them, settle, print each line's score and deduction and the payable total, write the workbook.

    python scenarios/settlement_month.py --month 2026-12 --out /tmp/settle

(A script beside the scenarios, not in bench/: it publishes and settles through ui/'s
services, which bench/ may not import.)
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import tempfile
from pathlib import Path

from model.base import minutes_to_clock
from model.loaders import DATA_DIR, load_dataset
from model.money import format_yuan, yuan_in_words
from model.roster import Assignment
from model.settlement import month_days
from solver.check import evaluate
from solver.solve import SolveOptions, solve_roster
from store.db import open_store

#: How many segments arrive late (8-25 minutes) and leave early (10-30 minutes), and how many
#: segments miss their in-punch, in the synthetic month.
LATE, EARLY, MISSING = 6, 2, 1


def punch_rows(data, assignments: list[Assignment], seed: int
               ) -> tuple[list[list[str]], dict[str, list[str]]]:
    """The export's rows (工号, 姓名, 日期, 上班1, 下班1, 上班2, 下班2) and what was planted."""
    rng = random.Random(seed)
    shifts = {s.code: s.intervals() for s in data.shifts}
    cells = sorted(assignments, key=lambda a: (a.day, a.staff_id))
    absent = rng.choice(cells)
    segments = [(a, i) for a in cells if a is not absent for i in range(len(shifts[a.shift]))]
    late = set(rng.sample(segments, LATE))
    rest = [s for s in segments if s not in late]
    early = set(rng.sample(rest, EARLY))
    missing = set(rng.sample([s for s in rest if s not in early], MISSING))
    names = {m.id: m.name for m in data.staff}
    planted: dict[str, list[str]] = {"旷工": [f"{absent.day} {names[absent.staff_id]}"],
                                     "迟到": [], "早退": [], "缺卡": []}
    rows = [["工号", "姓名", "日期", "上班1", "下班1", "上班2", "下班2"]]
    for a in cells:
        if a is absent:
            continue
        punches: list[str] = []
        for index, (start, end) in enumerate(shifts[a.shift]):
            arrive = start - rng.randint(2, 12)
            leave = end + rng.randint(0, 8)
            if (a, index) in late:
                arrive = start + rng.randint(8, 25)
                planted["迟到"].append(f"{a.day} {names[a.staff_id]} {arrive - start} 分钟")
            if (a, index) in early:
                leave = end - rng.randint(10, 30)
                planted["早退"].append(f"{a.day} {names[a.staff_id]} {end - leave} 分钟")
            first = "" if (a, index) in missing else _clock(arrive)
            if (a, index) in missing:
                planted["缺卡"].append(f"{a.day} {names[a.staff_id]}")
            punches += [first, _clock(leave)]
        rows.append([a.staff_id, names[a.staff_id], a.day.isoformat(),
                     *(punches + ["", "", "", ""])[:4]])
    return rows, planted


def _clock(minutes: int) -> str:
    return ("次日 " if minutes >= 1440 else "") + minutes_to_clock(minutes)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--month", default="2026-12")
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "settle")
    parser.add_argument("--time-limit", type=float, default=60)
    parser.add_argument("--seed", type=int, default=28)
    args = parser.parse_args(argv)
    from ui import roster_service, settlement_service

    year, month = (int(p) for p in args.month.split("-"))
    days = month_days(year, month)
    data = load_dataset(args.data)
    args.out.mkdir(parents=True, exist_ok=True)
    result = solve_roster(data, days[0], len(days),
                          SolveOptions(time_limit_s=args.time_limit, workers=2))
    evaluation = evaluate(data, days[0], len(days), list(result.assignments), result.training)
    print(f"排班：{result.status.label}，{len(result.assignments)} 个班次，缺口 "
          f"{sum(g.missing for g in result.gaps)} 人次，硬规则违反 {len(evaluation.violations)}")
    for gap in result.gaps:
        print(f"  缺口 {gap.day} {data.post_by_id[gap.post_id].name} {gap.shift} 缺 {gap.missing}")
    store_path = args.out / "roster.db"
    store_path.unlink(missing_ok=True)
    store = open_store(f"sqlite:///{store_path}")
    roster_service.publish(store, data, result, force=bool(evaluation.violations),
                           reason="结算演示" if evaluation.violations else "")
    rows, planted = punch_rows(data, list(result.assignments), args.seed)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    export = args.out / f"考勤_{args.month}.csv"
    export.write_text(buffer.getvalue(), encoding="utf-8-sig")
    for kind, items in planted.items():
        print(f"植入{kind}：{'；'.join(items)}")
    summary = settlement_service.import_attendance(store, data, year, month,
                                                   export.read_bytes(), export.name)
    print(f"导入：{summary.people} 人 {summary.days} 人天，迟到 {summary.late}，早退 "
          f"{summary.early}，缺卡 {summary.missing_punches}，旷工 {summary.absent}，"
          f"建议事件 {summary.proposed}")
    settled = settlement_service.settle(store, data, year, month)
    statement = settled.statement
    print("序号 服务项目 | 数量 单位量 | 应计服务费 | 得分 | 扣款 | 结算款")
    for line in statement.lines:
        print(f"{line.seq:>2} {line.name} | {line.headcount} {line.units:.2f} | "
              f"{format_yuan(line.billed_fee)} | {line.score} | {format_yuan(line.deduction)} | "
              f"{format_yuan(line.payable)}")
    print(f"合同月服务费 {format_yuan(statement.contract_total)}；应计 "
          f"{format_yuan(statement.billed_total)}；扣款 {format_yuan(statement.deduction_total)}")
    print(f"本月结算款 {format_yuan(statement.payable_total)}（大写："
          f"{yuan_in_words(statement.payable_total)}）")
    book = args.out / f"结算_{args.month}.xlsx"
    book.write_bytes(settled.workbook())
    print(f"已写入 {book}")
    store.dispose()


if __name__ == "__main__":
    main()

