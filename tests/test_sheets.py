"""Indicators from spreadsheet rows: the columns budget systems export, read into the same
Indicator objects, each value by the same value parser."""

from __future__ import annotations

import csv
import pickle
import pyexpat
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from perfindicator import (
    Code,
    Date,
    Quantity,
    Range,
    SheetError,
    Text,
    read_csv,
    read_dataframe,
    read_excel,
    read_rows,
)

HEADER = ["序号", "一级指标", "二级指标", "三级指标", "计量单位", "运算符号", "指标性质", "指标值"]
ROWS = [
    ["1", "产出指标", "数量指标", "培训人数", "人", "≥", "正向指标", 100.0],
    ["2", None, "质量指标", "验收合格率（%）", "%", "", "", "100"],  # merged 一级指标 cell
    ["3", "", "时效指标", "完成时间", "", "", "", "2024年12月31日前"],
    ["4", "", "成本指标", "人均成本", "元/人", "", "反向指标", 3000],
    ["5", "效益指标", "社会效益", "群众获得感", "", "", "定性指标", "明显提升"],
    ["", "", "", "", "", "", "", ""],  # a blank line at the end
]


def check_rows(items: list, first: str = "≥100人") -> None:  # type: ignore[type-arg]
    assert [item.number for item in items] == [1, 2, 3, 4, 5]
    assert [str(item.level) for item in items] == ["1-产出指标"] * 4 + ["2-效益指标"]
    assert [item.category for item in items] == [
        Code("11", "数量指标"), Code("12", "质量指标"), Code("13", "时效指标"),
        Code("14", "成本指标"), Code("22", "社会效益"),
    ]  # fmt: skip
    assert [item.annual for item in items] == [
        Quantity.of(">=", 100, "人"),  # 运算符号 and 计量单位 in their own columns
        Quantity.of("=", 100, "%"),
        Date.of("<=", 2024, 12, 31),
        Quantity.of("<=", 3000, "元/人"),  # 反向指标: less is better
        Text.of("明显提升"),
    ]
    assert [item.annual.raw for item in items] == [
        first, "100%", "2024年12月31日前", "≤3000元/人", "明显提升",
    ]  # fmt: skip


def test_rows_as_mappings() -> None:
    check_rows(read_rows(dict(zip(HEADER, row, strict=True)) for row in ROWS))


def test_rows_as_lists_under_a_title() -> None:
    check_rows(read_rows([["项目绩效目标表"], [], HEADER, *ROWS]))


