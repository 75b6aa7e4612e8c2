"""PDF pages as grids: ruled tables printed in the test (tests/_pdfs.py) read back cell for
cell, merged cells as spans, wrapped text joined, tables continued over pages, furniture left
out; and the PDFs that cannot be read refused, saying why."""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable
from typing import Any

import pytest

pytest.importorskip("pypdfium2", reason="reading PDFs needs pypdfium2 (the pdf extra)")
pytest.importorskip("reportlab", reason="the tests print their PDFs with reportlab")

import _pdfs
from _forms import SELF_EVALUATION_ROWS, TARGET_ROWS
from _office import TARGET_FORM
from perfindicator.forms.column_form import read_grids
from perfindicator.model.errors import FormError
from perfindicator.model.location import Box, PageBoxes
from perfindicator.sources.files import InputError
from perfindicator.sources.grid import Cell, Grid
from perfindicator.sources.pasted import read_pasted
from perfindicator.sources.pdf import read_pdf

#: Where reportlab's SimpleDocTemplate puts a table on an A4 page: inside margins of 72 points
#: and its frame's padding of 6, centred across the frame.
TOP = 72 + 6
FRAME = (72 + 6, 595.2756 - 72 - 6)


def _tsv(rows: list[list[str]]) -> str:
    return "".join("\t".join(row) + "\n" for row in rows)


def _edges(box: Box) -> tuple[float, ...]:
    return (box.page, box.x0, box.top, box.x1, box.bottom)


def _one(data: bytes) -> Grid:
    (grid,) = read_pdf(data, name="form.pdf")
    return grid


# --- Cells ------------------------------------------------------------------------------------


def test_a_form_with_merged_cells_reads_cell_for_cell() -> None:
    grid = _one(_pdfs.to_pdf([TARGET_FORM]))
    assert (grid.kind, grid.name) == ("pdf", "1")
    assert grid.cells == TARGET_FORM.cells


def test_every_cell_carries_its_box_on_its_page() -> None:
    widths = _pdfs.natural_widths(TARGET_FORM)
    left = FRAME[0] + (FRAME[1] - FRAME[0] - sum(widths)) / 2
    grid = _one(_pdfs.to_pdf([TARGET_FORM]))
    title, name, group = grid.cells[0], grid.cells[1], grid.cells[5]
    # The title's two lines make its row 2 × 11.7 + 6 high; it spans all five columns.
    assert [_edges(box) for box in title.boxes] == [
        pytest.approx((1, left, TOP, left + sum(widths), TOP + 29.4), abs=0.01)
    ]
    below = TOP + 29.4
    assert [_edges(box)[:4] for box in name.boxes] == [
        pytest.approx((1, left, below, left + widths[0]), abs=0.01)
    ]
    # 绩效指标, over the six rows below, starts where 项目名称's row ends.
    assert group.text == "绩效指标"
    assert group.boxes[0].top == name.boxes[0].bottom > below + 11.7
    assert grid.location([name]) == PageBoxes(name.boxes)
    assert str(grid.location([name])) == "page 1"


@pytest.mark.parametrize("rows", [TARGET_ROWS, SELF_EVALUATION_ROWS], ids=["target", "self"])
def test_the_forms_read_as_their_pasted_cells(rows: list[list[str]]) -> None:
    from_pdf = read_grids(read_pdf(_pdfs.to_pdf([Grid.from_rows("text", "1", rows)])))
    pasted = read_grids([read_pasted(_tsv(rows))])
    assert from_pdf.projects == pasted.projects
    assert (from_pdf.form, from_pdf.title, from_pdf.year) == (
        pasted.form,
        pasted.title,
        pasted.year,
    )
    boxes = from_pdf.indicators[0].location
    assert isinstance(boxes, PageBoxes)
    assert {box.page for box in boxes.boxes} == {1}


def test_text_wrapping_in_a_narrow_column_is_joined() -> None:
    grid = Grid(
        "text",
        "1",
        [
            Cell("三级指标", 1, 1),
            Cell("指标值", 1, 2),
            Cell("服务对象满意度指标", 2, 1),
            Cell("≥90%", 2, 2),
        ],
    )
    # Five characters fit on a line of the first column: 服务对象满 / 意度指标.
    data = _pdfs.to_pdf([grid], widths=[5 * 9 + 14, 60])
    assert [cell.text for cell in _one(data).cells] == [
        "三级指标",
        "指标值",
        "服务对象满意度指标",
        "≥90%",
    ]


