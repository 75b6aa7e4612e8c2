"""The data model: frozen attrs classes for values and indicators, and their interchange form.

No parsing happens here. Every number is a ``decimal.Decimal`` in canonical form (no trailing
fractional zeros, no exponent), so that ``Quantity.of(">=", "97.0", "%") == Quantity.of(">=",
97, "%")`` and ``to_dict()`` always writes the same string for the same number.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar, Literal

import attrs

from perfindicator.core import vocabulary as vocab
from perfindicator.core.units import unit_dimension
from perfindicator.core.vocabulary import Operator
from perfindicator.model.location import Location, TextSpan

__all__ = [
    "Code",
    "Comparison",
    "Date",
    "DateRange",
    "Indicator",
    "Quantity",
    "Range",
    "Ratio",
    "Text",
    "Value",
    "canonical_decimal",
    "days_in_month",
    "folded_scale",
    "unit_dimension",
]


#: The largest power of ten a number of the model may have, and the smallest (as 10 ** -it).
MAX_EXPONENT = 1000

#: What a number may be given as: never a float, which is not exact.
Number = Decimal | int | str


def canonical_decimal(value: Decimal) -> Decimal:
    """Return ``value`` without trailing fractional zeros or a positive exponent, exactly."""
    sign, digits, exponent = value.as_tuple()
    if exponent == 0 and (value or not sign):
        return value  # a whole number as written: already canonical (the common case)
    if not isinstance(exponent, int):
        raise ValueError(f"not a finite number: {value}")
    digit_list = list(digits)
    while exponent < 0 and len(digit_list) > 1 and digit_list[-1] == 0:
        digit_list.pop()
        exponent += 1
    if exponent > 0:
        digit_list.extend([0] * exponent)
        exponent = 0
    if not any(digit_list):
        return Decimal(0)
    return Decimal((sign, tuple(digit_list), exponent))


def to_decimal(value: Number) -> Decimal:
    """attrs converter: accept Decimal, int or a decimal string, never a float."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
        raise TypeError(
            f"numbers must be Decimal, int or str, not {type(value).__name__}"
            " (a float such as 0.1 is not exact)"
        )
    try:
        number = value if isinstance(value, Decimal) else Decimal(value)
    except InvalidOperation:
        raise ValueError(f"not a decimal number: {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    if number and not -MAX_EXPONENT <= number.adjusted() <= MAX_EXPONENT:
        # 1e1000000 is finite, but written out it has a million digits (and 1e999999999999
        # cannot be written out at all): no target or result of a budget table is near that.
        raise ValueError(
            f"number out of range: {value!r} has more than {MAX_EXPONENT} digits"
            f" {'before' if number.adjusted() > 0 else 'after'} the decimal point"
        )
    return canonical_decimal(number)


def _check_op(allowed: tuple[Operator, ...]) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Operator], value: Operator) -> None:
        if value not in allowed:
            raise ValueError(f"{attribute.name} must be one of {', '.join(allowed)}, not {value!r}")

    return check


def decimal_text(value: Decimal) -> str:
    """A decimal as the interchange form writes it: plain digits, never an exponent."""
    return format(value, "f")


class _Target:
    """What every kind of value can do as a target: say whether an actual result meets it."""

    __slots__ = ()

    def is_met_by(self, actual: Any, rules: Any = None) -> bool:
        """Whether ``actual`` meets this target.

        ``actual`` is a number (in this target's unit when it has none: ``98`` against
        ``≥95%``), a value of the model, a ``datetime.date`` or text in the notation (``"98%"``,
        ``"37人"``, ``"2024年11月20日"``, or a verdict such as ``达成年度指标`` for a qualitative
        target). Units of one dimension convert (万元 and 元, 年 and 月); others raise
        ``ValueError``, as does an actual result of the wrong kind. ``rules`` is a
        ``ScoringRules`` (how close to 约 is close enough).

        >>> from perfindicator import parse_value
        >>> parse_value("不低于97%").is_met_by("98.5%")
        True
        >>> parse_value("≤2万元").is_met_by("19800元")
        True
        >>> parse_value("2024年12月31日前").is_met_by("2025年1月3日")
        False
        """
        if _judge is None:  # the package connects it on import: only a broken install
            raise RuntimeError("import perfindicator to judge actual results")
        return _judge(self, actual, rules)


#: Whether an actual result meets a target is judged by the review layer (the scoring rules),
#: which reads an actual written as text with the notation. Both are built on the model, so the
#: model cannot import them: the package, above every layer, connects the judge when it is
#: imported (``perfindicator/__init__.py``), and nothing else does.
_judge: Callable[[Any, Any, Any], bool] | None = None


