"""The tables of a web page as grids: every ``<table>``, merged cells as spans, laid out the way
browsers lay them out.

The page is parsed by lxml (libxml2's HTML parser, which recovers from broken markup as a
browser does: unclosed ``<td>`` and ``<tr>``, a stray ``</table>``, uppercase tags, attributes
without quotes) and walked once, without recursion, so that deep nesting costs no stack. lxml is
an optional dependency (``pip install 'perfindicator[html]'``), imported when a page is read.

Measured against the standard library's ``html.parser`` (the probe is in ``docs/sources.md``;
Python 3.11, lxml 6.1, one core of a shared machine, best of 5): on a page of one 2,000-row,
9-column table (369 KB, 18,000 cells), lxml parses it in 0.013 s and ``read_html`` gives its
grid in 0.23 s, most of that in this module's walk over the cells; ``html.parser`` takes
0.15 s only to tokenize the page, before any tree or table is built. On broken markup
(``<table><tr><td>a<td>b<tr><td>c</table></table><TR><TD>d``) lxml gives the tree a browser
would (cells and rows closed, the stray ``</table>`` dropped, the ``<tr>`` outside a table left
outside it), while ``html.parser`` gives the tags as written and leaves every repair to the
reader. Hence lxml.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from perfindicator.model.errors import FormError
from perfindicator.model.location import CellRange
from perfindicator.sources.files import InputError, decode
from perfindicator.sources.grid import MAX_CELLS, TITLE_LINES, Cell, Grid, GridError, title_lines

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["read_html"]

#: The largest colspan and rowspan HTML allows; larger values are read as these.
MAX_COLSPAN = 1000
MAX_ROWSPAN = 65534

#: How many bytes at the start of a page are looked at for its declared charset (the HTML
#: standard's prescan looks at 1024; some pages put a long title or comment first).
_SNIFF_BYTES = 4096
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.\-]+)", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_:.\-]+)", re.I)
#: Labels a page may declare, and the codec that reads them (as the WHATWG Encoding standard
#: says: GB2312 and GBK pages are read as GBK, whose superset GB18030 is; ASCII and Latin-1 as
#: windows-1252).
_CODECS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "cp936": "gb18030",
    "csgb2312": "gb18030",
    "chinese": "gb18030",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
}

#: Elements whose content a reader does not see.
_HIDDEN = frozenset({"script", "style", "template", "noscript", "title", "head"})
#: Elements that begin and end a line of their own.
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "caption", "center", "dd", "details",
        "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
        "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "legend", "li",
        "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tr", "ul",
    }
)  # fmt: skip
_GROUPS = frozenset({"thead", "tbody", "tfoot"})
_SPACE_CHARS = " \t\n\r\f\xa0"
_SPACES = re.compile(f"[{_SPACE_CHARS}]+")
_NUMBER = re.compile("[\t\n\f\r ]*[+]?([0-9]+)")


def read_html(data: bytes | str, *, name: str | None = None) -> list[Grid]:
    """Every table of a page, in document order, as a grid named by its 1-based number.

    ``data`` is the page: bytes are decoded as UTF-8 when they are UTF-8, else by the
    charset the page declares (``<meta charset>``, ``http-equiv``), else as GB18030. ``name``
    names the file in errors. A table inside another table's cell is a grid of its own, and
    its text is not part of the outer cell's.

    Raises ``InputError`` when lxml is missing or the bytes cannot be decoded, and
    ``FormError`` for a page that cannot be read: nested deeper than the parser reads, cells
    that overlap, or tables of more than ``MAX_CELLS`` positions in all.
    """
    try:
        import lxml.etree  # type: ignore[import-untyped]
    except ImportError:
        raise InputError("reading HTML needs lxml: pip install 'perfindicator[html]'") from None
    text = data if isinstance(data, str) else _decode(data)
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise FormError(
            f"the page holds a character that is not text ({error.reason})", file=name
        ) from None
    # lxml.etree's HTML parser, not lxml.html's: the same libxml2 parser, whose elements are
    # plain ones (lxml.html's looks up a Python class for each element the walk meets).
    parser = lxml.etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = lxml.etree.fromstring(encoded, parser)
    except (lxml.etree.LxmlError, ValueError) as error:
        raise FormError(f"cannot read the page: {error}", file=name) from error
    fatal = [entry for entry in parser.error_log if entry.level_name == "FATAL"]
    if fatal:
        # libxml2 stops at its limits (elements nested 256 deep) and drops the rest silently.
        reason = fatal[0].message.split(", use XML_PARSE_HUGE")[0]
        raise FormError(f"cannot read the page past line {fatal[0].line}: {reason}", file=name)
    if root is None:
        return []
    return _Walk(name).tables(lxml.etree.iterwalk(root, events=("start", "end")))


def _decode(data: bytes) -> str:
    """The page's text: by its byte-order mark; else as UTF-8 when it is UTF-8 (Chinese text
    in GBK is never valid UTF-8, while pages copied from a GB2312 template often declare
    gb2312 and are UTF-8); else by its declared charset; else as GB18030. A page that none of
    them reads is refused, never read as mojibake."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode(data, None)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        utf8_error = error
    head = data[:_SNIFF_BYTES]
    found = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    label = found.group(1).decode("ascii").lower() if found else None
    # A page cannot declare UTF-16 in its own text (HTML reads such a label as UTF-8).
    if label is not None and not label.startswith(("utf-16", "utf-32", "utf16", "utf32")):
        try:
            return decode(data, _CODECS.get(label, label))
        except InputError:
            pass  # the declaration is wrong or unknown: read the bytes as they are
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        declared = f", nor {label} as the page declares" if label is not None else ""
        raise InputError(
            f"cannot decode the page: not UTF-8 ({utf8_error.reason} at byte "
            f"{utf8_error.start}) nor GB18030{declared}"
        ) from None


