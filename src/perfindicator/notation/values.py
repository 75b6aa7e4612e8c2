"""Reading one target value: the value grammar's transformer, unit normalisation, unit hints.

``read_value`` never fails on a value it does not understand: that value is ``Text``, verbatim.
"""

from __future__ import annotations

import re
from decimal import Context, Decimal, Inexact, InvalidOperation, Overflow, Rounded
from typing import Any, NamedTuple, TypeGuard, cast

import attrs
import lark
from lark import Token

from perfindicator.core import vocabulary as vocab
from perfindicator.core.memo import memoized
from perfindicator.core.text import join_lines
from perfindicator.core.units import normalise_unit, split_scale, unit_dimension
from perfindicator.core.vocabulary import Operator
from perfindicator.model.errors import ParseError
from perfindicator.model.values import (
    Comparison,
    Date,
    DateRange,
    Quantity,
    Range,
    Ratio,
    Text,
    Value,
    days_in_month,
    read_quantity,
    read_range,
    read_text,
)
from perfindicator.notation.fastvalues import ValueScanner
from perfindicator.notation.grammar import (
    HAN,
    Lazy,
    alternation,
    fast_backend,
    fast_path_data,
    load_parser,
)

#: Exact arithmetic for folding scales: anything that would round is refused instead.
_EXACT = Context(
    prec=400, Emax=10_000, Emin=-10_000, traps=[Inexact, Rounded, Overflow, InvalidOperation]
)

#: Numbers longer than this many digits are not read as numbers (the value stays text).
_MAX_DIGITS = 100
_ONE = Decimal(1)


class _NotAValueError(Exception):
    """Raised by the transformer when a parse is well-formed but means nothing: keep the text."""


class _Number(NamedTuple):
    value: Decimal
    chinese: bool


class _Unit(NamedTuple):
    written: str
    canonical: str
    scale: Decimal
    known: bool


class _Amount(NamedTuple):
    number: Decimal  # as written, before any scale
    value: Decimal  # with the scale word and the unit's scale folded in
    unit: str | None
    word_scale: Decimal | None  # 万 or 亿 when written
    unit_scale: Decimal  # 1000 for 千元
    more: bool
    chinese: bool  # written in Chinese numerals
    known: bool  # the unit is in the unit table
    written: str | None = None  # the unit as written: 个月 and 月 are both 月


def chinese_numeral(text: str) -> int | None:
    """The value of a Chinese numeral (两, 十二, 一百二十, 三千万, 一万五), or None if malformed.

    A last digit right after 百, 千, 万 or 亿 counts one place lower, as it is spoken: 三千五 is
    3500 and 一万五 is 15000; with 零 between them it is the ones (一百零五 is 105).
    """
    total = 0  # completed 亿 groups
    group = 0  # completed 万 group
    section = 0  # below 万
    digit: int | None = None
    last_unit = 10**9
    previous = 0  # the multiplier written just before the current digit, if any
    for char in text:
        if char in vocab.CHINESE_DIGITS:
            if digit is not None and digit != 0:
                return None  # two digits in a row: 一二
            digit = vocab.CHINESE_DIGITS[char]
            if digit == 0:
                previous = 0
        elif char in vocab.CHINESE_UNITS:
            unit = vocab.CHINESE_UNITS[char]
            if unit >= last_unit:
                return None  # 十百
            if digit is None:
                if section or char != "十":
                    return None
                digit = 1  # 十二 = 12
            section += digit * unit
            digit, last_unit, previous = None, unit, unit
        else:
            size = vocab.CHINESE_GROUPS[char]
            if digit is not None and previous >= 100:
                digit *= previous // 10  # 三千五万: 3500 of 万
            below = section + (digit or 0)
            if size == 100_000_000:
                if below == 0 and group == 0:
                    return None
                total = (total + group + below) * size
                group = 0
            else:
                if below == 0:
                    return None
                group = below * size
            section, digit, last_unit, previous = 0, None, 10**9, size
    if digit is not None and previous >= 100:
        digit *= previous // 10  # 三千五, 一万五
    return total + group + section + (digit or 0)


def chinese_number(text: str) -> Decimal | None:
    """A Chinese numeral, with decimals after 点 (一点五 is 1.5, 一点五万 is 15000), or None."""
    whole, point, rest = text.partition("点")
    value = chinese_numeral(whole)
    if value is None:
        return None
    if not point:
        return Decimal(value)
    group = rest[-1] if rest[-1:] in vocab.CHINESE_GROUPS else ""
    digits = rest[: len(rest) - len(group)]
    if not digits or any(char not in vocab.CHINESE_DIGITS for char in digits):
        return None
    if any(char in vocab.CHINESE_GROUPS for char in whole):
        return None  # 一万点五: the point belongs before the scale word
    number = Decimal(f"{value}.{''.join(str(vocab.CHINESE_DIGITS[char]) for char in digits)}")
    return number * vocab.CHINESE_GROUPS[group] if group else number


_NUMERAL_CHARACTERS = frozenset(
    [*vocab.CHINESE_DIGITS, *vocab.CHINESE_UNITS, *vocab.CHINESE_GROUPS]
)


def _spelling(word: str) -> _Unit:
    known = vocab.SPELLINGS.get(word)
    if known is None:
        return _Unit(word, word, Decimal(1), known=False)
    return _Unit(word, known.canonical, known.scale, known=True)


