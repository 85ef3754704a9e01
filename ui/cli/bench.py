"""`roster bench ...`: public benchmarks solved by the hospital's own engine (typer wrapper).

The run itself (the engine and the naive model interleaved seed by seed, each written and
evaluated; rows and JSON summary) is bench/curtois/run.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bench.curtois.run import (
    DEFAULT_OUT,
    DEFAULT_SEEDS,
    ResumeError,
    ScoreMismatch,
    run_benchmark,
)
from model.errors import DataError
from ui.cli.common import positive_seconds

bench_app = typer.Typer(add_completion=False, no_args_is_help=True,
                        help="公开基准测试：用医院排班引擎求解公开算例并与已知最优比较")


def parse_instances(text: str) -> list[int]:
    """'1-24', '1,3,5-7' -> instance numbers (1..24)."""
    numbers: list[int] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        low, sep, high = part.partition("-")
        try:
            first, last = int(low), int(high) if sep else int(low)
        except ValueError:
            raise typer.BadParameter(f"算例编号应为 1-24 的列表或区间，得到 {part!r}") from None
        if not 1 <= first <= last <= 24:
            raise typer.BadParameter(f"算例编号应在 1-24 之间，得到 {part!r}")
        numbers += [n for n in range(first, last + 1) if n not in numbers]
    if not numbers:
        raise typer.BadParameter("没有选择任何算例")
    return numbers


def parse_seeds(text: str) -> tuple[int, ...]:
    """'1,2,3' -> (1, 2, 3): distinct non-negative integers, in the order given."""
    seeds: list[int] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            value = int(part)
        except ValueError:
            raise typer.BadParameter(f"随机数种子应为逗号分隔的非负整数，得到 {part!r}") from None
        if value < 0:
            raise typer.BadParameter(f"随机数种子应为非负整数，得到 {part!r}")
        if value not in seeds:
            seeds.append(value)
    if not seeds:
        raise typer.BadParameter("至少需要一个随机数种子")
    return tuple(seeds)


def _echo(message: str, *, err: bool = False) -> None:
    typer.echo(message, err=err)


@bench_app.command("curtois")
def curtois(
    instances: Annotated[str, typer.Option("--instances", help="算例编号，如 1-24 或 1,3,5-8")]
    = "1-24",
    time_limit: Annotated[float, typer.Option("--time-limit", help="每个算例的求解时限（秒，大于 0）",
                                              callback=positive_seconds)]
    = 60.0,
    workers: Annotated[int, typer.Option("--workers", min=1, help="CP-SAT 并行线程数")] = 2,
    out: Annotated[Path | None, typer.Option(
        "--out", help="解文件目录（每个算例一个 InstanceN.sol.txt）")] = DEFAULT_OUT,
    json_out: Annotated[Path | None, typer.Option("--json", help="JSON 汇总文件")] = None,
    data_dir: Annotated[Path | None, typer.Option(
        "--data", help="算例目录（默认 data/benchmarks/curtois）")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="不显示求解过程")] = False,
    seeds: Annotated[str, typer.Option(
        "--seeds", help="每个算例求解几轮、各轮用的随机数种子，如 1,2,3（报告中位数和范围）")]
    = ",".join(map(str, DEFAULT_SEEDS)),
    no_naive: Annotated[bool, typer.Option(
        "--no-naive", help="不运行朴素模型（默认每轮在本引擎之后以同样时限运行，报告两者之比）")]
    = False,
    resume: Annotated[bool, typer.Option(
        "--resume", help="续跑：--json 文件中已测过的算例和轮次不再重测，其余补测并合并（时限、线程须相同）")]
    = False,
) -> None:
    """Curtois-Qu 排班基准（Instance1-24）：逐个算例、逐轮求解，本引擎与朴素模型交替，各在独立进程中；
    每完成一个算例输出一行（中位数、范围、两者之比），写出解文件和 JSON 汇总；独立评估器的得分与
    求解器目标值不一致时立即报错退出。"""
    numbers = parse_instances(instances)
    seed_list = parse_seeds(seeds)
    try:
        run_benchmark(numbers, instances=instances, time_limit=time_limit, workers=workers,
                      out=out, json_out=json_out, data_dir=data_dir, quiet=quiet, echo=_echo,
                      seeds=seed_list, naive=not no_naive, resume=resume)
    except ResumeError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    except DataError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    except ScoreMismatch as exc:
        typer.echo(f"错误：评估器与求解器不一致或存在硬约束违反 —— {exc}", err=True)
        raise typer.Exit(1) from exc
