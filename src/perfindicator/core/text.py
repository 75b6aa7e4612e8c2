"""Text plumbing: joining PDF line breaks with a map back to the caller's offsets, and widths.

Text extracted from PDFs is wrapped anywhere, even inside numbers (``200-\\n\\n300次``). A line
break inside a block carries no meaning, so it is removed together with the spaces around it;
``Joined.original`` maps every offset in the joined text back to the caller's text.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence

import attrs

#: Horizontal spaces, which go with a line break next to them; line breaks of every kind
#: (pdftotext ends pages with a form feed); invisible characters extraction leaves behind
#: (byte-order mark, zero-width space), which go wherever they are.
SPACES = " \t\u3000\xa0"
LINE_BREAKS = "\r\n\x0b\x0c\x85\u2028\u2029"
INVISIBLE = "\ufeff\u200b"

#: A line break with the spaces around it, however many lines it spans; and the invisible
#: characters, wherever they are.
_BREAK = (  # compiled on first use (re's own cache): invisible characters are rare
    # Only from the start of a run of spaces: a long run not followed by a line break is then
    # scanned once, not once per space. Invisible characters in the run go with it, as if
    # they were not there (the spaces in 10 \u200b\n0 go: it reads 100).
    f"(?<![{SPACES}{INVISIBLE}])[{SPACES}{INVISIBLE}]*[{LINE_BREAKS}]"
    f"[{SPACES}{LINE_BREAKS}{INVISIBLE}]*|[{INVISIBLE}]+"
)
#: The same breaks in text without invisible characters (the common case), found from their
#: first line-break character: a pattern that starts with one character class is scanned for
#: several times faster. The spaces before each break are then taken by ``_breaks``.
_LINE_BREAK = re.compile(f"[{LINE_BREAKS}][{SPACES}{LINE_BREAKS}]*")


def _breaks(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    """The ranges ``_BREAK`` matches in ``text[start:stop]``, in order."""
    if any(text.find(char, start, stop) >= 0 for char in INVISIBLE):
        # On the piece alone: the look-behind must not see the spaces before ``start``.
        found = re.compile(_BREAK).finditer(text[start:stop])
        return [(start + match.start(), start + match.end()) for match in found]
    cuts = []
    for match in _LINE_BREAK.finditer(text, start, stop):
        cut_start, cut_end = match.span()
        while cut_start > start and text[cut_start - 1] in SPACES:
            cut_start -= 1
        cuts.append((cut_start, cut_end))
    return cuts


@attrs.frozen
class Joined:
    """Text with its line breaks removed, and the map back to the original offsets."""

    text: str
    #: Offsets in ``text`` where removed characters sat just before, ascending.
    _starts: list[int] = attrs.field(repr=False)
    #: How many characters were removed before each of those offsets, in total.
    _removed: list[int] = attrs.field(repr=False)
    #: Where the joined text starts in the original text.
    _base: int = attrs.field(default=0, repr=False)
    #: Where ``text`` starts in the joined text this one was cut from (see ``cut``).
    _offset: int = attrs.field(default=0, repr=False)

    def original(self, position: int) -> int:
        """The offset in the original text of the character at ``position`` in the joined text."""
        position += self._offset
        index = bisect.bisect_right(self._starts, position) - 1
        shift = 0 if index < 0 else self._removed[index]
        return self._base + position + shift

    def spans(self) -> Callable[[int, int], tuple[int, int]]:
        """A function giving the original range of ``text[start:end]`` (``end > start``), for
        ranges asked for in order: each call walks on from where the last one stopped, so that
        reading a whole document maps its items in time linear in its length."""
        starts, removed, base, offset = self._starts, self._removed, self._base, self._offset
        count = len(starts)
        cursor = bisect.bisect_left(starts, offset)

        def span(start: int, end: int) -> tuple[int, int]:
            nonlocal cursor
            first, last = start + offset, end - 1 + offset
            index = cursor
            while index < count and starts[index] <= first:
                index += 1
            first += base + (removed[index - 1] if index else 0)
            while index < count and starts[index] <= last:
                index += 1
            cursor = index
            return first, base + last + 1 + (removed[index - 1] if index else 0)

        return span

    def cut(self, start: int, end: int) -> Joined:
        """``text[start:end]`` as a joined text of its own, still mapping to the original."""
        return attrs.evolve(self, text=self.text[start:end], offset=self._offset + start)

    def original_end(self, end: int) -> int:
        """The original offset for an exclusive end: just after the last character kept, or for
        an empty range where this text starts (a cut's own start, not its whole text's)."""
        if end <= 0:
            return self._base if self._offset == 0 else self.original(0)
        return self.original(end - 1) + 1


def join_lines(
    text: str, start: int = 0, end: int | None = None, drop: Sequence[tuple[int, int]] = ()
) -> Joined:
    """Join ``text[start:end]``: remove line breaks with the spaces around them, and the
    ``drop`` ranges (page furniture), keeping a map back to offsets in ``text``."""
    stop = len(text) if end is None else end
    cuts = _breaks(text, start, stop)
    if drop:
        cuts = _merge(
            cuts + [(max(a, start), min(b, stop)) for a, b in drop if a < stop and b > start]
        )
    if not cuts:
        return Joined(text[start:stop], [], [], start)
    pieces: list[str] = []
    starts: list[int] = []
    removed: list[int] = []
    total = 0
    last = start
    for cut_start, cut_end in cuts:
        pieces.append(text[last:cut_start])
        starts.append(cut_start - start - total)
        total += cut_end - cut_start
        removed.append(total)
        last = cut_end
    pieces.append(text[last:stop])
    return Joined("".join(pieces), starts, removed, start)


def one_line(text: str) -> str:
    """A cell's text on one line: its line breaks removed with the spaces around them, as a
    PDF's are (``城乡低保\n保障人数`` is 城乡低保保障人数)."""
    return join_lines(text).text if "\n" in text or "\r" in text else text


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted ranges with overlapping and touching ones merged."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        elif end > start:
            merged.append((start, end))
    return merged


