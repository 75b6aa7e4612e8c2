"""Views of the model that only read it: flat rows (one per indicator, every field in its own
column), data frames (pandas, an optional extra) and notebook HTML; ``to_dataframe()`` and
``_repr_html_`` of the model, and the command's CSV and JSON Lines, are built here."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from perfindicator.model.location import Location, PageBoxes

if TYPE_CHECKING:
    import pandas

    from perfindicator.model.document import Amounts, Document, Project, TargetTable
    from perfindicator.model.values import Indicator, Value

#: The fields of ``Amounts``, in order (written out: ``model/document.py`` builds on this
#: module; a test holds the two to one).
AMOUNT_FIELDS = ["total", "fiscal", "fiscal_special", "other"]
VALUE_FIELDS = [
    "kind", "raw", "op", "value", "low", "high", "unit", "numerator", "denominator",
    "subject", "reference", "year", "month", "day", "text", "start", "end",
]  # fmt: skip
#: What a column form prints beside the targets on an indicator's row (``IndicatorRow``).
ROW_FIELDS = ["weight", "points", "direction", "note", "parent"]
COLUMNS = [
    "file",
    "form",
    "title",
    "department",
    "currency",
    # The 资金使用单位 (a ``FundingUnit``; 实施单位 on a column form), not a unit of measurement.
    "funding_unit",
    *(f"funding_unit_{name}" for name in AMOUNT_FIELDS),
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
    *(f"actual_{name}" for name in VALUE_FIELDS),
    *ROW_FIELDS,
    # Further target columns and text columns, each a compact JSON text (``_listed``).
    "targets",
    "texts",
    "location",
    # The boxes of a row on its PDF pages (``_boxes``); None outside a PDF.
    "boxes",
    "span_start",
    "span_end",
]


#: Each value's columns (``period_kind`` …) with its field, named once (not for every row).
_VALUE_COLUMNS = {
    prefix: [(f"{prefix}_{name}", name) for name in VALUE_FIELDS]
    for prefix in ("period", "annual", "actual")
}


def _value_fields(prefix: str, value: Value | None) -> dict[str, Any]:
    columns = _VALUE_COLUMNS[prefix]
    if value is None:
        return dict.fromkeys(column for column, _ in columns)
    data = value.to_dict()
    for end in ("start", "end"):  # a span of dates: each end as ISO 8601 text
        if end in data:
            data[end] = _iso_date(data[end])
    return {column: data.get(name) for column, name in columns}


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


def indicator_row(file: str, indicator: Indicator, context: dict[str, Any]) -> dict[str, Any]:
    row = indicator.row
    printed = row.to_dict() if row is not None else {}
    located = row is not None and row.location is not None
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
        **_value_fields("actual", row.actual if row is not None else None),
        **{name: printed.get(name) for name in ROW_FIELDS},
        "targets": _listed(printed.get("targets")),
        "texts": _listed(printed.get("texts")),
        "location": str(indicator.location),
        "boxes": _boxes(indicator.location),
        # A span is a place in a text: a row read from cells has none (as in ``to_dict``).
        "span_start": None if located else indicator.span[0],
        "span_end": None if located else indicator.span[1],
    }


def _boxes(location: Location) -> str | None:
    """A PDF row's boxes as text: ``page 3: 72 96 186.71 132`` (x0 top x1 bottom, in points
    from the page's top left), boxes on more pages parted by ``; ``."""
    if not isinstance(location, PageBoxes):
        return None
    return "; ".join(
        f"page {box.page}: " + " ".join(f"{edge:g}" for edge in list(box.to_dict().values())[1:])
        for box in location.boxes
    )


def _escape(text: str) -> str:
    import html  # here: a notebook's display needs it, parsing (which imports this) does not

    return html.escape(text)


def _listed(entries: list[dict[str, Any]] | None) -> str | None:
    """The row's further targets or texts as they are in ``IndicatorRow.to_dict``, as one
    compact JSON text (Chinese kept as written); None when the row has none."""
    if not entries:
        return None
    import json  # here: parsing, which imports this module, does not need it

    return json.dumps(entries, ensure_ascii=False, separators=(",", ":"))


def _table_rows(
    file: str, table: TargetTable, form: str | None = "target-table"
) -> Iterator[dict[str, Any]]:
    for unit in table.units:
        for project in unit.projects:
            context = {
                "form": form,
                "title": table.title,
                "department": table.department,
                "currency": table.currency,
                "funding_unit": unit.name,
                **_amount_fields("funding_unit", unit.amounts),
                "project": project.name,
                **_amount_fields("project", project.amounts),
            }
            for indicator in project.indicators:
                yield indicator_row(file, indicator, context)


def _document_rows(file: str, document: Document) -> Iterator[dict[str, Any]]:
    if document.table is not None:
        yield from _table_rows(file, document.table, document.form)
        return
    for project in document.projects:
        yield from _project_rows(file, document, project)


