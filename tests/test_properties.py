"""Property tests: any text gives a result or a ParseError; canonical notation reads back; blocks
generated from the grammar, wrapped at random, read back field by field."""

from __future__ import annotations

import re
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from _strategies import any_text, blocks, wrapped
from perfindicator import (
    Comparison,
    Date,
    ParseError,
    Quantity,
    Range,
    Ratio,
    Value,
    parse_indicators,
    parse_value,
)
from perfindicator.core import vocabulary as vocab
from perfindicator.core.text import join_lines


@given(any_text)
@settings(max_examples=400, deadline=None)
def test_parse_value_gives_a_value_or_a_parse_error(text: str) -> None:
    try:
        value = parse_value(text)
    except ParseError as error:
        assert not join_lines(text).text.strip()  # only empty values are errors
        assert 0 <= error.pos <= len(text)
    else:
        assert value.kind in {
            "quantity",
            "range",
            "ratio",
            "comparison",
            "date",
            "date_range",
            "text",
        }
        assert value.to_dict()["raw"] == value.raw
        if value.kind == "text":
            assert value.to_dict()["text"] == value.raw


@given(any_text)
@settings(max_examples=400, deadline=None)
def test_parse_indicators_gives_items_or_a_parse_error(text: str) -> None:
    try:
        items = parse_indicators(text)
    except ParseError as error:
        assert 0 <= error.pos <= error.end <= len(text)
        assert error.line >= 1
        assert error.column >= 1
        assert str(error).startswith(error.msg)
    else:
        for item in items:
            start, end = item.span
            assert 0 <= start < end <= len(text)


# --- Canonical notation reads back -------------------------------------------------------------

decimals = st.decimals(
    min_value=Decimal("-100000"),
    max_value=Decimal("10000000"),
    allow_nan=False,
    allow_infinity=False,
    places=3,
)
units = st.sampled_from(
    [None, *vocab.UNITS, "元/人", "次/年", "元/平方米", "元/人·月", "M", "个乡镇"]
)
quantities = st.builds(Quantity.of, st.sampled_from(vocab.OPERATORS), decimals, units)


@st.composite
def ranges(draw: st.DrawFn) -> Range:
    low, high = sorted([draw(decimals), draw(decimals)])
    return Range.of(low, high, draw(units))


# Words for free text: no comparator, numeral, negation, date or template characters in them.
SAFE = "预算费用支出成本计划总数平均水平全省市区项目资金标准人员工作量实际合格验收调查范围对象"
words = st.text(alphabet=SAFE, min_size=2, max_size=8).filter(
    lambda word: word not in vocab.SPELLINGS
)
ratios = st.builds(Ratio.of, words, words)
comparisons = st.builds(
    Comparison.of, st.none() | words, st.sampled_from(list(vocab.COMPARISON_WORD)), words
)


@st.composite
def dates(draw: st.DrawFn) -> Date:
    year = draw(st.none() | st.integers(1900, 2099))
    month = draw(st.none() | st.integers(1, 12)) if year is not None else draw(st.integers(1, 12))
    day = None
    if month is not None and draw(st.booleans()):
        day = draw(st.integers(1, 28))
    ops = [vocab.EQ, vocab.LE] if year is None and day is None else list(vocab.OPERATORS[:-1])
    if year is None and day is None and month != 2:
        # A month alone is a duration (6月); a date writes it as 6月底 or 6月底前, which name
        # its last day: only February, whose last day depends on the year, keeps no day.
        day = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
    return Date.of(draw(st.sampled_from(ops)), year, month, day)


_YEAR_LIKE = re.compile(r"(?:19|20)[0-9]{2}(?:年|\.[0-9]{1,2}$|\.[0-9]{1,2}[-~])")


def _reads_as_date(text: str) -> bool:
    """The notation's own ambiguity: 2024年 and 2024.12 are dates, not 2024 years or a number.

    A quantity of 2024 years has no other spelling, so such values cannot read back as written.
    """
    return _YEAR_LIKE.search(text) is not None


@given(st.one_of(quantities, ranges(), ratios, comparisons, dates()))
@settings(max_examples=600, deadline=None)
def test_canonical_notation_reads_back(value: Value) -> None:
    text = str(value)
    assume(isinstance(value, Date) or not _reads_as_date(text))
    assert parse_value(text) == value


# --- Blocks generated from the grammar, wrapped the way a PDF extractor wraps them -----------


@given(st.data())
@settings(max_examples=300, deadline=None)
def test_generated_blocks_read_back_field_by_field(data: st.DataObject) -> None:
    block, expected = data.draw(blocks())
    text = data.draw(wrapped(block))
    items = parse_indicators(text)
    assert len(items) == len(expected)
    for item, (number, level, category, name, period, annual) in zip(items, expected, strict=True):
        assert item.number == number
        assert item.level == level
        assert item.category == category
        assert item.name == name
        assert item.period == (None if period is None else parse_value(period, name=name))
        assert item.annual == parse_value(annual, name=name)
        start, end = item.span
        covered = re.sub(r"\s", "", text[start:end])
        assert covered.startswith(f"{number}、")
        assert covered.endswith("。")
