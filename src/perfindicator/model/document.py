"""The data model of whole documents: a target table's amounts, projects and funding units, a
column form's header block, and the ``Document`` that ``read()`` returns, built on the
indicators of ``model/values.py``; imported only when a document is read."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

import attrs

from perfindicator.model import views
from perfindicator.model.errors import ParseError
from perfindicator.model.location import Location
from perfindicator.model.values import Indicator, Number, decimal_text, to_decimal

if TYPE_CHECKING:
    import pandas

__all__ = [
    "Amounts",
    "Document",
    "Form",
    "FundingUnit",
    "Funds",
    "Header",
    "Project",
    "TargetTable",
    "Task",
]


def _indicators(items: Iterable[Indicator]) -> tuple[Indicator, ...]:
    return tuple(items)


def _projects(items: Iterable[Project]) -> tuple[Project, ...]:
    return tuple(items)


def _units(items: Iterable[FundingUnit]) -> tuple[FundingUnit, ...]:
    return tuple(items)


def _optional_decimal(value: Number | None) -> Decimal | None:
    return None if value is None else to_decimal(value)


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
        found = {field.name: getattr(self, field.name) for field in attrs.fields(Amounts)}
        return {
            name: None if amount is None else decimal_text(amount) for name, amount in found.items()
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
    #: What a column form's header block prints beside the name (None for the text layout).
    header: Header | None = None
    #: Where the project's row is in a file (the text layout read from a grid: its cells, on
    #: their PDF pages); None for text, whose ``span`` says where.
    location: Location | None = attrs.field(default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "amounts": self.amounts.to_dict(),
            "goal": self.goal,
            "indicators": [indicator.to_dict() for indicator in self.indicators],
            **(self.header.to_dict() if self.header is not None else _where(self)),
        }


def _where(read: Project | FundingUnit) -> dict[str, Any]:
    """A row of the text layout's place: its span of the text, or its location in a file."""
    if read.location is not None:
        return {"location": read.location.to_dict()}
    return {"span": list(read.span)}


