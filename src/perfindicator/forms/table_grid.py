"""The 项目支出绩效目标表 layout as a grid: the table ``parse_table`` reads from text, read from
its cells instead (a PDF's ruled table, a workbook, a web page, a Word table).

    项目名称（资金使用单位） | 总计   | 财政拨款 | 财政专户拨款 | 其他资金 | 绩效目标 | 绩效指标
    合计                     | 495.00 | 495.00   |   |   |       |
    某区人民政府办公室       | 495.00 | 495.00   |   |   |       |
    公务用车购置费           | 18.00  | 18.00    |   |   | 按照… | 1、1-产出指标；…

The heading row names the project column (项目名称…), at least one amount column (总计, 财政拨款,
财政专户拨款, 其他资金, as in the text layout's header) and the 绩效指标 column, whose cells hold
the indicators in the notation; the amount headings may stand on a second heading row under a
merged 资金 cell. Each row below is one of the table's rows, known by its cells, not guessed:

- 合计 or 总计 in the project column: the table's total;
- a row with a goal (绩效目标) or indicators: a project, its amounts from their own columns (an
  amount under 其他资金 with 财政专户拨款 empty stays there: nothing fills from the left);
- a row with a name and neither: a funding unit (资金使用单位), whose projects follow it;
- a row with no name and no amounts but a goal or indicators: the rest of the project above,
  split over a page break (its cells' text joined to that project's);
- a row that repeats the heading row (printed again on the next page of a workbook), or says
  nothing, is passed over.

A row whose amounts have no name, or whose amount cell is not a figure, is a ``FormError`` at
its cells (with recovery, reported and the figure left out); indicators that do not follow the
notation are a ``FormError`` at their cell that quotes the grammar's message. The title, the
department and the currency come from the lines printed above the table (``部门名称：… 单位：万元``)
or the rows above the heading row, read as the text layout reads its head.

Every indicator's row keeps where its cell is (its page and box in a PDF); every project keeps
where its row is.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from perfindicator.core.text import one_line
from perfindicator.forms.assembly import Row, RowKind, assemble
from perfindicator.forms.furniture import AMOUNT_COLUMNS, read_head
from perfindicator.forms.headings import column_of, fold, is_heading_row
from perfindicator.forms.row_cells import blank, figure
from perfindicator.forms.text_lines import Line, quote, split_lines
from perfindicator.model.document import Amounts, TargetTable
from perfindicator.model.errors import FormError, ParseError
from perfindicator.model.location import Location
from perfindicator.model.values import Indicator, IndicatorRow
from perfindicator.notation.blocks import parse_indicators
from perfindicator.sources.grid import Cell, Grid

__all__ = ["TableGrid", "TableRead", "find_table_grid", "read_table_grids"]

#: The project column's heading, folded (项目名称（资金使用单位） folds to 项目名称).
_PROJECT = ("项目名称", "单位名称项目名称", "项目单位名称")
_GOAL = "绩效目标"
_INDICATORS = "绩效指标"
_TOTAL = frozenset({"合计", "总计"})


@attrs.frozen
class TableGrid:
    """A grid of the layout: its heading rows (0-based, the last one before the body) and the
    columns of the project, the amounts (``Amounts`` fields), the goal and the indicators."""

    grid: Grid
    rows: list[list[Cell | None]]
    heading: int
    body: int
    project: int
    amounts: dict[str, int]
    goal: int | None
    indicators: int


def _amount_field(heading: str) -> str | None:
    word = fold(heading).removeprefix("其中")
    for field, words in AMOUNT_COLUMNS.items():
        if word in words:
            return field
    return None


def _texts(rows: list[list[Cell | None]], row: int) -> list[str]:
    return ["" if cell is None else fold(cell.text) for cell in rows[row]]


def find_table_grid(grid: Grid) -> TableGrid | None:
    """The grid as the layout's table, or None when no row of it is the layout's heading row."""
    rows = grid.matrix()
    for row in range(min(len(rows), 12)):  # the heading row is near the top, under title rows
        texts = _texts(rows, row)
        if _INDICATORS not in texts or not any(text in _PROJECT for text in texts):
            continue
        amounts = _amount_columns(texts)
        body = row + 1
        if not amounts and body < len(rows):  # the amount headings under a merged 资金 cell
            under = [
                text if rows[body][column] is not rows[row][column] else ""
                for column, text in enumerate(_texts(rows, body))
            ]
            amounts = _amount_columns(under)
            body += 1
        if not amounts or any(
            is_heading_row(column_of(text) for text in _texts(rows, below))
            for below in range(row, min(body + 1, len(rows)))
        ):
            continue  # a column form's grid under a 绩效指标 heading is no table of the layout
        goal = texts.index(_GOAL) if _GOAL in texts else None
        project = next(column for column, text in enumerate(texts) if text in _PROJECT)
        return TableGrid(grid, rows, row, body, project, amounts, goal, texts.index(_INDICATORS))
    return None


def _amount_columns(texts: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for column, text in enumerate(texts):
        field = _amount_field(text)
        if field is not None and field not in found:
            found[field] = column
    return found


@attrs.frozen
class TableRead:
    """What ``read_table_grids`` read: the table, and what recovery skipped (each a
    ``FormError`` at its cells)."""

    table: TargetTable
    skipped: tuple[FormError, ...]


@attrs.define
class _Pending:
    """A row being read, which the next may continue (a project split over a page break)."""

    name: str
    amounts: Amounts
    cells: list[Cell]
    first: int
    last: int
    goal: str = ""
    notation: list[Cell] = attrs.Factory(list)
    #: The pages its cells are on, first and last (None outside a PDF).
    pages: tuple[int, int] | None = None

    @property
    def nameless(self) -> bool:
        return not self.name and self.amounts == Amounts()

    @property
    def kind(self) -> RowKind:
        if fold(self.name) in _TOTAL:
            return "total"
        return "project" if self.goal or self.notation else "unit"

    def breaks_before(self, other: _Pending) -> bool:
        """Whether a page break stands between this row and ``other``, the row after it."""
        return self.pages is not None and other.pages is not None and self.pages[1] < other.pages[0]

    def take(self, other: _Pending) -> None:
        """Join ``other``, the rest of this row printed after it, to this row: its name and
        amounts where this part has none, its goal and indicators after this part's."""
        if self.nameless:
            self.name, self.amounts = other.name, other.amounts
        self.goal += other.goal
        self.notation.extend(other.notation)
        self.cells.extend(other.cells)
        self.last = other.last
        if self.pages is not None and other.pages is not None:
            self.pages = (self.pages[0], other.pages[1])


