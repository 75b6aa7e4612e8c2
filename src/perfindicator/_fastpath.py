"""The fast path for blocks that follow the notation: one regular expression, composed from the
block grammar's own terminals, reads each item without tokens or a parse tree.

An item is a fixed sequence of terminals (``item`` in grammar/indicators.lark), and at every
point of it the contextual lexer has one terminal to try besides the ignored spaces: the grammar
keeps the terminals acceptable together disjoint in their first character. Matching each
terminal in turn, greedily and without backtracking into it (an atomic group), therefore accepts
the same items as the LALR parser and cuts them at the same places. Only a block the expression
covers from end to end is read here; anything else goes to the parser, which says what is wrong.
The tests hold both to the same results on the corpus and on generated and damaged blocks.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Mapping

from perfindicator import _vocabulary as vocab
from perfindicator._model import Code, Indicator, Value
from perfindicator._text import Joined
from perfindicator._values import read_value, with_hint

#: The ``item`` rule with its sub-rules written out, terminal by terminal: a name is read into
#: a group, ``?`` marks an optional part; ``(`` and ``)`` bound the optional period.
ITEM_SEQUENCE = (
    "ITEM_NUMBER*",
    "LEVEL_CODE*",
    "LEVEL_NAME*",
    "CATEGORY_CODE*",
    "CATEGORY_NAME*",
    "NAME_SEP",
    "NAME*",
    "(",
    "PERIOD_LABEL",
    "VALUE*",
    ")?",
    "ANNUAL_LABEL",
    "VALUE*",
    "(",
    "END*",
    ")?",
)

#: Codes and values seen before, by the text they were read from: a corpus repeats them.
_CODES: dict[str, Code] = {}
_VALUES: dict[tuple[str, str], Value] = {}
_MEMO_LIMIT = 65536


def compose(terminals: Mapping[str, str], ignored: str) -> re.Pattern[str]:
    """The expression for one item, from the grammar's terminal patterns (name → regex) and the
    pattern of the ignored spaces."""
    space = f"(?>{ignored})?"
    parts = []
    for entry in ITEM_SEQUENCE:
        if entry in ("(", ")?"):
            parts.append("(?:" if entry == "(" else ")?")
            continue
        name = entry.rstrip("*")
        body = f"({terminals[name]})" if entry.endswith("*") else terminals[name]
        parts.append(f"{space}(?>{body})")
    item = re.compile("".join(parts))
    if item.groups != sum(entry.endswith("*") for entry in ITEM_SEQUENCE):
        raise ValueError("a terminal of the block grammar has a capturing group")
    return item


class Scanner:
    """Reads whole blocks with the composed expression; ``None`` means: ask the parser."""

    def __init__(self, terminals: Mapping[str, str], ignored: str) -> None:
        self._item = compose(terminals, ignored)
        self._rest = re.compile(f"(?>{ignored})?")

    def read(self, joined: Joined) -> list[Indicator] | None:
        # The collector would walk every item made so far again and again while the list
        # grows (the time per item grew by a seventh from 10k to 100k items). The loop makes
        # no reference cycles, so it runs without it; it is switched back on after.
        collecting = gc.isenabled()
        if collecting:
            gc.disable()
        try:
            items, pos = self._read_items(joined)
        finally:
            if collecting:
                gc.enable()
        if self._rest.match(joined.text, pos).end() != len(joined.text):  # type: ignore[union-attr]
            return None
        return items

    def _read_items(self, joined: Joined) -> tuple[list[Indicator], int]:
        """The items from the start of the text for as long as they follow one another, and
        where they stop."""
        text = joined.text
        match_item = self._item.match
        span = joined.spans()
        codes, values = _CODES.get, _VALUES.get
        items: list[Indicator] = []
        append = items.append
        pos = 0
        # One pass per item, written out: this loop is what a large corpus spends its time in.
        while (match := match_item(text, pos)) is not None:
            number, level_code, level_name, code, category, name, period, annual, end = (
                match.groups()
            )
            name = name.rstrip()
            pos = match.end()
            append(
                Indicator(
                    int(number[:-1]),
                    codes(level_code + level_name) or _code(level_code, level_name),
                    codes(code + category) or _code(code, category),
                    name,
                    None if period is None else values((period, name)) or _value(period, name),
                    values((annual, name)) or _value(annual, name),
                    span(
                        match.start(1),
                        pos if end is not None else match.start(8) + len(annual.rstrip()),
                    ),
                )
            )
        return items, pos


def _code(code: str, name: str) -> Code:
    key = code + name
    found = _CODES.get(key)
    if found is None:
        if len(_CODES) >= _MEMO_LIMIT:
            _CODES.clear()
        digits = "".join(char for char in code.translate(vocab.FOLD) if "0" <= char <= "9")
        found = _CODES[key] = Code(digits, name.rstrip())
    return found


def _value(raw: str, name: str) -> Value:
    key = (raw, name)
    found = _VALUES.get(key)
    if found is None:
        if len(_VALUES) >= _MEMO_LIMIT:
            _VALUES.clear()
        found = _VALUES[key] = with_hint(read_value(raw.rstrip()), name)
    return found
