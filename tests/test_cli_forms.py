"""The command on the national forms: every file ``read()`` reads, in every output format,
with the actual result, weight, points and location of each row."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from _forms import SELF_EVALUATION_ROWS, TARGET_ROWS
from perfindicator import read
from perfindicator.export.command import main
from perfindicator.sources.grid import Grid


def run(*arguments: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(arguments), out, err)
    return code, out.getvalue(), err.getvalue()


def tsv(rows: list[list[str]]) -> str:
    return "".join("\t".join(row) + "\n" for row in rows)


@pytest.fixture
def evaluation(tmp_path: Path) -> Path:
    path = tmp_path / "自评表.txt"
    path.write_text(tsv(SELF_EVALUATION_ROWS), "utf-8")
    return path


def csv_rows(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"), newline="")))


def test_csv_rows_carry_the_result_weight_points_and_location(evaluation: Path) -> None:
    code, out, err = run("-f", "csv", str(evaluation))
    assert (code, err) == (0, "")
    rows = csv_rows(out)
    assert [row["name"] for row in rows] == [
        "委托业务项目数量", "验收合格率", "查阅便利程度", "利用者满意度",
    ]  # fmt: skip
    first, second, third, fourth = rows
    # The form's header: 主管部门 is the department, 实施单位 the funding unit.
    assert (first["form"], first["department"], first["funding_unit"], first["project"]) == (
        "self-evaluation",
        "市档案局",
        "市档案馆",
        "档案数字化",
    )
    # ≥50个 against 50: the bare number is in the target's unit.
    assert (first["annual_op"], first["annual_value"], first["annual_unit"]) == (">=", "50", "个")
    assert (first["actual_kind"], first["actual_value"], first["actual_unit"]) == (
        "quantity",
        "50",
        "个",
    )
    assert (first["weight"], first["points"], first["note"]) == ("8", "8", "")
    # Row 12 of the pasted text, all nine of its cells.
    assert first["location"] == "pasted table 1, row 12, columns 1–9"
    assert (first["span_start"], first["span_end"]) == ("", "")  # no span: not a text layout
    assert (second["actual_raw"], second["points"], second["note"]) == (
        "98%",
        "7.84",
        "个别卷宗返工",
    )
    assert (third["actual_kind"], third["actual_text"]) == ("text", "有效改善")
    assert (fourth["actual_kind"], fourth["actual_text"], fourth["location"]) == (
        "text",
        "达成年度指标",
        "pasted table 1, row 15, columns 1–8",  # the row's eight cells, no empty ninth
    )


def test_json_is_the_document_read_gives(evaluation: Path) -> None:
    code, out, _ = run("-f", "json", str(evaluation))
    assert code == 0
    assert json.loads(out) == read(evaluation).to_dict()


def test_jsonl_of_a_target_form_as_a_web_page(tmp_path: Path) -> None:
    pytest.importorskip("lxml", reason="reading HTML needs lxml (the html extra)")
    path = tmp_path / "targets.html"
    cells = "".join(
        "<tr>" + "".join(f"<td>{text}</td>" for text in row) + "</tr>" for row in TARGET_ROWS
    )
    path.write_text(f"<html><body><table>{cells}</table></body></html>", "utf-8")
    code, out, err = run("-f", "jsonl", str(path))
    assert (code, err) == (0, "")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(row["name"], row["annual_raw"]) for row in rows] == [
        ("养护里程", "≥300公里"),
        ("桥梁检查次数", "4次/年"),
        ("路况优良率", "≥85%"),
        ("群众出行条件", "明显改善"),
        ("沿线群众满意度", "≥90%"),
    ]
    assert {row["form"] for row in rows} == {"project-targets"}
    # 桥梁检查次数 is on row 8; its level and category carry down from row 7.
    assert rows[1]["location"].startswith("table 1, row 8")
    assert (rows[1]["level_name"], rows[1]["category_name"]) == ("产出指标", "数量指标")
    assert rows[0]["weight"] is None  # a target form prints no weight, no result
    assert rows[0]["actual_kind"] is None


def test_rows_carry_further_target_columns_and_text_columns(tmp_path: Path) -> None:
    # A target form with a target column per year and a 评分标准 column.
    path = tmp_path / "targets.txt"
    path.write_text(
        tsv([
            *TARGET_ROWS[:5],
            ["绩效指标", "一级指标", "二级指标", "三级指标", "2025年", "2026年", "评分标准"],
            ["", "产出指标", "数量指标", "养护里程", "≥300公里", "350公里", "完成得满分"],
            ["", "", "质量指标", "路况优良率", "≥85%", "≥90%", ""],
        ]),
        "utf-8",
    )  # fmt: skip
    mileage = (
        '[{"heading":"2025年","value":{"kind":"quantity","raw":"≥300公里","op":">=",'
        '"value":"300","unit":"公里"}},{"heading":"2026年","value":{"kind":"quantity",'
        '"raw":"350公里","op":"=","value":"350","unit":"公里"}}]'
    )
    rate = (
        '[{"heading":"2025年","value":{"kind":"quantity","raw":"≥85%","op":">=","value":"85",'
        '"unit":"%"}},{"heading":"2026年","value":{"kind":"quantity","raw":"≥90%","op":">=",'
        '"value":"90","unit":"%"}}]'
    )
    code, out, err = run("-f", "jsonl", str(path))
    assert (code, err) == (0, "")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(row["name"], row["targets"], row["texts"]) for row in rows] == [
        ("养护里程", mileage, '[{"heading":"评分标准","text":"完成得满分"}]'),
        ("路况优良率", rate, None),  # no 评分标准 on this row: no texts
    ]
    code, out, err = run("-f", "csv", str(path))
    assert (code, err) == (0, "")
    assert [(row["targets"], row["texts"]) for row in csv_rows(out)] == [
        (mileage, '[{"heading":"评分标准","text":"完成得满分"}]'),
        (rate, ""),
    ]


def test_the_readable_table_shows_the_header_and_the_results(evaluation: Path) -> None:
    code, out, _ = run(str(evaluation))
    assert code == 0
    lines = out.splitlines()
    assert lines[1] == "项目支出绩效自评表   (self-evaluation, text)"
    assert lines[2] == "department: 市档案局   currency: 万元   year: 2023"
    assert "  主管部门 市档案局   实施单位 市档案馆" in lines
    # The currency is the money figures', never the rate's or the points'.
    assert (
        "  年度资金总额 (万元): 年初预算数 90  全年预算数 90  全年执行数 89.97  分值 10"
        "  执行率 99.97%  得分 10"
    ) in lines
    assert (
        "  当年财政拨款 (万元): 年初预算数 90  全年预算数 90  全年执行数 89.97  执行率 99.97%"
    ) in lines
    assert "  其他资金: —" in lines  # printed empty: no figures, no currency
    assert "  总分: 96 of 100" in lines
    row = next(line for line in lines if "验收合格率" in line).split()
    assert row == ["2", "1-产出指标", "12-质量指标", "验收合格率", "100%", "98%", "8", "7.84"]
    assert lines[-1] == "1 project, 4 indicators"


def test_check_reviews_a_block_with_a_tab_in_it_as_notation(tmp_path: Path) -> None:
    path = tmp_path / "block.txt"
    # 验收合格率 above 100 %: PI202, reported at its line and column, as for any block.
    path.write_text("1、1-产出指标；12-质量指标；验收合格率；\t年度指标值:120%。\n", "utf-8")
    code, out, err = run("check", str(path))
    assert (code, err) == (1, "")
    assert out.startswith(f"{path}:1:")
    assert " PI202 " in out


def test_a_block_of_indicators_with_a_tab_in_it_is_still_notation(tmp_path: Path) -> None:
    path = tmp_path / "block.txt"
    path.write_text(
        "1、1-产出指标；11-数量指标；培训人数；实施周期指标值:200人；\t年度指标值:100人。\n"
    )
    code, out, err = run("-f", "jsonl", str(path))
    assert (code, err) == (0, "")
    row = json.loads(out)
    assert (row["form"], row["name"], row["annual_value"], row["annual_unit"]) == (
        None,
        "培训人数",
        "100",
        "人",
    )


def test_cells_that_are_neither_a_form_nor_notation_say_there_is_no_form(tmp_path: Path) -> None:
    path = tmp_path / "other.tsv"
    path.write_text("序号\t姓名\n1\t张三\n", "utf-8")
    code, out, err = run(str(path))
    assert (code, out) == (1, "")
    assert err.startswith(f"{path}: no target or self-evaluation form found")
    assert "Traceback" not in err


def test_a_damaged_workbook_is_an_error_naming_the_file(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl", reason="reading .xlsx needs openpyxl (the excel extra)")
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"xl/workbook.xml" + b"\x00" * 64)
    good = tmp_path / "good.txt"
    good.write_text(tsv(SELF_EVALUATION_ROWS), "utf-8")
    code, out, err = run("-f", "jsonl", str(path), str(good))
    assert code == 1  # one file failed; the other is still written
    assert len(out.splitlines()) == 4
    assert err.startswith(f"{path}: ")
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1


def test_a_form_pasted_one_cell_per_line(tmp_path: Path) -> None:
    path = tmp_path / "targets.txt"
    # As Word flattens a table: each cell a paragraph, the merged and empty cells gone.
    path.write_text("\n".join(cell for row in TARGET_ROWS for cell in row if cell) + "\n", "utf-8")
    code, out, err = run("-f", "jsonl", str(path))
    assert (code, err) == (0, "")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(row["category_name"], row["name"], row["annual_raw"]) for row in rows] == [
        ("数量指标", "养护里程", "≥300公里"),
        ("数量指标", "桥梁检查次数", "4次/年"),
        ("质量指标", "路况优良率", "≥85%"),
        ("社会效益指标", "群众出行条件", "明显改善"),
        ("服务对象满意度指标", "沿线群众满意度", "≥90%"),
    ]
    assert {(row["form"], row["project"]) for row in rows} == {("project-targets", "农村公路养护")}


@pytest.mark.parametrize("command", [[], ["check"]], ids=["read", "check"])
def test_glued_cells_are_refused_by_both_commands(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "glued.txt"
    path.write_text("三级指标年度指标值实际完成值分值\n安装坡面水标尺10≥266米≥266米10\n", "utf-8")
    code, out, err = run(*command, str(path))
    assert (code, out) == (1, "")
    assert err == (
        f"{path}: line 1 ('三级指标年度指标值实际完成值分值') holds the headings of several columns"
        " with nothing between them: cells glued together cannot be told apart; copy the table"
        " again with tabs or | between its cells, or one cell per line\n"
    )


def test_recover_reports_a_cell_it_cannot_read_and_outputs_the_rest(evaluation: Path) -> None:
    rows = [list(row) for row in SELF_EVALUATION_ROWS]
    rows[12][7] = "七点八四"  # 验收合格率's 得分, row 13
    evaluation.write_text(tsv(rows), "utf-8")
    code, out, err = run(str(evaluation))
    assert (code, out) == (1, "")
    said = (
        f"{evaluation}, pasted table 1, row 13, columns 1–9: indicator 验收合格率: expected a"
        " number, found '七点八四'\n"
    )
    assert err == said
    code, out, err = run("--recover", "-f", "jsonl", str(evaluation))
    assert (code, err) == (1, said)  # read, but not cleanly
    read = [json.loads(line) for line in out.splitlines()]
    assert [(row["name"], row["points"]) for row in read] == [
        ("委托业务项目数量", "8"),
        ("验收合格率", None),
        ("查阅便利程度", "30"),
        ("利用者满意度", "10"),
    ]


def test_binary_garbage_and_a_cut_word_file_say_what_they_are(tmp_path: Path) -> None:
    image = tmp_path / "image.txt"
    image.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    code, out, err = run(str(image))
    assert (code, out) == (1, "")
    assert err == (
        f"{image}: not a text file (it holds NUL bytes) nor a format this release reads: text"
        " (the target-table layout, or cells pasted with tabs or |), PDFs, web pages, workbooks"
        " (.xlsx, .xls) and Word files (.docx)\n"
    )
    pytest.importorskip("docx")
    import _office

    data = _office.to_docx([Grid.from_rows("docx", "1", SELF_EVALUATION_ROWS)])
    cut = tmp_path / "form.docx"
    cut.write_bytes(data[: len(data) // 2])
    code, out, err = run("-f", "jsonl", str(cut))
    assert (code, out) == (1, "")
    assert err == (
        f"{cut}: a damaged or cut-short .docx document: it starts as a zip archive but is not a"
        " complete one (the archive's directory at its end is missing)\n"
    )


def test_the_readable_table_keeps_the_period_beside_weights(tmp_path: Path) -> None:
    path = tmp_path / "批复表.txt"
    rows = [
        ["项目名称", "校园安防改造"],
        ["一级指标", "二级指标", "三级指标", "实施期指标值", "年度指标值", "分值"],
        ["产出指标", "数量指标", "安防改造学校数量", "≥300所", "≥120所", "15"],
    ]
    path.write_text(tsv(rows), "utf-8")
    code, out, _ = run(str(path))
    assert code == 0
    heading, line = out.splitlines()[5:7]
    assert heading.split() == [
        "#", "level", "category", "indicator", "period", "annual", "actual", "weight", "points",
    ]  # fmt: skip
    assert line.split() == [
        "1",
        "1-产出指标",
        "11-数量指标",
        "安防改造学校数量",
        "≥300所",
        "≥120所",
        "15",
    ]


@pytest.mark.parametrize("command", [[], ["check"]], ids=["read", "check"])
def test_json_is_refused_as_json_by_both_commands(tmp_path: Path, command: list[str]) -> None:
    """The command's own --format json output given back to it is JSON, not bad notation."""
    path = tmp_path / "out.json"
    path.write_text('{"projects": [{"name": "农村公路养护", "indicators": []}]}\n', "utf-8")
    code, out, err = run(*command, str(path))
    assert (code, out) == (1, "")
    assert err.startswith(f"{path}: JSON data, not a document: this release reads ")
    assert "PI001" not in err
