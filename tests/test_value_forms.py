"""Value forms from real published tables (docs/language.md), each worked out by hand from the
notation.

Split by what they exercise: comparator words and signs, numbers, units, dates. Expected objects
are compared with ``==``, which ignores ``raw``; every value keeps its text as ``raw``.
"""

from __future__ import annotations

import re

import pytest

from _values import assert_reads, c, cases, d, q, r, t
from perfindicator import (
    Date,
    DateRange,
    Quantity,
    Ratio,
    Value,
    parse_indicators,
    parse_value,
    score,
)
from perfindicator.core.text import join_lines
from perfindicator.notation.blocks import _SCANNER, _parse_with_lark

# --- Comparator words and signs ---------------------------------------------------------------

COMPARATORS: dict[str, Value] = {
    "不超5%": q("<=", "5", "%"),
    "不超出5%": q("<=", "5", "%"),
    "不超出预算": c(None, "<=", "预算"),
    "至少达到90%": q(">=", "90", "%"),
    "至少达到上年水平": c(None, ">=", "上年水平"),
    "控制在5%内": q("<=", "5", "%"),
    "控制在5%以内": q("<=", "5", "%"),
    "控制在预算内": c(None, "<=", "预算"),
    "控制在预算以内": c(None, "<=", "预算"),
    "95%以上（含）": q(">=", "95", "%"),
    "(≥**株)>=17600株": q(">=", "17600", "株"),
    ">=17600株(≥**株)": q(">=", "17600", "株"),  # the placeholder after the value
    "﹦100%": q("=", "100", "%"),  # U+FE66
    "═100%": q("=", "100", "%"),  # U+2550
    "≧95%": q(">=", "95", "%"),
    "≦5%": q("<=", "5", "%"),
    "⩾95%": q(">=", "95", "%"),  # U+2A7E
    "⩽5%": q("<=", "5", "%"),  # U+2A7D
}


# --- Comparators after a subject or a reference, bounds joined, remarks, rate formulas --------

AROUND: dict[str, Value] = {
    # a subject, then a number with the comparator after it: the subject is dropped, as in
    # 满意度不低于90% (docs/language.md)
    "满意度90%以上": q(">=", "90", "%"),
    "增长10%以上": q(">=", "10", "%"),
    "12345热线满意度90%以上": q(">=", "90", "%"),
    "满意度不低于90%": q(">=", "90", "%"),
    "增长10%": t("增长10%"),  # no comparator: 返本20% is no target either
    "增长10%左右": t("增长10%左右"),
    "未增长10%以上": t("未增长10%以上"),  # negated
    "节约10%以上": t("节约10%以上"),  # 约 inside 节约
    "不低于90%，力争95%以上": t("不低于90%，力争95%以上"),  # two targets
    # a reference, then the comparator
    "预算以内": c(None, "<=", "预算"),
    "预算以下": c(None, "<=", "预算"),
    "上年以上": c(None, ">=", "上年"),
    "国家标准及以上": c(None, ">=", "国家标准"),
    "预算内": t("预算内"),  # 内 alone: 区内, 省内 are places
    "预算以外": t("预算以外"),  # outside the budget, not above it
    # two bounds joined by 且: the range between them
    "≥90%且≤95%": r("90", "95", "%"),
    "≥90%并且≤95%": r("90", "95", "%"),
    "≤95%且≥90%": r("90", "95", "%"),
    "≥90且≤95%": r("90", "95", "%"),
    "≥2且≤3万元": t("≥2且≤3万元"),  # 2 元 or 2 万元?
    ">90%且<95%": t(">90%且<95%"),  # both ends excluded: no range of the model
    "不低于上年且不高于预算": t("不低于上年且不高于预算"),
    # (含…) says the number is included, as >= and <= already do
    "95%以上（含）": q(">=", "95", "%"),
    "95%以上(含95%)": q(">=", "95", "%"),
    "≥95%（含95%）": q(">=", "95", "%"),
    "2024年12月31日前(含)": d("<=", 2024, 12, 31),
    "≥95%（含90%）": t("≥95%（含90%）"),  # which is it?
    ">95%(含)": t(">95%(含)"),  # a contradiction
    # an annotation after the value: kept in raw
    "100%(历史标准)": q("=", "100", "%"),
    "≥90%（行业标准）": q(">=", "90", "%"),
    "5个(套)": t("5个(套)"),  # a list of units, not a remark
    # rate formulas
    "（实际完成数/计划完成数）×100%": Ratio.of("实际完成数", "计划完成数"),
    "实际完成数/计划完成数×100%": Ratio.of("实际完成数", "计划完成数"),
    "(实际完成数/计划完成数)": Ratio.of("实际完成数", "计划完成数"),
}


