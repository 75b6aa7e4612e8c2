"""``parse_many`` on files: every file ``read()`` reads gives its document, text in the notation
what a text gives, and the results (errors among them) the same and pickled whether read in
this process or on a pool."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from _forms import SELF_EVALUATION_ROWS
from _grids import to_tsv
from _office import TARGET_FORM, to_docx
from perfindicator import FormError, InputError, ParseError, parse_many, parse_table, read
from perfindicator.model.document import Document, TargetTable
from perfindicator.sources.grid import Grid

CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    pasted = tmp_path / "自评表.txt"
    pasted.write_text(to_tsv(Grid.from_rows("text", "1", SELF_EVALUATION_ROWS)), "utf-8")
    glued = tmp_path / "glued.txt"
    glued.write_text("三级指标年度指标值实际完成值分值\n安装坡面水标尺10≥266米≥266米10\n", "utf-8")
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.7\n")
    return [
        CORPUS / "baiyun-office-targets.txt",
        pasted,
        glued,
        damaged,
        tmp_path / "missing.xlsx",
    ]


def test_files_give_what_read_gives(files: list[Path]) -> None:
    pytest.importorskip("pypdfium2", reason="reading PDFs needs pypdfium2 (the pdf extra)")
    table, pasted, glued, damaged, missing = parse_many(files, workers=1)
    # Text in the notation: the table, as a text of it gives (not a Document).
    assert isinstance(table, TargetTable)
    assert table == parse_table(files[0].read_text("utf-8"))
    # Cells with a form's headings: the document read() reads.
    assert isinstance(pasted, Document)
    assert pasted.form == "self-evaluation"
    assert pasted.projects == read(files[1]).projects
    assert isinstance(glued, FormError)
    assert str(glued).startswith(f"{files[2]}: ")
    assert isinstance(damaged, FormError)
    assert str(damaged) == (
        f"{files[3]}: not a readable PDF (data format error): it is damaged, cut short, "
        "not a PDF or has no pages"
    )
    assert isinstance(missing, InputError)
    assert str(missing) == f"{files[4]}: cannot read: No such file or directory"


def test_a_word_file_and_texts_side_by_side(tmp_path: Path) -> None:
    pytest.importorskip("docx", reason="reading .docx needs python-docx (the word extra)")
    word = tmp_path / "form.docx"
    word.write_bytes(to_docx([TARGET_FORM]))
    block = "1、1-产出指标；11-数量指标；报废小车数量；实施周期指标值:1；年度指标值:1。"
    document, indicators, error = parse_many([word, block, "不是指标"], workers=1)
    assert isinstance(document, Document)
    assert (document.form, document.format) == ("project-targets", "docx")
    assert document.projects == read(word).projects
    assert [item.name for item in indicators] == ["报废小车数量"]  # type: ignore[union-attr]
    assert isinstance(error, ParseError)


def test_a_pool_gives_the_results_of_one_process_and_they_pickle(files: list[Path]) -> None:
    pytest.importorskip("pypdfium2", reason="reading PDFs needs pypdfium2 (the pdf extra)")
    sources = [*files, "不是指标"]
    alone = parse_many(sources, workers=1)
    pooled = parse_many(sources, workers=2, chunk=1)
    assert [type(result) for result in pooled] == [type(result) for result in alone]
    assert [str(result) for result in pooled if isinstance(result, Exception)] == [
        str(result) for result in alone if isinstance(result, Exception)
    ]
    assert pooled[:2] == alone[:2]
    for result in alone:
        copy = pickle.loads(pickle.dumps(result))
        assert type(copy) is type(result)
        if isinstance(result, Exception):
            assert str(copy) == str(result)
            assert result.__cause__ is None
            assert result.__context__ is None
        else:
            assert copy == result
