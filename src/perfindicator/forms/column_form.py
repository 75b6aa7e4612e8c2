"""Reading the national column forms from grids: project and department target tables
(绩效目标申报表, 批复表, 部门整体支出绩效目标表) and self-evaluations (项目支出绩效自评表,
部门整体支出绩效自评表), whatever source gave the grid.

A form is a title, a header block of labels and their values (项目名称 | 农村公路养护 | 主管部门 |
…), the money (项目资金), the goals, then the indicator grid: a heading row (一级指标 | 二级指标 |
三级指标 | 指标值 …, see ``headings.py``) and one indicator per row, the level and category cells
merged down their group (or, in a flattened copy, written on the group's first row only: they
carry down). A self-evaluation adds the actual result, weight and points columns, the budget
execution block and the 总分 row. Several projects may share one grid, each named in its first
columns; a form may also come as two tables, the header block in one and the grid in the next.

Nothing is guessed: a row that does not line up with the headings, a weight that is not a number,
a grid with headings but no indicator are errors that say which table, row and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

import attrs

from perfindicator.core import vocabulary as vocab
from perfindicator.core.text import one_line
from perfindicator.forms import headings
from perfindicator.forms.headings import Column
from perfindicator.forms.row_cells import (
    EMPTY,
    LEVEL_POINTS,
    NUMBER,
    blank,
    code_cell,
    currency_of,
    figure,
    value_cells,
)
from perfindicator.forms.table_grid import TableGrid, find_table_grid, read_table_grids
from perfindicator.model.document import Amounts, Document, Form, Funds, Header, Project, Task
from perfindicator.model.errors import FormError, NoFormError
from perfindicator.model.location import Location
from perfindicator.model.values import (
    Code,
    Indicator,
    IndicatorRow,
    Quantity,
    Value,
    folded_scale,
)
from perfindicator.notation.values import parse_value
from perfindicator.sources.grid import Cell, Grid

__all__ = ["read_grids"]

_YEAR = re.compile(r"((?:19|20)[0-9]{2})\s*年")
_SUB_ROW = re.compile(r"^\s*其中\s*[:：]?\s*")


@attrs.define
class _Table:
    """One grid as rows of positions, each the cell covering it (or None)."""

    grid: Grid
    file: str | None
    rows: list[list[Cell | None]]
    #: Where recovery keeps what it skipped (``read_grids(recover=True)``); None: strict.
    skipped: list[FormError] | None = None

    def text(self, row: int, column: int) -> str:
        cell = self.rows[row][column]
        return "" if cell is None else cell.text.strip()

    def cells(self, row: int) -> list[Cell]:
        """A row's distinct cells, left to right (a merged cell once)."""
        seen: dict[int, Cell] = {}
        for cell in self.rows[row]:
            if cell is not None:
                seen.setdefault(id(cell), cell)
        return list(seen.values())

    def location(self, cells: Sequence[Cell]) -> Location:
        return self.grid.location(cells)

    def error(self, msg: str, cells: Sequence[Cell] | None = None) -> FormError:
        if cells:
            return FormError(msg, file=self.file, location=self.location(cells))
        return FormError(f"{self.grid.kind} table {self.grid.name}: {msg}", file=self.file)

    def problem(self, msg: str, cells: Sequence[Cell] | None = None) -> None:
        """A cell that cannot be read: an error, or with recovery one more thing skipped (the
        caller goes on without the figure; its text stays among the row's texts)."""
        error = self.error(msg, cells)
        if self.skipped is None:
            raise error
        self.skipped.append(error)


# --------------------------------------------------------------------------------------------
# The indicator grid's headings
# --------------------------------------------------------------------------------------------


@attrs.frozen
class _Columns:
    """Where each field is in the grid: the heading rows and, for each column position, its
    field and heading (None for a column of no known field)."""

    first_row: int
    last_row: int
    fields: tuple[Column | None, ...]
    titles: tuple[str, ...]
    #: For each position, which heading cell is over it (positions under one merged heading
    #: share it).
    heads: tuple[int, ...] = ()
    #: ``where`` and ``under_one`` of each field, worked out once: every row asks them.
    _where: dict[Column, tuple[int, ...]] = attrs.field(init=False, eq=False, repr=False)
    _under: dict[Column, tuple[int, ...]] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        where: dict[Column, list[int]] = {}
        for index, found in enumerate(self.fields):
            if found is not None:
                where.setdefault(found, []).append(index)
        under: dict[Column, tuple[int, ...]] = {}
        for field, positions in where.items():
            first = positions[0]
            under[field] = (
                tuple(index for index in positions if self.heads[index] == self.heads[first])
                if self.heads
                else (first,)
            )
        object.__setattr__(self, "_where", {field: tuple(found) for field, found in where.items()})
        object.__setattr__(self, "_under", under)

    def where(self, field: Column) -> tuple[int, ...]:
        return self._where.get(field, ())

    def under_one(self, field: Column) -> tuple[int, ...]:
        """The positions of the field's first heading: more than one where it spans them."""
        return self._under.get(field, ())

    def one(self, field: Column) -> int | None:
        found = self._where.get(field)
        return found[0] if found else None


def _heading_row(table: _Table, start: int) -> int | None:
    """The first row from ``start`` that holds an indicator grid's headings: a name column (三级
    指标, or 二级 / 一级 with 指标名称) and a target or actual column."""
    for index in range(start, len(table.rows)):
        if headings.is_heading_row(headings.column_of(cell.text) for cell in table.cells(index)):
            return index
    return None


