"""The command on PDFs: ``--pages`` (and ``read(path, pages=…)``), ``--jobs`` reading files on a
process pool with the output, errors and exit status of a run one file after another, and the
limits on a file's size told by its first bytes."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

pytest.importorskip("pypdfium2", reason="reading PDFs needs pypdfium2 (the pdf extra)")
pytest.importorskip("reportlab", reason="the tests print their PDFs with reportlab")

import _pdfs
from _forms import SELF_EVALUATION_ROWS, TARGET_ROWS
from _grids import to_html
from _office import TARGET_FORM, to_docx, to_xlsx
from perfindicator import FormError, InputError, read
from perfindicator.export.command import main
from perfindicator.forms.read import read_input
from perfindicator.sources.grid import Grid
from perfindicator.sources.pdf import page_numbers, read_pdf

CORPUS = Path(__file__).parent / "corpus"
#: A target form long enough to go over three pages, its heading row on the first only.
LONG_ROWS = TARGET_ROWS[:6] + [
    ["", "产出指标", "数量指标", f"养护里程{number}", f"≥{number}公里"] for number in range(1, 60)
]


def run(*arguments: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(arguments), out, err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def two_forms(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A target form on page 1 and a self-evaluation on page 2."""
    path = tmp_path_factory.mktemp("pdfs") / "两张表.pdf"
    grids = [Grid.from_rows("text", "1", rows) for rows in (TARGET_ROWS, SELF_EVALUATION_ROWS)]
    path.write_bytes(_pdfs.to_pdf(grids, new_page=True))
    return path