def connect_judge(judge: Callable[[Any, Any, Any], bool]) -> None:
    """Make ``judge(target, actual, rules)`` answer ``is_met_by`` (for the package only)."""
    global _judge
    _judge = judge


@attrs.frozen
class Quantity(_Target):
    """A number with an optional unit and a comparator: ``不低于97%`` is ``>= 97 %``."""

    kind: ClassVar[Literal["quantity"]] = "quantity"
    op: Operator = attrs.field(validator=_check_op(vocab.OPERATORS))
    value: Decimal = attrs.field(converter=to_decimal)
    unit: str | None = None
    raw: str = attrs.field(default="", eq=False, repr=False)

    @classmethod
    def of(cls, op: Operator, value: Number, unit: str | None = None) -> Quantity:
        """Build a quantity from its parts; ``raw`` becomes its canonical notation."""
        made = cls(op, value, unit)
        return attrs.evolve(made, raw=str(made))

    @property
    def dimension(self) -> str | None:
        """The dimension of the unit (see ``unit_dimension``)."""
        return unit_dimension(self.unit)

    def __str__(self) -> str:
        return f"{vocab.QUANTITY_SYMBOL[self.op]}{decimal_text(self.value)}{self.unit or ''}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "raw": self.raw,
            "op": self.op,
            "value": decimal_text(self.value),
            "unit": self.unit,
        }


@attrs.frozen
class Range(_Target):
    """An interval with both ends included: ``20-35次`` is 20 to 35 次."""

    kind: ClassVar[Literal["range"]] = "range"
    low: Decimal = attrs.field(converter=to_decimal)
    high: Decimal = attrs.field(converter=to_decimal)
    unit: str | None = None
    raw: str = attrs.field(default="", eq=False, repr=False)

    @high.validator
    def _check_order(self, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
        if value < self.low:
            raise ValueError(f"range low {self.low} is above its high {value}")

    @classmethod
    def of(
        cls, low: Decimal | int | str, high: Decimal | int | str, unit: str | None = None
    ) -> Range:
        """Build a range from its parts; ``raw`` becomes its canonical notation."""
        made = cls(low, high, unit)
        return attrs.evolve(made, raw=str(made))

    @property
    def dimension(self) -> str | None:
        """The dimension of the unit (see ``unit_dimension``)."""
        return unit_dimension(self.unit)

    def __str__(self) -> str:
        return f"{decimal_text(self.low)}-{decimal_text(self.high)}{self.unit or ''}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "raw": self.raw,
            "low": decimal_text(self.low),
            "high": decimal_text(self.high),
            "unit": self.unit,
        }


def _non_empty(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value or value != value.strip():
        raise ValueError(
            f"{attribute.name} must be non-empty text without outer spaces, not {value!r}"
        )


@attrs.frozen
class Ratio(_Target):
    """A rate defined by a formula: ``实际工期/计划工期``."""

    kind: ClassVar[Literal["ratio"]] = "ratio"
    numerator: str = attrs.field(validator=_non_empty)
    denominator: str = attrs.field(validator=_non_empty)
    raw: str = attrs.field(default="", eq=False, repr=False)

    @classmethod
    def of(cls, numerator: str, denominator: str) -> Ratio:
        """Build a ratio from its parts; ``raw`` becomes its canonical notation."""
        made = cls(numerator, denominator)
        return attrs.evolve(made, raw=str(made))

    def __str__(self) -> str:
        return f"{self.numerator}/{self.denominator}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "raw": self.raw,
            "numerator": self.numerator,
            "denominator": self.denominator,
        }


@attrs.frozen
class Comparison(_Target):
    """A comparison with a non-numeric reference: ``总费用支出低于年初预算``."""

    kind: ClassVar[Literal["comparison"]] = "comparison"
    subject: str | None = attrs.field(validator=attrs.validators.optional(_non_empty))
    op: Operator = attrs.field(validator=_check_op(tuple(vocab.COMPARISON_WORD)))
    reference: str = attrs.field(validator=_non_empty)
    raw: str = attrs.field(default="", eq=False, repr=False)

    @classmethod
    def of(cls, subject: str | None, op: Operator, reference: str) -> Comparison:
        """Build a comparison from its parts; ``raw`` becomes its canonical notation."""
        made = cls(subject, op, reference)
        return attrs.evolve(made, raw=str(made))

    def __str__(self) -> str:
        return f"{self.subject or ''}{vocab.COMPARISON_WORD[self.op]}{self.reference}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "raw": self.raw,
            "subject": self.subject,
            "op": self.op,
            "reference": self.reference,
        }