def _columns(table: _Table, row: int) -> _Columns:
    """The fields of the grid's columns from its heading row, and a second heading row under
    headings that span several columns (指标值 over 实施周期 | 年度, 区域目标值 over counties)."""
    width = len(table.rows[row])
    fields: list[Column | None] = []
    titles: list[str] = []
    last = row
    below = row + 1 if _second_heading_row(table, row) else None
    for column in range(width):
        cell = table.rows[row][column]
        title = "" if cell is None else cell.text.strip()
        field = headings.column_of(title)
        if cell is not None and cell.columns > 1 and below is not None:
            under = table.rows[below][column]
            if under is not None and under is not cell and under.columns < cell.columns:
                sub = under.text.strip()
                sub_field = headings.column_of(sub)
                if field in {"annual", "period", "target"} and sub_field in {"annual", "period"}:
                    field = sub_field
                elif sub_field in {"unit", "op", "nature", "direction"}:
                    field = sub_field  # 指标值 over 指标值 | 计量单位: the unit's column
                elif field in {"annual", "period", "target"}:
                    field = "target"
                elif sub_field is not None:
                    field = sub_field
                title = f"{title}/{sub}"
                last = below
        fields.append(field)
        titles.append(title)
    heads = [table.rows[last][column] or table.rows[row][column] for column in range(width)]
    kept = _every_column_kept(fields, titles, heads)
    top = [table.rows[row][column] for column in range(width)]
    return _Columns(row, last, tuple(kept), tuple(titles), tuple(map(id, top)))


def _second_heading_row(table: _Table, row: int) -> bool:
    """Whether the row under the heading row holds headings too, dividing the headings that
    span several columns (指标值 over 实施周期 | 年度, 区域目标值 over 天河区 | 白云区): every
    position is covered by its heading from above, or is empty, or holds a heading; a cell under
    a spanning heading may also name a county (text without a figure). A row with an indicator's
    name, or a value under a heading (≥300 | 公里), is the grid's first row."""
    if row + 1 >= len(table.rows):
        return False
    divided = False
    for column, under in enumerate(table.rows[row + 1]):
        head = table.rows[row][column]
        if under is None or under is head or blank(under.text):
            continue
        text = under.text.strip()
        spanning = head is not None and head.columns > under.columns
        if headings.column_of(text) is not None or (spanning and not _FIGURE.search(text)):
            divided = divided or spanning
            continue
        return False
    return divided


#: A digit: what a value has and a heading or a county's name has not.
_FIGURE = re.compile(r"[0-9０-９]")


def _every_column_kept(
    fields: list[Column | None], titles: list[str], heads: list[Cell | None]
) -> list[Column | None]:
    """Every column of values kept under its heading (SPEC: one target column per year or per
    county): where several columns name the year's (or the period's) target (郑州市目标值 |
    开封市目标值), none of them is taken for it, each is a target column; so is a column whose
    heading names no known field (郑州市 | 开封市), its cells read as values, kept as written."""
    columns: dict[Column | None, set[int]] = {}
    for field, head in zip(fields, heads, strict=True):
        columns.setdefault(field, set()).add(id(head))  # a merged heading is one column
    kept: list[Column | None] = []
    for field, title in zip(fields, titles, strict=True):
        several = field in {"annual", "period"} and len(columns[field]) > 1
        if several or (field is None and not blank(title)):
            field = "target"
        kept.append(field)
    return kept


# --------------------------------------------------------------------------------------------
# The header block
# --------------------------------------------------------------------------------------------


@attrs.define
class _HeaderBlock:
    """What the rows above a grid said."""

    title: str | None = None
    year: int | None = None
    currency: str | None = None
    name: str | None = None
    department_wide: bool = False
    values: dict[str, str] = attrs.field(factory=dict)
    goal: str | None = None
    overall_goal: str | None = None
    outcome: str | None = None
    funds: list[Funds] = attrs.field(factory=list)
    tasks: list[Task] = attrs.field(factory=list)
    others: list[tuple[str, str]] = attrs.field(factory=list)
    #: Where the header block's cells are (its own table's, when it has one).
    location: Location | None = None

    @property
    def empty(self) -> bool:
        return self.name is None and not self.values and not self.funds and self.goal is None

    def header(self, location: Location | None) -> Header:
        phone = self.values.get("phone")
        manager = self.values.get("manager")
        others = list(self.others)
        if phone is not None:
            others.insert(0, ("联系电话", phone))
        return Header(
            department=self.values.get("department"),
            implementer=self.values.get("implementer"),
            manager=manager,
            period=self.values.get("period"),
            funds=self.funds,
            overall_goal=self.overall_goal,
            outcome=self.outcome,
            tasks=self.tasks,
            fields=others,
            location=location,
        )


def _read_title(table: _Table, row: int, block: _HeaderBlock) -> bool:
    """A row of one text (a title, （2023年度）, 单位：万元, 填报单位：…) into the block."""
    cells = [cell for cell in table.cells(row) if not blank(cell.text)]
    if len(cells) != 1:
        return False
    text = cells[0].text.strip()
    if headings.label_of(text) is not None and len(cells[0].text) < 12:
        return False  # a label whose values are all empty
    _title_line(text, block)
    return True