def _not_a_unit(word: str) -> bool:
    """An unknown word after a number that is surely no unit: a scale word and a unit after
    another scale (1万万元: which scale is meant?), or a part of a month (3月份, 1月中旬)."""
    if split_scale(word) is not None:
        return True
    month = word.removeprefix("个")
    return month.startswith("月") and month[1:] in vocab.MONTH_PARTS


def _scaled(value: Decimal, scale: Decimal) -> Decimal:
    if scale == 1:
        return value
    try:
        return _EXACT.multiply(value, scale)
    except (Inexact, Rounded, Overflow, InvalidOperation):
        raise _NotAValueError from None


def _single_op(ops: list[Operator]) -> Operator:
    """The one operator that several comparator words agree on; = when there are none."""
    distinct = set(ops)
    if len(distinct) > 1:
        raise _NotAValueError  # 超过90%以上: contradictory
    return distinct.pop() if distinct else vocab.EQ


def _balanced(text: str) -> bool:
    """Whether every bracket opened in ``text`` is closed in it (after folding)."""
    depth = 0
    for char in vocab.fold(text):
        if char in "([【":
            depth += 1
        elif char in ")]】":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


#: The longest run of letters that can be a unit: a spelling after a scale word (万人次).
_LONGEST_UNIT = max(map(len, vocab.SPELLINGS)) + max(map(len, vocab.SCALES))


def _unit_like(text: str) -> bool:
    """Whether ``text`` is only a unit (元, 万元, %) or has no letters at all (a template)."""
    letters = "".join(filter(str.isalpha, vocab.fold(text)))
    # A run of letters holds no / or ·: it is a unit only as one spelling, perhaps scaled.
    return not letters or (len(letters) <= _LONGEST_UNIT and normalise_unit(letters) is not None)


def _year_like(value: Decimal) -> bool:
    return value == value.to_integral_value() and 1900 <= value <= 2099


def _comparison(subject: str | None, op: Operator, written: str) -> Comparison:
    """A comparison with a non-numeric reference, or _NotAValueError if it is not one."""
    reference = written.strip()
    folded = vocab.fold(reference)
    for word, suffix_op in vocab.SUFFIX_WORDS.items():
        if suffix_op == op and folded.endswith(word):
            reference = reference[: -len(word)].rstrip()  # 控制在预算以内
            folded = vocab.fold(reference)
            break
    if not reference or "*" in reference or _unit_like(reference):
        raise _NotAValueError  # ≧ %, ≥ 万元: a template with the number left blank
    if set(reference) <= _NUMERAL_CHARACTERS and chinese_numeral(reference) is not None:
        raise _NotAValueError  # 不少于三: a number without a unit, not a reference
    comparing: re.Pattern[str] = _COMPARING.get()
    if comparing.search(folded) is not None:
        raise _NotAValueError  # 不低于上年且不高于预算: two conditions, not one reference
    return Comparison(subject, op, reference)


def _negated(subject: str) -> bool:
    return subject.endswith(vocab.NEGATIONS)


#: Patterns used now and then, compiled on first use by re's own cache (not at import: a
#: process that reads one block should not pay for them).
_DOTTED_VALUE = r"\s*[0-9]{4}\.[0-9]{1,2}\s*"
_DATE_CN = r"(?:([0-9]{4})年)?(?:([0-9]{1,2})月)?(?:([0-9]{1,2})[日号])?"
_DATE_DOTTED = r"([0-9]{4})[./-]([0-9]{1,2})(?:[./-]([0-9]{1,2}))?"


_TIMES_HUNDRED = r"\s*[×xX]\s*100\s*%$"

#: Units read so far, by their text (see ``ValueTransformer.unit``).
_UNITS: dict[str, _Unit] = {}
_MAX_UNITS = 4096


def _compound(first: Decimal, scale: Decimal | None, rest: str, smaller: Decimal) -> Decimal:
    """3万5千: the first number in its scale, and a smaller rest in a smaller one (35000).
    The rest must fit under the first scale (3万15千 is not a number), and have no decimals."""
    assert scale is not None
    part = Decimal(rest.replace(",", ""))
    if len(rest) > _MAX_DIGITS or part != part.to_integral_value():
        raise _NotAValueError
    if not 0 < _scaled(part, smaller) < scale:
        raise _NotAValueError  # 3万15千, 3千5万: not one number
    return _EXACT.add(_scaled(first, scale), _scaled(part, smaller))


def _written_date(text: str) -> tuple[int | None, int | None, int | None]:
    """The year, month and day of a DATE token, each None where not written."""
    match = _DATE_CN_MATCH(text) or _DATE_DOTTED_MATCH(text)
    assert match is not None
    year, month, day = match.groups()
    return (
        None if year is None else int(year),
        None if month is None else int(month),
        None if day is None else int(day),
    )


_DATE_CN_MATCH = re.compile(_DATE_CN).fullmatch
_DATE_DOTTED_MATCH = re.compile(_DATE_DOTTED).fullmatch


