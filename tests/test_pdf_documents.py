"""Long PDFs as budget systems print a 部门预算: a cover line, a 目录, ruled tables of figures
before and after the forms. Only the forms are read: no project, amount or title comes from
the other tables, and a document without a form is refused, saying how many tables it held."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pypdfium2", reason="reading PDFs needs pypdfium2 (the pdf extra)")
pytest.importorskip("reportlab", reason="the tests print their PDFs with reportlab")

import _pdfs
import perfindicator
from _forms import TARGET_ROWS
from perfindicator.model.errors import FormError, NoFormError
from perfindicator.sources.grid import Grid

CONTENTS = Grid.from_rows(
    "text",
    "1",
    [
        ["目录", "页码"],
        ["一、收支预算总表", "1"],
        ["二、财政拨款支出表", "2"],
        ["三、项目支出绩效目标表", "3"],
        ["四、政府采购预算表", "5"],
    ],
)
TOTALS = Grid.from_rows(
    "text",
    "1",
    [
        ["项目", "本年收入", "本年支出"],
        ["一般公共预算拨款", "1500.00", "1500.00"],
        ["合计", "1500.00", "1500.00"],
    ],
)
SPENDING = Grid.from_rows(
    "text",
    "1",
    [
        ["功能分类科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        ["2010301", "行政运行", "800.00", "800.00", ""],
        ["2010350", "事业运行", "700.00", "", "700.00"],
    ],
)
PURCHASES = Grid.from_rows(
    "text", "1", [["项目", "采购品目", "预算金额"], ["办公设备", "台式计算机", "35.00"]]
)
FORM = Grid.from_rows("text", "1", TARGET_ROWS[2:])


def _read(tmp_path: Path, grids: list[Grid], above: list[list[str]]) -> perfindicator.Document:
    path = tmp_path / "部门预算.pdf"
    path.write_bytes(_pdfs.to_pdf(grids, above=above, new_page=True))
    return perfindicator.read(path)


def test_the_form_among_other_tables_is_read_and_nothing_else(tmp_path: Path) -> None:
    document = _read(
        tmp_path,
        [CONTENTS, TOTALS, SPENDING, FORM, PURCHASES],
        [
            ["2023年县交通运输局部门预算", "目录"],
            ["收支预算总表", "本表列示部门全部收入和支出。"],
            ["财政拨款支出表"],
            ["项目支出绩效目标申报表", "（2023年度）"],
            ["政府采购预算表"],
        ],
    )
    data = document.to_dict()
    assert (data["form"], data["title"], data["year"], data["currency"]) == (
        "project-targets",
        "项目支出绩效目标申报表",
        2023,
        "万元",
    )
    (project,) = data["projects"]
    assert project["name"] == "农村公路养护"
    assert project["amounts"] == {
        "total": "120",
        "fiscal": "120",
        "fiscal_special": None,
        "other": None,
    }
    rows = [
        (i["level"]["name"], i["category"]["name"], i["name"], i["annual"]["raw"])
        for i in project["indicators"]
    ]
    assert rows == [
        ("产出指标", "数量指标", "养护里程", "≥300公里"),
        ("产出指标", "数量指标", "桥梁检查次数", "4次/年"),
        ("产出指标", "质量指标", "路况优良率", "≥85%"),
        ("效益指标", "社会效益指标", "群众出行条件", "明显改善"),
        ("满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%"),
    ]
    # The form is the fourth table, each on a page of its own: every box is on page 4.
    pages = {box["page"] for i in project["indicators"] for box in i["location"]["boxes"]}
    assert pages == {4}


def test_a_form_without_a_project_name_takes_none_from_the_table_before(tmp_path: Path) -> None:
    no_name = Grid.from_rows("text", "1", TARGET_ROWS[5:])
    with pytest.raises(FormError) as caught:
        _read(tmp_path, [TOTALS, no_name], [["收支预算总表"], ["项目支出绩效目标表"]])
    assert str(caught.value).endswith(
        "pdf table 2: the form names no project (项目名称 or 部门名称)"
    )


def test_a_document_of_other_tables_only_is_refused_saying_how_many(tmp_path: Path) -> None:
    with pytest.raises(NoFormError) as caught:
        _read(tmp_path, [CONTENTS, TOTALS, SPENDING, PURCHASES], [["目录"], ["收支预算总表"]])
    assert str(caught.value).endswith(
        "no target or self-evaluation form found (4 tables: none has a heading row with"
        " 三级指标 / 指标名称 and 指标值)"
    )


SPACED = ("项目名称", "年度目标", "一级指标", "二级指标", "三级指标", "指标值")


def test_headings_printed_with_spaces_between_characters_are_the_headings(
    tmp_path: Path,
) -> None:
    spaced = [
        [" ".join(cell) if cell in SPACED else cell for cell in row] for row in TARGET_ROWS[2:]
    ]
    document = _read(
        tmp_path,
        [TOTALS, Grid.from_rows("text", "1", spaced)],
        [["收支预算总表"], ["项目支出绩效目标申报表"]],
    )
    (project,) = document.to_dict()["projects"]
    assert (project["name"], project["goal"]) == (
        "农村公路养护",
        "完成县乡道养护300公里，路况优良率不低于85%。",
    )
    assert [i["name"] for i in project["indicators"]] == [
        "养护里程",
        "桥梁检查次数",
        "路况优良率",
        "群众出行条件",
        "沿线群众满意度",
    ]


def test_two_forms_under_the_same_title_on_consecutive_pages_are_two_projects(
    tmp_path: Path,
) -> None:
    second = [
        [cell.replace("农村公路养护", "桥梁维修").replace("120", "80") for cell in row]
        for row in TARGET_ROWS[2:]
    ]
    document = _read(
        tmp_path,
        [TOTALS, FORM, Grid.from_rows("text", "1", second)],
        [["收支预算总表"], ["项目支出绩效目标表"], ["项目支出绩效目标表"]],
    )
    projects = document.to_dict()["projects"]
    assert [(p["name"], p["amounts"]["total"], len(p["indicators"])) for p in projects] == [
        ("农村公路养护", "120", 5),
        ("桥梁维修", "80", 5),
    ]


def test_a_purchases_table_headed_project_name_names_no_form(tmp_path: Path) -> None:
    purchases = Grid.from_rows(
        "text",
        "1",
        [["项目名称", "采购品目", "预算金额（万元）"], ["办公设备购置", "台式计算机", "35.00"]],
    )
    no_name = Grid.from_rows("text", "1", TARGET_ROWS[5:])
    with pytest.raises(FormError) as caught:
        _read(tmp_path, [purchases, no_name], [["政府采购预算表"], ["项目支出绩效目标表"]])
    assert str(caught.value).endswith(
        "pdf table 2: the form names no project (项目名称 or 部门名称)"
    )