#: A line that is only the form's year: （2023年度）, 2023年.
_YEAR_LINE = re.compile(r"[(（]?\s*(?:19|20)[0-9]{2}\s*年度?\s*[)）]?")
#: 单位：万元 beside the year on its line: （2024年度）　单位：万元.
_CURRENCY_STATEMENT = re.compile(r"(?:金额)?单位\s*[:：]\s*(?:百万元|千万元|亿元|万元|千元|元)")


def _title_line(text: str, block: _HeaderBlock, *, outside: bool = False) -> None:
    """A line of the title into the block: the title (…表), the year, the currency (单位：万元),
    填报单位：…. A line printed ``outside`` the table (a page's heading, a caption) is read more
    strictly, since a page says other things above its tables: its title names 绩效, its year
    is the title's or a line of its own, and nothing else is taken from it."""
    compact = re.sub(r"\s+", "", text)  # a title printed with spaces: 项 目 支 出 绩 效 目 标 表
    titled = "表" in compact and (not outside or "绩效" in compact)
    year = _YEAR.search(text)
    # The year on a line of its own, or as a piece of its own between gaps on a line that
    # says other things: 填报单位：市档案局　　（2024年度）　　单位：万元.
    # A piece must say 年度: 2024年 between gaps may be a date's (批复日期：2024年 3月).
    rest = _CURRENCY_STATEMENT.sub(" ", text)
    alone = _YEAR_LINE.fullmatch(rest.strip()) is not None or any(
        "年度" in piece and _YEAR_LINE.fullmatch(piece) for piece in rest.split()
    )
    if year is not None and block.year is None and (titled or alone):
        # The title's year or a line of its own, never a year a goal or a date mentions.
        block.year = int(year.group(1))
    if (currency := _stated_currency(text)) is not None:
        block.currency = block.currency or currency
    elif titled and block.title is None:
        block.title = re.sub(r"\s+", "", text)
    elif not outside:
        # 填报单位：…, 批复单位：…, 批复日期：…: a label and its value in one line.
        label, colon, value = text.replace("：", ":").partition(":")
        if colon and value.strip() and headings.looks_like_label(label):
            block.others.append((label.strip(), value.strip()))


def _read_outside(grid: Grid, block: _HeaderBlock) -> None:
    """What the text printed with the grid, outside its cells, says that the cells did not:
    the title, year and currency, the line nearest the table first."""
    for text in reversed(grid.title):
        _title_line(text.strip(), block, outside=True)


def _read_outside_currency(grid: Grid, block: _HeaderBlock) -> None:
    """The currency a line outside the table states (单位：万元 above it), known before the
    money rows are read, so that a figure printed with another currency is converted."""
    for text in reversed(grid.title):
        if (currency := _stated_currency(text)) is not None:
            block.currency = currency
            return


def _stated_currency(line: str) -> str | None:
    """The currency a line of the title states (单位：万元, 金额单位：元), or None."""
    return headings.currency_in(line) if "单位" in line else None


def _read_header(table: _Table, stop: int, block: _HeaderBlock) -> None:
    """The header block's rows, from the top of the grid to ``stop``."""
    printed = [cell for index in range(stop) for cell in table.cells(index) if not blank(cell.text)]
    if printed:
        block.location = table.location(printed)
    row = 0
    while row < stop:
        cells = table.cells(row)
        texts = [cell.text.strip() for cell in cells]
        if not any(not blank(text) for text in texts):
            row += 1
            continue
        if _read_title(table, row, block):
            row += 1
            continue
        label = headings.label_of(texts[0])
        if label == "funds":
            row = _read_funds(table, row, stop, block)
            continue
        if label == "tasks" or (label == "goal" and _is_task_heading(texts[1:])):
            row = _read_tasks(table, row, stop, block)
            continue
        if label in {"goal", "overall-goal"} and len(cells) > 1:
            row = _read_goals(table, row, stop, block, label)
            continue
        _read_pairs(cells, block)
        row += 1


def _read_pairs(cells: Sequence[Cell], block: _HeaderBlock) -> None:
    """A row of labels each followed by its value: 项目名称 | X | 主管部门 | Y."""
    index = 0
    while index < len(cells):
        label_text = cells[index].text.strip()
        values: list[str] = []
        before, colon, after = label_text.replace("：", ":").partition(":")
        if colon and after.strip() and headings.looks_like_label(before):
            label_text, values = before.strip(), [after.strip()]  # 批复单位：成都市财政局
        label_text = label_text.rstrip(":：")
        label = headings.label_of(label_text)
        index += 1
        if (
            label is not None
            and not values
            and index < len(cells)
            and not headings.is_bare_label(cells[index].text)
        ):
            if not blank(cells[index].text):  # a label's own cell: its value, whatever it says
                values.append(cells[index].text.strip())
            index += 1
        while index < len(cells) and not headings.looks_like_label(cells[index].text):
            if not blank(cells[index].text):
                values.append(cells[index].text.strip())
            index += 1
        value = " ".join(values)
        if label is None:
            if label_text and value:
                block.others.append((label_text, value))
            continue
        if label in {"name", "department-name", "department", "implementer", "manager"}:
            value = one_line(value)
        if label == "name":
            block.name = value or None
        elif label == "department-name":
            block.name = value or None
            block.department_wide = True
        elif label == "goal":
            block.goal = value or block.goal
        elif label == "overall-goal":
            block.overall_goal = value or None
        elif label == "outcome":
            block.outcome = value or None
        elif label in {"department", "implementer", "manager", "phone", "period"}:
            if value:
                block.values[label] = value
        elif value:
            block.others.append((label_text, value))