def test_a_data_frame() -> None:
    pandas = pytest.importorskip("pandas")
    check_rows(read_dataframe(pandas.DataFrame(ROWS, columns=HEADER)))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_a_csv_file(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "targets.csv"
    with path.open("w", encoding=encoding, newline="") as file:
        csv.writer(file).writerows([HEADER, *ROWS])
    check_rows(read_csv(path), first="≥100.0人")  # the file says 100.0: the text as written


def test_an_excel_workbook(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["某项目绩效目标申报表"])  # a title above the header
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    path = tmp_path / "targets.xlsx"
    workbook.save(path)
    check_rows(read_excel(path))


def test_codes_written_in_the_cells_and_names_of_other_generations() -> None:
    items = read_rows(
        [
            {
                "一级指标": "1-产出指标",
                "二级指标": "11-数量指标",
                "三级指标": "场次",
                "指标值": "≥20场",
            },
            {
                "一级指标": "成本指标",
                "二级指标": "经济成本指标",
                "三级指标": "人员经费",
                "指标值": "≤20万元",
            },
        ]
    )
    assert [(str(i.level), str(i.category)) for i in items] == [
        ("1-产出指标", "11-数量指标"),
        ("成本指标", "经济成本指标"),  # the 2021 generation has no codes
    ]
    assert items[1].level.code is None
    assert items[1].annual == Quantity.of("<=", 200000, "元")


def test_a_period_value_column() -> None:
    [item] = read_rows(
        [{"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "培训人数",
          "实施周期指标值": "≥300人", "年度指标值": "≥100人"}]
    )  # fmt: skip
    assert (item.period, item.annual) == (
        Quantity.of(">=", 300, "人"),
        Quantity.of(">=", 100, "人"),
    )


def test_what_is_missing_is_said() -> None:
    with pytest.raises(ValueError, match=r"expected a 三级指标 .* found the columns: 项目, 金额"):
        read_rows([{"项目": "x", "金额": 1}])
    with pytest.raises(
        ValueError, match=r"^row 2: expected a target value for 培训人数, found none$"
    ):
        read_rows(
            [
                {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "场次", "指标值": "2"},
                {"一级指标": "", "二级指标": "", "三级指标": "培训人数", "指标值": ""},
            ]
        )
    with pytest.raises(ValueError, match="expected a header row"):
        read_rows([["a", "b"], ["c", "d"]])


def test_mappings_are_read_by_key_whatever_the_order() -> None:
    items = read_rows(
        [
            {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "甲", "指标值": "1人"},
            {"指标值": "2人", "三级指标": "乙", "二级指标": "质量指标", "一级指标": "产出指标"},
        ]
    )
    assert [(i.name, str(i.category), str(i.annual)) for i in items] == [
        ("甲", "11-数量指标", "1人"),
        ("乙", "12-质量指标", "2人"),
    ]


def test_headings_as_exports_write_them() -> None:
    rows = [
        ["项目绩效目标表"],
        ["绩效指标", None, None, None],  # a group heading above the header
        ["*一级指标", "＊二级指标", " 三级指标 ", "指标值（年度）"],
        ["产出指标", "数量指标", "培训人数", "≥100人"],
        ["*一级指标", "＊二级指标", " 三级指标 ", "指标值（年度）"],  # repeated on the next page
        ["1", "2", "3", "4"],  # a row of column numbers
        ["", "", "培训场次", "≥5场"],
    ]
    items = read_rows(rows)
    assert [(i.name, str(i.annual)) for i in items] == [
        ("培训人数", "≥100人"),
        ("培训场次", "≥5场"),
    ]


def test_unit_and_comparator_columns_around_any_number() -> None:
    def one(value: str, unit: str = "", op: str = "") -> str:
        [item] = read_rows(
            [{"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "x",
              "计量单位": unit, "运算符号": op, "指标值": value}]
        )  # fmt: skip
        return str(item.annual)

    assert one("≥95", "%") == "≥95%"
    assert one("20-35", "次") == "20-35次"
    assert one("两", "辆") == "2辆"
    assert one("95", "%", ">=") == "≥95%"
    assert one("95", "%", "大于等于") == "≥95%"
    assert one("100", "某局") == "100"  # an office's name is not a unit


def test_codes_with_dots_and_enumerators() -> None:
    [item] = read_rows(
        [{"一级指标": "一、产出指标", "二级指标": "1.1数量指标", "三级指标": "x", "指标值": "1人"}]
    )
    assert (item.level, item.category) == (Code("1", "产出指标"), Code("11", "数量指标"))


def test_several_projects() -> None:
    rows = [
        ["项目名称", "一级指标", "二级指标", "三级指标", "指标值"],
        ["甲项目", "产出指标", "数量指标", "人数", "≥10人"],
        ["", "", "质量指标", "合格率（%）", "100"],
        ["乙项目", "产出指标", "数量指标", "场次", "≥2场"],
    ]
    projects = read_rows(rows, by_project=True)
    assert list(projects) == ["甲项目", "乙项目"]
    assert [(i.number, i.name) for i in projects["甲项目"]] == [(1, "人数"), (2, "合格率（%）")]
    assert [(i.number, i.name) for i in projects["乙项目"]] == [(1, "场次")]


def test_excel_percentages_and_dates_as_the_sheet_shows_them(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    import datetime

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["一级指标", "二级指标", "三级指标", "计量单位", "指标值"])
    sheet.append(["产出指标", "质量指标", "验收合格率（%）", "%", 0.95])
    sheet["E2"].number_format = "0%"
    sheet.append(["", "时效指标", "完成时间", "", datetime.datetime(2024, 12, 31)])
    path = tmp_path / "targets.xlsx"
    workbook.save(path)
    first, second = read_excel(path)
    assert first.annual == Quantity.of("=", 95, "%")
    assert second.annual == Date.of("=", 2024, 12, 31)


def test_a_csv_in_an_unknown_encoding(tmp_path: Path) -> None:
    path = tmp_path / "targets.csv"
    path.write_bytes(b"\xff\xff\xff")  # neither UTF-8 nor GB18030
    with pytest.raises(ValueError, match="pass encoding="):
        read_csv(path)


# Damaged and hostile files: each gives a SheetError naming the file (and the sheet, row and
# cell where they are known), never an error of the libraries under the readers.


def small_workbook(path: Path) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "指标"
    sheet.append(["一级指标", "二级指标", "三级指标", "指标值"])
    sheet.append(["产出指标", "数量指标", "培训人数", "≥100人"])
    workbook.save(path)
    return path


def rewritten(source: Path, target: Path, parts: dict[str, bytes | None]) -> Path:
    """A copy of a workbook with some parts replaced (or, given None, left out)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for member in old.infolist():
            if member.filename not in parts:
                new.writestr(member, old.read(member))
        for name, data in parts.items():
            if data is not None:
                new.writestr(name, data)
    return target


def sheet_xml(rows: str) -> bytes:
    """A worksheet part; with its dimension, which openpyxl otherwise finds by reading it all."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1:D2"/><sheetData>{rows}</sheetData></worksheet>'
    ).encode()


HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>一级指标</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>二级指标</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>三级指标</t></is></c>'
    '<c r="D1" t="inlineStr"><is><t>指标值</t></is></c></row>'
)


INDICATOR_ROW = (
    '<row r="2"><c r="A2" t="inlineStr"><is><t>产出指标</t></is></c>'
    '<c r="B2" t="inlineStr"><is><t>数量指标</t></is></c>'
    '<c r="C2" t="inlineStr"><is><t>培训人数</t></is></c>'
    '<c r="D2" t="inlineStr"><is><t>≥100人</t></is></c></row>'
)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    workbook = small_workbook(tmp_path / "ok.xlsx")
    cell = "9" * (4 * 1024 * 1024)  # 4 MiB of one digit compresses to a few KiB
    bomb = rewritten(
        workbook,
        tmp_path / "bomb.xlsx",
        {
            "xl/worksheets/sheet1.xml": sheet_xml(
                HEADER_ROW + f'<row r="2"><c r="D2"><v>{cell}</v></c></row>'
            )
        },
    )
    assert bomb.stat().st_size < 64 * 1024
    with pytest.raises(
        SheetError,
        match=r"bomb\.xlsx: the workbook unpacks to [0-9]+ bytes \([0-9]+ parts, 4\.0[0-9] MiB\),"
        r" more than the limit of 1048576 \(1 MiB\); pass max_uncompressed= to allow more$",
    ):
        read_excel(bomb, max_uncompressed=1024 * 1024)
    with pytest.raises(
        SheetError,
        match=r"bomb\.xlsx: the part xl/worksheets/sheet1\.xml unpacks from [0-9]+ to 4194[0-9]{3}"
        r" bytes, [0-9]+ times, more than the limit of 100 times for a part over 1 MiB;"
        r" pass max_ratio= to allow more$",
    ):
        read_excel(bomb)
    assert [str(item.annual) for item in read_excel(workbook)] == ["≥100人"]  # a normal one reads


def test_the_archive_limits_can_be_raised(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>产出指标</t></is></c>'
        f'<c r="B{n}" t="inlineStr"><is><t>数量指标</t></is></c>'
        f'<c r="C{n}" t="inlineStr"><is><t>场次</t></is></c><c r="D{n}"><v>1</v></c></row>'
        for n in range(2, 5000)
    )  # a long sheet of repeated rows compresses well
    path = rewritten(
        small_workbook(tmp_path / "ok.xlsx"),
        tmp_path / "long.xlsx",
        {"xl/worksheets/sheet1.xml": sheet_xml(HEADER_ROW + rows)},
    )
    with pytest.raises(SheetError, match="times, more than the limit of 10 times"):
        read_excel(path, max_ratio=10)
    assert len(read_excel(path, max_ratio=1000)) == 4998


