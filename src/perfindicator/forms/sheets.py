"""Indicators exported as spreadsheet rows: one row per indicator with columns such as
一级指标 / 二级指标 / 三级指标 / 指标值, read into the same Indicator objects as the notation,
every value read by the same value parser.

Budget systems name their columns in several ways and add some of their own: 计量单位 (the
unit), 运算符号 (the comparator, ≥ ≤ =), 指标性质 (正向 / 反向 / 定性, or the comparator),
实施周期指标值. Cells of a merged 一级指标 or 二级指标 column are empty below their first row:
they take the value above.

Files come from anywhere, so a damaged or hostile one (a zip bomb, sheet XML cut short, a cell
of infinity) is a SheetError naming the file, sheet, row and cell, within limits of size and
cells checked before the work is done; no error of zipfile, openpyxl, expat, csv or pandas
gets through.
"""

from __future__ import annotations

import csv
import io
import os
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal, overload

from perfindicator.forms.headings import export_field
from perfindicator.forms.row_cells import code_cell, value_cells
from perfindicator.model.errors import SheetError
from perfindicator.model.values import (
    Indicator,
    Value,
)
from perfindicator.sources import archive
from perfindicator.sources.archive import MAX_RATIO, MAX_UNCOMPRESSED
from perfindicator.sources.cells import shown as _shown
from perfindicator.sources.cells import text as _text

if TYPE_CHECKING:
    import pandas

    from perfindicator.notation.blocks import IndicatorList


#: A row as read_rows is given it: a mapping of heading to cell, or a sequence of cells.
Row = Mapping[str, Any] | Sequence[Any]
#: What read_rows reads: rows all of one of those two shapes.
Rows = Iterable[Mapping[str, Any]] | Iterable[Sequence[Any]]


@overload
def read_rows(rows: Rows, *, by_project: Literal[False] = False) -> IndicatorList: ...
@overload
def read_rows(rows: Rows, *, by_project: Literal[True]) -> dict[str, IndicatorList]: ...
@overload
def read_rows(rows: Rows, *, by_project: bool) -> IndicatorList | dict[str, IndicatorList]: ...
def read_rows(rows: Rows, *, by_project: bool = False) -> IndicatorList | dict[str, IndicatorList]:
    """Indicators from spreadsheet rows: mappings of column heading to cell (as ``csv``'s
    ``DictReader`` or ``DataFrame.to_dict("records")`` give them), or sequences whose first
    one with a 三级指标 (or 指标名称) and a 指标值 heading is the header.

    Returns an ``IndicatorList``; with ``by_project=True``, a dict of 项目名称 to the
    ``IndicatorList`` of that project, in the order the projects come.

    Rows without an indicator name are skipped (totals, blank lines, a header repeated on a
    later page, a row of column numbers); a level or category cell left empty takes the one
    above (a merged cell). A row with a name but no value, a cell that cannot be a value (an
    infinite number), or headings without a name or a value column raise ``SheetError`` (a
    ``ValueError``) saying which row, cell or headings; rows are numbered from 1 as given
    (mappings from the first, sequences from the first, title or header included).
    """
    return _read(enumerate(rows, start=1), by_project=by_project)


