"""Workbooks as grids: every sheet of an .xlsx workbook (openpyxl) or an old .xls one (xlrd)
that has cells, each cell's text as the sheet displays it, a merged range as one cell.

What a sheet's grid holds, and what it leaves out:

- a cell for every position that holds a value, and one for every merged range (its text
  that of the range's top-left cell, "" when that is empty); an empty position is no cell
  (``Grid.matrix()`` gives None there); the values of cells a merged range covers below or
  right of its top-left are not shown by Excel and are dropped;
- text as displayed (``sources.cells.displayed``): 0.95 formatted ``0%`` is ``95%``, 120
  formatted ``0.00`` is ``120.00``, a date ``2023-06-30`` (never its serial number 45107);
- a formula's value as Excel last calculated and saved it; a formula saved without a value
  (files written by programs that do not calculate, such as openpyxl) is an empty cell: the
  formula's text is not a value and is not shown in its place;
- hidden rows and columns, and hidden sheets, are kept like any others: a published form's
  hidden cells are still in the file, and the reader does not judge what a person saw.

An .xlsx workbook is read in openpyxl's read-only mode (rows streamed, not a cell object per
position held in memory), which does not give merged ranges: they are read from the sheet's
XML by a parser that keeps nothing but the ranges. Before that, the archive passes the checks
of ``sources.archive``, and a sheet may cover at most ``MAX_CELLS`` positions and have at most
``MAX_MERGES`` merged ranges; anything damaged, hostile or too large is a ``FormError`` naming
the file, never an error of openpyxl, xlrd or zipfile.
"""

from __future__ import annotations

import bisect
import functools
import io
import warnings
import xml.parsers.expat
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from perfindicator.model.errors import FormError
from perfindicator.model.location import CellRange
from perfindicator.sources import archive
from perfindicator.sources.archive import MAX_RATIO, MAX_UNCOMPRESSED
from perfindicator.sources.cells import displayed
from perfindicator.sources.files import InputError
from perfindicator.sources.grid import MAX_CELLS, Cell, Grid, GridError

__all__ = ["MAX_MERGES", "read_workbook"]

#: The most merged ranges a sheet may have: a published form has a few dozen.
MAX_MERGES = 100_000

#: A merged range: first row, first column, last row, last column (1-based, inclusive).
_Range = tuple[int, int, int, int]


def read_workbook(
    data: bytes,
    *,
    name: str | None = None,
    max_uncompressed: int = MAX_UNCOMPRESSED,
    max_ratio: float = MAX_RATIO,
) -> list[Grid]:
    """The grids of a workbook's sheets that have cells, in the workbook's order: kind
    ``"sheet"``, named by the sheet's title.

    ``data`` is an .xlsx workbook (needs openpyxl: the ``excel`` extra) or an .xls one (needs
    xlrd: the ``xls`` extra), told apart by how the file begins, not by its name; ``name``
    is the file's name for errors. An .xlsx archive may unpack to ``max_uncompressed``
    bytes, and a part of more than 1 MiB may be at most ``max_ratio`` times its compressed
    size. A missing library raises ``InputError``; a file that is not a workbook, is damaged
    or is over a limit raises ``FormError`` (``GridError`` for a sheet too large or with
    overlapping merged ranges).
    """
    if data.startswith(archive.OLE2):
        return _read_xls(data, name)
    if data.startswith(b"PK"):
        return _read_xlsx(data, name, max_uncompressed, max_ratio)
    raise FormError(
        "not a workbook: an .xlsx file is a zip archive and an .xls file an OLE2 document,"
        " and this file begins like neither",
        file=name,
    )


def _read_xlsx(
    data: bytes, name: str | None, max_uncompressed: int, max_ratio: float
) -> list[Grid]:
    try:
        import openpyxl
    except ImportError:
        raise InputError(
            "reading .xlsx needs openpyxl: pip install 'perfindicator[excel]'"
        ) from None
    file = io.BytesIO(data)
    try:
        archive.check_archive(file, max_uncompressed, max_ratio)
    except archive.ArchiveError as error:
        raise FormError(str(error), file=name) from None
    damage = archive.openpyxl_damage()
    with warnings.catch_warnings():
        # openpyxl warns of parts it does not read (data validation, a missing default style).
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\.")
        file.seek(0)
        try:
            workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
        except damage as error:
            broken = archive.broken_part(file) if isinstance(error, archive.XML_ERRORS) else None
            reason = ": ".join(broken) if broken is not None else archive.reason(error)
            raise FormError(f"not a readable .xlsx workbook: {reason}", file=name) from None
        try:
            readers = (
                (str(sheet.title), functools.partial(_xlsx_grid, sheet, str(sheet.title)))
                for sheet in workbook.worksheets
            )
            return _collect(readers, damage, name)
        finally:
            workbook.close()