def test_a_line_ended_short_stays_a_line_of_its_own() -> None:
    goal = "完成县乡道养护300公里；\n路况优良率不低于85%。"
    grid = Grid("text", "1", [Cell("年度目标", 1, 1), Cell(goal, 1, 2)])
    assert [cell.text for cell in _one(_pdfs.to_pdf([grid], widths=[60, 300])).cells] == [
        "年度目标",
        goal,
    ]


# --- Pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("repeat", [0, 1], ids=["header-once", "header-repeated"])
def test_a_table_continues_over_pages_as_one_grid(repeat: int) -> None:
    grid = _pdfs.long_grid()
    header = Grid.from_rows("text", "1", [["项目名称", "农村公路养护"]])
    data = _pdfs.to_pdf([header, grid], above=[["项目支出绩效目标表"]], repeat_rows=repeat)
    first, second = read_pdf(data)
    assert first.cells == header.cells
    assert first.title == ("项目支出绩效目标表",)
    assert second.cells == grid.cells
    pages = [cell.boxes[0].page for cell in second.cells]
    assert pages == sorted(pages)
    assert set(pages) == {1, 2}
    # The second page starts inside a group: its first row's level and category cells are
    # empty, and the form reader carries them down.
    top = min(cell.row for cell in second.cells if cell.boxes[0].page == 2)
    assert [cell.text for cell in second.cells if cell.row == top][:2] == ["", ""]
    from_pdf = read_grids([first, second])
    pasted = read_grids(
        [read_pasted(_tsv([["项目名称", "农村公路养护"]])), read_pasted(_grid_tsv(grid))]
    )
    assert from_pdf.projects == pasted.projects
    assert len(from_pdf.indicators) == 50


def _grid_tsv(grid: Grid) -> str:
    rows: dict[int, list[str]] = {}
    for cell in grid.cells:
        rows.setdefault(cell.row, []).append(cell.text)
    return _tsv([rows[row] for row in sorted(rows)])


def test_a_running_head_and_foot_on_every_page_do_not_end_the_table() -> None:
    grid = _pdfs.long_grid()
    data = _pdfs.to_pdf(
        [grid],
        above=[["项目支出绩效目标表"]],
        running_head="某县2023年部门预算",
        running_foot="某县财政局公开",  # below the table on page 1: furniture, on both pages
    )
    (read,) = read_pdf(data)
    assert read.cells == grid.cells
    assert read.title == ("某县2023年部门预算", "项目支出绩效目标表")


def test_a_table_on_the_next_page_under_a_title_of_its_own_is_another_table() -> None:
    first = Grid.from_rows("text", "1", [["一级指标", "指标值"], ["产出指标", "5个"]])
    second = Grid.from_rows("text", "1", [["一级指标", "指标值"], ["效益指标", "明显"]])
    data = _pdfs.to_pdf(
        [first, second], above=[["甲项目绩效目标表"], ["乙项目绩效目标表"]], new_page=True
    )
    one, two = read_pdf(data)
    assert (one.cells, one.title) == (first.cells, ("甲项目绩效目标表",))
    assert (two.cells, two.title) == (second.cells, ("乙项目绩效目标表",))


def test_page_furniture_is_in_no_grid() -> None:
    grid = Grid.from_rows("text", "1", TARGET_ROWS[2:])
    data = _pdfs.to_pdf([grid], above=[["项目支出绩效目标申报表", "（2023年度）"]])
    (read,) = read_pdf(data)
    assert read.title == ("项目支出绩效目标申报表", "（2023年度）")
    # The page number "- 1 -" at the foot of the page is neither a cell nor the title.
    assert not any("1 -" in cell.text for cell in read.cells)
    document = read_grids([read])
    assert (document.title, document.year) == ("项目支出绩效目标申报表", 2023)


# --- What is refused --------------------------------------------------------------------------


