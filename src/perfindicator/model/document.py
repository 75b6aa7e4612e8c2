"""The data model of a whole target table: amounts, projects and funding units, built on the
indicators of ``model/values.py``; imported only when a table is read."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from perfindicator.model import views
from perfindicator.model.errors import ParseError
from perfindicator.model.values import Indicator, Number, _number, _to_decimal

if TYPE_CHECKING:
    import pandas

__all__ = ["Amounts", "FundingUnit", "Project", "TargetTable"]


def _indicators(items: Iterable[Indicator]) -> tuple[Indicator, ...]:
    return tuple(items)


def _projects(items: Iterable[Project]) -> tuple[Project, ...]:
    return tuple(items)


def _units(items: Iterable[FundingUnit]) -> tuple[FundingUnit, ...]:
    return tuple(items)


def _optional_decimal(value: Number | None) -> Decimal | None:
    return None if value is None else _to_decimal(value)


@attrs.frozen
class Amounts:
    """A row's money in the table's currency (None where the cell is empty).

    ``total`` 总计, ``fiscal`` 财政拨款, ``fiscal_special`` 财政专户拨款, ``other`` 其他资金.
    """

    total: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    fiscal: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    fiscal_special: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    other: Decimal | None = attrs.field(default=None, converter=_optional_decimal)

    def to_dict(self) -> dict[str, Any]:
        return {
            field.name: None if (value := getattr(self, field.name)) is None else _number(value)
            for field in attrs.fields(Amounts)
        }


@attrs.frozen
class Project:
    """One project (项目) of a target table: its amounts, goal (绩效目标) and indicators."""

    name: str
    amounts: Amounts
    goal: str
    indicators: tuple[Indicator, ...] = attrs.field(converter=_indicators)
    #: Half-open character range of the project (its row to its last indicator) in the text.
    span: tuple[int, int] = attrs.field(default=(0, 0), eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "amounts": self.amounts.to_dict(),
            "goal": self.goal,
            "indicators": [indicator.to_dict() for indicator in self.indicators],
            "span": list(self.span),
        }


@attrs.frozen
class FundingUnit:
    """A unit that uses the funds (资金使用单位), with its projects."""

    #: None when the table lists its projects without a unit row.
    name: str | None
    amounts: Amounts
    projects: tuple[Project, ...] = attrs.field(converter=_projects)
    span: tuple[int, int] = attrs.field(default=(0, 0), eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "amounts": self.amounts.to_dict(),
            "projects": [project.to_dict() for project in self.projects],
            "span": list(self.span),
        }


@attrs.frozen
class TargetTable:
    """A whole 项目支出绩效目标表: title, department, currency, total and funding units."""

    #: None when recovery found no title (the error says so).
    title: str | None
    department: str | None
    currency: str | None
    total: Amounts
    units: tuple[FundingUnit, ...] = attrs.field(converter=_units)
    #: What recovery skipped (``parse_table(text, recover=True)``); empty otherwise.
    errors: tuple[ParseError, ...] = attrs.field(default=(), eq=False, repr=False)

    @property
    def projects(self) -> tuple[Project, ...]:
        """Every project of every unit, in order."""
        return tuple(project for unit in self.units for project in unit.projects)

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """Every indicator of every project, in order."""
        return tuple(indicator for project in self.projects for indicator in project.indicators)

    def to_dataframe(self, *, numbers: str = "float") -> pandas.DataFrame:
        """One row per indicator with its unit and project (needs pandas: the ``pandas``
        extra); see ``to_dataframe``."""
        return views.to_dataframe(self, numbers=numbers)

    def _repr_html_(self) -> str:
        return views.table_html(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "department": self.department,
            "currency": self.currency,
            "total": self.total.to_dict(),
            "units": [unit.to_dict() for unit in self.units],
        }
