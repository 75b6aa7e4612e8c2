"""Reading indicator blocks: the block grammar's transformer, parse errors in the caller's terms.

This module and ``notation/values.py`` are the only places that call Lark; every Lark exception is
caught here and turned into a ``ParseError`` that points into the caller's text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

import attrs
import lark
from lark import Token

from perfindicator.core import vocabulary as vocab
from perfindicator.core.text import Joined, join_lines
from perfindicator.model import views
from perfindicator.model.errors import ParseError
from perfindicator.model.values import Code, Indicator, Value
from perfindicator.notation.fastblocks import Scanner
from perfindicator.notation.grammar import Lazy, fast_path_data, load_parser
from perfindicator.notation.shapes import DASH, DIGIT, DIGITS, item_start
from perfindicator.notation.values import read_value, with_hint

if TYPE_CHECKING:
    import pandas


def _digits(text: str) -> str:
    return "".join(char for char in vocab.fold(text) if "0" <= char <= "9")


class IndicatorTransformer(lark.Transformer[Token, Any]):
    """Turns the block grammar's rules into model objects, one method per rule. It holds no
    state: each item's span is in the text Lark was given, and ``_parse_with_lark`` maps it
    back to the caller's."""

    def start(self, items: list[Indicator]) -> list[Indicator]:
        return items

    def level(self, children: list[Token]) -> Code:
        return Code(_digits(children[0]), children[1].rstrip())

    def category(self, children: list[Token]) -> Code:
        return Code(_digits(children[0]), children[1].rstrip())

    def name(self, children: list[Token]) -> str:
        return children[1].rstrip()

    def period(self, children: list[Token]) -> tuple[str, Token | None]:
        # 实施周期指标值:； is an empty cell: the item has no period value.
        return ("period", children[1] if len(children) > 1 else None)

    def annual(self, children: list[Token]) -> tuple[str, Token]:
        return ("annual", children[1])

    def item(self, children: list[Any]) -> Indicator:
        number: Token = children[0]
        level: Code = children[1]
        category: Code = children[2]
        name: str = children[3]
        values: dict[str, Value] = {}
        end_pos = 0
        for child in children[4:]:
            if isinstance(child, tuple):
                label, token = child
                if token is None:
                    continue  # an empty period cell
                text = token.rstrip()
                values[label] = with_hint(read_value(text), name)
                end_pos = (token.start_pos or 0) + len(text)
            else:  # the closing 。
                end_pos = child.end_pos
        span = (number.start_pos or 0, end_pos)
        return Indicator(
            number=int(_digits(number)),
            level=level,
            category=category,
            name=name,
            period=values.get("period"),
            annual=values.get("annual"),
            span=span,
        )


def _build_indicator_parser() -> lark.Lark:
    return load_parser("indicators", IndicatorTransformer())


_INDICATOR_PARSER = Lazy(_build_indicator_parser)


def _build_scanner() -> Scanner:
    terminals: dict[str, str] = fast_path_data("indicators")["terminals"]
    return Scanner(terminals, terminals["WS"])


_SCANNER = Lazy(_build_scanner)


def _scanner() -> Scanner:
    scanner: Scanner = _SCANNER.get()
    return scanner


class IndicatorList(tuple[Indicator, ...]):
    """The indicators of a block, in order, with ``errors`` listing what recovery skipped.

    A result, so it cannot be changed: a tuple, which compares equal to a list of the same
    indicators (``parse_indicators(text) == [...]``) as the list it once was did.
    """

    _errors: tuple[ParseError, ...]

    def __new__(
        cls, items: Iterable[Indicator] = (), errors: Iterable[ParseError] = ()
    ) -> IndicatorList:
        made = super().__new__(cls, items)
        made._errors = tuple(errors)
        return made

    @property
    def errors(self) -> tuple[ParseError, ...]:
        """What recovery skipped, in the order of the text; empty when nothing was."""
        return self._errors

    def __eq__(self, other: object) -> bool:
        if isinstance(other, list):
            return list(self) == other
        return tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = tuple.__hash__

    def __reduce__(
        self,
    ) -> tuple[type[IndicatorList], tuple[tuple[Indicator, ...], tuple[ParseError, ...]]]:
        return type(self), (tuple(self), self.errors)

    def to_dict(self) -> dict[str, Any]:
        """The interchange form: the indicators, and what recovery skipped."""
        return {
            "indicators": [item.to_dict() for item in self],
            "errors": [error.to_dict() for error in self.errors],
        }

    def to_dataframe(self, *, numbers: str = "float") -> pandas.DataFrame:
        """One row per indicator (needs pandas: the ``pandas`` extra); ``numbers="decimal"``
        keeps exact decimals. See ``to_dataframe``."""
        return views.to_dataframe(self, numbers=numbers)

    def _repr_html_(self) -> str:
        return views.indicators_html(self, self.errors)


