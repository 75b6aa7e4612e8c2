"""The fast path for values reads exactly what the value parser reads: the same value wherever it
reads one, over every comparator, scale and unit word of the vocabulary, and it leaves every
other value to the parser."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

import attrs
import lark
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfindicator import (
    Comparison,
    Date,
    DateRange,
    ParseError,
    Quantity,
    Range,
    Ratio,
    Text,
    Value,
    parse_indicators,
    parse_value,
)
from perfindicator.core import vocabulary as vocab
from perfindicator.model.values import read_quantity, read_range, read_text
from perfindicator.notation.fastvalues import FORMS, ValueScanner, guards
from perfindicator.notation.grammar import Lazy, fast_path_data, load_parser
from perfindicator.notation.values import _FAST_VALUES, ValueTransformer, value_parser

SCANNER: ValueScanner = _FAST_VALUES.get()
T = TypeVar("T")


def test_the_fast_path_is_built() -> None:
    """Were it not (Lark's parser laid out otherwise), values would all go to the parser."""
    assert isinstance(SCANNER, ValueScanner)
    assert SCANNER.compile() == []  # every form compiles (they are compiled on first use)


def test_a_terminal_with_a_group_sends_its_forms_to_the_parser() -> None:
    """A grammar whose NUMBER had a capturing group would shift what read() takes apart: the
    forms holding it (in a token or a guard) read nothing, and the others still read."""
    data = fast_path_data("value")
    grouped = {**data, "terminals": {**data["terminals"], "NUMBER": "([0-9]+)"}}
    scanner = ValueScanner(grouped, ValueTransformer())
    assert scanner.read("95%") is None
    assert scanner.read("实际完成数/计划完成数") == Ratio("实际完成数", "计划完成数")
    assert scanner.compile() == ["quantity", "range", "comparison"]  # its guards hold NUMBER


def parsed(folded: str) -> Value | None:
    """What the value parser makes of a folded value; None where it refuses it."""
    try:
        value: Value = value_parser().parse(folded)
    except lark.exceptions.LarkError:
        return None
    return value


def assert_same_reading(text: str) -> Value | None:
    """The fast path's reading of ``text``, checked against the parser's where it has one."""
    folded = text.translate(vocab.FOLD)
    fast = SCANNER.read(folded)
    if fast is not None:
        expected = parsed(folded)
        assert expected is not None, f"{text!r}: the fast path read a value the parser refuses"
        assert (type(fast), fast.to_dict()) == (type(expected), expected.to_dict()), text
    assert_refusal_holds(folded)
    return fast


def assert_refusal_holds(folded: str) -> None:
    """Where the fast path says the parser refuses ``folded`` at its start, it does."""
    if SCANNER.refused(folded):
        with pytest.raises(lark.exceptions.UnexpectedInput) as refusal:
            value_parser().parse(folded)
        assert refusal.value.pos_in_stream == 0, folded


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("95%", Quantity("=", 95, "%")),
        ("100", Quantity("=", 100)),
        ("≥95%", Quantity(">=", 95, "%")),
        ("不低于97.5%", Quantity(">=", Decimal("97.5"), "%")),
        ("≥2.5万人次", Quantity(">=", 25000, "人次")),
        ("10个工作日内", Quantity("<=", 10, "工作日")),
        ("控制在5万元以内", Quantity("<=", 50000, "元")),
        ("95%以上", Quantity(">=", 95, "%")),
        ("5千克", Quantity("=", 5, "千克")),
        ("约5000人次", Quantity("~", 5000, "人次")),
        ("3,000元", Quantity("=", 3000, "元")),
        ("<=10亩", Quantity("<=", 10, "亩")),
        ("两辆", Quantity("=", 2, "辆")),  # a Chinese numeral
        ("不少于三千万元", Quantity(">=", 30_000_000, "元")),
        ("一点五万人次", Quantity("=", 15000, "人次")),
        ("20-35次", Range(20, 35, "次")),  # a range
        ("200至300人", Range(200, 300, "人")),
        ("2-3万元", Range(20000, 30000, "元")),  # the scale written once, after the high end
        ("2万-3万元", Range(20000, 30000, "元")),
        ("90%-95%", Range(90, 95, "%")),
        ("90%~95", Range(90, 95, "%")),  # the unit written once, after the low end
        ("1-12月", DateRange.of(Date.of("=", None, 1), Date.of("=", None, 12))),  # months
        ("1-3个工作日", Range(1, 3, "工作日")),
        ("2024年", Date.of("=", 2024)),  # a year: the lexer tries DATE before NUMBER
        ("2020.5", Date.of("=", 2020, 5)),  # a dotted date
        ("2024年12月31日前", Date.of("<=", 2024, 12, 31)),
        ("于2024年6月底前", Date.of("<=", 2024, 6, 30)),  # 底: the month's last day
        ("2024年2月底前", Date.of("<=", 2024, 2, 29)),
        ("截至2024年", Date.of("<=", 2024)),
        ("≥2024年", Date.of(">=", 2024)),
        ("总费用支出低于年初预算", Comparison("总费用支出", "<", "年初预算")),  # a comparison
        ("≤预算数", Comparison(None, "<=", "预算数")),
        ("实际完成数/计划完成数", Ratio("实际完成数", "计划完成数")),  # a ratio
        ("(实际数/计划数)×100%", Ratio("实际数", "计划数")),  # the rate as a percentage
    ],
)
def test_the_commonest_values_are_read_on_the_fast_path(text: str, expected: Value) -> None:
    assert assert_same_reading(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "3000元/人",  # a compound unit
        "20余人",  # 余 (MORE)
        "十余次",
        "三",  # a Chinese numeral without a unit: the transformer refuses it
        "一般",  # 一 and a word that is no known unit: refused
        "三至五",  # a range of Chinese numerals
        "35-20次",  # a range whose ends are the wrong way round: refused
        "2024-2025年",  # calendar years: refused
        "1天-2月",  # two units: refused
        "3万元-5万",  # scales that cannot be told apart: refused
        "-5-10",  # a sign
        "≥20-35次",  # a comparator before a range
        "2023.07-2024.01",  # a span of dates
        "2023年2月30日",  # no such day: the transformer refuses it
        "31日底",  # 底 after a day: refused
        "2024年6月年底",
        "2024年前完成任务",  # a date and text
        "满意度不低于90%",  # a subject before the comparator
        "≥**人次",  # a template
        "≥ 95%",  # spaces
        "满意度不低于上年且不高于预算",  # two conditions: the transformer refuses
        "≥ 万元",  # a template with the number left blank
        "合法合规",
        "超过90%以上",  # conflicting comparators: the transformer refuses, the parser reports
        "5个约",  # the lexer reads 5个 as the subject of a comparison with 约 (then fails)
    ],
)
def test_other_values_are_left_to_the_parser(text: str) -> None:
    assert SCANNER.read(text.translate(vocab.FOLD)) is None