def _canvas_pdf(draw: Callable[[Any], None]) -> bytes:
    from reportlab.pdfgen import canvas

    _pdfs._font()
    out = io.BytesIO()
    page = canvas.Canvas(out)
    draw(page)
    page.save()
    return out.getvalue()


def test_a_scan_is_refused() -> None:
    image = pytest.importorskip("PIL.Image", reason="the scan is drawn from a Pillow image")
    from reportlab.lib.utils import ImageReader

    picture = image.new("L", (200, 100), 255)

    def draw(page: Any) -> None:
        page.drawImage(ImageReader(picture), 72, 600, 400, 200)

    with pytest.raises(FormError) as raised:
        read_pdf(_canvas_pdf(draw), name="scan.pdf")
    assert str(raised.value) == (
        "scan.pdf: the PDF has no text layer (its pages are images, as a scan's are): "
        "OCR it first, or read the table from the file it was printed from"
    )


def test_an_encrypted_pdf_is_refused() -> None:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, encrypt=pdfencrypt.StandardEncryption("user", "owner"))
    page.drawString(72, 700, "x")
    page.save()
    with pytest.raises(FormError) as raised:
        read_pdf(out.getvalue(), name="locked.pdf")
    assert str(raised.value) == (
        "locked.pdf: the PDF is encrypted with a password: open it with its password and save "
        "or print it as a PDF without one"
    )


@pytest.mark.parametrize(
    "cut",
    [lambda data: data[: len(data) // 2], lambda data: b"%PDF-1.4\n" + b"\x00" * 64],
    ids=["cut-short", "garbage"],
)
def test_a_damaged_pdf_is_refused_without_a_traceback(cut: Callable[[bytes], bytes]) -> None:
    data = cut(_pdfs.to_pdf([TARGET_FORM]))
    with pytest.raises(FormError) as raised:
        read_pdf(data, name="broken.pdf")
    assert str(raised.value) == (
        "broken.pdf: not a readable PDF (data format error): it is damaged, cut short, "
        "not a PDF or has no pages"
    )


def _cells_pdf(*texts: str) -> bytes:
    return _pdfs.to_pdf([Grid.from_rows("text", "1", [["三级指标", "指标值"], list(texts)])])


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        pytest.param("控\x07制", "'控\\x07制'", id="control"),
        pytest.param("私\ue000用", "'私\\ue000用'", id="private-use"),
        pytest.param("\ufffd\ufffd", "'��'", id="replacement"),
        pytest.param("(cid:12)(cid:13)", "'(cid:12)(cid:13)'", id="cid"),
    ],
)
def test_text_without_a_unicode_map_is_refused(text: str, shown: str) -> None:
    with pytest.raises(FormError) as raised:
        read_pdf(_cells_pdf("养护里程", text), name="form.pdf")
    assert re.fullmatch(
        r"form\.pdf, page 1: the text of this table's cells is not text: its font has no "
        rf"Unicode map \(found {re.escape(shown)}\), so the characters cannot be known; OCR the "
        "page, or read the table from the file it was printed from",
        str(raised.value),
    )


def test_kangxi_radicals_are_folded_to_the_ideographs_they_stand_for() -> None:
    # ⽬ is U+2F6C KANGXI RADICAL EYE, which a bad font map gives for 目; （ stays full-width.
    grid = _one(_cells_pdf("项⽬数量（个）", "≥5"))
    assert [cell.text for cell in grid.cells] == ["三级指标", "指标值", "项目数量（个）", "≥5"]


def _stood_in(data: bytes, text: str) -> bool:
    """Whether PDFium's plain text of the PDF holds ``text``: where a CJK font installed on the
    machine (fonts-wqy-microhei, for one) stands in for the non-embedded STSong-Light, PDFium
    reads the text it otherwise gives no character for."""
    import pypdfium2  # type: ignore[import-untyped]

    document = pypdfium2.PdfDocument(data)
    try:
        shown = "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    return text in re.sub(r"\s", "", shown)