class _Text:
    """A cell's text as it is read: lines of pieces, a line break for ``<br>`` and one (not
    two) around block elements."""

    def __init__(self) -> None:
        self.lines: list[list[str]] = [[]]
        self.content = False  # whether the current line has more than spaces

    def add(self, piece: str | None) -> None:
        if piece:
            self.lines[-1].append(piece)
            self.content = self.content or bool(piece.strip(_SPACE_CHARS))

    def hard_break(self) -> None:
        self.lines.append([])
        self.content = False

    def soft_break(self) -> None:
        if self.content:
            self.hard_break()

    def value(self) -> str:
        if len(self.lines) == 1:  # most cells: one line
            return _SPACES.sub(" ", "".join(self.lines[0])).strip(" ").strip("\n")
        lines = (_SPACES.sub(" ", "".join(pieces)).strip(" ") for pieces in self.lines)
        return "\n".join(lines).strip("\n")


class _RawCell:
    __slots__ = ("columns", "rows", "text")

    def __init__(self, text: _Text, rows: int, columns: int) -> None:
        self.text, self.rows, self.columns = text, rows, columns


class _Table:
    """One table as it is read: row groups of rows of cells, not yet placed."""

    def __init__(self, number: int, title: tuple[str, ...] = ()) -> None:
        self.number = number
        #: The lines printed above the table (``Grid.title``), and its ``<caption>`` when open
        #: and once read.
        self.title = title
        self.caption: _Text | None = None
        self.captions: list[str] = []
        self.groups: list[list[list[_RawCell]]] = []
        self.group: list[list[_RawCell]] | None = None
        self.row: list[_RawCell] | None = None
        self.row_element: Any = None
        self.cell: _RawCell | None = None
        self.cell_element: Any = None

    def open_group(self) -> None:
        self.close_group()
        self.group = []
        self.groups.append(self.group)

    def close_group(self) -> None:
        self.close_row()
        self.group = None

    def open_row(self, element: Any) -> None:
        self.close_row()
        if self.group is None:
            self.open_group()  # rows outside thead, tbody and tfoot form a group of their own
        assert self.group is not None
        self.row = []
        self.row_element = element
        self.group.append(self.row)

    def close_row(self) -> None:
        self.close_cell()
        self.row = self.row_element = None

    def open_cell(self, element: Any) -> _Text:
        self.close_cell()
        if self.row is None:
            self.open_row(None)  # a cell outside any row begins one, as in a browser
        assert self.row is not None
        text = _Text()
        self.cell = _RawCell(
            text,
            _span(element.get("rowspan"), MAX_ROWSPAN, zero=0),
            _span(element.get("colspan"), MAX_COLSPAN, zero=1),
        )
        self.cell_element = element
        self.row.append(self.cell)
        return text

    def close_cell(self) -> None:
        self.cell = self.cell_element = None


def _span(value: str | None, largest: int, *, zero: int) -> int:
    """A rowspan or colspan by HTML's rules for non-negative integers: ``"2px"`` is 2, what is
    not a number is 1, 0 is ``zero`` (a rowspan of 0 reaches to the end of its row group)."""
    found = _NUMBER.match(value) if value is not None else None
    if not found:
        return 1
    digits = found.group(1).lstrip("0") or "0"
    number = int(digits) if len(digits) <= 6 else largest + 1  # no 4,000-digit int to build
    return zero if number == 0 else min(number, largest)


