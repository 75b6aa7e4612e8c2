"""The fast path reads exactly what the block parser reads: the same items, values and spans, and
it leaves to the parser every block that the parser rejects."""

from __future__ import annotations

import gc
import itertools
import re

import attrs
import interegular
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _corpus import CORPUS, corpus_blocks
from _strategies import any_text, blocks, mutated, wrapped
from perfindicator import Indicator, ParseError, parse_indicators, parse_value
from perfindicator.core.text import join_lines
from perfindicator.notation import fastblocks as fastpath
from perfindicator.notation.blocks import _INDICATOR_PARSER, _SCANNER, _parse_with_lark
from perfindicator.notation.fastblocks import _FIELD_STARTS, FIELDS, ITEM_SEQUENCE, _slot_setters
from perfindicator.notation.values import hint_matters, may_hint, unit_hint, with_hint


def as_data(items: list[Indicator]) -> list[tuple[object, ...]]:
    """Everything an item holds, spans and raw value text included (equality leaves them out)."""
    return [(item.to_dict(), item.span) for item in items]


#: Characters for which the whole-text reader leaves a block to the joined reader.
UNUSUAL = re.compile("[\x1c-\x1e\ufeff\u200b]")


def assert_same_reading(text: str) -> None:
    """Both readers of the fast path, on the joined text and on the caller's text, read what
    the parser reads and give up where it fails."""
    joined = join_lines(text)
    fast = _SCANNER.get().read(joined)
    whole = _SCANNER.get().read_text(text)
    try:
        parsed = _parse_with_lark(joined, text)
    except ParseError:
        assert fast is None, "the fast path read a block the parser rejects"
        assert whole is None, "the whole-text reader read a block the parser rejects"
    else:
        assert fast is not None, "the fast path gave up on a block the parser reads"
        assert as_data(fast) == as_data(parsed)
        if UNUSUAL.search(text):
            assert whole is None, "text with characters joining removes is left to join_lines"
        else:
            assert whole is not None, "the whole-text reader gave up on a block it can read"
            assert as_data(whole) == as_data(parsed)


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
    # with or without the period field, its value and the 。
    assert len(sequences_from_grammar()) == 6


def language(pattern: str) -> interegular.FSM:
    """The strings a terminal's pattern matches, its look-aheads left out (interegular cannot
    read them): a superset, so what it cannot hold the terminal cannot hold either."""
    return interegular.parse_pattern(re.sub(r"\(\?![^()]*\)", "", pattern)).to_fsm()


def test_only_the_terminals_that_start_a_field_hold_a_separator() -> None:
    """Why cutting at every 。 and ；/; finds the fields: no terminal holds one after its first
    character, and only the field-starting ones (and the closing 。) start with one."""
    after_the_first = interegular.parse_pattern(".+[；;。].*").to_fsm()
    at_the_first = interegular.parse_pattern("[；;。].*").to_fsm()
    starting = set()
    for terminal in _INDICATOR_PARSER.get().terminals:
        strings = language(terminal.pattern.to_regexp())
        assert strings.intersection(after_the_first).empty(), terminal.name
        if not strings.intersection(at_the_first).empty():
            starting.add(terminal.name)
    assert starting == {*_FIELD_STARTS, "END"}


def test_the_fields_follow_the_item_rule() -> None:
    terminals = {t.name: t.pattern.to_regexp() for t in _INDICATOR_PARSER.get().terminals}
    patterns = {
        field: re.compile(pattern)
        for field, pattern in fastpath.fields(terminals, terminals["WS"]).items()
    }
    assert tuple(patterns) == FIELDS
    # One group per name read (a * in ITEM_SEQUENCE): a terminal has none of its own.
    assert [pattern.groups for pattern in patterns.values()] == [3, 2, 1, 1, 1]
    assert patterns["head"].fullmatch("1、1-产出指标")
    assert patterns["category"].fullmatch("；11-数量指标")
    assert patterns["annual"].fullmatch("；年度指标值:≥90%")
    assert patterns["annual"].fullmatch("；实施周期指标值:≥90%") is None


