"""``read(path)``: a file's document, its format told by its content."""

from __future__ import annotations

from pathlib import Path

import pytest

from _forms import SELF_EVALUATION_ROWS
from perfindicator import FormError, InputError, parse_table, read
from perfindicator.forms.read import FORMATS
from perfindicator.model.errors import NoFormError
from perfindicator.sources.grid import Grid

CORPUS = Path(__file__).parent / "corpus"


def test_a_pasted_self_evaluation(tmp_path: Path) -> None:
    path = tmp_path / "自评表.txt"  # the extension says nothing of the form
    path.write_text("".join("\t".join(row) + "\n" for row in SELF_EVALUATION_ROWS), "gb18030")
    document = read(path)
    assert (document.form, document.format, document.path) == (
        "self-evaluation",
        "text",
        str(path),
    )
    assert [item.name for item in document.indicators] == [
        "委托业务项目数量",
        "验收合格率",
        "查阅便利程度",
        "利用者满意度",
    ]
    assert document.to_dict()["projects"][0]["total_points"] == "96"


def test_a_target_table_in_the_text_layout() -> None:
    path = CORPUS / "baiyun-office-targets.txt"
    document = read(path)
    table = parse_table(path.read_text(encoding="utf-8"))
    assert document.form == "target-table"
    assert document.table == table
    assert document.projects == table.projects
    assert (document.title, document.department) == (table.title, table.department)


def test_files_this_release_cannot_read_say_what_they_are(tmp_path: Path) -> None:
    path = tmp_path / "table.txt"
    path.write_bytes(b"PK\x03\x04....other/part.xml")
    with pytest.raises(InputError, match="a damaged or cut-short zip archive"):
        read(path)
    import io
    import zipfile

    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("other/part.xml", "<part/>")
    path.write_bytes(other.getvalue())
    with pytest.raises(InputError) as raised:
        read(path)
    assert str(raised.value) == f"{path}: a zip archive: this release reads {FORMATS}"


def test_a_pdf_is_told_by_its_content_and_read_as_one(tmp_path: Path) -> None:
    pytest.importorskip("pypdfium2", reason="reading PDFs needs pypdfium2 (the pdf extra)")
    path = tmp_path / "table.txt"  # the extension says nothing: %PDF- does
    path.write_bytes(b"%PDF-1.7\n")
    with pytest.raises(FormError) as raised:
        read(path)
    assert str(raised.value) == (
        f"{path}: not a readable PDF (data format error): it is damaged, cut short, "
        "not a PDF or has no pages"
    )


def test_a_pdf_without_a_ruled_table_says_so(tmp_path: Path) -> None:
    pytest.importorskip("pypdfium2", reason="reading PDFs needs pypdfium2 (the pdf extra)")
    canvas = pytest.importorskip("reportlab.pdfgen.canvas", reason="the PDF is printed")
    import _pdfs

    _pdfs._font()
    path = tmp_path / "plain.pdf"
    page = canvas.Canvas(str(path))
    page.setFont(_pdfs.FONT, 9)
    page.drawString(72, 700, "三级指标    指标值")  # columns aligned by spaces, no lines
    page.drawString(72, 680, "养护里程    ≥300公里")
    page.save()
    with pytest.raises(NoFormError) as raised:
        read(path)
    assert str(raised.value) == (
        f"{path}: no ruled table in the PDF: a table is read from the lines printed around "
        "its cells, and one printed without them is not read"
    )


def test_a_self_evaluation_as_a_pdf(tmp_path: Path) -> None:
    pytest.importorskip("pypdfium2", reason="reading PDFs needs pypdfium2 (the pdf extra)")
    pytest.importorskip("reportlab", reason="the test prints its PDF with reportlab")
    import _pdfs

    path = tmp_path / "自评表.pdf"
    path.write_bytes(_pdfs.to_pdf([Grid.from_rows("text", "1", SELF_EVALUATION_ROWS)]))
    document = read(path)
    assert (document.form, document.format) == ("self-evaluation", "pdf")
    assert document.projects == read(_pasted(tmp_path)).projects
    assert str(document.indicators[0].location) == "page 1"


def test_glued_cells_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "glued.txt"
    path.write_text("三级指标年度指标值实际完成值分值\n安装坡面水标尺10≥266米≥266米10\n", "utf-8")
    with pytest.raises(FormError) as raised:
        read(path)
    assert str(raised.value) == (
        f"{path}: line 1 ('三级指标年度指标值实际完成值分值') holds the headings of several "
        "columns with nothing between them: cells glued together cannot be told apart; copy the "
        "table again with tabs or | between its cells, or one cell per line"
    )


def test_pasted_cells_with_no_form_are_an_error(tmp_path: Path) -> None:
    path = tmp_path / "other.tsv"
    path.write_text("序号\t姓名\n1\t张三\n", "utf-8")
    with pytest.raises(FormError, match=r"other\.tsv: no target or self-evaluation form found"):
        read(path)


