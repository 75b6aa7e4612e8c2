"""Row classification for a text target table: what each line of its body is, read in order.

The body of a table (its lines without the page furniture) is a run of rows, goals and
indicator blocks. A row is a name with up to eight figures at its end (the name may wrap over
lines, the figures may sit on the next line). What a row is, is told by what follows it: a row
followed directly by another row is a funding unit, otherwise it is a project, followed by its
goal and then its indicator block; a row named 合计 or 总计 is the total. Where extraction kept
indents, they tell a project row (indented like the document's other project rows) from a
wrapped line of a goal.

``table_rows`` reads the body and gives ``forms.assembly.Row`` objects, in order, for
``forms.assembly.assemble``. ``_Body`` holds the lines; its questions about line ``at`` (is a
row, a block, a total there?) only read them, and each of its readers takes the position to
read from and gives back the position after what it read: there is no cursor to follow.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from decimal import Decimal

import attrs

from perfindicator.core import vocabulary as vocab
from perfindicator.core.text import SPACES, Joined, join_lines
from perfindicator.forms.assembly import Row
from perfindicator.forms.text_lines import (
    FIGURE,
    FIRST_ITEM,
    MAX_ROW_LENGTH,
    NOT_A_NAME,
    SPACE,
    Line,
    quote,
    report,
)
from perfindicator.model.document import Amounts
from perfindicator.model.errors import ParseError
from perfindicator.model.values import Indicator
from perfindicator.notation.blocks import parse_joined
from perfindicator.notation.shapes import DASH, DIGIT, SEPARATOR, item_start

#: A table whose total row has whole numbers (元) gets _WHOLE_FIGURE instead of FIGURE.
_WHOLE_FIGURE = r"[-－]?[0-9０-９][0-9０-９,，]*+(?:[.．][0-9０-９]+)?"


def _row_pattern(figure: str) -> re.Pattern[str]:
    """A row: a name (maybe empty) and its figures at the end of the line: up to eight, so that
    figures beyond the header's columns are reported rather than taken into the name.

    The name is as short as it can be (the figures as many), and ends with a visible character
    just before a space: the spaces before the figures are then scanned once, from the end of
    the name, not once from each of their positions (quadratic on a long run of spaces).
    """
    return re.compile(
        rf"^(?P<name>(?:.*?\S(?=\s))??)\s*+(?P<figures>{figure}(?:\s+{figure}){{0,7}})$"
    )


_ROW = _row_pattern(FIGURE)
_ANY_ROW = _row_pattern(_WHOLE_FIGURE)
#: A row's name read without a second look wraps over at most this many lines before its
#: figures; a longer one is read only where nothing but name lines lead to its figures.
_MAX_NAME_LINES = 8
#: The first item of an indicator block: 1、1-产出指标；11-…
_BLOCK_START = re.compile(rf"^{FIRST_ITEM}[^；;。]{{1,20}}{SEPARATOR}\s*{DIGIT}{{2}}\s*{DASH}")
#: The end of a block whose last item has its annual value: …年度指标值:不低于90%
_COMPLETE_ITEM = re.compile(r"年度[指目]标值\s*[:：]\s*[^；;。、]+$")
_ITEM_START = re.compile("^" + item_start(r"\s"))
#: A budget subject code (功能分类科目编码): 类 2xx, 款 and 项 two digits each.
_SUBJECT_CODE = re.compile(r"2[0-9]{6}")
#: The name of the total row.
_TOTAL_NAMES = ("合计", "总计")
#: A line of figures only: the total row's amounts, when they wrap below its 合计.
_FIGURES = re.compile(rf"[0-9０-９][0-9０-９.,．，]*(?:[{SPACES}]+[0-9０-９][0-9０-９.,．，]*)*")
#: The end of a row's name that looks like one of its amounts: a figure glued to the name
#: (购置费18.00), or one that extraction garbled (18.0O, a decimal comma in 364,00).
_FIGURE_TAIL = re.compile(
    r"(?:(?<=\s)|(?<=[\u3400-\u9fff])|^)"
    # 18.00 glued to the name, or 18.0O: a letter read for a digit (O, o, I, l)
    r"(?:[0-9０-９][0-9０-９OoIl,，]*[.．][0-9０-９OoIl]{2}"
    r"|[0-9０-９]+[,，][0-9０-９]{2})$"  # 364,00: a decimal comma
)


def table_rows(
    text: str,
    body: list[Line],
    dropped: list[tuple[int, int]],
    columns: list[str],
    currency: str | None,
    errors: list[ParseError] | None,
) -> Iterator[Row]:
    """The rows of a table's ``body`` (its lines without furniture, whose ranges are
    ``dropped``), in order, as they are read: a total row printed first, then the units and
    projects, and a total row printed after everything else. ``columns`` are the amount
    columns of the header, left to right; ``currency`` tells whole numbers (元) from 万元."""
    # Figures with two decimals (万元 tables), unless the table prints whole numbers: seen in
    # its total row, or, without one, in a table in 元 or one with no two-decimal row at all.
    row = _ROW
    if currency == "元" or not any(_ROW.match(line.text) for line in body):
        row = _ANY_ROW
    total, body, row = _leading_total(text, body, columns, row, errors)
    if total is not None:
        yield total
    yield from _Body(text, body, dropped, columns, row, errors).rows()


def _leading_total(
    text: str,
    body: list[Line],
    columns: list[str],
    row: re.Pattern[str],
    errors: list[ParseError] | None,
) -> tuple[Row | None, list[Line], re.Pattern[str]]:
    """The total row at the top of ``body``, if it has one that reads; the lines after it;
    and the row pattern, for whole numbers if the total prints them."""
    if not (body and (body[0].text.startswith(_TOTAL_NAMES))):
        return None, body, row
    total = None
    total_row = body[0].text
    if total_row in _TOTAL_NAMES and len(body) > 1 and _FIGURES.fullmatch(body[1].text):
        total_row += " " + body[1].text  # its figures on the next line
        body = body[1:]
    name, rest = total_row[:2], total_row[2:].lstrip()
    starts_with_figure = bool(rest) and vocab.fold(rest[0]) in "-0123456789"
    if starts_with_figure:
        total_row = f"{name} {rest}"  # 合计495.00 495.00: its figures glued to the word
    match = _ANY_ROW.match(total_row)
    # The figures run to the end of the last line of the total row.
    figures_at = body[0].end - len(match.group("figures")) if match is not None else 0
    if match is not None and _ROW.match(total_row) is None and _all_two_decimals(body[1:]):
        # 合计 2010301 over rows of 18.00: a figure the table would not print, such as a
        # budget subject code, is not its total.
        error = ParseError(
            "expected the total's amounts with two decimals, as the table's rows have them,"
            f" found '{quote(match.group('figures'))}'",
            text,
            figures_at,
            body[0].end,
        )
        report(error, errors)
        body = body[1:]
    elif match is not None:
        coded = _subject_code(text, match.group("figures"), body[0])
        if coded is None:
            amounts = _amounts(match.group("figures"), columns)
            total = Row("total", name, amounts, (body[0].start, body[0].end))
        else:
            report(coded, errors)  # the total is left unknown
        body = body[1:]
        if _ROW.match(total_row) is None:
            row = _ANY_ROW  # the table prints whole numbers (元), not 495.00
    elif total_row in _TOTAL_NAMES:
        body = body[1:]  # a total row left empty: no total, and not part of a name
    elif starts_with_figure:
        # 合计 300.00x: the total row, whose figures do not read; not part of the name of
        # the unit after it.
        line = body[0]
        error = ParseError(
            f"expected the total's amounts as figures, found '{quote(rest)}'",
            text,
            line.end - len(rest),
            line.end,
        )
        report(error, errors)
        body = body[1:]
    return total, body, row


def _all_two_decimals(lines: Sequence[Line]) -> bool:
    """Whether the lines that end in figures all print them with two decimals (and there are
    some): a table in 万元, where a whole number is not an amount."""
    ends = [
        _ROW.match(line.text) is not None
        for line in lines
        if len(line.text) <= MAX_ROW_LENGTH and _ANY_ROW.match(line.text)
    ]
    return bool(ends) and all(ends)


def _amounts(figures: str, columns: Sequence[str]) -> Amounts:
    """A row's figures, filling the columns from the left: a PDF row shows only the non-empty
    cells, so two figures under four columns are the total and the first kind of funds."""
    values = [vocab.fold(figure).replace(",", "") for figure in figures.split()]
    return Amounts(**dict(zip(columns, values, strict=False)))


def _goal_and_damaged_block(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """Split goal lines that hold an indicator block the block pattern did not see."""
    texts = [line.text for line in lines]
    joined = "".join(texts)
    label = min(
        (found for word in ("指标值", "目标值") if (found := joined.find(word)) >= 0),
        default=-1,
    )
    if label < 0:
        return lines, []
    goal_end = joined.rfind("。", 0, label) + 1
    position = 0
    for index, line_text in enumerate(texts):
        if position >= goal_end:
            return lines[:index], lines[index:]
        position += len(line_text)
    return lines, []


def _subject_code(text: str, figures: str, line: Line) -> ParseError | None:
    """The error for a row whose first figure is a budget subject code (行政运行 2010301 …,
    the code printed after the name) that the figures after it do not add up to, if it is."""
    first, *rest = figures.split()
    if not rest or _SUBJECT_CODE.fullmatch(first) is None:
        return None
    values = [Decimal(vocab.fold(figure).replace(",", "")) for figure in rest]
    if Decimal(first) == sum(values):
        return None  # an amount of 2 010 301 with its parts
    at = line.start + line.text.rfind(first, 0, len(line.text) - len(" ".join(rest)))
    return ParseError(
        f"expected the amounts (总计 财政拨款 …), found '{first}', a budget subject code that"
        f" the figures after it do not add up to, in the row '{quote(line.text)}'",
        text,
        at,
        at + len(first),
    )


def _missing_amounts(text: str, line: Line) -> ParseError:
    """The error for a row whose figures are missing: it covers the row's (first) line."""
    return ParseError(
        f"expected the amounts (总计 财政拨款 …) at the end of the row '{quote(line.text)}'",
        text,
        line.start,
        line.end,
    )