def _continues(last: _Pending, part: _Pending, kind: str) -> bool:
    """Whether ``part`` is the rest of ``last``: either side of a page break, one of them
    without a name and amounts; outside a PDF, a row without them after a project."""
    if last.breaks_before(part):
        return last.nameless or part.nameless
    return kind != "pdf" and part.nameless and last.kind == "project"


class _Reader:
    def __init__(self, file: str | None, skipped: list[FormError] | None) -> None:
        self.file = file
        self.skipped = skipped

    def problem(self, grid: Grid, msg: str, cells: Sequence[Cell]) -> None:
        where = grid.location(cells) if cells else None
        if not cells:
            msg = f"{grid.kind} table {grid.name}: {msg}"
        error = FormError(msg, file=self.file, location=where)
        if self.skipped is None:
            raise error
        self.skipped.append(error)

    def rows(self, table: TableGrid, currency: str | None) -> list[_Pending]:
        """The table's rows, a row split over a page break joined again: in a PDF the two
        parts of a split row stand either side of the break, and the part without a name and
        amounts (the printer puts them in one part only) is the other's; elsewhere a row with
        neither continues the project above it."""
        read: list[_Pending] = []
        for part in self.parts(table, currency):
            last = read[-1] if read else None
            if last is not None and _continues(last, part, table.grid.kind):
                last.take(part)
            else:
                if last is not None and last.nameless:
                    self.unplaced(table.grid, read.pop())
                read.append(part)
        if read and read[-1].nameless:
            self.unplaced(table.grid, read.pop())
        return read

    def unplaced(self, grid: Grid, part: _Pending) -> None:
        self.problem(
            grid,
            "a goal or indicators in a row with no project name or amounts, not the rest of "
            "a row split over a page break",
            part.cells,
        )

    def parts(self, table: TableGrid, currency: str | None) -> list[_Pending]:
        """Every row that says something, as it is printed (heading rows printed again left
        out); a row with amounts and no name is an error."""
        headings = [_texts(table.rows, row) for row in range(table.heading, table.body)]
        found: list[_Pending] = []
        for row in range(table.body, len(table.rows)):
            cells = table.rows[row]
            if _texts(table.rows, row) in headings:
                continue  # a heading row printed again
            said = [cell for cell in _distinct(cells) if not blank(cell.text)]
            if not said:
                continue
            name = one_line(_cell_text(cells[table.project])).strip()
            if _starts_with_headings(_texts(table.rows, row), headings[0]):
                # The heading row printed again on the next page with no rule below it, so
                # that the cells of the row under it are its own: neither can be read.
                self.problem(
                    table.grid,
                    "the heading row printed again, with no ruling line between it and the row "
                    "below it: the two rows' cells cannot be told apart",
                    said,
                )
                continue
            goal = _cell_text(cells[table.goal]) if table.goal is not None else ""
            amounts = self.amounts(table, row, currency)
            if not name and amounts != Amounts():
                self.problem(table.grid, "amounts with no name in the project column", said)
                continue
            notation = cells[table.indicators]
            pages = sorted(box.page for cell in said for box in cell.boxes)
            found.append(
                _Pending(
                    name,
                    amounts,
                    said,
                    row,
                    row,
                    one_line(goal).strip(),
                    [notation] if notation is not None and not blank(notation.text) else [],
                    (pages[0], pages[-1]) if pages else None,
                )
            )
        return found

    def amounts(self, table: TableGrid, row: int, currency: str | None) -> Amounts:
        found = {}
        for field, column in table.amounts.items():
            cell = table.rows[row][column]
            if cell is None:
                continue
            try:
                found[field] = figure(cell.text, currency)
            except ValueError:
                self.problem(
                    table.grid,
                    f"expected an amount under {_field_heading(field)}, found "
                    f"'{quote(one_line(cell.text))}'",
                    [cell],
                )
        return Amounts(**found)

    def indicators(self, grid: Grid, pending: _Pending) -> tuple[Indicator, ...]:
        if not pending.notation:
            return ()
        text = "\n".join(cell.text for cell in pending.notation)
        location = grid.location(pending.notation)
        try:
            read = parse_indicators(text, recover=self.skipped is not None)
        except ParseError as error:
            raise self._notation_error(pending, error, location) from None
        for skipped in read.errors:
            assert self.skipped is not None
            self.skipped.append(self._notation_error(pending, skipped, location))
        row = IndicatorRow(location=location)
        return tuple(attrs.evolve(indicator, row=row) for indicator in read)

    def _notation_error(self, pending: _Pending, error: ParseError, where: Location) -> FormError:
        excerpt = quote(one_line(error.text[error.pos :]).strip() or "the end of the cell")
        return FormError(
            f"the indicators of '{quote(pending.name)}' do not read at '{excerpt}': {error.msg}",
            file=self.file,
            location=where,
        )