def days_in_month(year: int, month: int) -> int:
    """The number of days of a month, in the proleptic Gregorian calendar (leap years too)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _check_date(instance: Date, attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if instance.year is None and instance.month is None:
        raise ValueError("a date needs a year or a month")
    if instance.year is None and value is None and instance.op not in (vocab.EQ, vocab.LE):
        # 6月 alone reads as a duration; the notation has 6月底 and 6月底前, nothing else.
        raise ValueError("a month without a year or day can only be '=' (6月底) or '<=' (6月底前)")
    if instance.month is not None and not 1 <= instance.month <= 12:
        raise ValueError(f"month must be 1-12, not {instance.month}")
    if value is not None:
        if instance.month is None:
            raise ValueError("a day needs a month")
        last = days_in_month(instance.year or 2000, instance.month)
        if not 1 <= value <= last:
            raise ValueError(f"day must be 1-{last} in month {instance.month}, not {value}")


@attrs.frozen
class Date(_Target):
    """A date or a deadline: ``2024年12月31日前`` is ``<= 2024-12-31``.

    Missing parts are None. A deadline without a day means the end of that month or year.
    """

    kind: ClassVar[Literal["date"]] = "date"
    op: Operator = attrs.field(validator=_check_op(vocab.OPERATORS[:-1]))
    year: int | None = None
    month: int | None = None
    day: int | None = attrs.field(default=None, validator=_check_date)
    raw: str = attrs.field(default="", eq=False, repr=False)

    @classmethod
    def of(
        cls, op: Operator, year: int | None, month: int | None = None, day: int | None = None
    ) -> Date:
        """Build a date from its parts; ``raw`` becomes its canonical notation."""
        made = cls(op, year, month, day)
        return attrs.evolve(made, raw=str(made))

    def __str__(self) -> str:
        text = ""
        if self.year is not None:
            text += f"{self.year}年"
        if self.month is not None:
            text += f"{self.month}月"
        if self.day is not None:
            text += f"{self.day}日"
        if self.op == vocab.LE:
            # A month without a day is its whole: 2024年9月前 is by the end of September (as
            # 于2024年9月前完成 is); 2024年9月底前 names its last day, and reads back with it.
            return f"{text}底前" if self.year is None and self.day is None else f"{text}前"
        if self.op == vocab.EQ:
            # A month alone is a duration (6月); 底 keeps it a date (6月底, still that month).
            return f"{text}底" if self.year is None and self.day is None else text
        return f"{vocab.DATE_PREFIX_FOR[self.op]}{text}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "raw": self.raw,
            "op": self.op,
            "year": self.year,
            "month": self.month,
            "day": self.day,
        }


def _check_span(instance: DateRange, attribute: attrs.Attribute[Date], value: Date) -> None:
    start = instance.start
    for end in (start, value):
        if not isinstance(end, Date) or end.op != vocab.EQ:
            raise ValueError(f"both ends of a span of dates must be '=' dates, not {end!r}")
    if (start.year is None) != (value.year is None):
        raise ValueError("both ends of a span of dates must have a year, or neither")
    if _first_day(start) >= _first_day(value):
        raise ValueError(f"a span of dates must start before it ends, not {start} to {value}")


def _first_day(date: Date) -> tuple[int, int, int]:
    return (date.year or 0, date.month or 1, date.day or 1)


@attrs.frozen
class DateRange(_Target):
    """A span of dates, both ends included: ``2023.07-2024.01`` is July 2023 to January 2024;
    ``1-12月`` is January to December of a year not written. Each end is an ``=`` date whose
    missing parts stand for all of it (a month: all its days)."""

    kind: ClassVar[Literal["date_range"]] = "date_range"
    start: Date
    end: Date = attrs.field(validator=_check_span)
    raw: str = attrs.field(default="", eq=False, repr=False)

    @classmethod
    def of(cls, start: Date, end: Date) -> DateRange:
        """Build a span from its two ends; ``raw`` becomes its canonical notation."""
        made = cls(start, end)
        return attrs.evolve(made, raw=str(made))

    def __str__(self) -> str:
        if self.start.year is None and self.start.day is None and self.end.day is None:
            return f"{self.start.month}-{self.end.month}月"  # 1-12月: months of one year
        return f"{_date_text(self.start)}-{_date_text(self.end)}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "raw": self.raw,
            "start": _date_parts(self.start),
            "end": _date_parts(self.end),
        }


def _date_text(date: Date) -> str:
    """A date as written, without a comparator: 2023年7月, 2024年1月15日."""
    parts = [(date.year, "年"), (date.month, "月"), (date.day, "日")]
    return "".join(f"{number}{word}" for number, word in parts if number is not None)


def _date_parts(date: Date) -> dict[str, int | None]:
    return {"year": date.year, "month": date.month, "day": date.day}


@attrs.frozen
class Text(_Target):
    """A value kept verbatim: qualitative targets (``合法合规``) and anything not understood."""

    kind: ClassVar[Literal["text"]] = "text"
    text: str
    raw: str = attrs.field(default="", eq=False, repr=False)

    @classmethod
    def of(cls, text: str) -> Text:
        """Build a text value; ``raw`` is the text itself."""
        return cls(text, text)

    def __str__(self) -> str:
        return self.text

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "raw": self.raw, "text": self.text}


Value = Quantity | Range | Ratio | Comparison | Date | DateRange | Text


@attrs.frozen
class Code:
    """A level (一级指标) or category (二级指标) as written: code ``11``, name ``数量指标``.

    The code is None where none was written and none is known: a spreadsheet row of the 2021
    generation (成本指标), whose codes were never published.
    """

    code: str | None
    name: str

    def __str__(self) -> str:
        return self.name if self.code is None else f"{self.code}-{self.name}"

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name}


def _indicator_repr(indicator: Indicator) -> str:
    fields = ", ".join(
        f"{field.name}={getattr(indicator, field.name)!r}"
        for field in attrs.fields(Indicator)
        if field.repr
    )
    return f"Indicator({fields})"


def _optional_number(value: Number | None) -> Decimal | None:
    return None if value is None else to_decimal(value)


@attrs.frozen
class IndicatorRow:
    """What a column-form table prints beside an indicator's targets, on the indicator's row:
    the actual result of a self-evaluation (实际完成值, read in the target's context), the
    weight (权重 / 分值) and the points given (得分), the direction (指标方向: 正向 / 反向), the
    deviation note (偏差原因分析及改进措施), further target columns (one per year or county, by
    heading) and text columns (指标解释, 评分标准), and where the row is in its file.
    """

    actual: Value | None = None
    weight: Decimal | None = attrs.field(default=None, converter=_optional_number)
    points: Decimal | None = attrs.field(default=None, converter=_optional_number)
    direction: str | None = None
    note: str | None = None
    #: Target columns beyond ``period`` and ``annual``: (heading, value), in column order.
    targets: tuple[tuple[str, Value], ...] = attrs.field(
        default=(), converter=tuple[tuple[str, Value], ...]
    )
    #: Text columns: (heading, text), in column order.
    texts: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=tuple[tuple[str, str], ...]
    )
    #: The ``number`` of the indicator a 其中 row belongs to; None for an indicator of its own.
    parent: int | None = None
    #: Where the row is (``model/location.py``); None where it was not read from a file.
    location: Location | None = attrs.field(default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The fields the row has, under the names of the interchange form."""
        found: dict[str, Any] = {}
        if self.actual is not None:
            found["actual"] = self.actual.to_dict()
        for name in ("weight", "points"):
            if (number := getattr(self, name)) is not None:
                found[name] = decimal_text(number)
        for name in ("direction", "note", "parent"):
            if (field := getattr(self, name)) is not None:
                found[name] = field
        if self.targets:
            found["targets"] = [
                {"heading": heading, "value": value.to_dict()} for heading, value in self.targets
            ]
        if self.texts:
            found["texts"] = [{"heading": heading, "text": text} for heading, text in self.texts]
        if self.location is not None:
            found["location"] = self.location.to_dict()
        return found


@attrs.frozen(repr=False)
class Indicator:
    """One numbered performance indicator (三级指标) with its level, category and targets."""

    number: int
    level: Code
    category: Code
    name: str
    period: Value | None
    annual: Value | None
    #: Half-open character range of the item in the text the caller passed in.
    span: tuple[int, int] = attrs.field(default=(0, 0), eq=False, repr=False)
    #: The rest of the indicator's row in a column-form table; None for the notation (and
    #: left out of the repr then).
    row: IndicatorRow | None = attrs.field(default=None, repr=False)

    def __repr__(self) -> str:
        shown = _indicator_repr(self)
        return shown if self.row is None else f"{shown[:-1]}, row={self.row!r})"

    @property
    def actual(self) -> Value | None:
        """The actual result a self-evaluation printed (实际完成值), or None."""
        return None if self.row is None else self.row.actual

    @property
    def weight(self) -> Decimal | None:
        """The indicator's weight (权重 / 分值), or None where none is printed."""
        return None if self.row is None else self.row.weight

    @property
    def points(self) -> Decimal | None:
        """The points a self-evaluation gave the indicator (得分), or None."""
        return None if self.row is None else self.row.points

    @property
    def location(self) -> Location:
        """Where the indicator was read: its row's location in a file, else its span of the
        text (a ``TextSpan``)."""
        if self.row is not None and self.row.location is not None:
            return self.row.location
        return TextSpan(*self.span)

    def __str__(self) -> str:
        parts = [f"{self.number}、{self.level}", str(self.category), self.name]
        if self.period is not None:
            parts.append(f"实施周期指标值:{self.period}")
        if self.annual is not None:
            parts.append(f"年度指标值:{self.annual}")
        return "；".join(parts) + "。"

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "level": self.level.to_dict(),
            "category": self.category.to_dict(),
            "name": self.name,
            "period": None if self.period is None else self.period.to_dict(),
            "annual": None if self.annual is None else self.annual.to_dict(),
            **({"span": list(self.span)} if self.row is None or self.row.location is None else {}),
            **({} if self.row is None else self.row.to_dict()),
        }


