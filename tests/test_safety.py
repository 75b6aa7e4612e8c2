"""What the command and the library write is safe to open and to print, and the command is
bounded on hostile inputs: spreadsheet formulas neutralised, terminal controls escaped,
only regular files or standard input read, and at most so many bytes of them."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _corpus import CORPUS
from perfindicator import ParseError, neutralize_formula, parse_indicators
from perfindicator.core.text import visible
from perfindicator.export.command import main

ITEM = "1、1-产出指标；11-数量指标；{name}；年度指标值:{value}。"


def run(*argv: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err, io.BytesIO(stdin) if stdin is not None else None)
    return code, out.getvalue(), err.getvalue()


def write(tmp_path: Path, text: str, name: str = "block.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------
# Spreadsheet formulas
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        pytest.param('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")', id="="),
        pytest.param("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0", id="+ DDE"),
        pytest.param("@SUM(A1)", "'@SUM(A1)", id="@"),
        pytest.param("-2+3", "'-2+3", id="- formula"),
        pytest.param("\t=1", "'\t=1", id="tab"),
        pytest.param("\r=1", "'\r=1", id="carriage return"),
        pytest.param("-2", "-2", id="negative number"),
        pytest.param("+2.5", "+2.5", id="signed decimal"),
        pytest.param("-1e3", "-1e3", id="exponent"),
        pytest.param("不低于97%", "不低于97%", id="notation"),
        pytest.param("a=b", "a=b", id="= inside"),
        pytest.param("", "", id="empty"),
        pytest.param(None, None, id="missing"),
        pytest.param(33, 33, id="an int"),
    ],
)
def test_neutralize_formula(cell: object, safe: object) -> None:
    assert neutralize_formula(cell) == safe


def test_csv_cells_that_start_a_formula_get_a_quote(tmp_path: Path) -> None:
    path = write(tmp_path, ITEM.format(name='=HYPERLINK("http://x")', value="@SUM(A1)"))
    code, out, err = run("-f", "csv", str(path))
    assert (code, err) == (0, "")
    row = next(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert row["name"] == '\'=HYPERLINK("http://x")'
    assert row["annual_raw"] == "'@SUM(A1)"
    assert row["annual_text"] == "'@SUM(A1)"
    assert row["number"] == "1"


def test_csv_keeps_negative_numbers_as_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, ITEM.format(name="收支差额", value="-5万元"))
    _, out, _ = run("-f", "csv", str(path))
    row = next(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert row["annual_value"] == "-50000"
    assert row["annual_raw"] == "'-5万元"  # text that starts with a sign is not a number


def test_jsonl_is_data_and_keeps_the_text_as_written(tmp_path: Path) -> None:
    path = write(tmp_path, ITEM.format(name="=1+1", value="及时"))
    _, out, _ = run("-f", "jsonl", str(path))
    assert json.loads(out)["name"] == "=1+1"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("=+-@\t\r0123456789.eE名称 ()'\"")), min_size=1, max_size=12
    )
)
def test_no_csv_cell_starts_a_formula(name: str) -> None:
    text = ITEM.format(name="名" + name, value=name.strip() or "及时")
    try:
        parse_indicators(text)
    except ParseError:
        return  # a name the notation cannot hold
    code, out, _ = run("-f", "csv", "-", stdin=text.encode("utf-8"))
    assert code == 0
    for row in csv.reader(io.StringIO(out.removeprefix("\ufeff"), newline="")):
        for cell in row:
            if cell.startswith(_FORMULA_START) and cell != "=":  # an operator alone is data
                float(cell)  # only a number may start with a sign


# --------------------------------------------------------------------------------------------
# The terminal
# --------------------------------------------------------------------------------------------

HOSTILE = "名\x1b]2|owned\x07称\u202e反\x9b2J"


def test_visible_escapes_controls_and_bidi_marks() -> None:
    assert visible("a\x1b[31mb") == "a\\x1b[31mb"
    assert visible("\u202eabc\u2066") == "\\u202eabc\\u2066"
    assert visible("\x00\x7f\x85\x9b") == "\\x00\\x7f\\x85\\x9b"
    assert visible("指标值 ≥95%") == "指标值 ≥95%"


def _controls(text: str) -> set[str]:
    bidi = {"\u061c", "\u200e", "\u200f", *map(chr, range(0x202A, 0x202F))}
    bidi |= set(map(chr, range(0x2066, 0x206A)))
    return {c for c in text if (ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) < 0xA0} | (
        set(text) & bidi
    )


def test_the_readable_table_shows_controls_escaped(tmp_path: Path) -> None:
    path = write(tmp_path, ITEM.format(name=HOSTILE, value="及时"))
    code, out, _ = run(str(path))
    assert code == 0
    assert _controls(out) == set()
    assert "名\\x1b]2|owned\\x07称\\u202e反" in out  # cut to the column's width


def test_check_lines_show_controls_escaped(tmp_path: Path) -> None:
    path = write(tmp_path, ITEM.format(name=HOSTILE + "合格率", value="36人"))
    code, out, _ = run("check", str(path))
    assert code == 0
    assert out.count("\n") == 1
    assert _controls(out) == set()
    assert "\\x1b]2|owned\\x07" in out


def test_error_excerpts_show_controls_escaped_with_the_caret_under_them(tmp_path: Path) -> None:
    text = "1、1-产出指标；11-数量指标；名\x1b[2J称；年度指标值:及时。\n2、\x1b[31m坏"
    path = write(tmp_path, text)
    code, _, err = run(str(path))
    assert code == 1
    assert _controls(err) == set()
    message, source, caret = err.splitlines()
    assert message.startswith(f"{path}:2:3: ")
    assert source == "    2、\\x1b[31m坏"
    assert caret == "       ^" + "~" * (len("\\x1b[31m") + 2 - 1)  # 2、 is three columns


def test_a_parse_error_renders_its_excerpt_escaped() -> None:
    with pytest.raises(ParseError) as caught:
        parse_indicators("1、\u202e坏")
    assert str(caught.value).splitlines()[1] == "    1、\\u202e坏"
    assert caught.value.skipped == "\u202e坏"  # the data itself is untouched


def test_file_names_are_shown_escaped(tmp_path: Path) -> None:
    code, _, err = run(str(tmp_path / "no\x1b[2Jsuch.txt"))
    assert code == 1
    assert "no\\x1b[2Jsuch.txt: cannot read: No such file or directory" in err


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=20))
def test_no_control_reaches_the_terminal(noise: str) -> None:
    text = ITEM.format(name="名" + noise, value=noise) + "\n" + noise
    _, out, err = run("--recover", "-", stdin=text.encode("utf-8", "surrogatepass"))
    _, checked, _ = run("check", "-", stdin=text.encode("utf-8", "surrogatepass"))
    for printed in (out, err, checked):
        assert _controls(printed) == set()


# --------------------------------------------------------------------------------------------
# Bounded inputs
# --------------------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_fifo_is_refused_not_waited_for(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, out, err = run(str(fifo))
    assert (code, out) == (1, "")
    assert err == (
        f"{fifo}: cannot read: not a regular file but a FIFO (named pipe); pass a file, or - for"
        " standard input\n"
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
def test_a_device_is_refused() -> None:
    code, _, err = run("/dev/zero")
    assert code == 1
    assert "/dev/zero: cannot read: not a regular file but a device" in err


def test_a_directory_is_refused(tmp_path: Path) -> None:
    code, _, err = run(str(tmp_path))
    assert code == 1
    assert f"{tmp_path}: cannot read: " in err


def test_a_file_over_the_limit_is_refused_and_the_limit_can_be_raised(tmp_path: Path) -> None:
    path = write(tmp_path, ITEM.format(name="培训人数", value="100人"))
    size = path.stat().st_size
    code, out, err = run("--max-bytes", str(size - 1), str(path))
    assert (code, out) == (1, "")
    assert err == (
        f"{path}: larger than the limit of {size - 1:,} bytes; pass --max-bytes to read bigger"
        " files\n"
    )
    code, out, _ = run("--max-bytes", str(size), str(path))
    assert code == 0
    assert out.endswith("1 indicator\n")


def test_standard_input_is_bounded_too() -> None:
    code, _, err = run("--max-bytes", "1K", "-", stdin=b"\0" * 2000)
    assert code == 1
    assert (
        err
        == "<stdin>: larger than the limit of 1,024 bytes; pass --max-bytes to read bigger files\n"
    )


@pytest.mark.parametrize(
    ("written", "size"), [("64", 64), ("2K", 2048), ("3m", 3 << 20), ("1GB", 1 << 30)]
)
def test_max_bytes_takes_suffixes(written: str, size: int) -> None:
    from perfindicator.export.options import byte_size

    assert byte_size(written) == size


def test_a_wrong_size_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        run("--max-bytes", "lots", str(CORPUS))
    assert stopped.value.code == 2
    assert "not a size in bytes such as 64M: 'lots'" in capsys.readouterr().err


# --------------------------------------------------------------------------------------------
# Never an empty success
# --------------------------------------------------------------------------------------------


def test_an_empty_file_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "\n  \n")
    assert run(str(path)) == (1, "", f"{path}: no indicators: the file is empty\n")
    assert run("check", str(path)) == (1, "", f"{path}: no indicators: the file is empty\n")


def test_text_without_indicators_is_not_zero_indicators(tmp_path: Path) -> None:
    path = write(tmp_path, "关于公开2024年部门预算的说明\n浏览次数：1234\n")
    code, out, err = run("--recover", str(path))
    assert (code, out) == (1, "")
    assert err.endswith(
        f"{path}: no indicators: nothing in it was read as a target table or an indicator block\n"
    )


def test_the_other_files_are_still_written(tmp_path: Path) -> None:
    empty = write(tmp_path, "", "empty.txt")
    good = write(tmp_path, ITEM.format(name="培训人数", value="100人"), "good.txt")
    code, out, err = run("-f", "json", str(empty), str(good))
    assert code == 1
    assert [entry["file"] for entry in json.loads(out)] == [str(good)]
    assert err == f"{empty}: no indicators: the file is empty\n"


# --------------------------------------------------------------------------------------------
# Output that cannot be written
# --------------------------------------------------------------------------------------------


class _Full(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_output_is_one_line_and_status_1() -> None:
    err = io.StringIO()
    assert main([str(CORPUS)], _Full(), err) == 1
    assert err.getvalue() == f"standard output: cannot write: {os.strerror(errno.ENOSPC)}\n"


def test_a_closed_output_is_one_line_and_status_1(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    err = io.StringIO()
    assert main([str(CORPUS)], None, err) == 1
    assert err.getvalue() == "standard output: cannot write: it is closed\n"


def test_a_closed_input_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    assert run("-") == (1, "", "<stdin>: no standard input (it is closed)\n")


def _command(*argv: str, **options: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfindicator", *argv],
        stdout=options.pop("stdout", subprocess.PIPE),
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
        **options,  # type: ignore[arg-type]
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("form", ["table", "csv"])
def test_dev_full(form: str) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "perfindicator", "-f", form, str(CORPUS)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 1
    assert done.stderr == "standard output: cannot write: No space left on device\n"


@pytest.mark.skipif(sys.platform == "win32", reason="closing a descriptor for a child is POSIX")
def test_closed_standard_output_and_input_in_a_real_process() -> None:
    done = _command(str(CORPUS), stdout=subprocess.DEVNULL, preexec_fn=lambda: os.close(1))
    assert (done.returncode, done.stderr) == (1, "standard output: cannot write: it is closed\n")
    done = _command("-", preexec_fn=lambda: os.close(0))
    assert (done.returncode, done.stderr) == (1, "<stdin>: no standard input (it is closed)\n")


def test_unencodable_output_is_replaced_not_a_crash(tmp_path: Path) -> None:
    path = write(tmp_path, ITEM.format(name="培训人数", value="100人"))
    done = _command(str(path), env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0
    assert done.stdout.endswith("1 indicator\n")
    assert "1-????" in done.stdout


# --------------------------------------------------------------------------------------------
# Taxonomy files
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param("[" * 100_000, "not a taxonomy: its JSON is nested too deeply", id="nested"),
        pytest.param("{", "not JSON: Expecting property name", id="broken"),
        pytest.param("[1]", "not a taxonomy: expected a JSON object with 'levels'", id="list"),
        pytest.param('{"levels": 1}', "a taxonomy has 'levels' (name: code)", id="wrong shape"),
    ],
)  # fmt: skip
def test_a_bad_taxonomy_file_exits_2(tmp_path: Path, content: str, message: str) -> None:
    taxonomy = write(tmp_path, content, "taxonomy.json")
    code, out, err = run("check", "--taxonomy", str(taxonomy), str(CORPUS))
    assert (code, out) == (2, "")
    assert err.startswith(f"{taxonomy}: cannot read the taxonomy: {message}")
    assert err.count("\n") == 1


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
def test_a_device_as_taxonomy_exits_2() -> None:
    code, _, err = run("check", "--taxonomy", "/dev/zero", str(CORPUS))
    assert code == 2
    assert "/dev/zero: cannot read the taxonomy: cannot read: not a regular file" in err


# --------------------------------------------------------------------------------------------
# Output is written file by file
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["table", "json", "jsonl", "csv"])
def test_each_file_is_written_as_soon_as_it_is_read(
    form: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import perfindicator.export.command as cli

    events: list[str] = []
    real = cli.read_input

    def reading(name: str, *arguments: Any, **keywords: Any) -> bytes:
        events.append("read")
        return real(name, *arguments, **keywords)

    class Recorder(io.StringIO):
        def write(self, text: str) -> int:
            if not events or events[-1] != "write":
                events.append("write")
            return super().write(text)

    monkeypatch.setattr(cli, "read_input", reading)
    first = write(tmp_path, ITEM.format(name="培训人数", value="100人"), "first.txt")
    second = write(tmp_path, ITEM.format(name="培训次数", value="2次"), "second.txt")
    out = Recorder()
    assert main(["-f", form, str(first), str(second)], out, io.StringIO()) == 0
    assert events == ["read", "write", "read", "write"]
    if form == "json":  # the pieces make one document
        assert [entry["file"] for entry in json.loads(out.getvalue())] == [str(first), str(second)]
    if form == "csv":  # one header, one byte-order mark
        assert out.getvalue().count("\ufeff") == 1
        assert len(list(csv.reader(io.StringIO(out.getvalue())))) == 3


def test_operators_stay_as_they_are_in_csv(tmp_path: Path) -> None:
    path = write(tmp_path, ITEM.format(name="培训人数", value="100人"))
    _, out, _ = run("-f", "csv", str(path))
    row = next(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert (row["annual_op"], row["annual_value"], row["annual_raw"]) == ("=", "100", "100人")


def test_the_escaping_pattern_and_table_agree() -> None:
    from perfindicator.core.text import _INVISIBLE_MARKS, _VISIBLE

    found = {code for code in range(0x30000) if _INVISIBLE_MARKS.fullmatch(chr(code))}
    assert found == set(_VISIBLE)


DIGITS = 'is digits as text ("11") or null'


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param('{"levels": {"产出指标": ["1"]}, "categories": {}}',
                     f"the code of 产出指标 {DIGITS}, not ['1']", id="list code"),
        pytest.param('{"levels": {"产出指标": "1"}, "categories": {"数量指标": [11, "产出指标"]}}',
                     f"the code of 数量指标 {DIGITS}, not 11", id="int code"),
        pytest.param('{"levels": {"产出指标": "1x"}, "categories": {}}',
                     "the code of 产出指标 is digits as text", id="not digits"),
        pytest.param('{"levels": {"产出指标": "1", "效益指标": "1"}, "categories": {}}',
                     "two of the taxonomy's level names have the code 1", id="same code"),
        pytest.param('{"levels": {"产出指标": "1"}, "categories": {"数量指标": "11"}}',
                     "the category '数量指标' is not [code, level]: '11'", id="not a pair"),
        pytest.param('{"name": ["x"], "levels": {"产出指标": "1"}, "categories": {}}',
                     "a taxonomy's name is text, not ['x']", id="name"),
    ],
)  # fmt: skip
def test_a_taxonomy_file_is_checked_field_by_field(
    tmp_path: Path, content: str, message: str
) -> None:
    taxonomy = write(tmp_path, content, "taxonomy.json")
    code, out, err = run("check", "--taxonomy", str(taxonomy), str(CORPUS))
    assert (code, out) == (2, "")
    assert err.startswith(f"{taxonomy}: cannot read the taxonomy: {message}")


def test_a_taxonomy_from_something_else_is_a_type_error() -> None:
    from perfindicator import Taxonomy

    with pytest.raises(TypeError, match="a mapping or a JSON file's path, not list"):
        Taxonomy.load([])  # type: ignore[arg-type]


def test_a_taxonomy_that_is_a_directory_says_to_pass_a_file(tmp_path: Path) -> None:
    code, _, err = run("check", "--taxonomy", str(tmp_path), str(CORPUS))
    assert code == 2
    assert err.rstrip().endswith("not a regular file but a directory; pass a file")


def test_the_encoding_named_is_the_one_reported(tmp_path: Path) -> None:
    path = tmp_path / "gb.txt"
    path.write_bytes(ITEM.format(name="培训人数", value="100人").encode("gb18030"))
    code, _, err = run("--encoding", "utf-8", str(path))
    assert code == 1
    assert err.startswith(f"{path}: cannot decode as utf-8: ")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_output_to_a_fifo_is_refused_not_waited_for(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert run("-o", str(fifo), str(CORPUS)) == (
        1,
        "",
        f"{fifo}: cannot write: it is a FIFO (named pipe); write to a file or to standard output\n",
    )


def test_output_over_an_input_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, ITEM.format(name="培训人数", value="100人"))
    before = path.read_text(encoding="utf-8")
    assert run("-o", str(path), str(path)) == (
        1,
        "",
        f"{path}: cannot write: it is the input file {path}; write somewhere else\n",
    )
    assert path.read_text(encoding="utf-8") == before


@pytest.mark.skipif(sys.platform == "win32", reason="a broken pipe is reported differently")
@pytest.mark.parametrize("form", ["table", "json", "csv"])
def test_a_reader_that_goes_away_is_a_broken_pipe(form: str, tmp_path: Path) -> None:
    """Output far larger than a pipe holds, read one line of: the rest cannot be written, and
    the command says so (a large write to a closed pipe used to end quietly with status 0)."""
    items = "".join(
        ITEM.format(name=f"培训人数{n}", value=f"{n}人").replace("1、", f"{n}、", 1) + "\n"
        for n in range(1, 6001)
    )
    path = write(tmp_path, items)
    child = subprocess.Popen(
        [sys.executable, "-m", "perfindicator", "-f", form, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None
    assert child.stderr is not None
    child.stdout.readline()
    child.stdout.close()
    error = child.stderr.read().decode("utf-8")
    child.stderr.close()
    assert child.wait(timeout=120) == 1
    assert error == "standard output: cannot write: Broken pipe\n"