def _month_span(low: _Amount, high: _Amount) -> bool:
    """Whether a range is a span of months (1-12月, 3至6月): whole months of the year, 月 as
    written after the high end (not 个月, a duration), no scale, no Chinese numerals."""
    return (
        low.unit is None
        and high.written == "月"
        and not (low.chinese or high.chinese or low.more or high.more)
        and low.word_scale is None
        and high.word_scale is None
        and all(
            bound.number == bound.number.to_integral_value() and 1 <= bound.number <= 12
            for bound in (low, high)
        )
        and low.number < high.number
    )


class ValueTransformer(lark.Transformer[Token, Any]):
    """Turns the value grammar's rules into model objects, one method per rule."""

    @staticmethod
    def _read_number(children: list[Any]) -> tuple[_Number, list[Any]]:
        """The number at the start of an amount (SIGN? NUMBER, or CN_NUMBER), and the rest."""
        first = children[0]
        if first.type == "CN_NUMBER":
            value = chinese_number(first.value)
            if value is None:
                raise _NotAValueError
            return _Number(value, chinese=True), children[1:]
        signed = first.type == "SIGN"
        digits = children[1 if signed else 0].value.replace(",", "")
        if len(digits) > _MAX_DIGITS:
            raise _NotAValueError
        number = Decimal(digits)
        if signed and first.value == "-":
            number = -number
        return _Number(number, chinese=False), children[2 if signed else 1 :]

    def unit(self, children: list[Token]) -> _Unit:
        # Units repeat (%, 次, 人, 万元): each is read once. The text is key enough: a unit word
        # never holds the / or · between words (tests/test_values.py checks the vocabulary).
        key = children[0].value if len(children) == 1 else "".join([t.value for t in children])
        found = _UNITS.get(key)
        if found is None:
            found = self._unit(children)
            if len(_UNITS) < _MAX_UNITS:
                _UNITS[key] = found
        return found

    @staticmethod
    def _unit(children: list[Token]) -> _Unit:
        parts = [
            _spelling(token.value)
            if token.type == "UNIT_WORD"
            else ("·" if token.type == "TIMES" else token.value)  # 元/人*月 is 元/人·月
            for token in children
        ]
        first = parts[0]
        scale = first.scale if isinstance(first, _Unit) else Decimal(1)
        written = "".join(
            p.written if isinstance(p, _Unit) else token.value
            for p, token in zip(parts, children, strict=True)
        )
        canonical = "".join(p.canonical if isinstance(p, _Unit) else str(p) for p in parts)
        known = all(p.known for p in parts if isinstance(p, _Unit))
        for part in parts:
            if isinstance(part, _Unit) and not part.known and _not_a_unit(part.written):
                raise _NotAValueError
        if not known and any(
            isinstance(p, _Unit) and not p.known and len(p.written) > vocab.MAX_UNKNOWN_UNIT
            for p in parts
        ):
            raise _NotAValueError  # a long run of text after a number is not a unit
        return _Unit(written, canonical, scale, known)

    def _amount(self, children: list[Any]) -> _Amount:
        if children[0].type == "PERCENT_OF":  # 百分之九十五: the unit is said before the number
            number, _ = self._read_number(children[1:])
            return _Amount(number.value, number.value, "%", None, _ONE, False, False, True)
        number, rest = self._read_number(children)
        unit: _Unit | None = None
        word_scale: Decimal | None = None
        more = False
        unit_scale_used = False
        value = number.value
        for index, child in enumerate(rest):
            if child.__class__ is _Unit:
                unit = child
            elif child.type == "SCALE":
                if word_scale is None:
                    word_scale = vocab.SCALES[child.value]
            elif child.type == "MORE":
                more = True
            elif child.type == "NUMBER":  # 3万5千: the rest, below the first scale
                if number.chinese:
                    raise _NotAValueError  # 三万5千: one number in two scripts
                after = rest[index + 1]
                if after.__class__ is _Unit:  # 3万5千元: the scale of 千元 is the rest's
                    if after.scale == 1:
                        raise _NotAValueError  # 3万5人: the rest has no scale of its own
                    smaller, unit_scale_used = after.scale, True
                else:
                    smaller = vocab.SCALES[after.value]
                value = _compound(value, word_scale, child.value, smaller)
                word_scale = _ONE
        if word_scale is not None:
            value = _scaled(value, word_scale)
        if unit is None:
            # A Chinese numeral with 万 or 亿 is a number even alone (十余万, 三万, 一点五万: no
            # word is spelled so); 三, 一般, 零增长 without a unit are not (see quantity).
            grouped = number.chinese and (
                word_scale is not None
                or any(char in vocab.CHINESE_GROUPS for char in children[0].value)
            )
            return _Amount(
                number.value, value, None, word_scale, _ONE, more, number.chinese, grouped
            )
        unit_scale = _ONE if unit_scale_used else unit.scale
        return _Amount(
            number.value,
            _scaled(value, unit_scale),
            unit.canonical,
            word_scale,
            unit_scale,
            more,
            number.chinese,
            unit.known,
            unit.written,
        )

    amount = _amount
    bound = _amount

    def quantity(self, children: list[Any]) -> Quantity:
        ops: list[Operator] = []
        amount: _Amount | None = None
        subject = None
        for child in children:
            if child.__class__ is _Amount:
                amount = child
                if child.more:
                    ops.append(vocab.GT)
            elif child.type == "PREFIX_OP":
                ops.append(vocab.PREFIX_WORDS[child.value].op)
            elif child.type == "SUFFIX_OP":
                ops.append(vocab.SUFFIX_WORDS[child.value])
            elif child.type == "SUBJECT":
                subject = child.value.strip()
        if subject is not None and (_negated(subject) or vocab.APPROX in ops):
            raise _NotAValueError  # 未超过5%; 节约5% (约 inside a word)
        assert amount is not None
        if amount.chinese and not amount.known:
            raise _NotAValueError  # 一般, 零增长: a Chinese numeral needs a known unit
        return read_quantity(_single_op(ops), amount.value, amount.unit)

    # The fast path's readings (fastvalues.py): what the callbacks above make of the commonest
    # shapes, read from the words the fast path's expression found rather than from tokens
    # (the glue between tokens and callbacks is most of the time of a value so simple). The
    # tests (test_fastvalues.py) hold them to the parser's reading on every comparator, scale
    # and unit word of the vocabulary.

    def word_amount(
        self, digits: str | None, numeral: str | None, scale: str | None, unit: str | None
    ) -> _Amount:
        """What ``amount`` makes of ``_number SCALE? unit?`` with a number of ``digits``
        (NUMBER) or a Chinese ``numeral`` (CN_NUMBER) and at most one unit word."""
        if numeral is None:
            assert digits is not None  # one of the two
            if "," in digits:
                digits = digits.replace(",", "")
            if len(digits) > _MAX_DIGITS:
                raise _NotAValueError
            number, chinese = Decimal(digits), False
        else:
            found = chinese_number(numeral)
            if found is None:
                raise _NotAValueError
            number, chinese = found, True
        word_scale = None if scale is None else vocab.SCALES[scale]
        value = number if word_scale is None else _scaled(number, word_scale)
        if unit is None:
            grouped = chinese and (
                word_scale is not None or any(char in vocab.CHINESE_GROUPS for char in numeral)  # type: ignore[union-attr]
            )
            return _Amount(number, value, None, word_scale, _ONE, False, chinese, grouped)
        read = _UNITS.get(unit)
        if read is None:
            read = self.unit([Token("UNIT_WORD", unit)])
        return _Amount(
            number,
            _scaled(value, read.scale),
            read.canonical,
            word_scale,
            read.scale,
            False,
            chinese,
            read.known,
            read.written,
        )

    @staticmethod
    def word_quantity(prefix: str | None, amount: _Amount, suffix: str | None) -> Quantity:
        """What ``quantity`` makes of ``PREFIX_OP? amount SUFFIX_OP?`` (``amount`` from
        ``word_amount``), from the comparator words."""
        if amount.chinese and not amount.known:
            raise _NotAValueError  # as quantity: a Chinese numeral needs a known unit
        op: Operator = vocab.EQ
        if prefix is not None:
            op = vocab.PREFIX_WORDS[prefix].op
            if suffix is not None and vocab.SUFFIX_WORDS[suffix] != op:
                raise _NotAValueError  # as _single_op: contradictory
        elif suffix is not None:
            op = vocab.SUFFIX_WORDS[suffix]
        return read_quantity(op, amount.value, amount.unit)

    def range(self, children: list[Any]) -> Range | DateRange:
        low: _Amount = children[0]
        high: _Amount = children[2]
        if _month_span(low, high):
            # 1-12月: the months of a year, January to December; a duration is written 1-12个月
            return DateRange(
                Date(vocab.EQ, None, int(low.number)), Date(vocab.EQ, None, int(high.number))
            )
        if (low.chinese or high.chinese) and not (high.known or low.known):
            raise _NotAValueError  # 三至五: Chinese numerals need a known unit
        low_value, unit = low.value, high.unit
        if low.unit is None:
            # 2-3万元, 90-95%, 2万-3万元: what is written once after the high end applies to
            # both ends, the scale word only when the low end has none of its own.
            scale = high.unit_scale
            if low.word_scale is None and high.word_scale is not None:
                scale = _scaled(scale, high.word_scale)
            low_value = _scaled(low.value, scale)
        elif high.unit is None:
            if high.word_scale is not None or low.unit_scale != 1:
                raise _NotAValueError  # 3万元-5万: the scales cannot be told apart
            unit = low.unit  # 90%-95
        elif low.unit != high.unit:
            raise _NotAValueError  # 1天-2月
        if low_value > high.value:
            raise _NotAValueError  # 35-20次, or 500-1万元 written ambiguously
        if unit == "年" and all(_year_like(v) for v in (low_value, high.value)):
            raise _NotAValueError  # 2024-2025年: calendar years, not a duration
        return read_range(low_value, high.value, unit)

    def ratio(self, children: list[Token]) -> Ratio:
        numerator = children[0].value.strip()
        denominator = children[2].value.strip()
        # (实际完成数/计划完成数)×100%: the rate as a percentage is the same formula
        times_hundred = re.search(_TIMES_HUNDRED, denominator)
        if times_hundred is not None:
            denominator = denominator[: times_hundred.start()].rstrip()
        if numerator.startswith("(") and denominator.endswith(")"):
            numerator, denominator = numerator[1:].strip(), denominator[:-1].strip()
        if not numerator or not denominator:
            raise _NotAValueError
        if not (_balanced(numerator) and _balanced(denominator)):
            raise _NotAValueError  # (元/台、件): a list of unit choices, not a formula
        if _unit_like(numerator) or _unit_like(denominator):
            raise _NotAValueError  # 》 元/亩: a template unit, not a formula
        return Ratio(numerator, denominator)

    def comparison(self, children: list[Token]) -> Comparison:
        subject = None
        if children[0].type == "SUBJECT":
            subject = children[0].value.strip()
            if _negated(subject):
                raise _NotAValueError
        prefix = vocab.PREFIX_WORDS[children[-2].value]
        if not prefix.compares:
            raise _NotAValueError  # 节约成本, 最多跑一次: 约 and 最多 only qualify numbers
        return _comparison(subject, prefix.op, children[-1].value)

    def date_range(self, children: list[Token]) -> DateRange:
        start, end = (_written_date(token.value) for token in (children[0], children[2]))
        try:
            return DateRange(Date(vocab.EQ, *start), Date(vocab.EQ, *end))
        except ValueError:
            raise _NotAValueError from None  # 2024.01-2023.07, 2023年2月30日-…

    def date(self, children: list[Token]) -> Date:
        ops: list[Operator] = []
        year = month = day = None
        end_of = year_end = False
        for token in children:
            if token.type == "PREFIX_OP":
                ops.append(vocab.PREFIX_WORDS[token.value].op)
            elif token.type == "DATE_SUFFIX":
                ops.append(vocab.DATE_SUFFIX_WORDS[token.value])
                end_of = "底" in token.value or "末" in token.value
                year_end = token.value.startswith("年")
            elif token.type == "DATE":
                year, month, day = _written_date(token.value)
        if end_of:
            if day is not None or (year_end and (year is None or month is not None)):
                raise _NotAValueError  # 31日底, 2024年6月年底
            if month is None:
                month = 12  # 2024年底: the end of the year is its last month
            if 1 <= month <= 12 and (year is not None or month != 2):
                # 底 names the month's last day: 2024年2月底前 is 29 February, 2023年2月底前
                # the 28th (February without a year has no known last day: it stays None).
                day = days_in_month(year or 2001, month)
        op = _single_op([o for o in ops if o != vocab.EQ] or [vocab.EQ])
        try:
            return Date(op, year, month, day)
        except ValueError:
            raise _NotAValueError from None  # 2023年2月30日


