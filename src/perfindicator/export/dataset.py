"""The dataset of many documents (``perfindicator export``): its tables and their columns, and
the rows one file gives (``file_rows``), which a worker process builds and sends back as plain
tuples for the store (``export/store.py``) to write into SQLite or Parquet.

One schema serves both formats (docs/datasets.md lists every column). Rows are keyed by what
they are, not by numbers a database hands out: a document by its ``path``, a project by the
path and its place in the document (``project``, from 1), an indicator by those and its place
in the project (``position``, from 1). So partitions written on different machines (Dask)
join as they are. Every exact number is kept as text, the interchange form's canonical decimal
(``"97"``, ``"28.4"``), beside a REAL copy (``value_real``) for queries: sums and comparisons
in SQL, exact figures for the record.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from perfindicator.forms.many import bare
from perfindicator.forms.read import detect_format, read_any
from perfindicator.model.document import Amounts, Document, Project, TargetTable
from perfindicator.model.errors import FormError, ParseError, SheetError
from perfindicator.model.location import Location
from perfindicator.model.values import Indicator, decimal_text
from perfindicator.model.views import AMOUNT_FIELDS, VALUE_FIELDS, indicator_row
from perfindicator.notation.blocks import IndicatorList
from perfindicator.review.audit import SELF_EVALUATIONS, audit
from perfindicator.review.checks import check_read
from perfindicator.sources.files import InputError

__all__ = [
    "SCHEMA_VERSION",
    "TABLES",
    "Column",
    "FileRows",
    "content_hash",
    "dataset_schema",
    "file_rows",
    "one_line",
    "refused_rows",
    "stored_path",
]

#: Bumped whenever a table or a column changes: a store of another version is not mixed with.
SCHEMA_VERSION = 1


class Column(NamedTuple):
    """One column: its name, its SQL type (TEXT, INTEGER, REAL) and what it holds."""

    name: str
    type: str
    doc: str


def _exact(name: str, what: str) -> list[Column]:
    """An exact number as text, and its REAL copy for queries."""
    return [
        Column(name, "TEXT", f"{what}, exact: a canonical decimal (28.40 is `28.4`)"),
        Column(f"{name}_real", "REAL", f"{what} as a floating-point number, for queries"),
    ]


#: The numbers among a value's fields (``Value.to_dict``), kept exact and as REAL.
_VALUE_NUMBERS = {"value", "low", "high"}
_VALUE_INTEGERS = {"year", "month", "day"}
_VALUE_DOCS = {
    "kind": "the kind of value: quantity, range, ratio, comparison, date, date-range, text",
    "raw": "the value as written",
    "op": "the comparator: ==, >=, >, <=, <, ~",
    "value": "the number of a quantity",
    "low": "the lower end of a range",
    "high": "the upper end of a range",
    "unit": "the unit, normalised (docs/units.md)",
    "numerator": "a ratio's numerator, as written",
    "denominator": "a ratio's denominator, as written",
    "subject": "what a comparison compares",
    "reference": "what a comparison compares it with",
    "year": "a date's year",
    "month": "a date's month",
    "day": "a date's day",
    "text": "a value read as text: its words",
    "start": "a span of dates: its start, ISO 8601 to the parts written",
    "end": "a span of dates: its end, ISO 8601 to the parts written",
}


def _value_columns(prefix: str, what: str) -> list[Column]:
    columns: list[Column] = []
    for name in VALUE_FIELDS:
        doc = f"{what}: {_VALUE_DOCS[name]}"
        if name in _VALUE_NUMBERS:
            columns += _exact(f"{prefix}_{name}", doc)
        else:
            kind = "INTEGER" if name in _VALUE_INTEGERS else "TEXT"
            columns.append(Column(f"{prefix}_{name}", kind, doc))
    return columns


def _amount_columns(prefix: str, what: str) -> list[Column]:
    words = dict(zip(AMOUNT_FIELDS, ["总计", "财政拨款", "财政专户拨款", "其他资金"], strict=True))
    columns: list[Column] = []
    for name in AMOUNT_FIELDS:
        columns += _exact(f"{prefix}_{name}", f"{what}: {words[name]}, in the document's currency")
    return columns


_PATH = Column("path", "TEXT", "the file: its absolute path, symbolic links resolved")

#: Every table, its columns in order.
TABLES: dict[str, list[Column]] = {
    "documents": [
        _PATH,
        Column("sha256", "TEXT", "the SHA-256 of the file's bytes (a changed file is read again)"),
        Column("bytes", "INTEGER", "the file's size"),
        Column("format", "TEXT", "what the file is, by content: pdf, html, xlsx, docx, ole, text"),
        Column(
            "form",
            "TEXT",
            "the form read: target-table, project-targets, self-evaluation, department-targets,"
            " department-self-evaluation; null for a bare block of indicators",
        ),
        Column("title", "TEXT", "the title printed"),
        Column("year", "INTEGER", "the year printed in the title or above the table"),
        Column("department", "TEXT", "the department printed above the table"),
        Column("currency", "TEXT", "the currency of the amounts (万元, 元)"),
        Column("pages", "INTEGER", "a PDF's number of pages; null for other files"),
        Column("status", "TEXT", "read, or refused (nothing of the file is in the other tables)"),
        Column("error", "TEXT", "why a refused file was refused, one line"),
        Column("projects", "INTEGER", "how many projects were read"),
        Column("indicators", "INTEGER", "how many indicators were read"),
        Column("findings", "INTEGER", "how many findings the checks and the audit made"),
        Column("reader", "TEXT", "the perfindicator release that read it, and --recover if so"),
    ],
    "projects": [
        _PATH,
        Column("project", "INTEGER", "the project's place in the document, from 1"),
        Column("name", "TEXT", "项目名称"),
        Column("funding_unit", "TEXT", "资金使用单位 (the text layout), 实施单位 (a column form)"),
        Column("department", "TEXT", "主管部门, or the document's department"),
        Column("manager", "TEXT", "项目负责人, as printed"),
        Column("period", "TEXT", "实施期, as printed"),
        Column("goal", "TEXT", "the year's goal (年度目标, 绩效目标)"),
        Column("overall_goal", "TEXT", "总体目标, where printed beside the year's goal"),
        Column("outcome", "TEXT", "what a self-evaluation says was done (实际完成情况)"),
        *_amount_columns("amount", "the project's row"),
        *_exact("budget", "年度资金总额: the year's budget (全年预算数)"),
        *_exact("executed", "全年执行数 (self-evaluations)"),
        *_exact("execution_rate", "执行率 as printed, in percent (self-evaluations)"),
        *_exact("execution_points", "the execution row's 得分 (self-evaluations)"),
        *_exact("total_points", "总分 as published (self-evaluations)"),
        *_exact("total_weight", "the weights 总分 is out of (normally 100)"),
        Column("fields", "TEXT", "further header fields, a JSON list of [label, text]"),
        Column("location", "TEXT", "where the project's row or header is, in words"),
    ],
    "indicators": [
        _PATH,
        Column("project", "INTEGER", "the project's place, from 1; null in a bare block"),
        Column("position", "INTEGER", "the indicator's place in its project, from 1"),
        Column("number", "INTEGER", "the number printed before the indicator, if any"),
        Column("level_code", "TEXT", "一级指标: its code (1)"),
        Column("level_name", "TEXT", "一级指标: its name (产出指标)"),
        Column("category_code", "TEXT", "二级指标: its code (11)"),
        Column("category_name", "TEXT", "二级指标: its name (数量指标)"),
        Column("name", "TEXT", "三级指标: the indicator's name"),
        *_value_columns("period", "the period's target (实施周期指标值)"),
        *_value_columns("annual", "the year's target (年度指标值)"),
        *_value_columns("actual", "the actual result of a self-evaluation (实际完成值)"),
        *_exact("weight", "分值"),
        *_exact("points", "得分 as published"),
        Column("direction", "TEXT", "指标方向 as printed (正向, 反向)"),
        Column("note", "TEXT", "偏差原因分析及改进措施, or another note column"),
        Column("parent", "TEXT", "the row's parent in a nested form, as printed"),
        Column("targets", "TEXT", "further target columns, a JSON list"),
        Column("texts", "TEXT", "further text columns, a JSON list"),
        Column("location", "TEXT", "where the indicator is, in words"),
        Column("boxes", "TEXT", "its boxes on PDF pages: page 3: 72 96 186.71 132"),
        Column("span_start", "INTEGER", "in a text file: where the indicator starts"),
        Column("span_end", "INTEGER", "in a text file: where it ends"),
    ],
    "findings": [
        _PATH,
        Column("finding", "INTEGER", "the finding's place among the document's, from 1"),
        Column("source", "TEXT", "audit (a self-evaluation's figures) or check (the notation)"),
        Column("code", "TEXT", "the stable code (PA105, PI201; docs/audit.md, docs/checks.md)"),
        Column("severity", "TEXT", "error or warning"),
        Column("message", "TEXT", "what is wrong, in words"),
        Column("project", "INTEGER", "the project it is about (its place, from 1), if one"),
        Column("indicator", "TEXT", "the indicator's name, if it is about one"),
        Column("number", "INTEGER", "the indicator's number, if it is about one"),
        Column("location", "TEXT", "where it is, in words"),
    ],
    "errors": [
        _PATH,
        Column("error", "INTEGER", "the error's place among the document's, from 1"),
        Column("kind", "TEXT", "InputError, FormError, SheetError or ParseError"),
        Column("message", "TEXT", "the error, one line"),
        Column("skipped", "INTEGER", "1 where recovery skipped the text and read on; 0 refused"),
    ],
}


class FileRows(NamedTuple):
    """What one file gives to every table: rows as tuples in ``TABLES``' column order (cheap to
    send back from a worker)."""

    path: str
    tables: dict[str, list[tuple[Any, ...]]]

    @property
    def document(self) -> tuple[Any, ...]:
        return self.tables["documents"][0]


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _real(text: Any) -> float | None:
    return None if text is None else float(Decimal(text))


def _exact_pair(number: Decimal | str | None) -> tuple[str | None, float | None]:
    if number is None:
        return None, None
    text = number if isinstance(number, str) else decimal_text(number)
    return text, _real(text)


def _plan(table: str) -> list[tuple[str, bool]]:
    """Each column of ``table``: the field it is read from, and whether it is a REAL copy."""
    plan = []
    for column in TABLES[table]:
        real = column.type == "REAL" and column.name.endswith("_real")
        plan.append((column.name[: -len("_real")] if real else column.name, real))
    return plan


_PLANS = {table: _plan(table) for table in TABLES}


def _row(table: str, values: dict[str, Any]) -> tuple[Any, ...]:
    """A row of ``table`` from its columns' values by name (the REAL copies worked out here);
    a column not given is null."""
    get = values.get
    return tuple(_real(get(name)) if real else get(name) for name, real in _PLANS[table])


def _amounts(amounts: Amounts | None) -> dict[str, Any]:
    data = amounts.to_dict() if amounts is not None else {}
    return {f"amount_{name}": data.get(name) for name in AMOUNT_FIELDS}


def _where(location: Location | None, span: tuple[int, int] | None) -> str | None:
    if location is not None:
        return str(location)
    if span is not None and span != (0, 0):
        return f"characters {span[0]}–{span[1]}"
    return None


def _project_row(
    path: str, number: int, project: Project, document: Document, unit: str | None
) -> tuple[Any, ...]:
    header = project.header
    values: dict[str, Any] = {
        "path": path,
        "project": number,
        "name": project.name,
        "funding_unit": unit if header is None else header.implementer,
        "department": (header.department if header is not None else None) or document.department,
        "goal": project.goal or None,
        "location": _where(project.location, project.span),
        **_amounts(project.amounts),
    }
    if header is not None:
        values.update(
            manager=header.manager,
            period=header.period,
            overall_goal=header.overall_goal,
            outcome=header.outcome,
            total_points=_exact_pair(header.total_points)[0],
            total_weight=_exact_pair(header.total_weight)[0],
            fields=json.dumps(header.fields, ensure_ascii=False) if header.fields else None,
        )
        if header.funds:  # the first row is the year's whole money (年度资金总额)
            funds = header.funds[0]
            values.update(
                budget=_exact_pair(funds.budget)[0],
                executed=_exact_pair(funds.executed)[0],
                execution_rate=_exact_pair(funds.rate)[0],
                execution_points=_exact_pair(funds.points)[0],
            )
    return _row("projects", values)


def _indicator_values(
    path: str, project: int | None, position: int, item: Indicator
) -> tuple[Any, ...]:
    row = indicator_row(path, item, {})
    row.pop("file")
    return _row("indicators", {**row, "path": path, "project": project, "position": position})


def _units(document: Document) -> dict[int, str | None]:
    """The funding unit of each project of the text layout (by identity)."""
    table = document.table
    if table is None:
        return {}
    return {id(project): unit.name for unit in table.units for project in unit.projects}


def _document_of(result: Document | TargetTable | IndicatorList, name: str, kind: str) -> Document:
    """The document of what a file holds. A bare block of indicators becomes a document of one
    project without a name, only to be walked: its indicators have no project in the tables
    (null), and its ``form`` is null."""
    if isinstance(result, Document):
        return result
    if isinstance(result, TargetTable):
        return Document.of_table(result, path=name, format=kind, errors=result.errors)
    project = Project("", Amounts(), "", tuple(result))
    return Document("target-table", (project,), path=name, format=kind, errors=result.errors)


def _findings(
    document: Document,
    read: Document | TargetTable | IndicatorList,
    text: str | None,
    project_of: dict[str, int],
) -> Iterator[dict[str, Any]]:
    if document.form in SELF_EVALUATIONS:
        for flagged in audit(document):
            yield {
                "source": "audit",
                "code": flagged.code,
                "severity": flagged.severity,
                "message": flagged.message,
                "project": project_of.get(flagged.project),
                "indicator": flagged.indicator,
                "number": flagged.number,
                "location": None if flagged.location is None else str(flagged.location),
            }
    elif text is not None and not isinstance(read, Document):
        for finding in check_read(text, read):
            yield {
                "source": "check",
                "code": finding.code,
                "severity": finding.severity,
                "message": finding.message,
                "location": f"line {finding.line}, column {finding.column}",
            }


def one_line(error: Exception) -> str:
    """An error in one line: a ``ParseError``'s message and place (its excerpt left out),
    another error's text with its lines joined."""
    if isinstance(error, ParseError):
        return f"line {error.line}, column {error.column}: {' '.join(error.msg.split())}"
    return " ".join(str(error).split())


