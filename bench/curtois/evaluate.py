"""Independent evaluator of the Curtois-Qu objective and hard rules, from FORMAT.md alone.

Written from data/benchmarks/curtois/FORMAT.md alone, standard library only: it shares no code
with the loader (bench/curtois/instance.py) or the solution writer, the CP-SAT model
or the project's checker, so that a mistake in any of them shows up as a disagreement.
It reads an instance file and a solution file (one line per employee: the ID, then one field
per day, a shift ID or '-'), reports every hard-constraint breach rule by rule (H1-H9 of
FORMAT.md section 4) and the penalty by part (section 5): on requests, off requests, under
cover, over cover.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

OFF = "-"
HARD_RULES = {
    "H0": "solution file format (one line per employee, one field per day, known IDs)",
    "H1": "one shift per day",
    "H2": "shift succession (CannotFollow)",
    "H3": "maximum shifts per type",
    "H4": "minimum and maximum total minutes",
    "H5": "maximum consecutive working days",
    "H6": "minimum consecutive working days (runs touching day 0 or h-1 exempt)",
    "H7": "minimum consecutive days off (runs touching day 0 or h-1 exempt)",
    "H8": "maximum working weekends",
    "H9": "days off",
}
PARTS = ("on_requests", "off_requests", "under_cover", "over_cover")


@dataclass
class Employee:
    id: str
    max_shifts: dict[str, int]
    max_minutes: int
    min_minutes: int
    max_run: int
    min_run: int
    min_off: int
    max_weekends: int


@dataclass
class Instance:
    horizon: int
    lengths: dict[str, int]
    cannot_follow: dict[str, list[str]]
    employees: list[Employee]
    days_off: dict[str, list[int]]
    on: list[tuple[str, int, str, int]]
    off: list[tuple[str, int, str, int]]
    cover: list[tuple[int, str, int, int, int]]


@dataclass
class Report:
    """Penalty by part, and hard breaches by rule (H0-H9)."""

    parts: dict[str, int]
    breaches: dict[str, list[str]] = field(default_factory=dict)

    @property
    def penalty(self) -> int:
        return sum(self.parts.values())

    @property
    def feasible(self) -> bool:
        return not any(self.breaches.values())

    def breach_counts(self) -> dict[str, int]:
        return {rule: len(items) for rule, items in self.breaches.items() if items}


def _sections(text: str) -> dict[str, list[list[str]]]:
    out: dict[str, list[list[str]]] = {}
    current = None
    for raw in text.split("\n"):
        line = raw.replace("\r", "").strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            current = line
            out[current] = []
        elif current is not None:
            out[current].append(line.split(","))
    return out


def read_instance(path: Path | str) -> Instance:
    """The instance as FORMAT.md section 2 describes it (the file is assumed well formed: the
    project's loader is the place that validates input)."""
    s = _sections(Path(path).read_text(encoding="ascii"))
    horizon = int(s["SECTION_HORIZON"][0][0])
    lengths, cannot = {}, {}
    for code, length, follow in s["SECTION_SHIFTS"]:
        lengths[code] = int(length)
        cannot[code] = [t for t in follow.split("|") if t]
    employees = []
    for row in s["SECTION_STAFF"]:
        caps = dict(p.split("=") for p in row[1].split("|") if p)
        limits = {k: int(v) for k, v in caps.items()}
        employees.append(Employee(row[0], limits, *map(int, row[2:8])))
    days_off = {row[0]: [int(x) for x in row[1:] if x != ""] for row in s["SECTION_DAYS_OFF"]}

    def requests(name: str) -> list[tuple[str, int, str, int]]:
        return [(e, int(d), t, int(w)) for e, d, t, w in s.get(name, [])]

    cover = [(int(d), t, int(r), int(wu), int(wo)) for d, t, r, wu, wo in s["SECTION_COVER"]]
    return Instance(horizon, lengths, cannot, employees, days_off,
                    requests("SECTION_SHIFT_ON_REQUESTS"), requests("SECTION_SHIFT_OFF_REQUESTS"),
                    cover)


def read_solution(path: Path | str) -> dict[str, list[str]]:
    """employee ID -> one field per day (a shift ID or '-'), as written; in file order."""
    return parse_solution(Path(path).read_text(encoding="ascii"))


def parse_solution(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for raw in text.split("\n"):
        line = raw.replace("\r", "").strip()
        if line:
            fields = line.split(",")
            out.setdefault(fields[0], fields[1:])
    return out


def evaluate(inst: Instance, solution: dict[str, list[str]]) -> Report:
    """Penalty by part (FORMAT.md section 5) and hard breaches by rule (section 4)."""
    h = inst.horizon
    breaches: dict[str, list[str]] = {rule: [] for rule in HARD_RULES}
    roster: dict[str, list[str | None]] = {}
    for e in inst.employees:
        row = solution.get(e.id)
        if row is None:
            breaches["H0"].append(f"{e.id}: no line in the solution")
            row = [OFF] * h
        if len(row) != h:
            breaches["H0"].append(f"{e.id}: {len(row)} day fields, expected {h}")
            row = (row + [OFF] * h)[:h]
        cells: list[str | None] = []
        for d, value in enumerate(row):
            if value == OFF:
                cells.append(None)
            elif value in inst.lengths:
                cells.append(value)
            else:
                codes = value.split("|")
                if len(codes) > 1 and all(c in inst.lengths for c in codes):
                    breaches["H1"].append(f"{e.id} day {d}: {len(codes)} shifts {value}")
                else:
                    breaches["H0"].append(f"{e.id} day {d}: unknown shift {value!r}")
                cells.append(codes[0] if codes[0] in inst.lengths else None)
        roster[e.id] = cells
    known = {e.id for e in inst.employees}
    for extra in solution:
        if extra not in known:
            breaches["H0"].append(f"{extra}: not an employee of the instance")
    for e in inst.employees:
        _hard(inst, e, roster[e.id], breaches)
    return Report(parts=_penalty(inst, roster), breaches=breaches)


def _runs(flags: list[bool], value: bool) -> list[tuple[int, int]]:
    """Maximal runs (start, length) of `value`."""
    out, d = [], 0
    while d < len(flags):
        if flags[d] != value:
            d += 1
            continue
        start = d
        while d < len(flags) and flags[d] == value:
            d += 1
        out.append((start, d - start))
    return out


def _hard(inst: Instance, e: Employee, row: list[str | None],
          breaches: dict[str, list[str]]) -> None:
    h = inst.horizon
    work = [s is not None for s in row]
    for d in range(h - 1):  # H2
        s, t = row[d], row[d + 1]
        if s is not None and t is not None and t in inst.cannot_follow.get(s, []):
            breaches["H2"].append(f"{e.id} day {d}-{d + 1}: {t} cannot follow {s}")
    counts: dict[str, int] = defaultdict(int)
    for s in row:
        if s is not None:
            counts[s] += 1
    for s, n in counts.items():  # H3 (a type missing from MaxShifts is unlimited)
        if s in e.max_shifts and n > e.max_shifts[s]:
            breaches["H3"].append(f"{e.id}: {n} x {s} > {e.max_shifts[s]}")
    minutes = sum(inst.lengths[s] for s in row if s is not None)  # H4
    if not e.min_minutes <= minutes <= e.max_minutes:
        breaches["H4"].append(f"{e.id}: {minutes} minutes outside "
                              f"[{e.min_minutes}, {e.max_minutes}]")
    for start, length in _runs(work, True):
        if length > e.max_run:  # H5: no carry-in, no carry-out
            breaches["H5"].append(f"{e.id} days {start}-{start + length - 1}: {length} worked "
                                  f"days in a row > {e.max_run}")
        inner = start > 0 and start + length < h
        if inner and length < e.min_run:  # H6
            breaches["H6"].append(f"{e.id} days {start}-{start + length - 1}: {length} worked "
                                  f"days in a row < {e.min_run}")
    for start, length in _runs(work, False):
        inner = start > 0 and start + length < h
        if inner and length < e.min_off:  # H7
            breaches["H7"].append(f"{e.id} days {start}-{start + length - 1}: {length} days off "
                                  f"in a row < {e.min_off}")
    weekends = sum(1 for k in range(h // 7) if work[7 * k + 5] or work[7 * k + 6])  # H8
    if weekends > e.max_weekends:
        breaches["H8"].append(f"{e.id}: {weekends} weekends worked > {e.max_weekends}")
    for d in inst.days_off.get(e.id, []):  # H9
        if 0 <= d < h and work[d]:
            breaches["H9"].append(f"{e.id} day {d}: works {row[d]} on a day off")


def _penalty(inst: Instance, roster: dict[str, list[str | None]]) -> dict[str, int]:
    parts = dict.fromkeys(PARTS, 0)
    for e, d, s, w in inst.on:
        if roster.get(e, [None] * inst.horizon)[d] != s:
            parts["on_requests"] += w
    for e, d, s, w in inst.off:
        if roster.get(e, [None] * inst.horizon)[d] == s:
            parts["off_requests"] += w
    n: dict[tuple[int, str], int] = defaultdict(int)
    for row in roster.values():
        for day, code in enumerate(row):
            if code is not None:
                n[(day, code)] += 1
    for d, s, r, wu, wo in inst.cover:
        parts["under_cover"] += wu * max(0, r - n[(d, s)])
        parts["over_cover"] += wo * max(0, n[(d, s)] - r)
    return parts


def evaluate_files(instance: Path | str, solution: Path | str) -> Report:
    return evaluate(read_instance(instance), read_solution(solution))


def main(argv: list[str] | None = None) -> int:
    """python -m bench.curtois.evaluate INSTANCE SOLUTION: prints the report; exit 1 if
    infeasible."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m bench.curtois.evaluate InstanceN.txt solution.txt")
        return 2
    report = evaluate_files(args[0], args[1])
    print(f"penalty {report.penalty}: " + ", ".join(f"{k} {v}" for k, v in report.parts.items()))
    for rule, items in report.breaches.items():
        for item in items:
            print(f"  {rule} {HARD_RULES[rule]}: {item}")
    print("feasible" if report.feasible else f"INFEASIBLE: {report.breach_counts()}")
    return 0 if report.feasible else 1


if __name__ == "__main__":
    raise SystemExit(main())