def _build_value_parser() -> lark.Lark:
    return load_parser("value", ValueTransformer(), **fast_backend())


_VALUE_PARSER = Lazy(_build_value_parser)


class _NoFastPath:
    """Where the fast path cannot be built (a Lark whose parser is laid out otherwise, or a
    grammar whose values take other tokens), every value goes to the parser."""

    @staticmethod
    def read(text: str) -> None:
        return None

    @staticmethod
    def refused(text: str) -> bool:
        return False


def _build_fast_values() -> ValueScanner | _NoFastPath:
    try:
        return ValueScanner(fast_path_data("value"), ValueTransformer())
    except (AttributeError, KeyError, TypeError, ValueError):
        return _NoFastPath()  # the tests (test_fastvalues.py) make sure this is not the case


#: The fast path for the commonest values, composed from what the value grammar's parser says.
_FAST_VALUES = Lazy(_build_fast_values)


def value_parser() -> lark.Lark:
    """The value parser, built on first use."""
    parser: lark.Lark = _VALUE_PARSER.get()
    return parser


@memoized
def read_value(raw: str) -> Value:
    """Read one value that has already been joined and stripped. Never raises on content."""
    if raw in vocab.QUALITATIVE_RESULTS:
        return read_text(raw)
    folded = vocab.fold(raw)
    value = _parsed(folded)
    if value is None:
        return (
            _comparison_with_any_reference(raw, folded)
            or _value_with_remark(raw, folded)
            or _bounds_joined(raw, folded)
            or _subject_before_number(raw, folded)
            or _reference_before_suffix(raw, folded)
            or _months_of_a_year(raw, folded)
            or read_text(raw)
        )
    # The value was made just now by the transformer and has not been seen by anyone: give it
    # its raw text in place rather than through attrs.evolve, which validates everything again.
    object.__setattr__(value, "raw", raw)
    return value