def _xlsx_grid(worksheet: Any, title: str) -> Grid:
    """One sheet of an open read-only workbook as a grid."""
    with worksheet._get_source() as source:  # the sheet's XML part in the open archive
        merges = _xlsx_merges(source, title)
    worksheet.reset_dimensions()  # every row, whatever the sheet's stated dimension says

    def values() -> Iterator[tuple[int, int, str]]:
        width = 0
        for row, cells in enumerate(worksheet.iter_rows(), start=1):
            width = max(width, len(cells))
            _check_extent(title, row, width)
            for column, cell in enumerate(cells, start=1):
                if cell.value is not None:  # an EmptyCell, or a formula saved without its value
                    yield row, column, displayed(cell.value, cell.number_format)

    return _grid(title, values(), merges)


def _xlsx_merges(source: IO[bytes], title: str) -> list[_Range]:
    """The merged ranges of a sheet's XML, read by expat keeping nothing else."""
    from openpyxl.utils.cell import range_boundaries

    found: list[_Range] = []

    def start(tag: str, attributes: dict[str, str]) -> None:
        if tag.rpartition(" ")[2] != "mergeCell":
            return
        if len(found) >= MAX_MERGES:
            raise FormError(f"sheet {title} has more than {MAX_MERGES:,} merged ranges: not a form")
        reference = attributes.get("ref", "")
        try:
            first_column, first_row, last_column, last_row = range_boundaries(reference)
        except (ValueError, TypeError):
            raise FormError(
                f"sheet {title} has a merged range that is not one: {reference[:40]!r}"
            ) from None
        if None in (first_column, first_row, last_column, last_row):
            raise FormError(f"sheet {title} merges whole rows or columns: {reference[:40]!r}")
        found.append((first_row, first_column, last_row, last_column))

    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    # The ranges come after the cells (the sheet's schema orders them so): the parser reads
    # in C, calling no handler, until the first bytes that spell mergeCell (a tag's name, or
    # text that happens to say it: the handler is then set early, which changes nothing).
    # In an encoding where ASCII is not one byte per character (UTF-16, with a byte-order mark
    # or without: a NUL among its first bytes) the name is not those bytes: the handler is set
    # from the start.
    chunk = source.read(_CHUNK)
    if chunk.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in chunk[:4]:
        parser.StartElementHandler = start
    tail = b""
    while chunk:
        if parser.StartElementHandler is None:
            seen = tail + chunk  # the tag's name may begin in the chunks before
            if _MERGE_TAG in seen:
                parser.StartElementHandler = start
            tail = seen[1 - len(_MERGE_TAG) :]
        parser.Parse(chunk, False)
        chunk = source.read(_CHUNK)
    parser.Parse(b"", True)
    return found


#: What a merged range's tag is called, and how much of a sheet's XML is parsed at once.
_MERGE_TAG = b"mergeCell"
_CHUNK = 1 << 16


def _check_extent(title: str, rows: int, columns: int) -> None:
    if rows * columns > MAX_CELLS:
        raise GridError(
            f"the sheet has {rows} rows and {columns} columns: more than the"
            f" {MAX_CELLS:,} cells a form may have",
            location=CellRange("sheet", title, 1, 1, rows, columns),
        )


def _grid(title: str, values: Iterator[tuple[int, int, str]], merges: list[_Range]) -> Grid:
    """A sheet's grid from its non-empty cells (row, column, text) and its merged ranges:
    a range is one cell with the text of its top-left cell; the cells it covers are dropped.
    Overlapping ranges, or more positions than ``MAX_CELLS``, raise GridError."""
    merges = [merge for merge in merges if merge[:2] != merge[2:]]  # A1:A1 merges nothing
    if merges:
        _check_extent(title, max(m[2] for m in merges), max(m[3] for m in merges))
    # Each row's ranges, by first column, to find the range covering a cell.
    by_row: dict[int, list[tuple[int, int]]] = {}
    for first_row, first_column, last_row, last_column in merges:
        for row in range(first_row, last_row + 1):
            by_row.setdefault(row, []).append((first_column, last_column))
    starts = {row: sorted(spans) for row, spans in by_row.items()}
    firsts = {row: [span[0] for span in spans] for row, spans in starts.items()}
    tops = {(m[0], m[1]): m for m in merges}
    texts: dict[tuple[int, int], str] = {}
    for row, column, text in values:
        if not text:
            continue  # "" written as a value is as empty as no value
        spans = starts.get(row)
        if spans is not None:
            index = bisect.bisect_right(firsts[row], column) - 1
            if index >= 0 and spans[index][1] >= column and (row, column) not in tops:
                continue  # covered by a merged range: Excel shows only its top-left cell
        texts[row, column] = text
    for top in tops:
        texts.setdefault(top, "")
    cells = []
    for row, column in sorted(texts):
        merge = tops.get((row, column))
        rows, columns = (1, 1) if merge is None else (merge[2] - row + 1, merge[3] - column + 1)
        cells.append(Cell(texts[row, column], row, column, rows, columns))
    grid = Grid("sheet", title, cells)
    grid.matrix()  # overlapping ranges are refused here, not left to the form readers
    return grid


