"""Render a grid, described cell by cell in a test, as the page or the pasted text it would
come from: an HTML table with rowspan and colspan, tab-separated text as Excel copies it,
a Markdown table.

Only a grid every position of which some cell covers can be an HTML table (a browser moves a
later cell into a hole); the text forms write a merged cell's text at its top left and leave
the other positions empty, as a flattened copy does.
"""

from __future__ import annotations

import html
from typing import Any

from perfindicator.sources.grid import Cell, Grid, Kind


def to_html(grid: Grid, *, cell: str = "td") -> str:
    """The grid as a ``<table>``: one ``<tr>`` per row (empty where merged cells from above
    cover the whole row), each cell written once, at its top left, line breaks as ``<br>``."""
    matrix = grid.matrix()
    if any(position is None for line in matrix for position in line):
        raise ValueError("an HTML table cannot leave a position without a cell")
    rows = []
    for number, line in enumerate(matrix, start=1):
        cells = []
        for column, position in enumerate(line, start=1):
            assert position is not None
            if position.row != number or position.column != column:
                continue
            spans = ""
            if position.rows > 1:
                spans += f' rowspan="{position.rows}"'
            if position.columns > 1:
                spans += f' colspan="{position.columns}"'
            text = "<br>".join(html.escape(part) for part in position.text.split("\n"))
            cells.append(f"<{cell}{spans}>{text}</{cell}>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return "<table>\n" + "\n".join(rows) + "\n</table>"


def flattened(grid: Grid) -> list[list[str]]:
    """The grid's texts row by row, a merged cell's text at its top left and "" at the other
    positions it covers (and where no cell is)."""
    return [
        [
            position.text
            if position is not None and (position.row, position.column) == (row, column)
            else ""
            for column, position in enumerate(line, start=1)
        ]
        for row, line in enumerate(grid.matrix(), start=1)
    ]


def to_tsv(grid: Grid) -> str:
    """The grid as Excel copies it: cells between tabs, rows ending with CRLF, a cell holding
    a tab, a line break or a leading quote between quotes, its quotes doubled."""

    def quoted(text: str) -> str:
        if "\t" in text or "\n" in text or text.startswith('"'):
            return '"' + text.replace('"', '""') + '"'
        return text

    return "".join("\t".join(map(quoted, row)) + "\r\n" for row in flattened(grid))


def to_markdown(grid: Grid) -> str:
    """The grid as a Markdown table: the first row as its heading, then the delimiter row,
    ``|`` in a cell escaped as ``\\|``."""
    rows = flattened(grid)
    if any("\n" in text for row in rows for text in row):
        raise ValueError("a Markdown table cell cannot hold a line break")
    lines = ["| " + " | ".join(text.replace("|", "\\|") for text in row) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("---" for _ in rows[0]) + "|")
    return "\n".join(lines) + "\n"


def tiled_grids(kind: Kind, name: str, texts: Any) -> Any:
    """Hypothesis: grids up to 6 by 6 whose every position one cell covers, merged cells
    placed at random without overlapping, each cell's text drawn from ``texts``."""
    from hypothesis import strategies as st

    @st.composite
    def build(draw: Any) -> Grid:
        height = draw(st.integers(1, 6))
        width = draw(st.integers(1, 6))
        taken = [[False] * width for _ in range(height)]
        cells = []
        for row in range(height):
            for column in range(width):
                if taken[row][column]:
                    continue
                free = 1
                while column + free < width and not taken[row][column + free]:
                    free += 1
                columns = draw(st.integers(1, free))
                rows = draw(st.integers(1, height - row))
                for covered in range(row, row + rows):
                    for across in range(column, column + columns):
                        taken[covered][across] = True
                cells.append(Cell(draw(texts), row + 1, column + 1, rows, columns))
        return Grid(kind, name, cells)

    return build()
