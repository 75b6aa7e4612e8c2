"""Cells pasted as text: tab-separated lines (copied from a browser or Excel) or lines of cells
between ``|`` (Markdown tables and many converters), as a grid of one-by-one cells; or text
with one cell per line (Word and web pages flattened), as its lines, which the form reader
(``forms/cell_lines.py``) rebuilds into rows by what the cells say.

The separator is decided once per document: the one that splits more lines (tabs on a tie).
Text with neither is not a pasted grid and is refused, so that the caller can try another
reader; cells glued together with nothing between them are never split here.
"""

from __future__ import annotations

import re

from perfindicator.model.errors import FormError
from perfindicator.sources.grid import Grid

__all__ = ["looks_pasted", "read_lines", "read_pasted"]

#: A ``|`` between cells outside a Markdown table: with a space, a tab or the line's edge on
#: either side (``项目名称 | 农村公路养护``, ``   | 产出指标``, ``其他资金 |``), never escaped.
_SPACED_PIPE = re.compile(r"(?:^|(?<=[ \t]))(?<!\\)\|(?=[ \t]|$)")
#: Any ``|`` not escaped, between the cells of a Markdown table (``|a|b|``).
_PIPE = re.compile(r"(?<!\\)\|")
#: A cell of a Markdown table's delimiter row: ``---``, ``:--``, ``--:``, ``:-:``.
_DELIMITER = re.compile(r":?-+:?")


def read_pasted(text: str, *, name: str | None = None) -> Grid:
    """The grid of a pasted table (kind ``"text"``, name ``"1"``): one row per line that is
    not blank, its cells as written between the separators (stripped of spaces and tabs;
    an empty cell, such as one of a flattened merge, is kept as ``""``).

    Tab-separated text is read as Excel copies it: a cell holding a tab, a line break or a
    leading quote is between double quotes, a quote in it doubled. In ``|``-separated text,
    ``\\|`` is a ``|`` inside a cell; when every line starts with ``|`` it is a Markdown
    table, whose outer pipes and delimiter row (``|---|---|``) are not cells. Title lines
    above a Markdown table (with its delimiter row) are rows of one cell without their
    Markdown marks: ``# 标题`` and ``**（2024年度）**`` give 标题 and （2024年度）.

    Raises ``FormError`` when no line has a tab or a ``|`` between cells.
    """
    split = _split(text)
    if split.rows is None:
        raise FormError("no tab or | between cells in any line: not a pasted table", file=name)
    return Grid.from_rows("text", "1", split.rows)


def looks_pasted(text: str) -> bool:
    """Whether the text looks like a pasted table: its separator splits at least half of its
    lines that are not blank, and at least two of them (or its only line)."""
    split = _split(text)
    return (
        split.rows is not None
        and 2 * split.split >= split.lines
        and (split.split >= 2 or split.lines == 1)
    )