def test_a_self_evaluation_as_a_web_page(tmp_path: Path) -> None:
    pytest.importorskip("lxml", reason="reading HTML needs lxml (the html extra)")
    cells = "".join(
        "<tr>" + "".join(f"<td>{text}</td>" for text in row) + "</tr>"
        for row in SELF_EVALUATION_ROWS
    )
    page = f'<html><head><meta charset="gb2312"></head><body><table>{cells}</table></body></html>'
    path = tmp_path / "page.htm"
    path.write_bytes(page.encode("gb18030"))
    document = read(path)
    assert (document.form, document.format) == ("self-evaluation", "html")
    assert document.projects == read(_pasted(tmp_path)).projects
    assert str(document.indicators[0].location) == "table 1, row 12, columns 1–9"


def _pasted(tmp_path: Path) -> Path:
    path = tmp_path / "pasted.txt"
    path.write_text("".join("\t".join(row) + "\n" for row in SELF_EVALUATION_ROWS), "utf-8")
    return path


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "docx"])
def test_a_self_evaluation_as_a_workbook_or_word_file(tmp_path: Path, suffix: str) -> None:
    import _office

    pytest.importorskip({"xlsx": "openpyxl", "xls": "xlwt", "docx": "docx"}[suffix])
    grid = Grid.from_rows("sheet" if suffix != "docx" else "docx", "Sheet1", SELF_EVALUATION_ROWS)
    write = {"xlsx": _office.to_xlsx, "xls": _office.to_xls, "docx": _office.to_docx}[suffix]
    path = tmp_path / "form.bin"  # the content says what it is
    path.write_bytes(write([grid]))
    document = read(path)
    assert (document.form, document.format) == ("self-evaluation", suffix)
    assert document.projects == read(_pasted(tmp_path)).projects


_NOT_TEXT = (
    "not a text file ({}) nor a format this release reads: text (the target-table layout, or"
    " cells pasted with tabs or |), PDFs, web pages, workbooks (.xlsx, .xls) and Word files (.docx)"
)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        # An image's first bytes: a NUL among them, and no UTF-16 mark.
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "it holds NUL bytes", id="nul"),
        # A NUL after the first bytes, in UTF-8 that would decode.
        pytest.param("绩效指标".encode() + b"\x00" * 3, "it holds NUL bytes", id="nul-later"),
        # No NUL, but control bytes in what is neither UTF-8 nor GB18030.
        pytest.param(
            b"\x1f\x8b\x08\x08\xff\xfe\x81",
            "it holds control bytes and is neither UTF-8 nor GB18030",
            id="controls",
        ),
    ],
)
def test_binary_garbage_is_not_a_text_file(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "table.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read(path)
    assert str(caught.value) == f"{path}: " + _NOT_TEXT.format(reason)


def test_text_in_another_encoding_is_still_told_to_pass_it(tmp_path: Path) -> None:
    # No control bytes: text in an encoding that is neither UTF-8 nor GB18030.
    path = tmp_path / "table.txt"
    path.write_bytes(b"abc\x80\xff")
    with pytest.raises(InputError) as caught:
        read(path)
    assert str(caught.value) == (
        f"{path}: cannot decode: not UTF-8 (invalid start byte at byte 3) nor GB18030;"
        " pass --encoding with the file's encoding"
    )


def test_utf16_with_its_mark_is_text(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    rows = "".join("\t".join(row) + "\n" for row in SELF_EVALUATION_ROWS)
    path.write_bytes(rows.encode("utf-16"))  # NUL bytes after the mark
    assert read(path).projects == read(_pasted(tmp_path)).projects


def test_a_word_file_cut_short_is_damaged_not_another_format(tmp_path: Path) -> None:
    import _office

    pytest.importorskip("docx")
    data = _office.to_docx([Grid.from_rows("docx", "1", SELF_EVALUATION_ROWS)])
    path = tmp_path / "form.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(FormError) as caught:
        read(path)
    assert str(caught.value) == (
        f"{path}: a damaged or cut-short .docx document: it starts as a zip archive but is not"
        " a complete one (the archive's directory at its end is missing)"
    )


def test_dir_lists_the_public_names_once_sorted() -> None:
    import perfindicator

    perfindicator.read  # noqa: B018 - imported on first use: now a global as well as lazy
    names = dir(perfindicator)
    assert names == sorted(perfindicator.__all__)
    assert names.count("read") == 1
    assert {"Any", "TYPE_CHECKING", "annotations"}.isdisjoint(names)
    assert names[:3] == ["Amounts", "AuditFinding", "Code"]
    assert len(names) == 51


def test_json_is_refused_as_what_it_is(tmp_path: Path) -> None:
    """perfindicator's own JSON output named as a document: refused as JSON, not with the
    notation's complaint about its '{'; text that is not JSON keeps the notation's error."""
    from perfindicator.forms.read import read_any

    path = tmp_path / "table.json"
    path.write_text('{"form": "project-targets", "projects": []}', encoding="utf-8")
    expected = f"{path}: JSON data, not a document: this release reads {FORMATS}"
    with pytest.raises(InputError) as raised:
        read(path)
    assert str(raised.value) == expected
    with pytest.raises(InputError) as raised:
        read_any(path.read_bytes())
    assert str(raised.value) == f"JSON data, not a document: this release reads {FORMATS}"
    from perfindicator import ParseError

    with pytest.raises(ParseError):
        read_any(b'{"form": "project-targets", ')  # cut short: not JSON