@pytest.fixture(scope="module")
def long_form(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdfs") / "long.pdf"
    path.write_bytes(_pdfs.to_pdf([Grid.from_rows("text", "1", LONG_ROWS)]))
    return path


# --- Pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "pages"),
    [("3", (3,)), ("3-7,9", (3, 4, 5, 6, 7, 9)), (" 9 , 2-3 ", (2, 3, 9)), ("4-4,4", (4,))],
)
def test_a_page_spec_names_its_pages_in_order_once(spec: str, pages: tuple[int, ...]) -> None:
    assert page_numbers(spec) == pages


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("0", "pages are counted from 1: '0'"),
        ("2-0", "a range of pages from a later page to an earlier one: '2-0'"),
        ("7-3", "a range of pages from a later page to an earlier one: '7-3'"),
        ("3-", "not a page or a range of pages such as 3-7: '3-'"),
        ("1,,2", "not a page or a range of pages such as 3-7: ''"),
        ("二", "not a page or a range of pages such as 3-7: '二'"),
        ("-1", "not a page or a range of pages such as 3-7: '-1'"),
    ],
)
def test_a_wrong_page_spec_is_a_usage_error(spec: str, message: str, two_forms: Path) -> None:
    with pytest.raises(ValueError, match="^" + re.escape(message) + "$"):
        page_numbers(spec)
    process = subprocess.run(
        [sys.executable, "-m", "perfindicator", "--pages", spec, str(two_forms)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        check=False,
    )
    assert process.returncode == 2
    assert process.stdout == ""
    assert process.stderr.endswith(f"error: argument --pages: {message}\n")


def test_only_the_pages_given_are_read_with_their_real_numbers(two_forms: Path) -> None:
    whole = read(two_forms)
    assert whole.form == "project-targets"  # the first form in the file
    second = read(two_forms, pages=[2])
    assert (second.form, len(second.indicators)) == ("self-evaluation", 4)
    assert [item.name for item in second.indicators] == [
        "委托业务项目数量",
        "验收合格率",
        "查阅便利程度",
        "利用者满意度",
    ]
    assert {str(item.location) for item in second.indicators} == {"page 2"}
    assert read(two_forms, pages=range(1, 2)).projects == read(two_forms, pages=(1,)).projects
    assert [item.name for item in read(two_forms, pages=[1]).indicators] == [
        "养护里程",
        "桥梁检查次数",
        "路况优良率",
        "群众出行条件",
        "沿线群众满意度",
    ]


@pytest.mark.parametrize(
    ("pages", "message"),
    [
        ([0], "pages are counted from 1: there is no page 0"),
        ([1, 3], "there is no page 3: the PDF has 2 pages"),
        ([], "no page to read: the pages given are none"),
        (range(2, 1), "no page to read: the pages given are none"),
        (["1"], "a page is a whole number counted from 1, not '1'"),
        ([True], "a page is a whole number counted from 1, not True"),
    ],
)
def test_pages_not_in_the_document_are_an_error(
    pages: list[object], message: str, two_forms: Path
) -> None:
    with pytest.raises(InputError) as raised:
        read(two_forms, pages=pages)  # type: ignore[arg-type]
    assert str(raised.value) == f"{two_forms}: {message}"


def test_the_command_reads_the_pages_given(two_forms: Path) -> None:
    status, out, err = run("-f", "jsonl", "--pages", "2", str(two_forms))
    assert (status, err) == (0, "")
    assert out.count("\n") == 4
    assert '"form": "self-evaluation"' in out.splitlines()[0]
    status, out, err = run("--pages", "3-4", str(two_forms))
    assert (status, out) == (1, "")
    assert err == f"{two_forms}: there is no page 3: the PDF has 2 pages\n"


def test_a_table_continued_from_a_page_not_read_says_so(long_form: Path) -> None:
    assert len(read(long_form).indicators) == 59
    assert len(read(long_form, pages=[1]).indicators) == 18  # the rows on page 1
    with pytest.raises(FormError) as raised:
        read(long_form, pages=[2, 3])
    assert str(raised.value) == (
        f"{long_form}, page 2: the table at the top of page 2 may continue a table on page 1, "
        "which was not read: it has no headings of its own (三级指标 and 指标值, or 项目名称 and "
        "绩效指标), so its columns cannot be told; read from the page where the table starts"
    )
    with pytest.raises(FormError, match="^" + re.escape(str(raised.value)) + "$"):
        read(long_form, pages=[2, 3], recover=True)  # nothing else to read: still the error
    # Pages 1 and 3 are not adjacent: page 3's rows do not join page 1's table.
    with pytest.raises(FormError, match="the table at the top of page 3 may continue"):
        read(long_form, pages=[1, 3])
    document = read(long_form, pages=[1, 3], recover=True)
    assert len(document.indicators) == 18
    assert [str(error).split(": ", 1)[0] for error in document.errors] == [f"{long_form}, page 3"]


@pytest.mark.parametrize("command", [[], ["check"]])
def test_pages_of_a_file_that_is_not_a_pdf_are_an_error(command: list[str], tmp_path: Path) -> None:
    page = tmp_path / "form.html"
    page.write_text(to_html(TARGET_FORM), "utf-8")
    text = CORPUS / "baiyun-office-targets.txt"
    status, out, err = run(*command, "--pages", "1", str(page), str(text))
    assert (status, out) == (1, "")
    assert err == (
        f"{page}: pages (--pages) are chosen in a PDF only, and this is a web page\n"
        f"{text}: pages (--pages) are chosen in a PDF only, and this is text\n"
    )


def test_check_audits_the_pages_given(two_forms: Path) -> None:
    # The sample self-evaluation prints only some of its rows: its sums fall short of 总分.
    status, out, err = run("check", "--pages", "2", str(two_forms))
    assert (status, err) == (1, "")
    assert out == (
        f"{two_forms}:page 2: PA301 the points add up to 65.84 (indicators 55.84 + budget "
        "execution 10), not the published 总分 96\n"
        f"{two_forms}:page 2: PA302 the weights add up to 66 (indicators 56 + budget execution "
        "10), not the published total weight 100\n"
    )
    status, out, err = run("check", "--pages", "1", str(two_forms))
    assert (status, out) == (1, "")
    assert err.startswith(f"{two_forms}: a project-targets form: check audits self-evaluations")


# --- Many files on a process pool -------------------------------------------------------------


@pytest.fixture(scope="module")
def mixed(two_forms: Path, long_form: Path) -> list[str]:
    """Good PDFs, a damaged one, a text table, a web page, a missing file and a blank one."""
    folder = two_forms.parent
    damaged = folder / "damaged.pdf"
    damaged.write_bytes(two_forms.read_bytes()[:2000])
    page = folder / "form.html"
    page.write_text(to_html(TARGET_FORM), "utf-8")
    blank = folder / "blank.txt"
    blank.write_text("\n", "utf-8")
    table = str(CORPUS / "baiyun-office-targets.txt")
    return [
        str(two_forms), str(damaged), table, str(page), str(folder / "missing.pdf"),
        str(long_form), str(blank), str(two_forms),
    ]  # fmt: skip


@pytest.mark.parametrize("form", ["table", "json", "csv"])
def test_jobs_give_the_output_of_a_run_one_file_after_another(form: str, mixed: list[str]) -> None:
    alone = run("-f", form, *mixed)
    assert alone[0] == 1
    damaged = (
        "not a readable PDF (data format error): it is damaged, cut short, not a PDF or has no "
        "pages"
    )
    assert alone[2].splitlines() == [
        f"{mixed[1]}: {damaged}",
        f"{mixed[4]}: cannot read: No such file or directory",
        f"{mixed[6]}: no indicators: the file is empty",
    ]
    assert run("-f", form, "--jobs", "2", *mixed) == alone
    assert run("-f", form, "-j", "3", *mixed) == alone
    assert run("-f", form, "-j", "0", *mixed) == alone  # one per CPU


def test_jobs_read_standard_input_in_the_main_process(mixed: list[str]) -> None:
    table = (CORPUS / "baiyun-office-targets.txt").read_bytes()
    outputs = []
    for jobs in ("1", "2"):
        out, err = io.StringIO(), io.StringIO()
        status = main(
            ["-f", "jsonl", "-j", jobs, mixed[0], "-", mixed[3]], out, err, io.BytesIO(table)
        )
        outputs.append((status, out.getvalue(), err.getvalue()))
    assert outputs[0] == outputs[1]
    status, out, err = outputs[0]
    assert (status, err) == (0, "")
    files = [json.loads(line)["file"] for line in out.splitlines()]
    assert list(dict.fromkeys(files)) == [mixed[0], "<stdin>", mixed[3]]
    assert files.count("<stdin>") == 33


def test_a_wrong_number_of_jobs_is_a_usage_error(two_forms: Path) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["--jobs", "two", str(two_forms)], io.StringIO(), io.StringIO())
    assert raised.value.code == 2