def _read_xls(data: bytes, name: str | None) -> list[Grid]:
    try:
        import xlrd
    except ImportError:
        raise InputError("reading .xls needs xlrd: pip install 'perfindicator[xls]'") from None
    damage = _xlrd_damage()
    try:
        book = xlrd.open_workbook(
            file_contents=data,
            formatting_info=True,  # merged ranges and number formats
            on_demand=True,
            logfile=io.StringIO(),  # xlrd writes its warnings to standard output otherwise
            verbosity=0,
        )
    except damage as error:
        reason = archive.reason(error)
        if "find workbook" in reason:
            reason = (
                "an OLE2 document without a workbook in it (a Word .doc, or an .xlsx saved"
                " with a password, is one too)"
            )
        raise FormError(f"not a readable .xls workbook: {reason}", file=name) from None
    try:
        readers = (
            (str(index + 1), functools.partial(_xls_sheet, book, index))
            for index in range(book.nsheets)
        )
        return _collect(readers, damage, name)
    finally:
        book.release_resources()


def _collect(
    readers: Iterable[tuple[str, Callable[[], Grid]]],
    damage: tuple[type[BaseException], ...],
    name: str | None,
) -> list[Grid]:
    """The grids of the sheets that have cells, each read by its reader; an error names the
    file, and the sheet (by ``label``) when the library's error does not."""
    grids = []
    for label, read in readers:
        try:
            grid = read()
        except FormError as error:
            error.file = name
            raise
        except damage as error:
            raise FormError(f"damaged sheet {label}: {archive.reason(error)}", file=name) from None
        if grid.cells:
            grids.append(grid)
    return grids


def _xls_sheet(book: Any, index: int) -> Grid:
    """The sheet of an .xls workbook at ``index`` as a grid, unloaded once read."""
    sheet = book.sheet_by_index(index)
    grid = _xls_grid(book, sheet, str(sheet.name))
    book.unload_sheet(index)
    return grid


def _xls_grid(book: Any, sheet: Any, title: str) -> Grid:
    """One sheet of an .xls workbook as a grid."""
    import xlrd

    _check_extent(title, sheet.nrows, sheet.ncols)
    if len(sheet.merged_cells) > MAX_MERGES:
        raise FormError(f"sheet {title} has more than {MAX_MERGES:,} merged ranges: not a form")
    # xlrd's ranges are 0-based and half-open: rows rlo..rhi-1, columns clo..chi-1.
    merges = [(low + 1, left + 1, high, right) for low, high, left, right in sheet.merged_cells]

    def values() -> Iterator[tuple[int, int, str]]:
        for row in range(sheet.nrows):
            for column in range(sheet.row_len(row)):
                kind = sheet.cell_type(row, column)
                if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    continue
                value = sheet.cell_value(row, column)
                if kind == xlrd.XL_CELL_DATE:
                    shown = _xls_date(value, book.datemode)
                elif kind == xlrd.XL_CELL_BOOLEAN:
                    shown = displayed(bool(value))
                elif kind == xlrd.XL_CELL_ERROR:
                    shown = xlrd.error_text_from_code.get(value, "#N/A")
                elif kind == xlrd.XL_CELL_NUMBER:
                    shown = displayed(value, _xls_format(book, sheet.cell_xf_index(row, column)))
                else:
                    shown = displayed(value)
                yield row + 1, column + 1, shown

    return _grid(title, values(), merges)


def _xls_format(book: Any, xf_index: int) -> str | None:
    """The number format of an .xls cell's style, None where the file gives none."""
    try:
        key = book.xf_list[xf_index].format_key
        return str(book.format_map[key].format_str)
    except (IndexError, KeyError, AttributeError):
        return None


def _xls_date(value: float, datemode: int) -> str:
    """A date cell of an .xls workbook as an ISO date (a time of day without a date as the
    time); a serial number that is no date is shown as the number."""
    import xlrd

    try:
        moment = xlrd.xldate.xldate_as_datetime(value, datemode)
    except (xlrd.xldate.XLDateError, ValueError, OverflowError):
        return displayed(value)
    if value < 1:
        return displayed(moment.time())
    return displayed(moment)


def _xlrd_damage() -> tuple[type[BaseException], ...]:
    """What xlrd raises on a damaged or hostile .xls file (its record parser lets struct,
    index and assertion errors through)."""
    import struct

    import xlrd
    import xlrd.compdoc

    return (
        xlrd.XLRDError,
        xlrd.compdoc.CompDocError,
        struct.error,
        AssertionError,
        MemoryError,
        *archive.DAMAGE,
    )