def _read(
    rows: Iterable[tuple[int, Row]], *, by_project: bool
) -> IndicatorList | dict[str, IndicatorList]:
    """read_rows on rows numbered as their sheet numbers them."""
    from perfindicator.notation.blocks import IndicatorList

    fields: list[str | None] | None = None
    headings: list[str] = []
    groups: dict[str, list[Indicator]] = {}
    last = {"level": "", "category": "", "project": ""}
    for row_number, row in rows:
        if isinstance(row, Mapping):
            if fields is None:
                fields = [export_field(key) for key in row]
                headings = [str(key) for key in row]
                _check_headings(fields, headings)
            cells = [(export_field(key), str(key), cell) for key, cell in row.items()]
        else:
            if fields is None:
                found = [export_field(cell) for cell in row]
                if "name" in found and ({"annual", "period"} & set(found)):
                    fields = found
                    headings = [_text_or_blank(cell) for cell in row]
                continue  # a title or a group heading above the header, or the header itself
            cells = list(zip(fields, headings, row, strict=False))
        record: dict[str, str] = {}
        columns: dict[str, tuple[int, str]] = {}
        for column, (field, heading, cell) in enumerate(cells, start=1):
            if field:
                record[field] = _cell(cell, row_number, column, heading)
                columns[field] = (column, heading)
        name = record.get("name", "")
        for kind in ("level", "category", "project"):
            record[kind] = record.get(kind) or last[kind]
            last[kind] = record[kind]
        if not name or export_field(name) == "name" or re.fullmatch(r"[0-9.\s]+", name):
            continue  # no indicator here: a total, a repeated header, a row of column numbers
        if not record.get("annual") and not record.get("period"):
            raise SheetError(f"expected a target value for {name}, found none", row=row_number)
        if not record["level"] or not record["category"]:
            raise SheetError(f"expected the 一级指标 and 二级指标 of {name}", row=row_number)
        items = groups.setdefault(record["project"] if by_project else "", [])
        level = code_cell(record["level"], "level", None)
        category = code_cell(record["category"], "category", level.code)
        op, unit, nature = record.get("op", ""), record.get("unit", ""), record.get("nature", "")
        number_text = record.get("number", "")
        written = re.fullmatch(r"[0-9]{1,9}", number_text)
        number = int(number_text) if written else len(items) + 1
        values: dict[str, Value | None] = {}
        for kind in ("period", "annual"):
            column, heading = columns.get(kind, (0, ""))
            try:
                values[kind] = value_cells(record.get(kind, ""), op, unit, nature, name)
            except ValueError as error:  # ParseError too: the value parser's own limits
                raise SheetError(
                    f"cannot read the value: {error}", row=row_number, column=column or None,
                    heading=heading or None,
                ) from error  # fmt: skip
        items.append(
            Indicator(
                number=number,
                level=level,
                category=category,
                name=name,
                period=values["period"],
                annual=values["annual"],
            )
        )
    if fields is None:
        raise SheetError(
            "expected a header row with a 三级指标 (or 指标名称) and a 指标值 column, found none"
        )
    if by_project:
        return {project: IndicatorList(items) for project, items in groups.items()}
    return IndicatorList(groups.get("", []))


def _cell(cell: Any, row: int, column: int, heading: str) -> str:
    """A cell as text (see ``sources.cells.text``), or a SheetError naming it."""
    try:
        return _text(cell)
    except (ValueError, TypeError, ArithmeticError) as error:
        raise SheetError(
            f"cannot read the cell: {error}", row=row, column=column, heading=heading
        ) from error


def _text_or_blank(cell: Any) -> str:
    """A heading as text, or '' when it cannot be read as one."""
    try:
        return _text(cell)
    except (ValueError, TypeError, ArithmeticError):
        return ""


def _check_headings(fields: list[str | None], headings: list[str]) -> None:
    if "name" not in fields:
        found = ", ".join(headings)
        raise SheetError(f"expected a 三级指标 (or 指标名称) column, found the columns: {found}")
    if "annual" not in fields and "period" not in fields:
        found = ", ".join(headings)
        raise SheetError(f"expected a 指标值 (or 年度指标值) column, found the columns: {found}")


@overload
def read_dataframe(
    frame: pandas.DataFrame, *, by_project: Literal[False] = False
) -> IndicatorList: ...
@overload
def read_dataframe(
    frame: pandas.DataFrame, *, by_project: Literal[True]
) -> dict[str, IndicatorList]: ...
@overload
def read_dataframe(
    frame: pandas.DataFrame, *, by_project: bool
) -> IndicatorList | dict[str, IndicatorList]: ...
def read_dataframe(
    frame: pandas.DataFrame, *, by_project: bool = False
) -> IndicatorList | dict[str, IndicatorList]:
    """Indicators from a pandas data frame whose columns are the spreadsheet's headings (see
    ``read_rows``; missing cells, NaN, NaT or NA, are empty)."""
    return read_rows(frame.to_dict("records"), by_project=by_project)