def test_each_token_is_guarded_by_what_the_lexer_tries_before_it() -> None:
    """From the parser's table: a subject is looked for first (总费用支出低于…), a date before a
    number (2024年), a comparator after the number before a scale or unit (以上, 以内)."""
    found = guards(load_parser("value"))["forms"]
    assert set(found) == set(FORMS)
    first, before = found["quantity"]["first"], found["quantity"]["tried"]
    assert first == ["SUBJECT"]
    assert [set(slot) for slot in before] == [set(s.terminals) for s in FORMS["quantity"]]
    assert {"PREFIX_OP", "DATE", "DATE_PREFIX", "CN_NUMBER"} <= set(before[1]["NUMBER"])
    assert {"PREFIX_OP", "DATE", "DATE_PREFIX"} <= set(before[1]["CN_NUMBER"])
    assert "SUFFIX_OP" in before[2]["SCALE"]
    assert {"SUFFIX_OP", "SCALE", "MORE", "RANGE_SEP"} <= set(before[3]["UNIT_WORD"])
    # A range starts where a quantity would: what is tried before its first number at the
    # start (a subject, a comparator, a date) is looked for once; 20-35 is not NUMBER SIGN.
    first, before = found["range"]["first"], found["range"]["tried"]
    assert {"SUBJECT", "PREFIX_OP", "DATE", "CN_NUMBER"} <= set(first)
    assert {"SUFFIX_OP", "SCALE"} <= set(before[3]["RANGE_SEP"])


NUMBERS = ["5", "95.5", "3,000", "2024", "0"]


@pytest.mark.parametrize("prefix", ["", *vocab.PREFIX_WORDS])
def test_every_comparator_word_reads_the_same(prefix: str) -> None:
    for suffix, unit, number in itertools.product(
        ["", *vocab.SUFFIX_WORDS], ["", "%", "万元", "个"], NUMBERS
    ):
        assert_same_reading(prefix + number + unit + suffix)


