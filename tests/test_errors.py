"""Strict errors: exact messages, positions in the caller's text, carets by display width."""

from __future__ import annotations

import pickle
import unicodedata

import lark
import pytest

from perfindicator import ParseError, parse_indicators, parse_value

# Each case: the input, then the whole str() of the error, verified by eye once and frozen.
EXACT = [
    pytest.param(
        "1、1-产出指标；11-数量指标；报废小车数量；年度指标值:",
        "expected a value after '年度指标值:', found the end of the text (line 1, column 31)\n"
        "    1、1-产出指标；11-数量指标；报废小车数量；年度指标值:\n"
        "                                                         ^",
        id="truncated",
    ),
    pytest.param(
        "1、1-产出指标；11-数量指标；报废小车数量；年度指标值:。",
        "expected a value after '年度指标值:', found '。' (line 1, column 31)\n"
        "    1、1-产出指标；11-数量指标；报废小车数量；年度指标值:。\n"
        "                                                         ^~",
        id="empty value",
    ),
    pytest.param(
        "1、产出指标；11-数量指标；报废小车数量；年度指标值:1。",
        "expected a level such as '1-产出指标' after the item number, found '产出指标'"
        " (line 1, column 3)\n"
        "    1、产出指标；11-数量指标；报废小车数量；年度指标值:1。\n"
        "       ^~~~~~~~",
        id="no level code",
    ),
    pytest.param(
        "1、1-产出指标；数量指标；报废小车数量；年度指标值:1。",
        "expected '；' and a category such as '11-数量指标' after the level, found '；数量指标'"
        " (line 1, column 9)\n"
        "    1、1-产出指标；数量指标；报废小车数量；年度指标值:1。\n"
        "                 ^~~~~~~~~~",
        id="no category code",
    ),
    pytest.param(
        "1 1-产出指标；11-数量指标；报废小车数量；年度指标值:1。",
        "expected an item number such as '1、', found '1 1-产出指标' (line 1, column 1)\n"
        "    1 1-产出指标；11-数量指标；报废小车数量；年度指标值:1。\n"
        "    ^~~~~~~~~~~~",
        id="lost 、",
    ),
    pytest.param(
        "1、1-产出指标；11-数量指标；报废小车数量；年度指标值:1。\n\n"
        "2、1-产出指标；11-数量指标；新购置小车数量；年\n\n度指标:1。",
        "expected '；实施周期指标值:' or '；年度指标值:' after the indicator name,"
        " found '；年度指标:1' (line 3, column 25)\n"
        "    2、1-产出指标；11-数量指标；新购置小车数量；年\n"
        "                                              ^~~~",
        id="garbled label on a wrapped line",
    ),
    pytest.param(
        "1、1-产出指标；11-数量指标；报废小车数量；年度指标值:1 "
        "2、1-产出指标；11-数量指标；新购置小车数量；年度指标值:1。",
        "expected '。' after the value, found '；11-数量指标'; the value '1 2、1-产出指标'"
        " runs into the next item: is a '。' missing? (line 1, column 41)\n"
        "    …数量；年度指标值:1 2、1-产出指标；11-数量指标；新购置小车数量；年度指标值:1。\n"
        "                                     ^~~~~~~~~~~~~",
        id="two items run together",
    ),
    pytest.param(
        "绩效目标：完成全年工作",
        "expected an item number such as '1、', found '绩效目标：完成全年工作' (line 1, column 1)\n"
        "    绩效目标：完成全年工作\n"
        "    ^~~~~~~~~~~~~~~~~~~~~~",
        id="not a block",
    ),
]