#: The command, with Python's Ctrl-C handler whatever the test runner's (a process started in
#: the background may inherit SIGINT ignored, and Python then keeps ignoring it).
COMMAND = (
    "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "from perfindicator.export.command import main_entry; main_entry()"
)


def test_ctrl_c_ends_the_command_and_its_workers(long_form: Path) -> None:
    files = [str(long_form)] * 2000  # far more than 3 seconds' work
    process = subprocess.Popen(
        [sys.executable, "-c", COMMAND, "-f", "jsonl", "-j", "2", *files],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        start_new_session=True,  # a group of its own, as a terminal's job is
    )
    time.sleep(3)  # the workers have started and are reading
    assert process.poll() is None
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C sends: to every process of the group
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert b"Traceback" not in err
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)  # no process of the group is left


# --- Size ---------------------------------------------------------------------------------------


def test_pdfs_and_workbooks_may_be_larger_than_text(two_forms: Path, tmp_path: Path) -> None:
    data = two_forms.read_bytes()
    text = tmp_path / "big.txt"
    text.write_bytes(b"x" * (len(data) + 1))
    limits = {"limit": 1000, "large_limit": len(data)}
    assert read_input(str(two_forms), **limits) == data
    with pytest.raises(InputError) as raised:
        read_input(str(text), **limits)
    assert str(raised.value) == (
        "larger than the limit of 1,000 bytes; pass --max-bytes (max_bytes) to read bigger files"
    )
    with pytest.raises(InputError) as raised:
        read_input(str(two_forms), limit=1000, large_limit=len(data) - 1)
    assert str(raised.value) == (
        f"larger than the limit of {len(data) - 1:,} bytes for a PDF; pass --max-bytes "
        "(max_bytes) to read bigger files"
    )
    # Standard input the same way, read once.
    assert read_input("-", io.BytesIO(data), **limits) == data
    with pytest.raises(InputError, match="limit of 1,000 bytes;"):
        read_input("-", io.BytesIO(text.read_bytes()), **limits)
    # max_bytes caps every file.
    with pytest.raises(InputError, match="limit of 999 bytes;"):
        read_input(str(two_forms), max_bytes=999, **limits)