@pytest.mark.parametrize("prefix", sorted(vocab.PREFIX_WORDS))
def test_every_comparison_and_ratio_reads_the_same(prefix: str) -> None:
    """Comparisons with a reference (every comparator word, with and without a subject, a
    comparator after the reference, a negated subject, a blank template) and ratios."""
    read = 0
    for subject, reference, suffix in itertools.product(
        ["", "总费用支出", "满意度", "未", "成本"],
        ["年初预算", "上年", "预算数", "万元", "三", "上年且不高于预算", "计划数)"],
        ["", *vocab.SUFFIX_WORDS],
    ):
        read += assert_same_reading(subject + prefix + reference + suffix) is not None
    for numerator, denominator in itertools.product(
        ["实际完成数", "(实际数", "元", prefix + "实际数"], ["计划数", "计划数)×100%", "元/亩"]
    ):
        read += assert_same_reading(f"{numerator}/{denominator}") is not None
    assert read  # some of them on the fast path


@pytest.mark.parametrize("unit", sorted(vocab.SPELLINGS))
def test_every_unit_and_scale_word_reads_the_same(unit: str) -> None:
    for prefix, scale, suffix, number in itertools.product(
        ["", "≥", "约"],
        ["", *vocab.SCALES],
        ["", "以上", "以内"],
        ["5", "2.5", "2024", "两", "三千"],
    ):
        assert_same_reading(prefix + number + scale + unit + suffix)


@pytest.mark.parametrize("unit", ["", *sorted(vocab.SPELLINGS)])
def test_every_range_of_every_unit_and_scale_word_reads_the_same(unit: str) -> None:
    """Each end with or without a scale word and the unit, over every separator, and ends
    the right and the wrong way round (which the transformer refuses)."""
    ends = [("5", "20"), ("2.5", "3"), ("30", "4"), ("1", "12"), ("2024", "2025")]
    for (low, high), separator, low_scale, high_scale, low_unit in itertools.product(
        ends, "-~至到", ["", *vocab.SCALES], ["", "万"], ["", unit]
    ):
        assert_same_reading(low + low_scale + low_unit + separator + high + high_scale + unit)


DATES = ["2024年", "2024年6月", "2024年12月31日", "12月31日", "6月", "2月", "2024.12", "2024-2-29"]


@pytest.mark.parametrize("date", DATES)
def test_every_date_with_every_word_reads_the_same(date: str) -> None:
    for prefix, suffix in itertools.product(
        ["", "于", "在", *vocab.PREFIX_WORDS], ["", *vocab.DATE_SUFFIX_WORDS, *vocab.SUFFIX_WORDS]
    ):
        assert_same_reading(prefix + date + suffix)


@pytest.mark.parametrize(
    "numeral", ["一", "两", "十", "十二", "一百零五", "三千万", "一万五", "一点五", "零"]
)
def test_every_chinese_numeral_reads_the_same(numeral: str) -> None:
    for prefix, unit, suffix in itertools.product(
        ["", *vocab.PREFIX_WORDS],
        ["", "%", "万元", "个", "辆", "般", "次"],
        ["", *vocab.SUFFIX_WORDS],
    ):
        assert_same_reading(prefix + numeral + unit + suffix)


#: Pieces values are made of: every word of the vocabulary, digits, signs, separators, text.
PIECES = st.sampled_from(
    sorted(
        {
            *vocab.PREFIX_WORDS,
            *vocab.SUFFIX_WORDS,
            *vocab.SCALES,
            *vocab.SPELLINGS,
            *vocab.MORE_WORDS,
            *vocab.DATE_SUFFIX_WORDS,
            *"0123456789.,-~/·+*() 年月日于在至到半两十百千万亿零",
            "2024",
            "19",
            "20",
            "满意度",
            "预算",
        }
    )
)


@given(st.lists(PIECES, min_size=1, max_size=6).map("".join))
@settings(max_examples=1500, deadline=None)
def test_values_made_of_the_vocabulary_read_the_same(text: str) -> None:
    assert_same_reading(text)