def _parsed(folded: str) -> Value | None:
    """What the fast path or the grammar reads in a folded value, or None."""
    fast: ValueScanner | _NoFastPath = _FAST_VALUES.get()
    value = fast.read(folded)
    if value is None:
        if fast.refused(folded):
            return None
        try:
            value = cast(Value, value_parser().parse(folded))
        except (lark.exceptions.LarkError, _NotAValueError):
            return None
    return value


def _part(raw: str) -> Value:
    """A part of a value, for the forms read from their parts (a remark after a value, two
    bounds joined by 且): read by the grammar alone, so that no part is taken apart again
    (≥1%且≥1%且… would go as deep as it is long)."""
    value = _parsed(vocab.fold(raw))
    if value is None:
        return read_text(raw)
    object.__setattr__(value, "raw", raw)
    return value


_COMPARATOR = Lazy(lambda: re.compile(alternation(vocab.PREFIX_WORDS)))
#: The comparator words that can compare with a reference (not 约 inside 合同约定).
_COMPARING = Lazy(
    lambda: re.compile(alternation(w for w, p in vocab.PREFIX_WORDS.items() if p.compares))
)
_YEAR_START = r"[0-9]{4}年"


def _comparison_with_any_reference(raw: str, folded: str) -> Comparison | None:
    """A comparison whose reference starts like a number: 不低于2023年水平, 低于一般水平.

    The grammar reads a digit or a Chinese numeral after a comparator as the start of a number,
    so such references reach here when the number reading fails. The first comparator splits
    the value; the rest is a reference only if it is not itself a number or a comparison.
    """
    comparator: re.Pattern[str] = _COMPARATOR.get()
    comparing: re.Pattern[str] = _COMPARING.get()
    match = comparator.search(folded)
    if match is None or comparing.search(folded, match.end()) is not None:
        return None
    prefix = vocab.PREFIX_WORDS[match.group()]
    subject = raw[: match.start()].strip() or None
    rest = raw[match.end() :].strip()
    if not prefix.compares or not rest or (subject is not None and _negated(subject)):
        return None
    folded_rest = vocab.fold(rest)
    if "*" in folded or (folded_rest[:1].isdigit() and not re.match(_YEAR_START, folded_rest)):
        return None
    if not isinstance(read_value(rest), Text):
        return None  # 不低于90%而且… is not a comparison with the reference 90%…
    try:
        return attrs.evolve(_comparison(subject, prefix.op, rest), raw=raw)
    except _NotAValueError:
        return None


