"""Word tables as grids (sources/word.py): every table in document order, nested ones as
grids of their own, horizontal and vertical merges as one cell, and damaged or hostile files
refused with a FormError naming the file. Every document is made here (tests/_office.py)."""

from __future__ import annotations

import io
import sys
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

from _office import TARGET_FORM as SHEET_FORM
from _office import patched, random_grids, to_docx, to_xlsx, zip_bomb
from perfindicator.model.errors import FormError
from perfindicator.sources.files import InputError
from perfindicator.sources.grid import Cell, Grid, GridError
from perfindicator.sources.word import read_docx

#: The target form as a Word table.
TARGET_FORM = attrs.evolve(SHEET_FORM, kind="docx", name="1")


def test_the_target_form_reads_back_with_its_merged_cells() -> None:
    assert read_docx(to_docx([TARGET_FORM])) == [TARGET_FORM]


def test_tables_come_in_document_order_numbered_from_one() -> None:
    first = Grid("docx", "1", [Cell("甲", 1, 1), Cell("乙", 1, 2)])
    second = Grid("docx", "2", [Cell("丙", 1, 1, 2, 1), Cell("丁", 1, 2), Cell("", 2, 2)])
    assert read_docx(to_docx([first, second])) == [first, second]


@settings(max_examples=40, deadline=None)
@given(random_grids("docx"))
def test_random_grids_read_back(grid: Grid) -> None:
    cells = [_without_trailing_lines(cell) for cell in grid.cells]
    expected = Grid("docx", "1", cells)
    assert read_docx(to_docx([expected])) == [expected]


def _without_trailing_lines(cell: Cell) -> Cell:
    """A cell whose text ends with no empty line: a cell's empty last paragraphs are not
    part of its text."""
    return Cell(cell.text.rstrip("\n"), cell.row, cell.column, cell.rows, cell.columns)


def _document() -> Any:
    import docx

    return docx.Document()


