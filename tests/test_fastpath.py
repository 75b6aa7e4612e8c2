"""The fast path reads exactly what the block parser reads: the same items, values and spans, and
it leaves to the parser every block that the parser rejects."""

from __future__ import annotations

import gc
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _corpus import CORPUS, corpus_blocks
from _strategies import any_text, blocks, mutated, wrapped
from perfindicator import Indicator, ParseError
from perfindicator._fastpath import ITEM_SEQUENCE
from perfindicator._indicators import _INDICATOR_PARSER, _SCANNER, _parse_with_lark
from perfindicator._text import join_lines


def as_data(items: list[Indicator]) -> list[tuple[object, ...]]:
    """Everything an item holds, spans and raw value text included (equality leaves them out)."""
    return [(item.to_dict(), item.span) for item in items]


def assert_same_reading(text: str) -> None:
    joined = join_lines(text)
    fast = _SCANNER.get().read(joined)
    try:
        parsed = _parse_with_lark(joined, text)
    except ParseError:
        assert fast is None, "the fast path read a block the parser rejects"
    else:
        assert fast is not None, "the fast path gave up on a block the parser reads"
        assert as_data(fast) == as_data(parsed)


def sequences_from_grammar() -> set[tuple[str, ...]]:
    """Every terminal sequence the grammar's ``item`` rule can produce, sub-rules expanded."""
    rules: dict[str, list[tuple[str, ...]]] = {}
    for rule in _INDICATOR_PARSER.get().rules:
        rules.setdefault(rule.origin.name, []).append(tuple(s.name for s in rule.expansion))

    def expand(symbol: str) -> list[tuple[str, ...]]:
        if symbol not in rules:
            return [(symbol,)]
        return [
            tuple(itertools.chain.from_iterable(parts))
            for expansion in rules[symbol]
            for parts in itertools.product(*(expand(s) for s in expansion))
        ]

    return set(expand("item"))


def sequences_of_the_fast_path() -> set[tuple[str, ...]]:
    groups: list[list[tuple[str, ...]]] = [[()]]
    for entry in ITEM_SEQUENCE:
        if entry == "(":
            groups.append([()])
        elif entry == ")?":
            inner = groups.pop()
            groups[-1] = [a + b for a in groups[-1] for b in [*inner, ()]]
        else:
            groups[-1] = [(*a, entry.rstrip("*")) for a in groups[-1]]
    return set(groups[0])


def test_the_fast_path_follows_the_item_rule_of_the_grammar() -> None:
    assert sequences_of_the_fast_path() == sequences_from_grammar()
    assert len(sequences_from_grammar()) == 4  # with or without the period value and the 。


@pytest.mark.parametrize(("offset", "block"), corpus_blocks())
def test_corpus_blocks_read_the_same(offset: int, block: str) -> None:
    assert _SCANNER.get().read(join_lines(block)) is not None
    assert_same_reading(block)


def test_the_whole_corpus_file_is_left_to_the_parser() -> None:
    assert _SCANNER.get().read(join_lines(CORPUS.read_text(encoding="utf-8"))) is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  \u3000",
        "1、1-产出指标；11-数量指标；x；年度指标值:1",  # no closing 。
        "1、1-产出指标；11-数量指标；x；年度指标值:1 \u3000",  # nor after trailing spaces
        "1、1-产出指标；11-数量指标；x；年度指标值:1 2、1-产出指标；11-数量指标；y；年度指标值:2。",
        "1、1-产出指标；11-数量指标；x；年度指标值:1。\n",
        "1、1-产出指标；11-数量指标；x；年度指标值:1。。",
        "1、1-产出指标；11-数量指标；x；实施周期指标值:；年度指标值:1。",
        "1、1-产出指标；11-数量指标；实施周期；年度指标值:1。",
        "1 、 1 - 产出指标 ；11 －数量指标 ； x ；年度目标值 ： 1 。",
        "１２、１-产出指标；１１-数量指标；x；年度指标值:1。",
        "1、1-产出指标；11-数量指标；年度计划；实施周期指标值:实施方案；年度指标值:年度报告。",
    ],
)
def test_edge_cases_read_the_same(text: str) -> None:
    assert_same_reading(text)


@given(st.data())
@settings(max_examples=300, deadline=None)
def test_generated_blocks_read_the_same(data: st.DataObject) -> None:
    block, _ = data.draw(blocks())
    assert_same_reading(data.draw(wrapped(block)))


@given(mutated())
@settings(max_examples=400, deadline=None)
def test_damaged_blocks_read_the_same(text: str) -> None:
    assert_same_reading(text)


@given(any_text)
@settings(max_examples=400, deadline=None)
def test_any_text_reads_the_same(text: str) -> None:
    assert_same_reading(text)


def test_the_collector_is_left_as_it_was() -> None:
    """The fast path pauses the garbage collector while it reads, and only then."""
    block = corpus_blocks()[0][1]
    assert gc.isenabled()
    assert _SCANNER.get().read(join_lines(block))
    assert gc.isenabled()
    gc.disable()
    try:
        assert _SCANNER.get().read(join_lines(block))
        assert not gc.isenabled()
    finally:
        gc.enable()
