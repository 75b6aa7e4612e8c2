"""The benchmark suite: each figure is a ratio or a median measured in this one run.

    python benchmarks/run.py            # the full run (100k indicators), a few minutes
    python benchmarks/run.py --quick    # a short run for CI, so the script cannot rot

It prints one table: what was measured, the figure, the target, and whether it is met. The exit
status is 0 whatever the figures are (a benchmark reports; the tests check correctness).
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "baiyun-office-targets.txt"
sys.path.insert(0, str(ROOT / "tests"))

from _corpus import PATHOLOGICAL, corpus_blocks  # noqa: E402
from perfindicator import parse_indicators, parse_table, parse_value  # noqa: E402
from perfindicator.notation.grammar import fast_backend  # noqa: E402

#: What a hand-written script would do: split the text into items, nothing more.
SPLIT = re.compile(r"[0-9]+\s*、\s*[0-9]+\s*[-－][^。]*。")


def corpus_text(items: int) -> str:
    """A realistic document of about ``items`` indicators: the sample blocks, repeated."""
    blocks = [block for _, block in corpus_blocks()]
    one = "\n".join(blocks)
    per_copy = sum(len(parse_indicators(block)) for block in blocks)
    return "\n".join([one] * max(1, items // per_copy))


def unrepeated_text(items: int) -> str:
    """Like ``corpus_text``, but no two items alike: each name gets the item's position, so
    that nothing is read from the memo of an earlier item (the values still repeat). Lines
    are wrapped every 30 characters, as the sample's are."""
    template = [item for _, block in corpus_blocks() for item in parse_indicators(block)]
    written = []
    for index in range(items):
        item = template[index % len(template)]
        period = "" if item.period is None else f"；实施周期指标值:{item.period.raw}"
        written.append(
            f"{item.number}、{item.level}；{item.category}；{item.name}{index}"
            f"{period}；年度指标值:{item.annual.raw}。"  # type: ignore[union-attr]
        )
    text = "".join(written)
    return "\n\n".join(text[start : start + 30] for start in range(0, len(text), 30))


def best_of(repeats: int, action: Callable[[], object]) -> float:
    """The fastest of several runs: the least disturbed by the rest of the machine."""
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def distinct_values(count: int) -> list[str]:
    forms = [
        "≥{a}%", "{a}-{b}次", "不低于{a}.{c}%", "约{a}万人次", "{a}元/人", "{a}个工作日内",
        "{a}人以上", "{y}年{m}月{d}日前", "控制在{a}万元以内", "<={a}亩", "{a}余人",
    ]  # fmt: skip
    values = []
    for index in range(count):
        a, b, c = index + 1, index + 7, index % 9 + 1
        form = forms[index % len(forms)]
        values.append(
            form.format(a=a, b=b, c=c, y=2000 + index % 90, m=index % 12 + 1, d=index % 28 + 1)
        )
    return values


def clear_memos() -> None:
    """Forget every value, unit hint and code read so far."""
    from perfindicator.notation import fastblocks as _fastpath
    from perfindicator.notation.values import read_value, unit_hint

    read_value.cache_clear()
    unit_hint.cache_clear()
    _fastpath.clear_memos()


def forget_items() -> None:
    """Forget the items read so far (names with their values), not the values themselves."""
    from perfindicator.notation import fastblocks as _fastpath

    _fastpath._TAILS.clear()
    _fastpath._HINTED.clear()


def value_median(values: list[str]) -> float:
    """Median microseconds per parse_value call, the memo cleared first."""
    clear_memos()
    times = []
    for value in values:
        start = time.perf_counter()
        parse_value(value)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6


def regex_median(values: list[str]) -> float:
    reading = re.compile(r"(≥|<=|不低于|约|控制在)?([0-9.]+)(万)?([^0-9]*)")
    times = []
    for value in values:
        start = time.perf_counter()
        reading.match(value)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6