#: A remark in brackets after a value: 95%以上(含), ≥95%(含95%), 100%(历史标准).
_REMARK = r"(.*?[^\s(])\s*\(([^()]*)\)\s*"
#: Words that say the number itself is included: (含), (含95%), (含本数).
_INCLUDED = "含"


def _value_with_remark(raw: str, folded: str) -> Value | None:
    """A value followed by a remark in brackets, the remark kept in ``raw`` only.

    ``(含…)`` says that the number is included, which ``>=``, ``<=`` and ``=`` already say
    (it contradicts ``>`` and ``<``: then the value is text), and a number in it must be the
    value's own (≥95%(含95%)). Any other remark is an annotation such as ``(历史标准)`` (the
    standard the target was set by): Han characters only, and no unit (5个(套) is a list of
    units, not a remark).
    """
    # The pattern ends with the closing bracket and spaces (\s is str.isspace's whitespace).
    match = re.fullmatch(_REMARK, folded) if folded.rstrip().endswith(")") else None
    if match is None:
        return None
    before, remark = match[1], match[2].strip()
    written = raw[: len(before)]
    value = _part(written) if "(" not in before else Text(written, written)
    if isinstance(value, Text):  # 满意度90%以上(含): the one form read around a remark
        value = _subject_before_number(written, before) or value
    if isinstance(value, Text):
        return None
    if remark.startswith(_INCLUDED):
        if not isinstance(value, (Quantity, Date)) or value.op in (vocab.GT, vocab.LT):
            return None
        number = remark[len(_INCLUDED) :].strip()
        if number and not re.fullmatch(r"本数|本级|[0-9].*", number):
            return None
        if number[:1].isdigit() and not _same_number(_part(number), value):
            return None  # ≥95%(含90%): which is it?
    elif not (
        2 <= len(remark) <= 10
        and all("\u3400" <= char <= "\u9fff" for char in remark)
        and normalise_unit(remark) is None
        and _COMPARATOR.get().search(remark) is None
    ):
        return None
    return attrs.evolve(value, raw=raw)


def _same_number(remark: Value, value: Quantity | Date) -> bool:
    if isinstance(value, Date):
        return isinstance(remark, Date) and remark.to_dict() | {"raw": "", "op": ""} == (
            value.to_dict() | {"raw": "", "op": ""}
        )
    return (
        isinstance(remark, Quantity)
        and remark.value == value.value
        and remark.unit in (None, value.unit)
    )


#: The word joining two bounds into one range (≥90%且≤95%), and the words it may end.
_JOINED = "且"
_JOINED_WORDS = ("并", "而")  # 并且, 而且


def _joined_parts(folded: str) -> tuple[slice, slice] | None:
    """Where the two bounds are around the first 且 (or 并且, 而且) with text on both sides,
    spaces around it left out. Found with ``str.find``, not a pattern: a pattern for "text,
    spaces, the word" tries the run of spaces from each of its characters, which is quadratic
    in a long run of spaces."""
    start = 0
    while (found := folded.find(_JOINED, start)) >= 0:
        word = found - 1 if found >= 2 and folded[found - 1] in _JOINED_WORDS else found
        first_end = len(folded[:word].rstrip())
        rest = folded[found + 1 :]
        second_start = len(folded) - len(rest.lstrip())
        if first_end > 0 and second_start < len(folded):
            return slice(0, first_end), slice(second_start, len(folded))
        start = found + 1
    return None