def _read_goals(table: _Table, row: int, stop: int, block: _HeaderBlock, label: str) -> int:
    """Goal rows: 年度目标 | text; or, on a self-evaluation, 年度总体目标 | 预期目标 | 实际完成情况
    over a row of the two texts (each under its title); or 总体目标 | 实施期目标 | 年度目标."""
    cells = table.rows[row]
    titled = [
        (index, title)
        for index, cell in enumerate(cells)
        if index > 0
        and cell is not None
        and cell is not cells[index - 1]
        and (title := headings.label_of(cell.text)) in {"goal", "outcome", "overall-goal"}
    ]
    end = _block_end(table, row, stop)
    if titled and end > row + 1:
        for index, title in titled:
            texts = [
                table.text(below, index)
                for below in range(row + 1, end)
                if table.rows[below][index] is not cells[index]
            ]
            text = "\n".join(text for text in texts if not blank(text)) or None
            if title == "goal":
                block.goal = text
            elif title == "outcome":
                block.outcome = text
            else:
                block.overall_goal = text
        return end
    _read_pairs(table.cells(row), block)
    # The goal's further lines: rows its label is merged over, or (flattened) whose first cell
    # is empty, each of its text cells a line of the goal.
    seen = {id(cell) for cell in table.cells(row)}
    more = []
    for below in range(row + 1, end):
        for cell in table.cells(below):
            if id(cell) not in seen and not blank(cell.text):
                seen.add(id(cell))
                more.append(cell.text.strip())
    if more:
        field = "goal" if label == "goal" else "overall_goal"
        setattr(block, field, "\n".join([*filter(None, [getattr(block, field)]), *more]))
    if label == "overall-goal" and block.goal is None and block.overall_goal is not None:
        # A form with one goal, 总体目标, for its year.
        block.goal, block.overall_goal = block.overall_goal, None
    return end if more else row + 1


def _block_end(table: _Table, row: int, stop: int, *, funds: bool = False) -> int:
    """Where a block of the header ends that ``row``'s label starts: after the rows its label
    cell is merged over or, in a flattened copy, the rows whose first cell is empty; for the
    money block, also the rows whose first cell names a money row (年度资金总额 merged over the
    label's columns, as some workbooks print it)."""
    label = table.rows[row][0]
    end = row + 1
    while end < stop:
        first = table.rows[end][0]
        if not (
            first is label
            or first is None
            or blank(first.text)
            or (funds and headings.is_funds_row(first.text))
        ):
            break
        end += 1
    return end


def _is_task_heading(texts: Sequence[str]) -> bool:
    return any("任务" in text for text in texts[:1]) and any("内容" in text for text in texts)


def _read_tasks(table: _Table, row: int, stop: int, block: _HeaderBlock) -> int:
    """年度主要任务 rows: a heading row (任务名称 | 主要内容 | 预算金额) and one row a task, the
    年度主要任务 label merged down their left side."""
    label = table.rows[row][0]
    columns: dict[str, int] = {}
    for index, cell in enumerate(table.rows[row]):
        if cell is None or cell is label:
            continue
        word = headings.fold(cell.text)
        if "任务" in word and "name" not in columns:
            columns["name"] = index
        elif "内容" in word:
            columns["content"] = index
        elif "金额" in word or "预算" in word or "资金" in word:
            columns.setdefault("amount", index)
    end = _block_end(table, row, stop)
    row += 1
    while row < end and "name" in columns:
        name = table.text(row, columns["name"])
        if not blank(name) and headings.label_of(name) != "total":
            content = table.text(row, columns["content"]) if "content" in columns else ""
            amount_text = table.text(row, columns["amount"]) if "amount" in columns else ""
            try:
                amount = _money(amount_text, block)
            except ValueError as error:
                table.problem(f"年度主要任务 {name}: {error}", table.cells(row))
                amount = None
            block.tasks.append(Task(name, content, amount, table.location(table.cells(row))))
        row += 1
    return row


def _money(text: str, block: _HeaderBlock) -> Decimal | None:
    """An amount in the form's currency; where the form states none, the first amount printed
    with one (``120万元``) says it, and the others are converted to it."""
    if block.currency is None:
        block.currency = currency_of(text)
    return figure(text, block.currency)


def _read_funds(table: _Table, row: int, stop: int, block: _HeaderBlock) -> int:
    """The money rows under 项目资金（万元）: label and amount pairs on a target form; columns
    年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 on a self-evaluation."""
    label = table.rows[row][0]
    if label is not None:
        # The money block's own label (项目资金（万元）) says the currency of its figures.
        block.currency = headings.currency_in(label.text) or block.currency
    end = _block_end(table, row, stop, funds=True)
    columns = {
        index: field
        for index, cell in enumerate(table.rows[row])
        if cell is not None
        and cell is not label
        and (field := headings.funds_column_of(cell.text)) is not None
    }
    if len(columns) >= 2:
        for index in range(row + 1, end):
            _funds_row(table, index, label, columns, block)
        return end
    for index in range(row, end):
        cells = [cell for cell in table.cells(index) if cell is not label]
        _funds_pairs(table, cells, block)
    return end


def _funds_label(text: str) -> str:
    return re.sub(r"^其中\s*[:：]?|[:：\s]", "", text.strip())


