"""The public exceptions: ParseError, and how it shows the offending line; SheetError, and how it
names the file, sheet, row and cell of a spreadsheet."""

from __future__ import annotations

import functools
import re
from typing import Any

from perfindicator.core.text import (
    char_width,
    display_width,
    line_and_column,
    line_end,
    line_start,
    visible,
)

#: The excerpt of a long line is cut to about this many display columns around the problem.
_EXCERPT_WIDTH = 96
#: Characters that would break or blur the excerpt's line, shown as one space each (replaced
#: by a pattern: ``str.translate`` with a table takes far longer on Chinese text).
_BLANKS = re.compile("[\t\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
#: How many characters either side of the problem are looked at for the excerpt.
_WINDOW = 4 * _EXCERPT_WIDTH


class ParseError(ValueError):
    """Input that does not follow the notation.

    Attributes, like ``json.JSONDecodeError``:

    - ``msg``: what was expected and what was found, in English;
    - ``text``: the text that was being parsed (as the caller passed it);
    - ``pos``, ``end``: the offending characters, ``text[pos:end]`` (0-based, half-open);
    - ``line``, ``column``: where ``pos`` is, 1-based, counting characters.

    ``str()`` gives the message, the line and a caret under the problem, placed by display
    width (a Chinese character takes two columns).
    """

    def __init__(self, msg: str, text: str, pos: int, end: int | None = None) -> None:
        self.msg = msg
        self.text = text
        self.pos = pos
        self.end = max(pos, end if end is not None else pos + 1)
        super().__init__(msg)

    # Where the error is and how it looks are worked out when asked for: recovery may report
    # thousands of errors in one long text, and most are never printed.

    @functools.cached_property
    def _line_and_column(self) -> tuple[int, int]:
        return line_and_column(self.text, self.pos)

    @property
    def line(self) -> int:
        return self._line_and_column[0]

    @property
    def column(self) -> int:
        return self._line_and_column[1]

    def __str__(self) -> str:
        return self._render()

    def __reduce__(self) -> tuple[type[ParseError], tuple[str, str, int, int]]:
        return type(self), (self.msg, self.text, self.pos, self.end)

    @property
    def skipped(self) -> str:
        """The offending text, ``text[pos:end]``."""
        return self.text[self.pos : self.end]

    def to_dict(self) -> dict[str, Any]:
        """The interchange form: the message, where the problem is and the offending text
        (not the whole text that was parsed).

        >>> ParseError("expected a value", "年度指标值:", 6).to_dict()
        {'message': 'expected a value', 'line': 1, 'column': 7, 'pos': 6, 'end': 7, 'skipped': ''}
        """
        return {
            "message": self.msg,
            "line": self.line,
            "column": self.column,
            "pos": self.pos,
            "end": self.end,
            "skipped": self.skipped,
        }

    def _render(self) -> str:
        # Only a window around the problem is looked at, however long the line.
        low = max(0, self.pos - _WINDOW)
        high = min(len(self.text), self.pos + _WINDOW)
        start = line_start(self.text, self.pos, low)
        end = line_end(self.text, self.pos, high)
        source = self.text[start:end].rstrip("\r")
        source = _BLANKS.sub(" ", source)
        column = self.pos - start
        # The caret spans the offending characters on this line, at least one column.
        span_end = min(self.end, end) - start
        source, column, span_end = _excerpt(source, column, span_end)
        cut_before = start == low > 0 and self.text[low - 1] not in "\r\n"
        if cut_before and not source.startswith("…"):
            source, column, span_end = "…" + source, column + 1, span_end + 1
        if end < len(self.text) and self.text[end] not in "\r\n" and not source.endswith("…"):
            source += "…"
        # Controls and bidirectional marks are shown escaped (a document must not drive the
        # terminal the excerpt is printed on), and the caret goes under the escaped text.
        ahead = visible(source[:column])
        offending = visible(source[column:span_end]) if span_end > column else ""
        source = ahead + offending + visible(source[max(column, span_end) :])
        before = display_width(ahead)
        under = display_width(offending) if offending else 1
        marker = "^" + "~" * max(under - 1, 0)
        where = f"line {self.line}, column {self.column}"
        return f"{visible(self.msg)} ({where})\n    {source}\n    {' ' * before}{marker}"


def _excerpt(source: str, column: int, span_end: int) -> tuple[str, int, int]:
    """Cut a long line around ``column``, marking the cuts with an ellipsis."""
    if _fits(source):
        return source, column, span_end
    start = column
    width = 0
    while start > 0 and width < _EXCERPT_WIDTH // 3:
        start -= 1
        width += char_width(source[start])
    stop = column
    width = display_width(source[start:column])
    while stop < len(source) and width < _EXCERPT_WIDTH:
        width += char_width(source[stop])
        stop += 1
    prefix = "…" if start > 0 else ""
    suffix = "…" if stop < len(source) else ""
    cut = prefix + source[start:stop] + suffix
    shift = start - len(prefix)
    return cut, column - shift, min(span_end, stop) - shift


class SheetError(ValueError):
    """A spreadsheet, CSV file or list of rows that cannot be read as indicators: a damaged or
    hostile file, a cell that is not a value, or a table without the columns it needs.

    Attributes, each None where it is not known or does not apply:

    - ``msg``: what is wrong, in English;
    - ``file``: the file, as the caller named it;
    - ``sheet``: the worksheet's name (in a workbook);
    - ``row``, ``column``: where the problem is, 1-based (a workbook's row and column, a CSV
      file's record and field, the position in the rows given to ``read_rows``);
    - ``heading``: the heading of that column.

    ``str()`` gives where, then the message: ``targets.xlsx, sheet Sheet1, cell H5 (指标值): …``.
    """

    def __init__(
        self,
        msg: str,
        *,
        file: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: int | None = None,
        heading: str | None = None,
    ) -> None:
        self.msg = msg
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        self.heading = heading
        super().__init__(msg)

    @property
    def cell(self) -> str | None:
        """The cell's reference as a spreadsheet shows it (``H5``), when its row and column are
        known."""
        if self.row is None or self.column is None:
            return None
        letters = ""
        number = self.column
        while number > 0:
            number, digit = divmod(number - 1, 26)
            letters = chr(ord("A") + digit) + letters
        return f"{letters}{self.row}"

    def __str__(self) -> str:
        parts = [self.file] if self.file is not None else []
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet}")
        if self.sheet is not None and self.cell is not None:
            parts.append(f"cell {self.cell}")
        else:
            if self.row is not None:
                parts.append(f"row {self.row}")
            if self.column is not None:
                parts.append(f"column {self.column}")
        where = ", ".join(parts)
        if self.heading and where:
            where += f" ({self.heading})"
        return f"{where}: {self.msg}" if where else self.msg

    def __reduce__(self) -> tuple[Any, ...]:
        fields = {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "heading": self.heading,
        }
        return _sheet_error, (self.msg, fields)


