"""Forms pasted one cell per line or per paragraph (a Word table or a web page flattened to
text): the grid rebuilt from what the lines say, exactly, or an error naming the line that
cannot be placed.

The indicator grid's heading row is the run of lines that are all headings (一级指标 / 二级指标 /
三级指标 / 指标值 …, by ``headings.column_of``): it gives the columns. Flattening drops the cells
merged over several rows (the 绩效指标 label, the level and category written once per group), so
rows are not rebuilt by counting lines alone. A row is

    [序号] [一级指标] [二级指标] 三级指标 and one line for each column after 三级指标

where a line is a level only when it names one of the taxonomy's levels (``产出指标``,
``成本指标(0-20)分``), a category only when it names one of its categories (``数量指标``,
``社会效益``), a level name is never a name or a value, a category name never a value and a name
only right after its row's category (满意度指标 / 服务对象满意度指标 / 服务对象满意度), and the
序号, 权重 / 分值 and 得分 cells are numbers. The lines are rebuilt into rows only when these
rules allow exactly one way to do so; otherwise the error names the line where no row fits, or
where two readings are possible (``服务对象满意度`` after a value: a category, or the name of the
next indicator). An empty cell dropped by the flattening cannot be placed either: the error
says so, and the cells should be pasted with tabs or ``|`` between them.

The lines above the heading run are the header block: lines before the first label are rows of
their own (the title, （2023年度）, 单位：万元), then each label (项目名称, 主管部门,
项目资金 …) begins a row holding the lines up to the next label. A 总分 / 合计 line ends
the indicator rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from perfindicator.core import vocabulary as vocab
from perfindicator.forms import headings
from perfindicator.forms.headings import Column
from perfindicator.forms.row_cells import LEVEL_POINTS, figure
from perfindicator.model.errors import FormError
from perfindicator.sources.grid import Grid
from perfindicator.sources.pasted import read_lines

__all__ = ["glued_headings", "looks_like_cell_lines", "read_cell_lines"]

Line = tuple[int, str]

#: The columns that may stand before 三级指标, each written on a row's lines or dropped.
_BEFORE_NAME = frozenset({"section", "number", "level", "category"})
#: Columns whose cells are numbers (or say "nothing here").
_NUMBERS = frozenset({"number", "weight", "points"})
_CODE = re.compile(r"^[0-9]+(?:[.][0-9]+)?\s*[-、.]?\s*")


def _bare(text: str) -> str:
    """A level or category cell as compared: folded, without its points (``（50分）``), its code
    (``1-``, ``11-``) and the 指标 suffix."""
    folded = LEVEL_POINTS.sub("", vocab.fold(text)).strip()
    return _CODE.sub("", re.sub(r"\s+", "", folded)).removesuffix("指标")


_LEVELS = frozenset(
    name.removesuffix("指标")
    for name in [level for _, level in vocab.TAXONOMY_2015] + list(vocab.TAXONOMY_2021)
)
_CATEGORIES = frozenset(
    name.removesuffix("指标")
    for categories in [*vocab.TAXONOMY_2015.values()]
    for name in categories.values()
) | frozenset(name.removesuffix("指标") for names in vocab.TAXONOMY_2021.values() for name in names)


def _heading(text: str) -> bool:
    """Whether a line may be a column heading: it names a field, and holds no label with its
    value (单位：万元 and 填报单位：… name 单位, but are not headings)."""
    return headings.column_of(text) is not None and not _LABEL_AND_VALUE.search(text)


_LABEL_AND_VALUE = re.compile(r"[:：]\s*\S")


def _heading_run(lines: Sequence[Line]) -> tuple[int, int] | None:
    """The first run of lines that are all column headings and make an indicator grid's heading
    row (``headings.is_heading_row``), as ``[start, end)``."""
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and _heading(lines[end][1]):
            end += 1
        fields = [headings.column_of(text) for _, text in lines[start:end]]
        if end - start >= 3 and "name" in fields and headings.is_heading_row(fields):
            return start, end
        start = end + 1
    return None


def looks_like_cell_lines(text: str) -> bool:
    """Whether a text holds an indicator grid pasted one cell per line: a run of heading lines
    (三级指标 / 指标值 …, one per line)."""
    return _heading_run(read_lines(text)) is not None


def glued_headings(text: str, *, name: str | None = None) -> FormError | None:
    """The error for a text whose line holds the headings of several columns with nothing
    between them (``三级指标年度指标值实际完成值分值``): its cells cannot be told apart. None when
    no line does."""
    for number, line in read_lines(text):
        found = headings.fields_in(line)
        if headings.is_heading_row(found) and len(found) >= 3:
            return FormError(
                f"line {number} ({_shown(line)}) holds the headings of several columns with "
                "nothing between them: cells glued together cannot be told apart; copy the "
                "table again with tabs or | between its cells, or one cell per line",
                file=name,
            )
    return None


def read_cell_lines(text: str, *, name: str | None = None) -> Grid:
    """The grid (kind ``"text"``, name ``"1"``) of a form pasted one cell per line: the header
    block's rows, the heading row, the indicator rows with the cells of merged columns left
    empty where flattening dropped them, and the 总分 row.

    Raises ``FormError`` naming the line when no heading run is found, when a line cannot be
    placed in a row, or when the lines can be rebuilt into rows in more than one way.
    """
    lines = read_lines(text)
    run = _heading_run(lines)
    if run is None:
        raise glued_headings(text, name=name) or FormError(
            "no run of heading lines (三级指标, 指标值 …, one cell per line): not a form pasted "
            "one cell per line",
            file=name,
        )
    start, end = run
    fields = [headings.column_of(line) for _, line in lines[start:end]]
    stop = next(
        (
            index
            for index in range(end, len(lines))
            if headings.label_of(lines[index][1]) == "total"
        ),
        len(lines),
    )
    rows = _header_rows(lines[:start], name)
    rows.append([line for _, line in lines[start:end]])
    rows.extend(_Rows(lines[end:stop], fields, lines[start:end], name).rebuild())
    rows.extend(_header_rows(lines[stop:], name))
    return Grid.from_rows("text", "1", rows)


def _shown(text: str, size: int = 24) -> str:
    return repr(text if len(text) <= size else text[:size] + "…")


def _header_rows(lines: Sequence[Line], name: str | None) -> list[list[str]]:
    """The header block's rows: each line before the first label a row of its own, then each
    label with the lines up to the next label (a line that says its own label and value, such
    as 单位：万元, is a row of its own). A table inside the header (a self-evaluation's
    money columns, its 预期目标 | 实际完成情况 goals, 年度主要任务) has cells that flattening may
    have dropped: refused."""
    rows: list[list[str]] = []
    labels: list[tuple[int, headings.HeaderLabel | None]] = []
    for number, text in lines:
        label = headings.label_of(text)
        own = text.startswith(_OWN_LINES) or ("单位" in text and headings.currency_in(text))
        if label is None and not own and any(found is not None for _, found in labels):
            rows[-1].append(text)
            continue
        labels.append((number, label))
        rows.append([text])
    for index, ((number, label), row) in enumerate(zip(labels, rows, strict=True)):
        after = labels[index + 1][1] if index + 1 < len(labels) else None
        money = sum(headings.funds_column_of(text) is not None for text in row[1:])
        if (
            (label == "funds" and money >= 2)
            or label == "tasks"
            or (label in _GOALS and len(row) == 1 and after in _GOAL_COLUMNS)
        ):
            raise FormError(
                f"line {number} ({_shown(row[0])}): a table inside the header (its columns "
                "under one label) cannot be rebuilt from one cell per line, as the empty "
                "cells are gone; paste the form with tabs or | between its cells",
                file=name,
            )
    return rows


#: Lines that say their label and value together (单位：万元, 填报单位：县交通运输局): a row of
#: their own wherever they are, never a value of the label before them.
_OWN_LINES = ("填报单位", "编制单位", "填报日期", "金额单位")

#: A goal label with no text of its own heads columns of goals when the next label names one:
#: 年度总体目标 over 预期目标 | 实际完成情况, 总体目标 over 实施期目标 | 年度目标.
_GOALS = frozenset({"goal", "overall-goal"})
_GOAL_COLUMNS = frozenset({"goal", "overall-goal", "outcome", "period"})


def _roles(text: str) -> frozenset[str]:
    bare = _bare(text)
    if bare in _LEVELS:
        return frozenset({"level", "category"} if bare in _CATEGORIES else {"level"})
    if bare in _CATEGORIES:
        return frozenset({"category", "name"})
    return frozenset({"name", "value"})


class _Rows:
    """The indicator rows rebuilt from the lines under the heading run."""

    def __init__(
        self,
        lines: Sequence[Line],
        fields: Sequence[Column | None],
        heading_lines: Sequence[Line],
        name: str | None,
    ) -> None:
        self.lines, self.fields, self.file = lines, list(fields), name
        self.titles = [text for _, text in heading_lines]
        self.name_at = self.fields.index("name")
        for (number, text), field in zip(heading_lines, self.fields[: self.name_at], strict=False):
            if field not in _BEFORE_NAME:
                raise FormError(
                    f"line {number} ({_shown(text)}): a column before 三级指标 other than 序号, "
                    "一级指标 and 二级指标 cannot be placed when its merged cells are dropped; "
                    "paste the form with tabs or | between its cells",
                    file=name,
                )
        self.after = self.fields[self.name_at + 1 :]
        self.failure: tuple[int, str] = (-1, "")
        self.ways: list[int] = []
        self.line_roles = [_roles(text) for _, text in lines]
        self.found: dict[int, list[tuple[list[str], int]]] = {}

    def roles(self, index: int) -> frozenset[str]:
        """What line ``index`` may be in a row: a level, a category, a name, a value."""
        return self.line_roles[index]

    def fail(self, index: int, expected: str) -> None:
        if index > self.failure[0]:
            self.failure = (index, expected)

    def options(self, start: int) -> list[tuple[list[str], int]]:
        """Every way a row can begin at line ``start``: its cells by column and where the next
        row begins."""
        if start not in self.found:
            self.found[start] = self.rows_at(start)
        return self.found[start]

    def rows_at(self, start: int) -> list[tuple[list[str], int]]:
        before = self.fields[: self.name_at]
        found: list[tuple[list[str], int]] = []
        partial: list[tuple[list[str], int]] = [([], start)]
        for field in before:
            grown: list[tuple[list[str], int]] = []
            for cells, at in partial:
                if field in {"level", "category"}:
                    grown.append(([*cells, ""], at))  # merged, and dropped by flattening
                    if at < len(self.lines) and field in self.roles(at):
                        grown.append(([*cells, self.lines[at][1]], at + 1))
                elif field == "number":
                    if self.number(at):
                        grown.append(([*cells, self.lines[at][1]], at + 1))
                    else:
                        self.fail(at, f"a number for its {self.titles[len(cells)]}")
                else:
                    grown.append(([*cells, ""], at))  # 绩效指标, merged down the left side
            partial = grown
        category = before.index("category") if "category" in before else None
        for cells, at in partial:
            if at >= len(self.lines) or "name" not in self.roles(at):
                self.fail(at, f"its {self.titles[self.name_at]}")
                continue
            if "category" in self.roles(at) and category is not None and not cells[category]:
                # 服务对象满意度 is an indicator's name only right under its category's line.
                self.fail(at, f"its {self.titles[self.name_at]}, not a category")
                continue
            row = [*cells, self.lines[at][1]]
            at += 1
            for field in self.after:
                if at >= len(self.lines) or "value" not in self.roles(at):
                    self.fail(at, f"its {self.titles[len(row)]} cell")
                    break
                if field in _NUMBERS and not self.number(at):
                    self.fail(at, f"a number for its {self.titles[len(row)]}")
                    break
                row.append(self.lines[at][1])
                at += 1
            else:
                found.append((row, at))
        return found

    def number(self, index: int) -> bool:
        """Whether line ``index`` is a number, or a cell that says "nothing here" (``/``)."""
        if index >= len(self.lines):
            return False
        try:
            figure(self.lines[index][1])
        except ValueError:
            return False
        return True

    def rebuild(self) -> list[list[str]]:
        size = len(self.lines)
        self.ways = [0] * (size + 1)
        self.ways[size] = 1
        for start in range(size - 1, -1, -1):
            self.ways[start] = min(2, sum(self.ways[at] for _, at in self.options(start)))
        if size and self.ways[0] == 0:
            raise self.no_row()
        rows: list[list[str]] = []
        start = 0
        while start < size:
            viable = [(row, at) for row, at in self.options(start) if self.ways[at]]
            if len(viable) > 1:
                raise self.two_ways(start, viable)
            row, start = viable[0]
            rows.append(row)
        return rows

    def no_row(self) -> FormError:
        """The error for lines no rows fit: the last line a row can begin at after the rows
        before it, and where the row beginning there fails furthest."""
        reached, last = {0}, 0
        for start in range(len(self.lines)):
            if start in reached:
                last = start
                reached.update(at for _, at in self.options(start))
        self.failure = (-1, "")
        self.rows_at(last)
        index, expected = self.failure
        number, text = self.lines[last]
        begins = f"the row that begins at line {number} ({_shown(text)})"
        if index >= len(self.lines):
            where = f"the lines end in {begins}"
        else:
            number, text = self.lines[index]
            where = f"line {number} ({_shown(text)}) cannot be placed in {begins}"
        return FormError(
            f"{where}: expected {expected}; a row's empty cell, dropped when the form was "
            "flattened, cannot be placed: write it (/) or paste the form with tabs or | "
            "between its cells",
            file=self.file,
        )

    def two_ways(self, start: int, viable: Sequence[tuple[list[str], int]]) -> FormError:
        """The error for lines that two rows beginning at ``start`` read differently: the
        first line they place in different columns, and the two columns."""
        first, second = (
            [column for column, text in enumerate(row) if text] for row, _ in viable[:2]
        )
        at = next(
            index
            for index, (one, other) in enumerate(zip(first, second, strict=False))
            if one != other
        )
        number, text = self.lines[start + at]
        return FormError(
            f"line {number} ({_shown(text)}) may be the {self.titles[first[at]]} or the "
            f"{self.titles[second[at]]} of its row: the lines can be rebuilt into rows in "
            "more than one way; paste the form with tabs or | between its cells",
            file=self.file,
        )
