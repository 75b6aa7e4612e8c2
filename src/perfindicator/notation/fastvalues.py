"""The fast path for the commonest values: a number with, each optional, a comparator word
before it, a scale word, a unit word and a comparator word after it (97%, ≥95%, 不低于2.5万人次,
10个工作日内, 100). One regular expression reads them without the parser.

The expression is composed from the value grammar's own terminals, and it lexes as the grammar's
contextual lexer does. In each parser state that lexer takes the first of the state's terminals,
in one order of priority shared by all states, that matches. So the expression takes each token
only where no terminal before it in that order matches (a look-ahead), counting every terminal
the lexer may try there in any of the states the parser can be in (read from its LALR table: a
terminal too many only sends a value to the parser), and never backtracks into it (an atomic
group). With every token guarded so, the tokens cannot be cut another way. The transformer then
builds the value from them with the calls the parser makes (``quantity: PREFIX_OP? amount
SUFFIX_OP?``, ``amount: _number SCALE? unit?``). Anything else (ranges, dates, text, a value the
transformer refuses) goes to the parser. The tests hold both to the same values on every
comparator, scale and unit word of the vocabulary.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

import lark

from perfindicator.model.values import Value
from perfindicator.notation import lark_internals

#: The tokens of a value read here, in order; all but the number are optional.
PARTS = ("PREFIX_OP", "NUMBER", "SCALE", "UNIT_WORD", "SUFFIX_OP")
_REQUIRED = frozenset({"NUMBER"})
#: The terminals the value grammar skips: a template placeholder such as (≥**人次), which
#: holds a *, and spaces or tabs. A value holding none of those characters has neither, and
#: they need no look-ahead.
_IGNORED = frozenset({"PLACEHOLDER", "WS"})


class _Token(NamedTuple):
    """What the transformer reads of a token: its terminal and its text."""

    type: str
    value: str


#: Word tokens made so far, by terminal and text: they repeat (≥, %, 万, 以上).
_WORDS: dict[tuple[str, str], _Token] = {}
_MAX_WORDS = 4096


class ValueScanner:
    """Reads the commonest values; ``read`` gives None for anything else (ask the parser)."""

    def __init__(self, data: dict[str, Any], transformer: Any) -> None:
        """``data`` holds the value grammar's terminal patterns and the terminals its lexer
        tries before each part (``guards``); ``transformer`` builds the values."""
        patterns = data["terminals"]
        parts = []
        for kind in PARTS:
            ahead = "|".join(patterns[name] for name in data["tried"][kind])
            token = (f"(?!{ahead})" if ahead else "") + f"(?>({patterns[kind]}))"
            parts.append(token if kind in _REQUIRED else f"(?:{token})?")
        match = re.compile("".join(parts) + r"\Z")
        if match.groups != len(PARTS):
            raise ValueError("a terminal of the value grammar has a capturing group")
        self._match = match.match
        # What is tried before every first token, at the start, is looked for only once the
        # tokens are found: a text that has none of these forms (a date, a range, text) is
        # turned away before the dearest look-ahead, the subject's, runs on the whole of it.
        first = "|".join(patterns[name] for name in data["first"])
        self._first = re.compile(first).match if first else None
        self._transformer = transformer

    def read(self, text: str) -> Value | None:
        """The value of ``text`` (folded to ASCII forms), or None where the parser must read
        it: a value of another form, or one the transformer refuses."""
        if "*" in text or " " in text or "\t" in text:
            return None  # a placeholder or spaces (see _IGNORED)
        match = self._match(text)
        if match is None or (self._first is not None and self._first(text) is not None):
            return None
        prefix, number, scale, unit, suffix = match.groups()
        build = self._transformer
        try:
            amount: list[Any] = [_Token("NUMBER", number)]
            if scale is not None:
                amount.append(_word("SCALE", scale))
            if unit is not None:
                amount.append(build.unit([_word("UNIT_WORD", unit)]))
            quantity: list[Any] = [build.amount(amount)]
            if prefix is not None:
                quantity.insert(0, _word("PREFIX_OP", prefix))
            if suffix is not None:
                quantity.append(_word("SUFFIX_OP", suffix))
            value: Value = build.quantity(quantity)
        except Exception:  # whatever the transformer refuses, the parser is left to report
            return None
        return value


def _word(kind: str, text: str) -> _Token:
    token = _WORDS.get((kind, text))
    if token is None:
        token = _Token(kind, text)
        if len(_WORDS) < _MAX_WORDS:
            _WORDS[(kind, text)] = token
    return token


def guards(parser: lark.Lark) -> dict[str, Any]:
    """What the value grammar's pure-Python parser (its LALR table and contextual lexers, read,
    never run) says the fast path must look out for: ``first``, the terminals its lexer tries
    before every part that can start a value, in the state it starts in (looked for once, at
    the start: SUBJECT, whose look-aheads are dear), and ``tried``, for each part, those it
    tries before it in any state in which the parser reads that part of a value of ``PARTS``.
    """
    if set(parser.lexer_conf.ignore) != _IGNORED:
        raise ValueError(f"the value grammar does not ignore {sorted(_IGNORED)} alone")
    table = lark_internals.parse_table(parser)
    lexers = lark_internals.contextual_lexers(parser)
    start = table.start_states["start"]
    before: dict[str, set[str]] = {kind: set() for kind in PARTS}
    at_start: dict[str, set[str]] = {}
    for kinds in _shapes():
        if not _accepted(table, kinds):
            raise ValueError(f"the value grammar does not accept {' '.join(kinds)}")
        for index, kind in enumerate(kinds):
            stack = _after(table, kinds[:index])
            assert stack is not None  # a prefix of an accepted sequence
            order = [terminal.name for terminal in lexers[stack[-1]].terminals]
            tried = set(order[: order.index(kind)]) - _IGNORED
            if stack[-1] == start:
                at_start.setdefault(kind, set()).update(tried)
            else:
                before[kind].update(tried)
    first = set.intersection(*at_start.values())
    for kind, tried in at_start.items():
        before[kind].update(tried - first)
    rank = {terminal.name: index for index, terminal in enumerate(lexers[start].terminals)}
    rank.update(
        {t.name: len(rank) + i for i, t in enumerate(parser.terminals) if t.name not in rank}
    )
    return {
        "first": sorted(first, key=rank.__getitem__),
        "tried": {kind: sorted(names, key=rank.__getitem__) for kind, names in before.items()},
    }


def _shapes() -> list[tuple[str, ...]]:
    """Every sequence of ``PARTS`` with the required ones, in order."""
    optional = [kind for kind in PARTS if kind not in _REQUIRED]
    shapes = []
    for present in itertools.product((False, True), repeat=len(optional)):
        chosen = {kind for kind, here in zip(optional, present, strict=True) if here}
        shapes.append(tuple(kind for kind in PARTS if kind in _REQUIRED or kind in chosen))
    return shapes


def _after(table: Any, kinds: Sequence[str]) -> list[int] | None:
    """The LALR parser's stack after it has shifted tokens of ``kinds`` (reducing as their
    terminals tell it to), or None if the grammar cannot start with them. Its top is the
    state in which the contextual lexer reads the next token."""
    stack = [table.start_states["start"]]
    for kind in kinds:
        while True:
            action = table.states[stack[-1]].get(kind)
            if action is None:
                return None
            what, argument = action
            if what is lark_internals.Shift:
                stack.append(argument)
                break
            _reduce(table, stack, argument)
    return stack


def _accepted(table: Any, kinds: Sequence[str]) -> bool:
    """Whether the grammar accepts a value of exactly these tokens."""
    stack = _after(table, kinds)
    if stack is None:
        return False
    while stack[-1] != table.end_states["start"]:
        action = table.states[stack[-1]].get("$END")
        if action is None or action[0] is lark_internals.Shift:
            return False
        _reduce(table, stack, action[1])
    return True


def _reduce(table: Any, stack: list[int], rule: Any) -> None:
    if rule.expansion:
        del stack[-len(rule.expansion) :]
    stack.append(table.states[stack[-1]][rule.origin.name][1])
