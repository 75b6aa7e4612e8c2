"""Indicators from spreadsheet rows: the columns budget systems export, read into the same
Indicator objects, each value by the same value parser."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from perfindicator import (
    Code,
    Date,
    Quantity,
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
    with pytest.raises(ValueError, match=r"row 2 \(培训人数\): expected a target value"):
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
    assert annual(Decimal("1e1000000")) == Text.of("1E+1000000")  # not notation: text
    with pytest.raises(ValueError, match=r"row 1 \(场次\): expected a target value"):
        annual(Decimal("sNaN"))  # an empty cell, as NaN is
