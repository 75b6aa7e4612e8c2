"""The fast path for values reads exactly what the value parser reads: the same value wherever it
reads one, over every comparator, scale and unit word of the vocabulary, and it leaves every
other value to the parser."""

from __future__ import annotations

import itertools
from decimal import Decimal

import lark
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfindicator import Quantity, Value, parse_value
from perfindicator.core import vocabulary as vocab
from perfindicator.notation.fastvalues import PARTS, ValueScanner, guards
from perfindicator.notation.grammar import fast_path_data, load_parser
from perfindicator.notation.values import _FAST_VALUES, ValueTransformer, value_parser

SCANNER: ValueScanner = _FAST_VALUES.get()


def test_the_fast_path_is_built() -> None:
    """Were it not (Lark's parser laid out otherwise), values would all go to the parser."""
    assert isinstance(SCANNER, ValueScanner)


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
    return fast


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
    ],
)
def test_the_commonest_values_are_read_on_the_fast_path(text: str, expected: Quantity) -> None:
    assert assert_same_reading(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2024年",  # a year: the lexer tries DATE before NUMBER
        "2020.5",  # a dotted date
        "2024年12月31日前",
        "20-35次",  # a range
        "3000元/人",  # a compound unit
        "20余人",  # 余 (MORE)
        "两辆",  # a Chinese numeral
        "满意度不低于90%",  # a subject before the comparator
        "≥**人次",  # a template
        "≥ 95%",  # spaces
        "总费用支出低于年初预算",  # a comparison
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
    found = guards(load_parser("value"))
    first, before = found["first"], found["tried"]
    assert first == ["SUBJECT"]
    assert set(before) == set(PARTS)
    assert {"PREFIX_OP", "DATE", "DATE_PREFIX"} <= set(before["NUMBER"])
    assert "SUFFIX_OP" in before["SCALE"]
    assert {"SUFFIX_OP", "SCALE", "MORE", "RANGE_SEP"} <= set(before["UNIT_WORD"])


NUMBERS = ["5", "95.5", "3,000", "2024", "0"]


@pytest.mark.parametrize("prefix", ["", *vocab.PREFIX_WORDS])
def test_every_comparator_word_reads_the_same(prefix: str) -> None:
    for suffix, unit, number in itertools.product(
        ["", *vocab.SUFFIX_WORDS], ["", "%", "万元", "个"], NUMBERS
    ):
        assert_same_reading(prefix + number + unit + suffix)


@pytest.mark.parametrize("unit", sorted(vocab.SPELLINGS))
def test_every_unit_and_scale_word_reads_the_same(unit: str) -> None:
    for prefix, scale, suffix, number in itertools.product(
        ["", "≥", "约"], ["", *vocab.SCALES], ["", "以上", "以内"], ["5", "2.5", "2024"]
    ):
        assert_same_reading(prefix + number + scale + unit + suffix)


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
    quantities, and 74 take the fast path, each read as the parser reads it."""
    import csv
    from pathlib import Path

    path = Path(__file__).parent / "corpus" / "real-values.tsv"
    with path.open(encoding="utf-8", newline="") as file:
        values = [row["value"].strip() for row in csv.DictReader(file, delimiter="\t")]
    values = [value for value in values if value]
    fast = [value for value in values if assert_same_reading(value) is not None]
    quantities = [value for value in values if isinstance(parse_value(value), Quantity)]
    assert (len(values), len(quantities), len(fast)) == (157, 83, 74)
    assert all(isinstance(parsed(value.translate(vocab.FOLD)), Quantity) for value in fast)
