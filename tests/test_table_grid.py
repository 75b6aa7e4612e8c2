"""The 项目支出绩效目标表 layout read from cells (``forms/table_grid.py``): a grid of a web page,
a workbook or a PDF's ruled table gives the table ``parse_table`` gives from the same table's
text, each amount from its own column, each indicator with its cell's place."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from perfindicator import FormError, parse_table
from perfindicator.forms.column_form import read_grids
from perfindicator.forms.table_grid import find_table_grid
from perfindicator.model.document import Amounts, TargetTable
from perfindicator.model.location import CellRange, PageBoxes
from perfindicator.model.values import IndicatorRow
from perfindicator.sources.grid import Cell, Grid

CORPUS = Path(__file__).parent / "corpus" / "baiyun-office-targets.txt"
HEADING = [
    "项目名称（资金使用单位）",
    "总计",
    "财政拨款",
    "财政专户拨款",
    "其他资金",
    "绩效目标",
    "绩效指标",
]
CARS = (
    "1、1-产出指标；11-数量指标；新购置小车数量；实施周期指标值:1辆；年度指标值:1辆。"
    "2、3-满意度指标；31-服务对象满意度指标；干部满意度；实施周期指标值:≥90%；年度指标值:≥90%。"
)
ARCHIVE = (
    "1、1-产出指标；11-数量指标；档案整理数量；实施周期指标值:20-35卷；年度指标值:不低于20卷。"
)


def _grid(rows: list[list[str]], title: tuple[str, ...] = ()) -> Grid:
    return attrs.evolve(Grid.from_rows("html", "1", rows), title=title)


def _plain(table: TargetTable) -> list[Any]:
    """What a table says, without where each indicator was read (a grid's cells, a text's
    characters)."""
    return [
        table.title,
        table.department,
        table.currency,
        table.total,
        [(unit.name, unit.amounts) for unit in table.units],
        [
            (p.name, p.amounts, p.goal, [attrs.evolve(i, row=None) for i in p.indicators])
            for p in table.projects
        ],
    ]


SMALL = [
    HEADING,
    ["合计", "68.00", "48.00", "", "20.00", "", ""],
    ["某区人民政府办公室", "68.00", "48.00", "", "20.00", "", ""],
    ["公务用车购置费", "18.00", "18.00", "", "", "更新一辆新能源公务用车。", CARS],
    ["档案整理", "50.00", "30.00", "", "20.00", "完成档案整理。", ARCHIVE],
]
HEAD = ("项目支出绩效目标表", "部门名称：某区人民政府办公室 (部门) 单位：万元")


def test_the_layout_in_cells_reads_as_its_text() -> None:
    """The same table as text (one row a line, the goal and the block on lines of their own)
    and as cells: the same units, projects, amounts and indicators."""
    text = "\n".join(
        [
            *HEAD,
            "项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标",
            "合计 68.00 48.00 20.00",
            "某区人民政府办公室 68.00 48.00 20.00",
            "    公务用车购置费 18.00 18.00",
            "更新一辆新能源公务用车。",
            CARS,
            "    档案整理 50.00 30.00 20.00",
            "完成档案整理。",
            ARCHIVE,
        ]
    )
    # The text layout reads a third figure as 财政专户拨款's: so do these cells.
    special = [HEADING] + [[*row[:3], row[4], "", *row[5:]] for row in SMALL[1:]]
    document = read_grids([_grid(special, HEAD)], file="t.html", format="html")
    assert document.form == "target-table"
    assert (document.title, document.department, document.currency) == (
        *HEAD[:1],
        "某区人民政府办公室",
        "万元",
    )
    assert document.table is not None
    assert _plain(document.table) == _plain(parse_table(text))


def test_amounts_stay_in_their_own_columns() -> None:
    """An amount under 其他资金 with 财政专户拨款 empty is 其他资金's: nothing fills from the left
    (the text layout cannot tell, and reads 20.00 as the third figure: 财政专户拨款)."""
    document = read_grids([_grid(SMALL, HEAD)])
    archive = document.projects[1]
    assert archive.amounts == Amounts(total=Decimal(50), fiscal=Decimal(30), other=Decimal(20))
    assert archive.amounts.fiscal_special is None
    assert document.table is not None
    assert document.table.total == Amounts(total=Decimal(68), fiscal=Decimal(48), other=Decimal(20))
    (unit,) = document.table.units
    assert (unit.name, [p.name for p in unit.projects]) == (
        "某区人民政府办公室",
        ["公务用车购置费", "档案整理"],
    )
    cars = document.projects[0]
    assert [(i.number, i.name, str(i.annual)) for i in cars.indicators] == [
        (1, "新购置小车数量", "1辆"),
        (2, "干部满意度", "≥90%"),
    ]
    archive_item = archive.indicators[0]
    assert (str(archive_item.period), str(archive_item.annual)) == ("20-35卷", "≥20卷")


def test_each_indicator_keeps_its_cell_and_each_row_its_place() -> None:
    document = read_grids([_grid(SMALL, HEAD)], file="t.html")
    cars = document.projects[0]
    for indicator in cars.indicators:
        assert indicator.row == IndicatorRow()  # nothing but its place beside the notation
        assert indicator.location == CellRange("html", "1", 4, 7)
    assert document.projects[1].indicators[0].location == CellRange("html", "1", 5, 7)
    assert document.to_dict()["projects"][0]["indicators"][0]["location"] == {
        "kind": "html",
        "table": "1",
        "row": 4,
        "column": 7,
        "last_row": 4,
        "last_column": 7,
    }


def test_a_project_split_over_a_page_break_is_joined() -> None:
    """A PDF gives the rest of a row split over a page break as a row with no name and no
    amounts: its goal and its indicators are the project's above."""
    first, second = CARS.split("2、")
    rows = [
        HEADING,
        ["公务用车购置费", "18.00", "18.00", "", "", "更新一辆新能源", first],
        ["", "", "", "", "", "公务用车。", "2、" + second],
        ["档案整理", "50.00", "30.00", "", "20.00", "完成档案整理。", ARCHIVE],
    ]
    document = read_grids([_grid(rows)], file="t.html")
    cars, archive = document.projects
    assert cars.goal == "更新一辆新能源公务用车。"
    assert [i.name for i in cars.indicators] == ["新购置小车数量", "干部满意度"]
    assert cars.indicators[1].location == CellRange("html", "1", 2, 7, 3, 7)
    assert archive.amounts.other == Decimal(20)


