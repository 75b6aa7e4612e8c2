"""The item start and separators that readers look for outside the parser are the grammar's."""

from __future__ import annotations

import re

import pytest

from perfindicator.core.text import SPACES
from perfindicator.notation import shapes
from perfindicator.notation.grammar import fast_path_data

#: Strings around an item start, to hold the patterns built here to the parser's terminals.
SAMPLES = [
    "1、",
    "１２ 、",
    "1\t、",
    "1\n、",
    "1-",
    "1　－",
    "1—",
    "1–",
    "11-",
    "；",
    ";",
    "，",
    " ",
    "\n",
    "a",
]


def test_the_pieces_are_read_from_the_indicator_grammar() -> None:
    terminals = fast_path_data("indicators")["terminals"]
    built = {
        "ITEM_NUMBER": f"{shapes.DIGIT}{{1,6}}{shapes.SPACE}*{shapes.ITEM_MARK}",
        "LEVEL_CODE": f"{shapes.DIGIT}+{shapes.SPACE}*{shapes.DASH}",
        "NAME_SEP": shapes.SEPARATOR,
        "WS": f"{shapes.SPACE}+",
    }
    for name, pattern in built.items():
        for sample in SAMPLES:
            assert bool(re.fullmatch(pattern, sample)) is bool(
                re.fullmatch(terminals[name], sample)
            ), (name, sample)


def test_the_grammar_spaces_are_the_text_plumbing_spaces() -> None:
    candidates = SPACES + "\n\r\u2003\u200b"
    assert {char for char in candidates if re.fullmatch(shapes.SPACE, char)} == set(SPACES)


@pytest.mark.parametrize(
    ("text", "grammar_spaces", "any_space"),
    [
        ("1、1-", True, True),
        ("１２ 、　3－", True, True),
        ("1、\n1-", False, True),
        ("1、产出", False, False),
        ("1-1-", False, False),
    ],
)
def test_item_start(text: str, grammar_spaces: bool, any_space: bool) -> None:
    assert bool(re.fullmatch(shapes.item_start(), text)) is grammar_spaces
    assert bool(re.fullmatch(shapes.item_start(r"\s"), text)) is any_space