@pytest.mark.parametrize(("text", "message"), EXACT)
def test_exact_error_text(text: str, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_indicators(text)
    assert str(caught.value) == message


def test_caret_after_chinese_text_counts_two_columns() -> None:
    text = "1、1-产出指标；11-数量指标；报废小车数量；指标值类型:定量；年度指标值:1。"
    with pytest.raises(ParseError) as caught:
        parse_indicators(text)
    error = caught.value
    assert (error.line, error.column, error.pos, error.end) == (1, 24, 23, 32)
    assert error.skipped == "；指标值类型:定量"
    source, caret = str(error).splitlines()[1:]
    # 23 characters before the problem, 17 of them wide: 40 columns after the indent.
    assert source == "    1、1-产出指标；11-数量指标；报废小车数量；指标值类型:定量；年度指标值:1。"
    assert caret == "    " + " " * 40 + "^" + "~" * 16


def test_positions_are_in_the_callers_text_across_line_breaks() -> None:
    text = "1、1-产出指标；11-\n\n数量指标；报废小车数量；实施周期指标值:1\n\n；年度指\n\n标:1。"
    with pytest.raises(ParseError) as caught:
        parse_indicators(text)
    error = caught.value
    assert error.line == 5
    assert error.column == 1
    assert text[error.pos] == "；"
    assert error.msg == ("expected '；年度指标值:' after the value, found '；年度指标:1'")


def test_parse_error_is_a_value_error_with_json_like_fields() -> None:
    with pytest.raises(ValueError, match="expected an item number") as caught:
        parse_indicators("hello")
    error = caught.value
    assert isinstance(error, ParseError)
    assert error.msg == "expected an item number such as '1、', found 'hello'"
    assert (error.pos, error.end, error.line, error.column) == (0, 5, 1, 1)
    assert error.text == "hello"
    # Neither Lark's type nor its traceback reaches the caller.
    assert not isinstance(error, lark.exceptions.LarkError)
    assert error.__cause__ is None


def test_parse_error_pickles() -> None:
    with pytest.raises(ParseError) as caught:
        parse_indicators("1、1-产出指标；")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert str(copy) == str(caught.value)
    assert (copy.pos, copy.end, copy.line, copy.column) == (
        caught.value.pos,
        caught.value.end,
        caught.value.line,
        caught.value.column,
    )


def test_long_lines_are_cut_around_the_problem() -> None:
    items = "".join(
        f"{n}、1-产出指标；11-数量指标；指标{n}；年度指标值:{n}次。" for n in range(1, 30)
    )
    with pytest.raises(ParseError) as caught:
        parse_indicators(items + "30、1-产出指标；；年度指标值:1。")
    _, source, caret = str(caught.value).splitlines()
    assert source.startswith("    …")
    assert len(source) < 80
    assert caret.strip().startswith("^")
    assert _char_at_column(source, caret.index("^")) == "；"


def _char_at_column(line: str, column: int) -> str:
    """The character shown at a display column (a Chinese character takes two)."""
    width = 0
    for char in line:
        if width >= column:
            return char
        width += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return ""


def test_empty_value_error() -> None:
    with pytest.raises(ParseError) as caught:
        parse_value("  ")
    assert str(caught.value) == (
        "expected a value, found nothing (line 1, column 3)\n      \n      ^"
    )


def test_not_text_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="takes text"):
        parse_indicators(b"1\xe3\x80\x81")  # type: ignore[arg-type]


def test_a_parse_error_carries_no_traceback_from_lark() -> None:
    import pickle

    with pytest.raises(ParseError) as caught:
        parse_indicators("1、1-产出指标；11-数量指标；报废小车数量；年度指标值:")
    error = caught.value
    assert error.__cause__ is None
    assert error.__context__ is None
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.msg, copy.pos, copy.end, str(copy)) == (
        error.msg,
        error.pos,
        error.end,
        str(error),
    )


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_lines_of_any_editor_are_counted_and_shown(newline: str) -> None:
    """A lone \r ends a line too (a file saved by an old Mac editor)."""
    first = "1、1-产出指标；11-数量指标；x；年度指标值:1。"
    text = first + newline + "2、1-产出指标；11-数量指标；y；年度值:2。"
    with pytest.raises(ParseError) as caught:
        parse_indicators(text)
    assert (caught.value.line, caught.value.column) == (2, 19)
    assert str(caught.value) == (
        "expected '；实施周期指标值:' or '；年度指标值:' after the indicator name,"
        " found '；年度值:2' (line 2, column 19)\n"
        "    2、1-产出指标；11-数量指标；y；年度值:2。\n"
        "                                 ^~~~~~~~~~"
    )