#: A number as written in the notation: Arabic digits, with thousands separators.
_WRITTEN_NUMBER = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")


#: The scales a number can be written in and held at: 千, 万, 百万, 千万, 亿.
_SCALES = tuple(Decimal(10) ** power for power in (3, 4, 6, 7, 8))


def folded_scale(target: Value) -> Decimal | None:
    """How much one of the target's numbers as written is in the unit it is held in: 10000 for
    ``≥2万元`` (held as 20000 元) and for ``100`` under a name ending in （万元）, 1 where no
    scale was folded in. The number held is compared with the numbers written in the target's
    text: one of them, or one of them times 千, 万, 百万, 千万 or 亿 (``5G基站≥100个`` holds 100,
    as written). None where that cannot be told: a target written in Chinese numerals with 万 or
    亿 (两万元), or none of its numbers giving the number held."""
    raw = vocab.fold(target.raw)
    held = target.value if isinstance(target, Quantity) else getattr(target, "high", None)
    if held is None:
        return Decimal(1)
    written = [Decimal(found.replace(",", "")) for found in _WRITTEN_NUMBER.findall(raw)]
    if not written:
        return None if ("万" in raw or "亿" in raw) else Decimal(1)
    held = abs(held)
    if held in written:
        return Decimal(1)
    for scale in _SCALES:
        if any(number * scale == held for number in written):
            return scale
    return None