def _project_rows(file: str, document: Document, project: Project) -> Iterator[dict[str, Any]]:
    header = project.header
    context = {
        "form": document.form,
        "title": document.title,
        "department": (header.department if header is not None else None) or document.department,
        "currency": document.currency,
        "funding_unit": header.implementer if header is not None else None,
        **_amount_fields("funding_unit", None),
        "project": project.name,
        **_amount_fields("project", project.amounts),
    }
    for indicator in project.indicators:
        yield indicator_row(file, indicator, context)


def rows(
    file: str, result: Document | TargetTable | Sequence[Indicator]
) -> Iterator[dict[str, Any]]:
    """One flat row per indicator, with its unit and project when it comes from a table or a
    document, and what a column form prints beside it (actual result, weight, points)."""
    if hasattr(result, "form"):  # a Document (imported only for type checking)
        yield from _document_rows(file, cast("Document", result))
    elif hasattr(result, "units"):  # a TargetTable
        yield from _table_rows(file, cast("TargetTable", result))
    else:
        context = {
            "form": None,
            "title": None,
            "department": None,
            "currency": None,
            "funding_unit": None,
            **_amount_fields("funding_unit", None),
            "project": None,
            **_amount_fields("project", None),
        }
        for indicator in result:
            yield indicator_row(file, indicator, context)


# --------------------------------------------------------------------------------------------
# Data frames (pandas, an optional extra)
# --------------------------------------------------------------------------------------------

#: Columns of whole numbers (pandas' nullable Int64).
_INTEGERS = {
    "number",
    "parent",
    "span_start",
    "span_end",
    *(
        f"{side}_{name}"
        for side in ("period", "annual", "actual")
        for name in ("year", "month", "day")
    ),
}
#: Columns of exact decimal numbers, written as text in the rows.
_NUMBERS = {
    *(
        f"{side}_{name}"
        for side in ("period", "annual", "actual")
        for name in ("value", "low", "high")
    ),
    *(f"{row}_{name}" for row in ("funding_unit", "project") for name in AMOUNT_FIELDS),
    "weight",
    "points",
}


def to_dataframe(
    result: Document | TargetTable | Sequence[Indicator],
    *,
    numbers: str = "float",
    file: str | None = None,
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


def indicators_html(
    indicators: Sequence[Indicator], errors: list[Any] | tuple[Any, ...] = ()
) -> str:
    """An HTML table of indicators, the values in canonical notation (raw text on hover)."""
    lines = ['<table class="perfindicator">', "<thead><tr>"]
    lines.append("".join(f"<th>{_escape(name)}</th>" for name in _HEAD) + "</tr></thead>")
    lines.append("<tbody>")
    for indicator in indicators:
        cells = indicator_cells(indicator)
        raws = ["", "", "", "", _raw(indicator.period), _raw(indicator.annual)]
        row = "".join(
            f'<td title="{_escape(raw)}">{_escape(cell)}</td>'
            if raw
            else f"<td>{_escape(cell)}</td>"
            for cell, raw in zip(cells, raws, strict=True)
        )
        lines.append(f"<tr>{row}</tr>")
    lines.append("</tbody></table>")
    if errors:
        lines.append(f"<p>{len(errors)} problem(s) skipped:</p><ul>")
        lines.extend(f"<li>{_escape(error.msg)}</li>" for error in errors)
        lines.append("</ul>")
    return "\n".join(lines)


def _raw(value: Value | None) -> str:
    return "" if value is None else value.raw


def table_html(table: TargetTable) -> str:
    """A target table for a notebook: its head, then each project's indicators."""
    lines = [f"<h4>{_escape(table.title or '(no title)')}</h4>"]
    facts = [f"department: {table.department or '—'}", f"currency: {table.currency or '—'}"]
    facts.append(f"total: {_amounts(table.total)}")
    lines.append(f"<p>{_escape(' · '.join(facts))}</p>")
    for unit in table.units:
        if unit.name is not None:
            lines.append(f"<h5>{_escape(unit.name)} ({_escape(_amounts(unit.amounts))})</h5>")
        for project in unit.projects:
            lines.append(
                f"<p><b>{_escape(project.name)}</b> ({_escape(_amounts(project.amounts))})"
                f"<br>{_escape(project.goal)}</p>"
            )
            lines.append(indicators_html(list(project.indicators)))
    if table.errors:
        lines.append(f"<p>{len(table.errors)} problem(s) skipped:</p><ul>")
        lines.extend(f"<li>{_escape(error.msg)}</li>" for error in table.errors)
        lines.append("</ul>")
    return "\n".join(lines)


def _amounts(amounts: Amounts) -> str:
    parts = [
        f"{name} {getattr(amounts, name)}"
        for name in AMOUNT_FIELDS
        if getattr(amounts, name) is not None
    ]
    return ", ".join(parts) or "no amounts"