#: A number, in digits or Chinese numerals, with or without a scale and a unit.
AMOUNTS = st.tuples(
    st.sampled_from(
        ["0", "1", "5", "12", "2.5", "3,000", "2024", "两", "十二", "三千万", "一点五"]
    ),
    st.sampled_from(["", *vocab.SCALES]),
    st.sampled_from(["", "%", "元", "万元", "个", "个月", "月", "年", "次", "人次", "般"]),
).map("".join)


@given(AMOUNTS, st.sampled_from(["-", "~", "至", "到", "--", ""]), AMOUNTS)
@settings(max_examples=1500, deadline=None)
def test_ranges_made_of_amounts_read_the_same(low: str, separator: str, high: str) -> None:
    assert_same_reading(low + separator + high)


@given(st.text(max_size=12))
@settings(max_examples=500, deadline=None)
def test_any_text_reads_the_same(text: str) -> None:
    assert_same_reading(text)


def test_what_the_fast_path_is_made_of_is_stored_with_the_tables() -> None:
    """So that a process reading one block does not load a parser to compose it; the stored
    data is what the grammar's parser says now (else: python -m
    perfindicator.notation.maketables)."""
    parser = load_parser("value")
    stored = fast_path_data("value")
    assert stored == {
        "terminals": {t.name: t.pattern.to_regexp() for t in parser.terminals},
        **guards(parser),
    }
    scanner = ValueScanner(stored, ValueTransformer())
    assert scanner.read("≥95%") == Quantity(">=", 95, "%")


