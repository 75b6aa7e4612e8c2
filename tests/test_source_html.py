"""The tables of web pages as grids: pages written by hand as governments publish them, damaged
pages, and a round trip of random grids through ``tests/_grids.py``'s ``to_html``."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _grids import tiled_grids, to_html
from perfindicator.model.errors import FormError
from perfindicator.model.location import CellRange
from perfindicator.sources.files import InputError
from perfindicator.sources.grid import MAX_CELLS, Cell, Grid, GridError
from perfindicator.sources.html import read_html

pytest.importorskip("lxml")


def rows(grid: Grid) -> list[tuple[str, int, int, int, int]]:
    """The grid's cells as (text, row, column, rows, columns), in reading order."""
    return [(c.text, c.row, c.column, c.rows, c.columns) for c in grid.cells]


def only(page: str | bytes) -> list[tuple[str, int, int, int, int]]:
    (grid,) = read_html(page)
    return rows(grid)


#: SPEC §9's target form, cell by cell: 绩效指标 over the six rows of the indicator grid,
#: 产出指标 over its three indicators, 数量指标 over its two.
TARGET = Grid(
    "html",
    "1",
    [
        Cell("项目支出绩效目标申报表", 1, 1, 1, 6),
        Cell("项目名称", 2, 1),
        Cell("农村公路养护", 2, 2, 1, 2),
        Cell("主管部门", 2, 4),
        Cell("县交通运输局", 2, 5, 1, 2),
        Cell("年度目标", 3, 1),
        Cell("完成县乡道养护300公里，\n路况优良率不低于85%。", 3, 2, 1, 5),
        Cell("绩效指标", 4, 1, 6, 1),
        Cell("一级指标", 4, 2),
        Cell("二级指标", 4, 3),
        Cell("三级指标", 4, 4, 1, 2),
        Cell("指标值", 4, 6),
        Cell("产出指标", 5, 2, 3, 1),
        Cell("数量指标", 5, 3, 2, 1),
        Cell("养护里程", 5, 4, 1, 2),
        Cell("≥300公里", 5, 6),
        Cell("桥梁检查次数", 6, 4, 1, 2),
        Cell("4次/年", 6, 6),
        Cell("质量指标", 7, 3),
        Cell("路况优良率", 7, 4, 1, 2),
        Cell("≥85%", 7, 6),
        Cell("效益指标", 8, 2),
        Cell("社会效益指标", 8, 3),
        Cell("群众出行条件", 8, 4, 1, 2),
        Cell("明显改善", 8, 6),
        Cell("满意度指标", 9, 2),
        Cell("服务对象满意度指标", 9, 3),
        Cell("沿线群众满意度", 9, 4, 1, 2),
        Cell("≥90%", 9, 6),
    ],
)

