"""Meeting targets and scoring actual results (绩效自评, docs/scoring.md): no parsing happens here
beyond reading an actual result written in the notation.

A target is met by an actual result of the same kind: a number (in the target's unit when it has
none of its own), a quantity whose unit converts to the target's, a date, or, for qualitative
targets, a verdict (达成年度指标 / 部分达成年度指标并具有一定效果 / 未达成年度指标且效果较差).
Rules that differ between provinces are fields of ``ScoringRules``.
"""

from __future__ import annotations

import datetime
import numbers
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from typing import Any, SupportsFloat

import attrs

from perfindicator.core import vocabulary as vocab
from perfindicator.core.units import conversion, unit_dimension
from perfindicator.core.vocabulary import Operator
from perfindicator.model.values import (
    MAX_EXPONENT,
    Comparison,
    Date,
    DateRange,
    Indicator,
    Quantity,
    Range,
    Ratio,
    Text,
    Value,
    canonical_decimal,
    folded_scale,
)

#: A number as scoring takes it (a weight, a rate, a rule's number): ``Decimal``, ``int``,
#: ``float`` (NumPy's numbers too) or decimal text; a bool is refused when it is read.
RealNumber = SupportsFloat | str
#: What an actual result may be given as.
Actual = Value | Decimal | int | float | str | bool | datetime.date

ACHIEVED = "达成年度指标"
PARTLY = "部分达成年度指标并具有一定效果"
NOT_ACHIEVED = "未达成年度指标且效果较差"
#: The three verdicts of docs/scoring.md, each with the share of the weight it may earn (low, high).
VERDICT_BANDS: Mapping[str, tuple[Decimal, Decimal]] = {
    ACHIEVED: (Decimal("0.8"), Decimal(1)),
    PARTLY: (Decimal("0.6"), Decimal("0.8")),
    NOT_ACHIEVED: (Decimal(0), Decimal("0.6")),
}


#: The verdicts' first clauses, which tables print alone too: 未达成年度指标, 部分达成年度指标.
_FIRST_CLAUSES = frozenset(re.split("[且并]", full)[0] for full in VERDICT_BANDS)


def verdict(word: str) -> str | None:
    """The verdict (docs/scoring.md) a written result stands for (达成 / 部分达成… / 未达成…, or
    a verdict's first clause alone, 未达成年度指标), or None."""
    word = word.strip()
    if word not in vocab.QUALITATIVE_RESULTS and word not in _FIRST_CLAUSES:
        return None
    if word.startswith("未"):
        return NOT_ACHIEVED
    if word.startswith("部分"):
        return PARTLY
    return ACHIEVED


#: An actual result written as how much of its target was reached: 已完成100%, 完成率95%,
#: 完成了90%, 已完成目标的100%.
_COMPLETION = re.compile(
    r"(?:已|已经)?(?:全部)?完成(?:率|了|为|目标的|计划的)?\s*([0-9]+(?:\.[0-9]+)?)\s*%"
)


def _completion_percent(actual: Value | bool) -> Decimal | None:
    """The percentage an actual result written as completion names (95 for ``完成率95%``)."""
    if not isinstance(actual, Text):
        return None
    found = _COMPLETION.fullmatch(vocab.fold(actual.raw or actual.text).strip())
    return None if found is None else Decimal(found.group(1))


def completion(actual: Value | bool) -> Decimal | None:
    """The share of its target an actual result written as completion says was reached
    (``已完成100%`` is 1, ``完成率95%`` 0.95); None for any other result. Against a target that
    is a rate, ``scoring`` reads it as the rate itself instead (``_as_scored``)."""
    percent = _completion_percent(actual)
    return None if percent is None else percent / 100


def _as_scored(target: Value, actual: Value | bool) -> Value | bool:
    """An actual result as it is scored against ``target``: a completion (``完成率95%``) against
    a rate (``≥90%``) is the quantity 95 % itself; any other result as it is."""
    if not isinstance(target, (Quantity, Range)) or not is_rate(target):
        return actual
    percent = _completion_percent(actual)
    if percent is None or not isinstance(actual, Text):
        return actual
    return Quantity(vocab.EQ, percent, "%", raw=actual.raw or actual.text)