@pytest.mark.parametrize(("text", "expected"), cases(AROUND))
def test_comparators_around_and_remarks(text: str, expected: Value) -> None:
    value = parse_value(text)
    assert value == expected
    assert value.raw == text  # the annotation (历史标准) is kept here


@pytest.mark.parametrize(("text", "expected"), cases(COMPARATORS))
def test_comparators(text: str, expected: Value) -> None:
    assert_reads(text, expected)


# --- Numbers ----------------------------------------------------------------------------------

NUMBERS: dict[str, Value] = {
    "5千元": q("=", "5000", "元"),
    "3百人": q("=", "300", "人"),
    "2萬元": q("=", "20000", "元"),
    "3億元": q("=", "300000000", "元"),
    "数十": t("数十"),  # 数 is no digit: some tens, not a number
    "数十次": t("数十次"),
    # the per cent in words, before the number
    "百分之九十五": q("=", "95", "%"),
    "百分之95": q("=", "95", "%"),
    "百分之九十五点五": q("=", "95.5", "%"),
    "不低于百分之九十": q(">=", "90", "%"),
    "百分之九十以上": q(">=", "90", "%"),
    # Chinese decimals, and Chinese numerals with 万 or 亿, which no word is spelled as
    "一点五万": q("=", "15000"),
    "一点五万元": q("=", "15000", "元"),
    "一点五次": q("=", "1.5", "次"),
    "一点五": t("一点五"),  # no unit and no scale: text, like 三
    "一万点五": t("一万点五"),  # the point belongs before the scale word
    "三万": q("=", "30000"),
    "十余万": q(">", "100000"),
    "十余万人次": q(">", "100000", "人次"),
    # a second, smaller scale after the first
    "3万5千": q("=", "35000"),
    "3万5千元": q("=", "35000", "元"),
    "1亿2千万元": q("=", "120000000", "元"),
    "3万15千": t("3万15千"),  # the rest does not fit under 万
    "3千5万": t("3千5万"),
    "3万5.5千": t("3万5.5千"),
    "3万5人": t("3万5人"),  # 3万5 as spoken (35000) or 30005? not guessed
    "三万5千": t("三万5千"),
}


@pytest.mark.parametrize(("text", "expected"), cases(NUMBERS))
def test_numbers(text: str, expected: Value) -> None:
    assert_reads(text, expected)


# --- Units ------------------------------------------------------------------------------------

UNITS: dict[str, Value] = {
    "100元/人/年": q("=", "100", "元/人/年"),
    "100元/人*月": q("=", "100", "元/人·月"),  # a product of units
    "100元/人×月": q("=", "100", "元/人·月"),
    "100元/人·月": q("=", "100", "元/人·月"),
    "100*月": t("100*月"),
    "2个百分点": q("=", "2", "百分点"),
}


@pytest.mark.parametrize(("text", "expected"), cases(UNITS))
def test_units(text: str, expected: Value) -> None:
    assert parse_value(text) == expected


HINTED = [
    pytest.param("三", "培训次数（次）", q("=", "3", "次"), id="三 under （次）"),
    pytest.param("不少于三", "培训次数（次）", q(">=", "3", "次"), id="不少于三 under （次）"),
    pytest.param("十以上", "培训次数（次）", q(">=", "10", "次"), id="十以上 under （次）"),
    pytest.param("十余", "检查次数（次）", q(">", "10", "次"), id="十余 under （次）"),
    pytest.param("三", "项目资金（万元）", q("=", "30000", "元"), id="三 under （万元）"),
    pytest.param("一点五", "项目资金（万元）", q("=", "15000", "元"), id="一点五 under （万元）"),
    pytest.param("三", "培训次数", t("三"), id="三 without a hint"),
    pytest.param("一般", "培训次数（次）", t("一般"), id="一般 is no numeral"),
]


@pytest.mark.parametrize(("text", "name", "expected"), HINTED)
def test_a_chinese_numeral_takes_its_unit_from_the_name(
    text: str, name: str, expected: Value
) -> None:
    value = parse_value(text, name=name)
    assert value == expected
    assert value.raw == text