def parse_indicators(text: str, *, recover: bool = False) -> IndicatorList:
    """Parse a block of numbered indicators into a list of ``Indicator``.

    PDF line breaks anywhere in the block are ignored; spans, lines and columns refer to
    ``text`` as given. By default the first place that does not follow the notation raises
    ``ParseError``. With ``recover=True`` nothing raises: every item that can be read is
    returned, and each stretch of text that could not be read is reported in ``.errors`` as a
    ParseError whose ``pos``/``end`` cover the skipped text, so that every character belongs to
    an item or to an error.

    >>> block = "1、1-产出指标；11-数量指标；报废小车数量；实施周期指标值:1；年度指标值:1。"
    >>> [item] = parse_indicators(block)
    >>> item.name, item.annual.to_dict()["value"], item.span
    ('报废小车数量', '1', (0, 42))
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_indicators() takes text (str), not {type(text).__name__}")
    errors: list[ParseError] | None = [] if recover else None
    items = _scanner().read_text(text)  # a well-formed block, read without joining offsets
    if items is None:
        items = parse_joined(join_lines(text), text, errors)
    return IndicatorList(items, errors or ())


def parse_joined(
    joined: Joined, text: str, errors: list[ParseError] | None = None
) -> list[Indicator]:
    """Parse indicators from joined text whose offsets map back into ``text``.

    With an ``errors`` list, recover: skip what cannot be read, report it there, go on.
    """
    if errors is None:
        return _parse_strict(joined, text)
    intact = _scanner().read(joined)
    if intact is not None:
        return intact  # an intact block reads as in strict mode
    bounds = _item_starts(joined.text)
    if not bounds or joined.text[: bounds[0]].strip():
        bounds.insert(0, 0)  # text before the first item is reported, not dropped
    bounds.append(len(joined.text))
    items: list[Indicator] = []
    index = 0
    while index < len(bounds) - 1:
        found = _read_piece(joined, text, bounds[index], bounds[index + 1])
        stop = index + 1
        # What looked like an item start may sit inside a value (第1、2-3批): while the piece
        # fails or its last item lacks its 。, see whether it reads together with the next one.
        while (
            stop + 1 < len(bounds)
            and stop - index < _MOST_LOOK_ALIKES
            and (found is None or not _ends_item(found, text))
        ):
            dot = joined.text.find("。", bounds[stop], bounds[stop + 1])
            longer = _read_piece(joined, text, bounds[index], dot + 1) if dot >= 0 else None
            if longer is not None:  # the item ends at that 。: the rest is read next
                found, bounds[stop] = longer, dot + 1
                break
            longer = _read_piece(joined, text, bounds[index], bounds[stop + 1])
            if longer is None:
                break
            found, stop = longer, stop + 1
        if found is None:
            items.extend(_salvage(joined.cut(bounds[index], bounds[stop]), text, errors))
        else:
            items.extend(found)
            if found and stop + 1 < len(bounds) and not _ends_item(found, text):
                errors.append(_missing_end(found[-1], joined, bounds[stop], text))
        index = stop
    return items


#: How many item-start look-alikes (1、2-) one value may hold before the rest is taken for items:
#: a bound that keeps recovery linear in time on text built to defeat it.
_MOST_LOOK_ALIKES = 8


def _item_starts(text: str) -> list[int]:
    """Where items seem to start. A value ending in digits whose 。 is lost runs into the next
    item's number (年度指标值:100 and 2、 make 1002、): when a number is not the one after the
    last but ends with it, the item starts at those last digits."""
    starts: list[int] = []
    last: int | None = None
    for match in re.finditer(_ITEM_BOUNDARY, text):
        digits = vocab.fold(re.match(r"[0-9０-９]+", match.group()).group())  # type: ignore[union-attr]
        start = match.start()
        expected = None if last is None else str(last + 1)
        if expected and digits != expected and digits.endswith(expected):
            start += len(digits) - len(expected)
            digits = expected
        starts.append(start)
        last = int(digits) if len(digits) <= 6 else None
    return starts


def _read_piece(joined: Joined, text: str, start: int, end: int) -> list[Indicator] | None:
    """The items of ``joined.text[start:end]`` if it reads whole, else None (no error is built:
    the fast path rejects exactly what the parser rejects)."""
    return _scanner().read(joined.cut(start, end))


def _ends_item(items: list[Indicator], text: str) -> bool:
    """Whether the last item ends with its 。 (a value never contains one)."""
    return not items or text[items[-1].span[1] - 1] == "。"


def _missing_end(item: Indicator, joined: Joined, next_start: int, text: str) -> ParseError:
    """The report for an item kept although the 。 after it is missing (it ran into the next)."""
    found, _ = _found(joined.text, next_start)
    message = f"expected '。' after the value, found {found}; read as the start of the next item"
    return ParseError(message, text, item.span[1], item.span[1])


#: Where an item starts: its number, 、 and a level code (1、1-), wherever it stands. A match
#: starts only where a run of digits starts, so a long run of digits is scanned once, not once
#: per digit.
_ITEM_BOUNDARY = (  # compiled on first use by re's own cache, like the error patterns below
    rf"(?<!{DIGIT}){item_start()}"
)


def _parse_strict(joined: Joined, text: str) -> list[Indicator]:
    items = _scanner().read(joined)
    return items if items is not None else _parse_with_lark(joined, text)


def _parse_with_lark(joined: Joined, text: str) -> list[Indicator]:
    """The block parser itself: for what the fast path does not read, and in the tests."""
    parser: lark.Lark = _INDICATOR_PARSER.get()
    try:
        items = cast(list[Indicator], parser.parse(joined.text))
    except lark.exceptions.UnexpectedInput as error:
        failure = _translate(error, text, joined)
    else:
        return [
            attrs.evolve(
                item, span=(joined.original(item.span[0]), joined.original_end(item.span[1]))
            )
            for item in items
        ]
    # Raised outside the handler: the caller sees our error with no traceback from inside Lark,
    # and it pickles on its own (a process pool, Dask and tblib pickle causes and contexts).
    raise failure


def _salvage(piece: Joined, text: str, errors: list[ParseError]) -> list[Indicator]:
    """The items of one piece of a block (one item, or more run together); what cannot be read
    is reported in ``errors``. A complete item before the problem is kept: the piece is cut
    after the last 。 before the error and the rest is skipped."""
    try:
        return _parse_strict(piece, text)
    except ParseError as error:
        joined_pos = _joined_position(piece, error.pos)
        cut = piece.text.rfind("。", 0, joined_pos) + 1
        items: list[Indicator] = []
        if cut > 0:
            items = _salvage(piece.cut(0, cut), text, errors)
        rest = piece.cut(cut, len(piece.text))
        stripped = rest.text.strip()
        if stripped:
            lead = len(rest.text) - len(rest.text.lstrip())
            start = rest.original(lead)
            end = rest.original_end(lead + len(stripped))
            where = f"line {error.line}, column {error.column}"
            errors.append(ParseError(f"{error.msg} ({where}); skipped this text", text, start, end))
        return items


def _joined_position(piece: Joined, original: int) -> int:
    """The position in ``piece.text`` of an offset in the original text (the first at or after)."""
    low, high = 0, len(piece.text)
    while low < high:
        middle = (low + high) // 2
        if piece.original(middle) < original:
            low = middle + 1
        else:
            high = middle
    return low


# --------------------------------------------------------------------------------------------
# Errors: Lark's terminal names become words a budget analyst knows.
# --------------------------------------------------------------------------------------------

#: What each terminal is, in the order the notation writes them.
_EXPECTED = {
    "ITEM_NUMBER": "an item number such as '1、'",
    "LEVEL_CODE": "a level such as '1-产出指标'",
    "LEVEL_NAME": "the level name",
    "CATEGORY_CODE": "'；' and a category such as '11-数量指标'",
    "CATEGORY_NAME": "the category name",
    "NAME_SEP": "'；' and the indicator name",
    "NAME": "the indicator name",
    "PERIOD_LABEL": "'；实施周期指标值:'",
    "ANNUAL_LABEL": "'；年度指标值:'",
    "VALUE": "a value",
    "END": "'。'",
    "$END": "the end of the text",
}

#: Where the parser was, named after the last thing it read.
_AFTER = {
    "ITEM_NUMBER": "after the item number",
    "LEVEL_CODE": "after the level code",
    "CATEGORY_CODE": "after the category code",
    "NAME_SEP": "after the category",
    "LEVEL_NAME": "after the level",
    "CATEGORY_NAME": "after the category",
    "NAME": "after the indicator name",
    "PERIOD_LABEL": "after '实施周期指标值:'",
    "ANNUAL_LABEL": "after '年度指标值:'",
    "VALUE": "after the value",
    "END": "after '。'",
}

_ORDER = {name: index for index, name in enumerate(_EXPECTED)}


def _expected_words(expected: set[str]) -> str:
    names = sorted((name for name in expected if name in _EXPECTED), key=_ORDER.__getitem__)
    if len(names) > 1 and "$END" in names:
        names.remove("$END")  # the end of the text is rarely what the writer meant
    if "END" in names and "ITEM_NUMBER" in names:
        names.remove("ITEM_NUMBER")  # after a value, 。 is what is missing
    words = [_EXPECTED[name] for name in names] or ["nothing more"]
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]


_FOUND_LENGTH = 16


def _found(text: str, pos: int) -> tuple[str, int]:
    """Quote what stands at ``pos`` (up to the next separator), and where the quote ends."""
    if pos >= len(text.rstrip()):
        return "the end of the text", len(text)
    stop = pos + 1
    while (
        stop < len(text)
        and stop - pos < _FOUND_LENGTH
        and text[stop] not in "；;。"
        and text[stop - 1] != "。"
    ):
        stop += 1
    quoted = text[pos:stop] + ("…" if stop - pos == _FOUND_LENGTH and stop < len(text) else "")
    return f"'{_visible(quoted)}'", stop


#: The first visible character.
_VISIBLE = re.compile(r"\S")


def _following(text: str, end: int) -> str | None:
    """Quote what comes after ``end`` in ``text`` (up to the next separator or line break), or
    None when nothing does."""
    start = _VISIBLE.search(text, end)
    if start is None:
        return None
    line_end = min(
        (
            found
            for char in "\r\n"
            if (found := text.find(char, start.start(), start.start() + _FOUND_LENGTH)) >= 0
        ),
        default=len(text),
    )
    quoted, _ = _found(text[:line_end], start.start())
    return quoted


def _visible(text: str) -> str:
    """Show invisible and control characters as escapes (\\xa0, \\u200b), the rest as is."""
    return "".join(
        char
        if char == " " or unicodedata.category(char) not in {"Cc", "Cf", "Zs", "Zl", "Zp"}
        else ascii(char)[1:-1]
        for char in text
    )


#: An item start inside a value: two items run together because the 。 between them is missing.
_RUN_ON = item_start(r"\s")


#: A code inside free text: 产出指标11-数量指标, where the ； before 11- is missing.
_EMBEDDED_CODE = rf"(?<=[^{DIGITS}\s])\s*({DIGIT}+\s*{DASH})"


def _hint(last: Token | None, read: list[Token]) -> str:
    """A guess at the real mistake, from what the parser read last in the item."""
    if last is None:
        return ""
    if last.type == "VALUE" and re.search(_RUN_ON, last):
        return f"; the value '{last.rstrip()}' runs into the next item: is a '。' missing?"
    codes = [token for token in read if token.type == "LEVEL_CODE"]
    if last.type in {"LEVEL_CODE", "LEVEL_NAME"} and codes and len(_digits(codes[-1])) > 1:
        code = codes[-1].rstrip("-－—– ")
        return f"; '{code}' looks like a category code: is the level missing?"
    if last.type in {"LEVEL_NAME", "CATEGORY_NAME", "NAME"}:
        embedded = re.search(_EMBEDDED_CODE, last)
        if embedded is not None:
            return f"; is a '；' missing before '{embedded.group(1)}'?"
    return ""


def _read_tokens(error: lark.exceptions.UnexpectedInput) -> list[Token]:
    """The tokens on the parser's stack when the error happened (the item read so far)."""
    state = getattr(error, "state", None)
    stack = getattr(state, "value_stack", None) or []
    return [value for value in stack if isinstance(value, Token)]