# The readers' constructors. A value the notation's reader builds has parts it has already
# checked: its comparator is one of the vocabulary's, its numbers are Decimals it read or scaled,
# its texts are texts. These make the objects ``Quantity(op, value, unit)`` and the others make,
# without attrs' validating ``__init__`` (about half the time of a value read on the fast path),
# and tests/test_fastvalues.py holds them to the validating constructors.
_new = object.__new__
_set = object.__setattr__


def read_quantity(op: Operator, value: Decimal, unit: str | None, raw: str = "") -> Quantity:
    """``Quantity(op, value, unit, raw)`` for an ``op`` of the vocabulary and a finite
    ``value`` (made canonical here); one beyond ``MAX_EXPONENT`` goes through the validating
    constructor, which refuses it."""
    if value and not -MAX_EXPONENT <= value.adjusted() <= MAX_EXPONENT:
        return Quantity(op, value, unit, raw)
    made = _new(Quantity)
    _set(made, "op", op)
    _set(made, "value", canonical_decimal(value))
    _set(made, "unit", unit)
    _set(made, "raw", raw)
    return made


def read_range(low: Decimal, high: Decimal, unit: str | None, raw: str = "") -> Range:
    """``Range(low, high, unit, raw)`` for finite bounds; bounds out of order or beyond
    ``MAX_EXPONENT`` go through the validating constructor, which refuses them."""
    if low > high or any(
        bound and not -MAX_EXPONENT <= bound.adjusted() <= MAX_EXPONENT for bound in (low, high)
    ):
        return Range(low, high, unit, raw)
    made = _new(Range)
    _set(made, "low", canonical_decimal(low))
    _set(made, "high", canonical_decimal(high))
    _set(made, "unit", unit)
    _set(made, "raw", raw)
    return made


def read_text(text: str) -> Text:
    """``Text(text, text)``: a value kept verbatim."""
    made = _new(Text)
    _set(made, "text", text)
    _set(made, "raw", text)
    return made