# --- Dates ------------------------------------------------------------------------------------

DATES: dict[str, Value] = {
    "2024年12月完成": d("=", 2024, 12),  # the month the work is done in
    "2024年底完成": d("=", 2024, 12, 31),
    "2024年12月底前完成": d("<=", 2024, 12, 31),
    "2024年内": d("<=", 2024),  # within the year: by its end
    "2024年12月内": d("<=", 2024, 12),
    "2024年12月31号": d("=", 2024, 12, 31),
    "2025.12.31": d("=", 2025, 12, 31),
    "2025-12-31": d("=", 2025, 12, 31),  # a date, not a range
    "2025/12/31": d("=", 2025, 12, 31),  # a date, not a ratio
    "2025年2月30日": t("2025年2月30日"),
    "2025.13.01": t("2025.13.01"),
    # 底 names the last day of the month, leap years included
    "2024年2月底前": d("<=", 2024, 2, 29),
    "2023年2月底前": d("<=", 2023, 2, 28),
    "2000年2月底": d("=", 2000, 2, 29),
    "1900年2月底": d("=", 1900, 2, 28),
    "2024年9月底前": d("<=", 2024, 9, 30),
    "2024年底前": d("<=", 2024, 12, 31),
    "6月底前": d("<=", None, 6, 30),
    "2月底前": d("<=", None, 2),  # February without a year: its last day is not known
}


@pytest.mark.parametrize(("text", "expected"), cases(DATES))
def test_dates(text: str, expected: Value) -> None:
    assert_reads(text, expected)


# --- Numbers that decimal arithmetic cannot hold, or that are not notation --------------------

NOT_NUMBERS = [
    "1e1000000",
    "sNaN",
    "NaN",
    "Infinity",
    "-Infinity",
    "1" * 101,
    "0." + "0" * 99 + "1",
    # A second scale with a unit after a scale: which is meant? (1万万元 is not 10000 万元)
    "1万万元",
    "5万万人",
    # A part of a month is a time of the year, not a unit after a number.
    "3月份",
    "1月中旬",
    "5个月上旬",
]


@pytest.mark.parametrize("text", NOT_NUMBERS, ids=[text[:12] for text in NOT_NUMBERS])
def test_what_is_no_number_of_the_notation_stays_text(text: str) -> None:
    assert parse_value(text) == t(text)


