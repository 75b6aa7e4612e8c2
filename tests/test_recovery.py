"""Recovery: recover=True never raises, keeps every readable item, and reports the rest, so that
every character of the input belongs to a parsed item or to a reported error."""

from __future__ import annotations

import contextlib
import pickle

import pytest
from hypothesis import given, settings

from _corpus import CORPUS
from _recovery import lost_characters
from _strategies import mutated
from perfindicator import Amounts, ParseError, parse_indicators, parse_table

ITEM = "{n}、1-产出指标；11-数量指标；指标{n}；实施周期指标值:{n}次；年度指标值:{n}次。"
GOOD = [ITEM.format(n=n) for n in range(1, 5)]


CASES = [
    pytest.param(
        GOOD[0] + GOOD[1].replace("；指标2", "指标2") + GOOD[2],
        [1, 3],
        ["2、1-产出指标；11-数量指标指标2；实施周期指标值:2次；年度指标值:2次。"],
        id="missing ；",
    ),
    pytest.param(
        GOOD[0] + GOOD[1].replace("2、", "2 ") + GOOD[2],
        [1, 3],
        ["2 1-产出指标；11-数量指标；指标2；实施周期指标值:2次；年度指标值:2次。"],
        id="lost 、",
    ),
    pytest.param(
        GOOD[0] + GOOD[1].replace("11-", "1x") + GOOD[2],
        [1, 3],
        ["2、1-产出指标；1x数量指标；指标2；实施周期指标值:2次；年度指标值:2次。"],
        id="garbled code",
    ),
    pytest.param(
        "".join(GOOD[:3]) + GOOD[3][:20],
        [1, 2, 3],
        ["4、1-产出指标；11-数量指标；指标4"],
        id="truncated",
    ),
    pytest.param(
        GOOD[0] + "\n项目支出绩效目标表\n" + GOOD[1],
        [1, 2],
        ["项目支出绩效目标表"],
        id="stray page header",
    ),
    pytest.param("绩效指标：\n" + GOOD[0], [1], ["绩效指标："], id="text before the block"),
    pytest.param(GOOD[0] + GOOD[1][:-1] + GOOD[2], [1, 2, 3], [""], id="two items run together"),
    pytest.param("完全不是指标", [], ["完全不是指标"], id="nothing to read"),
]


@pytest.mark.parametrize(("text", "numbers", "skipped"), CASES)
def test_one_broken_item_never_costs_its_neighbours(
    text: str, numbers: list[int], skipped: list[str]
) -> None:
    result = parse_indicators(text, recover=True)
    assert [item.number for item in result] == numbers
    assert [error.skipped for error in result.errors] == skipped
    assert lost_characters(text, result, result.errors) == ""
    for item in result:
        assert item == parse_indicators(GOOD[item.number - 1])[0]


def test_a_missing_end_is_reported_where_the_item_ends() -> None:
    text = GOOD[0] + GOOD[1][:-1] + "\n" + GOOD[2] + "3x"
    result = parse_indicators(text, recover=True)
    assert [item.number for item in result] == [1, 2, 3]
    missing, rest = result.errors
    end = len(GOOD[0]) + len(GOOD[1]) - 1
    assert (missing.pos, missing.end, missing.skipped) == (end, end, "")
    assert (missing.line, missing.column) == (1, end + 1)
    assert missing.msg == (
        "expected '。' after the value, found '3、1-产出指标'; read as the start of the next item"
    )
    assert rest.skipped == "3x"


def test_an_item_start_inside_a_value_does_not_split_it() -> None:
    """第1、2-3批 looks like the start of an item (1、2-); where the block has another problem,
    recovery must not cut the value there."""
    second = "2、1-产出指标；11-数量指标；批次；年度指标值:完成第1、2-3批。"
    text = GOOD[0] + second + GOOD[2].replace("3、", "3 ")
    result = parse_indicators(text, recover=True)
    assert [item.number for item in result] == [1, 2]
    assert str(result[1].annual) == "完成第1、2-3批"
    assert [error.skipped for error in result.errors] == [GOOD[2].replace("3、", "3 ")]