def test_text_pdfium_cannot_decode_is_refused() -> None:
    # PDFium gives no character for a lone Chinese character of a non-embedded CID font,
    # unless an installed font stands in for it: then the cell reads in full.
    data = _cells_pdf("养护里程", "是")
    if _stood_in(data, "养护里程是"):
        assert [cell.text for cell in _one(data).cells] == ["三级指标", "指标值", "养护里程", "是"]
        return
    with pytest.raises(FormError) as raised:
        read_pdf(data, name="form.pdf")
    assert str(raised.value).startswith(
        "form.pdf, page 1: PDFium cannot read a piece of text in a table"
    )


def test_a_pdf_over_the_limits_is_refused() -> None:
    data = _pdfs.to_pdf([_pdfs.long_grid()])
    with pytest.raises(FormError) as raised:
        read_pdf(data, name="big.pdf", max_pages=1)
    assert str(raised.value) == "big.pdf: the PDF has 2 pages: more than the 1 read at most"
    with pytest.raises(FormError) as raised:
        read_pdf(data, name="big.pdf", max_chars=100)
    assert str(raised.value) == (
        "big.pdf: the PDF holds more than the 100 characters read at most (page 1 passes the limit)"
    )


def test_without_pypdfium2_the_error_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "pypdfium2", None)
    with pytest.raises(InputError) as raised:
        read_pdf(b"%PDF-1.7\n")
    assert str(raised.value) == "reading PDFs needs pypdfium2: pip install 'perfindicator[pdf]'"


def test_a_page_turned_for_display_is_read_as_shown() -> None:
    # Digits: PDFium gives no characters for STSong-Light's Chinese on a turned page.
    grid = Grid(
        "text",
        "1",
        [Cell("2023", 1, 1, 1, 2), Cell("1", 2, 1, 2, 1), Cell("22", 2, 2), Cell("333", 3, 2)],
    )
    (read,) = read_pdf(_pdfs.turned_pdf(grid))
    assert read.cells == grid.cells
    widths = _pdfs.natural_widths(grid)
    assert _edges(read.cells[0].boxes[0])[:4] == pytest.approx((1, 72, 72, 72 + sum(widths)))
    assert _edges(read.cells[1].boxes[0])[:4] == pytest.approx(
        (1, 72, read.cells[0].boxes[0].bottom, 72 + widths[0])
    )


def test_text_of_a_turned_page_pdfium_cannot_decode_is_refused() -> None:
    data = _pdfs.turned_pdf(TARGET_FORM)
    if _stood_in(data, "项目支出绩效目标申报表"):  # an installed font stands in (_stood_in)
        assert _one(data).cells == TARGET_FORM.cells
        return
    with pytest.raises(FormError, match="PDFium cannot read a piece of text in a table"):
        read_pdf(data)


def _drawn(canvas: Any, *, rule: str, sides: bool = True) -> None:
    """A 2 × 2 table drawn on a canvas: rules at x = 100, 200, 300 and y = 700, 680, 660 (from
    the page's foot), as stroked lines or as thin filled rectangles, a shaded patch inside the
    first cell (shading, not rules)."""
    canvas.setFillGray(0.85)
    canvas.rect(110, 683, 60, 14, stroke=0, fill=1)
    canvas.setFillGray(0)
    for x in (100, 200, 300) if sides else (200,):
        if rule == "stroke":
            canvas.line(x, 660, x, 700)
        else:
            canvas.rect(x - 0.4, 660, 0.8, 40, stroke=0, fill=1)
    for y in (660, 680, 700):
        if rule == "stroke":
            canvas.line(100, y, 300, y)
        else:
            canvas.rect(100, y - 0.4, 200, 0.8, stroke=0, fill=1)
    canvas.setFont(_pdfs.FONT, 9)
    for x, y, text in [(104, 686, "三级指标"), (204, 686, "指标值"), (104, 666, "养护里程")]:
        canvas.drawString(x, y, text)
    canvas.drawString(204, 666, "≥300公里")


@pytest.mark.parametrize(
    ("rule", "sides"),
    [("stroke", True), ("fill", True), ("stroke", False)],
    ids=["stroked-lines", "filled-rectangles", "no-outer-sides"],
)
def test_rules_drawn_as_lines_or_thin_rectangles_make_the_cells(rule: str, sides: bool) -> None:
    data = _canvas_pdf(lambda page: _drawn(page, rule=rule, sides=sides))
    (grid,) = read_pdf(data)
    assert grid.cells == (
        Cell("三级指标", 1, 1),
        Cell("指标值", 1, 2),
        Cell("养护里程", 2, 1),
        Cell("≥300公里", 2, 2),
    )
    height = 841.8898  # reportlab's default page, A4
    assert _edges(grid.cells[3].boxes[0]) == pytest.approx(
        (1, 200, height - 680, 300, height - 660), abs=0.01
    )