def _decimal(value: Any) -> Decimal | None:
    """Any real number (int, float, Decimal, NumPy's) as a finite Decimal, or None. A float is
    read as the shortest text that gives it back (0.98, not 0.97999999999999998…)."""
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, Decimal):
            number = value
        elif isinstance(value, numbers.Integral):
            number = Decimal(int(value))
        elif isinstance(value, numbers.Real):
            number = Decimal(str(value))
        elif isinstance(value, str):
            number = Decimal(value.strip())
        else:
            return None
    except (InvalidOperation, ValueError, TypeError):
        try:
            number = Decimal(repr(float(value)))  # a NumPy float whose str is not a number
        except (InvalidOperation, ValueError, TypeError):
            return None
    return number if number.is_finite() else None


def finite_number(value: Any, what: str) -> Decimal:
    """A finite real number given as anything ``_decimal`` reads, within the exponents a budget
    table can hold; ValueError naming ``what`` otherwise."""
    number = _decimal(value)
    if number is None:
        raise ValueError(f"{what} must be a finite number, not {value!r}")
    if number and not -MAX_EXPONENT <= number.adjusted() <= MAX_EXPONENT:
        # Finite, but beyond anything a budget table holds, and beyond what decimal
        # arithmetic can divide and round without overflowing (1e1000000).
        raise ValueError(
            f"{what} is out of range: {value!r} has more than {MAX_EXPONENT} digits"
            f" {'before' if number.adjusted() > 0 else 'after'} the decimal point"
        )
    return number


# --------------------------------------------------------------------------------------------
# Reading an actual result
# --------------------------------------------------------------------------------------------


def _as_value(actual: Actual) -> Value | bool:
    """An actual result as a value of the model (or a bool for a qualitative verdict)."""
    if isinstance(actual, bool):
        return actual
    if isinstance(actual, (Quantity, Range, Ratio, Comparison, Date, DateRange, Text)):
        return actual
    if isinstance(actual, datetime.date):
        return Date(vocab.EQ, actual.year, actual.month, actual.day, raw=actual.isoformat())
    if isinstance(actual, (numbers.Real, Decimal)):
        number = finite_number(actual, "an actual result")
        return Quantity(vocab.EQ, number, None, raw=str(number))
    if isinstance(actual, str):
        from perfindicator.notation.values import parse_value

        return parse_value(actual)
    raise TypeError(f"an actual result cannot be a {type(actual).__name__}")


def _number_in(actual: Value | bool, unit: str | None, target: Value) -> Decimal:
    """The actual result as a number in ``unit``, for a numeric target."""
    if isinstance(actual, Quantity):
        if actual.unit is None and unit is not None and _scale_folded(target):
            # ≥2万元 is held as 20000 元: is a bare 1.5 then 1.5 元 or 1.5 万元? Ask.
            raise ValueError(
                f"the target '{target.raw or target}' is held in {unit}: give the actual result"
                f" with its unit ('{actual.raw or actual.value}{unit}' or with 万/亿)"
            )
        return actual.value * conversion(actual.unit, unit)
    raise ValueError(
        f"the target '{target}' needs a number as its actual result, not {_shown(actual)}"
    )


def _scale_folded(target: Value) -> bool:
    """Whether a scale was folded into the target's number (``model.values.folded_scale``):
    2万元 held as 20000 元, or a scale that cannot be told."""
    return folded_scale(target) != 1


def _shown(actual: Value | bool) -> str:
    if isinstance(actual, bool):
        return str(actual)
    return f"{actual.kind} '{actual.raw or actual}'"


# --------------------------------------------------------------------------------------------
# Dates: a date written to the month or the year stands for all its days
# --------------------------------------------------------------------------------------------


