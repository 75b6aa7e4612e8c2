"""Expected values written short for the value tables of the tests: ``q(">=", "95", "%")`` is
the quantity ≥95 %. Each table maps the text to what it means, worked out by hand."""

from __future__ import annotations

import pytest

from perfindicator import Comparison, Date, Quantity, Range, Text, Value, parse_value


def q(op: str, value: str, unit: str | None = None) -> Quantity:
    return Quantity.of(op, value, unit)  # type: ignore[arg-type]


def r(low: str, high: str, unit: str | None = None) -> Range:
    return Range.of(low, high, unit)


def t(text: str) -> Text:
    return Text.of(text)


def d(op: str, year: int | None, month: int | None = None, day: int | None = None) -> Date:
    return Date.of(op, year, month, day)  # type: ignore[arg-type]


def c(subject: str | None, op: str, reference: str) -> Comparison:
    return Comparison.of(subject, op, reference)  # type: ignore[arg-type]


def cases(table: dict[str, Value]) -> list[pytest.param]:  # type: ignore[valid-type]
    """The rows of a table as test cases, each named by its text."""
    return [pytest.param(text, expected, id=text) for text, expected in table.items()]


def assert_reads(text: str, expected: Value) -> None:
    """``text`` reads as ``expected`` (``==`` ignores ``raw``) and keeps itself as ``raw``."""
    value = parse_value(text)
    assert value == expected
    assert value.raw == text