class _Walk:
    """The walk over a page's elements: the tables open at this point, innermost last."""

    def __init__(self, name: str | None) -> None:
        self.name = name
        self.open: list[_Table] = []
        #: The page's text outside its tables since the last table ended: headings and
        #: paragraphs above the next table.
        self.outside = _Text()
        self.grids: dict[int, Grid] = {}
        self.count = 0
        self.budget = MAX_CELLS

    def text(self) -> _Text | None:
        """Where text read now goes: the open cell (or caption) of the innermost open table;
        outside every table, the page's text above the next table."""
        if not self.open:
            return self.outside
        if self.open[-1].cell is not None:
            return self.open[-1].cell.text
        return self.open[-1].caption

    def tables(self, events: Iterator[tuple[str, Any]]) -> list[Grid]:
        hidden = 0
        for event, element in events:
            tag = element.tag.lower() if isinstance(element.tag, str) else ""
            if event == "start":
                if hidden or tag in _HIDDEN:
                    hidden += tag in _HIDDEN
                    continue
                self.start(tag, element)
            else:
                if hidden:
                    hidden -= tag in _HIDDEN
                    if hidden:
                        continue
                else:
                    self.end(tag, element)
                text = self.text()
                if text is not None:
                    text.add(element.tail)
        return [self.grids[number] for number in sorted(self.grids)]

    def start(self, tag: str, element: Any) -> None:
        text = self.text()
        if text is not None and tag in _BLOCKS:
            text.soft_break()
        if tag == "table":
            self.count += 1
            self.open.append(_Table(self.count, self.above()))
            return
        if not self.open:
            if text is not None:
                if tag == "br":
                    text.hard_break()
                text.add(element.text)
            return  # rows and cells outside a table are not a table, in a browser either
        table = self.open[-1]
        if tag == "caption" and table.cell is None:
            table.caption = _Text()
            table.caption.add(element.text)
            return
        if tag in _GROUPS:
            table.open_group()
        elif tag == "tr":
            table.open_row(element)
        elif tag in {"td", "th"}:
            table.open_cell(element).add(element.text)
            return
        elif tag == "br" and text is not None:
            text.hard_break()
        text = self.text()
        if text is not None:
            text.add(element.text)

    def end(self, tag: str, element: Any) -> None:
        if tag == "table" and self.open:
            table = self.open.pop()
            table.close_group()
            self.grids[table.number] = self.place(table)
            if not self.open:
                self.outside = _Text()
        elif self.open:
            table = self.open[-1]
            if tag == "caption" and table.caption is not None and table.cell is None:
                table.captions.extend(line for line in table.caption.value().split("\n") if line)
                table.caption = None
            elif tag in _GROUPS:
                table.close_group()
            elif tag == "tr" and element is table.row_element:
                table.close_row()
            elif tag in {"td", "th"} and element is table.cell_element:
                table.close_cell()
        text = self.text()
        if text is not None and tag in _BLOCKS:
            text.soft_break()

    def place(self, table: _Table) -> Grid:
        """The table's cells at the rows and columns a browser gives them: a cell goes to the
        first column of its row that no cell from the rows above still covers; a rowspan ends
        with its row group."""
        cells: list[Cell] = []
        top = 0  # the first row of the group, 0-based
        width = 0
        for group in table.groups:
            # below[column]: the first row (0-based) no cell placed so far covers there
            below: list[int] = []
            end = top + len(group)
            for row, raw_cells in enumerate(group, start=top):
                column = 0
                for raw in raw_cells:
                    while column < len(below) and below[column] > row:
                        column += 1
                    rows = end - row if raw.rows == 0 else min(raw.rows, end - row)
                    last = column + raw.columns
                    if last > len(below):
                        below.extend([0] * (last - len(below)))
                    width = max(width, last)
                    if (row + rows) * width > self.budget:
                        raise self.too_large(table, row + rows, width)
                    for taken in range(column + 1, last):
                        if below[taken] > row:
                            raise GridError(
                                f"two cells cover row {row + 1}, column {taken + 1}: a cell "
                                "spans into a column a cell above still covers",
                                file=self.name,
                                location=CellRange("html", str(table.number), row + 1, taken + 1),
                            )
                    if raw.columns == 1:
                        below[column] = row + rows
                    else:
                        below[column:last] = [row + rows] * raw.columns
                    cells.append(Cell(raw.text.value(), row + 1, column + 1, rows, raw.columns))
                    column = last
            top = end
        grid = Grid("html", str(table.number), cells, title=table.title + tuple(table.captions))
        self.budget -= grid.height * grid.width
        return grid

    def above(self) -> tuple[str, ...]:
        """The lines printed just above a table that opens now: the page's last lines before
        it or, for a table inside a cell, the outer table's and the cell's text before it."""
        if not self.open:
            return title_lines(self.outside.value().split("\n"))
        outer = self.open[-1]
        before = title_lines(outer.cell.text.value().split("\n")) if outer.cell else ()
        return (outer.title + tuple(outer.captions) + before)[-TITLE_LINES:]

    def too_large(self, table: _Table, height: int, width: int) -> GridError:
        return GridError(
            f"table {table.number} has at least {height:,} rows and {width:,} columns: with the "
            f"page's other tables, more than the {MAX_CELLS:,} cells a page may have",
            file=self.name,
        )