#: The same form as a county's site publishes it: a navigation table, then a layout table
#: whose cell holds the form; uppercase tags, unquoted attributes, cells and rows left open,
#: &nbsp; padding and <br> inside cells, a comment and a script.
PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>绩效目标公开</title>
<style>td { border: 1px solid }</style></head>
<body>
<table class=nav><tr><td><a href="/">首页</a></td><td><a href="/zwgk">政务公开</a></td></tr></table>
<TABLE width=100%><TR><TD>当前位置：财政预算公开
<table border=1 cellspacing=0>
<tr><td colspan=6><b>项目支出绩效目标申报表</b></td></tr>
<tr><td>项目名称<td colspan="2">&nbsp;农村公路养护&nbsp;<td>主管部门<td colspan='2'>县交通运输局
<tr><td>年度目标</td><td colspan=5>完成县乡道养护300公里，<br>路况优良率不低于85%。</td></tr>
<tr><TH ROWSPAN=6>绩效指标</TH><th>一级指标<th>二级指标<th colspan=2>三级指标<th>指标值
<tr><td rowspan=3>产出指标<td rowspan=2>数量指标<td colspan=2>养护里程<td>≥300公里
<tr><td colspan=2>桥梁检查次数<!-- 2023年新增 --><td>4次/年
<tr><td>质量指标<td colspan=2>路况<span>优良率</span><td>&nbsp;&nbsp;≥85%
<tr><td>效益指标<td>社会效益指标<td colspan=2>群众出行条件<td>明显改善<script>track()</script>
<tr><td>满意度指标<td>服务对象满意度指标<td colspan=2>沿线群众满意度<td>≥90%
</table>
发布日期：2023-01-10</TD></TR></TABLE>
</body></html>
"""


def test_a_published_page_gives_its_tables_in_document_order() -> None:
    navigation, layout, form = read_html(PAGE)
    assert navigation == Grid("html", "1", [Cell("首页", 1, 1), Cell("政务公开", 1, 2)])
    # The layout cell's own text, without the form's: the form is a grid of its own.
    assert layout == Grid("html", "2", [Cell("当前位置：财政预算公开\n发布日期：2023-01-10", 1, 1)])
    assert rows(form) == rows(TARGET)
    assert form.name == "3"


def test_the_target_form_round_trips() -> None:
    assert read_html(to_html(TARGET)) == [TARGET]
    assert read_html(to_html(TARGET, cell="th")) == [TARGET]


def test_a_gbk_page_is_read_by_its_declared_charset() -> None:
    page = '<meta charset="gb2312"><table><tr><td>绩效目标</td><td>≥85%</td></tr></table>'
    data = page.encode("gbk")
    assert only(data) == [("绩效目标", 1, 1, 1, 1), ("≥85%", 1, 2, 1, 1)]
    http_equiv = page.replace(
        '<meta charset="gb2312">',
        '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=GBK">',
    )
    assert only(http_equiv.encode("gbk")) == [("绩效目标", 1, 1, 1, 1), ("≥85%", 1, 2, 1, 1)]


def test_an_undeclared_gbk_page_is_read_as_gb18030() -> None:
    assert only("<table><tr><td>满意度</td></tr></table>".encode("gbk")) == [("满意度", 1, 1, 1, 1)]


def test_a_utf8_page_declaring_gb2312_is_read_as_utf8() -> None:
    # A page copied from an old template: GB2312 declared, UTF-8 written.
    page = '<meta charset="gb2312"><table><tr><td>满意度</td></tr></table>'
    assert only(page.encode("utf-8")) == [("满意度", 1, 1, 1, 1)]


def test_a_wrong_declaration_falls_back_to_what_the_bytes_are() -> None:
    # Declared UTF-8 but written in GBK: read as GB18030, not replaced by U+FFFD.
    page = '<meta charset="utf-8"><table><tr><td>满意度</td></tr></table>'
    assert only(page.encode("gbk")) == [("满意度", 1, 1, 1, 1)]


def test_bytes_no_codec_reads_are_refused() -> None:
    with pytest.raises(InputError) as caught:
        read_html(b"<table><tr><td>\x81\x20</td></tr></table>")
    assert str(caught.value) == (
        "cannot decode the page: not UTF-8 (invalid start byte at byte 15) nor GB18030"
    )
    with pytest.raises(InputError) as caught:
        read_html(b"<meta charset=big5><table><tr><td>\x81\x20</td></tr></table>")
    assert str(caught.value) == (
        "cannot decode the page: not UTF-8 (invalid start byte at byte 34) nor GB18030, "
        "nor big5 as the page declares"
    )


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        pytest.param(
            "<table><tr><td>a<td>b<tr><td>c<td>d</table>",
            [("a", 1, 1, 1, 1), ("b", 1, 2, 1, 1), ("c", 2, 1, 1, 1), ("d", 2, 2, 1, 1)],
            id="unclosed td and tr",
        ),
        pytest.param(
            "<table><tr><td>a</td><tr><td>b</td></table>",
            [("a", 1, 1, 1, 1), ("b", 2, 1, 1, 1)],
            id="missing </tr>",
        ),
        pytest.param(
            "<TABLE><TR><TD ROWSPAN=2>a</TD><TD>b</TD></TR><TR><TD>c</TD></TR></TABLE>",
            [("a", 1, 1, 2, 1), ("b", 1, 2, 1, 1), ("c", 2, 2, 1, 1)],
            id="uppercase tags",
        ),
        pytest.param(
            "<table><tr><td colspan=2 class=head>a</td></tr><tr><td>b<td>c</table>",
            [("a", 1, 1, 1, 2), ("b", 2, 1, 1, 1), ("c", 2, 2, 1, 1)],
            id="attributes without quotes",
        ),
        pytest.param(
            "</table><table><tr><td>a</td></tr></table></table></td>",
            [("a", 1, 1, 1, 1)],
            id="stray end tags",
        ),
        pytest.param(
            "<table><td>a</td><td>b</td></table>",
            [("a", 1, 1, 1, 1), ("b", 1, 2, 1, 1)],
            id="cells without a row",
        ),
        pytest.param(
            "<table><form action=x><tr><td>a</td></tr></form></table>",
            [("a", 1, 1, 1, 1)],
            id="rows inside a form",
        ),
        pytest.param(
            "<table><tr><td>&nbsp;&nbsp;≥85%&nbsp;</td><td>a&nbsp;&nbsp; b</td></tr></table>",
            [("≥85%", 1, 1, 1, 1), ("a b", 1, 2, 1, 1)],
            id="nbsp padding",
        ),
        pytest.param(
            "<table><tr><td>完成<br>养护<BR/>300公里<br></td><td>a<br><br>b</td></tr></table>",
            [("完成\n养护\n300公里", 1, 1, 1, 1), ("a\n\nb", 1, 2, 1, 1)],
            id="br in cells",
        ),
        pytest.param(
            "<table><tr><td>\n  <p>产出指标</p>\n  <p> 数量\n指标 </p><div>x</div>y</td></tr>"
            "</table>",
            [("产出指标\n数量 指标\nx\ny", 1, 1, 1, 1)],
            id="blocks in cells and source line breaks",
        ),
        pytest.param(
            "<table><tr><td>a<script>b()</script><style>.c{}</style><!-- d -->e</td></tr></table>",
            [("ae", 1, 1, 1, 1)],
            id="hidden content",
        ),
        pytest.param(
            "<table><tr><td>1 &lt; 2 &amp;&amp; &#x2265;5&#37;</td></tr></table>",
            [("1 < 2 && ≥5%", 1, 1, 1, 1)],
            id="character references",
        ),
        pytest.param(
            "<table><caption>表一</caption><tr><th>一级指标</th><td>产出指标</td></tr></table>",
            [("一级指标", 1, 1, 1, 1), ("产出指标", 1, 2, 1, 1)],
            id="th like td, caption not a cell",
        ),
    ],
)
def test_damaged_and_varied_markup(
    page: str, expected: list[tuple[str, int, int, int, int]]
) -> None:
    assert only(page) == expected


def test_rows_without_a_table_are_not_a_table() -> None:
    assert read_html("<tr><td>a</td></tr><td>b</td>") == []


def test_an_empty_page_has_no_tables() -> None:
    assert read_html("") == []
    assert read_html(b"") == []


def test_an_empty_table_is_counted() -> None:
    empty, form = read_html("<table></table><table><tr><td>a</td></tr></table>")
    assert empty == Grid("html", "1", [])
    assert form == Grid("html", "2", [Cell("a", 1, 1)])


def test_row_groups_in_order_and_rowspans_end_with_their_group() -> None:
    page = """<table>
    <thead><tr><th rowspan=3>h</th><th>i</th></tr></thead>
    <tbody><tr><td>a</td><td rowspan=0>b</td></tr><tr><td>c</td></tr><tr><td>d</td></tr></tbody>
    <tfoot><tr><td>f</td><td>g</td></tr></tfoot>
    </table>"""
    assert only(page) == [
        ("h", 1, 1, 1, 1),  # rowspan=3 in a one-row thead: one row
        ("i", 1, 2, 1, 1),
        ("a", 2, 1, 1, 1),
        ("b", 2, 2, 3, 1),  # rowspan=0: to the end of the tbody
        ("c", 3, 1, 1, 1),
        ("d", 4, 1, 1, 1),
        ("f", 5, 1, 1, 1),
        ("g", 5, 2, 1, 1),
    ]


def test_rows_outside_a_group_form_one_and_rowspan_zero_reaches_its_end() -> None:
    page = "<table><tr><td rowspan=0>a<td>b<tr><td>c<tbody><tr><td>d<td>e</table>"
    assert only(page) == [
        ("a", 1, 1, 2, 1),
        ("b", 1, 2, 1, 1),
        ("c", 2, 2, 1, 1),
        ("d", 3, 1, 1, 1),
        ("e", 3, 2, 1, 1),
    ]


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        pytest.param('rowspan="65535" colspan="65535"', (1, 1000), id="absurd"),
        pytest.param('rowspan="9" colspan="3"', (1, 3), id="rowspan past the last row"),
        pytest.param('rowspan="x" colspan=""', (1, 1), id="not numbers"),
        pytest.param('rowspan="-2" colspan="-1"', (1, 1), id="negative"),
        pytest.param('rowspan=" +1" colspan="2px"', (1, 2), id="leading space, plus, units"),
        pytest.param('colspan="0"', (1, 1), id="colspan zero"),
        pytest.param(f'rowspan="{"9" * 5000}" colspan="{"9" * 5000}"', (1, 1000), id="huge"),
    ],
)
def test_spans_are_read_as_html_reads_them(spans: str, expected: tuple[int, int]) -> None:
    assert only(f"<table><tr><td {spans}>a</td></tr></table>") == [("a", 1, 1, *expected)]


def test_a_rowspan_from_above_shifts_later_cells_right() -> None:
    page = """<table>
    <tr><td>a</td><td rowspan=2>b</td><td>c</td></tr>
    <tr><td>d</td><td>e</td></tr>
    <tr><td>f</td><td>g</td><td>h</td></tr>
    </table>"""
    assert only(page) == [
        ("a", 1, 1, 1, 1),
        ("b", 1, 2, 2, 1),
        ("c", 1, 3, 1, 1),
        ("d", 2, 1, 1, 1),
        ("e", 2, 3, 1, 1),  # column 2 is b's
        ("f", 3, 1, 1, 1),
        ("g", 3, 2, 1, 1),
        ("h", 3, 3, 1, 1),
    ]


def test_a_cell_spanning_into_a_covered_column_is_refused() -> None:
    page = "<table><tr><td>a</td><td rowspan=2>b</td></tr><tr><td colspan=2>c</td></tr></table>"
    with pytest.raises(GridError) as caught:
        read_html(page, name="form.html")
    assert str(caught.value) == (
        "form.html, table 1, row 2, column 2: two cells cover row 2, column 2: "
        "a cell spans into a column a cell above still covers"
    )
    assert caught.value.location == CellRange("html", "1", 2, 2)


def test_a_table_larger_than_a_form_may_be_is_refused() -> None:
    page = "<table>" + "<tr><td colspan=1000>x</td></tr>" * 2001 + "</table>"
    with pytest.raises(GridError) as caught:
        read_html(page, name="big.html")
    assert str(caught.value) == (
        "big.html: table 1 has at least 2,001 rows and 1,000 columns: with the page's other "
        f"tables, more than the {MAX_CELLS:,} cells a page may have"
    )


def test_tables_larger_than_a_form_in_all_are_refused() -> None:
    table = "<table>" + "<tr><td colspan=1000>x</td></tr>" * 700 + "</table>"
    assert len(read_html(table * 2)) == 2  # 1,400,000 positions
    with pytest.raises(GridError) as caught:
        read_html(table * 3, name="big.html")
    assert str(caught.value).startswith("big.html: table 3 has at least 601 rows and 1,000")


@pytest.mark.parametrize(
    "page",
    [
        pytest.param("<div>" * 10_000 + "x" + "</div>" * 10_000, id="10,000 divs"),
        pytest.param(
            "<table><tr><td>" * 10_000 + "x" + "</td></tr></table>" * 10_000, id="10,000 tables"
        ),
    ],
)
def test_nesting_past_the_parsers_limit_is_refused_not_cut(page: str) -> None:
    with pytest.raises(FormError) as caught:
        read_html(page, name="deep.html")
    assert str(caught.value) == (
        "deep.html: cannot read the page past line 1: Excessive depth in document: 256"
    )


def test_nested_tables_within_the_limit_are_each_a_grid() -> None:
    depth = 60  # three elements a level: 180 deep with html and body
    grids = read_html("<table><tr><td>" * depth + "x" + "</td></tr></table>" * depth)
    assert [grid.name for grid in grids] == [str(number) for number in range(1, depth + 1)]
    assert grids[:-1] == [Grid("html", str(n), [Cell("", 1, 1)]) for n in range(1, depth)]
    assert grids[-1] == Grid("html", str(depth), [Cell("x", 1, 1)])


def test_without_lxml_the_reader_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in [name for name in sys.modules if name == "lxml" or name.startswith("lxml.")]:
        monkeypatch.delitem(sys.modules, module)
    monkeypatch.setitem(sys.modules, "lxml", None)
    with pytest.raises(InputError) as caught:
        read_html("<table></table>")
    assert str(caught.value) == "reading HTML needs lxml: pip install 'perfindicator[html]'"


# Random grids: every position covered (an HTML table cannot leave a hole), merges that do
# not overlap, texts of Chinese, ASCII and markup characters, with line breaks.

_WORDS = st.text(alphabet="产出指标数量≥≤％%<>&\"'=;/ab01 ", min_size=0, max_size=6)


@st.composite
def cell_texts(draw: st.DrawFn) -> str:
    lines = draw(st.lists(_WORDS, min_size=1, max_size=3))
    # The text as a page shows it: spaces collapsed, each line stripped, no blank line first
    # or last.
    return "\n".join(" ".join(line.split()) for line in lines).strip("\n")


@settings(max_examples=300, deadline=None)
@given(tiled_grids("html", "1", cell_texts()))
def test_random_grids_round_trip(grid: Grid) -> None:
    assert read_html(to_html(grid)) == [grid]
