"""Property tests of the spreadsheet readers: random bytes and random damage to a small valid
workbook or CSV file, and rows of any cells, give indicators or a SheetError, never another
library's error."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfindicator import SheetError, read_csv, read_excel, read_rows

openpyxl = pytest.importorskip("openpyxl")

ROWS = [
    ["项目绩效目标表"],
    ["一级指标", "二级指标", "三级指标", "运算符号", "指标值", "计量单位"],
    ["产出指标", "数量指标", "培训人数", "≥", 100, "人"],
    ["", "质量指标", "合格率（%）", "", 0.95, "%"],
    ["效益指标", "社会效益", "群众获得感", "", "明显提升", ""],
]


def workbook_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in ROWS:
        sheet.append(row)
    sheet["E4"].number_format = "0%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


WORKBOOK = workbook_bytes()
with zipfile.ZipFile(io.BytesIO(WORKBOOK)) as _archive:
    PARTS = {member.filename: _archive.read(member) for member in _archive.infolist()}
CSV = "\n".join(",".join(str(cell) for cell in row) for row in ROWS).encode("utf-8")

settings_for_files = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with a few bytes overwritten, cut out or put in, or cut short."""
    damaged = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        if not damaged:
            break
        at = draw(st.integers(0, len(damaged) - 1))
        how = draw(st.sampled_from(["overwrite", "delete", "insert", "truncate"]))
        if how == "overwrite":
            damaged[at] = draw(st.integers(0, 255))
        elif how == "delete":
            del damaged[at : at + draw(st.integers(1, 64))]
        elif how == "insert":
            damaged[at:at] = draw(st.binary(min_size=1, max_size=16))
        else:
            del damaged[at:]
    return bytes(damaged)


@st.composite
def rezipped(draw: st.DrawFn) -> bytes:
    """The workbook with one of its XML parts damaged and zipped again, so that openpyxl and the
    XML parser, not zipfile's checksum, meet the damage."""
    name = draw(st.sampled_from(sorted(PARTS)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in PARTS.items():
            archive.writestr(part, draw(damaged(data)) if part == name else data)
    return buffer.getvalue()


def read_or_refuse(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    try:
        items = read_excel(path) if path.suffix == ".xlsx" else read_csv(path)
    except SheetError as error:
        assert error.file == str(path)
        assert str(error).startswith(str(path))
    else:
        assert all(item.name for item in items)


def test_the_undamaged_files_read(tmp_path: Path) -> None:
    (tmp_path / "ok.xlsx").write_bytes(WORKBOOK)
    (tmp_path / "ok.csv").write_bytes(CSV)
    assert [str(item.annual) for item in read_excel(tmp_path / "ok.xlsx")] == [
        "≥100人", "95%", "明显提升",
    ]  # fmt: skip
    assert len(read_csv(tmp_path / "ok.csv")) == 3


@given(st.binary(max_size=2048))
@settings_for_files
def test_random_bytes(tmp_path: Path, data: bytes) -> None:
    read_or_refuse(tmp_path / "random.xlsx", data)
    read_or_refuse(tmp_path / "random.csv", data)


@given(damaged(WORKBOOK))
@settings_for_files
def test_a_damaged_workbook(tmp_path: Path, data: bytes) -> None:
    read_or_refuse(tmp_path / "damaged.xlsx", data)


@given(rezipped())
@settings_for_files
def test_a_workbook_with_a_damaged_part(tmp_path: Path, data: bytes) -> None:
    read_or_refuse(tmp_path / "damaged.xlsx", data)


@given(damaged(CSV))
@settings_for_files
def test_a_damaged_csv_file(tmp_path: Path, data: bytes) -> None:
    read_or_refuse(tmp_path / "damaged.csv", data)


def cells() -> st.SearchStrategy[object]:
    """What a cell of a spreadsheet, a data frame or a caller's rows can hold."""
    pieces = st.sampled_from(
        ["≥", "﹦", "95", "%", "万元", "万人次", "2024年12月31日前", "１", "²", "-", "定性", "sNaN"]
    )
    return st.one_of(
        st.none(),
        st.text(max_size=12),
        st.lists(pieces, max_size=4).map("".join),
        st.integers(),
        st.integers(min_value=10**4000, max_value=10**4400),
        st.floats(),
        st.decimals(),
        st.sampled_from([Decimal("sNaN"), Decimal("-Infinity"), Decimal("1e999999")]),
        st.booleans(),
    )


HEADINGS = [
    "序号",
    "一级指标",
    "二级指标",
    "三级指标",
    "指标性质",
    "运算符号",
    "指标值",
    "计量单位",
]


@given(st.lists(st.lists(cells(), min_size=8, max_size=8), max_size=6), st.booleans())
@settings(max_examples=100, deadline=None)
def test_any_cells(rows: list[list[object]], as_mappings: bool) -> None:
    given_rows = (
        [dict(zip(HEADINGS, row, strict=True)) for row in rows]
        if as_mappings
        else [HEADINGS, *rows]
    )
    try:
        items = read_rows(given_rows)  # type: ignore[arg-type]
    except SheetError as error:
        assert error.file is None
    else:
        assert all(item.name for item in items)
