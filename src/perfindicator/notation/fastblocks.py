"""The fast path for blocks that follow the notation: items cut at 。 and fields at ；, each field
checked against the block grammar's own terminals, without tokens or a parse tree.

An item is a fixed sequence of terminals (``item`` in grammar/indicators.lark). No terminal can
hold a 。, and the only ones that hold a ； or ; start with it (the category code, the name's
separator and the two labels). Cutting a block at every 。 and each item at every ；/; therefore
splits it exactly where those terminals start, as the lexer would, into *fields*: the number
with the level, the category, the name, the period value, the annual value. An item reads if
each field matches its terminals in order, each taken greedily without backtracking into it
(an atomic group), as the contextual lexer takes them: at every point of an item it has one
terminal to try besides the ignored spaces. Fields that repeat across a corpus (codes, labelled
values) are checked once and remembered. Only a block read from end to end is taken; anything
else goes to the parser, which says what is wrong. The tests hold both to the same items,
values and spans, on the corpus and on generated, damaged and random blocks.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs

from perfindicator.core import vocabulary as vocab
from perfindicator.core.memo import Memo
from perfindicator.core.text import INVISIBLE, LINE_BREAKS, SPACES, Joined
from perfindicator.model.values import Code, Indicator, Value
from perfindicator.notation.values import hint_matters, may_hint, read_value, unit_hint, with_hint

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
    "(",  # an empty period cell (实施周期指标值:；) has no value
    "VALUE*",
    ")?",
    ")?",
    "ANNUAL_LABEL",
    "VALUE*",
    "(",
    "END*",
    ")?",
)

#: The fields of an item, each the terminals from one separator to the next (the first field
#: has none); the period field is optional and the closing 。 is cut off before.
FIELDS = ("head", "category", "name", "period", "annual")
_FIELD_STARTS = {
    "CATEGORY_CODE": "category",
    "NAME_SEP": "name",
    "PERIOD_LABEL": "period",
    "ANNUAL_LABEL": "annual",
}

#: Characters that ``str.splitlines`` takes for line breaks and joining does not, and invisible
#: characters that joining removes anywhere: text holding one is joined the slow way.
_UNUSUAL = ("\x1c", "\x1d", "\x1e", *INVISIBLE)
#: One item in the caller's text: from its first visible character to its 。.
_ITEM = re.compile(f"[^{SPACES}{LINE_BREAKS}。][^。]*。")

#: Fields seen before, by their text (a bare number's, whose unit the name may give, wrapped).
_HEADS: Memo[str, tuple[int, Code]] = Memo()
_CATEGORIES: Memo[str, Code] = Memo()
_PERIODS: Memo[str, Value | _ByName | _Empty] = Memo()
_ANNUALS: Memo[str, Value | _ByName | _Empty] = Memo()
#: Values of fields whose meaning depends on the name, by the field's text and the unit hinted.
_HINTED: Memo[tuple[str, tuple[str, Decimal]], Value] = Memo()
#: Names and values by the text they were read from (all of an item after its category).
_TAILS: Memo[str, tuple[str, Value | None, Value]] = Memo()


def fields(terminals: Mapping[str, str], ignored: str) -> dict[str, str]:
    """An expression for each field, from the grammar's terminal patterns (name → regex) and
    the pattern of the ignored spaces. A field is matched with the separator that starts it.
    Each name read is a group; ``tests/test_fastpath.py`` checks that there are no others."""
    space = f"(?>{ignored})?"
    parts: dict[str, list[str]] = {"head": []}
    field = "head"
    opened: list[tuple[str, int]] = []
    for entry in ITEM_SEQUENCE:
        name = entry.rstrip("*")
        if entry == "(":
            opened.append((field, len(parts.get(field, []))))
            continue
        if entry == ")?":
            # An optional part inside a field (the period's value) is optional in its
            # expression; one that spans a whole field (the period) is a field that may be
            # missing, which cutting at the separators already finds.
            where, start = opened.pop()
            if where == field and start > 0:
                # Missing, it may leave the spaces before it (实施周期指标值: ；).
                parts[field][start:] = [f"(?:{''.join(parts[field][start:])}|{space})"]
            continue
        if name == "END":
            continue
        field = _FIELD_STARTS.get(name, field)
        body = f"({terminals[name]})" if entry.endswith("*") else terminals[name]
        parts.setdefault(field, []).append(f"{space}(?>{body})")
    if tuple(parts) != FIELDS:
        raise ValueError(f"the item's fields are {tuple(parts)}, not {FIELDS}")
    return {field: "".join(pieces) for field, pieces in parts.items()}


class Scanner:
    """Reads whole blocks field by field; ``None`` means: ask the parser."""

    def __init__(self, terminals: Mapping[str, str], ignored: str) -> None:
        patterns = fields(terminals, ignored)
        # Compiled when first needed, by re's own cache: they only read fields not seen before
        # (a block without period values, or whose names hold nothing doubtful, needs fewer).
        self._head, self._category, self._name, self._period, self._annual = (
            functools.partial(re.fullmatch, patterns[field]) for field in FIELDS
        )
        (
            self._set_number,
            self._set_level,
            self._set_category,
            self._set_name,
            self._set_period,
            self._set_annual,
            self._set_span,
            self._set_row,
        ) = _slot_setters(Indicator)

    def read_text(self, text: str) -> list[Indicator] | None:
        """The items of a whole block as the caller gave it, line breaks and all. It is read a
        stretch of whole items at a time, so that what is made on the way (lines, pieces)
        stays small and in the processor's cache however long the text is. Spans are found
        in ``text`` itself, one per 。: joining keeps every 。 and every visible character,
        so the n-th item of the joined text is the n-th here."""
        if any(char in text for char in _UNUSUAL):
            return None
        items: list[Indicator] = []
        start = 0
        while start < len(text):
            end = _stretch_end(text, start)
            lines = text[start:end].splitlines()
            joined = "".join(map(str.strip, lines, itertools.repeat(SPACES, len(lines))))
            spans = list(map(re.Match.span, _items_in(text, start, end)))
            if not self._read(joined, spans, lambda: _tail_span(text), items):
                return None
            start = end
        return items

    def read(self, joined: Joined) -> list[Indicator] | None:
        """The items of a joined block (or a piece of one), with spans mapped back."""
        text = joined.text
        span = joined.spans()
        spans = [span(*match.span()) for match in _items_in(text, 0, len(text))]
        items: list[Indicator] = []
        read = self._read(text, spans, lambda: span(*_tail_span(text)), items)
        return items if read else None

    def _read(
        self,
        joined: str,
        spans: list[tuple[int, int]],
        tail: Callable[[], tuple[int, int]],
        items: list[Indicator],
    ) -> bool:
        """Add the items of ``joined`` (whose items stand at ``spans``, and the last one, if its
        。 is missing, at ``tail()``) to ``items``; False if it does not read from end to end."""
        if ";" in joined:
            joined = joined.replace(";", "；")
        pieces = joined.split("。")
        last = pieces.pop().strip(SPACES)
        if len(spans) != len(pieces):
            return False  # a 。 with nothing but spaces before it
        if last:
            pieces.append(last)
            spans.append(tail())
        return self._items(pieces, spans, items.append)

    def _items(
        self,
        pieces: list[str],
        spans: list[tuple[int, int]],
        append: Callable[[Indicator], None],
    ) -> bool:
        heads, categories, tails = _HEADS.get, _CATEGORIES.get, _TAILS.get
        new = object.__new__
        set_number, set_level, set_category = self._set_number, self._set_level, self._set_category
        set_name, set_period, set_annual = self._set_name, self._set_period, self._set_annual
        set_span = self._set_span
        set_row = self._set_row
        # One pass per item, written out: this loop is what a large corpus spends its time in.
        for piece, span in zip(pieces, spans):  # noqa: B905 (as long: checked by the caller)
            fields = piece.split("；", 2)
            if len(fields) != 3:
                return False
            head, category, rest = fields
            number_level = heads(head) or self._read_head(head)
            code = categories(category) or self._read_category(category)
            tail = tails(rest) or self._read_tail(rest)
            if number_level is None or code is None or tail is None:
                return False
            item: Indicator = new(Indicator)
            set_number(item, number_level[0])
            set_level(item, number_level[1])
            set_category(item, code)
            set_name(item, tail[0])
            set_period(item, tail[1])
            set_annual(item, tail[2])
            set_span(item, span)
            set_row(item, None)
            append(item)
        return True

    def _read_tail(self, rest: str) -> tuple[str, Value | None, Value] | None:
        """The name and values of an item from the text after its category (报废小车数量；
        实施周期指标值:1；年度指标值:1): indicators repeat whole across a corpus, so each such
        text is read once."""
        fields = rest.split("；")
        if len(fields) == 2:
            name, annual = fields
            period_field = None
        elif len(fields) == 3:
            name, period_field, annual = fields
        else:
            return None
        # A name is one terminal: only one that starts with a space or holds a label's
        # ending (标值: 年度指标值, 实施周期目标值 ...) can fail it.
        if not name or name[0].isspace() or "标值" in name:
            found = self._name("；" + name)
            if found is None:
                return None
            name = found[1]
        name = name.rstrip()
        period = None
        if period_field is not None:
            read = _value(self._period, _PERIODS, period_field, name)
            if read is None:
                return None
            period = None if isinstance(read, _Empty) else read
        value = _value(self._annual, _ANNUALS, annual, name)
        if value is None or isinstance(value, _Empty):
            return None
        return _TAILS.put(rest, (name, period, value), len(rest))

    def _read_head(self, head: str) -> tuple[int, Code] | None:
        match = self._head(head)
        if match is None:
            return None
        number, code, name = match.groups()
        return _HEADS.put(head, (int(number[:-1]), _code(code, name)), len(head))

    def _read_category(self, category: str) -> Code | None:
        match = self._category("；" + category)
        if match is None:
            return None
        return _CATEGORIES.put(category, _code(*match.groups()), len(category))


def _slot_setters(cls: type[Any]) -> tuple[Callable[[Any, object], None], ...]:
    """Setters of a frozen attrs class's slots, in field order. The fast path sets an
    ``Indicator``'s directly, as attrs' own ``__init__`` does, but without looking each one up
    on every call (a third of an item's cost). Sound only while no field converts or
    validates: checked here."""
    slots = attrs.fields(cls)
    if any(field.converter or field.validator for field in slots):
        raise TypeError(
            f"{cls.__name__}'s fields convert or validate: build it with {cls.__name__}()"
        )
    return tuple(getattr(cls, field.name).__set__ for field in slots)


#: About how many characters of a text are joined and cut into items at a time.
_STRETCH = 1 << 15


def _stretch_end(text: str, start: int) -> int:
    """Where a stretch of whole items from ``start`` ends: after a 。 near ``_STRETCH``
    characters on, or at the end of the text."""
    if len(text) - start <= _STRETCH:
        return len(text)
    end = text.rfind("。", start, start + _STRETCH) + 1 or text.find("。", start + _STRETCH) + 1
    return end or len(text)


def _items_in(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """Each item of ``text[start:end]`` ending in 。, found only up to the last 。: past it,
    every start would scan to the end for a 。 in vain (quadratic on a long text without)."""
    return _ITEM.finditer(text, start, text.rfind("。", start, end) + 1)


def _tail_span(text: str) -> tuple[int, int]:
    """Where the last item stands when its 。 is missing: from the first visible character
    after the last 。 to the last one of the text."""
    after = text.rfind("。") + 1
    rest = text[after:]
    return after + len(rest) - len(rest.lstrip(SPACES + LINE_BREAKS)), len(text.rstrip())


def _code(code: str, name: str) -> Code:
    digits = "".join(char for char in vocab.fold(code) if "0" <= char <= "9")
    return Code(digits, name.rstrip())


class _Empty:
    """What an empty field (实施周期指标值:；) is remembered as: no value, but read."""

    __slots__ = ()


_EMPTY = _Empty()


class _ByName:
    """A value read from a field whose meaning may depend on the indicator's name (a number
    without a unit, as in 验收合格率（%）；年度指标值:100): the value for each unit a name
    hints is made from it and remembered in ``_HINTED``, by the field's text and the hint."""

    __slots__ = ("value",)

    def __init__(self, value: Value) -> None:
        self.value = value