def test_amount_headings_under_a_merged_cell_and_a_repeated_heading_row() -> None:
    """资金（万元） merged over the four amount columns, their headings on the row below; the
    heading row printed again further down (a workbook's next page) is no project."""
    cells = [
        Cell("项目名称", 1, 1, rows=2),
        Cell("资金（万元）", 1, 2, columns=4),
        Cell("绩效目标", 1, 6, rows=2),
        Cell("绩效指标", 1, 7, rows=2),
        *(Cell(text, 2, column) for column, text in enumerate(HEADING[1:5], start=2)),
        *(Cell(text, 3, column) for column, text in enumerate(SMALL[3], start=1)),
        *(Cell(text, 4, column) for column, text in enumerate(HEADING, start=1)),
        *(Cell(text, 5, column) for column, text in enumerate(SMALL[4], start=1)),
    ]
    document = read_grids([Grid("xlsx", "Sheet1", cells)])
    assert [(p.name, p.amounts) for p in document.projects] == [
        ("公务用车购置费", Amounts(total=Decimal(18), fiscal=Decimal(18))),
        ("档案整理", Amounts(total=Decimal(50), fiscal=Decimal(30), other=Decimal(20))),
    ]
    assert document.table is not None
    assert [unit.name for unit in document.table.units] == [None]


def test_an_amount_that_is_no_figure_is_an_error_at_its_cell() -> None:
    rows = [HEADING, ["公务用车购置费", "18.00", "十八", "", "", "更新。", CARS]]
    with pytest.raises(FormError) as raised:
        read_grids([_grid(rows)], file="t.html")
    assert str(raised.value) == (
        "t.html, table 1, row 2, column 3: expected an amount under 财政拨款, found '十八'"
    )
    document = read_grids([_grid(rows)], file="t.html", recover=True)
    (project,) = document.projects
    assert project.amounts == Amounts(total=Decimal(18))
    assert [str(error) for error in document.errors] == [str(raised.value)]


