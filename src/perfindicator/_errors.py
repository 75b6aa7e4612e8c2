"""The one public exception, ParseError, and how it shows the offending line."""

from __future__ import annotations

import functools
import re

from perfindicator._text import char_width, display_width, line_and_column, line_end, line_start

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
        before = display_width(source[:column])
        under = display_width(source[column:span_end]) if span_end > column else 1
        marker = "^" + "~" * max(under - 1, 0)
        where = f"line {self.line}, column {self.column}"
        return f"{self.msg} ({where})\n    {source}\n    {' ' * before}{marker}"


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


def _fits(source: str) -> bool:
    """Whether ``source`` is no wider than an excerpt, measured a piece at a time: a long line
    is known not to fit from its first hundred characters, not after measuring all of them."""
    width = 0
    for start in range(0, len(source), _EXCERPT_WIDTH):
        width += display_width(source[start : start + _EXCERPT_WIDTH])
        if width > _EXCERPT_WIDTH:
            return False
    return True