def _funds_pairs(table: _Table, cells: Sequence[Cell], block: _HeaderBlock) -> None:
    """年度资金总额 | 120 | 其中：财政拨款 | 120 | 其他资金 | (empty)."""
    index = 0
    while index < len(cells):
        text = cells[index].text.strip()
        if blank(text) or NUMBER.fullmatch(vocab.fold(text).replace(",", "")):
            index += 1
            continue
        amount_cell = cells[index + 1] if index + 1 < len(cells) else None
        amount_text = "" if amount_cell is None else amount_cell.text
        try:
            amount = _money(amount_text, block)
        except ValueError:
            # Not a pair: a label followed by another label (an empty amount printed as no cell).
            block.funds.append(Funds(_funds_label(text), location=table.location([cells[index]])))
            index += 1
            continue
        used = [cells[index]] if amount_cell is None else [cells[index], amount_cell]
        block.funds.append(Funds(_funds_label(text), amount, location=table.location(used)))
        index += 2


def _funds_row(
    table: _Table,
    row: int,
    label: Cell | None,
    columns: Mapping[int, headings.FundsColumn],
    block: _HeaderBlock,
) -> None:
    """年度资金总额 | 90 | 90 | 89.97 | 10 | 99.97% | 10."""
    first = min(columns)
    names = [
        table.text(row, index)
        for index in range(first)
        if table.rows[row][index] is not label
        and not blank(table.text(row, index))
        and table.rows[row][index] is not table.rows[row - 1][index]
    ]
    if not names:
        return
    values: dict[str, Decimal | None] = {}
    for index, field in columns.items():
        try:
            values[field] = _money(table.text(row, index), block)
        except ValueError as error:  # noqa: PERF203 - raised once, on the way out
            cell = table.rows[row][index]
            table.problem(f"项目资金 {names[-1]}, {field}: {error}", [cell] if cell else None)
            values[field] = None
    cells = [cell for cell in table.cells(row) if cell is not label]
    block.funds.append(Funds(_funds_label(names[-1]), location=table.location(cells), **values))


# --------------------------------------------------------------------------------------------
# The indicator rows
# --------------------------------------------------------------------------------------------


#: A 总分 row's label, folded (headings.fold): the whole cell.
_TOTAL_LABELS = frozenset({"总分", "合计", "总计", "自评得分", "自评总分", "总得分", "合计得分"})