def test_indicators_that_do_not_read_are_an_error_at_their_cell() -> None:
    rows = [HEADING, ["公务用车购置费", "18.00", "18.00", "", "", "更新。", "1、购置小车"]]
    with pytest.raises(FormError) as raised:
        read_grids([_grid(rows)], file="t.html")
    message = str(raised.value)
    assert message.startswith(
        "t.html, table 1, row 2, column 7: the indicators of '公务用车购置费' do not read at"
    )
    rows[1][6] = CARS + "3、购置小车"
    document = read_grids([_grid(rows)], file="t.html", recover=True)
    assert [i.name for i in document.projects[0].indicators] == ["新购置小车数量", "干部满意度"]
    (error,) = document.errors
    assert isinstance(error, FormError)
    assert error.location == CellRange("html", "1", 2, 7)


def test_amounts_without_a_name_are_refused() -> None:
    rows = [HEADING, ["", "18.00", "18.00", "", "", "", ""]]
    with pytest.raises(FormError, match=r"row 2, columns 2–3: amounts with no name"):
        read_grids([_grid(rows)], file="t.html")


def test_a_column_form_grid_is_not_taken_for_the_layout() -> None:
    """A grid under a 绩效指标 heading whose row below holds 一级指标 … 指标值 is a column form."""
    cells = [
        Cell("项目名称", 1, 1),
        Cell("资金总额", 1, 2),
        Cell("绩效指标", 1, 3, columns=4),
        Cell("一级指标", 2, 3),
        Cell("二级指标", 2, 4),
        Cell("三级指标", 2, 5),
        Cell("指标值", 2, 6),
        Cell("农村公路养护", 3, 1),
        Cell("120", 3, 2),
        Cell("产出指标", 3, 3),
        Cell("数量指标", 3, 4),
        Cell("养护里程", 3, 5),
        Cell("≥300公里", 3, 6),
    ]
    assert find_table_grid(Grid("html", "1", cells)) is None


# --- The sample table printed as a PDF --------------------------------------------------------


def _sample_rows(text: str, table: TargetTable) -> list[list[str]]:
    """The sample table's rows as its cells print them: each name and goal as read, each amount
    with its two decimals, each project's indicators as the text printed them (the items'
    characters, its line breaks left for the cell to wrap)."""

    def figures(amounts: Amounts) -> list[str]:
        found = [amounts.total, amounts.fiscal, amounts.fiscal_special, amounts.other]
        return ["" if amount is None else f"{amount:.2f}" for amount in found]

    rows = [HEADING, ["合计", *figures(table.total), "", ""]]
    for unit in table.units:
        assert unit.name is not None
        rows.append([unit.name, *figures(unit.amounts), "", ""])
        for project in unit.projects:
            block = "".join(text[i.span[0] : i.span[1]] for i in project.indicators)
            rows.append(
                [project.name, *figures(project.amounts), project.goal, block.replace("\n", "")]
            )
    return rows


def test_the_sample_table_printed_as_a_pdf_reads_as_parse_table_reads_its_text() -> None:
    pytest.importorskip("pypdfium2", reason="reading PDFs needs pypdfium2 (the pdf extra)")
    pytest.importorskip("reportlab", reason="the tests print their PDFs with reportlab")
    import _pdfs
    from perfindicator.forms.read import read_data

    text = CORPUS.read_text(encoding="utf-8")
    expected = parse_table(text)
    title, department = [line for line in text.splitlines() if line.strip()][:2]
    grid = Grid.from_rows("text", "1", _sample_rows(text, expected))
    data = _pdfs.to_pdf(
        [grid],
        above=[[title, department]],
        # Amount columns wide enough for 财政拨款 on one line: a character left alone on a line
        # of reportlab's non-embedded font is lost by PDFium (tests/test_source_pdf.py).
        widths=[100, 50, 50, 50, 50, 150, 230],
        repeat_rows=1,
    )
    document = read_data(data, name="sample.pdf")
    assert (document.form, document.format) == ("target-table", "pdf")
    assert document.table is not None
    assert _plain(document.table) == _plain(expected)
    assert document.table.units[0].name == "广州市白云区人民政府办公室"
    pages = set()
    for indicator in document.indicators:
        assert isinstance(indicator.location, PageBoxes)
        pages.update(box.page for box in indicator.location.boxes)
    assert len(pages) > 1  # the table runs over pages: each cell is placed on its own


