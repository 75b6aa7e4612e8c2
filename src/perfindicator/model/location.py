"""Where a thing was read: a character span in a text, a cell range of a grid (a sheet of a
workbook, a table of a web page or Word file, pasted cells), or boxes on PDF pages.

Every location can say itself in a person's words (``str(location)``: ``sheet 项目1, B7:F7``)
and in the interchange form (``to_dict()``), so that a value can be checked against the
original. Locations never take part in equality: two indicators read alike are equal wherever
they were printed.
"""

from __future__ import annotations

from typing import Any, Literal

import attrs

__all__ = ["Box", "CellRange", "Location", "PageBoxes", "TextSpan", "column_letters"]


@attrs.frozen
class TextSpan:
    """Half-open character range ``[start, end)`` of the text the caller passed in."""

    start: int
    end: int

    def __str__(self) -> str:
        return f"characters {self.start}–{self.end}"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "text", "start": self.start, "end": self.end}


def column_letters(column: int) -> str:
    """A spreadsheet's name of a 1-based column: 1 → A, 27 → AA."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


#: What a grid came from: a workbook's sheet, a table of an HTML page or of a Word file, or
#: cells pasted as text.
GridKind = Literal["sheet", "html", "docx", "text"]


@attrs.frozen
class CellRange:
    """Rows and columns of a grid, 1-based and inclusive: row 7, columns 2 to 6 of the grid.

    ``table`` names the grid in its file: a sheet's name, or the 1-based number of the table
    on the page or in the Word file (``"2"``); pasted text has one grid, ``"1"``.
    """

    kind: GridKind
    table: str
    row: int
    column: int
    last_row: int = attrs.field()
    last_column: int = attrs.field()

    @last_row.default
    def _one_row(self) -> int:
        return self.row

    @last_column.default
    def _one_column(self) -> int:
        return self.column

    def __str__(self) -> str:
        if self.kind == "sheet":
            first = f"{column_letters(self.column)}{self.row}"
            last = f"{column_letters(self.last_column)}{self.last_row}"
            cells = first if first == last else f"{first}:{last}"
            return f"sheet {self.table}, {cells}"
        where = {"html": "table", "docx": "table", "text": "pasted table"}[self.kind]
        if self.row == self.last_row:
            rows = f"row {self.row}"
        else:
            rows = f"rows {self.row}–{self.last_row}"
        if self.column == self.last_column:
            columns = f"column {self.column}"
        else:
            columns = f"columns {self.column}–{self.last_column}"
        return f"{where} {self.table}, {rows}, {columns}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "last_row": self.last_row,
            "last_column": self.last_column,
        }


@attrs.frozen
class Box:
    """A rectangle on one PDF page, in points (1/72 inch), origin at the page's top left,
    ``y`` growing downwards: ``x0 < x1``, ``top < bottom``; pages count from 1."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "x0": round(self.x0, 2),
            "top": round(self.top, 2),
            "x1": round(self.x1, 2),
            "bottom": round(self.bottom, 2),
        }


@attrs.frozen
class PageBoxes:
    """Boxes on PDF pages, more than one where a row continues over a page break."""

    boxes: tuple[Box, ...] = attrs.field(converter=tuple[Box, ...])

    def __str__(self) -> str:
        pages = sorted({box.page for box in self.boxes})
        return ("page " if len(pages) == 1 else "pages ") + ", ".join(map(str, pages))

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "pdf", "boxes": [box.to_dict() for box in self.boxes]}


Location = TextSpan | CellRange | PageBoxes