@pytest.mark.parametrize(
    ("value", "matters"),
    [
        ("100", True),
        ("20-35", True),
        ("约10", True),
        ("≥2万", True),
        ("2020.5", True),  # an amount under （万元）, a date under （年）
        ("≥95%", False),
        ("3个", False),
        ("合法合规", False),
        ("1:2", False),
        ("2023年6月", False),
    ],
)
def test_a_value_the_name_cannot_change_is_marked_so(value: str, matters: bool) -> None:
    """The fast path remembers a value by its text alone where ``hint_matters`` says that no
    name can change it."""
    read = parse_value(value)
    assert hint_matters(read) is matters
    names = ["验收合格率（%）", "资金（万元）", "工期（年）", "数量（个）", "x%", "满意度"]
    changed = {name for name in names if with_hint(read, name) is not read}
    assert bool(changed) is matters


def test_the_slots_are_set_directly_only_while_no_field_converts() -> None:
    @attrs.frozen
    class Converting:
        number: int = attrs.field(converter=int)

    assert len(_slot_setters(Indicator)) == len(attrs.fields(Indicator))
    with pytest.raises(TypeError, match="convert or validate"):
        _slot_setters(Converting)


def test_the_whole_text_is_read_a_stretch_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stretches end after a 。; whatever their length, the items and spans are the same."""
    text = (
        "\n".join(block for _, block in corpus_blocks())
        + "\n1、1-产出指标；11-x；y；年度指标值:1 \n"
    )
    expected = as_data(_parse_with_lark(join_lines(text), text))
    for stretch in (1, 7, 64, 100, 1000):
        monkeypatch.setattr(fastpath, "_STRETCH", stretch)
        whole = _SCANNER.get().read_text(text)
        assert whole is not None
        assert as_data(whole) == expected


@pytest.mark.parametrize(("offset", "block"), corpus_blocks())
def test_corpus_blocks_read_the_same(offset: int, block: str) -> None:
    assert _SCANNER.get().read(join_lines(block)) is not None
    assert_same_reading(block)


def test_the_whole_corpus_file_is_left_to_the_parser() -> None:
    text = CORPUS.read_text(encoding="utf-8")
    assert _SCANNER.get().read(join_lines(text)) is None
    assert _SCANNER.get().read_text(text) is None


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


def test_a_read_never_switches_the_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    """Switching the garbage collector is a decision for the whole process: the
    application's, never a read's (docs/scaling.md)."""
    switched: list[str] = []
    monkeypatch.setattr(gc, "disable", lambda: switched.append("disable"))
    monkeypatch.setattr(gc, "enable", lambda: switched.append("enable"))
    monkeypatch.setattr(gc, "freeze", lambda: switched.append("freeze"))
    block = corpus_blocks()[0][1]
    assert _SCANNER.get().read(join_lines(block))
    assert _SCANNER.get().read_text(block)
    assert _SCANNER.get().read_text(block + "x") is None
    assert parse_indicators(block)
    assert switched == []


def test_what_items_leave_in_the_memos_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Items are remembered by their text after the category, and a bare number's value by
    its field and the unit its name hints (验收合格率（%）): each memo has its bound, however
    many names a corpus has."""
    for memo in (fastpath._HINTED, fastpath._TAILS):
        monkeypatch.setattr(memo, "entries", 50)
    fastpath.clear_memos()
    block = "".join(
        f"{n}、1-产出指标；11-数量指标；指标{n}（%）；年度指标值:100。" for n in range(1, 400)
    )
    items = _SCANNER.get().read_text(block)
    assert items is not None
    assert len(items) == 399
    assert all(item.annual.unit == "%" for item in items)
    assert 0 < len(fastpath._HINTED) <= 50
    assert 0 < len(fastpath._TAILS) <= 50
    fastpath.clear_memos()


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("验收合格率（%）", "%"),
        ("资金(万元)", "元"),
        ("合格率%", "%"),
        ("满意度", None),
        ("年度", None),
    ],
)
def test_may_hint_where_a_unit_is_hinted(name: str, hint: str | None) -> None:
    found = unit_hint(name)
    assert (None if found is None else found[0]) == hint
    assert may_hint(name) is (hint is not None)


@given(st.text(alphabet="()（）%％ 万元人次率(≥*", max_size=10))
def test_a_name_that_may_not_hint_a_unit_hints_none(name: str) -> None:
    """The fast path asks ``unit_hint`` only where ``may_hint`` says it can answer."""
    if not may_hint(name):
        assert unit_hint(name) is None
