"""Titles printed outside the grid: a web page's ``<caption>`` and the headings and paragraphs
just above a table (``Grid.title``), and the title lines above a pasted table, carried into the
document's title, year and currency."""

from __future__ import annotations

import pytest

from _forms import SELF_EVALUATION_ROWS
from _grids import to_html
from perfindicator.forms.column_form import read_grids
from perfindicator.model.document import Document
from perfindicator.sources.grid import Grid, title_lines
from perfindicator.sources.pasted import read_pasted

#: The self-evaluation without its two title rows (项目支出绩效自评表, （2023年度）), which the
#: page prints outside the table, nor its money rows (项目资金（万元）, which name the currency).
#: Rows padded to the grid's width, as a web page's table is.
ROWS = [row + [""] * (9 - len(row)) for row in SELF_EVALUATION_ROWS[2:4] + SELF_EVALUATION_ROWS[8:]]
TABLE = to_html(Grid.from_rows("html", "1", ROWS))


def _page(body: str) -> Document:
    pytest.importorskip("lxml", reason="reading HTML needs lxml (the html extra)")
    from perfindicator.sources.html import read_html

    return read_grids(read_html(f"<html><body>{body}</body></html>"), file="page.html")


def _said(document: Document) -> tuple[str | None, int | None, str | None, str]:
    return document.title, document.year, document.currency, document.form


def test_the_table_alone_has_no_title() -> None:
    assert _said(_page(TABLE)) == (None, None, None, "self-evaluation")


def test_headings_and_paragraphs_above_the_table() -> None:
    page = (
        "<p>首页 &gt; 信息公开 &gt; 预决算公开</p><div>发布时间：2024年3月1日</div>"
        "<h2>项目支出绩效自评表</h2><p>（2023年度）</p><p>单位：万元</p>" + TABLE
    )
    # The publication date is not the form's year: the year is its own line's.
    assert _said(_page(page)) == ("项目支出绩效自评表", 2023, "万元", "self-evaluation")


def test_a_caption() -> None:
    table = TABLE.replace(
        "<table>", "<table><caption>2023年度项目支出绩效自评表<br>单位：万元</caption>"
    )
    assert _said(_page(table)) == ("2023年度项目支出绩效自评表", 2023, "万元", "self-evaluation")


def test_the_caption_is_nearer_than_the_heading_above() -> None:
    table = TABLE.replace("<table>", "<table><caption>部门整体支出绩效自评表</caption>")
    document = _page("<h1>项目支出绩效自评表</h1>" + table)
    assert _said(document) == ("部门整体支出绩效自评表", None, None, "department-self-evaluation")


def test_lines_that_are_not_a_title_are_passed_over() -> None:
    # 附表2 names no 绩效; a paragraph of more than 60 characters ends the lines looked at.
    page = "<h2>项目支出绩效自评表</h2><p>" + "说明" * 31 + "</p><p>附表2</p>" + TABLE
    assert _said(_page(page)) == (None, None, None, "self-evaluation")


def test_a_form_inside_a_layout_table() -> None:
    page = (
        "<h2>项目支出绩效自评表</h2><table><tr><td>导航</td><td><p>（2023年度）</p>"
        + TABLE
        + "</td></tr></table>"
    )
    assert _said(_page(page)) == ("项目支出绩效自评表", 2023, None, "self-evaluation")


def test_text_after_a_table_is_not_the_next_tables_title_once_it_is_far() -> None:
    pytest.importorskip("lxml", reason="reading HTML needs lxml (the html extra)")
    from perfindicator.sources.html import read_html

    grids = read_html(
        "<h2>甲表</h2><table><tr><td>a</td></tr></table><p>乙</p><table><tr><td>b</td></tr></table>"
    )
    assert [grid.title for grid in grids] == [("甲表",), ("乙",)]


def test_the_grid_title_defaults_to_none() -> None:
    assert Grid.from_rows("text", "1", [["a"]]).title == ()


def test_title_lines_above_a_pasted_table() -> None:
    text = "项目支出绩效自评表\n（2023年度）\n单位：万元\n" + "".join(
        "\t".join(row) + "\n" for row in ROWS
    )
    document = read_grids([read_pasted(text)])
    assert _said(document) == ("项目支出绩效自评表", 2023, "万元", "self-evaluation")


def test_title_lines_are_the_last_short_lines() -> None:
    lines = [
        "首页",
        "说明" * 31,
        "附件2",
        "",
        "项目支出绩效自评表",
        " （2023年度） ",
        "单位：万元",
        "表1",
    ]
    # The last four, stripped; blank lines are not counted.
    assert title_lines(lines) == ("项目支出绩效自评表", "（2023年度）", "单位：万元", "表1")
    assert title_lines(["说明" * 31, "附件2"]) == ("附件2",)
    assert title_lines([]) == ()


def test_paragraphs_above_a_word_table() -> None:
    pytest.importorskip("docx", reason="reading .docx needs python-docx (the word extra)")
    from _office import to_docx
    from perfindicator.sources.word import read_docx

    above = ("项目支出绩效自评表", "（2023年度）", "单位：万元")
    grid = Grid("docx", "1", Grid.from_rows("docx", "1", ROWS).cells, title=above)
    (read,) = read_docx(to_docx([grid]))
    assert read.title == above
    assert _said(read_grids([read])) == ("项目支出绩效自评表", 2023, "万元", "self-evaluation")


@pytest.mark.parametrize(
    "above",
    [
        ("项 目 支 出 绩 效 自 评 表", "（2023年度）", "单位：万元"),
        ("项目支出绩效自评表", "（2023年度）　　单位：万元"),
        ("项目支出绩效自评表", "金额单位：万元　（2023年度）"),
        ("项目支出绩效自评表", "填报单位：市档案局　　（2023年度）　　单位：万元"),
        ("项目支出绩效自评表", "填报单位（盖章）：市档案局 2023年度 金额单位：万元"),
        ("项目支出绩效自评表", "（2023 年度）", "单位：万元"),
    ],
    ids=[
        "title-printed-with-spaces",
        "year-then-currency",
        "currency-then-year",
        "year-between-department-and-currency",
        "year-unbracketed-between-gaps",
        "year-with-a-space",
    ],
)
def test_a_spaced_title_and_a_year_beside_the_currency(above: tuple[str, ...]) -> None:
    """Lines above a PDF's table: a title printed with a space between its characters is the
    title; a year sharing its line with 单位：万元 is the form's year."""
    grid = Grid("pdf", "1", Grid.from_rows("pdf", "1", ROWS).cells, title=above)
    document = read_grids([grid], file="form.pdf")
    assert _said(document) == ("项目支出绩效自评表", 2023, "万元", "self-evaluation")


def test_a_date_beside_the_department_is_not_the_year() -> None:
    """Only a piece that says 年度 is the form's year: 2024年 between gaps is a date's."""
    above = ("项目支出绩效自评表", "填报单位：市档案局　　填报日期：2024年 3月 1日")
    grid = Grid("pdf", "1", Grid.from_rows("pdf", "1", ROWS).cells, title=above)
    document = read_grids([grid], file="form.pdf")
    assert _said(document) == ("项目支出绩效自评表", None, None, "self-evaluation")