def test_rules_inside_a_form_xobject_are_placed_by_its_matrix() -> None:
    def draw(page: Any) -> None:
        page.beginForm("table")
        _drawn(page, rule="stroke")
        page.endForm()
        page.translate(50, -100)  # the form drawn 50 points right and 100 points lower
        page.doForm("table")

    (grid,) = read_pdf(_canvas_pdf(draw))
    assert [cell.text for cell in grid.cells] == ["三级指标", "指标值", "养护里程", "≥300公里"]
    height = 841.8898
    assert _edges(grid.cells[3].boxes[0]) == pytest.approx(
        (1, 250, height - 580, 350, height - 560), abs=0.01
    )


def test_a_pdf_without_pages_is_refused_saying_so() -> None:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    body, offsets = b"%PDF-1.4\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    table = b"xref\n0 3\n0000000000 65535 f \n" + b"".join(
        b"%010d 00000 n \n" % at for at in offsets
    )
    data = (
        body + table + b"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % len(body)
    )
    with pytest.raises(FormError) as raised:
        read_pdf(data, name="empty.pdf")
    # PDFium refuses to open it, giving no reason or the last one it gave.
    assert str(raised.value).startswith("empty.pdf: not a readable PDF")
    assert str(raised.value).endswith(": it is damaged, cut short, not a PDF or has no pages")
    assert "(success)" not in str(raised.value)


def test_text_running_over_a_cells_ruling_line_is_refused() -> None:
    """A generator that does not wrap draws a long heading over the line into the next cell:
    the characters of both cells are mixed (财政专户拨 / 款其他资金), and the table is refused
    where the text runs over, never read with a column cut short or left out."""
    from reportlab.platypus import SimpleDocTemplate, Table

    _pdfs._font()
    rows = [["项目名称", "财政专户拨款", "其他资金"], ["档案整理", "20.00", "30.00"]]
    style = [("FONTNAME", (0, 0), (-1, -1), _pdfs.FONT), ("GRID", (0, 0), (-1, -1), 0.5, "black")]
    out = io.BytesIO()
    SimpleDocTemplate(out).build([Table(rows, colWidths=[80, 40, 60], style=style)])
    with pytest.raises(FormError) as raised:
        read_pdf(out.getvalue(), name="cut.pdf")
    assert re.fullmatch(
        r"cut\.pdf, page 1: text runs over the ruling line beside its cell, so the characters of "
        r"the cells either side are mixed and cannot be told apart; read the table from the file "
        r"it was printed from",
        str(raised.value),
    )
    # Wide enough, the same table reads cell for cell.
    out = io.BytesIO()
    SimpleDocTemplate(out).build([Table(rows, colWidths=[80, 80, 60], style=style)])
    assert [cell.text for cell in _one(out.getvalue()).cells] == [*rows[0], *rows[1]]


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        ("≥98.5", "%", "≥98.5%"),
        ("服务对象满", "意度指标", "服务对象满意度指标"),
        ("GDP", "growth", "GDP growth"),
    ],
)
def test_a_wrapped_line_is_joined_with_a_space_only_between_latin_letters(
    first: str, second: str, joined: str
) -> None:
    """Two lines of a cell 40 points wide, the first filled to its side: wrapped."""
    from perfindicator.sources import pdf

    def line(text: str, bottom: float, right: float | None) -> list[Any]:
        width = 5.0
        start = (right - width * len(text)) if right is not None else 101.0
        return [
            pdf._Char(
                char, start + width * n, bottom - 9, start + width * (n + 1), bottom, 9.0, False
            )
            for n, char in enumerate(text)
        ]

    region = pdf._Region(0, 1, 100.0, 140.0, 0.0, 30.0)
    region.chars = [*line(first, 12.0, 139.0), *line(second, 24.0, None)]
    assert pdf._cell_text(region) == joined