@attrs.define
class _Grid:
    """The walk down an indicator grid: the project being read and its indicators."""

    table: _Table
    columns: _Columns
    block: _HeaderBlock
    projects: list[Project] = attrs.field(factory=list)
    indicators: list[Indicator] = attrs.field(factory=list)
    level_text: str = ""
    category_text: str = ""
    level_cell: Cell | None = None
    category_cell: Cell | None = None
    parent: int | None = None
    project_cell: Cell | None = None
    project_texts: dict[str, str] = attrs.field(factory=dict)
    total_weight: Decimal | None = None
    total_points: Decimal | None = None
    #: ``hinted`` of each field asked (a column's heading is the same on every row).
    hints: dict[Column, str] = attrs.field(factory=dict, init=False)
    #: ``_code`` of each level and category text read so far.
    codes: dict[tuple[str, str, str | None], tuple[str, Code]] = attrs.field(
        factory=dict, init=False
    )

    def text(self, row: int, field: Column) -> str:
        """A field's text on a row: under a heading that spans several columns, the row's
        cells there joined (指标值 over ``≥300`` | ``公里`` is ≥300公里)."""
        positions = self.columns.under_one(field)
        cells = self.table.rows[row]
        if not positions:  # a field this form has no column for
            return ""
        if len(positions) == 1:  # most fields: one column
            cell = cells[positions[0]]
            text = "" if cell is None else cell.text.strip()
            if text in EMPTY:
                return ""
        else:
            seen: set[int] = set()
            parts: list[str] = []
            for index in positions:
                cell = cells[index]
                if cell is None or id(cell) in seen:
                    continue
                seen.add(id(cell))
                if not blank(cell.text):
                    parts.append(cell.text.strip())
            text = "".join(parts)
        # A line break in a cell is where the cell wrapped: names, values and notes are one
        # line (a goal keeps its lines: 1.… 2.…).
        return text if field == "project-goal" else one_line(text)

    def hinted(self, field: Column) -> str:
        """The unit a field's column heading gives its cells (指标值（%）), or ""."""
        found = self.hints.get(field)
        if found is None:
            index = self.columns.one(field)
            found = "" if index is None else headings.unit_in(self.columns.titles[index]) or ""
            self.hints[field] = found
        return found

    def cell_at(self, row: int, field: Column) -> Cell | None:
        index = self.columns.one(field)
        return None if index is None else self.table.rows[row][index]

    def read(self) -> list[Project]:
        for row in range(self.columns.last_row + 1, len(self.table.rows)):
            if self._total(row):
                continue
            self._project(row)
            self._indicator(row)
        self._close_project()
        return self.projects

    def _total(self, row: int) -> bool:
        """A 总分 / 合计 row: its weight and points are the table's totals."""
        cells = self.table.cells(row)
        first = next((cell.text for cell in cells if not blank(cell.text)), None)
        # The row's first words are the label itself (总分, 合计：), not an indicator whose name
        # starts with one (合计培训人次).
        if first is None or headings.fold(first.strip()) not in _TOTAL_LABELS:
            return False
        texts = [cell.text.strip() for cell in cells if not blank(cell.text)]
        weight_at, points_at = self.columns.one("weight"), self.columns.one("points")
        if weight_at is None and points_at is None:
            return True  # a target form's 合计 (of its budgets): no 总分 to keep
        numbers: list[Decimal] = []
        for text in texts[1:]:
            try:
                found = figure(text)
            except ValueError:
                continue
            if found is not None:
                numbers.append(found)
        try:
            weight = figure(self.table.text(row, weight_at)) if weight_at is not None else None
            points = figure(self.table.text(row, points_at)) if points_at is not None else None
        except ValueError:
            weight = points = None
        if weight is None and points is None and numbers:
            # The 总分 row's cells not under their columns: 总分 | 100 | 96.
            weight, points = (numbers[0], numbers[1]) if len(numbers) >= 2 else (None, numbers[0])
        self.total_weight, self.total_points = weight, points
        return True

    def _project(self, row: int) -> None:
        """A new project where a grid of several projects names one in its first columns."""
        index = self.columns.one("project")
        if index is None:
            return
        cell = self.table.rows[row][index]
        if cell is None or blank(cell.text) or cell is self.project_cell:
            return
        self._close_project()
        self.project_cell = cell
        self.project_texts = {
            field: self.text(row, field)
            for field in ("project", "project-unit", "project-budget", "project-goal")
        }
        self.level_text = self.category_text = ""
        self.level_cell = self.category_cell = None

    def _close_project(self) -> None:
        if not self.indicators:
            return
        block = self.block
        name = self.project_texts.get("project") or block.name
        if name is None:
            raise self.table.error("the form names no project (项目名称 or 部门名称)")
        funds = list(block.funds)
        budget_text = self.project_texts.get("project-budget", "")
        if budget_text:
            try:
                funds.append(Funds("预算数", _money(budget_text, block)))
            except ValueError as error:
                self.table.problem(f"project {name}: {error}")
        header = attrs.evolve(
            block.header(block.location),
            funds=funds,
            implementer=self.project_texts.get("project-unit") or block.values.get("implementer"),
            total_points=self.total_points,
            total_weight=self.total_weight,
        )
        goal = self.project_texts.get("project-goal") or block.goal or ""
        project = Project(name, _amounts(funds), goal, self.indicators, header=header)
        self.projects.append(project)
        self.indicators = []
        self.total_points = self.total_weight = None

    def _carried(self, row: int, field: Column) -> str:
        """A level or category cell's text, carried down: a merged cell covers its group's
        rows, a flattened copy writes it on the group's first row only. A new level starts
        its categories afresh."""
        cell = self.cell_at(row, field)
        text = self.text(row, field)
        if field == "level":
            if text and cell is not self.level_cell:
                if text != self.level_text:  # a level repeated on every row keeps its category
                    self.category_text, self.category_cell = "", None
                self.level_text, self.level_cell = text, cell
            return self.level_text
        if text and cell is not self.category_cell:
            self.category_text, self.category_cell = text, cell
        return self.category_text

    def _indicator(self, row: int) -> None:
        name = self.text(row, "name")
        level_text = self._carried(row, "level")
        category_text = self._carried(row, "category")
        values = [self.text(row, field) for field in ("annual", "period", "actual")]
        if not name:
            if any(values):
                self.table.problem(
                    "a row with a value but no indicator name", self.table.cells(row)
                )
            return
        level_name, level = self._code(level_text, "level", None)
        category = self._code(category_text, "category", level.code)[1]
        parent = None
        match = _SUB_ROW.match(name)
        if match is not None and self.indicators:
            parent = self.parent
        op, unit = self.text(row, "op"), self.text(row, "unit")
        nature = self.text(row, "nature") or self.text(row, "direction")
        annual = value_cells(
            self.text(row, "annual"), op, unit or self.hinted("annual"), nature, name
        )
        period = value_cells(
            self.text(row, "period"), op, unit or self.hinted("period"), nature, name
        )
        targets: list[tuple[str, Value]] = []
        for index in self.columns.where("target"):
            text = self.table.text(row, index)
            if not blank(text):
                hint = headings.unit_in(self.columns.titles[index]) or ""
                found = value_cells(text, op, unit or hint, nature, name)
                if found is not None:
                    targets.append((self.columns.titles[index], found))
        texts = [
            (self.columns.titles[index], self.table.text(row, index))
            for index in self.columns.where("text")
            if not blank(self.table.text(row, index))
        ]
        if level_name != level_text:
            texts.insert(0, (self.columns.titles[self.columns.one("level") or 0], level_text))
        weight, points = (self._figure(row, field, name, texts) for field in ("weight", "points"))
        target = annual if annual is not None else period
        actual = _actual(self.text(row, "actual"), target, unit or self.hinted("actual"), name)
        direction = self.text(row, "direction") or None
        if direction is None and nature[:2] in {"正向", "反向"}:
            direction = nature[:2]
        number = len(self.indicators) + 1
        cells = [cell for cell in self.table.cells(row) if not self._spanning(cell)]
        indicator_row = IndicatorRow(
            actual=actual,
            weight=weight,
            points=points,
            direction=direction,
            note=self.text(row, "note") or None,
            targets=targets,
            texts=texts,
            parent=parent,
            location=self.table.location(cells or self.table.cells(row)),
        )
        self.indicators.append(
            Indicator(number, level, category, name, period, annual, row=indicator_row)
        )
        if match is None:
            self.parent = number

    def _code(self, text: str, kind: str, parent: str | None) -> tuple[str, Code]:
        """A level or category cell's name without its points, and its code: worked out
        once for each text (a level's text is on every row of its group)."""
        key = (text, kind, parent)
        found = self.codes.get(key)
        if found is None:
            name = LEVEL_POINTS.sub("", text)
            found = (name, code_cell(name, kind, parent) if name else Code(None, ""))
            self.codes[key] = found
        return found

    def _figure(
        self, row: int, field: Column, name: str, texts: list[tuple[str, str]]
    ) -> Decimal | None:
        """A weight or points cell as a number; with recovery, a cell that is not one is kept
        as the row's text under its heading, and reported."""
        text = self.text(row, field)
        try:
            return figure(text)
        except ValueError as error:
            self.table.problem(f"indicator {name}: {error}", self.table.cells(row))
            index = self.columns.one(field)
            texts.append((self.columns.titles[index] if index is not None else field, text))
            return None

    def _spanning(self, cell: Cell) -> bool:
        """Whether a cell covers more than this row's indicator (the 绩效指标 label, a merged
        level or category, a project's cells): left out of the row's location."""
        return cell.rows > 1