def test_an_error_says_what_was_wrong_and_where() -> None:
    text = GOOD[0] + GOOD[1].replace("11-", "1x")
    [error] = parse_indicators(text, recover=True).errors
    assert error.msg == (
        "expected '；' and a category such as '11-数量指标' after the level, found '；1x数量指标'"
        " (line 1, column 50); skipped this text"
    )
    assert (error.pos, error.end) == (len(GOOD[0]), len(text))


def test_strict_mode_still_raises() -> None:
    with pytest.raises(ParseError):
        parse_indicators(GOOD[0] + GOOD[1].replace("11-", "1x"))
    assert parse_indicators("".join(GOOD)).errors == ()


def test_results_and_errors_pickle() -> None:
    result = parse_indicators(GOOD[0] + "garbage", recover=True)
    copy = pickle.loads(pickle.dumps(result))
    assert copy == result
    assert [str(e) for e in copy.errors] == [str(e) for e in result.errors]


def test_a_damaged_table_keeps_the_rest() -> None:
    text = CORPUS.read_text(encoding="utf-8")
    damaged = text.replace("；11-数量指标；新购置小车数量", "；1x数量指标；新购置小车数量", 1)
    damaged = damaged.replace("    政府雇员公用经费 10.80 10.80", "    政府雇员公用经费", 1)
    with pytest.raises(ParseError):
        parse_table(damaged)
    table = parse_table(damaged, recover=True)
    assert [error.skipped for error in table.errors] == [
        "2、1-产出指标；11-数量指标；新购置小车数量；实施周期指标值:1；年度指标值:1。".replace(
            "11-", "1x"
        ).replace("实施周期", "实施周\n\n期"),
        "政府雇员公用经费",
    ]
    assert len(table.projects) == 6
    assert len(table.indicators) == 32
    kept = table.projects[3]
    assert (kept.name, kept.amounts, len(kept.indicators)) == ("政府雇员公用经费", Amounts(), 3)
    assert kept.goal.startswith("雇员公用经费按照编制人数")
    first = table.projects[0]
    assert [i.number for i in first.indicators] == [1, 3, 4, 5, 6, 7]
    assert lost_characters(damaged, table, list(table.errors)) == ""


def test_an_intact_table_has_no_errors() -> None:
    table = parse_table(CORPUS.read_text(encoding="utf-8"), recover=True)
    assert table.errors == ()
    assert len(table.indicators) == 33


# --- Mutated sample blocks: strict raises only ParseError, recovery never raises and loses nothing


@given(mutated())
@settings(max_examples=300, deadline=None)
def test_mutated_blocks(text: str) -> None:
    with contextlib.suppress(ParseError):
        parse_indicators(text)
    result = parse_indicators(text, recover=True)
    assert lost_characters(text, result, result.errors) == ""
    for error in result.errors:
        # Each error skips text, but for a missing 。 after an item that is kept.
        assert error.skipped.strip() or (error.pos == error.end and "'。'" in error.msg)


def test_a_huge_number_is_not_an_item_number() -> None:
    text = "9" * 4301 + "、1-产出指标；11-数量指标；x；年度指标值:1。" + GOOD[1]
    with pytest.raises(ParseError, match="expected an item number"):
        parse_indicators(text)
    result = parse_indicators(text, recover=True)
    assert [item.number for item in result] == [2]
    assert [len(error.skipped) for error in result.errors] == [len(text) - len(GOOD[1])]


def test_an_item_cut_short_after_its_level_does_not_swallow_the_next() -> None:
    text = "1、1-产出指标" + GOOD[1]
    result = parse_indicators(text, recover=True)
    assert [item.number for item in result] == [2]
    assert str(result[0].level) == "1-产出指标"
    assert [error.skipped for error in result.errors] == ["1、1-产出指标"]


def test_a_lost_end_after_digits_does_not_merge_the_numbers() -> None:
    """年度指标值:100 and 2、 run together as 1002、: the next item is still number 2."""
    text = GOOD[0].replace("1次。", "100") + GOOD[1] + GOOD[2].replace("3次。", "30") + GOOD[3]
    result = parse_indicators(text, recover=True)
    assert [(item.number, str(item.annual)) for item in result] == [
        (1, "100"), (2, "2次"), (3, "30"), (4, "4次"),
    ]  # fmt: skip
    assert [(error.skipped, error.msg.split(",")[0]) for error in result.errors] == [
        ("", "expected '。' after the value"),
        ("", "expected '。' after the value"),
    ]
