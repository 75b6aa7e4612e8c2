"""Word documents as grids: every table of a .docx file's body, in document order, tables
nested in a cell included as grids of their own, merged cells as one cell.

The table's XML is read (``w:tr``, ``w:tc``, ``w:gridSpan``, ``w:vMerge``, ``w:gridBefore``),
not python-docx's ``table.cell(row, column)``, which gives a merged cell again at every
position it covers:

- a cell spans the grid columns its ``w:gridSpan`` says; a row starts after the columns its
  ``w:gridBefore`` leaves out (those positions are no cell);
- a cell marked ``w:vMerge`` continue joins the cell above that starts at the same column and
  spans as many; the joined cell's text is the first cell's, followed by any text of the
  cells it took in (Word keeps that text in the file, so it is not dropped); a continue cell
  with nothing to join above is a cell of its own;
- a cell's text is its paragraphs' text joined by ``\\n`` (a line break within a paragraph is
  ``\\n`` too, a tab ``\\t``), without the empty paragraphs at its end (a cell must end
  with a paragraph: Word puts an empty one after a nested table); runs deleted under tracked
  changes are left out, inserted ones kept; a table nested in the cell is not part of its
  text but a grid of its own, numbered after the table it is in;
- a table in a text box is a table of the body, read once: the copy Word saves for readers
  that do not know the drawing (``mc:Fallback``) is passed over;
- an empty cell is a cell with the text "", since Word draws every cell of a table.

The file passes the archive checks of ``sources.archive`` first; a grid may cover at most
``MAX_CELLS`` positions. A damaged, hostile or oversized file is a ``FormError`` naming the
file, never an error of python-docx, lxml or zipfile.
"""

from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Iterator
from typing import Any

import attrs

from perfindicator.model.errors import FormError
from perfindicator.sources import archive
from perfindicator.sources.archive import MAX_RATIO, MAX_UNCOMPRESSED
from perfindicator.sources.files import InputError
from perfindicator.sources.grid import Cell, Grid, title_lines