def _bounds_joined(raw: str, folded: str) -> Range | None:
    """A lower and an upper bound joined by 且 (≥90%且≤95%): the range between them, both
    ends included. Bounds that exclude their number (>90%且<95%) have no range of the model
    and stay text, as do bounds in two different units."""
    parts = _joined_parts(folded)
    if parts is None:
        return None
    first, second = _part(raw[parts[0]]), _part(raw[parts[1]])
    if not (isinstance(first, Quantity) and isinstance(second, Quantity)):
        return None
    bounds = {first.op: first, second.op: second}
    low, high = bounds.get(vocab.GE), bounds.get(vocab.LE)
    if low is None or high is None:
        return None
    unit = low.unit or high.unit
    for bound in (low, high):
        if bound.unit is None and _scale_written(bound.raw):
            return None  # ≥2万且≤3万元: which unit is the 万 of?
        if bound.unit not in (None, unit):
            return None
    if low.unit != high.unit and any(_scale_written(b.raw) for b in (low, high)):
        return None  # ≥2且≤3万元: 2 元 or 2 万元?
    if low.value > high.value:
        return None
    return Range(low.value, high.value, unit, raw=raw)


def _scale_written(text: str) -> bool:
    """Whether a scale word (万, 千元 …) was folded into a number written in ``text``."""
    folded = vocab.fold(text)
    return any(word in folded for word in vocab.SCALES)


#: 2024年1-12月, 2024年1月-12月: a span of months of one year, the year written once.
_MONTHS_OF_A_YEAR = r"\s*((?:19|20)[0-9]{2})年([0-9]{1,2})月?\s*[-~至到]\s*([0-9]{1,2})月\s*"


def _months_of_a_year(raw: str, folded: str) -> DateRange | None:
    """A span of months with the year written once before them (2024年1-12月)."""
    match = re.fullmatch(_MONTHS_OF_A_YEAR, folded) if "月" in folded else None
    if match is None:
        return None
    year, first, last = (int(part) for part in match.groups())
    try:
        return DateRange(Date(vocab.EQ, year, first), Date(vocab.EQ, year, last), raw=raw)
    except ValueError:
        return None  # 2024年12-1月, 2024年1-13月


def _subject_before_number(raw: str, folded: str) -> Quantity | None:
    """满意度90%以上, 增长10%以上: a subject, then a number with a comparator after it. As with
    a comparator before the number (满意度不低于90%), the subject is dropped and the value is
    the quantity. The subject has no digits, comparators nor punctuation (不低于90%，力争95%以上
    is two targets), is not negated, and the comparator must be written after the number: a
    subject and a bare number (返本20%) is text."""
    if not folded.endswith(_SUFFIX_COMPARATORS):
        return None
    # The number starts at the first digit after a Han character: 12345热线满意度|90%以上.
    match = re.search(f"(?<=[{HAN}])[0-9]", folded)
    if match is None:
        return None
    subject = folded[: match.start()].strip()
    if (
        not re.fullmatch(f"[0-9A-Za-z{HAN}]+", subject)  # words only: no signs, no brackets
        or subject.endswith("百分之")  # 百分之95以上 is read by the grammar, or not at all
        or _COMPARATOR.get().search(subject) is not None
        or any(word in subject for word in vocab.NEGATIONS)  # 未增长10%以上
    ):
        return None
    value = _part(raw[match.start() :])
    if not isinstance(value, Quantity) or value.op == vocab.EQ:
        return None
    return attrs.evolve(value, raw=raw)


#: The comparators written after a number that bound it (not 左右, "about").
_SUFFIX_COMPARATORS = tuple(word for word, op in vocab.SUFFIX_WORDS.items() if op != vocab.APPROX)


#: Comparators after a reference that are read (预算以内); 内 alone is not (区内, 省内 are places),
#: nor 以外 (预算以外 is outside the budget, not above it) or 左右.
_REFERENCE_SUFFIXES = ("以内", "之内", "以下", "以上", "及以上", "及以下")
_REFERENCE_SUFFIXES_LONGEST_FIRST = sorted(_REFERENCE_SUFFIXES, key=len, reverse=True)


def _reference_before_suffix(raw: str, folded: str) -> Comparison | None:
    """预算以内, 上年以上: a non-numeric reference with a comparator after it."""
    for word in _REFERENCE_SUFFIXES_LONGEST_FIRST:
        if folded.endswith(word):
            reference = raw[: len(raw) - len(word)].strip()
            break
    else:
        return None
    folded_reference = vocab.fold(reference)
    if (
        not reference
        or folded_reference[:1].isdigit()
        or re.search(r"[0-9,;:。、*/+~()]", folded_reference)
        or _COMPARATOR.get().search(folded_reference) is not None
        or any(suffix in folded_reference for suffix in _REFERENCE_SUFFIXES)
        or not isinstance(_part(reference), Text)
    ):
        return None
    try:
        return attrs.evolve(_comparison(None, vocab.SUFFIX_WORDS[word], reference), raw=raw)
    except _NotAValueError:
        return None


#: A unit in brackets in an indicator name: （%）, (万元), or a template such as (≥**%). Every
#: quantifier is possessive: a run of spaces after a bracket is scanned once, never split
#: between two space patterns in every way (which took quadratic time on a long run).
_HINT = r"[(（]\s*+(?:[≥≤≧≦<>＜＞=＝]{1,2}+\s*+)?[*＊]*+\s*+([^()（）\s*＊]{1,6}+)\s*+[)）]"


@memoized
def unit_hint(name: str) -> tuple[str, Decimal] | None:
    """The unit hinted in an indicator name, such as ``验收合格率（%）``: (canonical, scale)."""
    for match in reversed(list(re.finditer(_HINT, name))):
        try:
            hint = normalise_unit(match.group(1))
        except _NotAValueError:
            continue
        if hint is not None:
            return hint
    if name.rstrip().endswith(("%", "％")):  # 验收合格率%: the sign without brackets
        return "%", Decimal(1)
    return None