def _sheet_error(msg: str, fields: dict[str, Any]) -> SheetError:
    """Rebuild a pickled SheetError (its fields are keyword-only)."""
    return SheetError(msg, **fields)


def _fits(source: str) -> bool:
    """Whether ``source`` is no wider than an excerpt, measured a piece at a time: a long line
    is known not to fit from its first hundred characters, not after measuring all of them."""
    width = 0
    for start in range(0, len(source), _EXCERPT_WIDTH):
        width += display_width(source[start : start + _EXCERPT_WIDTH])
        if width > _EXCERPT_WIDTH:
            return False
    return True


class FormError(ValueError):
    """A published form (an HTML page, a workbook, a Word file, pasted cells, a PDF) that cannot
    be read: what is wrong and where, for a person to look at.

    Attributes: ``msg``; ``file`` (None when the form was not read from a file); ``location``,
    where in the file (a ``CellRange`` or ``PageBoxes`` of ``model/location.py``, or None for
    the whole file).

    ``str()`` gives where, then the message: ``form.html, table 2, row 7, column 3: …``.
    """

    def __init__(self, msg: str, *, file: str | None = None, location: Any = None) -> None:
        self.msg = msg
        self.file = file
        self.location = location
        super().__init__(msg)

    def __str__(self) -> str:
        where = ", ".join(str(part) for part in (self.file, self.location) if part is not None)
        return f"{where}: {self.msg}" if where else self.msg

    def __reduce__(self) -> tuple[Any, ...]:
        return _form_error, (self.msg, self.file, self.location)


class NoFormError(FormError):
    """A file whose tables hold no target or self-evaluation form: no heading row of an
    indicator grid (一级指标 / 二级指标 / 三级指标 / 指标值 or their variants)."""

    def __reduce__(self) -> tuple[Any, ...]:
        return _no_form_error, (self.msg, self.file, self.location)


def _no_form_error(msg: str, file: str | None, location: Any) -> NoFormError:
    return NoFormError(msg, file=file, location=location)


def _form_error(msg: str, file: str | None, location: Any) -> FormError:
    """Rebuild a pickled FormError (its fields are keyword-only)."""
    return FormError(msg, file=file, location=location)