@pytest.mark.parametrize("name", ["indicators", "value"])
def test_without_fitting_tables_the_fast_path_data_comes_from_the_parser(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from perfindicator.notation import lalr_tables as _tables

    stored = fast_path_data(name)
    stale = {key: {**table, "lark": "0.0"} for key, table in _tables.TABLES.items()}
    monkeypatch.setattr(_tables, "TABLES", stale)
    assert fast_path_data(name) == stored


def test_the_published_values_the_fast_path_reads() -> None:
    """The figures docs/scaling.md gives: of the 157 values in corpus/real-values.tsv, 83 are
    quantities, 1 a range (200-300次) and 1 a date (2021年9月), and 78 take the fast path, each
    read as the parser reads it (two of them, 达到预期目标 and 部分达到预期目标…, comparisons to
    the grammar, are verdicts to parse_value: text)."""
    import csv
    from pathlib import Path

    path = Path(__file__).parent / "corpus" / "real-values.tsv"
    with path.open(encoding="utf-8", newline="") as file:
        values = [row["value"].strip() for row in csv.DictReader(file, delimiter="\t")]
    values = [value for value in values if value]
    fast = [value for value in values if assert_same_reading(value) is not None]
    quantities = [value for value in values if isinstance(parse_value(value), Quantity)]
    ranges = [value for value in values if isinstance(parse_value(value), Range)]
    dates = [value for value in values if isinstance(parse_value(value), Date)]
    assert (len(values), len(quantities), len(ranges), len(dates), len(fast)) == (
        157, 83, 1, 1, 78
    )  # fmt: skip
    kinds = (Quantity, Range, DateRange, Date, Comparison, Ratio)
    assert all(isinstance(parsed(value.translate(vocab.FOLD)), kinds) for value in fast)


def forget_values() -> None:
    """Forget every value, unit hint and item read so far: the next reading is afresh."""
    from perfindicator.notation import fastblocks
    from perfindicator.notation.values import read_value, unit_hint

    read_value.cache_clear()
    unit_hint.cache_clear()
    fastblocks.clear_memos()


def both_ways(action: Callable[[], T]) -> tuple[T, T]:
    """What ``action`` gives with the value fast path, and without it (every value to the
    parser), the memos forgotten before each run."""
    from perfindicator.notation import values

    forget_values()
    fast = action()
    saved = values._FAST_VALUES
    values._FAST_VALUES = Lazy(values._NoFastPath)
    try:
        forget_values()
        slow = action()
    finally:
        values._FAST_VALUES = saved
        forget_values()
    return fast, slow


def test_values_read_the_same_without_the_fast_path() -> None:
    """Every value of the published corpus and of the benchmark's mix, read in full (the forms
    read around the grammar's included: 满意度90%以上, remarks in brackets, hints)."""
    import csv
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.run import mixed_value

    path = Path(__file__).parent / "corpus" / "real-values.tsv"
    with path.open(encoding="utf-8", newline="") as file:
        texts = [row["value"].strip() for row in csv.DictReader(file, delimiter="\t")]
    texts = [text for text in texts if text] + [mixed_value(index) for index in range(900)]
    for name in (None, "数量（个）"):
        fast, slow = both_ways(lambda: [parse_value(text, name=name) for text in texts])  # noqa: B023
        assert fast == slow
        assert [value.to_dict() for value in fast] == [value.to_dict() for value in slow]


def test_items_and_errors_are_the_same_without_the_fast_path() -> None:
    """Blocks read with recovery: the same items and the same errors, where and what."""
    text = (
        "1、1-产出指标；11-数量指标；车辆数；年度指标值:两辆。"
        "2、1-产出指标；1x数量指标；培训次数；年度指标值:20-35次。"
        "3、1-产出指标；12-质量指标；合格率（%）；实施周期指标值:90-95；年度指标值:95。"
        "4、1-产出指标；13-时效指标；完成时间；年度指标值:2-3万元"
    )

    def read() -> tuple[list[dict[str, Any]], list[tuple[str, int, int]]]:
        result = parse_indicators(text, recover=True)
        return [item.to_dict() for item in result], [(e.msg, e.pos, e.end) for e in result.errors]

    fast, slow = both_ways(read)
    assert fast == slow
    items = fast[0]
    # Items 1, 3 and 4: 两辆, 95 under （%）, 2-3万元; item 3's period 90-95 a range of %.
    assert [item["annual"]["kind"] for item in items] == ["quantity", "quantity", "range"]
    assert items[1]["period"] == {
        "kind": "range",
        "raw": "90-95",
        "low": "90",
        "high": "95",
        "unit": "%",
    }
    # Item 2 skipped whole: 30 characters before it, 34 of its own.
    assert [(pos, end) for _, pos, end in fast[1]] == [(30, 64)]


@given(st.lists(st.one_of(PIECES, AMOUNTS), min_size=1, max_size=5).map("".join))
@settings(max_examples=300, deadline=None)
def test_any_value_reads_the_same_without_the_fast_path(text: str) -> None:
    def read() -> tuple[str, object]:
        try:
            value = parse_value(text)
        except ParseError as error:  # empty, or spaces only
            return "error", (error.msg, error.pos, error.end)
        return type(value).__name__, value.to_dict()

    fast, slow = both_ways(read)
    assert fast == slow


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("己甲项工作全部合规", True),  # no terminal starts with 己
        ("合法合规", True),
        ("有效保障", True),
        ("按时完成", True),
        ("达到预期目标", False),  # 达到 is a comparator word: the parser decides
        ("95%", False),
        ("不低于95%", False),
        ("两辆", False),
        ("2024年12月31日前", False),
        ("实际完成数/计划完成数", False),  # a ratio's numerator starts it
        ("总费用支出低于年初预算", False),  # a subject before a comparator
        ("合法 合规", False),  # spaces are skipped: left to the parser
        ("(≥**)合规", False),  # a placeholder is skipped
    ],
)
def test_what_cannot_start_a_value_is_refused_without_the_parser(text: str, refused: bool) -> None:
    assert SCANNER.refused(text) is refused
    assert_refusal_holds(text)
    if refused:
        assert parse_value(text) == Text(text, text)


def test_the_terminals_that_look_ahead_are_tried_on_their_own() -> None:
    """SUBJECT and NUMERATOR end by looking ahead for a comparator and a slash: the start
    check tries them only where those are in the value (they are its dearest part)."""
    from perfindicator.notation.fastvalues import _alternatives, _looks_ahead, _Starts

    patterns = fast_path_data("value")["terminals"]
    assert [t for t in patterns if _looks_ahead(t, patterns)] == ["SUBJECT", "NUMERATOR"]
    starts = _Starts(["NUMBER", "SUBJECT", "NUMERATOR"], patterns)
    assert [terminal for _, terminal in starts._later] == [
        patterns["SUBJECT"],
        patterns["NUMERATOR"],
    ]
    # A pattern with a | outside its groups matches without its look-ahead: not split off;
    # nor one whose last ( is an escaped bracket, so that the | is in the group it closes;
    # nor one that looks ahead for \d where the other terminal is the letter d.
    assert not _looks_ahead("SUBJECT", {**patterns, "SUBJECT": "a|" + patterns["SUBJECT"]})
    assert not _looks_ahead("NUMERATOR", {**patterns, "NUMERATOR": r"(b|a\(?=\/)"})
    assert not _looks_ahead("NUMERATOR", {**patterns, "SLASH": "d", "NUMERATOR": r"x(?=\d)"})
    cases = ["a|b", "(a|b)c", "[|]a", "[]|]a", r"\|a", "[^]|]"]
    assert [_alternatives(pattern) for pattern in cases] == [True] + [False] * 5


