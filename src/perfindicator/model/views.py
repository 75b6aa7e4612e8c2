"""Views of the model that only read it: flat rows (one per indicator, every field in its own
column), data frames (pandas, an optional extra) and notebook HTML; ``to_dataframe()`` and
``_repr_html_`` of the model, and the command's CSV and JSON Lines, are built here."""

from __future__ import annotations

import html
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    import pandas

    from perfindicator.model.document import Amounts, TargetTable
    from perfindicator.model.values import Indicator, Value

#: The fields of ``Amounts``, in order (written out: ``model/document.py`` builds on this
#: module; a test holds the two to one).
AMOUNT_FIELDS = ["total", "fiscal", "fiscal_special", "other"]
VALUE_FIELDS = [
    "kind", "raw", "op", "value", "low", "high", "unit", "numerator", "denominator",
    "subject", "reference", "year", "month", "day", "text", "start", "end",
]  # fmt: skip
COLUMNS = [
    "file",
    "title",
    "department",
    "currency",
    "unit",
    *(f"unit_{name}" for name in AMOUNT_FIELDS),
    "project",
    *(f"project_{name}" for name in AMOUNT_FIELDS),
    "number",
    "level_code",
    "level_name",
    "category_code",
    "category_name",
    "name",
    *(f"period_{name}" for name in VALUE_FIELDS),
    *(f"annual_{name}" for name in VALUE_FIELDS),
    "span_start",
    "span_end",
]


def _value_fields(prefix: str, value: Value | None) -> dict[str, Any]:
    data = value.to_dict() if value is not None else {}
    for end in ("start", "end"):  # a span of dates: each end as ISO 8601 text
        if end in data:
            data[end] = _iso_date(data[end])
    return {f"{prefix}_{name}": data.get(name) for name in VALUE_FIELDS}


def _iso_date(parts: dict[str, int | None]) -> str:
    """An end of a span as ISO 8601 text, to the parts written: 2023-07, 2024-01-31, --12
    (December of a year not written)."""
    year, month, day = parts["year"], parts["month"], parts["day"]
    text = "-" if year is None else f"{year:04d}"
    if month is not None:
        text += f"-{month:02d}"
    if day is not None:
        text += f"-{day:02d}"
    return text


def _amount_fields(prefix: str, amounts: Amounts | None) -> dict[str, Any]:
    data = amounts.to_dict() if amounts is not None else {}
    return {f"{prefix}_{name}": data.get(name) for name in AMOUNT_FIELDS}


def _indicator_row(file: str, indicator: Indicator, context: dict[str, Any]) -> dict[str, Any]:
    return {
        "file": file,
        **context,
        "number": indicator.number,
        "level_code": indicator.level.code,
        "level_name": indicator.level.name,
        "category_code": indicator.category.code,
        "category_name": indicator.category.name,
        "name": indicator.name,
        **_value_fields("period", indicator.period),
        **_value_fields("annual", indicator.annual),
        "span_start": indicator.span[0],
        "span_end": indicator.span[1],
    }


def rows(file: str, result: TargetTable | list[Indicator]) -> Iterator[dict[str, Any]]:
    """One flat row per indicator, with its unit and project when it comes from a table."""
    if hasattr(result, "units"):  # a TargetTable (imported only for type checking)
        table = cast("TargetTable", result)
        for unit in table.units:
            for project in unit.projects:
                context = {
                    "title": table.title,
                    "department": table.department,
                    "currency": table.currency,
                    "unit": unit.name,
                    **_amount_fields("unit", unit.amounts),
                    "project": project.name,
                    **_amount_fields("project", project.amounts),
                }
                for indicator in project.indicators:
                    yield _indicator_row(file, indicator, context)
    else:
        context = {
            "title": None,
            "department": None,
            "currency": None,
            "unit": None,
            **_amount_fields("unit", None),
            "project": None,
            **_amount_fields("project", None),
        }
        for indicator in result:
            yield _indicator_row(file, indicator, context)


# --------------------------------------------------------------------------------------------
# Data frames (pandas, an optional extra)
# --------------------------------------------------------------------------------------------

#: Columns of whole numbers (pandas' nullable Int64).
_INTEGERS = {
    "number",
    "span_start",
    "span_end",
    *(f"{side}_{name}" for side in ("period", "annual") for name in ("year", "month", "day")),
}
#: Columns of exact decimal numbers, written as text in the rows.
_NUMBERS = {
    *(f"{side}_{name}" for side in ("period", "annual") for name in ("value", "low", "high")),
    *(f"{row}_{name}" for row in ("unit", "project") for name in AMOUNT_FIELDS),
}