@overload
def read_csv(
    path: str | Path, encoding: str | None = None, *, by_project: Literal[False] = False
) -> IndicatorList: ...
@overload
def read_csv(
    path: str | Path, encoding: str | None = None, *, by_project: Literal[True]
) -> dict[str, IndicatorList]: ...
@overload
def read_csv(
    path: str | Path, encoding: str | None = None, *, by_project: bool
) -> IndicatorList | dict[str, IndicatorList]: ...
def read_csv(
    path: str | Path, encoding: str | None = None, *, by_project: bool = False
) -> IndicatorList | dict[str, IndicatorList]:
    """Indicators from a CSV file (UTF-8 with or without a byte-order mark, or GB18030, unless
    ``encoding`` says otherwise); see ``read_rows``.

    A file that cannot be decoded or read as CSV (a cell longer than the ``csv`` module's
    field limit, 131072 characters by default) raises ``SheetError`` naming the file and the
    line; ``OSError`` when it cannot be opened.
    """
    from perfindicator.sources.files import InputError, decode

    name = os.fspath(path)
    try:
        text = decode(Path(path).read_bytes(), encoding)
    except InputError as error:
        message = str(error).replace("pass --encoding", "pass encoding=")
        raise SheetError(message, file=name) from None
    reader = csv.reader(io.StringIO(text))
    try:
        return _read(enumerate(reader, start=1), by_project=by_project)
    except SheetError as error:
        error.file = name
        raise
    except csv.Error as error:
        limit = csv.field_size_limit()
        reason = (
            f"a cell longer than the CSV reader's limit of {limit} characters"
            if "field limit" in str(error)
            else str(error)
        )
        raise SheetError(
            f"cannot read line {reader.line_num} as CSV: {reason}", file=name
        ) from None


#: How many cells a sheet may have: ten million is a hundred times a large indicator export.
MAX_CELLS = 10_000_000


@overload
def read_excel(
    path: str | Path,
    sheet: str | None = None,
    *,
    by_project: Literal[False] = False,
    max_uncompressed: int = MAX_UNCOMPRESSED,
    max_ratio: float = MAX_RATIO,
    max_cells: int = MAX_CELLS,
) -> IndicatorList: ...
@overload
def read_excel(
    path: str | Path,
    sheet: str | None = None,
    *,
    by_project: Literal[True],
    max_uncompressed: int = MAX_UNCOMPRESSED,
    max_ratio: float = MAX_RATIO,
    max_cells: int = MAX_CELLS,
) -> dict[str, IndicatorList]: ...
@overload
def read_excel(
    path: str | Path,
    sheet: str | None = None,
    *,
    by_project: bool,
    max_uncompressed: int = MAX_UNCOMPRESSED,
    max_ratio: float = MAX_RATIO,
    max_cells: int = MAX_CELLS,
) -> IndicatorList | dict[str, IndicatorList]: ...
def read_excel(
    path: str | Path,
    sheet: str | None = None,
    *,
    by_project: bool = False,
    max_uncompressed: int = MAX_UNCOMPRESSED,
    max_ratio: float = MAX_RATIO,
    max_cells: int = MAX_CELLS,
) -> IndicatorList | dict[str, IndicatorList]:
    """Indicators from an ``.xlsx`` workbook (needs openpyxl: the ``excel`` extra); the first
    sheet unless ``sheet`` names another; see ``read_rows``. A number shown as a percentage
    (0.95 formatted ``0%``) is read as shown, 95%; a date cell as its date.

    Before openpyxl reads it, the workbook (a zip archive) is checked: its parts may unpack to
    ``max_uncompressed`` bytes in all (256 MiB), and a part of more than 1 MiB may be at most
    ``max_ratio`` times its compressed size (100). The sheet may have ``max_cells`` cells (ten
    million), counting those it leaves out between the ones it has. A workbook over a limit, a
    file that is not a workbook or is damaged, or a missing sheet raises ``SheetError`` naming
    the file, and the sheet, row and cell where they are known; ``OSError`` when it cannot be
    opened.
    """
    try:
        import openpyxl
    except ImportError:
        raise ImportError(
            "read_excel() needs openpyxl: pip install 'perfindicator[excel]'"
        ) from None
    name = os.fspath(path)
    with open(path, "rb") as file, warnings.catch_warnings():
        # openpyxl warns of parts it does not read (data validation, a missing default style).
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\.")
        _check_archive(file, name, max_uncompressed, max_ratio)
        file.seek(0)
        try:
            workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
        except archive.openpyxl_damage() as error:
            broken = archive.broken_part(file) if isinstance(error, archive.XML_ERRORS) else None
            reason = ": ".join(broken) if broken is not None else archive.reason(error)
            raise SheetError(f"not a readable .xlsx workbook: {reason}", file=name) from None
        try:
            return _read_sheet(workbook, sheet, name, by_project, max_cells)
        finally:
            workbook.close()


