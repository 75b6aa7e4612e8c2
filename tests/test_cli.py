"""The perfindicator command: formats, several files, errors, encodings."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from _corpus import CORPUS
from perfindicator import parse_indicators, parse_table
from perfindicator.export.command import COLUMNS, main

BLOCK = "1、1-产出指标；11-数量指标；报废小车数量；实施周期指标值:1；年度指标值:不低于97%。"


def run(*argv: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err, io.BytesIO(stdin) if stdin is not None else None)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def block_file(tmp_path: Path) -> Path:
    path = tmp_path / "block.txt"
    path.write_text(BLOCK, encoding="utf-8")
    return path


def test_readable_table_of_the_sample_corpus() -> None:
    code, out, err = run(str(CORPUS))
    assert (code, err) == (0, "")
    assert "项目支出绩效目标表（含转移支付项目）" in out
    assert "  公务用车购置费: 总计 18  财政拨款 18 万元" in out
    assert out.rstrip().endswith("6 projects, 33 indicators")
    row = next(line for line in out.splitlines() if "报废小车数量" in line)
    # Columns are aligned by display width: 报废小车数量 (12 columns) padded to 30.
    assert (
        row
        == "    1   1-产出指标     11-数量指标        报废小车数量                   1"
        + " " * 21
        + " 1"
    )


def test_json_is_the_interchange_form() -> None:
    code, out, _ = run("--format", "json", str(CORPUS))
    assert code == 0
    assert json.loads(out) == parse_table(CORPUS.read_text(encoding="utf-8")).to_dict()


def test_a_bare_block_is_detected(block_file: Path) -> None:
    code, out, _ = run("-f", "json", str(block_file))
    assert code == 0
    assert json.loads(out) == [item.to_dict() for item in parse_indicators(BLOCK)]


def test_jsonl_one_row_per_indicator() -> None:
    code, out, _ = run("--format", "jsonl", str(CORPUS))
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert len(rows) == 33
    assert list(rows[0]) == COLUMNS
    first = rows[0]
    assert first["funding_unit"] == "广州市白云区人民政府办公室"
    assert first["project"] == "公务用车购置费"
    assert first["project_total"] == "18"
    assert (first["number"], first["name"], first["annual_value"]) == (1, "报废小车数量", "1")
    ratio = next(row for row in rows if row["period_kind"] == "ratio")
    assert ratio["period_numerator"] == "实际完成的工作量"
    assert ratio["period_value"] is None


def test_csv_opens_in_excel(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    code, out, _ = run("--format", "csv", "-o", str(target), str(CORPUS))
    assert (code, out) == (0, "")
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    with target.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == 33
    assert rows[6]["annual_text"] == "保障公务用车安全可靠使用"
    assert rows[-1]["annual_op"] == ">="
    assert b"\r\n" in data


def test_several_files_and_one_error(block_file: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("1、1-产出指标；11-数量指标；报废小车数量；年度指标值:", encoding="utf-8")
    code, out, err = run("-f", "jsonl", str(bad), str(block_file), str(CORPUS))
    assert code == 1
    assert len(out.splitlines()) == 1 + 33  # the other files are still read
    assert err.splitlines() == [
        f"{bad}:1:31: expected a value after '年度指标值:', found the end of the text",
        "    1、1-产出指标；11-数量指标；报废小车数量；年度指标值:",
        "                                                         ^",
    ]


def test_json_of_several_files(block_file: Path) -> None:
    code, out, _ = run("-f", "json", str(block_file), str(block_file))
    assert code == 0
    assert [doc["file"] for doc in json.loads(out)] == [str(block_file)] * 2


def test_missing_file_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    code, _, err = run(str(tmp_path / "nope.txt"))
    assert code == 1
    assert err == f"{tmp_path / 'nope.txt'}: cannot read: No such file or directory\n"


def test_gb18030_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(BLOCK.encode("gb18030"))
    code, out, _ = run("-f", "json", str(path))
    assert code == 0
    assert json.loads(out)[0]["name"] == "报废小车数量"


def test_undecodable_file(tmp_path: Path) -> None:
    path = tmp_path / "binary.txt"
    path.write_bytes(b"\x81\x30\xff\xfe\x00")
    path.write_bytes(b"abc\x80\xff")
    code, _, err = run(str(path))
    assert code == 1
    assert "cannot decode" in err
    assert "--encoding" in err
    code, _, err = run("--encoding", "ascii", str(path))
    assert code == 1
    assert err.startswith(f"{path}: cannot decode as ascii:")


def test_standard_input() -> None:
    code, out, _ = run("-f", "jsonl", "-", stdin=BLOCK.encode("utf-8"))
    assert code == 0
    assert json.loads(out)["file"] == "<stdin>"


def test_python_dash_m(block_file: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "perfindicator", "-f", "json", str(block_file)],
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.decode("utf-8"))[0]["annual"]["op"] == ">="


def test_usage_error_exits_2() -> None:
    with pytest.raises(SystemExit) as caught:
        run("--format", "xml", "x.txt")
    assert caught.value.code == 2


def test_recover_outputs_what_it_can_and_reports_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "damaged.txt"
    path.write_text(BLOCK + BLOCK.replace("1、", "2、").replace("11-", "1x"), encoding="utf-8")
    code, out, err = run("--recover", "-f", "jsonl", str(path))
    assert code == 1
    assert [json.loads(line)["number"] for line in out.splitlines()] == [1]
    assert err.splitlines()[0].startswith(f"{path}:1:48: expected '；' and a category")
    assert err.splitlines()[0].endswith("; skipped this text")


def test_an_unwritable_output_is_a_message(tmp_path: Path) -> None:
    code, _, err = run("-o", str(tmp_path / "missing" / "out.csv"), "-f", "csv", str(CORPUS))
    assert code == 1
    assert err == f"{tmp_path / 'missing' / 'out.csv'}: cannot write: No such file or directory\n"


def test_rows_carry_the_table_and_its_currency() -> None:
    _, out, _ = run("-f", "jsonl", str(CORPUS))
    first = json.loads(out.splitlines()[0])
    assert (first["title"], first["department"], first["currency"]) == (
        "项目支出绩效目标表（含转移支付项目）",
        "广州市白云区人民政府办公室",
        "万元",
    )


def test_data_is_utf8_whatever_the_console_encoding(block_file: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "perfindicator", "-f", "csv", str(block_file)],
        capture_output=True,
        check=False,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "cp936"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"\xef\xbb\xbf")
    assert "报废小车数量" in result.stdout.decode("utf-8-sig")


def test_version() -> None:
    with pytest.raises(SystemExit) as caught:
        run("--version")
    assert caught.value.code == 0


def test_a_broken_utf16_file_is_a_message(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(b"\xff\xfe" + BLOCK.encode("utf-16-le") + b"\x00")
    code, _, err = run(str(path))
    assert code == 1
    assert err.startswith(f"{path}: cannot decode as UTF-16")