def read_lines(text: str) -> list[tuple[int, str]]:
    """The lines of text pasted one cell per line (or per paragraph): each line that is not
    blank, with its 1-based number in the text, stripped of spaces, tabs and full-width spaces.
    Blank lines are not cells (a flattened copy puts them between paragraphs at random)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [
        (number, stripped)
        for number, line in enumerate(lines, start=1)
        if (stripped := line.strip(" \t\u3000\xa0"))
    ]


class _Split:
    """The rows of a text by the separator that splits the larger share of its lines (tabs on
    a tie), how many lines it splits and of how many; no rows when neither splits any."""

    def __init__(self, rows: list[list[str]] | None, split: int, lines: int) -> None:
        self.rows, self.split, self.lines = rows, split, lines


def _split(text: str) -> _Split:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    by_tabs = _tab_rows(text)  # rows, not lines: a quoted cell may hold line breaks
    tabs = sum(len(row) > 1 for row in by_tabs)
    lines = [line for line in text.split("\n") if line.strip(" \t")]
    titles = _titles(lines)
    markdown = _markdown(lines[titles:])
    pipes = len(lines) if markdown else sum(bool(_SPACED_PIPE.search(line)) for line in lines)
    if not tabs and not pipes:
        return _Split(None, 0, max(len(by_tabs), len(lines)))
    if tabs * len(lines) >= pipes * len(by_tabs):
        return _Split(by_tabs, tabs, len(by_tabs))
    rows = [[_unmarked(line)] for line in lines[:titles]]
    return _Split(rows + _pipe_rows(lines[titles:], markdown), pipes, len(lines))


def _markdown(lines: list[str]) -> bool:
    return bool(lines) and all(line.lstrip(" \t").startswith("|") for line in lines)


def _titles(lines: list[str]) -> int:
    """How many lines above a Markdown table are its title lines: lines with no ``|`` between
    cells, followed by a Markdown table with its delimiter row; 0 when there is no such table."""
    table = next((n for n, line in enumerate(lines) if line.lstrip(" \t").startswith("|")), 0)
    if not table or any(_SPACED_PIPE.search(line) for line in lines[:table]):
        return 0
    rest = lines[table:]
    if len(rest) < 2 or not _markdown(rest):
        return 0
    return table if all(_DELIMITER.fullmatch(cell) for cell in _markdown_cells(rest[1])) else 0


#: A Markdown heading's marks: ``#`` to ``######`` and a space before the text, and any
#: closing ``#`` after a space (``# 标题 #``).
_HEADING = re.compile(r"^#{1,6}(?:[ \t]+|$)|[ \t]+#+[ \t]*$")
#: Strong emphasis around text: ``**（2023年度）**``.
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")


def _unmarked(line: str) -> str:
    """A title line above a Markdown table without its Markdown marks (heading ``#``, strong
    emphasis ``**``); text that only looks like them (``#2``, a lone ``**``) stays."""
    line = line.strip(" \t")
    if line.startswith("#") and _HEADING.match(line):
        line = _HEADING.sub("", line)
    return _STRONG.sub(r"\1", line).strip(" \t")


def _markdown_cells(line: str) -> list[str]:
    """The cells of a line of a Markdown table, without its outer pipes."""
    stripped = line.strip(" \t")[1:]
    if stripped.endswith("|") and not stripped.endswith("\\|"):
        stripped = stripped[:-1]
    return [cell.strip(" \t") for cell in _PIPE.split(stripped)]


def _tab_rows(text: str) -> list[list[str]]:
    """Rows of tab-separated text, with Excel's quoting: a cell that begins with ``"`` runs
    to the next ``"`` that is not doubled, and may hold tabs and line breaks; a cell whose
    quotes do not close before a tab or the line's end is taken as written."""
    rows: list[list[str]] = []
    row: list[str] = []
    position, size = 0, len(text)
    while position <= size:
        if text.startswith('"', position):
            closed = _quoted(text, position)
            if closed is not None:
                cell, position = closed
                row.append(cell)
                if position < size and text[position] == "\t":
                    position += 1
                    continue
                position += 1  # past the line break or the end
                rows.append(row)
                row = []
                continue
        tab = text.find("\t", position)
        newline = text.find("\n", position)
        if newline < 0:
            newline = size
        if 0 <= tab < newline:
            row.append(text[position:tab])
            position = tab + 1
        else:
            row.append(text[position:newline])
            rows.append(row)
            row = []
            position = newline + 1
    rows = [[cell.strip(" ") for cell in cells] for cells in rows]
    return [cells for cells in rows if cells != [""]]  # a blank line is not a row


def _quoted(text: str, start: int) -> tuple[str, int] | None:
    """The text of a quoted cell beginning at ``start``, and where it ends; None when it is
    not one (no closing quote, or more text after it before the tab or line break)."""
    pieces: list[str] = []
    position = start + 1
    while True:
        quote = text.find('"', position)
        if quote < 0:
            return None
        pieces.append(text[position:quote])
        if text.startswith('"', quote + 1):
            pieces.append('"')
            position = quote + 2
            continue
        after = quote + 1
        if after < len(text) and text[after] not in "\t\n":
            return None
        return "".join(pieces), after


def _pipe_rows(lines: list[str], markdown: bool) -> list[list[str]]:
    rows: list[list[str]] = []
    for number, line in enumerate(lines):
        cells = _markdown_cells(line) if markdown else _SPACED_PIPE.split(line)
        cells = [cell.strip(" \t").replace("\\|", "|") for cell in cells]
        delimiter = all(_DELIMITER.fullmatch(cell) for cell in cells)
        if number == 1 and delimiter and (markdown or len(cells) > 1):
            continue  # a Markdown delimiter row, under the heading row
        rows.append(cells)
    return rows
