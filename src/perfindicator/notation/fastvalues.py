"""The fast path for the values: a number (digits or a Chinese numeral) with, each optional, a
comparator word before it, a scale word, a unit word and a comparator word after it (97%,
≥95%, 不低于2.5万人次, 10个工作日内, 100, 两辆), a range of two such numbers without comparators
(20-35次, 2-3万元, 1-12月), a date with, each optional, a word before it and a comparator word
after it (2024年12月31日前, 于2024年6月底前, 截至2024年), a comparison with a reference
(总费用支出低于年初预算, ≤预算数) and a ratio (实际完成数/计划完成数). One regular expression
for each form reads them without the parser; a text that no terminal can start is known
refused without it (``refused``).

The expressions are composed from the value grammar's own terminals, and they lex as the
grammar's contextual lexer does. In each parser state that lexer takes the first of the state's
terminals, in one order of priority shared by all states, that matches. So an expression takes
each token only where no terminal before it in that order matches (a look-ahead), counting every
terminal the lexer may try there in any of the states the parser can be in (read from its LALR
table: a terminal too many only sends a value to the parser), and never backtracks into it (an
atomic group). With every token guarded so, the tokens cannot be cut another way. A form is
tried only on a text holding its gate (a token it cannot do without), and its expression is
compiled when first needed. The value is then built from the words found: a quantity's or a
range's amounts by the transformer's readings of ``amount: _number SCALE? unit?`` and
``quantity: PREFIX_OP? amount SUFFIX_OP?`` from words (``word_amount``, ``word_quantity``), the
range, the date, the comparison and the ratio by the callbacks the parser calls. Anything else
(spans of dates, compound units, 余, a value the transformer refuses) goes to the parser. The
tests hold both to the same values on every comparator, scale and unit word of the vocabulary.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import lark

from perfindicator.model.values import Value
from perfindicator.notation import lark_internals


class Slot(NamedTuple):
    """A place in a form of value: the terminals that may stand there (one of them), whether
    it may be left empty, and whether it is the form's gate: a token the form cannot do
    without and that is cheap to look for (see ``_gate``)."""

    terminals: tuple[str, ...]
    optional: bool = False
    gate: bool = False


_NUMBER = Slot(("NUMBER",))
_SCALE = Slot(("SCALE",), optional=True)
_UNIT = Slot(("UNIT_WORD",), optional=True)
#: The forms of value read here, by the grammar rule that makes them, each slot in order.
FORMS: dict[str, tuple[Slot, ...]] = {
    "quantity": (
        Slot(("PREFIX_OP",), optional=True),
        Slot(("NUMBER", "CN_NUMBER"), gate=True),
        _SCALE,
        _UNIT,
        Slot(("SUFFIX_OP",), optional=True),
    ),
    "range": (_NUMBER, _SCALE, _UNIT, Slot(("RANGE_SEP",), gate=True), _NUMBER, _SCALE, _UNIT),
    "date": (
        Slot(("DATE_PREFIX", "PREFIX_OP"), optional=True),
        Slot(("DATE",), gate=True),
        Slot(("DATE_SUFFIX",), optional=True),
    ),
    "comparison": (
        Slot(("SUBJECT",), optional=True),
        Slot(("PREFIX_OP",), gate=True),
        Slot(("REFERENCE",)),
    ),
    "ratio": (Slot(("NUMERATOR",)), Slot(("SLASH",), gate=True), Slot(("REFERENCE",))),
}
#: The groups of the forms that ``read`` takes apart itself, in order (the tokens of the others
#: go to their rule's callback as they are).
_GROUPS = {
    "quantity": ("PREFIX_OP", "NUMBER", "CN_NUMBER", "SCALE", "UNIT_WORD", "SUFFIX_OP"),
    "range": ("NUMBER", "SCALE", "UNIT_WORD", "RANGE_SEP", "NUMBER", "SCALE", "UNIT_WORD"),
}
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


_Match = Callable[[str], "re.Match[str] | None"]
_Check = Callable[[str], bool]


#: The value grammar's terminals that end by looking ahead for another's text (grammar.py's
#: ``vocabulary_terminals``), and that terminal: SUBJECT matches only where a comparator
#: follows, NUMERATOR only where a slash does. ``_looks_ahead`` checks that each still does.
LOOKS_AHEAD_FOR = {"SUBJECT": "PREFIX_OP", "NUMERATOR": "SLASH"}


def _looks_ahead(terminal: str, patterns: dict[str, str]) -> bool:
    """Whether ``terminal`` is one of ``LOOKS_AHEAD_FOR`` and its pattern still ends with that
    look-ahead and nothing else (a single character may be written escaped, as a Lark
    grammar writes a slash): then it matches only where the other terminal's text is in
    the value. A pattern that does not is tried with the others, as before."""
    needed = LOOKS_AHEAD_FOR.get(terminal)
    if needed is None:
        return False
    ahead = patterns[needed]
    # A sign escaped is the sign itself (\/ is /); a letter is not (\d is a digit).
    spellings = {ahead, "\\" + ahead} if len(ahead) == 1 and not ahead.isalnum() else {ahead}
    pattern = patterns[terminal]
    return not _alternatives(pattern) and any(
        pattern.endswith(end := f"(?={spelled})")
        and _opens_at_top(pattern, len(pattern) - len(end))
        for spelled in spellings
    )


def _alternatives(pattern: str) -> bool:
    """Whether a pattern has a | outside every group and character class (``a|b(?=c)``
    matches without its look-ahead)."""
    return any(char == "|" and depth == 0 for _, char, depth in _syntax(pattern))


def _opens_at_top(pattern: str, position: int) -> bool:
    """Whether the character at ``position`` is a ( opening a group outside every other
    group, not escaped nor in a character class (in ``(b|a\\(?=/)`` the last ( is a bracket)."""
    return any(
        at == position and char == "(" and depth == 0 for at, char, depth in _syntax(pattern)
    )


def _syntax(pattern: str) -> list[tuple[int, str, int]]:
    """Each character of ``pattern`` that is syntax (not escaped, not in a character class),
    with its position and how many groups are open around it (a group's ( and ) stand at the
    depth outside it)."""
    found: list[tuple[int, str, int]] = []
    depth, index, in_class = 0, 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
            index += 1
            continue
        if char == "[":
            in_class = True
            index += 1
            if pattern.startswith("^", index):
                index += 1
            if pattern.startswith("]", index):
                index += 1  # a ] first in a class is one of its characters
            continue
        if char == ")":
            depth -= 1
        found.append((index, char, depth))
        if char == "(":
            depth += 1
        index += 1
    return found


class _Form:
    """One form's expression, compiled on first use (a process that reads a few values need
    not compile the forms it never meets: the guards make them long): its source, what its
    groups are (slot and terminal), what the lexer tries before every first token, at the
    start (``_Starts``, or None), and the search for a token the form cannot do without (its
    gate, compiled at once: it is short)."""

    __slots__ = ("_first", "_source", "compiled", "gate", "groups")

    def __init__(
        self, source: str, groups: tuple[tuple[int, str], ...], first: _Starts | None, gate: str
    ) -> None:
        self._source, self.groups, self._first = source, groups, first
        self.gate: _Match = re.compile(gate).search
        #: The match and the start check, published together once both are compiled: a
        #: thread that read one without the other would take a token the lexer would not.
        self.compiled: tuple[_Match, _Check | None] | None = None

    def compile(self) -> tuple[_Match, _Check | None]:
        """The form's match and start check, compiled now. A grammar whose terminal has a
        capturing group would shift the groups read() takes apart: then the form matches
        nothing, and its values go to the parser (test_fastvalues.py makes sure no form is
        so)."""
        match = re.compile(self._source)
        first = self._first.compile() if self._first is not None else None
        compiled = (_nothing, None) if match.groups != len(self.groups) else (match.match, first)
        self.compiled = compiled
        return compiled


class _Starts:
    """Whether a text starts with a token of any of some terminals, as the lexer would find
    one there. A terminal that ends by looking ahead for another's text (``LOOKS_AHEAD_FOR``:
    SUBJECT, before a comparator) is tried on its own, and only where that text is somewhere
    in the value: its look-aheads at every character make it the dearest of them all."""

    __slots__ = ("_later", "_plain")

    def __init__(self, terminals: Sequence[str], patterns: dict[str, str]) -> None:
        later = [t for t in terminals if _looks_ahead(t, patterns)]
        self._plain = "|".join(f"(?:{patterns[t]})" for t in terminals if t not in later)
        self._later = [(patterns[LOOKS_AHEAD_FOR[t]], patterns[t]) for t in later]

    def compile(self) -> _Check:
        plain = re.compile(self._plain).match if self._plain else _nothing
        later = [(re.compile(ahead).search, re.compile(t).match) for ahead, t in self._later]

        def starts(text: str) -> bool:
            if plain(text) is not None:
                return True
            return any(
                ahead(text) is not None and match(text) is not None for ahead, match in later
            )

        return starts


def _may_skip(text: str) -> bool:
    """Whether the lexer may skip something in ``text`` (see ``_IGNORED``): a placeholder
    holds a *, and spaces or tabs are skipped. Neither the fast path nor the refusal reads
    such a text."""
    return "*" in text or " " in text or "\t" in text


def _nothing(text: str) -> None:
    return None


class ValueScanner:
    """Reads the commonest values; ``read`` gives None for anything else (ask the parser)."""

    def __init__(self, data: dict[str, Any], transformer: Any) -> None:
        """``data`` holds the value grammar's terminal patterns and, for each form, the
        terminals its lexer tries before each token (``guards``); ``transformer`` builds the
        values."""
        patterns = data["terminals"]
        self._forms: dict[str, _Form] = {}
        for name, slots in FORMS.items():
            guarded = data["forms"][name]
            parts, groups = [], []
            for index, slot in enumerate(slots):
                tokens = []
                for kind in slot.terminals:
                    ahead = "|".join(patterns[t] for t in guarded["tried"][index][kind])
                    tokens.append((f"(?!{ahead})" if ahead else "") + f"(?>({patterns[kind]}))")
                    groups.append((index, kind))
                token = "(?:" + "|".join(tokens) + ")"
                parts.append(token + "?" if slot.optional else token)
            # What is tried before every first token, at the start, is looked for only once
            # the tokens are found: a text that has none of these forms (a date, text) is
            # turned away before the dearest look-ahead, the subject's, runs on the whole of it.
            self._forms[name] = _Form(
                "".join(parts) + r"\Z",
                tuple(groups),
                _Starts(guarded["first"], patterns) if guarded["first"] else None,
                _gate(slots, patterns),
            )
        # A text at whose start no terminal the lexer tries there matches cannot begin.
        self._start = _Starts(data["start"], patterns)
        self._starts: _Check | None = None
        for name, layout in _GROUPS.items():
            if tuple(kind for _, kind in self._forms[name].groups) != layout:
                raise ValueError(f"the {name} form's groups are not what read() takes apart")
        self._transformer = transformer

    def compile(self) -> list[str]:
        """Compile every form now; the names of those that cannot be read here (none, unless
        the grammar changed)."""
        return [name for name, form in self._forms.items() if form.compile()[0] is _nothing]

    def refused(self, text: str) -> bool:
        """Whether the parser is sure to refuse ``text`` (folded) at its first character: no
        terminal its lexer tries at the start of a value matches there, and nothing it skips
        (a placeholder, spaces) is in the text. Such a text (most that stay text) need not be
        given to the parser to be found no value of the grammar."""
        if _may_skip(text):
            return False
        starts = self._starts
        if starts is None:
            starts = self._starts = self._start.compile()
        return not starts(text)

    def read(self, text: str) -> Value | None:
        """The value of ``text`` (folded to ASCII forms), or None where the parser must read
        it: a value of another form, or one the transformer refuses."""
        if _may_skip(text):
            return None
        for name, form in self._forms.items():
            if form.gate(text) is None:
                continue
            matches, first = form.compiled or form.compile()
            match = matches(text)
            if match is None:
                continue
            if first is not None and first(text):
                return None
            build = self._transformer
            try:
                if name == "quantity":
                    prefix, digits, numeral, scale, unit, suffix = match.groups()
                    amount = build.word_amount(digits, numeral, scale, unit)
                    quantity: Value = build.word_quantity(prefix, amount, suffix)
                    return quantity
                if name == "range":
                    low, low_scale, low_unit, separator, high, high_scale, high_unit = (
                        match.groups()
                    )
                    bounds = [
                        build.word_amount(low, None, low_scale, low_unit),
                        _word("RANGE_SEP", separator),
                        build.word_amount(high, None, high_scale, high_unit),
                    ]
                    found: Value = build.range(bounds)
                    return found
                tokens = [
                    _Token(kind, written) if kind == "DATE" else _word(kind, written)
                    for (_, kind), written in zip(form.groups, match.groups(), strict=True)
                    if written is not None
                ]
                made: Value = getattr(build, name)(tokens)  # the rule's callback
                return made
            except Exception:  # whatever the transformer refuses, the parser is left to report
                return None
        return None


def _gate(slots: Sequence[Slot], patterns: dict[str, str]) -> str:
    """What a text must hold somewhere to be of a form: a token of its gate slot, which may
    not be left empty (the / of a ratio, the separator of a range, a comparator word). Where
    the form's expression matches, that token is in the text, so a text without it is turned
    away before the dearer match."""
    (gate,) = [slot for slot in slots if slot.gate]
    if gate.optional:
        raise ValueError("a form's gate may not be left empty")
    return "|".join(f"(?:{patterns[kind]})" for kind in gate.terminals)


def _word(kind: str, text: str) -> _Token:
    token = _WORDS.get((kind, text))
    if token is None:
        token = _Token(kind, text)
        if len(_WORDS) < _MAX_WORDS:
            _WORDS[(kind, text)] = token
    return token


def guards(parser: lark.Lark) -> dict[str, Any]:
    """What the value grammar's pure-Python parser (its LALR table and contextual lexers, read,
    never run) says the fast path must look out for, for each form of ``FORMS``: ``first``, the
    terminals its lexer tries before every token that can start the form, in the state it
    starts in (looked for once, at the start: SUBJECT, whose look-aheads are dear), and
    ``tried``, for each slot and each of its terminals, those it tries before it in any state
    in which the parser reads that token of a value of the form."""
    if set(parser.lexer_conf.ignore) != _IGNORED:
        raise ValueError(f"the value grammar does not ignore {sorted(_IGNORED)} alone")
    table = lark_internals.parse_table(parser)
    lexers = lark_internals.contextual_lexers(parser)
    start = table.start_states["start"]
    rank = {terminal.name: index for index, terminal in enumerate(lexers[start].terminals)}
    rank.update(
        {t.name: len(rank) + i for i, t in enumerate(parser.terminals) if t.name not in rank}
    )
    forms = {}
    for name, slots in FORMS.items():
        before: list[dict[str, set[str]]] = [{kind: set() for kind in s.terminals} for s in slots]
        at_start: dict[tuple[int, str], set[str]] = {}
        for shape in _shapes(slots):
            kinds = [kind for _, kind in shape]
            if not _accepted(table, kinds):
                raise ValueError(f"the value grammar does not accept {' '.join(kinds)}")
            for position, (index, kind) in enumerate(shape):
                stack = _after(table, kinds[:position])
                assert stack is not None  # a prefix of an accepted sequence
                order = [terminal.name for terminal in lexers[stack[-1]].terminals]
                tried = set(order[: order.index(kind)]) - _IGNORED
                if stack[-1] == start:
                    at_start.setdefault((index, kind), set()).update(tried)
                else:
                    before[index][kind].update(tried)
        first = set.intersection(*at_start.values())
        for (index, kind), tried in at_start.items():
            before[index][kind].update(tried - first)
        forms[name] = {
            "first": sorted(first, key=rank.__getitem__),
            "tried": [
                {kind: sorted(names, key=rank.__getitem__) for kind, names in slot.items()}
                for slot in before
            ],
        }
    # What the lexer can read first in any value: a text at whose start none of these matches
    # is refused by the parser at its first character.
    starts = [t.name for t in lexers[start].terminals if t.name not in _IGNORED]
    return {"forms": forms, "start": starts}


def _shapes(slots: Sequence[Slot]) -> list[tuple[tuple[int, str], ...]]:
    """Every sequence of tokens a form can be, as (slot, terminal): each optional slot empty
    or filled, each filled slot with each of its terminals."""
    choices = [
        [*((index, kind) for kind in slot.terminals), *((None,) if slot.optional else ())]
        for index, slot in enumerate(slots)
    ]
    return [tuple(c for c in chosen if c is not None) for chosen in itertools.product(*choices)]


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