def _days(date: Date, year: int | None) -> tuple[datetime.date, datetime.date]:
    """The first and last day a date stands for (a month: all its days; a year: all its months).
    A date without a year takes ``year``."""
    if date.year is None and year is None:
        raise ValueError(f"the date '{date}' has no year and the other date none either")
    y = date.year if date.year is not None else year
    assert y is not None
    first_month, last_month = (date.month, date.month) if date.month is not None else (1, 12)
    first = datetime.date(y, first_month, date.day or 1)
    if date.day is not None:
        last = first
    else:
        following = datetime.date(y + last_month // 12, last_month % 12 + 1, 1)
        last = following - datetime.timedelta(days=1)
    return first, last


def _date_met(target: Date, actual: Value | bool) -> bool:
    if not isinstance(actual, Date):
        raise ValueError(
            f"the target '{target}' needs a date as its actual result, not {_shown(actual)}"
        )
    year = target.year if target.year is not None else actual.year
    start, end = _days(target, year)
    first, last = _days(actual, year)
    op = target.op
    if op == vocab.LE:
        return last <= end
    if op == vocab.LT:
        return last < start
    if op == vocab.GE:
        return first >= start
    if op == vocab.GT:
        return first > end
    return start <= first and last <= end  # = : within the period the target names


def _span_met(target: DateRange, actual: Value | bool) -> bool:
    """A span of dates is met by a date (or a span) within it: both its ends included."""
    if isinstance(actual, DateRange):
        return _span_met(target, actual.start) and _span_met(target, actual.end)
    if not isinstance(actual, Date):
        raise ValueError(
            f"the target '{target}' needs a date as its actual result, not {_shown(actual)}"
        )
    year = target.start.year if target.start.year is not None else actual.year
    start, _ = _days(target.start, year)
    _, end = _days(target.end, target.end.year if target.end.year is not None else year)
    first, last = _days(actual, year)
    return start <= first and last <= end


# --------------------------------------------------------------------------------------------
# Meeting a target
# --------------------------------------------------------------------------------------------


def _to_number(value: RealNumber) -> Decimal:
    return finite_number(value, "a rule's number")


def _verdict_shares(shares: Mapping[str, RealNumber]) -> Mapping[str, Decimal]:
    """The share of each verdict: those given (each within its band), the default for others."""
    merged = {verdict: high for verdict, (_, high) in VERDICT_BANDS.items()}
    for name, share in shares.items():
        if name not in VERDICT_BANDS:
            raise ValueError(f"unknown verdict {name!r}: expected one of {list(VERDICT_BANDS)}")
        number = finite_number(share, f"the share for {name}")
        low, high = VERDICT_BANDS[name]
        if not low <= number <= high:
            raise ValueError(f"the share for {name} must be within {low}–{high}, not {share}")
        merged[name] = number
    return merged


def _grades(grades: Iterable[tuple[str, RealNumber]]) -> tuple[tuple[str, Decimal], ...]:
    """Grades with their lowest totals, best first whatever order they were given in."""
    converted = [
        (str(name), finite_number(lowest, f"the lowest total of {name}")) for name, lowest in grades
    ]
    if not converted:
        raise ValueError("there must be at least one grade")
    return tuple(sorted(converted, key=lambda grade: grade[1], reverse=True))


def _check_places(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_PLACES:
        raise ValueError(f"places must be None or a whole number 0-{MAX_PLACES}, not {value!r}")


#: The most decimal places points can be rounded to.
MAX_PLACES = 28


@attrs.frozen
class ScoringRules:
    """The rules a budget office scores by (docs/scoring.md); each differs between provinces.

    - ``approximate``: how far from a target written with 约 (``~``) an actual result may be
      and still meet it, as a share of the target (10 % by default);
    - ``verdict_share``: the share of the weight each qualitative verdict earns, within its
      band (达成 80–100 %, 部分达成 60–80 %, 未达成 0–60 %): the top of each band by default;
    - ``execution_points`` and ``indicator_points``: what budget execution (预算执行率) and the
      indicators are worth in a project's total (10 and 90);
    - ``grades``: the lowest total of each grade, best first (优 80, 良 70, 中 60, else 差);
    - ``places``: the decimal places points are rounded to (half up), 2 by default; None keeps
      them exact (to the 28 significant digits of decimal arithmetic).
    """

    approximate: Decimal = attrs.field(default=Decimal("0.1"), converter=_to_number)
    verdict_share: Mapping[str, Decimal] = attrs.field(factory=dict, converter=_verdict_shares)
    execution_points: Decimal = attrs.field(default=Decimal(10), converter=_to_number)
    indicator_points: Decimal = attrs.field(default=Decimal(90), converter=_to_number)
    grades: Sequence[tuple[str, Decimal]] = attrs.field(
        default=(("优", 80), ("良", 70), ("中", 60), ("差", 0)), converter=_grades
    )
    places: int | None = attrs.field(default=2, validator=_check_places)


DEFAULT_RULES = ScoringRules()


def is_met(target: Value, actual: Actual, rules: ScoringRules = DEFAULT_RULES) -> bool:
    """Whether ``actual`` meets ``target`` (see ``Quantity.is_met_by``)."""
    value = _as_value(actual)
    found = _verdict_in(value)
    if found is not None:  # a verdict, whatever the target (docs/scoring.md)
        return found == ACHIEVED
    value = _as_scored(target, value)
    share = completion(value)
    if share is not None:
        return share >= 1
    if isinstance(target, Quantity):
        number = _number_in(value, target.unit, target)
        op = vocab.GE if target.op == vocab.EQ and is_rate(target) else target.op
        return _compare(op, number, target.value, rules)
    if isinstance(target, Range):
        number = _number_in(value, target.unit, target)
        return target.low <= number <= target.high
    if isinstance(target, Date):
        return _date_met(target, value)
    if isinstance(target, DateRange):
        return _span_met(target, value)
    if isinstance(target, Ratio):
        raise ValueError(
            f"the target '{target}' is a formula without a threshold: it cannot be met or missed"
        )
    return _verdict_of(target, value) == ACHIEVED


def is_rate(target: Quantity | Range) -> bool:
    """Whether a target is a rate (a percentage: %, 百分点, ‰), whose ``=`` is met by anything at
    or above it (docs/scoring.md): a 95 % pass rate is met by 100 %, while 100辆 is met by 100
    alone."""
    return unit_dimension(target.unit) == vocab.PERCENT


def _compare(op: Operator, actual: Decimal, target: Decimal, rules: ScoringRules) -> bool:
    if op == vocab.GE:
        return actual >= target
    if op == vocab.GT:
        return actual > target
    if op == vocab.LE:
        return actual <= target
    if op == vocab.LT:
        return actual < target
    if op == vocab.APPROX:
        return abs(actual - target) <= abs(target) * rules.approximate
    return actual == target


def _verdict_of(target: Value, actual: Value | bool) -> str:
    """The verdict an actual result gives a qualitative target (text or comparison)."""
    if isinstance(actual, bool):
        return ACHIEVED if actual else NOT_ACHIEVED
    found = _verdict_in(actual)
    if found is None:
        raise ValueError(
            f"the qualitative target '{target}' takes a verdict as its actual result"
            f" ({ACHIEVED} / {PARTLY} / {NOT_ACHIEVED}), not {_shown(actual)}"
        )
    return found


def _verdict_in(actual: Value | bool) -> str | None:
    """The verdict an actual result written as text stands for, or None."""
    return verdict(actual.raw or str(actual)) if isinstance(actual, Text) else None


# --------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------


def score(
    target: Value | str, actual: Actual, weight: RealNumber, rules: ScoringRules = DEFAULT_RULES
) -> Decimal:
    """The points an indicator earns: ``weight`` when its target is met, else by docs/scoring.md.

    - more is better (``>=``, ``>``, and ``=`` on a rate): ``weight × actual / target``;
    - less is better (``<=``, ``<``): falling linearly from ``weight`` at the target to 0 at
      twice the target;
    - a point (``=`` but on a rate, and ``~``): the first rule below it, the second above it;
    - a missed target earns less than the weight, at most one step of rounding below it, so
      that full points and ``is_met`` always agree;
    - a range: the first rule below it, the second above it;
    - a date: the weight or nothing;
    - a verdict (达成年度指标 …), against any target: the share of the weight it earns
      (``rules.verdict_share``);
    - a completion (``完成率95%``): against a rate, that rate scored as any percentage; against
      any other target, that share of the weight, the full weight from 100 %.
    """
    if isinstance(target, str):
        from perfindicator.notation.values import parse_value

        target = parse_value(target)
    if not isinstance(target, (Quantity, Range, Ratio, Comparison, Date, DateRange, Text)):
        raise TypeError(f"a target must be a value or text in the notation, not {target!r}")
    weight = finite_number(weight, "a weight")
    if weight < 0:
        raise ValueError(f"a weight cannot be negative: {weight}")
    return _rounded(_points(target, _as_value(actual), weight, rules), rules)


def _points(target: Value, value: Value | bool, weight: Decimal, rules: ScoringRules) -> Decimal:
    """The points, exact."""
    found = _verdict_in(value)
    if found is not None:  # a verdict earns its share of the weight, whatever the target
        return weight * rules.verdict_share[found]
    value = _as_scored(target, value)
    share = completion(value)
    if share is not None:  # 完成90%: that share of the weight, as more-is-better gives it
        return weight if share >= 1 else min(weight * max(share, Decimal(0)), _below(weight, rules))
    if isinstance(target, (Text, Comparison)):
        return weight * rules.verdict_share[_verdict_of(target, value)]
    if is_met(target, value, rules):
        return weight
    if isinstance(target, Quantity):
        number = _number_in(value, target.unit, target)
        # = (but on a rate) and 约 name a point: above it, the result is scored as below a
        # ceiling, as above a range.
        point = target.op == vocab.APPROX or (target.op == vocab.EQ and not is_rate(target))
        if target.op in (vocab.LE, vocab.LT) or (point and number > target.value):
            share = _less_is_better(number, target.value)
        else:
            share = _more_is_better(number, target.value)
    elif isinstance(target, Range):
        number = _number_in(value, target.unit, target)
        if number < target.low:
            share = _more_is_better(number, target.low)
        else:
            share = _less_is_better(number, target.high)
    else:  # a date that is missed
        share = Decimal(0)
    # A missed target never earns the full weight, so that score and is_met agree: at the
    # boundary of > and < the formula gives it all (>95% against 95%), and a result just short
    # of the target would round up to it (99.999 against ≥100). Such points stop one step of
    # the rounding below the weight.
    return min(weight * share, _below(weight, rules))


def _below(weight: Decimal, rules: ScoringRules) -> Decimal:
    """The most points a missed target earns: one step of rounding below the weight."""
    if rules.places is None:
        return max(weight.next_minus(), Decimal(0))
    return max(_rounded(weight, rules) - Decimal(1).scaleb(-rules.places), Decimal(0))


def _rounded(points: Decimal, rules: ScoringRules) -> Decimal:
    if rules.places is not None:
        points = rounded_half_up(points, rules.places)
    return canonical_decimal(points)


def rounded_half_up(number: Decimal, places: int) -> Decimal:
    """``number`` rounded half up to ``places`` decimal places, however many digits it has."""
    # Precise enough for every digit of the rounded number: 1e30 has 33 digits to the cent,
    # more than the 28 of the default context, which would refuse to quantize it.
    digits = max(number.adjusted(), 0) + places + 2
    context = Context(prec=max(digits, 28), rounding=ROUND_HALF_UP)
    return number.quantize(Decimal(1).scaleb(-places), context=context)


def _more_is_better(actual: Decimal, target: Decimal) -> Decimal:
    if target <= 0:
        return Decimal(0)
    return min(Decimal(1), max(Decimal(0), actual / target))


def _less_is_better(actual: Decimal, target: Decimal) -> Decimal:
    if target <= 0:
        return Decimal(0)
    return min(Decimal(1), max(Decimal(0), (2 * target - actual) / target))


@attrs.frozen
class IndicatorScore:
    """One indicator's line of a self-evaluation."""

    indicator: Indicator
    target: Value
    actual: Value | bool
    weight: Decimal
    points: Decimal
    met: bool
    #: actual - target, in the target's unit, for a numeric target (the nearer end of a
    #: range; 0 inside it); None otherwise.
    deviation: Decimal | None

    def to_dict(self) -> dict[str, Any]:
        """The interchange form; numbers as decimal strings, the actual result as a value
        (or ``true``/``false`` for a yes-or-no result)."""
        return {
            "indicator": self.indicator.to_dict(),
            "target": self.target.to_dict(),
            "actual": self.actual if isinstance(self.actual, bool) else self.actual.to_dict(),
            "weight": _decimal_text(self.weight),
            "points": _decimal_text(self.points),
            "met": self.met,
            "deviation": None if self.deviation is None else _decimal_text(self.deviation),
        }


@attrs.frozen
class Evaluation:
    """A project's self-evaluation (绩效自评): its total out of 100 and its grade."""

    scores: tuple[IndicatorScore, ...]
    execution_rate: Decimal
    execution_points: Decimal
    indicator_points: Decimal
    total: Decimal
    grade: str

    def to_dict(self) -> dict[str, Any]:
        """The interchange form; numbers as decimal strings."""
        return {
            "scores": [line.to_dict() for line in self.scores],
            "execution_rate": _decimal_text(self.execution_rate),
            "execution_points": _decimal_text(self.execution_points),
            "indicator_points": _decimal_text(self.indicator_points),
            "total": _decimal_text(self.total),
            "grade": self.grade,
        }


def _decimal_text(number: Decimal) -> str:
    return format(canonical_decimal(number), "f")


def evaluate(
    indicators: Iterable[Indicator],
    actuals: Mapping[Any, Actual] | Sequence[Actual],
    *,
    execution_rate: RealNumber,
    weights: Mapping[Any, RealNumber] | Sequence[RealNumber] | None = None,
    rules: ScoringRules = DEFAULT_RULES,
) -> Evaluation:
    """Score a project from the actual result of each of its indicators.

    ``actuals`` and ``weights`` are given in the order of the indicators, or keyed by indicator
    number or name. Without weights, the indicators share ``rules.indicator_points`` equally;
    given weights are scaled to that total. Each indicator is scored against its annual target
    (its period target when it has none). ``execution_rate`` is 预算执行率 as a share (0.95) or
    a percentage written in the notation (``"95%"``); it earns its share of
    ``rules.execution_points``, at most all of them.
    """
    items = list(indicators)
    if not items:
        raise ValueError("a project to evaluate needs at least one indicator")
    found = [_lookup(actuals, item, index, "an actual result") for index, item in enumerate(items)]
    if weights is None:
        raw_weights = [Decimal(1)] * len(items)
    else:
        raw_weights = [
            finite_number(_lookup(weights, item, index, "a weight"), "a weight")
            for index, item in enumerate(items)
        ]
    total_weight = sum(raw_weights, Decimal(0))
    if total_weight <= 0:
        raise ValueError("the weights add up to nothing")
    scores = []
    exact_points: list[Decimal] = []
    for item, actual, raw_weight in zip(items, found, raw_weights, strict=True):
        target = item.annual if item.annual is not None else item.period
        if target is None:
            raise ValueError(f"indicator {item.number} ({item.name}) has no target to score")
        weight = rules.indicator_points * raw_weight / total_weight
        value = _as_value(actual)
        points = _points(target, value, weight, rules)
        exact_points.append(points)
        scores.append(
            IndicatorScore(
                indicator=item,
                target=target,
                actual=value,
                weight=_rounded(weight, rules),
                points=_rounded(points, rules),
                met=is_met(target, value, rules),
                deviation=_deviation(target, _as_scored(target, value)),
            )
        )
    rate = _rate(execution_rate)
    execution = rules.execution_points * min(max(rate, Decimal(0)), Decimal(1))
    # Sums are of exact points, rounded once: seven indicators met in full make 90, not 90.02.
    indicator_points = _rounded(sum(exact_points, Decimal(0)), rules)
    total = _rounded(execution + sum(exact_points, Decimal(0)), rules)
    execution = _rounded(execution, rules)
    grade = next((name for name, lowest in rules.grades if total >= lowest), rules.grades[-1][0])
    return Evaluation(tuple(scores), rate, execution, indicator_points, total, grade)


def _lookup(
    table: Mapping[Any, Any] | Sequence[Any], item: Indicator, index: int, what: str
) -> Any:
    if isinstance(table, Mapping) or hasattr(table, "keys"):  # a dict, or a pandas Series
        keyed: Any = table
        for key in (item.number, item.name, str(item.number)):
            if key in keyed:
                return keyed[key]
        raise ValueError(f"{what} is missing for indicator {item.number} ({item.name})")
    if isinstance(table, (str, bytes)):
        raise TypeError(f"{what}s must be a list or a mapping, not text")
    if index >= len(table):
        raise ValueError(f"{what} is missing for indicator {item.number} ({item.name})")
    return table[index]


def _rate(rate: RealNumber) -> Decimal:
    """预算执行率 as a share: 0.95, Decimal('0.95') or '95%'. A bare number above 2 would be a
    percentage written without its sign (95 for 95 %): it is refused rather than read as 9500 %."""
    if isinstance(rate, str):
        value = _as_value(rate)
        if isinstance(value, Quantity) and value.unit == "%":
            return value.value / 100
        number = value.value if isinstance(value, Quantity) and value.unit is None else None
    else:
        number = _decimal(rate)
    if number is None:
        raise ValueError(
            "the budget execution rate must be a share (0.95) or a percentage ('95%'),"
            f" not {rate!r}"
        )
    if number > 2:
        raise ValueError(
            f"the budget execution rate {rate!r} is not a share: write '{rate}%' for a percentage"
        )
    return number


def _deviation(target: Value, actual: Value | bool) -> Decimal | None:
    if not isinstance(target, (Quantity, Range)) or not isinstance(actual, Quantity):
        return None
    number = actual.value * conversion(actual.unit, target.unit)
    if isinstance(target, Quantity):
        return canonical_decimal(number - target.value)
    if number < target.low:
        return canonical_decimal(number - target.low)
    if number > target.high:
        return canonical_decimal(number - target.high)
    return Decimal(0)