@given(st.lists(st.one_of(PIECES, AMOUNTS), min_size=1, max_size=5).map("".join))
@settings(max_examples=1500, deadline=None)
def test_the_split_start_check_agrees_with_one_alternation(text: str) -> None:
    """Every start check the fast path makes (the refusal's and each form's) says what one
    alternation of all its terminals says of the value."""
    from perfindicator.notation.fastvalues import _Starts

    data = fast_path_data("value")
    patterns = data["terminals"]
    for terminals in [data["start"], *(form["first"] for form in data["forms"].values())]:
        if not terminals:
            continue
        whole = re.compile("|".join(f"(?:{patterns[t]})" for t in terminals))
        assert _Starts(terminals, patterns).compile()(text) is (whole.match(text) is not None)


@given(st.text(max_size=20))
@settings(max_examples=500, deadline=None)
def test_folding_is_the_table_s(text: str) -> None:
    assert vocab.fold(text) == text.translate(vocab.FOLD)


DECIMALS = st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(
    lambda number: number.is_finite()
)


def _made_as_the_constructor_makes(checked: Any, constructor: Any, *parts: Any) -> Any:
    """What ``checked(*parts)`` makes, having made sure it is what ``constructor`` makes,
    field by field, or that both refuse the parts with the same error (None then)."""
    try:
        expected = constructor(*parts)
    except ValueError as error:
        with pytest.raises(ValueError, match=re.escape(str(error))):
            checked(*parts)
        return None
    made = checked(*parts)
    assert attrs.asdict(made) == attrs.asdict(expected)
    return made


@given(st.sampled_from(vocab.OPERATORS), DECIMALS, st.sampled_from([None, "%", "元", "人次"]))
def test_the_readers_quantities_are_the_constructor_s(op: Any, number: Decimal, unit: Any) -> None:
    """read_quantity, which skips attrs' checks for parts the reader has checked, makes the
    object the validating constructor makes, field by field; beyond the model's range it is
    refused the same."""
    made = _made_as_the_constructor_makes(read_quantity, Quantity, op, number, unit, "raw")
    if made is not None:  # canonical: 90.50 is 90.5, 1E+2 is 100
        assert str(made.value) == str(Quantity(op, number, unit, "raw").value)


@given(DECIMALS, DECIMALS, st.sampled_from([None, "%", "次"]))
def test_the_readers_ranges_are_the_constructor_s(low: Decimal, high: Decimal, unit: Any) -> None:
    made = _made_as_the_constructor_makes(read_range, Range, low, high, unit, "raw")
    if made is not None:
        expected = Range(low, high, unit, "raw")
        assert (str(made.low), str(made.high)) == (str(expected.low), str(expected.high))


def test_the_readers_texts_are_the_constructor_s() -> None:
    assert attrs.asdict(read_text("合法合规")) == attrs.asdict(Text("合法合规", "合法合规"))


def test_a_form_is_read_only_once_its_start_check_is_compiled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A value read while its form compiles (another thread) must not take the form without
    the check of what the lexer tries first: 5约 is SUBJECT 5 and 约 to the lexer, refused, not
    the quantity 5约. Here the read comes from inside the compiling of that check."""
    from perfindicator.notation import fastvalues

    scanner = ValueScanner(fast_path_data("value"), ValueTransformer())
    first = scanner._forms["quantity"]._first
    assert first is not None
    checks = {first._plain, *(pattern for _, pattern in first._later)}
    compile_now = re.compile
    read_meanwhile: list[Value | None] = []

    def compiling(pattern: str, flags: int = 0) -> re.Pattern[str]:
        if pattern in checks and not read_meanwhile:
            read_meanwhile.append(None)  # once: the read below compiles the form again
            read_meanwhile.append(scanner.read("5约"))
        return compile_now(pattern, flags)

    monkeypatch.setattr(fastvalues.re, "compile", compiling)
    assert scanner.read("95%") == Quantity("=", 95, "%")
    assert read_meanwhile == [None, None]  # left to the parser, which refuses it
    assert parsed("5约") is None