@pytest.mark.parametrize(
    ("module", "made"),
    [("openpyxl", lambda: to_xlsx([TARGET_FORM])), ("docx", lambda: to_docx([TARGET_FORM]))],
    ids=["xlsx", "docx"],
)
def test_workbooks_and_word_files_have_the_larger_limit(
    module: str, made: Callable[[], bytes], tmp_path: Path
) -> None:
    pytest.importorskip(module)
    data = made()
    path = tmp_path / "form.bin"  # the first bytes tell, not the name
    path.write_bytes(data)
    kind = "xlsx" if module == "openpyxl" else "docx"
    # The first 32 MiB tell a workbook from a Word file: here, the bytes up to its first part's.
    head = data.index(b"xl/" if kind == "xlsx" else b"word/") + 8
    assert head < len(data) // 2
    assert read_input(str(path), limit=head, large_limit=len(data)) == data
    with pytest.raises(InputError, match=f"limit of {len(data) - 1:,} bytes for a .{kind};"):
        read_input(str(path), limit=head, large_limit=len(data) - 1)
    other = tmp_path / "other.zip"  # a zip archive that is neither keeps the text's limit
    other.write_bytes(data.replace(b"xl/", b"ab/").replace(b"word/", b"abcd/"))
    with pytest.raises(InputError, match=f"limit of {head:,} bytes;"):
        read_input(str(other), limit=head, large_limit=len(data))


def test_read_pdf_reads_the_pages_given(two_forms: Path) -> None:
    data = two_forms.read_bytes()
    assert len(read_pdf(data)) == 2
    (grid,) = read_pdf(data, pages=[2])
    assert grid.name == "1"  # the first table read
    assert grid.cells == read_pdf(data)[1].cells
    assert {box.page for cell in grid.cells for box in cell.boxes} == {2}


def test_max_bytes_caps_pdfs_in_the_command(two_forms: Path) -> None:
    size = two_forms.stat().st_size
    status, out, err = run("--max-bytes", str(size - 1), str(two_forms))
    assert (status, out) == (1, "")
    assert err == (
        f"{two_forms}: larger than the limit of {size - 1:,} bytes; pass --max-bytes to read "
        "bigger files\n"
    )
    assert run("--max-bytes", str(size), str(two_forms))[0] == 0


def test_pages_that_only_continue_a_form_say_where_to_start(tmp_path: Path) -> None:
    """Under a running head (no page furniture alone above it), the rest of a form on the
    pages read has no headings: no form, and the error says to read from where it starts."""
    path = tmp_path / "headed.pdf"
    path.write_bytes(
        _pdfs.to_pdf([Grid.from_rows("text", "1", LONG_ROWS)], running_head="某县2023年部门预算")
    )
    assert len(read(path).indicators) == 59
    with pytest.raises(FormError) as raised:
        read(path, pages=[2])
    assert str(raised.value).endswith(
        "; the pages read may continue a table that starts on an earlier page, whose headings "
        "were not read: read from the page where it starts"
    )