#: Dimensions whose amounts are commonly written with decimals, like a dotted date (2020.5).
_MEASURED = frozenset({"currency", "area", "length", "mass", "volume", "energy", "power", "data"})


def may_hint(name: str) -> bool:
    """Whether ``unit_hint(name)`` can be other than None: only a name with a bracket, or one
    that ends in a per-cent sign, hints a unit (a cheap test, before the cached one)."""
    return "(" in name or "（" in name or name.rstrip().endswith(("%", "％"))


def _numeral_parts(raw: str) -> tuple[str, str, str] | None:
    """A text value that is a Chinese numeral with, each optional, a comparator before it and
    a comparator after it (三, 不少于三, 十以上): the three parts, or None."""
    folded = vocab.fold(raw)
    comparator: re.Pattern[str] = _COMPARATOR.get()
    prefix = comparator.match(folded)
    start = prefix.end() if prefix is not None else 0
    end = len(folded)
    for word in sorted(vocab.SUFFIX_WORDS, key=len, reverse=True):
        if folded.endswith(word) and len(folded) - len(word) > start:
            end -= len(word)
            break
    numeral = folded[start:end]
    if not numeral or not set(numeral) <= _HINTED_NUMERAL or numeral[0] not in _NUMERAL_START:
        return None
    return folded[:start], numeral, folded[end:]


#: What a Chinese numeral that takes its unit from the name may hold: 三, 十余, 一点五.
_HINTED_NUMERAL = frozenset([*_NUMERAL_CHARACTERS, "点", *vocab.MORE_WORDS])
_NUMERAL_START = frozenset([*vocab.CHINESE_DIGITS, "十"])


def hint_matters(value: Value) -> TypeGuard[Quantity | Range | Date | Text]:
    """Whether an indicator's name can change the value (``with_hint``): a number without a
    unit, a dotted date (2020.5) that a currency hint makes an amount, or a Chinese numeral
    without a unit (三 under 培训次数（次）). For any other value ``with_hint(value, name)`` is
    ``value`` whatever the name."""
    if isinstance(value, Text):
        return _numeral_parts(value.raw) is not None
    if isinstance(value, (Ratio, Comparison, DateRange)):
        return False
    if isinstance(value, Date):
        return re.fullmatch(_DOTTED_VALUE, vocab.fold(value.raw)) is not None
    return value.unit is None


def with_hint(value: Value, name: str | None) -> Value:
    """Give a number without a unit the unit hinted in the indicator name."""
    if name is None or not hint_matters(value):
        return value
    hint = unit_hint(name)
    if hint is None:
        return value
    if isinstance(value, Text):
        return _hinted_numeral(value, hint)
    if isinstance(value, Date):  # dotted: see hint_matters
        if unit_dimension(hint[0]) not in _MEASURED:
            return value
        # 2020.5 in a column of （万元） is an amount, not May 2020; in （年） or （个） it
        # stays a date.
        value = Quantity(vocab.EQ, Decimal(vocab.fold(value.raw)), None, value.raw)
    if value.unit is not None:
        return value
    unit, scale = hint
    try:
        if isinstance(value, Quantity):
            return attrs.evolve(value, value=_scaled(value.value, scale), unit=unit)
        return attrs.evolve(
            value, low=_scaled(value.low, scale), high=_scaled(value.high, scale), unit=unit
        )
    except _NotAValueError:
        return value


def _hinted_numeral(value: Text, hint: tuple[str, Decimal]) -> Value:
    """A Chinese numeral without a unit (三, 不少于三) read with the unit the name hints, which
    is known: the numeral is then a number (docs/language.md); else the text stays."""
    parts = _numeral_parts(value.raw)
    unit, scale = hint
    if parts is None:
        return value
    prefix, numeral, suffix = parts
    read = read_value(prefix + numeral + unit + suffix)
    if not isinstance(read, (Quantity, Range)) or read.unit != unit:
        return value
    try:
        if isinstance(read, Quantity):
            return attrs.evolve(read, value=_scaled(read.value, scale), raw=value.raw)
        return attrs.evolve(
            read, low=_scaled(read.low, scale), high=_scaled(read.high, scale), raw=value.raw
        )
    except _NotAValueError:
        return value


def parse_value(text: str, *, name: str | None = None) -> Value:
    """Read one target value (one cell), such as ``不低于97%`` or ``20-35次``.

    ``name`` is the indicator name, whose unit hint (``验收合格率（%）``) is given to a number
    written without a unit. A value that is not understood is returned as ``Text``,
    verbatim; only empty input raises ``ParseError``.

    >>> parse_value("≥2.5万人次")
    Quantity(op='>=', value=Decimal('25000'), unit='人次')
    >>> parse_value("100", name="验收合格率（%）")
    Quantity(op='=', value=Decimal('100'), unit='%')
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_value() takes text (str), not {type(text).__name__}")
    # Most cells have no line break nor invisible character: then there is nothing to join.
    raw = text.strip() if text.isprintable() else join_lines(text).text.strip()
    if not raw:
        position = len(text)
        raise ParseError("expected a value, found nothing", text, position, position)
    return with_hint(read_value(raw), name)
