"""Project assembly: a target table's rows, in order, made into funding units and projects.

Every reader of the 项目支出绩效目标表 layout, whatever it reads, ends the same way: it has
found the table's rows in the order they are printed, and knows what each is. It hands them to
``assemble`` as ``Row`` objects:

- ``Row("total", "合计", amounts, span)``: the table's total (合计 or 总计), printed before the
  first unit or, in some tables, after everything else;
- ``Row("unit", name, amounts, span)``: a funding unit (资金使用单位); the projects after it
  are its own, up to the next unit;
- ``Row("project", name, amounts, span, goal, indicators)``: a project with its goal (绩效目标)
  and its indicators (already read, e.g. by ``notation.blocks.parse_joined``).

``span`` is where the row was read, as the model keeps it (a half-open range of the reader's
text; a reader of cells gives its own pair, such as the rows of its grid). A project's span runs
from its row to its last indicator; a unit's, from its row to the end of its last project.

What a row is, and where a row may stand, is the reader's to decide and to report: the text
reader (``forms/text_rows.py``) tells a unit from a project by what follows it, and reports a
total row between the units; a reader of a grid would know them by their cells. ``assemble``
only groups: projects before any unit row go to a unit without a name (``FundingUnit(None,
…)``), and the table's total is the first total row that has an amount. It raises nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

import attrs

from perfindicator.model.document import Amounts, FundingUnit, Project, TargetTable
from perfindicator.model.errors import ParseError
from perfindicator.model.location import Location
from perfindicator.model.values import Indicator

#: What a row of a target table is.
RowKind = Literal["total", "unit", "project"]


@attrs.frozen
class Row:
    """One row of a target table as a reader found it (see the module's docstring)."""

    kind: RowKind
    name: str
    amounts: Amounts
    span: tuple[int, int]
    #: A project's goal (绩效目标); empty for the other kinds.
    goal: str = ""
    #: A project's indicators; empty for the other kinds.
    indicators: tuple[Indicator, ...] = attrs.field(default=(), converter=tuple[Indicator, ...])
    #: Where a reader of cells found the row (its cells); None for text (``span`` says).
    location: Location | None = None


def assemble(
    rows: Iterable[Row],
    *,
    title: str | None,
    department: str | None,
    currency: str | None,
    errors: Sequence[ParseError] = (),
) -> TargetTable:
    """The ``TargetTable`` of ``rows`` (in the order they are printed), with what its head
    says and what its reader reported (``errors``, kept as they are)."""
    total = Amounts()
    units: list[FundingUnit] = []
    projects: list[Project] = []
    unit: Row | None = None

    def close() -> None:
        if unit is None and not projects:
            return
        if unit is None:  # projects listed without a unit row
            span = (projects[0].span[0], projects[-1].span[1])
            units.append(FundingUnit(None, Amounts(), projects.copy(), span))
        else:
            span = (unit.span[0], projects[-1].span[1] if projects else unit.span[1])
            units.append(FundingUnit(unit.name, unit.amounts, projects.copy(), span, unit.location))
        projects.clear()

    for row in rows:
        if row.kind == "total":
            total = row.amounts if total == Amounts() else total
        elif row.kind == "unit":
            close()
            unit = row
        else:
            projects.append(
                Project(
                    row.name, row.amounts, row.goal, row.indicators, row.span, location=row.location
                )
            )
    close()
    return TargetTable(
        title=title,
        department=department,
        currency=currency,
        total=total,
        units=units,
        errors=tuple(errors),
    )
