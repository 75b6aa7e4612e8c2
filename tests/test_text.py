"""Joining PDF line breaks: the joined text and the map back to the caller's offsets, against a
definition written character by character."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfindicator.core.text import join_lines, line_and_column

SPACES = " \t\u3000\xa0"
BREAKS = "\r\n\x0b\x0c\x85\u2028\u2029"
INVISIBLE = "\ufeff\u200b"


def joined_by_definition(text: str) -> tuple[str, list[int]]:
    """A run of spaces and line breaks (and invisible characters, as if they were not there)
    that holds a line break goes, spaces and all; invisible characters go wherever they are;
    everything else stays. Returns the kept text and, for each kept character, its offset in
    ``text``."""
    kept: list[tuple[int, str]] = []
    position = 0
    blank = SPACES + BREAKS + INVISIBLE
    for is_blank, run in itertools.groupby(text, key=lambda char: char in blank):
        chars = list(run)
        if not (is_blank and any(char in BREAKS for char in chars)):
            kept.extend((position + i, c) for i, c in enumerate(chars) if c not in INVISIBLE)
        position += len(chars)
    return "".join(c for _, c in kept), [i for i, _ in kept]


def test_a_wrapped_value_is_joined_and_maps_back() -> None:
    text = "年度指标值:200-\n\n300次"
    joined = join_lines(text)
    assert joined.text == "年度指标值:200-300次"
    assert joined.original(10) == 12  # the 3 after the break
    assert joined.original_end(10) == 10  # just after the -, before the break


def test_spaces_around_a_break_go_with_it_and_other_spaces_stay() -> None:
    assert join_lines("合法 合规 \u3000\n  两次").text == "合法 合规两次"


def test_an_invisible_character_does_not_keep_the_spaces_before_a_break() -> None:
    assert join_lines("年度指标值:10 \u200b\n0").text == "年度指标值:100"
    assert join_lines("a  \ufeff\u200b \n b").text == "ab"


def test_a_piece_is_joined_as_if_alone() -> None:
    """Joining from ``start`` does not look at the spaces before it."""
    assert join_lines("a \u200b\nb", 2).text == "b"
    assert join_lines("a  \nb\u200bc", 2).text == "bc"
    assert join_lines("a  \nbc", 2).text == "bc"


def test_invisible_characters_go_even_without_a_break() -> None:
    joined = join_lines("\ufeff1、 1\u200b-")
    assert joined.text == "1、 1-"
    assert [joined.original(i) for i in range(5)] == [1, 2, 3, 4, 6]


@given(st.text(alphabet="ab 1、；" + SPACES + BREAKS + INVISIBLE, max_size=40))
def test_joining_agrees_with_the_definition(text: str) -> None:
    expected_text, offsets = joined_by_definition(text)
    joined = join_lines(text)
    assert joined.text == expected_text
    assert [joined.original(i) for i in range(len(expected_text))] == offsets
    if offsets:
        assert joined.original_end(len(expected_text)) == offsets[-1] + 1
    for start in range(len(expected_text)):
        for end in range(start + 1, len(expected_text) + 1):
            assert joined.spans()(start, end) == (offsets[start], offsets[end - 1] + 1)
    # Ranges asked for in order, as the items of a block are, from one function.
    span = joined.spans()
    for start in range(0, len(expected_text) - 1, 2):
        assert span(start, start + 2) == (offsets[start], offsets[start + 1] + 1)


@given(st.text(alphabet="ab1；\n ", max_size=40), st.integers(0, 40), st.integers(0, 40))
def test_a_cut_maps_into_the_original_text(text: str, start: int, length: int) -> None:
    expected_text, offsets = joined_by_definition(text)
    start = min(start, len(expected_text))
    end = min(start + length, len(expected_text))
    piece = join_lines(text).cut(start, end)
    assert piece.text == expected_text[start:end]
    assert [piece.original(i) for i in range(end - start)] == offsets[start:end]
    if end > start:
        assert piece.spans()(0, end - start) == (offsets[start], offsets[end - 1] + 1)
    if 0 < start < len(expected_text):
        assert piece.original_end(0) == offsets[start]  # where the cut starts


def lines_by_definition(text: str, position: int) -> tuple[int, int]:
    """Line and column counted character by character: a line ends after \n, after \r\n, or
    after a \r not followed by \n."""
    line, column = 1, 1
    for index, char in enumerate(text[:position]):
        if char == "\n" or (char == "\r" and text[index + 1 : index + 2] != "\n"):
            line, column = line + 1, 1
        else:
            column += 1
    return line, column


@pytest.mark.parametrize(
    ("text", "position", "expected"),
    [
        ("a\rb\rc", 4, (3, 1)),  # breaks of an old Mac editor
        ("a\r\nb", 3, (2, 1)),
        ("a\r\nb", 2, (1, 3)),  # the \n of a \r\n ends the first line
        ("a\n\rb", 3, (3, 1)),
    ],
)
def test_lines_end_at_any_line_break(text: str, position: int, expected: tuple[int, int]) -> None:
    assert line_and_column(text, position) == lines_by_definition(text, position) == expected


@given(st.text(alphabet="ab\r\n", max_size=60), st.integers(0, 4200), st.booleans())
def test_lines_and_columns_agree_with_the_definition(tail: str, position: int, long: bool) -> None:
    """Long texts use an index of their line breaks: the same answer as counting."""
    text = ("ab\n" * 1400 if long else "") + tail
    position = min(position, len(text))
    assert line_and_column(text, position) == lines_by_definition(text, position)