def fresh_processes(codes: list[str], repeats: int) -> list[float]:
    """Median seconds for a new interpreter to run each of ``codes``, taking turns so that the
    machine's ups and downs fall on all of them alike. One run of each, not timed, first lets
    Python write its bytecode caches (as ``pip install`` does): an installed package starts
    from bytecode, even where PYTHONDONTWRITEBYTECODE is set for the session."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for code in codes:
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
    times: list[list[float]] = [[] for _ in codes]
    for _ in range(repeats):
        for code, runs in zip(codes, times, strict=True):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, env=env)
            runs.append(time.perf_counter() - start)
    return [statistics.median(runs) for runs in times]


def pathological_growth(size: int, repeats: int) -> tuple[float, str]:
    """The worst growth of time, over the pathological inputs, when their size is 4x larger:
    4 is linear, 16 quadratic. Each reads a value, a block in recovery and a table."""

    def seconds(piece: str, count: int) -> float:
        value = piece * count
        block = f"1、1-产出指标；11-数量指标；{value}；年度指标值:{value}"
        table = f"项目支出绩效目标表\n项目名称{value}\n合计 1.00\n    项目 1.00\n{value}\n{block}"

        def once() -> None:
            clear_memos()  # each run reads the text afresh, not from the memo of the last
            parse_value(value + "!")
            parse_indicators(block, recover=True)
            parse_table(table, recover=True)

        return best_of(repeats, once)

    growths = {piece: seconds(piece, 4 * size) / seconds(piece, size) for piece in PATHOLOGICAL}
    worst = max(growths, key=growths.__getitem__)
    return growths[worst], worst


def median_of(repeats: int, action: Callable[[], object], prepare: Callable[[], object]) -> float:
    """The median of several runs of ``action``, each after ``prepare`` (not timed)."""
    times = []
    for _ in range(repeats):
        prepare()
        gc.collect()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


#: A table around one line under test (its total row, header or a body line).
SCHOOLS = """项目支出绩效目标表
部门名称：某县教育局 (部门) 单位：万元
{header}
{total}
某县第一中学 120.00 100.00 20.00
    校舍维修 120.00 100.00 20.00
{body}
完成校舍维修。
1、1-产出指标；11-数量指标；校舍面积；年度指标值:300平方米。
"""
HEADER_LINE = "项目名称 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标"
TOTAL_LINE = "合计 120.00 100.00 20.00"


def schools(header: str = HEADER_LINE, total: str = TOTAL_LINE, body: str = "") -> str:
    return SCHOOLS.format(header=header, total=total, body=body)


def adversarial(size: int) -> dict[str, tuple[int, Callable[[], object], Callable[[], object]]]:
    """Inputs of about ``size`` characters built against one reading each, all once reported
    slow (superlinear): for each, its length, what is timed, and what runs untimed before it
    (memos cleared, errors made afresh)."""
    from perfindicator import ParseError
    from perfindicator.core import text as _text

    spaces = " " * size
    # Each line fails to match after its spaces: a backtracking pattern tries every way of
    # sharing them out first (a match found at once hides that).
    name = f"验收合格率（{spaces}%"
    total = schools(total=f"合计{spaces}120.00x")
    header = schools(header=f"项目名称{spaces}1.0")
    rows = schools(body="\n".join(["    x" + " " * 190 + "1.00 1.0"] * (size // 200)))
    # An error every four characters costs some 30 us to read and as much to show: a text
    # a sixteenth of the size keeps the run short.
    dense = "1、1-" * (size // 64)
    found = parse_indicators(dense, recover=True).errors
    errors: list[ParseError] = []

    def fresh_errors() -> None:
        _text._BREAKS_OF.clear()  # the line index of the text is built again, and timed
        errors[:] = [ParseError(e.msg, e.text, e.pos, e.end) for e in found]

    # The forms read around a value (满意度90%以上, ≥90%且≤95%, 100%(历史标准)) on one cell with
    # a long run of spaces and no form to find.
    cell = f"满意度{spaces}90%以上（含"
    return {
        "value: words, spaces, a number, a remark left open": (
            len(cell),
            lambda: parse_value(cell),
            clear_memos,
        ),
        "unit hint: a bracket, then spaces": (
            len(name),
            lambda: parse_value("100", name=name),
            clear_memos,
        ),
        "total row: 合计, spaces, a garbled figure": (
            len(total),
            lambda: parse_table(total, recover=True),
            clear_memos,
        ),
        "header line: 项目名称, spaces, a figure": (
            len(header),
            lambda: parse_table(header, recover=True),
            clear_memos,
        ),
        "lines as long as rows, spaced out": (
            len(rows),
            lambda: parse_table(rows, recover=True),
            clear_memos,
        ),
        "dense errors (1、1- repeated): recovery": (
            len(dense),
            lambda: parse_indicators(dense, recover=True),
            clear_memos,
        ),
        "dense errors: str() of every error": (
            len(dense),
            lambda: [str(error) for error in errors],
            fresh_errors,
        ),
    }


def adversarial_rows(size: int, repeats: int) -> list[tuple[str, str, str, bool]]:
    """For each adversarial input, the median time at about ``size`` characters and at 4x,
    and their ratio: 4 is linear, 16 quadratic."""
    small, large = adversarial(size), adversarial(4 * size)
    rows = []
    for label, (chars, action, prepare) in small.items():
        at_n = median_of(repeats, action, prepare)
        more_chars, more_action, more_prepare = large[label]
        at_4n = median_of(repeats, more_action, more_prepare)
        ratio = at_4n / at_n
        sizes = f"{chars / 1e6:.2g} MB {at_n:.3f} s, {more_chars / 1e6:.2g} MB {at_4n:.3f} s"
        rows.append((f"{label} ({sizes})", f"{ratio:.1f}x", "<= 6x", ratio <= 6))
    return rows


def memory_kept(values: int) -> float:
    """Memory (MB) still held in a fresh process after reading ``values`` distinct values of
    100,000 characters each and collecting garbage: what the memos keep of texts that do not
    repeat (bounded by size, they keep none of them)."""
    code = (
        "import gc, sys, tracemalloc; from perfindicator import parse_value;"
        "parse_value('100%'); tracemalloc.start();"
        "[parse_value(str(n) + '合法合规' * 25000) for n in range(int(sys.argv[1]))];"
        "gc.collect(); print(tracemalloc.get_traced_memory()[0] / 1e6)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(values)], check=True, capture_output=True, text=True
    )
    return float(out.stdout.strip())


def peak_memory(items: int) -> float:
    """Peak traced memory (MB) of a fresh process that parses ``items`` indicators."""
    code = (
        "import sys, tracemalloc; sys.path.insert(0, sys.argv[1]);"
        "from benchmarks.run import corpus_text; text = corpus_text(int(sys.argv[2]));"
        "from perfindicator import parse_indicators; tracemalloc.start();"
        "items = parse_indicators(text); print(tracemalloc.get_traced_memory()[1] / 1e6)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(ROOT), str(items)],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(out.stdout.strip())


def pdf_rows(groups: int, repeats: int) -> tuple[list[tuple[str, str, str, bool]], list[str]]:
    """``read_pdf`` on a long generated table against PDFium's plain text extraction of the
    same pages, and against pdfplumber's ``extract_tables`` of them (pypdfium2 and reportlab:
    the test extra; pdfplumber: the bench extra, which holds them all); the rows, and a line for
    each row left out saying why."""
    try:
        import pypdfium2  # type: ignore[import-untyped]
        import reportlab  # noqa: F401  (_pdfs prints with it)
    except ImportError as missing:
        return [], [f"no PDF rows: {missing.name} is not installed (pip install -e '.[bench]')"]
    import _pdfs
    from perfindicator.sources.pdf import read_pdf

    data = _pdfs.to_pdf([_pdfs.long_grid(groups=groups, rows=10)])

    def plain() -> None:
        document = pypdfium2.PdfDocument(data)
        for page in document:
            page.get_textpage().get_text_range()
        document.close()

    pages = len(pypdfium2.PdfDocument(data))
    ours = best_of(repeats, lambda: read_pdf(data))
    ratio = ours / best_of(repeats, plain)
    rows = [
        (f"read_pdf vs PDFium's plain text ({pages} pages)", f"{ratio:.1f}x", "<= 8x", ratio <= 8)
    ]
    try:
        import pdfplumber
    except ImportError:
        skipped = "no row for pdfplumber: it is not installed (pip install -e '.[bench]')"
        return rows, [skipped]

    def tables() -> list[list[list[str | None]]]:
        """Every table of every page, as pdfplumber finds them by default (its ruling lines,
        the strategy nearest to read_pdf's), the PDF opened from the same bytes."""
        with pdfplumber.open(io.BytesIO(data)) as document:
            return [table for page in document.pages for table in page.extract_tables()]

    (grid,) = read_pdf(data)
    cells = [[cell.text if cell else None for cell in row] for row in grid.matrix()]
    found = [row for table in tables() for row in table]
    assert found == cells, "pdfplumber must find the same cells, or the race is not fair"
    speed_up = best_of(repeats, tables) / ours
    rows.append(
        (
            f"read_pdf vs pdfplumber's extract_tables ({pages} pages): pdfplumber / read_pdf",
            f"{speed_up:.1f}x",
            ">= 3x",
            speed_up >= 3,
        )
    )
    return rows, []


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--quick", action="store_true", help="small sizes, for CI")
    quick = options.parse_args().quick
    small, large = (2_000, 20_000) if quick else (10_000, 100_000)
    repeats = 2 if quick else 5
    rows: list[tuple[str, str, str, bool]] = []

    text = corpus_text(small)
    parse_indicators(text)  # build the parsers once
    count = len(parse_indicators(text))
    assert count == len(SPLIT.findall(text)), "the regex baseline must find the same items"
    ours = best_of(repeats, lambda: parse_indicators(text))
    baseline = best_of(repeats, lambda: SPLIT.findall(text))
    ratio = ours / baseline
    rows.append(
        (
            f"parse_indicators vs a regex split ({count} items)",
            f"{ratio:.1f}x",
            "<= 10x",
            ratio <= 10,
        )
    )

    unrepeated = unrepeated_text(count)
    assert len(parse_indicators(unrepeated)) == len(SPLIT.findall(unrepeated)) == count
    # Each run without what earlier runs left of its items in the memos (their values stay).
    ratio = best_of(repeats, lambda: (forget_items(), parse_indicators(unrepeated))) / best_of(
        repeats, lambda: SPLIT.findall(unrepeated)
    )
    rows.append(("the same, no two items alike (names made distinct)", f"{ratio:.1f}x", "-", True))

    big = corpus_text(large)
    big_count = len(SPLIT.findall(big))
    per_small = ours / count
    per_large = best_of(max(1, repeats // 2), lambda: parse_indicators(big)) / big_count
    growth = per_large / per_small - 1
    rows.append(
        (
            f"time per item, {big_count} vs {count} items",
            f"{growth:+.0%}",
            "within 15%",
            abs(growth) <= 0.15,
        )
    )

    values = distinct_values(2_000 if quick else 10_000)
    median = value_median(values)
    rows.append(
        (
            f"parse_value, {len(values)} distinct strings (median)",
            f"{median:.1f} us",
            "<= 25 us",
            median <= 25,
        )
    )
    rows.append(
        (
            "a plain regex reading the same strings (median)",
            f"{regex_median(values):.1f} us",
            "-",
            True,
        )
    )
    repeated = [
        value
        for _, block in corpus_blocks()
        for item in parse_indicators(block)
        for value in (item.period, item.annual)
        if value is not None
    ]
    realistic = [value.raw for value in repeated] * (20 if quick else 100)
    median = value_median(realistic)
    rows.append(
        (
            f"parse_value, {len(realistic)} corpus values that repeat (median)",
            f"{median:.1f} us",
            "-",
            True,
        )
    )

    # Both as a user's installation has it: without interegular, a test dependency here,
    # which Lark imports whenever it is installed (a slower baseline would flatter the ratio).
    as_installed = "import sys; sys.modules['interegular'] = None;"
    startup, lark_only = fresh_processes(
        [
            as_installed + "from perfindicator import parse_indicators;"
            "parse_indicators('1、1-产出指标；11-数量指标；报废小车数量；年度指标值:1。')",
            as_installed + "import lark",
        ],
        9 if quick else 21,
    )
    ratio = startup / lark_only
    rows.append(
        (
            "fresh process: import and parse one block vs import lark",
            f"{ratio:.2f}x",
            "<= 1.5x",
            ratio <= 1.5,
        )
    )

    growth, worst = pathological_growth(5_000 if quick else 50_000, repeats)
    rows.append(
        (
            f"text built to backtrack, 4x larger: time (worst: {worst!r})",
            f"{growth:.1f}x",
            "<= 6x",
            growth <= 6,
        )
    )

    # Multi-MB inputs in the full run; in CI, small enough to keep the run short. The figure
    # is the growth of the median time when the input is 4x larger.
    rows.extend(adversarial_rows(200_000 if quick else 2_000_000, 3))

    distinct = 200 if quick else 1000
    kept = memory_kept(distinct)
    rows.append(
        (
            f"memory kept after {distinct} distinct 100,000-character values",
            f"{kept:.1f} MB",
            "< 5 MB",
            kept < 5,
        )
    )
    memory = peak_memory(large)
    rows.append(
        (
            f"peak memory parsing {big_count} indicators",
            f"{memory:.0f} MB",
            "< 100 MB",
            memory < 100,
        )
    )

    pdf, skipped = pdf_rows(15 if quick else 190, repeats)
    rows.extend(pdf)

    backend = "lark-cython for values" if fast_backend() else "pure-Python Lark"
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()}"
    print(f"perfindicator ({backend}) on Python {platform.python_version()}, {machine}")
    width = max(len(row[0]) for row in rows)
    print(f"{'measure':<{width}}  {'figure':>10}  {'target':>10}  met")
    for name, figure, target, met in rows:
        print(f"{name:<{width}}  {figure:>10}  {target:>10}  {'yes' if met else 'NO'}")
    for line in skipped:
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
