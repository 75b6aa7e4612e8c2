"""Benchmark rows for work at scale: whole tables of many projects, and many documents at once.

    python benchmarks/run.py [--quick]     # prints these rows with the others

- ``parse_table`` on a generated table of N projects and of 4N: linear reading takes 4x the
  time (the issue's target: at most 4.6x).
- ``parse_many`` on 200 distinct tables with two workers against one; and, since a second core
  of a loaded machine may not be free, what sending the results back between processes costs
  (pickling and unpickling them) against parsing them.

The tables are rendered as PDF text extraction gives them (``tests/_render.py``): lines wrapped,
a page break every few lines with its page number and the repeated title, department line and
column header, indented project rows. No two projects, goals, indicator names or values are
alike (``benchmarks/run.py``'s ``mixed_value``), so nothing is read from a memo.
"""

from __future__ import annotations

import gc
import os
import pickle
import statistics
import time
from collections.abc import Callable
from decimal import Decimal

from _render import Item, Layout, ProjectSpec, TableSpec, UnitSpec, render
from benchmarks.run import CODES, NAMES, clear_memos, code_word, mixed_value
from perfindicator import parse_many, parse_table

#: Projects of one funding unit, and indicators of one project, in turn.
UNIT_SIZES = (3, 8, 5, 1, 12, 6)
BLOCK_SIZES = (7, 4, 6, 3, 5)
PROJECT_WORDS = ("公务用车购置费", "政府雇员工资费用", "专班工作经费", "档案规范化处理项目")
#: As a PDF page of such a table prints: about forty lines of twenty-odd characters.
LAYOUT = Layout(width=26, page_lines=40, break_="\n")


def _code(written: str) -> tuple[str, str]:
    """A level or category as ``Item`` takes it: 11-数量指标 is ("11", "数量指标")."""
    code, _, name = written.partition("-")
    return code, name


def _figure(cents: int) -> str:
    return f"{Decimal(cents) / 100:.2f}"


def table_spec(projects: int, *, first: int = 0) -> TableSpec:
    """A target table of ``projects`` projects (numbered from ``first``: tables with projects
    numbered apart have nothing alike) in funding units of ``UNIT_SIZES`` in turn, each with a
    goal and a block of ``BLOCK_SIZES`` indicators in turn, distinct in every name, amount, goal
    and value. A unit's amounts are the sum of its projects', the total the sum of the units'."""
    units: list[UnitSpec] = []
    index = first
    while index < first + projects:
        size = min(UNIT_SIZES[len(units) % len(UNIT_SIZES)], first + projects - index)
        unit = f"某区{code_word(index)}局"
        specs = [_project(number) for number in range(index, index + size)]
        cents = sum(_cents(number) for number in range(index, index + size))
        units.append(UnitSpec(unit, [_figure(cents)] * 2, specs))
        index += size
    total = sum(_cents(number) for number in range(first, first + projects))
    return TableSpec("项目支出绩效目标表", "某区人民政府", "万元", [_figure(total)] * 2, units)


def _cents(number: int) -> int:
    """The amount of project ``number``, in hundredths of 万元: all distinct."""
    return 1_000 + 137 * number + number % 89


def _project(number: int) -> ProjectSpec:
    """Project ``number``: its indicators are numbered from ``number * max(BLOCK_SIZES)``, so
    that no two projects share one."""
    word = code_word(number)
    items = []
    for place in range(BLOCK_SIZES[number % len(BLOCK_SIZES)]):
        item = number * max(BLOCK_SIZES) + place
        level, category = CODES[(number + place) % len(CODES)]
        items.append(
            Item(
                _code(level),
                _code(category),
                f"{NAMES[item % len(NAMES)]}{code_word(item)}",
                mixed_value(2 * item + 1) if item % 2 else None,
                mixed_value(2 * item),
            )
        )
    return ProjectSpec(
        f"{PROJECT_WORDS[number % len(PROJECT_WORDS)]}{word}",
        [_figure(_cents(number))] * 2,
        f"完成{word}项目年度任务，保障{word}工作按期推进，提高资金使用效益。",
        items,
    )


def table_text(projects: int, *, first: int = 0) -> str:
    """``table_spec`` as PDF text extraction gives it (``LAYOUT``)."""
    return render(table_spec(projects, first=first), LAYOUT)


Row = tuple[str, str, str, bool]


def interleaved(repeats: int, actions: list[Callable[[], object]]) -> list[float]:
    """The median seconds of each action, the actions run in turns so that the machine's ups
    and downs fall on all of them alike; every memo is cleared before each run (not timed)."""
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(repeats):
        for action, runs in zip(actions, times, strict=True):
            clear_memos()
            gc.collect()
            start = time.perf_counter()
            action()
            runs.append(time.perf_counter() - start)
    return [statistics.median(runs) for runs in times]


def table_rows(projects: int, repeats: int) -> list[Row]:
    """``parse_table`` on ``projects`` projects and on 4x as many: the growth of the median."""
    small, large = table_text(projects), table_text(4 * projects)
    at_n, at_4n = interleaved(repeats, [lambda: parse_table(small), lambda: parse_table(large)])
    growth = at_4n / at_n
    return [
        (
            f"parse_table, {4 * projects} vs {projects} projects ({at_n:.2f}, {at_4n:.2f} s)",
            f"{growth:.2f}x",
            "<= 4.6x",
            growth <= 4.6,
        )
    ]


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended (a pool's workers)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def many_rows(documents: int, projects: int, repeats: int) -> list[Row]:
    """``parse_many`` on ``documents`` distinct tables, two workers against one: the wall time,
    and the CPU time of all processes (what a pool costs on top of the reading, whatever else
    the machine runs); and, in this process, what sending the results back between processes
    costs (pickling and unpickling them all) against reading them."""
    texts = [table_text(projects, first=number * projects) for number in range(documents)]
    results = parse_many(texts, workers=1)
    assert parse_many(texts, workers=2) == results, "a pool must give the same results"
    cpu: dict[int, list[float]] = {1: [], 2: []}

    def timed(workers: int) -> Callable[[], object]:
        def action() -> None:
            start = _cpu()
            parse_many(texts, workers=workers)
            cpu[workers].append(_cpu() - start)

        return action

    def sent() -> object:
        return pickle.loads(pickle.dumps(results, pickle.HIGHEST_PROTOCOL))

    one, two, send = interleaved(repeats, [timed(1), timed(2), sent])
    cpu_ratio = statistics.median(cpu[2]) / statistics.median(cpu[1])
    label = f"parse_many, {documents} tables of {projects} projects, 2 workers vs 1"
    return [
        (
            f"{label} ({os.cpu_count()} CPUs): time",
            f"{two / one:.2f}x",
            "<= 0.8x",
            two / one <= 0.8,
        ),
        ("the same: CPU time of all processes", f"{cpu_ratio:.2f}x", "-", True),
        (
            "the same results pickled and unpickled (as a worker sends them) vs read",
            f"{send / one:.0%}",
            "-",
            True,
        ),
    ]


def scale_rows(quick: bool, repeats: int) -> list[Row]:
    """Every row of this module, smaller with ``quick``."""
    return [
        *table_rows(250 if quick else 1_000, repeats),
        *many_rows(200, 5 if quick else 20, max(repeats, 3)),
    ]