def _last_token(error: lark.exceptions.UnexpectedInput, history: list[Token]) -> Token | None:
    """The last token the parser read before the error, if there was one."""
    if history and isinstance(history[-1], Token):
        return history[-1]
    state = getattr(error, "state", None)
    stack = getattr(state, "value_stack", None) or []
    if stack and isinstance(stack[-1], Token):
        return stack[-1]
    return None


def _translate(error: lark.exceptions.UnexpectedInput, text: str, joined: Joined) -> ParseError:
    expected: set[str] = set()
    history: list[Token] = []
    if isinstance(error, lark.exceptions.UnexpectedToken):
        expected = set(error.expected)
        history = list(error.token_history or [])
        token = error.token
        pos = len(joined.text) if token.type == "$END" else token.start_pos
    elif isinstance(error, lark.exceptions.UnexpectedCharacters):
        expected = set(error.allowed or ())
        history = list(error.token_history or [])
        pos = error.pos_in_stream
    else:  # UnexpectedEOF
        expected = set(getattr(error, "expected", ()) or ())
        pos = len(joined.text)
    pos = min(pos or 0, len(joined.text))
    found, stop = _found(joined.text, pos)
    if pos >= len(joined.text.rstrip()):
        # The end of a piece of the text (an item cut out in recovery, a table's block) is not
        # the end of the text: say what follows it in the caller's text.
        found = _following(text, joined.original_end(len(joined.text))) or found
    last = _last_token(error, history)
    after = "" if last is None else " " + _AFTER.get(last.type, "")
    message = f"expected {_expected_words(expected)}{after.rstrip()}, found {found}"
    message += _hint(last, _read_tokens(error))
    if pos >= len(joined.text):
        start = joined.original_end(len(joined.text.rstrip()))
        return ParseError(message, text, start, start)
    return ParseError(message, text, joined.original(pos), joined.original_end(stop))
