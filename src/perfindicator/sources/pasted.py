"""Cells pasted as text, as one grid: tab-separated lines (copied from a browser or from
Excel, which quotes a cell holding a tab, a line break or a quote) or `` | ``-separated lines
(Markdown tables and many converters: outer pipes, a ``|---|---|`` rule, ``\\|`` for a pipe).

The separator is decided once for the whole text, by which of the two splits more of its lines.
Text with neither is not a pasted grid (``FormError``): cells glued together with nothing between
them cannot be told apart, and none is guessed.
"""

from __future__ import annotations

import csv
import re

from perfindicator.model.errors import FormError
from perfindicator.sources.grid import MAX_CELLS, Grid

__all__ = ["looks_pasted", "read_pasted"]

_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_PIPE = re.compile(r"(?<!\\)\|")


def _separator(lines: list[str]) -> str | None:
    tabbed = sum("\t" in line for line in lines)
    piped = sum(len(_PIPE.findall(line)) >= 2 or " | " in line for line in lines)
    if not tabbed and not piped:
        return None
    return "\t" if tabbed >= piped else "|"


def looks_pasted(text: str) -> bool:
    """Whether a text is cells separated by tabs or pipes on most of its lines."""
    lines = [line for line in text.splitlines() if line.strip()]
    separator = _separator(lines)
    if separator is None:
        return False
    split = sum(separator in line for line in lines)
    return split * 2 >= len(lines)


def read_pasted(text: str, *, name: str | None = None) -> Grid:
    """The grid of cells pasted as text (kind ``text``, named ``1``); empty cells are kept."""
    lines = text.splitlines()
    separator = _separator([line for line in lines if line.strip()])
    if separator is None:
        raise FormError(
            "the text has no tabs or ` | ` between cells: not a pasted table", file=name
        )
    if separator == "\t":
        reader = csv.reader(text.splitlines(keepends=True), delimiter="\t", quotechar='"')
        try:
            rows = [[cell.strip() for cell in row] for row in reader]
        except csv.Error as error:
            raise FormError(f"the tab-separated text cannot be read: {error}", file=name) from None
    else:
        rows = []
        for line in lines:
            if _RULE.match(line) or not line.strip():
                continue
            body = line.strip()
            body = body.removeprefix("|")
            if body.endswith("|") and not body.endswith("\\|"):
                body = body[:-1]
            rows.append([cell.strip().replace("\\|", "|") for cell in _PIPE.split(body)])
    rows = [row for row in rows if any(cell for cell in row)]
    if sum(len(row) for row in rows) > MAX_CELLS:
        raise FormError(f"more than the {MAX_CELLS:,} cells a form may have", file=name)
    return Grid.from_rows("text", "1", rows)