def to_dataframe(
    result: TargetTable | list[Indicator], *, numbers: str = "float", file: str | None = None
) -> pandas.DataFrame:
    """One row per indicator, with the columns of ``perfindicator -f csv`` (without ``file``
    unless one is given): the project and unit with their amounts for a table, then the
    indicator's codes, name and both values field by field.

    Whole numbers (item number, year, month, day, spans) are nullable integers; values and
    amounts are floats, or ``decimal.Decimal`` objects with ``numbers="decimal"`` when every
    digit counts; the rest is text (pandas' ``string`` dtype), empty cells missing.
    """
    try:
        import pandas
    except ImportError:
        raise ImportError(
            "to_dataframe() needs pandas: pip install 'perfindicator[pandas]'"
        ) from None
    if numbers not in ("float", "decimal"):
        raise ValueError(f"numbers must be 'float' or 'decimal', not {numbers!r}")
    columns = COLUMNS if file is not None else COLUMNS[1:]
    data = list(rows(file or "", result))
    frame = pandas.DataFrame(
        {column: [row[column] for row in data] for column in columns}, columns=columns
    )
    for column in columns:
        if column in _INTEGERS:
            frame[column] = frame[column].astype("Int64")
        elif column in _NUMBERS:
            as_decimal = [
                None if cell is None or cell != cell else Decimal(cell) for cell in frame[column]
            ]
            if numbers == "decimal":
                frame[column] = pandas.Series(as_decimal, dtype=object, index=frame.index)
            else:
                frame[column] = pandas.to_numeric(frame[column], errors="raise").astype("Float64")
        else:
            frame[column] = frame[column].astype("string")
    return frame


# --------------------------------------------------------------------------------------------
# Notebook tables
# --------------------------------------------------------------------------------------------

_HEAD = ("#", "一级指标", "二级指标", "三级指标", "实施周期指标值", "年度指标值")


def indicator_cells(indicator: Indicator) -> list[str]:
    """An indicator as six cells of text: number, level, category, name, both values."""
    return [
        str(indicator.number),
        str(indicator.level),
        str(indicator.category),
        indicator.name,
        "" if indicator.period is None else str(indicator.period),
        "" if indicator.annual is None else str(indicator.annual),
    ]


def indicators_html(indicators: list[Indicator], errors: list[Any] | tuple[Any, ...] = ()) -> str:
    """An HTML table of indicators, the values in canonical notation (raw text on hover)."""
    lines = ['<table class="perfindicator">', "<thead><tr>"]
    lines.append("".join(f"<th>{html.escape(name)}</th>" for name in _HEAD) + "</tr></thead>")
    lines.append("<tbody>")
    for indicator in indicators:
        cells = indicator_cells(indicator)
        raws = ["", "", "", "", _raw(indicator.period), _raw(indicator.annual)]
        row = "".join(
            f'<td title="{html.escape(raw)}">{html.escape(cell)}</td>'
            if raw
            else f"<td>{html.escape(cell)}</td>"
            for cell, raw in zip(cells, raws, strict=True)
        )
        lines.append(f"<tr>{row}</tr>")
    lines.append("</tbody></table>")
    if errors:
        lines.append(f"<p>{len(errors)} problem(s) skipped:</p><ul>")
        lines.extend(f"<li>{html.escape(error.msg)}</li>" for error in errors)
        lines.append("</ul>")
    return "\n".join(lines)


def _raw(value: Value | None) -> str:
    return "" if value is None else value.raw


def table_html(table: TargetTable) -> str:
    """A target table for a notebook: its head, then each project's indicators."""
    lines = [f"<h4>{html.escape(table.title or '(no title)')}</h4>"]
    facts = [f"department: {table.department or '—'}", f"currency: {table.currency or '—'}"]
    facts.append(f"total: {_amounts(table.total)}")
    lines.append(f"<p>{html.escape(' · '.join(facts))}</p>")
    for unit in table.units:
        if unit.name is not None:
            lines.append(
                f"<h5>{html.escape(unit.name)} ({html.escape(_amounts(unit.amounts))})</h5>"
            )
        for project in unit.projects:
            lines.append(
                f"<p><b>{html.escape(project.name)}</b> ({html.escape(_amounts(project.amounts))})"
                f"<br>{html.escape(project.goal)}</p>"
            )
            lines.append(indicators_html(list(project.indicators)))
    if table.errors:
        lines.append(f"<p>{len(table.errors)} problem(s) skipped:</p><ul>")
        lines.extend(f"<li>{html.escape(error.msg)}</li>" for error in table.errors)
        lines.append("</ul>")
    return "\n".join(lines)


def _amounts(amounts: Amounts) -> str:
    parts = [
        f"{name} {getattr(amounts, name)}"
        for name in AMOUNT_FIELDS
        if getattr(amounts, name) is not None
    ]
    return ", ".join(parts) or "no amounts"