def _text_pairs(items: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(items)


def _funds(items: Iterable[Funds]) -> tuple[Funds, ...]:
    return tuple(items)


def _tasks(items: Iterable[Task]) -> tuple[Task, ...]:
    return tuple(items)


@attrs.frozen
class Funds:
    """One row of a form's money (项目资金): 年度资金总额, 其中：财政拨款, 上年结转资金, 其他资金,
    in
    the form's currency. A target form prints the year's amount (``budget``); a self-evaluation
    prints 年初预算数 (``initial``), 全年预算数 (``budget``), 全年执行数 (``executed``), the weight
    (分值), the execution rate as printed (执行率, in percent: ``99.97``) and the points (得分).
    A form that prints the whole period's amount beside the year's (实施期资金总额 |
    年度资金总额) has it in ``period``.
    """

    label: str
    budget: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    initial: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    executed: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    weight: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    rate: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    points: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    location: Location | None = attrs.field(default=None, eq=False, repr=False)
    period: Decimal | None = attrs.field(default=None, converter=_optional_decimal)

    def to_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {"label": self.label}
        for name in ("budget", "initial", "executed", "weight", "rate", "points"):
            value = getattr(self, name)
            found[name] = None if value is None else decimal_text(value)
        if self.period is not None:  # printed by few forms: written only where it is
            found["period"] = decimal_text(self.period)
        if self.location is not None:
            found["location"] = self.location.to_dict()
        return found


@attrs.frozen
class Task:
    """A 年度主要任务 row of a department-wide form: 任务名称, 主要内容, 预算金额."""

    name: str
    content: str
    amount: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    location: Location | None = attrs.field(default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "name": self.name,
            "content": self.content,
            "amount": None if self.amount is None else decimal_text(self.amount),
        }
        if self.location is not None:
            found["location"] = self.location.to_dict()
        return found


@attrs.frozen
class Header:
    """A column form's header block: who is responsible, the money, the goals and, on a
    self-evaluation, the results and the published total (总分)."""

    #: 主管部门 (the department in charge).
    department: str | None = None
    #: 实施单位 (the unit carrying the project out), or 单位名称 in a grid of several projects.
    implementer: str | None = None
    #: 项目负责人 and its telephone, as printed.
    manager: str | None = None
    #: 实施期 / 实施周期 as printed (``2023年1月-12月``).
    period: str | None = None
    funds: tuple[Funds, ...] = attrs.field(default=(), converter=_funds)
    #: 总体目标 / 实施周期目标, where printed beside the year's goal (``Project.goal``).
    overall_goal: str | None = None
    #: What a self-evaluation says was done (实际完成情况).
    outcome: str | None = None
    tasks: tuple[Task, ...] = attrs.field(default=(), converter=_tasks)
    #: The published 总分 of a self-evaluation, and the weights it is out of (normally 100).
    total_points: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    total_weight: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    #: Further header fields (label, text) in the order printed (项目属性, 联系电话 …).
    fields: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_text_pairs)
    location: Location | None = attrs.field(default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for name in ("department", "implementer", "manager", "period", "overall_goal", "outcome"):
            if (text := getattr(self, name)) is not None:
                found[name] = text
        if self.funds:
            found["funds"] = [funds.to_dict() for funds in self.funds]
        if self.tasks:
            found["tasks"] = [task.to_dict() for task in self.tasks]
        for name in ("total_points", "total_weight"):
            if (number := getattr(self, name)) is not None:
                found[name] = decimal_text(number)
        if self.fields:
            found["fields"] = [{"label": label, "text": text} for label, text in self.fields]
        if self.location is not None:
            found["location"] = self.location.to_dict()
        return found


@attrs.frozen
class FundingUnit:
    """A unit that uses the funds (资金使用单位), with its projects."""

    #: None when the table lists its projects without a unit row.
    name: str | None
    amounts: Amounts
    projects: tuple[Project, ...] = attrs.field(converter=_projects)
    span: tuple[int, int] = attrs.field(default=(0, 0), eq=False, repr=False)
    #: Where the unit's own row is in a file (read from a grid); None for text.
    location: Location | None = attrs.field(default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "amounts": self.amounts.to_dict(),
            "projects": [project.to_dict() for project in self.projects],
            **_where(self),
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


#: The forms a document can be (``Document.form``).
Form = Literal[
    "target-table",
    "project-targets",
    "self-evaluation",
    "department-targets",
    "department-self-evaluation",
]


def _errors(items: Iterable[Exception]) -> tuple[Exception, ...]:
    return tuple(items)


@attrs.frozen
class Document:
    """Whatever ``read()`` read: one published document, its form and its projects.

    ``form`` is ``target-table`` for the 项目支出绩效目标表 layout of ``parse_table`` (whose whole
    structure, funding units and all, is ``table``), ``project-targets`` for a project's
    column-form target table (申报表, 批复表), ``self-evaluation`` for a 项目支出绩效自评表, and
    ``department-targets`` / ``department-self-evaluation`` for the department-wide forms.
    """

    form: Form
    projects: tuple[Project, ...] = attrs.field(converter=_projects)
    title: str | None = None
    year: int | None = None
    department: str | None = None
    currency: str | None = None
    #: The file read, as the caller named it; None for text passed in.
    path: str | None = None
    #: What the file was: ``text``, ``html``, ``xlsx``, ``xls``, ``docx``, ``pdf``.
    format: str | None = None
    #: The target-table form's whole table (its funding units); None for the column forms.
    table: TargetTable | None = attrs.field(default=None, eq=False, repr=False)
    #: What recovery skipped (``read(path, recover=True)``); empty otherwise.
    errors: tuple[Exception, ...] = attrs.field(default=(), converter=_errors, eq=False, repr=False)

    @classmethod
    def of_table(
        cls,
        table: TargetTable,
        *,
        path: str | None,
        format: str | None,
        errors: Iterable[Exception] = (),
    ) -> Document:
        """The document (form ``target-table``) of a table of the 项目支出绩效目标表 layout, read
        from text (``parse_table``) or from cells (``forms/table_grid.py``)."""
        return cls(
            "target-table",
            table.projects,
            title=table.title,
            department=table.department,
            currency=table.currency,
            path=path,
            format=format,
            table=table,
            errors=errors,
        )

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """Every indicator of every project, in order."""
        return tuple(indicator for project in self.projects for indicator in project.indicators)

    def to_dataframe(self, *, numbers: str = "float") -> pandas.DataFrame:
        """One row per indicator with its project, and the actual result, weight, points and
        location where the form prints them (needs pandas: the ``pandas`` extra); see
        ``to_dataframe``."""
        return views.to_dataframe(self, numbers=numbers)

    def to_dict(self) -> dict[str, Any]:
        return {
            "form": self.form,
            "title": self.title,
            "year": self.year,
            "department": self.department,
            "currency": self.currency,
            "path": self.path,
            "format": self.format,
            "projects": [project.to_dict() for project in self.projects],
        }
