"""The lines of a text target table, each with its location in the caller's text.

PDF-to-text extraction prints a target table as lines wrapped anywhere. ``split_lines`` cuts
the text into its visible lines, each a ``Line`` with the character span it covers and the
spaces before it (extractors often keep the indent of project rows: the only geometry the text
has). Where extraction ran two things onto one line, they are parted again: an indicator block
after the 。 of its goal, a project row with the first words of its goal after its figures, a
row after the 。 that ends the goal above it.

The shapes a line is cut by (a figure, a row's name, a block's first item) are shared with
the rest of the reader (``forms/furniture.py``, ``forms/text_rows.py``), and so are the two
helpers its errors are worded and reported with (``quote``, ``report``).
"""

from __future__ import annotations

import re

import attrs

from perfindicator.core import vocabulary as vocab
from perfindicator.core.text import INVISIBLE, LINE_BREAKS, SPACES
from perfindicator.model.errors import ParseError
from perfindicator.notation.shapes import DIGIT, item_start

#: What a line is stripped of: spaces and the invisible characters extraction leaves behind.
SPACE = SPACES + INVISIBLE
_LINE = re.compile(f"[^{LINE_BREAKS}]+")

#: A row is a short line: longer lines are never tried as rows (nor cost quadratic time).
MAX_ROW_LENGTH = 200
#: Characters that mark a sentence (a goal) or a block fragment, never a row name.
NOT_A_NAME = re.compile(r"[，,。；;]")
#: A figure with two decimals, as amounts in 万元 are printed, in ASCII or full-width digits
#: (１８.００, as some extractions give them).
FIGURE = r"[-－]?[0-9０-９][0-9０-９,，]*+[.．][0-9０-９]{2}"
#: The first item of an indicator block: 1、 and a one-digit level code, a line break allowed
#: around the 、.
FIRST_ITEM = item_start(r"\s", number="[1１]", code=DIGIT)


@attrs.frozen
class Line:
    """One visible line of the text, or a piece of one."""

    start: int  # offset of the first visible character in the caller's text
    end: int  # offset just after the last visible character
    text: str  # the visible text
    indent: int  # spaces before it (extractors often keep the indent of project rows)


def quote(text: str, size: int = 20) -> str:
    """``text`` as an error message quotes it: cut to ``size`` characters."""
    return text if len(text) <= size else text[:size] + "…"


def report(error: ParseError, errors: list[ParseError] | None) -> None:
    """Raise ``error`` in strict mode (no ``errors`` list); in recovery, record it."""
    if errors is None:
        raise error
    errors.append(error)


def split_lines(text: str) -> list[Line]:
    """The visible lines of ``text``, in order, with what extraction ran together parted."""
    found = []
    for match in _LINE.finditer(text):
        raw = match.group()
        stripped = raw.strip(SPACE)
        if not stripped:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip(SPACE)))
        found.append(Line(start, start + len(stripped), stripped, start - match.start()))
    lines = []
    for index, line in enumerate(found):
        following = found[index + 1].text if index + 1 < len(found) else ""
        for piece in _split_before_block(line):
            for row_piece in _split_after_end(piece, following):
                lines.extend(_split_after_row(row_piece))
    return lines


#: An indicator block that starts on the same line as the end of the goal before it.
_INLINE_BLOCK = re.compile(rf"(?<=[。；;])\s*(?={FIRST_ITEM})")


def _split_before_block(line: Line) -> list[Line]:
    match = _INLINE_BLOCK.search(line.text)
    if match is None:
        return [line]
    cut = match.end()
    head = line.text[: match.start()]
    return [
        Line(line.start, line.start + len(head), head, line.indent),
        Line(line.start + cut, line.end, line.text[cut:], 0),
    ]


#: Two figures or more, with two decimals: a row's amounts, as a 万元 table prints them.
_ROW_FIGURES = rf"{FIGURE}(?:[{SPACES}]++{FIGURE})+"
#: A row's name before its figures: no marks, and a visible character just before the spaces
#: that part it from the figures, so that they are scanned once, from the end of the name, not
#: once from each of their positions (quadratic on a long run of spaces).
_ROW_NAME = rf"[^，,。；;：:\s](?:[^，,。；;：:]*?[^，,。；;：:{SPACES}])??[{SPACES}]++"
#: A project row with the first words of its goal run onto its line (公务用车购置费 18.00
#: 18.00按照…): where extraction kept indents, the row is indented and its name has no marks.
_ROW_THEN_TEXT = re.compile(rf"^{_ROW_NAME}{_ROW_FIGURES}(?=[^\s0-9０-９.．,，\-－])")
#: A row run onto the end of the line before it, after its 。 (…安全可靠使用。政府雇员工资费用
#: 364.00 364.00).
_END_THEN_ROW = re.compile(rf"(?<=。)[{SPACES}]*+(?={_ROW_NAME}{_ROW_FIGURES}$)")


def _measured(text: str) -> bool:
    """Whether ``text`` starts with a unit or a scale word (万元, 元, %, 亿): the figures before
    it are amounts in a sentence, not a row's."""
    return text.lstrip().startswith(_MEASURE_WORDS)


#: Units and scale words, longest first.
_MEASURE_WORDS = tuple(sorted({*vocab.SPELLINGS, *vocab.SCALES, "元"}, key=len, reverse=True))


def _split_after_row(line: Line) -> list[Line]:
    # Only where a row would start: an indented line, whose start is no longer than a row.
    match = _ROW_THEN_TEXT.match(line.text[:MAX_ROW_LENGTH]) if line.indent else None
    if match is None or _measured(line.text[match.end() :]):
        return [line]
    cut = match.end()
    rest = line.text[cut:].lstrip()
    return [
        Line(line.start, line.start + cut, line.text[:cut], line.indent),
        Line(line.end - len(rest), line.end, rest, 0),
    ]


def _split_after_end(line: Line, following: str) -> list[Line]:
    """``following`` is the next line's text: a sentence whose amounts run on (…资金 12.50
    5.50 / 万元。) is not a row."""
    # A row runs to the end of the line and holds no 。: it can only follow the last one.
    after = line.text.rfind("。") + 1
    if not after or len(line.text) - after > MAX_ROW_LENGTH:
        return [line]
    match = _END_THEN_ROW.match(line.text, after)
    if match is None or _measured(following):
        return [line]
    head = line.text[: match.start()]
    return [
        Line(line.start, line.start + len(head), head, line.indent),
        Line(line.start + match.end(), line.end, line.text[match.end() :], len(match.group())),
    ]