def _save(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_nested_table_is_a_grid_of_its_own() -> None:
    document = _document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).paragraphs[0].text = "外层"
    inner = outer.cell(0, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "内甲"
    inner.cell(0, 1).text = "内乙"
    outer.cell(0, 1).text = "右"
    assert read_docx(_save(document)) == [
        Grid("docx", "1", [Cell("外层", 1, 1), Cell("右", 1, 2)]),
        Grid("docx", "2", [Cell("内甲", 1, 1), Cell("内乙", 1, 2)]),
    ]


def _add(parent, tag: str, value: str) -> None:
    """Add ``<w:tag w:val=value/>`` as the first child of a tcPr or trPr."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    element.set(qn("w:val"), value)
    parent.insert(0, element)


def test_grid_before_and_after_leave_positions_without_cells() -> None:
    document = _document()
    table = document.add_table(rows=2, cols=3)
    for row, texts in enumerate([["甲", "乙", "丙"], ["丁", "戊", "己"]]):
        for column, text in enumerate(texts):
            table.cell(row, column).text = text
    first, second = table.rows[0]._tr, table.rows[1]._tr
    first.remove(first.tc_lst[0])  # row 1 starts in column 2
    _add(first.get_or_add_trPr(), "w:gridBefore", "1")
    second.remove(second.tc_lst[-1])  # row 2 ends in column 2
    _add(second.get_or_add_trPr(), "w:gridAfter", "1")
    (grid,) = read_docx(_save(document))
    assert grid == Grid(
        "docx", "1", [Cell("乙", 1, 2), Cell("丙", 1, 3), Cell("丁", 2, 1), Cell("戊", 2, 2)]
    )
    assert grid.matrix()[0][0] is None


def test_vertical_merge_keeps_the_text_of_every_cell_it_joins() -> None:
    document = _document()
    table = document.add_table(rows=3, cols=1)
    for row, text in enumerate(["上", "中", ""]):
        table.cell(row, 0).text = text
    cells = [row._tr.tc_lst[0] for row in table.rows]
    _add(cells[0].get_or_add_tcPr(), "w:vMerge", "restart")
    _add(cells[1].get_or_add_tcPr(), "w:vMerge", "continue")
    cells[2].get_or_add_tcPr().insert(0, _bare_vmerge())  # no w:val: continue
    assert read_docx(_save(document)) == [Grid("docx", "1", [Cell("上\n中", 1, 1, 3, 1)])]


def _bare_vmerge():
    from docx.oxml import OxmlElement

    return OxmlElement("w:vMerge")


def test_a_continued_merge_with_nothing_above_is_a_cell_of_its_own() -> None:
    document = _document()
    table = document.add_table(rows=2, cols=1)
    table.cell(0, 0).text = "孤"
    table.cell(1, 0).text = "下"
    _add(table.rows[0]._tr.tc_lst[0].get_or_add_tcPr(), "w:vMerge", "continue")
    # Row 2 is no merge: the first row's cell has nothing to continue and nothing joins it.
    assert read_docx(_save(document)) == [Grid("docx", "1", [Cell("孤", 1, 1), Cell("下", 2, 1)])]


def test_breaks_and_tabs_within_a_paragraph() -> None:
    document = _document()
    table = document.add_table(rows=1, cols=1)
    paragraph = table.cell(0, 0).paragraphs[0]
    paragraph.add_run("指标\t值")
    paragraph.add_run().add_break()
    paragraph.add_run("≥95%")
    assert read_docx(_save(document)) == [Grid("docx", "1", [Cell("指标\t值\n≥95%", 1, 1)])]


def test_runs_in_links_insertions_and_controls_are_text_and_deleted_ones_are_not() -> None:
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = _document()
    table = document.add_table(rows=1, cols=1)
    cell = table.cell(0, 0)._tc
    cell.remove(cell.p_lst[0])
    cell.append(
        parse_xml(
            f"<w:p {w}><w:r><w:t>满意度</w:t></w:r>"
            "<w:hyperlink><w:r><w:t>≥</w:t></w:r></w:hyperlink>"
            "<w:del><w:r><w:delText>80</w:delText></w:r></w:del>"
            "<w:ins><w:r><w:t>9</w:t></w:r></w:ins>"
            "<w:smartTag><w:r><w:t>5</w:t></w:r></w:smartTag>"
            "<w:sdt><w:sdtContent><w:r><w:t>%</w:t><w:tab/></w:r></w:sdtContent></w:sdt>"
            "<w:r><w:br/><w:t>（含）</w:t></w:r></w:p>"
        )
    )
    assert read_docx(_save(document)) == [Grid("docx", "1", [Cell("满意度≥95%\t\n（含）", 1, 1)])]


def test_a_cell_s_span_and_merge_are_found_in_any_of_its_properties() -> None:
    # As find("w:tcPr/w:gridSpan") does: the first of each, in whichever w:tcPr holds it.
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = _document()
    table = document.add_table(rows=1, cols=3)
    row = table.rows[0]._tr
    for cell in row.tc_lst[1:]:
        row.remove(cell)
    cell = row.tc_lst[0]
    cell.insert(
        0, parse_xml(f'<w:tcPr {w}><w:gridSpan w:val="2"/><w:gridSpan w:val="3"/></w:tcPr>')
    )
    cell.insert(0, parse_xml(f"<w:tcPr {w}><w:tcW/></w:tcPr>"))
    assert read_docx(_save(document)) == [Grid("docx", "1", [Cell("", 1, 1, 1, 2)])]


def test_a_document_without_tables_has_no_grids() -> None:
    document = _document()
    document.add_paragraph("绩效目标")
    assert read_docx(_save(document)) == []


DOCUMENT = "word/document.xml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def test_a_table_in_a_text_box_is_read_once() -> None:
    table = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    box = (
        f'<w:p><w:r><mc:AlternateContent xmlns:mc="{MC}">'
        f'<mc:Choice Requires="wps">{table.format("框")}</mc:Choice>'
        f"<mc:Fallback>{table.format('旧')}</mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>"
    )
    data = to_docx([Grid("docx", "1", [Cell("甲", 1, 1)])])
    data = patched(data, DOCUMENT, lambda xml: xml.replace("<w:body>", "<w:body>" + box))
    assert read_docx(data) == [
        Grid("docx", "1", [Cell("框", 1, 1)]),
        Grid("docx", "2", [Cell("甲", 1, 1)]),
    ]


def test_a_huge_grid_span_is_refused() -> None:
    data = to_docx([Grid("docx", "1", [Cell("甲", 1, 1)])])
    span = '<w:gridSpan w:val="999999999"/>'
    data = patched(data, DOCUMENT, lambda xml: xml.replace("<w:tcPr>", "<w:tcPr>" + span))
    with pytest.raises(GridError) as caught:
        read_docx(data, name="wide.docx")
    assert str(caught.value) == (
        "wide.docx, table 1, row 1, columns 1–999999999: the table has 1 rows and 999999999"
        " columns: more than the 2,000,000 cells a form may have"
    )


def test_a_document_cut_short_is_refused_naming_the_part() -> None:
    data = patched(to_docx([TARGET_FORM]), DOCUMENT, lambda xml: xml[: len(xml) // 2])
    with pytest.raises(FormError) as caught:
        read_docx(data, name="cut.docx")
    assert str(caught.value).startswith(f"cut.docx: not a readable .docx document: {DOCUMENT}: ")


def test_a_truncated_file_is_refused() -> None:
    data = to_docx([TARGET_FORM])
    with pytest.raises(FormError) as caught:
        read_docx(data[: len(data) // 2], name="cut.docx")
    assert str(caught.value) == (
        "cut.docx: a damaged or cut-short .docx document: it starts as a zip archive but is not"
        " a complete one (the archive's directory at its end is missing)"
    )


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    data, message = zip_bomb(to_docx([TARGET_FORM]), DOCUMENT)
    with pytest.raises(FormError) as caught:
        read_docx(data, name="bomb.docx")
    assert str(caught.value) == "bomb.docx: " + message


def test_a_document_over_the_size_limit_is_refused() -> None:
    data = to_docx([TARGET_FORM])
    with pytest.raises(FormError) as caught:
        read_docx(data, name="a.docx", max_uncompressed=1000)
    assert str(caught.value).startswith("a.docx: the document unpacks to ")
    assert str(caught.value).endswith(
        " more than the limit of 1000 (1000 bytes); pass max_uncompressed= to allow more"
    )


def test_a_workbook_is_not_a_document() -> None:
    data = to_xlsx([Grid("sheet", "S", [Cell("甲", 1, 1)])])
    with pytest.raises(FormError) as caught:
        read_docx(data, name="table.docx")
    assert str(caught.value) == (
        "table.docx: not a readable .docx document: its main part is not a Word document but"
        " application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    )


def test_a_text_file_renamed_docx_is_refused() -> None:
    with pytest.raises(FormError) as caught:
        read_docx("绩效指标\t指标值\n".encode(), name="table.docx")
    assert str(caught.value) == (
        "table.docx: not a .docx document: a .docx document is a zip archive, and this file is"
        " not one (File is not a zip file)"
    )


def test_an_old_doc_is_refused_saying_what_to_do() -> None:
    with pytest.raises(FormError) as caught:
        read_docx(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504), name="old.doc")
    assert str(caught.value) == (
        "old.doc: an old .doc document, or a .docx with a password (both are OLE2 documents),"
        " which python-docx cannot read: save it as a .docx document without a password"
    )


def test_a_missing_library_names_its_extra(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)  # import raises ImportError
    with pytest.raises(InputError) as caught:
        read_docx(b"PK")
    assert str(caught.value) == "reading .docx needs python-docx: pip install 'perfindicator[word]'"