def _read_sheet(
    workbook: Any, sheet: str | None, name: str, by_project: bool, max_cells: int
) -> IndicatorList | dict[str, IndicatorList]:
    """Indicators from one sheet of an open workbook, any failure a SheetError."""
    try:
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
    except (KeyError, IndexError):
        found = ", ".join(workbook.sheetnames) or "none"
        wanted = f"no sheet named {sheet}" if sheet is not None else "no worksheet"
        raise SheetError(f"{wanted}; the sheets are: {found}", file=name) from None
    except archive.openpyxl_damage() as error:
        raise SheetError(f"cannot open the sheet: {archive.reason(error)}", file=name) from None
    title = str(worksheet.title)
    where = [1, 0]  # the row and column being read
    try:
        return _read(_sheet_rows(worksheet, where, max_cells), by_project=by_project)
    except SheetError as error:
        error.file, error.sheet = name, title
        raise
    except archive.openpyxl_damage() as error:
        raise SheetError(
            f"damaged sheet: {archive.reason(error)}", file=name, sheet=title, row=where[0],
            column=where[1] or None,
        ) from None  # fmt: skip


def _sheet_rows(
    worksheet: Any, where: list[int], max_cells: int
) -> Iterable[tuple[int, list[Any]]]:
    """A worksheet's rows as the sheet shows their cells, numbered from 1; ``where`` follows
    the row and column being read, for an error to name. openpyxl makes up the rows and cells
    a sheet leaves out (a lone cell in column XFD fills its row with 16383 empty ones), so
    those count against ``max_cells`` too."""
    worksheet.reset_dimensions()  # every row, whatever the sheet's stated dimension says
    rows = iter(worksheet.iter_rows())
    number = cells = 0
    while True:
        where[:] = [number + 1, 0]
        row = next(rows, None)
        if row is None:
            return
        number += 1
        cells += max(len(row), 1)
        if cells > max_cells:
            raise SheetError(
                f"more than {max_cells} cells by this row; pass max_cells= to allow more",
                row=number,
            )
        shown = []
        for column, cell in enumerate(row, start=1):
            where[1] = column
            shown.append(_shown(cell))
        yield number, shown


def _check_archive(file: IO[bytes], name: str, max_uncompressed: int, max_ratio: float) -> None:
    """Refuse a workbook that is not a zip archive, or whose parts unpack to more than the
    limits allow (zipfile reads a part no further than the size its directory gives)."""
    if file.read(len(archive.OLE2)) == archive.OLE2:
        raise SheetError(
            "an old .xls workbook, or an .xlsx with a password (both are OLE2 documents),"
            " which openpyxl cannot read: save it as an .xlsx workbook without a password",
            file=name,
        )
    try:
        archive.check_archive(file, max_uncompressed, max_ratio)
    except archive.ArchiveError as error:
        raise SheetError(str(error), file=name) from None
