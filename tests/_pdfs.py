"""PDFs printed in the tests the way budget systems print them (reportlab): each grid a ruled
table, merged cells as spans, text wrapping inside its column, long tables broken over pages
with or without their header repeated, page numbers at the foot of each page. Nothing here is
a binary fixture: every file is made when a test runs.

reportlab's STSong-Light is a CID font PDF readers know without a font file: the PDF names it
and holds no glyphs, and its text maps to Unicode through the font's standard CMap. What prints
text takes a ``font``: another font registered with reportlab (tests/test_pdf_fonts.py embeds
a TrueType one)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from perfindicator.sources.grid import Grid

FONT = "STSong-Light"
#: The width of an A4 page inside reportlab's default margins, in points.
WIDTH = 451.0


def _font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def table(
    grid: Grid,
    *,
    widths: Sequence[float] | None = None,
    repeat_rows: int = 0,
    size: float = 9,
    font: str = FONT,
) -> Any:
    """A grid as a reportlab table: every cell at its place, a merged cell as a span, each
    cell's text a paragraph wrapping inside its column (Chinese wraps between any two
    characters), ``\\n`` a line break; the columns share the page's width unless ``widths``
    says otherwise."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle

    _font()
    style = ParagraphStyle("cell", fontName=font, fontSize=size, leading=size * 1.3)
    style.wordWrap = "CJK"
    rows: list[list[Any]] = [[""] * grid.width for _ in range(grid.height)]
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, "black"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    for cell in grid.cells:
        markup = "<br/>".join(escape(line) for line in cell.text.split("\n"))
        rows[cell.row - 1][cell.column - 1] = Paragraph(markup, style)
        if cell.rows > 1 or cell.columns > 1:
            last = (cell.column + cell.columns - 2, cell.row + cell.rows - 2)
            commands.append(("SPAN", (cell.column - 1, cell.row - 1), last))
    widths = widths or natural_widths(grid, size, font)
    made = Table(rows, colWidths=list(widths), repeatRows=repeat_rows)
    made.setStyle(TableStyle(commands))
    return made


def long_grid(groups: int = 5, rows: int = 10) -> Grid:
    """An indicator grid longer than a page: its heading row, then groups of rows with the
    level written on the group's first row only (as a flattened form prints it)."""
    lines = [
        [
            "产出指标" if row == 0 else "",
            f"数量指标{group}" if row == 0 else "",
            f"养护里程{group}号{row}段",
            f"≥{row + 1}00公里",
        ]
        for group in range(groups)
        for row in range(rows)
    ]
    return Grid.from_rows("text", "1", [["一级指标", "二级指标", "三级指标", "指标值"], *lines])


def natural_widths(grid: Grid, size: float = 9, font: str = FONT) -> list[float]:
    """Columns as wide as their widest one-column cell's longest line (and its padding), so
    that no text wraps."""
    from reportlab.pdfbase import pdfmetrics

    widths = [24.0] * grid.width
    for cell in grid.cells:
        if cell.columns == 1:
            longest = max(
                pdfmetrics.stringWidth(line, font, size) for line in cell.text.split("\n")
            )
            widths[cell.column - 1] = max(widths[cell.column - 1], longest + 14)
    return widths


def to_pdf(
    grids: Sequence[Grid],
    *,
    above: Sequence[Sequence[str]] = (),
    widths: Sequence[float] | None = None,
    repeat_rows: int = 0,
    page_numbers: bool = True,
    new_page: bool = False,
    running_head: str | None = None,
    running_foot: str | None = None,
    font: str = FONT,
) -> bytes:
    """A PDF of the grids' tables, one after another (each on a page of its own with
    ``new_page``), ``above[i]`` printed as lines above the i-th, ``- n -`` at the foot of every
    page, ``running_head`` and ``running_foot`` (if any) at the head and foot of every page
    (the foot above the page number); on A4 turned to landscape when a
    table is wider than an upright page."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    _font()
    heading = ParagraphStyle("title", fontName=font, fontSize=14, leading=20, alignment=1)
    story: list[Any] = []
    for index, grid in enumerate(grids):
        if index:
            story.append(PageBreak() if new_page else Spacer(1, 12))
        lines = above[index] if index < len(above) else ()
        story.extend(Paragraph(escape(line), heading) for line in lines)
        story.append(table(grid, widths=widths, repeat_rows=repeat_rows, font=font))

    def number(canvas: Any, document: Any) -> None:
        if page_numbers:
            canvas.setFont(font, 9)
            canvas.drawCentredString(size[0] / 2, 30, f"- {document.page} -")
        if running_head:
            canvas.setFont(font, 9)
            canvas.drawString(72, size[1] - 40, running_head)
        if running_foot:
            canvas.setFont(font, 9)
            canvas.drawString(72, 45, running_foot)

    wide = max(sum(widths or natural_widths(grid, font=font)) for grid in grids) > WIDTH
    size = landscape(A4) if wide else A4
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=size, title="表").build(
        story, onFirstPage=number, onLaterPages=number
    )
    return out.getvalue()


def turned_pdf(grid: Grid, font: str = FONT) -> bytes:
    """A PDF of one upright A4 page turned for display (``/Rotate 90``, as landscape tables
    are often printed), the table drawn turned back so that it shows upright, its top-left
    corner 72 points from the shown page's top and left."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    page.setPageRotation(90)
    page.translate(A4[0], 0)
    page.rotate(90)  # the page's content space is now the shown page's, origin bottom left
    made = table(grid, font=font)
    _, height = made.wrapOn(page, A4[1] - 144, A4[0] - 144)
    made.drawOn(page, 72, A4[0] - 72 - height)
    page.save()
    return out.getvalue()