def workbook_error(path: Path, **options: object) -> SheetError:
    with pytest.raises(SheetError) as caught:
        read_excel(path, **options)  # type: ignore[arg-type]
    return caught.value


def test_damaged_workbooks(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    good = small_workbook(tmp_path / "good.xlsx")
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(good.read_bytes()[:1500])
    random = tmp_path / "random.xlsx"
    random.write_bytes(bytes(range(256)) * 8)
    error = workbook_error(truncated)
    assert str(error).startswith(
        f"{truncated}: a damaged or cut-short file: it starts as an .xlsx workbook (a zip"
        " archive) but is not a complete one ("
    )
    assert (error.file, error.sheet, error.row) == (str(truncated), None, None)
    error = workbook_error(random)
    assert str(error) == (
        f"{random}: not an .xlsx workbook: an .xlsx workbook is a zip archive, and this file is"
        " not one (File is not a zip file)"
    )

    no_workbook = rewritten(good, tmp_path / "no_workbook.xlsx", {"xl/workbook.xml": None})
    assert str(workbook_error(no_workbook)) == (
        f"{no_workbook}: not a readable .xlsx workbook:"
        " There is no item named 'xl/workbook.xml' in the archive"
    )
    corrupt = rewritten(
        good, tmp_path / "corrupt.xlsx", {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row"}
    )  # a sheet without its dimension is read through as the workbook is opened
    assert str(workbook_error(corrupt)) == (
        f"{corrupt}: not a readable .xlsx workbook:"
        " xl/worksheets/sheet1.xml: unclosed token: line 1, column 22"
    )
    cut = sheet_xml(HEADER_ROW + '<row r="2"><c r="A2" t="inlineStr"><is><t>产出指标</t></is></c>')
    corrupt_later = rewritten(
        good, tmp_path / "corrupt_later.xlsx", {"xl/worksheets/sheet1.xml": cut[:-30]}
    )  # the rows break off: found as they are read
    error = workbook_error(corrupt_later)
    assert str(error).startswith(f"{corrupt_later}, sheet 指标, row 2: damaged sheet: ")
    assert (error.file, error.sheet, error.row) == (str(corrupt_later), "指标", 2)
    assert (
        str(workbook_error(good, sheet="其他"))
        == f"{good}: no sheet named 其他; the sheets are: 指标"
    )


def test_a_damaged_cell_is_named(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    good = small_workbook(tmp_path / "good.xlsx")

    def with_value(value: str) -> Path:
        row = (
            '<row r="2"><c r="A2" t="inlineStr"><is><t>产出指标</t></is></c>'
            '<c r="B2" t="inlineStr"><is><t>数量指标</t></is></c>'
            f'<c r="C2" t="inlineStr"><is><t>培训人数</t></is></c><c r="D2">{value}</c></row>'
        )
        path = tmp_path / "cell.xlsx"
        return rewritten(good, path, {"xl/worksheets/sheet1.xml": sheet_xml(HEADER_ROW + row)})

    infinite = with_value("<v>1e1000000</v>")  # a float: infinity
    assert str(workbook_error(infinite)) == (
        f"{infinite}, sheet 指标, cell D2 (指标值):"
        " cannot read the cell: not a finite number: Infinity"
    )
    long_int = with_value(f"<v>{'1' * 5000}</v>")  # beyond int()'s 4300 digits
    error = workbook_error(long_int)
    assert str(error).startswith(f"{long_int}, sheet 指标, row 2: damaged sheet: Exceeds the limit")
    assert [str(item.annual) for item in read_excel(with_value("<v>12</v>"))] == ["12"]
    bad_string = rewritten(
        good,
        tmp_path / "bad_string.xlsx",
        {
            "xl/worksheets/sheet1.xml": sheet_xml(
                HEADER_ROW + '<row r="2"><c r="D2" t="s"><v>99</v></c></row>'
            )
        },
    )  # a shared string that is not there
    assert str(workbook_error(bad_string)) == (
        f"{bad_string}, sheet 指标, row 2: damaged sheet: list index out of range"
    )


def test_text_cells_that_look_like_decimal_signals_stay_text(tmp_path: Path) -> None:
    values = ["1e1000000", "sNaN", "Infinity", "-Infinity", "1E+999999999"]
    items = read_rows(
        {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": f"x{n}", "指标值": value}
        for n, value in enumerate(values)
    )
    assert [item.annual for item in items] == [Text.of(value) for value in values]


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (Decimal("sNaN"), "not a number: sNaN"),
        (Decimal("Infinity"), "not a finite number: Infinity"),
        (float("-inf"), "not a finite number: -Infinity"),
        (Decimal("1e1000000"), "a number too large or too small to be a target: 1.000000E+1000000"),
        pytest.param(
            10**5000,
            "a number too large or too small to be a target: 1.000000E+5000",
            id="10**5000",
        ),
    ],
)
def test_number_cells_that_cannot_be_values(cell: object, message: str) -> None:
    rows = [
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "培训人数", cell],
    ]
    with pytest.raises(SheetError) as caught:
        read_rows(rows)
    assert str(caught.value) == f"row 2, column 4 (指标值): cannot read the cell: {message}"
    assert (caught.value.row, caught.value.column, caught.value.cell) == (2, 4, "D2")


def test_missing_cells_of_a_data_frame() -> None:
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame(
        {
            "一级指标": ["产出指标", pandas.NA, None],
            "二级指标": ["数量指标", "质量指标", pandas.NA],
            "三级指标": ["培训人数", "合格率（%）", pandas.NA],
            "指标值": [pandas.NA, "100", pandas.NaT],
            "实施周期指标值": ["≥300人", pandas.NA, float("nan")],
        },
        dtype=object,
    )
    first, second = read_dataframe(frame)
    assert (first.annual, first.period) == (None, Quantity.of(">=", 300, "人"))
    assert (str(second.level), second.annual, second.period) == (
        "1-产出指标", Quantity.of("=", 100, "%"), None,
    )  # fmt: skip
    frame = pandas.DataFrame(
        {
            "一级指标": ["产出指标"],
            "二级指标": ["数量指标"],
            "三级指标": ["x"],
            "指标值": [pandas.NA],
        }
    ).astype({"指标值": "Float64"})
    with pytest.raises(SheetError, match=r"^row 1: expected a target value for x, found none$"):
        read_dataframe(frame)


def test_damaged_csv_files(tmp_path: Path) -> None:
    long_cell = tmp_path / "long.csv"
    long_cell.write_text(
        '一级指标,二级指标,三级指标,指标值\n产出指标,数量指标,x,"' + "长" * 200_000 + '"\n',
        encoding="utf-8",
    )
    with pytest.raises(SheetError) as caught:
        read_csv(long_cell)
    assert str(caught.value) == (
        f"{long_cell}: cannot read line 2 as CSV: a cell longer than the CSV reader's limit of"
        f" {csv.field_size_limit()} characters"
    )
    bad_value = tmp_path / "header.csv"
    bad_value.write_text(
        "一级指标,二级指标,三级指标,指标值\n产出指标,数量指标,x,\n", encoding="utf-8"
    )
    with pytest.raises(
        SheetError, match=rf"^{re.escape(str(bad_value))}, row 2: expected a target"
    ):
        read_csv(bad_value)
    no_header = tmp_path / "none.csv"
    no_header.write_bytes(b"a,b\n1,2\n")
    with pytest.raises(SheetError, match=rf"^{re.escape(str(no_header))}: expected a header row"):
        read_csv(no_header)


def test_a_sheet_error_pickles() -> None:
    error = SheetError("x", file="a.xlsx", sheet="指标", row=3, column=28, heading="指标值")
    again = pickle.loads(pickle.dumps(error))
    assert (str(again), again.cell) == (str(error), "AB3")
    assert str(error) == "a.xlsx, sheet 指标, cell AB3 (指标值): x"


def test_cells_a_sheet_leaves_out_count_against_its_limit(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    good = small_workbook(tmp_path / "good.xlsx")
    far_row = rewritten(
        good,
        tmp_path / "far_row.xlsx",
        {
            "xl/worksheets/sheet1.xml": sheet_xml(
                HEADER_ROW + '<row r="999999999"><c r="A999999999"><v>1</v></c></row>'
            )
        },
    )  # a billion empty rows above one cell
    assert str(workbook_error(far_row, max_cells=1000)) == (
        f"{far_row}, sheet 指标, row 998: more than 1000 cells by this row;"
        " pass max_cells= to allow more"
    )
    far_column = rewritten(
        good,
        tmp_path / "far_column.xlsx",
        {
            "xl/worksheets/sheet1.xml": sheet_xml(
                HEADER_ROW + INDICATOR_ROW.replace("</row>", '<c r="XFD2"><v>1</v></c></row>')
            )
        },
    )  # 16380 empty cells before the last
    assert str(workbook_error(far_column, max_cells=10_000)) == (
        f"{far_column}, sheet 指标, row 2: more than 10000 cells by this row;"
        " pass max_cells= to allow more"
    )
    assert read_excel(far_column) == read_excel(good)


# The value split over cells (docs/spreadsheets.md): 指标性质 / 运算符号 | 指标值 |
# 度量单位 / 计量单位 make one
# value, the scale of a unit such as 万元 folded in as the notation folds it in 500万元.
SPLIT_VALUES = [
    # (comparator heading, comparator, value, unit heading, unit): expected value, raw
    (("指标性质", "≥", "95", "度量单位", "%"), Quantity.of(">=", 95, "%"), "≥95%"),
    (("运算符号", "≥", "95", "计量单位", "%"), Quantity.of(">=", 95, "%"), "≥95%"),
    (("指标性质", "≧", "95", "计量单位", "%"), Quantity.of(">=", 95, "%"), "≧95%"),
    (("运算符号", "≤", "3", "计量单位", "个工作日"), Quantity.of("<=", 3, "工作日"), "≤3个工作日"),
    (("运算符号", "＝", "100", "计量单位", "%"), Quantity.of("=", 100, "%"), "＝100%"),
    (("运算符号", "﹦", "100", "计量单位", "%"), Quantity.of("=", 100, "%"), "﹦100%"),
    (("运算符号", "═", "4", "计量单位", "次/年"), Quantity.of("=", 4, "次/年"), "═4次/年"),
    (("运算符号", ">", "90", "计量单位", "分"), Quantity.of(">", 90, "分"), ">90分"),
    (("运算符号", "＜", "5", "计量单位", "%"), Quantity.of("<", 5, "%"), "＜5%"),
    (("运算符号", "大于等于", "95", "计量单位", "%"), Quantity.of(">=", 95, "%"), "大于等于95%"),
    (("运算符号", "约", "200", "计量单位", "人次"), Quantity.of("~", 200, "人次"), "约200人次"),
    (("指标性质", "定性", "明显改善", "计量单位", ""), Text.of("明显改善"), "明显改善"),
    (("指标性质", "定量", "95", "计量单位", "%"), Quantity.of("=", 95, "%"), "95%"),
    # 500 万元 is 5000000 元, 2.5 万人次 25000 人次, 3 亿元 300000000 元, 1.2 万人 12000 人
    (("运算符号", "", "500", "计量单位", "万元"), Quantity.of("=", 5_000_000, "元"), "500万元"),
    (("运算符号", "≤", "500", "度量单位", "万元"), Quantity.of("<=", 5_000_000, "元"), "≤500万元"),
    (
        ("运算符号", "≥", "2.5", "计量单位", "万人次"),
        Quantity.of(">=", 25_000, "人次"),
        "≥2.5万人次",
    ),
    (("运算符号", "", "3", "计量单位", "亿元"), Quantity.of("=", 300_000_000, "元"), "3亿元"),
    (("指标性质", "≥", "1.2", "计量单位", "万人"), Quantity.of(">=", 12_000, "人"), "≥1.2万人"),
    (("运算符号", "", "20-35", "计量单位", "万元"), Range.of(200_000, 350_000, "元"), "20-35万元"),
    (
        ("运算符号", "≤", "0.5", "计量单位", "万元/人"),
        Quantity.of("<=", 5000, "元/人"),
        "≤0.5万元/人",
    ),
    (("运算符号", "", "两", "计量单位", "万元"), Quantity.of("=", 20_000, "元"), "两万元"),
    (
        ("运算符号", "≤", "2024年12月31日", "计量单位", ""),
        Date.of("<=", 2024, 12, 31),
        "≤2024年12月31日",
    ),
    # A cell that says its own comparator keeps it; so does one that says =.
    (("运算符号", "≤", "≥95", "计量单位", "%"), Quantity.of(">=", 95, "%"), "≥95%"),
    (("运算符号", "≥", "=95", "计量单位", "%"), Quantity.of("=", 95, "%"), "=95%"),
]


@pytest.mark.parametrize(
    ("cells", "expected", "raw"),
    SPLIT_VALUES,
    ids=[" | ".join(cells[1:3]) + cells[4] for cells, _, _ in SPLIT_VALUES],
)
def test_a_value_split_over_cells(cells: tuple[str, ...], expected: object, raw: str) -> None:
    op_heading, op, value, unit_heading, unit = cells
    header = ["一级指标", "二级指标", "三级指标", op_heading, "指标值", unit_heading]
    rows = [header, ["产出指标", "数量指标", "x", op, value, unit]]
    for read in (read_rows(rows), read_rows([dict(zip(header, rows[1], strict=True))])):
        [item] = read
        assert item.annual == expected
        assert item.annual.raw == raw


def test_comparator_and_nature_columns_side_by_side() -> None:
    header = ["一级指标", "二级指标", "三级指标", "指标性质", "运算符号", "指标值", "计量单位"]
    rows = [
        header,
        ["产出指标", "数量指标", "甲", "正向指标", "≤", "5", "万元"],  # the comparator column wins
        ["", "", "乙", "反向指标", "", "5", "万元"],  # 反向: less is better
        ["", "", "丙", "定量", "", "5", "万元"],
    ]
    assert [(item.annual, item.annual.raw) for item in read_rows(rows)] == [
        (Quantity.of("<=", 50_000, "元"), "≤5万元"),
        (Quantity.of("<=", 50_000, "元"), "≤5万元"),
        (Quantity.of("=", 50_000, "元"), "5万元"),
    ]


def test_an_old_xls_workbook_is_named(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    path = tmp_path / "targets.xls"
    path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504))
    assert str(workbook_error(path)) == (
        f"{path}: an old .xls workbook, or an .xlsx with a password (both are OLE2 documents),"
        " which openpyxl cannot read: save it as an .xlsx workbook without a password"
    )


@pytest.mark.skipif(
    pyexpat.version_info < (2, 4, 0), reason="expat limits entity expansion from 2.4.0"
)
def test_entities_that_expand_a_billion_times_are_refused(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10)
    )
    part = sheet_xml(
        HEADER_ROW + '<row r="2"><c r="D2" t="inlineStr"><is><t>&a9;</t></is></c></row>'
    ).replace(b"<worksheet ", f"<!DOCTYPE worksheet [{entities}]><worksheet ".encode())
    laughs = rewritten(
        small_workbook(tmp_path / "good.xlsx"),
        tmp_path / "laughs.xlsx",
        {"xl/worksheets/sheet1.xml": part},
    )  # 10**9 times "ha": 2 GB from 1 KB
    message = str(workbook_error(laughs))
    assert message.startswith(f"{laughs}, sheet 指标, row 2: damaged sheet: limit on input")