#: The field of ``Amounts`` a money row's label names (folded, as headings are), by the first
#: rule whose words it contains: 年度资金总额 is the total, 其中：财政拨款 and 当年财政拨款
#: the fiscal share, a grid's 预算数 column a project's total. 上年结转资金 has no field of its
#: own.
_AMOUNT_RULES: Sequence[tuple[str, tuple[str, ...]]] = (
    ("fiscal_special", ("财政专户",)),
    ("fiscal", ("财政拨款", "财政资金")),
    ("other", ("其他资金",)),
    ("total", ("资金总额", "预算数", "年度金额")),
)


def _amounts(funds: Sequence[Funds]) -> Amounts:
    """A project's amounts from its money rows, in the form's currency as printed: each field
    the budget of the one row whose label names it (a target form's amount, a
    self-evaluation's 全年预算数). A field no row names, or two rows name, stays empty."""
    named: dict[str, list[Decimal | None]] = {}
    for row in funds:
        word = headings.fold(row.label)
        field = next(
            (field for field, words in _AMOUNT_RULES if any(part in word for part in words)), None
        )
        if field is not None:
            named.setdefault(field, []).append(row.budget)
    return Amounts(**{field: budgets[0] for field, budgets in named.items() if len(budgets) == 1})


def _actual(text: str, target: Value | None, unit: str, name: str) -> Value | None:
    """An actual result read in its target's context: a bare number is in the target's unit
    (``50`` against ``≥50个`` is 50 个), anything else is read as the notation reads it (a value,
    the target's wording repeated, a verdict: text)."""
    if not text:
        return None
    value = parse_value(text, name=name)
    if isinstance(value, Quantity) and value.unit is None:
        target_unit = target.unit if isinstance(target, Quantity) else None
        if target_unit is not None:
            # Beside a target whose scale was folded into its number (≤90万元, held as 900000
            # 元), a bare 95 may be 95 万元 or 95 元: forms print both. It stays bare (never a
            # guess), and scoring and the audit say it cannot be checked.
            if target is None or folded_scale(target) != 1:
                return value
            return attrs.evolve(value, unit=target_unit)
        if unit:
            return value_cells(text, "", unit, "", name)
    return value


# --------------------------------------------------------------------------------------------
# Grids to a document
# --------------------------------------------------------------------------------------------


def _form(block: _HeaderBlock, self_evaluation: bool) -> Form:
    title = block.title or ""
    department_wide = block.department_wide or "整体" in title or bool(block.tasks)
    if "自评" in title:
        self_evaluation = True
    if department_wide:
        return "department-self-evaluation" if self_evaluation else "department-targets"
    return "self-evaluation" if self_evaluation else "project-targets"


def read_grids(
    grids: Iterable[Grid],
    *,
    file: str | None = None,
    format: str | None = None,
    recover: bool = False,
) -> Document:
    """The document the grids of one file hold: every form among them (layout tables and other
    tables are passed over), a header block in one grid joined to the indicator grid of the next.
    A file with no form in it is a ``FormError``. A cell that cannot be read (a weight that is
    not a number) is a ``FormError`` too; with ``recover``, the document is read without that
    figure (its text kept among the row's texts) and the error is in ``Document.errors``."""
    grids = list(grids)
    layout = [found for grid in grids if (found := find_table_grid(grid)) is not None]
    if layout:
        return _layout_document(layout, grids, file, format, recover)
    skipped: list[FormError] | None = [] if recover else None
    projects: list[Project] = []
    first: _HeaderBlock | None = None
    forms: list[Form] = []
    pending: _HeaderBlock | None = None
    seen = 0
    for grid in grids:
        seen += 1
        for part, rows in enumerate(_forms_in(grid)):
            table = _Table(grid, file, rows, skipped)
            start = _heading_row(table, 0)
            if start is None:
                block = _HeaderBlock()
                _read_outside_currency(grid, block)
                _read_header(table, len(table.rows), block)
                _read_outside(grid, block)
                # Only the table just before a grid may be its header block, and a table of
                # records headed 项目名称 | … is none.
                pending = None if block.empty or _lists_records(table) else block
                continue
            block = _HeaderBlock()
            if part == 0:  # the lines above the grid are its first form's
                _read_outside_currency(grid, block)
            _read_header(table, start, block)
            if part == 0:
                _read_outside(grid, block)
            if pending is not None and block.name is None:
                block = _merged(pending, block)
            pending = None
            columns = _columns(table, start)
            self_evaluation = bool(set(columns.fields) & {"actual", "points"})
            read = _Grid(table, columns, block).read()
            if not read:
                raise table.error("the indicator grid's headings are followed by no indicator")
            form = _form(block, self_evaluation)
            forms.append(form)
            if first is None:
                first = block
            projects.extend(read)
    if first is None:
        where = f"{seen} table{'s' if seen != 1 else ''}" if seen else "no table"
        raise NoFormError(
            f"no target or self-evaluation form found ({where}: none has a heading row with "
            "三级指标 / 指标名称 and 指标值)",
            file=file,
        )
    # 主管部门 where printed; a department-wide form names its department as 部门名称.
    department = first.values.get("department") or (first.name if first.department_wide else None)
    return Document(
        forms[0],
        projects,
        title=first.title,
        year=first.year,
        department=department,
        currency=first.currency,
        path=file,
        format=format,
        errors=skipped or (),
    )