def _starts_with_headings(texts: Sequence[str], heading: Sequence[str]) -> bool:
    """Whether most cells of a row start with their column's heading (项目名称…, 总计 …): the
    heading row run together with a row below it."""
    named = [(text, word) for text, word in zip(texts, heading, strict=True) if word]
    starting = sum(1 for text, word in named if text.startswith(word))
    return bool(named) and 2 * starting > len(named)


def _field_heading(field: str) -> str:
    """The heading an amount field is printed under (总计, 财政拨款 …)."""
    return AMOUNT_COLUMNS[field][0]


def _cell_text(cell: Cell | None) -> str:
    return "" if cell is None else cell.text.strip()


def _distinct(cells: Sequence[Cell | None]) -> list[Cell]:
    seen: dict[int, Cell] = {}
    for cell in cells:
        if cell is not None:
            seen.setdefault(id(cell), cell)
    return list(seen.values())


def _head_lines(table: TableGrid) -> list[str]:
    """What stands above the heading row: the lines printed above the table, then the rows of
    the grid above its heading row (a workbook's title rows)."""
    lines = list(table.grid.title)
    for row in range(table.heading):
        lines.extend(" ".join(cell.text.strip() for cell in _distinct(table.rows[row])).split("\n"))
    return [line.strip() for line in lines if line.strip()]


def read_table_grids(
    tables: Sequence[TableGrid], *, file: str | None = None, recover: bool = False
) -> TableRead:
    """The ``TargetTable`` the grids of the layout hold, read in order as one table (a table
    printed on several pages, each its own grid, continues: its units and projects run on).
    The head (title, department, currency) is the first grid's."""
    skipped: list[FormError] | None = [] if recover else None
    reader = _Reader(file, skipped)
    lines = _head_lines(tables[0])
    title = next((line for line in lines if "表" in line and "：" not in line), None)
    rest = "\n".join(line for line in lines if line != title)
    problems: list[ParseError] = []
    # The text layout's head reader, on the head's lines after a title line (maybe empty).
    head = read_head(rest, [Line(0, 0, "", 0), *split_lines(rest)], problems)
    for problem in problems:
        reader.problem(tables[0].grid, problem.msg, [])
    rows: list[Row] = []
    for table in tables:
        for pending in reader.rows(table, head.currency):
            indicators = reader.indicators(table.grid, pending)
            span = (pending.first, pending.last + 1)
            where = table.grid.location(pending.cells)
            rows.append(
                Row(
                    pending.kind,
                    pending.name,
                    pending.amounts,
                    span,
                    pending.goal,
                    indicators,
                    location=where,
                )
            )
    read = assemble(rows, title=title, department=head.department, currency=head.currency)
    return TableRead(read, tuple(skipped or ()))
