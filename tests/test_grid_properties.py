"""Property tests of the column-form reader: any grid (a real heading row over random texts,
random merged cells, holes), and any text pasted one cell per line, gives a document with at
least one indicator or a FormError (GridError is one), never another exception and never an
empty document; and each strategy draws both, so neither half of a property is vacuous."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

from _grids import tiled_grids
from perfindicator.forms.cell_lines import read_cell_lines
from perfindicator.forms.column_form import read_grids
from perfindicator.model.document import Document
from perfindicator.model.errors import FormError
from perfindicator.sources.grid import Cell, Grid

#: Words of the forms' headings, labels, levels and values (SPEC §9), with the signs and
#: numbers their cells hold.
WORDS = [
    "绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "年度指标值", "实施周期指标值",
    "实际完成值", "全年实际值", "分值", "得分", "权重", "指标性质", "运算符号", "度量单位",
    "计量单位", "指标方向", "偏差原因分析及改进措施", "指标解释", "2024年", "区域目标值",
    "项目名称", "单位名称", "预算数", "年度目标", "主管部门", "实施单位", "项目资金（万元）",
    "年度资金总额", "年初预算数", "全年预算数", "全年执行数", "执行率", "年度总体目标",
    "预期目标", "实际完成情况", "年度主要任务", "任务名称", "主要内容", "预算金额", "总分",
    "合计", "产出指标", "产出指标（50分）", "成本指标(0-20)分", "数量指标", "效益指标",
    "社会效益指标", "满意度指标", "服务对象满意度", "其中：", "其中：农户", "正向", "反向",
    "≥", "≤", "＝", "﹦", "%", "万元", "个", "95", "8", "99.97%", "≥90%", "达成年度指标",
    "项目支出绩效自评表", "（2023年度）", "单位：万元", "/", "—", "",
]  # fmt: skip

_ALPHABET = "绩效指标产出数量质量满意度项目名称年度值实际完成分得≥≤=%万元一二三0123456789.（）:："
TEXTS = st.one_of(st.sampled_from(WORDS), st.text(st.sampled_from(_ALPHABET), max_size=8))

_SETTINGS = settings(max_examples=100, deadline=1000)


#: Heading cells of the indicator grid's first columns as forms word them (SPEC §9): the
#: section label merged down the left side, then level, category, name and the target.
SECTIONS = ["绩效指标", "年度绩效指标", "部门整体绩效指标"]
LEVELS = ["一级指标", "一级"]
CATEGORIES = ["二级指标", "二级"]
NAMES = ["三级指标", "指标名称", "具体指标"]
TARGETS = ["指标值", "年度指标值", "年度目标值", "目标值", "2024年"]
#: What the cells of a row under those headings hold: levels, categories, names, targets.
ROW_WORDS = [
    "产出指标",
    "效益指标",
    "满意度指标",
    "数量指标",
    "社会效益指标",
    "≥90%",
    "95",
    "达成年度指标",
]


@st.composite
def grids(draw: st.DrawFn) -> Grid:
    """Mostly a 项目名称 row, then a real heading row (一级指标 | 二级指标 | 三级指标 | 指标值
    or a variant, maybe the 绩效指标 label before it and further headings after it) over a
    tiled grid of random rows (merged cells at random, the words of a row under such headings
    likelier), maybe with some of its cells taken out (holes, as a flattened copy or a ragged
    table leaves)."""
    kind = draw(st.sampled_from(["html", "text", "sheet"]))
    heading = [draw(st.sampled_from(SECTIONS))] if draw(st.booleans()) else []
    heading += [draw(st.sampled_from(words)) for words in (LEVELS, CATEGORIES, NAMES, TARGETS)]
    heading += draw(st.lists(st.sampled_from(WORDS), max_size=2))
    body: Grid = draw(tiled_grids(kind, "1", st.one_of(TEXTS, st.sampled_from(ROW_WORDS))))
    if draw(st.booleans()):
        body = Grid(kind, "1", [cell for cell in body.cells if draw(st.booleans())])
    # Mostly the project's name above, as a form prints it.
    project = [["项目名称", draw(TEXTS)]] if draw(st.integers(0, 3)) else []
    cells = [
        Cell(text, row, column)
        for row, texts in enumerate([*project, heading], start=1)
        for column, text in enumerate(texts, start=1)
    ]
    cells += [attrs.evolve(cell, row=cell.row + len(project) + 1) for cell in body.cells]
    return Grid(kind, "1", cells)


@st.composite
def headed_rows(draw: st.DrawFn) -> list[list[str]]:
    """Rows under a real heading row (一级指标 | 二级指标 | 三级指标 | 指标值 and more), below
    random rows and, mostly, the project's name, so that the grid reader goes past its
    headings into the rows and on to a document."""
    heading = ["一级指标", "二级指标", "三级指标", "指标值"]
    heading += draw(st.lists(st.sampled_from(WORDS), max_size=4))
    body = st.lists(st.lists(TEXTS, max_size=len(heading) + 1), max_size=5)
    header = draw(st.lists(st.lists(TEXTS, max_size=4), max_size=3))
    if draw(st.integers(0, 3)):
        header.insert(0, ["项目名称", "农村公路养护"])
    return [*header, heading, *draw(body)]


def _read_or_refuse(grids: list[Grid]) -> Document | None:
    try:
        document = read_grids(grids, file="form")
    except FormError:
        return None
    assert document.projects
    assert any(project.indicators for project in document.projects)
    return document


@_SETTINGS
@given(st.lists(grids(), min_size=1, max_size=3))
def test_any_grids_give_indicators_or_a_form_error(found: list[Grid]) -> None:
    _read_or_refuse(found)


@_SETTINGS
@given(headed_rows())
def test_any_rows_under_real_headings_give_indicators_or_a_form_error(
    rows: list[list[str]],
) -> None:
    _read_or_refuse([Grid.from_rows("text", "1", rows)])


@_SETTINGS
@given(headed_rows(), st.sampled_from(["\n", "\n\n"]))
def test_any_lines_one_cell_per_line_give_indicators_or_a_form_error(
    rows: list[list[str]], between: str
) -> None:
    text = between.join(cell for row in rows for cell in row)
    try:
        grid = read_cell_lines(text)
    except FormError:
        return
    _read_or_refuse([grid])


#: Enough draws to find both outcomes, few enough to stay fast; no example database, so the
#: search starts afresh and a strategy that cannot reach one outcome fails every time.
_SEARCH = settings(max_examples=300, database=None, deadline=None)


def _outcome(found: list[Grid]) -> str:
    try:
        read_grids(found, file="form")
    except FormError:
        return "refused"
    return "document"


@pytest.mark.parametrize("outcome", ["document", "refused"])
def test_the_grid_strategy_reaches_documents_and_refusals(outcome: str) -> None:
    """The property above is not vacuous: its strategy draws forms, and grids that are none."""
    found = find(
        st.lists(grids(), min_size=1, max_size=3),
        lambda drawn: _outcome(drawn) == outcome,
        settings=_SEARCH,
    )
    assert _outcome(found) == outcome


@pytest.mark.parametrize("outcome", ["document", "refused"])
def test_the_headed_rows_strategy_reaches_documents_and_refusals(outcome: str) -> None:
    found = find(
        headed_rows(),
        lambda rows: _outcome([Grid.from_rows("text", "1", rows)]) == outcome,
        settings=_SEARCH,
    )
    assert _outcome([Grid.from_rows("text", "1", found)]) == outcome