def holds_headings(grid: Grid) -> bool:
    """Whether the grid has headings of its own to be read by: an indicator grid's heading row,
    or the heading row of the 项目支出绩效目标表 layout (项目名称 … 绩效指标)."""
    return (
        find_table_grid(grid) is not None
        or _heading_row(_Table(grid, None, grid.matrix()), 0) is not None
    )


def _forms_in(grid: Grid) -> list[list[list[Cell | None]]]:
    """The grid's rows, parted where a form starts again below an indicator grid: a row led by
    项目名称 with its value (not a heading row) after the grid's indicator headings is the
    next form's header (a PDF joins two forms printed one a page under the same title, and
    a workbook sheet may hold several)."""
    rows = grid.matrix()
    table = _Table(grid, None, rows)
    start = _heading_row(table, 0)
    if start is None:
        return [rows]
    parts: list[list[list[Cell | None]]] = []
    current: list[list[Cell | None]] = rows[: start + 1]
    name = _name_value(table, 0, start)
    index = start + 1
    while index < len(rows):
        cells = table.cells(index)
        if (
            len(cells) >= 2
            and headings.label_of(cells[0].text) == "name"
            and not blank(cells[1].text)
            and headings.label_of(cells[1].text) is None
            and not headings.is_heading_row(headings.column_of(cell.text) for cell in cells)
            and rows[index - 1][0] is not rows[index][0]
        ):
            again = _heading_row(table, index)
            if (
                again is not None
                and one_line(cells[1].text) == name
                and _texts(table, again) == _texts(table, start)
            ):
                # The same form's header and headings printed again over a page break: the
                # indicators below them are the same project's.
                index = again + 1
                continue
            parts.append(current)
            current, name = [], one_line(cells[1].text)
            start = again if again is not None else start
        current.append(rows[index])
        index += 1
    parts.append(current)
    return parts


def _name_value(table: _Table, begin: int, stop: int) -> str | None:
    """The value of the first 项目名称 row between ``begin`` and ``stop``."""
    for index in range(begin, stop):
        cells = table.cells(index)
        if len(cells) >= 2 and headings.label_of(cells[0].text) == "name":
            return one_line(cells[1].text)
    return None


def _texts(table: _Table, row: int) -> list[str]:
    return [one_line(cell.text) for cell in table.cells(row)]


def _lists_records(table: _Table) -> bool:
    """Whether a table without indicator headings is a table of records headed 项目名称 (a
    政府采购 table: 项目名称 | 采购品目 | 预算金额): under its 项目名称 cell stands a record's
    text, where a header block has its next label (主管部门, 项目资金) or nothing."""
    for index, row in enumerate(table.rows[:-1]):
        for column, cell in enumerate(row):
            if cell is None or headings.label_of(cell.text) != "name":
                continue
            below = table.rows[index + 1][column]
            return (
                below is not None
                and below is not cell
                and not blank(below.text)
                and not headings.looks_like_label(below.text)
            )
    return False


def _layout_document(
    layout: Sequence[TableGrid],
    grids: Sequence[Grid],
    file: str | None,
    format: str | None,
    recover: bool,
) -> Document:
    """The document of a file whose tables are the 项目支出绩效目标表 layout (``table_grid.py``).
    A file that also holds a column form is refused: one document has one form, and neither is
    left out in silence."""
    others = [grid for grid in grids if all(grid is not table.grid for table in layout)]
    for grid in others:
        other = _Table(grid, file, grid.matrix(), None)
        if _heading_row(other, 0) is not None:
            raise other.error(
                "a column form in a file of the 项目支出绩效目标表 layout: one document holds "
                "one form; read the tables apart (read_pdf / read_html and read_grids)"
            )
    read = read_table_grids(layout, file=file, recover=recover)
    return Document.of_table(read.table, path=file, format=format, errors=read.skipped)


def _merged(header: _HeaderBlock, grid: _HeaderBlock) -> _HeaderBlock:
    """A header block read from its own table, completed by what the grid's table said."""
    merged = attrs.evolve(header)
    for field in ("title", "year", "currency", "goal", "overall_goal", "outcome"):
        if getattr(merged, field) is None:
            setattr(merged, field, getattr(grid, field))
    merged.funds = merged.funds + grid.funds
    merged.tasks = merged.tasks + grid.tasks
    return merged