def test_a_project_row_split_over_a_page_break_in_a_pdf_is_one_project() -> None:
    """A row taller than what is left of its page, split by the printer (reportlab's
    ``splitInRow``): the rest of its indicators on the next page are the same project's, and
    their cell's boxes are on both pages."""
    pytest.importorskip("pypdfium2", reason="reading PDFs needs pypdfium2 (the pdf extra)")
    pytest.importorskip("reportlab", reason="the tests print their PDFs with reportlab")
    import io

    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate

    import _pdfs
    from perfindicator.forms.read import read_data

    many = "".join(
        f"{n}、1-产出指标；11-数量指标；档案整理数量{n}；实施周期指标值:{n}0卷；年度指标值:{n}卷。"
        for n in range(1, 41)
    )
    rows = [
        HEADING,
        ["档案整理", "10.00", "10.00", "", "", "完成整理。", many],
        ["公务用车购置费", "18.00", "", "", "18.00", "更新一辆新能源公务用车。", CARS],
    ]
    table = _pdfs.table(Grid.from_rows("text", "1", rows), widths=[100, 50, 50, 50, 50, 150, 230])
    table.splitInRow = 1
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=landscape(A4)).build([table])
    document = read_data(out.getvalue(), name="split.pdf")
    archive, cars = document.projects
    assert [(i.number, i.name, str(i.annual)) for i in archive.indicators] == [
        (n, f"档案整理数量{n}", f"{n}卷") for n in range(1, 41)
    ]
    location = archive.indicators[0].location
    assert isinstance(location, PageBoxes)
    assert [box.page for box in location.boxes] == [1, 2]
    assert cars.amounts == Amounts(total=Decimal(18), other=Decimal(18))
    # The rows of the CSV give the indicator's boxes on both pages: the 绩效指标 column runs
    # from 450 points right of the table's left side (centred on the landscape page: 841.89
    # wide, the table 680) to the table's right side.
    from perfindicator.model.views import rows

    first = next(rows("split.pdf", document))
    parts = [part.split(": ") for part in first["boxes"].split("; ")]
    assert [page for page, _ in parts] == ["page 1", "page 2"]
    left = (841.89 - 680) / 2
    for _, edges in parts:
        x0, top, x1, bottom = map(float, edges.split())
        assert (x0, x1) == (
            pytest.approx(left + 450, abs=0.01),
            pytest.approx(left + 680, abs=0.01),
        )
        assert top < bottom


def test_a_page_of_the_layout_with_its_heading_row_printed_again_reads_alone() -> None:
    """``read(pages=…)`` from the second page of a table whose heading row is printed on every
    page: that page's projects, without the head (title, department) printed on the first."""
    pytest.importorskip("pypdfium2", reason="reading PDFs needs pypdfium2 (the pdf extra)")
    pytest.importorskip("reportlab", reason="the tests print their PDFs with reportlab")
    import _pdfs
    from perfindicator.forms.read import read_data

    rows = [
        HEADING,
        *([f"项目{n}", "10.00", "10.00", "", "", "完成整理。", ARCHIVE] for n in range(60)),
    ]
    data = _pdfs.to_pdf(
        [_grid(rows)], above=[list(HEAD)], repeat_rows=1, widths=[100, 50, 50, 50, 50, 150, 230]
    )
    whole = read_data(data, name="t.pdf")
    assert [p.name for p in whole.projects] == [f"项目{n}" for n in range(60)]
    second = read_data(data, name="t.pdf", pages=[2])
    on_page_2 = [
        p.name
        for p in whole.projects
        if isinstance(p.location, PageBoxes) and p.location.boxes[0].page == 2
    ]
    assert on_page_2
    assert [p.name for p in second.projects] == on_page_2
    assert (second.title, second.department) == (None, None)


def test_a_heading_row_run_together_with_the_row_below_is_refused() -> None:
    """Printed again with no rule under it, the heading row and the row below share cells
    (项目名称（资金使用单位）\\n…): an error at them, and with recovery no project named after
    the heading."""
    rows = [
        HEADING,
        SMALL[3],
        [
            f"{HEADING[0]}\n档案整理",
            "总计\n50.00",
            "财政拨款\n30.00",
            "财政专户拨款",
            "其他资金\n20.00",
            "绩效目标",
            "绩效指标\n" + ARCHIVE,
        ],
    ]
    with pytest.raises(FormError, match=r"row 3, columns 1–7: the heading row printed again"):
        read_grids([_grid(rows)], file="t.html")
    document = read_grids([_grid(rows)], file="t.html", recover=True)
    assert [p.name for p in document.projects] == ["公务用车购置费"]
    assert len(document.errors) == 1