__all__ = ["read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TABLE, _ROW, _CELL, _PARAGRAPH = f"{_W}tbl", f"{_W}tr", f"{_W}tc", f"{_W}p"
_CONTENT = f"{_W}sdtContent"  # a content control's content: rows, cells or paragraphs
_VAL = f"{_W}val"
_ROW_PROPERTIES, _GRID_BEFORE = f"{_W}trPr", f"{_W}gridBefore"
_CELL_PROPERTIES, _GRID_SPAN, _VMERGE = f"{_W}tcPr", f"{_W}gridSpan", f"{_W}vMerge"
#: How a zip archive's first part begins (a .docx document is a zip archive).
_ZIP_START = b"PK\x03\x04"
#: What Word saves a second time for readers that do not know a drawing (a text box's tables).
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
#: Where a paragraph's runs are: directly in it, or in a link, an insertion, a field, a
#: content control or a smart tag (a deletion's runs are not text any more).
_RUNS = (
    "./w:r | ./w:hyperlink/w:r | ./w:ins/w:r | ./w:fldSimple/w:r | ./w:smartTag/w:r"
    " | ./w:customXml/w:r | ./w:sdt/w:sdtContent/w:r"
)
#: What a run's text is made of, each as python-docx gives it (a break is \n, a tab \t).
_RUN_TEXT = "w:br | w:cr | w:noBreakHyphen | w:ptab | w:t | w:tab"


def read_docx(
    data: bytes,
    *,
    name: str | None = None,
    max_uncompressed: int = MAX_UNCOMPRESSED,
    max_ratio: float = MAX_RATIO,
) -> list[Grid]:
    """The grids of a Word document's tables (needs python-docx: the ``word`` extra), in
    document order, a nested table after the one it is in: kind ``"docx"``, named by their
    1-based number.

    ``name`` is the file's name for errors. The archive may unpack to ``max_uncompressed``
    bytes, and a part of more than 1 MiB may be at most ``max_ratio`` times its compressed
    size. A missing library raises ``InputError``; a file that is not a .docx document, is
    damaged or is over a limit raises ``FormError`` (``GridError`` for a table too large).
    """
    try:
        import docx
        from docx.opc.exceptions import OpcError
    except ImportError:
        raise InputError(
            "reading .docx needs python-docx: pip install 'perfindicator[word]'"
        ) from None
    if data.startswith(archive.OLE2):
        raise FormError(
            "an old .doc document, or a .docx with a password (both are OLE2 documents),"
            " which python-docx cannot read: save it as a .docx document without a password",
            file=name,
        )
    file = io.BytesIO(data)
    if data.startswith(_ZIP_START) and not zipfile.is_zipfile(file):
        # The start of a zip archive without the directory every zip archive ends with.
        raise FormError(
            "a damaged or cut-short .docx document: it starts as a zip archive but is not a"
            " complete one (the archive's directory at its end is missing)",
            file=name,
        )
    try:
        archive.check_archive(
            file, max_uncompressed, max_ratio, what="a .docx document", whole="the document"
        )
    except archive.ArchiveError as error:
        raise FormError(str(error), file=name) from None
    file.seek(0)
    damage: tuple[type[BaseException], ...] = (OpcError, *archive.DAMAGE)
    try:
        document = docx.Document(file)
    except damage as error:
        reason = archive.reason(error)
        if isinstance(error, archive.XML_ERRORS):
            broken = archive.broken_part(file)
            reason = ": ".join(broken) if broken is not None else reason
        elif "not a Word file" in reason:
            kind = reason.rpartition("content type is ")[2].strip("'")
            reason = f"its main part is not a Word document but {kind}"
        raise FormError(f"not a readable .docx document: {reason}", file=name) from None
    grids = []
    try:
        tables = (
            table
            for table in document.element.body.iter(_TABLE)
            if next(table.iterancestors(_FALLBACK), None) is None
        )
        above = _above(document.element.body)
        for number, table in enumerate(tables, start=1):
            grid = _grid(table, str(number), above.get(table, ()))
            grid.matrix()  # a table claiming more than MAX_CELLS positions is refused here
            grids.append(grid)
    except FormError as error:
        error.file = name
        raise
    except archive.DAMAGE as error:
        raise FormError(f"damaged table: {archive.reason(error)}", file=name) from None
    return grids


def _above(body: Any) -> dict[Any, tuple[str, ...]]:
    """The paragraphs printed above each table of the document's body since the table
    before it, as the table's ``Grid.title`` (``grid.title_lines``)."""
    found: dict[Any, tuple[str, ...]] = {}
    paragraphs: list[str] = []
    for child in body:
        if child.tag == _PARAGRAPH:
            paragraphs.append(_paragraph_text(child))
        elif child.tag == _TABLE:
            found[child] = title_lines(paragraphs)
            paragraphs = []
    return found


def _grid(table: Any, name: str, title: tuple[str, ...] = ()) -> Grid:
    """One ``w:tbl`` as a grid, with the paragraphs above it as its title."""
    cells: list[Cell] = []
    texts: list[list[str]] = []  # each cell's text pieces, by its index in cells
    open_above: dict[int, int] = {}  # first column → index of the cell a vMerge may continue
    for row, element in enumerate(_children(table, _ROW), start=1):
        column = 1 + _number(_property(element, _ROW_PROPERTIES, _GRID_BEFORE)[0])
        still_open: dict[int, int] = {}
        for tc in _children(element, _CELL):
            span_element, merge = _property(tc, _CELL_PROPERTIES, _GRID_SPAN, _VMERGE)
            span = _number(span_element, 1)
            text = _text(tc)
            above = open_above.get(column)
            continuing = merge is not None and merge.get(_VAL, "continue") == "continue"
            if continuing and above is not None and cells[above].columns == span:
                first = cells[above]
                cells[above] = Cell(first.text, first.row, column, row - first.row + 1, span)
                if text:
                    texts[above].append(text)
                still_open[column] = above
            else:
                cells.append(Cell(text, row, column, 1, span))
                texts.append([text])
                if merge is not None:
                    still_open[column] = len(cells) - 1
            column += span
        open_above = still_open
    for index, parts in enumerate(texts):
        if len(parts) > 1:
            cells[index] = attrs.evolve(cells[index], text="\n".join(p for p in parts if p))
    return Grid("docx", name, cells, title=title)


def _property(element: Any, properties: str, *tags: str) -> list[Any]:
    """The first element of each of ``tags`` in the ``properties`` children of ``element`` (a
    cell's ``w:tcPr``, a row's ``w:trPr``), None for each missing: what
    ``find("w:tcPr/w:gridSpan")`` finds, without ``find`` reading its path anew on every call
    (most of the time of reading a long table). lxml picks the children by tag: no other
    child (a cell's paragraphs) is made a Python object."""
    found: list[Any] = [None] * len(tags)
    for child in element.iterchildren(properties):  # every one, as find looks in each
        for item in child.iterchildren(*tags):
            index = tags.index(item.tag)
            if found[index] is None:
                found[index] = item
    return found


def _children(element: Any, tag: str) -> Iterator[Any]:
    """The rows of a table or the cells of a row, those in a content control included."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag == f"{_W}sdt":
            yield from (item for item in child.iterfind(f"{_CONTENT}/{tag}"))


def _text(tc: Any) -> str:
    """A cell's paragraphs' text joined by \\n; a nested table is not part of it."""
    paragraphs = []
    for child in tc:
        if child.tag == _PARAGRAPH:
            paragraphs.append(child)
        elif child.tag == f"{_W}sdt":
            paragraphs.extend(child.iterfind(f"{_CONTENT}/{_PARAGRAPH}"))
    lines = [_paragraph_text(paragraph) for paragraph in paragraphs]
    while len(lines) > 1 and not lines[-1]:
        lines.pop()  # a cell ends with a paragraph, empty after a nested table
    return "\n".join(lines)


def _paragraph_text(paragraph: Any) -> str:
    return "".join(map(str, _pieces()(paragraph)))


@functools.cache
def _pieces() -> Any:
    """The text pieces (``_RUN_TEXT``) of a paragraph's runs (``_RUNS``), in document order,
    as one XPath compiled once (python-docx's ``xpath`` compiles its expression on every
    call: most of the time of reading a long table). No run it selects is inside another,
    so document order is each run's pieces, run after run."""
    from lxml import etree  # type: ignore[import-untyped]  # python-docx's own parser

    texts = " or ".join(f"self::{kind.strip()}" for kind in _RUN_TEXT.split("|"))
    return etree.XPath(f"({_RUNS})/*[{texts}]", namespaces={"w": _W[1:-1]})


def _number(element: Any, default: int = 0) -> int:
    """A ``w:val`` count (gridSpan, gridBefore), ``default`` where it is missing or not a
    positive whole number."""
    if element is None:
        return default
    value = element.get(_VAL, "")
    if not value.isascii() or not value.isdigit() or len(value) > 9:
        return default
    return int(value) if int(value) > 0 else default
