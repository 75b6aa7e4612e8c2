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
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "baiyun-office-targets.txt"
sys.path.insert(0, str(ROOT / "tests"))

from _corpus import PATHOLOGICAL, corpus_blocks  # noqa: E402
from perfindicator import parse_indicators, parse_table, parse_value  # noqa: E402
from perfindicator.notation.grammar import fast_backend  # noqa: E402

T = TypeVar("T")

#: What a hand-written script would do: split the text into items, nothing more.
SPLIT = re.compile(r"[0-9]+\s*、\s*[0-9]+\s*[-－][^。]*。")


def corpus_text(items: int) -> str:
    """A realistic document of about ``items`` indicators: the sample blocks, repeated."""
    blocks = [block for _, block in corpus_blocks()]
    one = "\n".join(blocks)
    per_copy = sum(len(parse_indicators(block)) for block in blocks)
    return "\n".join([one] * max(1, items // per_copy))


#: Levels and categories the generated items take in turn, as the forms print them.
CODES = [
    ("1-产出指标", "11-数量指标"),
    ("1-产出指标", "12-质量指标"),
    ("1-产出指标", "13-时效指标"),
    ("1-产出指标", "14-成本指标"),
    ("2-效益指标", "22-社会效益指标"),
    ("3-满意度指标", "31-服务对象满意度指标"),
]
NAMES = ["验收合格率", "培训人次", "完成时间", "车辆购置数", "资金使用", "群众满意度", "设备维修"]
#: Han characters standing for the digits 0-9 in generated names and words (no numeral, no
#: comparator, no unit among them), so that a word differs from item to item.
CODE_DIGITS = "甲乙丙丁戊己庚辛壬癸"
CN_DIGITS = "零一二三四五六七八九"


def code_word(number: int) -> str:
    """``number`` written with CODE_DIGITS: 0 is 甲, 12 is 乙丙."""
    return "".join(CODE_DIGITS[int(digit)] for digit in str(number))


def chinese(number: int) -> str:
    """``number`` (1 to 99,999,999) as a Chinese numeral: 12 is 十二, 1005 is 一千零五,
    15000 is 一万五千."""
    high, low = divmod(number, 10_000)
    if high:
        return (
            chinese(high) + "万" + ("零" if 0 < low < 1000 else "") + (chinese(low) if low else "")
        )
    words, zero = [], False
    for place, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = low // place % 10
        if digit == 0:
            zero = bool(words)
            continue
        if zero:
            words.append("零")
            zero = False
        words.append(("" if digit == 1 and unit == "十" and not words else CN_DIGITS[digit]) + unit)
    return "".join(words)


def mixed_value(index: int) -> str:
    """The ``index``-th value of a realistic mix, no two alike: quantities, ranges, thresholds,
    dates, ratios, comparisons, Chinese numerals, text, in turn."""
    k, kind = divmod(index, 9)
    n = k + 1
    if kind == 0:
        return f"{n}个" if k % 2 else f"{n // 10}.{n % 10}万元"
    if kind == 1:
        return f"{n}-{n + 15}次"
    if kind == 2:
        return f"不低于{90 + k % 10}.{k // 10}%"
    if kind == 3:
        return f"{2000 + k % 100}年{k // 100 % 12 + 1}月{k // 1200 % 28 + 1}日前"
    if kind == 4:
        return f"实际完成{code_word(k)}项数/计划完成{code_word(k)}项数"
    if kind == 5:
        return f"总费用支出低于{code_word(k)}年初预算"
    if kind == 6:
        return f"{chinese(n)}辆"
    if kind == 7:
        return f"{code_word(k)}项工作全部合规"
    return f"约{n}人次" if k % 2 else f"{n}人以上"


def distinct_text(items: int) -> str:
    """A document of ``items`` indicators, no two alike in name or value (``mixed_value``):
    nothing is read from the memo of an earlier item. Every other item has a period value
    too. One item a line, numbered from 1 in runs of twelve, as forms number them."""
    lines = []
    for index in range(items):
        level, category = CODES[index % len(CODES)]
        name = f"{NAMES[index % len(NAMES)]}{code_word(index)}"
        period = f"实施周期指标值:{mixed_value(2 * index + 1)}；" if index % 2 else ""
        lines.append(
            f"{index % 12 + 1}、{level}；{category}；{name}；{period}"
            f"年度指标值:{mixed_value(2 * index)}。"
        )
    return "\n".join(lines)


#: One regular expression splitting a generated text into items and their fields.
FIELDS = re.compile(
    r"([0-9]+)、([0-9])-([^；]*)；([0-9]{2})-([^；]*)；([^；]*)；"
    r"(?:实施周期指标值:([^；]*)；)?年度指标值:([^。]*)。"
)
#: What a hand-written script reads in a value: a number with its words, a range, a date.
NAIVE_QUANTITY = re.compile(r"(不低于|不少于|≥|约)?([0-9.]+)(万)?(\D*?)(以上|以内|以下)?")
NAIVE_RANGE = re.compile(r"([0-9.]+)-([0-9.]+)(\D*)")
NAIVE_DATE = re.compile(r"([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日(前)?")


def naive_value(text: str) -> tuple[object, ...]:
    """A value as a hand-written script reads it: a few regexes, text otherwise."""
    if match := NAIVE_DATE.fullmatch(text):
        return ("date", *(int(part) for part in match.groups()[:3]), match[4])
    if match := NAIVE_RANGE.fullmatch(text):
        return ("range", Decimal(match[1]), Decimal(match[2]), match[3])
    if match := NAIVE_QUANTITY.fullmatch(text):
        number = Decimal(match[2]) * (10_000 if match[3] else 1)
        return ("quantity", match[1] or match[5], number, match[4])
    return ("text", text)


def naive_script(text: str) -> list[tuple[object, ...]]:
    """Items split by one regex, each value read by ``naive_value``."""
    return [
        (*fields[:6], None if not fields[6] else naive_value(fields[6]), naive_value(fields[7]))
        for fields in FIELDS.findall(text)
    ]


def best_of(repeats: int, action: Callable[[], object]) -> float:
    """The fastest of several runs: the least disturbed by the rest of the machine."""
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def clear_memos() -> None:
    """Forget every value, unit hint and code read so far."""
    from perfindicator.notation import fastblocks as _fastpath
    from perfindicator.notation.values import read_value, unit_hint

    read_value.cache_clear()
    unit_hint.cache_clear()
    _fastpath.clear_memos()


def fresh() -> None:
    """Every memo emptied and the garbage collected: before a timed run that must read
    afresh, and pay for no collection of what the run before it left."""
    clear_memos()
    gc.collect()


def value_times(values: list[str], *, clear: bool = True) -> tuple[float, float]:
    """Median and mean microseconds per parse_value call, the memos cleared first unless
    ``clear`` is false (then what an earlier reading of the same strings left is used)."""
    if clear:
        clear_memos()
    times = []
    for value in values:
        start = time.perf_counter()
        parse_value(value)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6, statistics.mean(times) * 1e6


def without_value_fast_path(action: Callable[[], T]) -> T:
    """What ``action`` gives with every value read by the parser (what the fast path saves)."""
    from perfindicator.notation import values
    from perfindicator.notation.grammar import Lazy

    saved = values._FAST_VALUES
    values._FAST_VALUES = Lazy(values._NoFastPath)
    try:
        return action()
    finally:
        values._FAST_VALUES = saved
        clear_memos()


def distinct_rows(items: int, repeats: int) -> list[tuple[str, str, str, bool]]:
    """``parse_indicators`` on ``distinct_text``, every memo cleared before each run, against
    one regex splitting it into fields and against a hand-written script that also reads each
    value; then what the memos save when the same text is read again."""
    text = distinct_text(items)
    count = len(parse_indicators(text))
    assert count == len(FIELDS.findall(text)) == items, "the baselines must find the same items"
    ours = median_of(repeats, lambda: parse_indicators(text), clear_memos)
    split = median_of(repeats, lambda: FIELDS.findall(text), clear_memos)
    naive = median_of(repeats, lambda: naive_script(text), clear_memos)
    parse_indicators(text)
    warm = median_of(repeats, lambda: parse_indicators(text), lambda: None)
    against_split, against_naive = ours / split, ours / naive
    label = f"parse_indicators, {count} items no two alike (names and values)"
    return [
        (
            f"{label} vs one regex split into fields",
            f"{against_split:.1f}x",
            "<= 10x",
            against_split <= 10,
        ),
        (
            "the same vs a hand-written split + naive value script",
            f"{against_naive:.1f}x",
            "<= 1.5x",
            against_naive <= 1.5,
        ),
        (
            "the same text read again, memos kept: time vs memos cleared",
            f"{warm / ours:.2f}x",
            "-",
            True,
        ),
    ]


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


def fresh_figures(code: str, *arguments: object) -> list[float]:
    """The numbers ``code`` prints, run in a fresh process with ``arguments`` as sys.argv[1:]
    (this repository's root first, so that it can import ``benchmarks.run``)."""
    out = subprocess.run(
        [sys.executable, "-c", code, str(ROOT), *map(str, arguments)],
        check=True,
        capture_output=True,
        text=True,
    )
    return [float(figure) for figure in out.stdout.split()]


def memory_kept(values: int) -> float:
    """Memory (MB) still held in a fresh process after reading ``values`` distinct values of
    100,000 characters each and collecting garbage: what the memos keep of texts that do not
    repeat (bounded by size, they keep none of them)."""
    code = (
        "import gc, sys, tracemalloc; from perfindicator import parse_value;"
        "parse_value('100%'); tracemalloc.start();"
        "[parse_value(str(n) + '合法合规' * 25000) for n in range(int(sys.argv[2]))];"
        "gc.collect(); print(tracemalloc.get_traced_memory()[0] / 1e6)"
    )
    return fresh_figures(code, values)[0]


def peak_memory(items: int) -> float:
    """Peak traced memory (MB) of a fresh process that parses ``items`` indicators."""
    code = (
        "import sys, tracemalloc; sys.path.insert(0, sys.argv[1]);"
        "from benchmarks.run import corpus_text; text = corpus_text(int(sys.argv[2]));"
        "from perfindicator import parse_indicators; tracemalloc.start();"
        "items = parse_indicators(text); print(tracemalloc.get_traced_memory()[1] / 1e6)"
    )
    return fresh_figures(code, items)[0]


def distinct_memory(items: int) -> tuple[float, float]:
    """Peak traced memory (MB) of a fresh process that reads ``distinct_text(items)`` and
    holds the indicators, above what it held after importing perfindicator and reading one
    block; and the size of the text (built before, not counted). The memos' share is counted:
    they are held too."""
    code = (
        "import sys, tracemalloc; sys.path.insert(0, sys.argv[1]);"
        "from benchmarks.run import distinct_text; text = distinct_text(int(sys.argv[2]));"
        "from perfindicator import parse_indicators;"
        "parse_indicators('1、1-产出指标；11-数量指标；报废小车数量；年度指标值:1。');"
        "tracemalloc.start(); items = parse_indicators(text);"
        "print(tracemalloc.get_traced_memory()[1] / 1e6, sys.getsizeof(text) / 1e6)"
    )
    peak, text = fresh_figures(code, items)
    return peak, text


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

    rows.extend(distinct_rows(3_000 if quick else 30_000, repeats))

    big = corpus_text(large)
    big_count = len(SPLIT.findall(big))
    # Both sizes timed in the same state of the process (what the rows above left in the
    # memos and the heap weighs on every collection of the garbage collector).
    per_small = best_of(repeats, lambda: parse_indicators(text)) / count
    per_large = best_of(max(1, repeats // 2), lambda: parse_indicators(big)) / big_count
    growth = per_large / per_small - 1
    rows.append(
        (
            f"time per item, {big_count} vs {count} items",
            f"{growth:+.0%}",
            "<= +15%",  # linear: 10x the items at most 15 % slower per item (faster is met)
            growth <= 0.15,
        )
    )

    values = [mixed_value(index) for index in range(2_000 if quick else 10_000)]
    median, mean = value_times(values)
    rows.append(
        (
            f"parse_value, {len(values)} distinct strings of the realistic mix (median)",
            f"{median:.1f} us",
            "<= 8 us",
            median <= 8,
        )
    )
    rows.append(("the same (mean)", f"{mean:.1f} us", "<= 12 us", mean <= 12))
    median, _ = value_times(values, clear=False)
    rows.append(("the same strings again, from the memo (median)", f"{median:.1f} us", "-", True))
    slow, slow_mean = without_value_fast_path(lambda: value_times(values))
    rows.append(
        (
            "the same without the value fast path (every value to the parser): median, mean",
            f"{slow:.1f}/{slow_mean:.1f} us",
            "-",
            True,
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
    median, _ = value_times(realistic)
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
            "<= 1.3x",
            ratio <= 1.3,
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

    # The target is 35 MB for 100,000 indicators: the short run reads a fifth of them.
    held_items = 20_000 if quick else 100_000
    held, text_mb = distinct_memory(held_items)
    limit = 35 * held_items / 100_000
    label = f"{held_items} indicators no two alike held: peak above the process after import"
    rows.append(
        (
            f"{label} (the {text_mb:.0f} MB text not counted)",
            f"{held:.0f} MB",
            f"< {limit:.0f} MB",
            held < limit,
        )
    )

    pdf, skipped = pdf_rows(15 if quick else 190, repeats)
    rows.extend(pdf)

    sys.path.insert(0, str(ROOT))  # benchmarks/scale.py imports this module as the tests do
    from benchmarks.forms import forms_rows

    forms, left_out = forms_rows(200 if quick else 1_000, repeats)
    rows.extend(forms)
    skipped = [*skipped, *left_out]

    from benchmarks.scale import scale_rows

    rows.extend(scale_rows(quick, repeats))

    from benchmarks.export import export_rows

    rows.extend(export_rows(40 if quick else 400, repeats))

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