def closest(name: str, known: Iterable[str]) -> str | None:
    """A known name one edit away from ``name`` (数量指际 for 数量指标, 财政拔款 for 财政拨款), by
    the ``regex`` module's fuzzy matching; None when there is none or more than one, or the
    names are too short for one edit to be a slip (绩效指标 is not a misspelt 时效指标)."""
    import regex  # only when a suggestion is wanted

    if len(name) < 4:
        return None
    found = [
        candidate
        for candidate in known
        if regex.fullmatch(f"(?:{regex.escape(candidate)}){{e<=1}}", name) is not None
    ]
    return found[0] if len(found) == 1 else None


# Remembered per character: recovery may render thousands of errors, each excerpt some hundred
# characters, and three Unicode look-ups per character were most of the time spent on them.
@functools.lru_cache(maxsize=8192)
def char_width(char: str) -> int:
    """Display columns of one character: 2 for wide and full-width characters (汉字, ％)."""
    if unicodedata.combining(char) or unicodedata.category(char) in {"Cf", "Cc", "Me", "Mn"}:
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def display_width(text: str) -> int:
    """Display columns of a string, as a terminal shows it."""
    if text.isascii() and text.isprintable():
        return len(text)  # one column each
    return sum(map(char_width, text))


#: Where the line breaks of the last few long texts are: recovery may report thousands of
#: errors in one document, and counting lines from its start for each would be quadratic.
_BREAKS_OF: list[tuple[str, list[int]]] = []
_LONG_TEXT = 4096


def line_and_column(text: str, position: int) -> tuple[int, int]:
    """1-based line and column (in characters) of an offset. A line ends at ``\n``, ``\r\n``
    or a lone ``\r`` (a file saved by an old Mac editor), as editors count them."""
    breaks = _line_starts(text)
    before = bisect.bisect_right(breaks, position)  # the lines that end at or before it
    return before + 1, position - (breaks[before - 1] if before else 0) + 1


def _line_starts(text: str) -> list[int]:
    """Where every line but the first starts, remembered for the last few long texts."""
    long = len(text) >= _LONG_TEXT
    starts = next((found for cached, found in _BREAKS_OF if cached is text), None) if long else None
    if starts is None:
        starts = [match.end() for match in re.finditer("\r\n?|\n", text)]
        if long:
            _BREAKS_OF.insert(0, (text, starts))
            del _BREAKS_OF[4:]
    return starts


def line_start(text: str, position: int, low: int = 0) -> int:
    """Where the line holding ``position`` starts, looking back no further than ``low``."""
    end = position
    if 0 < position < len(text) and text[position] == "\n" and text[position - 1] == "\r":
        end -= 1  # the \n of a \r\n is on the line that the \r\n ends
    return max(text.rfind("\n", low, end), text.rfind("\r", low, end), low - 1) + 1


def line_end(text: str, position: int, high: int) -> int:
    """Where the line holding ``position`` ends, before its line break (``high`` at most)."""
    found = [text.find(char, position, high) for char in "\n\r"]
    return min((index for index in found if index >= 0), default=high)


#: Characters a terminal acts on rather than shows: the C0 and C1 controls (escape sequences
#: start with them), DEL, and the marks that reorder text on screen (bidirectional overrides
#: and isolates), each shown as its Python escape instead, so that a document cannot move the
#: cursor, retitle the window, hide text or make a line read differently from what it is.
_CONTROLS = [*range(0x20), *range(0x7F, 0xA0)]
_BIDI = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_VISIBLE = {code: f"\\x{code:02x}" for code in _CONTROLS} | {
    code: f"\\u{code:04x}" for code in _BIDI
}


def visible(text: str) -> str:
    """``text`` safe to print on a terminal: controls and bidirectional marks escaped
    (``\\x1b``, ``\\u202e``), everything else as it is. A line break is a control too: call
    this on one line at a time."""
    return _INVISIBLE_MARKS.sub(_escaped, text)


#: The same characters as a pattern: most text has none, and a search finds that at C speed
#: (``str.translate`` looks every character up in a dict).
_INVISIBLE_MARKS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match[str]) -> str:
    return _VISIBLE[ord(match.group())]