def _without_tail(name: str) -> str:
    """A row's name without the figure-like end it may have (see ``_FIGURE_TAIL``)."""
    tail = _FIGURE_TAIL.search(name)
    return name if tail is None else name[: tail.start()]


@attrs.define
class _Body:
    """The lines of a table's body, and what each is (see the module's docstring)."""

    text: str
    lines: list[Line]
    dropped: list[tuple[int, int]]
    columns: list[str]
    row: re.Pattern[str]
    #: Where recovery reports what it skipped; None in strict mode.
    errors: list[ParseError] | None = None
    #: The indent of the document's project rows, where extraction kept one (else 0): the
    #: most common indent of its rows.
    row_indent: int = attrs.field(init=False, default=0)
    #: ``row_end`` of the lines asked about so far.
    _row_ends: dict[int, int | None] = attrs.field(init=False, factory=dict)
    #: Where the ``dropped`` ranges start and end, ascending (they are sorted and disjoint).
    _dropped_starts: list[int] = attrs.field(init=False, factory=list)
    _dropped_ends: list[int] = attrs.field(init=False, factory=list)

    def __attrs_post_init__(self) -> None:
        indents = Counter(
            line.indent
            for line in self.lines
            if line.indent and len(line.text) <= MAX_ROW_LENGTH and self.row.match(line.text)
        )
        self.row_indent = indents.most_common(1)[0][0] if indents else 0
        self._dropped_starts = [start for start, _ in self.dropped]
        self._dropped_ends = [end for _, end in self.dropped]

    def join(self, lines: Sequence[Line]) -> Joined:
        """The (non-empty) ``lines`` joined, from the first's start to the last's end, without
        the furniture between them. Only the ranges that fall there are given to ``join_lines``,
        found by bisection: a name, goal or block does not look through every page's furniture
        (which made reading a table quadratic in its length)."""
        start, end = lines[0].start, lines[-1].end
        first = bisect.bisect_right(self._dropped_ends, start)  # the first to end after start
        last = bisect.bisect_left(self._dropped_starts, end, lo=first)  # the first from end on
        return join_lines(self.text, start, end, self.dropped[first:last])

    def joined_text(self, lines: Sequence[Line]) -> str:
        """``join`` as text without the spaces around it ("" for no lines)."""
        return self.join(lines).text.strip(SPACE) if lines else ""

    # ----------------------------------------------------------------------------------------
    # The rows, in order
    # ----------------------------------------------------------------------------------------

    def rows(self) -> Iterator[Row]:
        """Every row of the body, read from its first line to its last."""
        at = 0
        while at < len(self.lines):
            first = at
            try:
                name, amounts, row, at = self.read_row(first)
            except ParseError as error:
                if self.errors is None:
                    raise
                # Keep the project without its amounts: its name is the line, its goal and
                # indicators follow. The error covers the line, so nothing goes unreported.
                self.errors.append(error)
                at = first + 1
                line = self.lines[first]
                if at < len(self.lines) and self.deeper_project(line, at):
                    # a unit's row: a project row indented deeper follows it
                    yield Row("unit", line.text, Amounts(), (line.start, line.end))
                    continue
                project, at = self.read_project(at, line.text, Amounts(), line)
                yield project
                continue
            if name in _TOTAL_NAMES and at >= len(self.lines):
                # some tables print their total at the end
                yield Row("total", name, amounts, (row.start, row.end))
            elif name in _TOTAL_NAMES:
                # The total row belongs above the units: here it is neither a unit nor a project.
                misplaced = ParseError(
                    f"expected the total row '{name}' before the first funding unit or project",
                    self.text,
                    row.start,
                    row.end,
                )
                report(misplaced, self.errors)
            elif self.starts_unit(row, at):
                yield Row("unit", name, amounts, (row.start, row.end))
            elif self.name_without_figures(row, at):
                # The first project's row lost its figures: the row just read is its unit.
                yield Row("unit", name, amounts, (row.start, row.end))
                line = self.lines[at]
                report(_missing_amounts(self.text, line), self.errors)
                project, at = self.read_project(at + 1, line.text, Amounts(), line)
                yield project
            else:
                project, at = self.read_project(at, name, amounts, row)
                yield project

    def read_row(self, first: int) -> tuple[str, Amounts, Line, int]:
        """Read a name (over one or more lines from line ``first``) and the figures at its
        end: the name, the amounts, the row (its first line, spanning to its figures) and the
        line after it."""
        # Beyond _MAX_NAME_LINES, only name lines that lead to the figures (see row_end).
        end = self.row_end(first)
        at = first
        while at < len(self.lines):
            line = self.lines[at]
            if at > first and self.deeper_project(self.lines[first], at):
                break  # a project row under a unit row that lost its figures, not its name
            if at > first and self.total_row(at):
                break  # 合计 495.00 is a row of its own, never the end of a name
            match = self.row.match(line.text) if len(line.text) <= MAX_ROW_LENGTH else None
            at += 1
            if match is not None:
                name_lines = [*self.lines[first : at - 1]]
                written = match.group("name")
                figures = self._known_figures(line, match)
                readable = True
                tail = _FIGURE_TAIL.search(written)
                if tail is not None:  # a figure glued to the name, or one that does not read
                    readable = self._tail_reads(tail, line, figures)
                    if readable:
                        figures = f"{tail.group()} {figures}"
                    written = written[: tail.start()].rstrip()
                if written:
                    cut = line.start + len(written)
                    name_lines.append(Line(line.start, cut, written, line.indent))
                name = self.joined_text(name_lines)
                if len(name) > MAX_ROW_LENGTH:
                    self._long_name(name, self.lines[first], line, at - first)
                more = self._more_figures(figures, at) if readable else None
                if more is not None:  # the row's last figures wrapped onto the next line
                    figures, line = f"{figures} {more.text}", more
                    at += 1
                # The row runs from its first name line to its figures, wrapped or not.
                head = self.lines[first]
                row = Line(head.start, line.end, head.text, head.indent)
                coded = _subject_code(self.text, figures, line) if readable else None
                if coded is not None:
                    report(coded, self.errors)
                    readable = False  # which column each figure is in is lost
                amounts = _amounts(figures, self.columns) if readable else Amounts()
                return name, amounts, row, at
            long = at - first >= _MAX_NAME_LINES
            if (long and (end is None or at > end)) or self.block_starts(at):
                break
        raise _missing_amounts(self.text, self.lines[first])

    def read_project(self, at: int, name: str, amounts: Amounts, row: Line) -> tuple[Row, int]:
        """The project whose row ``row`` was read, with its goal and indicator block from line
        ``at`` on; and the line after it."""
        goal_end = at
        while goal_end < len(self.lines) and not (
            self.block_starts(goal_end)
            or (self.row_ahead(goal_end) and (goal_end > at or self.next_to(row, goal_end)))
            or self.total_row(goal_end)
        ):
            goal_end += 1
        goal_lines = self.lines[at:goal_end]
        at = goal_end
        figures_only = goal_lines and self._figures_only(goal_lines[0])
        if figures_only:
            # Figures of their own under a row that has its own: a line extraction doubled.
            stray = goal_lines.pop(0)
            error = ParseError(
                f"expected the project's goal, found amounts that belong to no row"
                f" '{quote(stray.text)}'",
                self.text,
                stray.start,
                stray.end,
            )
            report(error, self.errors)
        block_lines: list[Line] = []
        if self.block_starts(at):
            block_lines, at = self.read_block(at, row)
        if not block_lines:
            # A block whose first item is damaged (1、1x-产出指标) is not seen as a block: the
            # labels (年度指标值) tell it from the goal, which ends with its last 。 before them.
            goal_lines, block_lines = _goal_and_damaged_block(goal_lines)
        indicators: list[Indicator] = []
        if block_lines:
            indicators = parse_joined(self.join(block_lines), self.text, self.errors)
        last = (block_lines or goal_lines or [row])[-1]
        goal = self.joined_text(goal_lines)
        return Row("project", name, amounts, (row.start, last.end), goal, indicators), at

    def read_block(self, first: int, row: Line) -> tuple[list[Line], int]:
        """The lines of one indicator block from line ``first`` (of the project whose row is
        ``row``): to the 。 after which no item follows; and the line after it."""
        at = first
        while at < len(self.lines):
            line = self.lines[at]
            at += 1
            if line.text.endswith("。"):
                if not self.item_starts(at):
                    break
            elif (
                at < len(self.lines)
                and self.next_row(row, at)
                and _COMPLETE_ITEM.search(self._texts(first, at - first))
            ):
                break  # the last item lost its 。 and the next project's row follows
        return self.lines[first:at], at

    # ----------------------------------------------------------------------------------------
    # What a row reads as: its figures, and the errors in them
    # ----------------------------------------------------------------------------------------

    def _long_name(self, name: str, head: Line, line: Line, count: int) -> None:
        """Report a row's name longer than a row may be: more likely lines of something else
        (a goal without its marks) than a name, so it is not taken in silence."""
        error = ParseError(
            f"expected a row's name of at most {MAX_ROW_LENGTH} characters before its amounts,"
            f" found {len(name)} characters over {count} lines '{quote(name)}'",
            self.text,
            head.start,
            line.end,
        )
        report(error, self.errors)

    def _figures_only(self, line: Line) -> re.Match[str] | None:
        """The match of a line that holds figures and nothing else (never tried on a long
        line: the row pattern would take quadratic time on one of many spaces)."""
        if len(line.text) > MAX_ROW_LENGTH:
            return None
        match = self.row.fullmatch(line.text)
        return None if match is None or match.group("name") else match

    def _more_figures(self, figures: str, at: int) -> Line | None:
        """Line ``at``, if it holds only figures that complete the row's: wrapped, so that
        with them the total is the sum of the kinds of funds (18.00 10.00 / 8.00). A line that
        does not add up (a doubled one) is left for the goal's check."""
        if at >= len(self.lines):
            return None
        following = self.lines[at]
        match = self._figures_only(following)
        if match is None:
            return None
        values = [
            Decimal(vocab.fold(figure).replace(",", ""))
            for figure in f"{figures} {match.group('figures')}".split()
        ]
        if not 3 <= len(values) <= len(self.columns) or values[0] != sum(values[1:]):
            return None
        return following

    def _tail_reads(self, tail: re.Match[str], line: Line, figures: str) -> bool:
        """Whether the figure-like end of a row's name is a figure glued to it (公务用车购置费18.00
        18.00): it is then read with the others. One that does not read (18.0O, 364,00) leaves
        the row's amounts unknown, since the figures after it can no longer be placed: an
        error."""
        glued = tail.group()
        if self.row.fullmatch(glued) and len(figures.split()) < len(self.columns):
            return True
        error = ParseError(
            f"expected the amounts (总计 财政拨款 …) as figures, found '{quote(glued)}'"
            f" in the row '{quote(line.text)}'",
            self.text,
            line.start + tail.start(),
            line.start + tail.end(),
        )
        report(error, self.errors)
        return False

    def _known_figures(self, line: Line, match: re.Match[str]) -> str:
        """The row's figures; more figures than the header has columns is an error (the rest
        are reported in recovery, not dropped)."""
        figures = match.group("figures")
        count = len(self.columns)
        found = list(re.finditer(r"\S+", figures))
        if len(found) <= count:
            return figures
        start = line.start + match.start("figures")
        extra_start, extra_end = start + found[count].start(), start + found[-1].end()
        error = ParseError(
            f"found {len(found)} amounts in the row '{quote(line.text)}' where the column header"
            f" has {count}: the last {len(found) - count} belong to no column",
            self.text,
            extra_start,
            extra_end,
        )
        report(error, self.errors)
        return figures[: found[count - 1].end()]

    # ----------------------------------------------------------------------------------------
    # Questions about line ``at``: they only read the lines
    # ----------------------------------------------------------------------------------------

    def deeper_project(self, line: Line, at: int) -> bool:
        """Whether line ``at`` is indented as the document's project rows are, deeper than
        ``line``: what follows a funding unit's row, never a line of the same name or goal."""
        return 0 < self.row_indent == self.lines[at].indent and self.lines[at].indent > line.indent

    def _texts(self, start: int, count: int) -> str:
        return "".join(line.text for line in self.lines[start : start + count])

    def _ahead(self, at: int, size: int = 40) -> str:
        """The text from line ``at`` on, joined over as many lines as it takes to reach size."""
        pieces: list[str] = []
        length = 0
        while at < len(self.lines) and length < size:  # by index: no walk from the first line
            pieces.append(self.lines[at].text)
            length += len(self.lines[at].text)
            at += 1
        return "".join(pieces)

    def block_starts(self, at: int) -> bool:
        return at < len(self.lines) and _BLOCK_START.match(self._ahead(at)) is not None

    def item_starts(self, at: int) -> bool:
        return at < len(self.lines) and _ITEM_START.match(self._ahead(at, 16)) is not None

    def row_ahead(self, at: int) -> bool:
        """Whether a row (a name and its figures) starts at line ``at``."""
        return self.row_end(at) is not None

    def row_end(self, at: int) -> int | None:
        """The line of the figures of a row that starts at line ``at``, if one does: the name
        lines before it have no sentence marks and start no block, however many they are (a
        name cut short would give its first lines to the goal above it).

        Every line between ``at`` and the answer has the same answer: it is remembered for
        them all, so that asking at every line of a document takes linear time."""
        known = self._row_ends
        passed = []
        end: int | None = None
        position = at
        while position < len(self.lines):
            if position in known:
                end = known[position]
                break
            passed.append(position)
            line = self.lines[position]
            match = self.row.match(line.text) if len(line.text) <= MAX_ROW_LENGTH else None
            if match is not None:
                clean = not NOT_A_NAME.search(_without_tail(match.group("name")))
                end = position if clean else None
                break
            if NOT_A_NAME.search(line.text) or self.block_starts(position):
                break
            position += 1
        for position in passed:
            known[position] = end
        return end

    def full_row(self, at: int) -> bool:
        """Whether line ``at`` is a whole row: a name and its figures on one line."""
        text = self.lines[at].text
        match = self.row.match(text) if len(text) <= MAX_ROW_LENGTH else None
        return (
            match is not None
            and bool(match.group("name"))
            and not NOT_A_NAME.search(_without_tail(match.group("name")))
        )

    def next_row(self, row: Line, at: int) -> bool:
        """Whether the next project's row starts at line ``at``, right after a block: a whole
        row on one line, or, where extraction kept indents, a row whose name wraps and whose
        first line is indented like ``row`` (a wrapped value is not indented)."""
        return self.full_row(at) or (self.sibling(row, at) and self.row_ahead(at))

    def sibling(self, row: Line, at: int) -> bool:
        """Whether line ``at`` is indented like the project row ``row``: the next project."""
        return bool(row.indent) and 0 < self.lines[at].indent <= row.indent

    def total_row(self, at: int) -> bool:
        """Whether line ``at`` is a total row (合计 495.00), which no goal holds."""
        return self.lines[at].text.startswith(_TOTAL_NAMES) and self.full_row(at)

    def next_to(self, row: Line, at: int) -> bool:
        """Whether line ``at``, right after the project row ``row``, starts the next row rather
        than a goal that looks like one (…约 1200): where extraction kept indents, a project
        indented like it, or a funding unit's row, indented less and followed by a project row
        indented deeper."""
        if self.sibling(row, at):
            return True
        line = self.lines[at]
        end = self.row_end(at) if row.indent and line.indent < row.indent else None
        if end is None:
            return False
        if end > at and self.deeper_project(line, end):
            return True  # a unit's row that lost its figures, then a project row under it
        if end + 1 >= len(self.lines):
            return False
        return self.lines[end + 1].indent > line.indent and self.row_ahead(end + 1)

    def starts_unit(self, row: Line, at: int) -> bool:
        """Whether the row ``row``, just read, is a funding unit: another row follows it
        directly, at line ``at``. When extraction kept indents, a row followed by a row
        indented no deeper is a project whose goal and indicators are missing, not a unit."""
        if not self.row_ahead(at) or self.block_starts(at):
            return False
        following = self.lines[at]
        return not (row.indent and following.indent <= row.indent)

    def name_without_figures(self, row: Line, at: int) -> bool:
        """Whether line ``at``, right after ``row``, is the name of a project whose figures were
        lost: where extraction kept indents, a short line without sentence marks, indented
        deeper than ``row`` as project rows are, whose goal or block follows unindented."""
        if at + 1 >= len(self.lines) or self.block_starts(at) or self.row_ahead(at):
            return False
        line, after = self.lines[at], self.lines[at + 1]
        return (
            self.deeper_project(row, at)
            and after.indent < line.indent
            and len(line.text) <= MAX_ROW_LENGTH
            and not NOT_A_NAME.search(line.text)
        )
