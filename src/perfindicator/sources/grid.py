"""The grid every cell source gives: cells with their row and column, their spans (a merged
cell is one cell spanning several rows or columns) and, on PDF pages, their boxes.

Sources (HTML, workbooks, Word, pasted text, PDF) build ``Grid`` objects and nothing more; the
form readers (``forms/``) read them, whatever file they came from. A source never guesses a
merge: a cell spans what the file says it spans.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

import attrs

from perfindicator.model.errors import FormError
from perfindicator.model.location import Box, CellRange, Location, PageBoxes

__all__ = ["MAX_CELLS", "Cell", "Grid", "GridError", "Kind", "title_lines"]

#: What a grid came from.
Kind = Literal["sheet", "html", "docx", "text", "pdf"]

#: The most cells (counting every position a merged cell covers) a grid may have: a published
#: form has a few hundred; a file claiming more is refused before the work is done.
MAX_CELLS = 2_000_000


#: How many lines of the text above a table are kept as its ``Grid.title``, and how long each
#: may be.
TITLE_LINES = 4
TITLE_SIZE = 60


def title_lines(lines: Iterable[str]) -> tuple[str, ...]:
    """The lines of the text printed above a table that may be its title (``Grid.title``): the
    last four that are not blank, each of at most 60 characters (a longer line is a paragraph,
    not a title, and ends the lines taken)."""
    found: list[str] = []
    for line in reversed([line.strip() for line in lines]):
        if not line:
            continue
        if len(found) == TITLE_LINES or len(line) > TITLE_SIZE:
            break
        found.append(line)
    return tuple(reversed(found))


class GridError(FormError):
    """A grid that cannot be read as one: too large, or cells that overlap."""


@attrs.frozen
class Cell:
    """One cell: its text (line breaks inside the cell kept as ``\\n``), its top-left row and
    column (1-based) and how many rows and columns it covers."""

    text: str
    row: int
    column: int
    rows: int = 1
    columns: int = 1
    #: The cell's box, for a grid read from a PDF page; several where it continues over a
    #: page break.
    boxes: tuple[Box, ...] = attrs.field(default=(), eq=False, repr=False)


@attrs.frozen
class Grid:
    """The cells of one table, in reading order, and where the table is in its file."""

    kind: Kind
    #: The table's name in its file: a sheet's name, or its 1-based number on the page.
    name: str
    cells: tuple[Cell, ...] = attrs.field(converter=tuple[Cell, ...])
    #: Text printed with the table but outside its cells, nearest the table last: a web page's
    #: ``<caption>``, or the headings and paragraphs just above the table (项目支出绩效自评表,
    #: （2023年度）, 单位：万元). The form reader takes the title, year and currency from it where
    #: the cells do not say them.
    title: tuple[str, ...] = attrs.field(default=(), converter=tuple[str, ...])

    @classmethod
    def from_rows(cls, kind: Kind, name: str, rows: Iterable[Sequence[str]]) -> Grid:
        """A grid of one-by-one cells from rows of texts (pasted text, a flattened table)."""
        cells = [
            Cell(text, row, column)
            for row, texts in enumerate(rows, start=1)
            for column, text in enumerate(texts, start=1)
        ]
        return cls(kind, name, cells)

    @property
    def height(self) -> int:
        return max((cell.row + cell.rows - 1 for cell in self.cells), default=0)

    @property
    def width(self) -> int:
        return max((cell.column + cell.columns - 1 for cell in self.cells), default=0)

    def matrix(self) -> list[list[Cell | None]]:
        """Every position of the grid, row by row: the cell covering it (the same object at
        every position a merged cell covers) or None where no cell does."""
        height, width = self.height, self.width
        if height * width > MAX_CELLS:
            raise GridError(
                f"the table has {height} rows and {width} columns: more than the "
                f"{MAX_CELLS:,} cells a form may have",
                location=CellRange(self.kind, self.name, 1, 1, height, width)
                if self.kind != "pdf"
                else None,
            )
        positions: list[list[Cell | None]] = [[None] * width for _ in range(height)]
        for cell in self.cells:
            for row in range(cell.row - 1, cell.row - 1 + cell.rows):
                line = positions[row]
                for column in range(cell.column - 1, cell.column - 1 + cell.columns):
                    if line[column] is not None:
                        raise GridError(
                            f"two cells cover row {row + 1}, column {column + 1}: "
                            f"{_quote(line[column])} and {_quote(cell)}",
                            location=None
                            if self.kind == "pdf"
                            else CellRange(self.kind, self.name, row + 1, column + 1),
                        )
                    line[column] = cell
        return positions

    def location(self, cells: Sequence[Cell]) -> Location:
        """Where these cells are: their boxes on a PDF page, else the range of rows and
        columns they cover."""
        if self.kind == "pdf":
            return PageBoxes(tuple(box for cell in cells for box in cell.boxes))
        return CellRange(
            self.kind,
            self.name,
            min(cell.row for cell in cells),
            min(cell.column for cell in cells),
            max(cell.row + cell.rows - 1 for cell in cells),
            max(cell.column + cell.columns - 1 for cell in cells),
        )


def _quote(cell: Cell | None, size: int = 20) -> str:
    text = "" if cell is None else cell.text.replace("\n", " ")
    return repr(text if len(text) <= size else text[:size] + "…")