def test_a_number_column_of_other_digits_is_passed_over() -> None:
    rows = [["序号", "一级指标", "二级指标", "三级指标", "指标值"]]
    rows += [
        [number, "产出指标", "数量指标", f"x{number}", "1人"] for number in ["0", "²", "٣", "7"]
    ]
    assert [item.number for item in read_rows(rows)] == [0, 2, 3, 7]  # ² and ٣ are not 0-9


def test_openpyxl_warnings_do_not_reach_the_caller(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["一级指标", "二级指标", "三级指标", "指标值", "备注"])
    sheet.append(["产出指标", "数量指标", "培训人数", "≥100人", 1e10])
    sheet["E2"].number_format = "yyyy-mm-dd"  # a date beyond any calendar: openpyxl warns
    path = tmp_path / "warns.xlsx"
    workbook.save(path)
    [item] = read_excel(path)  # pytest turns warnings into errors
    assert item.annual == Quantity.of(">=", 100, "人")


def test_a_zip_bomb_that_understates_its_size_is_cut_short(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    cell = "9" * (4 * 1024 * 1024)
    bomb = rewritten(
        small_workbook(tmp_path / "ok.xlsx"),
        tmp_path / "bomb.xlsx",
        {
            "xl/worksheets/sheet1.xml": sheet_xml(
                HEADER_ROW + f'<row r="2"><c r="D2" t="inlineStr"><is><t>{cell}</t></is></c></row>'
            )
        },
    )
    data = bytearray(bomb.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    # The size of the part, in its central directory entry and in its local header.
    for signature, name_at, size_at in ((b"PK\x01\x02", 46, 24), (b"PK\x03\x04", 30, 22)):
        header = data.find(signature)
        while data[header + name_at : header + name_at + len(name)] != name:
            header = data.find(signature, header + 4)
        data[header + size_at : header + size_at + 4] = (1000).to_bytes(4, "little")
    bomb.write_bytes(data)  # its directory says 1000 bytes: zipfile unpacks no more than that
    with zipfile.ZipFile(bomb) as archive:
        assert archive.getinfo(name.decode()).file_size == 1000
    error = workbook_error(bomb)
    assert (
        str(error)
        == f"{bomb}: not a readable .xlsx workbook: Bad CRC-32 for file '{name.decode()}'"
    )


def test_a_spreadsheet_error_value_is_named_where_it_is_read(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    row = INDICATOR_ROW.replace(
        '<c r="D2" t="inlineStr"><is><t>≥100人</t></is></c>', '<c r="D2" t="e"><v>#DIV/0!</v></c>'
    )
    path = rewritten(
        small_workbook(tmp_path / "good.xlsx"),
        tmp_path / "errors.xlsx",
        {"xl/worksheets/sheet1.xml": sheet_xml(HEADER_ROW + row)},
    )
    assert str(workbook_error(path)) == (
        f"{path}, sheet 指标, cell D2 (指标值): cannot read the cell:"
        " the cell shows the spreadsheet error #DIV/0!, not a value"
    )
    in_a_note = INDICATOR_ROW.replace("</row>", '<c r="E2" t="e"><v>#N/A</v></c></row>')
    path = rewritten(
        small_workbook(tmp_path / "good.xlsx"),
        tmp_path / "note.xlsx",
        {"xl/worksheets/sheet1.xml": sheet_xml(HEADER_ROW + in_a_note)},
    )  # a column that is not read
    assert [str(item.annual) for item in read_excel(path)] == ["≥100人"]


def test_a_missing_part_is_named_without_quotes(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    good = small_workbook(tmp_path / "good.xlsx")
    no_types = rewritten(good, tmp_path / "no_types.xlsx", {"[Content_Types].xml": None})
    assert str(workbook_error(no_types)) == (
        f"{no_types}: not a readable .xlsx workbook:"
        " There is no item named '[Content_Types].xml' in the archive"
    )


def test_decimal_cells_are_read_exactly_and_never_signal() -> None:
    def annual(cell: object) -> object:
        [item] = read_rows(
            [{"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "场次",
              "计量单位": "次", "指标值": cell}]
        )  # fmt: skip
        return item.annual

    many = Decimal("1234567890123456789012345678901234")  # more digits than decimal's context
    assert annual(many) == Quantity.of("=", many, "次")
    assert annual(Decimal("2.50")) == Quantity.of("=", "2.5", "次")
    # A number cell out of any budget's range, or a signalling NaN, names its cell.
    with pytest.raises(SheetError, match="a number too large or too small to be a target"):
        annual(Decimal("1e1000000"))
    with pytest.raises(SheetError, match="not a number: sNaN"):
        annual(Decimal("sNaN"))