def test_many_digits_within_the_limit_are_read_exactly() -> None:
    assert parse_value("9" * 99 + "亿元") == q("=", "9" * 99 + "0" * 8, "元")
    assert parse_value("1." + "1" * 98 + "%") == q("=", "1." + "1" * 98, "%")


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("1e1000000", "number out of range: '1e1000000' has more than 1000 digits before"),
        ("1e-1000000", "number out of range: '1e-1000000' has more than 1000 digits after"),
        ("sNaN", "not a finite number: 'sNaN'"),
        ("1e999999999999", "number out of range: '1e999999999999' has more than 1000 digits"),
    ],
)
def test_the_model_refuses_numbers_out_of_range_with_a_reason(number: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        Quantity.of("=", number)


# --- Indicator blocks: dashes between code and name, an empty period cell ---------------------

BLOCKS = [
    pytest.param(
        "1、1—产出指标;11–数量指标;报废小车数量;实施周期指标值:1;年度指标值:1。",
        (("1", "产出指标"), ("11", "数量指标"), q("=", "1"), q("=", "1")),
        id="em and en dashes",
    ),
    pytest.param(
        "1、1-产出指标；11-数量指标；x；实施周期指标值:；年度指标值:1。",
        (("1", "产出指标"), ("11", "数量指标"), None, q("=", "1")),
        id="an empty period cell",
    ),
    pytest.param(
        "1、1－产出指标；11—数量指标；培训次数（次）；实施周期指标值: ；年度指标值:三。",
        (("1", "产出指标"), ("11", "数量指标"), None, q("=", "3", "次")),
        id="an empty period cell with a space, and a hinted numeral",
    ),
]


@pytest.mark.parametrize(("text", "expected"), BLOCKS)
def test_blocks_read_alike_on_both_paths(text: str, expected: tuple[object, ...]) -> None:
    joined = join_lines(text)
    fast = _SCANNER.get().read(joined)
    whole = _SCANNER.get().read_text(text)
    assert fast is not None, "the fast path gave up"
    assert whole is not None, "the whole-text reader gave up"
    for items in (fast, whole, _parse_with_lark(joined, text), parse_indicators(text)):
        [item] = items
        level, category, period, annual = expected
        assert (item.level.code, item.level.name) == level
        assert (item.category.code, item.category.name) == category
        assert (item.period, item.annual) == (period, annual)
        assert item.span == (0, len(text))


# --- Spans of dates ---------------------------------------------------------------------------


def span(start: tuple[int | None, ...], end: tuple[int | None, ...]) -> DateRange:
    return DateRange.of(Date.of("=", *start), Date.of("=", *end))


SPANS: dict[str, Value] = {
    "2023.07-2024.01": span((2023, 7), (2024, 1)),
    "2023年7月-2024年1月": span((2023, 7), (2024, 1)),
    "2024年1月至2024年6月": span((2024, 1), (2024, 6)),
    "2023.07.01-2024.01.31": span((2023, 7, 1), (2024, 1, 31)),
    "2024年1-12月": span((2024, 1), (2024, 12)),
    "2024年1月-12月": span((2024, 1), (2024, 12)),
    "1-12月": span((None, 1), (None, 12)),  # the months of a year not written
    "3至6月": span((None, 3), (None, 6)),
    "1-12个月": r("1", "12", "月"),  # a duration
    "0-12月": r("0", "12", "月"),  # no month 0: a range of 月
    "1-13月": r("1", "13", "月"),
    "2024.01-2023.07": t("2024.01-2023.07"),  # ends before it starts
    "2024年12-1月": t("2024年12-1月"),
    "2024-2025年": t("2024-2025年"),
}


@pytest.mark.parametrize(("text", "expected"), cases(SPANS))
def test_spans_of_dates(text: str, expected: Value) -> None:
    assert_reads(text, expected)


@pytest.mark.parametrize("text", [text for text, v in SPANS.items() if isinstance(v, DateRange)])
def test_a_span_reads_back_from_its_notation(text: str) -> None:
    value = parse_value(text)
    assert parse_value(str(value)) == value


def test_a_span_is_met_by_a_date_within_it() -> None:
    target = parse_value("2023.07-2024.01")
    assert target.is_met_by("2024年1月31日")
    assert target.is_met_by("2023年7月1日")
    assert not target.is_met_by("2024年2月1日")
    assert parse_value("1-12月").is_met_by("2024年6月30日")
    assert score(target, "2024年2月1日", 10) == 0
    assert score(target, "2023年9月", 10) == 10


def test_the_model_refuses_a_span_backwards_or_with_one_year() -> None:
    with pytest.raises(ValueError, match="must start before it ends"):
        DateRange(Date("=", 2024, 1), Date("=", 2023, 7))
    with pytest.raises(ValueError, match="must have a year, or neither"):
        DateRange(Date("=", 2024, 1), Date("=", None, 7, 31))
    with pytest.raises(ValueError, match="must be '=' dates"):
        DateRange(Date("<=", 2024, 1), Date("=", 2024, 7))


def test_a_span_in_a_data_frame_or_csv_row_has_its_ends_as_iso_text() -> None:
    from perfindicator.export.frames import rows

    [item] = parse_indicators(
        "1、1-产出指标；13-时效指标；x；实施周期指标值:1-12月；年度指标值:2023.07-2024.01。"
    )
    [row] = rows("x.txt", [item])
    assert (row["period_kind"], row["period_start"], row["period_end"]) == (
        "date_range",
        "--01",
        "--12",
    )
    assert (row["annual_start"], row["annual_end"]) == ("2023-07", "2024-01")


LONG = [
    "≥1%且" * 600 + "≤2%",
    "满意度" + "1" * 50 + "且" * 700 + "以上",
    "(" * 500 + "1%" + ")" * 500,
    "1%(含)" * 800,
    "预算以内" * 300,
    "x(历史)" * 600,
]


@pytest.mark.parametrize("text", LONG, ids=[text[:8] for text in LONG])
def test_long_repetitive_text_stays_text_without_going_deep(text: str) -> None:
    """The forms read from their parts read each part once, by the grammar: no recursion as
    deep as the text is long."""
    assert parse_value(text) == t(text)