def _value(
    match: Callable[[str], re.Match[str] | None],
    memo: Memo[str, Value | _ByName | _Empty],
    field: str,
    name: str,
) -> Value | _Empty | None:
    """The value of a labelled field (年度指标值:100) under an indicator's name, ``_EMPTY`` if
    the label has no value after it, or None if the field does not read as the label and a
    value."""
    found = memo.get(field)
    if found is None:
        matched = match("；" + field)
        if matched is None:
            return None
        if matched[1] is None:
            memo.put(field, _EMPTY, len(field))
            return _EMPTY
        value = read_value(matched[1].rstrip())
        found = memo.put(field, _ByName(value) if hint_matters(value) else value, len(field))
    if not isinstance(found, _ByName):
        return found
    hint = unit_hint(name) if may_hint(name) else None
    if hint is None:
        return found.value
    # The value depends on the name only through its hint: made once per field and hint.
    hinted = _HINTED.get((field, hint))
    if hinted is None:
        hinted = _HINTED.put((field, hint), with_hint(found.value, name), len(field))
    return hinted


def clear_memos() -> None:
    """Forget every field read so far (the benchmark reads distinct text afresh)."""
    for memo in (_HEADS, _CATEGORIES, _PERIODS, _ANNUALS, _HINTED, _TAILS):
        memo.clear()