def stored_path(path: str) -> str:
    """A file's name as the tables hold it: as found, but a name that is not UTF-8 (its bytes
    kept by Python as surrogates, which SQLite and Parquet cannot hold) with those bytes as
    ``\\xff`` escapes."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return path


def refused_rows(path: str, error: Exception, document: dict[str, Any]) -> FileRows:
    """The rows of a file that could not be read: its ``documents`` row (``document``'s
    fields, status ``refused`` and why) and its ``errors`` row; nothing is guessed."""
    path = stored_path(path)
    document = {**document, "path": path}
    message = one_line(error).removeprefix(f"{path}: ")  # the rows say which file
    refusal = {"path": path, "error": 1, "kind": type(error).__name__, "message": message}
    return FileRows(
        path,
        {
            "documents": [_row("documents", {**document, "status": "refused", "error": message})],
            "projects": [],
            "indicators": [],
            "findings": [],
            "errors": [_row("errors", {**refusal, "skipped": 0})],
        },
    )


def file_rows(
    path: str,
    data: bytes,
    *,
    recover: bool = False,
    reader: str = "",
    pages: int | None = None,
) -> FileRows:
    """Every row one file gives: its document, its projects, indicators, findings and errors.
    A file that cannot be read gives its ``documents`` row (status ``refused``, with why) and
    its ``errors`` row, nothing else: nothing is guessed. ``path`` is the file's name as found
    (``stored_path`` gives the text the rows hold)."""
    path = stored_path(path)
    kind = detect_format(data)
    base = {"path": path, "sha256": content_hash(data), "bytes": len(data), "format": kind}
    base["reader"] = reader
    base["pages"] = pages
    try:
        result, text = read_any(data, name=path, recover=recover)
    except (InputError, FormError, SheetError, ParseError) as error:
        return refused_rows(path, bare(error), base)
    document = _document_of(result, path, kind)
    if not document.indicators:  # only an empty text reads as nothing: never an empty success
        return refused_rows(path, InputError("no indicators: the file is empty"), base)
    units = _units(document)
    projects, indicators = [], []
    bare_block = isinstance(result, IndicatorList)
    for number, project in enumerate(document.projects, start=1):
        if not bare_block:
            projects.append(_project_row(path, number, project, document, units.get(id(project))))
        for position, item in enumerate(project.indicators, start=1):
            held = None if bare_block else number
            indicators.append(_indicator_values(path, held, position, item))
    names = {project.name: number for number, project in enumerate(document.projects, start=1)}
    found = [
        _row("findings", {**finding, "path": path, "finding": number})
        for number, finding in enumerate(_findings(document, result, text, names), start=1)
    ]
    errors = [
        _row(
            "errors",
            {
                "path": path,
                "error": number,
                "kind": type(error).__name__,
                "message": one_line(error).removeprefix(f"{path}: "),
                "skipped": 1,
            },
        )
        for number, error in enumerate(document.errors, start=1)
    ]
    return FileRows(
        path,
        {
            "documents": [
                _row(
                    "documents",
                    {
                        **base,
                        "form": None if bare_block else document.form,
                        "title": document.title,
                        "year": document.year,
                        "department": document.department,
                        "currency": document.currency,
                        "status": "read",
                        "projects": len(projects),
                        "indicators": len(indicators),
                        "findings": len(found),
                    },
                )
            ],
            "projects": projects,
            "indicators": indicators,
            "findings": found,
            "errors": errors,
        },
    )


def columns_markdown() -> str:
    """Every table's columns as Markdown (the end of docs/datasets.md, which a test holds to
    this)."""
    parts = []
    for table, found in TABLES.items():
        parts.append(f"### {table}\n\n| column | type | what it holds |\n|---|---|---|")
        parts.extend(f"| `{column.name}` | {column.type} | {column.doc} |" for column in found)
        parts.append("")
    return "\n".join(parts)


#: The interchange form's canonical decimal (docs/schema/perfindicator.schema.json).
_DECIMAL = "^(0|-?(0\\.[0-9]*[1-9]|[1-9][0-9]*(\\.[0-9]*[1-9])?))$"
_JSON_TYPES = {"TEXT": "string", "INTEGER": "integer", "REAL": "number"}


def dataset_schema() -> dict[str, Any]:
    """The dataset's rows in JSON Schema's terms (docs/schema/dataset.schema.json): one object
    a table, every column present, null where a row has nothing; exact numbers as the
    interchange form's canonical decimals."""
    tables: dict[str, Any] = {}
    for table, found in TABLES.items():
        properties: dict[str, Any] = {}
        for column in found:
            kind: dict[str, Any] = {"type": [_JSON_TYPES[column.type], "null"]}
            if column.type == "TEXT" and f"{column.name}_real" in {c.name for c in found}:
                kind = {"anyOf": [{"type": "string", "pattern": _DECIMAL}, {"type": "null"}]}
            properties[column.name] = {"description": column.doc, **kind}
        properties["path"] = {"description": _PATH.doc, "type": "string"}
        tables[table] = {
            "type": "object",
            "properties": properties,
            "required": [column.name for column in found],
            "additionalProperties": False,
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://perfindicator.invalid/schema/dataset.schema.json",
        "title": "perfindicator dataset",
        "description": (
            f"A row of each table of perfindicator export (dataset schema {SCHEMA_VERSION});"
            " the value columns (period_, annual_, actual_) are the fields of a value in"
            " perfindicator.schema.json, flattened."
        ),
        "$defs": tables,
    }


def columns(table: str) -> Sequence[str]:
    return [column.name for column in TABLES[table]]


def rows_by_table(files: Iterable[FileRows]) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of many files, table by table."""
    out: dict[str, list[tuple[Any, ...]]] = {name: [] for name in TABLES}
    for one in files:
        for name, rows in one.tables.items():
            out[name].extend(rows)
    return out
