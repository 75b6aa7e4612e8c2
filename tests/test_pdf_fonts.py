"""PDFs printed with an embedded TrueType font, as budget systems print them with the fonts of
the machine they run on: reportlab embeds a subset of the font's glyphs with a ToUnicode map,
and the tables read cell for cell, lone Chinese characters included (which PDFium leaves out
of the text of a non-embedded CID font: tests/test_source_pdf.py).

The font is one of the Debian CJK TrueType fonts where one is installed; without one, the tests
skip and say which package to install (CI installs it when it can, .ci/run)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("pypdfium2", reason="reading PDFs needs pypdfium2 (the pdf extra)")
pytest.importorskip("reportlab", reason="the tests print their PDFs with reportlab")

import _pdfs
from _forms import SELF_EVALUATION_ROWS, TARGET_ROWS
from _office import TARGET_FORM
from perfindicator.forms.column_form import read_grids
from perfindicator.model.location import PageBoxes
from perfindicator.sources.grid import Cell, Grid
from perfindicator.sources.pdf import read_pdf

#: CJK fonts with TrueType outlines (reportlab reads no CFF outlines, as Noto CJK has) that
#: Debian packages install, the first one found printing the tests' PDFs.
FONTS = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "fonts-wqy-microhei"),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "fonts-wqy-zenhei"),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", "fonts-arphic-uming"),
    ("/usr/share/fonts/truetype/arphic/ukai.ttc", "fonts-arphic-ukai"),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", "fonts-droid-fallback"),
)
#: The name the font is registered under with reportlab.
NAME = "EmbeddedCJK"

#: A lone Chinese character in a cell, beside cells of several.
LONE = Grid.from_rows("text", "1", [["三级指标", "指标值", "是否达成"], ["养护里程", "是", "否"]])
#: 服务对象满意度指标 wraps after five characters in a column five characters wide.
WRAPPED = Grid.from_rows("text", "1", [["三级指标", "指标值"], ["服务对象满意度指标", "≥90%"]])
GOAL = "完成县乡道养护300公里；\n路况优良率不低于85%。"
#: A goal of two lines, the first ended short of the cell's side.
SHORT = Grid("text", "1", [Cell("年度目标", 1, 1), Cell(GOAL, 1, 2)])

PRINTED = [TARGET_FORM, LONE, WRAPPED, SHORT, _pdfs.long_grid()] + [
    Grid.from_rows("text", "1", rows) for rows in (TARGET_ROWS, SELF_EVALUATION_ROWS)
]


@pytest.fixture(scope="module")
def font() -> str:
    """The first installed font of ``FONTS`` that reportlab reads and that has a glyph for
    every character the tests print, registered as ``NAME``."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    printed = {ord(char) for grid in PRINTED for cell in grid.cells for char in cell.text}
    printed -= {ord("\n")}
    for path, _ in FONTS:
        if not Path(path).is_file():
            continue
        try:
            made = TTFont(NAME, path, subfontIndex=0)
        except TTFError:
            continue  # outlines reportlab does not read
        if printed <= made.face.charToGlyph.keys():
            pdfmetrics.registerFont(made)
            return NAME
    pytest.skip(
        "no CJK TrueType font is installed to embed in the PDFs printed: on Debian or Ubuntu, "
        "apt-get install fonts-wqy-microhei (looked for "
        + ", ".join(f"{path} of {package}" for path, package in FONTS)
        + ")"
    )


def _one(data: bytes) -> Grid:
    (grid,) = read_pdf(data, name="form.pdf")
    return grid


def _texts(grid: Grid) -> list[list[str]]:
    """Every position's text, row by row, '' where no cell stands."""
    return [[cell.text if cell else "" for cell in row] for row in grid.matrix()]


def test_the_font_is_embedded_as_a_subset_with_a_unicode_map(font: str) -> None:
    data = _pdfs.to_pdf([LONE], font=font)
    assert re.search(rb"/BaseFont /[A-Z]{6}\+", data), "a subset's name: six letters and +"
    assert b"/FontFile2" in data  # the glyphs of a TrueType font, embedded
    assert b"/ToUnicode" in data
    assert _pdfs.FONT.encode() not in data


def test_a_form_with_merged_cells_reads_cell_for_cell(font: str) -> None:
    assert _one(_pdfs.to_pdf([TARGET_FORM], font=font)).cells == TARGET_FORM.cells


@pytest.mark.parametrize("rows", [TARGET_ROWS, SELF_EVALUATION_ROWS], ids=["target", "self"])
def test_the_forms_read_cell_for_cell_and_as_the_same_document(
    font: str, rows: list[list[str]]
) -> None:
    printed = Grid.from_rows("text", "1", rows)
    grid = _one(_pdfs.to_pdf([printed], font=font))
    # The rows are ragged; the PDF's table has a cell at every position, empty past a row's end.
    assert _texts(grid) == _texts(printed)
    from_pdf, from_rows = read_grids([grid]), read_grids([printed])
    assert from_pdf.projects == from_rows.projects
    assert (from_pdf.form, from_pdf.title, from_pdf.year) == (
        from_rows.form,
        from_rows.title,
        from_rows.year,
    )
    for indicator in from_pdf.indicators:
        assert isinstance(indicator.location, PageBoxes)
        assert {box.page for box in indicator.location.boxes} == {1}


def test_a_lone_chinese_character_is_read(font: str) -> None:
    grid = _one(_pdfs.to_pdf([LONE], font=font))
    assert [cell.text for cell in grid.cells] == [
        "三级指标",
        "指标值",
        "是否达成",
        "养护里程",
        "是",
        "否",
    ]


def test_text_wrapping_in_a_narrow_column_is_joined(font: str) -> None:
    from reportlab.pdfbase import pdfmetrics

    widths = [5 * 9 + 14, 60]  # five characters of 9 points and the cell's padding of 6 a side
    assert pdfmetrics.stringWidth("服务对象满意度指标", font, 9) > 5 * 9 + 12  # so it wraps
    grid = _one(_pdfs.to_pdf([WRAPPED], widths=widths, font=font))
    assert [cell.text for cell in grid.cells] == [
        "三级指标",
        "指标值",
        "服务对象满意度指标",
        "≥90%",
    ]


def test_a_line_ended_short_stays_a_line_of_its_own(font: str) -> None:
    grid = _one(_pdfs.to_pdf([SHORT], widths=[60, 300], font=font))
    assert [cell.text for cell in grid.cells] == ["年度目标", GOAL]


def test_a_table_continues_over_pages_under_its_repeated_header(font: str) -> None:
    printed = _pdfs.long_grid()
    grid = _one(_pdfs.to_pdf([printed], repeat_rows=1, font=font))
    assert grid.cells == printed.cells
    assert {cell.boxes[0].page for cell in grid.cells} == {1, 2}


def test_a_page_turned_for_display_is_read(font: str) -> None:
    # A non-embedded CID font's text on a turned page is refused (PDFium cannot decode it).
    assert _one(_pdfs.turned_pdf(TARGET_FORM, font=font)).cells == TARGET_FORM.cells
