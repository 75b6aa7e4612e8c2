"""The JSON Schema of the interchange form (docs/schema) against what to_dict() produces."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from _corpus import CORPUS, corpus_blocks
from _forms import SELF_EVALUATION_ROWS, TARGET_ROWS
from perfindicator import (
    ParseError,
    check,
    evaluate,
    parse_indicators,
    parse_table,
    parse_value,
    read,
)
from perfindicator.sources.grid import Grid

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = ROOT / "docs" / "schema" / "perfindicator.schema.json"


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema)


def test_schema_is_valid_draft_2020_12(schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "https://perfindicator.invalid/schema/perfindicator.schema.json"


def test_every_corpus_indicator_validates(validator: jsonschema.Draft202012Validator) -> None:
    blocks = [block for _, block in corpus_blocks()]
    assert len(blocks) == 6
    count = 0
    for block in blocks:
        indicators = parse_indicators(block)
        document = [indicator.to_dict() for indicator in indicators]
        validator.validate(document)
        for item in document:
            validator.validate(item)
            start, end = item["span"]
            assert 0 <= start < end <= len(block)
        count += len(indicators)
    assert count == 33


SPEC_EXAMPLES = [
    (
        "不低于97%",
        {"kind": "quantity", "raw": "不低于97%", "op": ">=", "value": "97", "unit": "%"},
    ),
    (
        "20-35次",
        {"kind": "range", "raw": "20-35次", "low": "20", "high": "35", "unit": "次"},
    ),
    (
        "实际工期/计划工期",
        {
            "kind": "ratio",
            "raw": "实际工期/计划工期",
            "numerator": "实际工期",
            "denominator": "计划工期",
        },
    ),
    (
        "总费用支出低于年初预算",
        {
            "kind": "comparison",
            "raw": "总费用支出低于年初预算",
            "subject": "总费用支出",
            "op": "<",
            "reference": "年初预算",
        },
    ),
    (
        "2024年12月31日前",
        {
            "kind": "date",
            "raw": "2024年12月31日前",
            "op": "<=",
            "year": 2024,
            "month": 12,
            "day": 31,
        },
    ),
    (
        "2023.07-2024.01",
        {
            "kind": "date_range",
            "raw": "2023.07-2024.01",
            "start": {"year": 2023, "month": 7, "day": None},
            "end": {"year": 2024, "month": 1, "day": None},
        },
    ),
    (
        "合法合规",
        {"kind": "text", "raw": "合法合规", "text": "合法合规"},
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), SPEC_EXAMPLES, ids=[kind["kind"] for _, kind in SPEC_EXAMPLES]
)
def test_spec_example_matches_and_validates(
    validator: jsonschema.Draft202012Validator, text: str, expected: dict[str, Any]
) -> None:
    produced = parse_value(text).to_dict()
    assert produced == expected
    assert list(produced) == list(expected)
    validator.validate(produced)
    validator.validate(expected)


def test_spec_examples_cover_every_kind(schema: dict[str, Any]) -> None:
    kinds = [expected["kind"] for _, expected in SPEC_EXAMPLES]
    in_schema = [choice["$ref"].rsplit("/", 1)[1] for choice in schema["$defs"]["value"]["oneOf"]]
    assert sorted(kinds) == sorted(in_schema)


def spec_value(kind: str) -> dict[str, Any]:
    """A fresh copy of the docs/interchange.md example of one kind."""
    return copy.deepcopy(next(value for _, value in SPEC_EXAMPLES if value["kind"] == kind))


def spec_indicator() -> dict[str, Any]:
    return {
        "number": 1,
        "level": {"code": "1", "name": "产出指标"},
        "category": {"code": "11", "name": "数量指标"},
        "name": "报废小车数量",
        "period": None,
        "annual": spec_value("quantity"),
        "span": [0, 44],
    }


def test_hand_written_indicator_validates(validator: jsonschema.Draft202012Validator) -> None:
    validator.validate(spec_indicator())
    validator.validate([spec_indicator(), spec_indicator()])
    validator.validate([])


def with_change(document: dict[str, Any], path: tuple[Any, ...], new: Any) -> dict[str, Any]:
    """A copy of ``document`` with the field at ``path`` set to ``new``."""
    changed = copy.deepcopy(document)
    target = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = new
    return changed


@pytest.mark.parametrize("number", ["0", "97", "28.4", "0.05", "-5", "-0.5", "25000"])
def test_canonical_decimal_is_accepted(
    validator: jsonschema.Draft202012Validator, number: str
) -> None:
    validator.validate(with_change(spec_value("quantity"), ("value",), number))


WRONG_DOCUMENTS = {
    "value-as-json-number": with_change(spec_value("quantity"), ("value",), 97),
    "low-as-json-number": with_change(spec_value("range"), ("low",), 20),
    "trailing-zero-decimal": with_change(spec_value("quantity"), ("value",), "28.40"),
    "leading-zero-decimal": with_change(spec_value("quantity"), ("value",), "097"),
    "negative-zero": with_change(spec_value("quantity"), ("value",), "-0"),
    "exponent-decimal": with_change(spec_value("quantity"), ("value",), "1E+3"),
    "unknown-kind": with_change(spec_value("text"), ("kind",), "percentage"),
    "extra-field": with_change(spec_value("quantity"), ("dimension",), "percent"),
    "extra-field-in-indicator": with_change(spec_indicator(), ("weight",), "10"),
    "missing-unit": {key: value for key, value in spec_value("quantity").items() if key != "unit"},
    "approx-in-comparison": with_change(spec_value("comparison"), ("op",), "~"),
    "approx-in-date": with_change(spec_value("date"), ("op",), "~"),
    "unknown-op": with_change(spec_value("quantity"), ("op",), "≥"),
    "month-13": with_change(spec_value("date"), ("month",), 13),
    "date-without-year-or-month": with_change(
        with_change(spec_value("date"), ("year",), None), ("month",), None
    ),
    "empty-ratio-part": with_change(spec_value("ratio"), ("numerator",), ""),
    "span-of-three": with_change(spec_indicator(), ("span",), [0, 44, 50]),
    "span-of-one": with_change(spec_indicator(), ("span",), [0]),
    "negative-span": with_change(spec_indicator(), ("span",), [-1, 44]),
    "negative-number": with_change(spec_indicator(), ("number",), -1),
    "bad-annual-value": with_change(spec_indicator(), ("annual", "value"), 97),
    "missing-period": {key: value for key, value in spec_indicator().items() if key != "period"},
    "list-of-values": [spec_value("text")],
}


@pytest.mark.parametrize("document", WRONG_DOCUMENTS.values(), ids=WRONG_DOCUMENTS.keys())
def test_wrong_document_is_rejected(
    validator: jsonschema.Draft202012Validator, document: Any
) -> None:
    assert not validator.is_valid(document)


def test_tables_validate(validator: jsonschema.Draft202012Validator) -> None:

    tables = [CORPUS, *sorted((Path(__file__).parent / "data" / "tables").glob("*.txt"))]
    for path in tables:
        data = parse_table(path.read_text(encoding="utf-8")).to_dict()
        validator.validate(data)
    broken = parse_table(CORPUS.read_text(encoding="utf-8")).to_dict()
    broken["units"][0]["projects"][0]["amounts"]["total"] = 18.0
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="nothing"),
        pytest.param("完全不是目标\n合计 1.00\n", id="no title"),
    ],
)
def test_a_recovered_table_without_a_title_validates(
    validator: jsonschema.Draft202012Validator, text: str
) -> None:
    table = parse_table(text, recover=True)
    assert table.title is None
    assert table.errors
    validator.validate(table.to_dict())


# --------------------------------------------------------------------------------------------
# Results other than parsed documents: errors, findings, evaluations
# --------------------------------------------------------------------------------------------


def _subschema(schema: dict[str, Any], name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator({**schema, "oneOf": [{"$ref": f"#/$defs/{name}"}]})


def test_a_recovered_block_with_its_errors(schema: dict[str, Any]) -> None:
    block = "1、1-产出指标；11-数量指标；培训人数；年度指标值:100人。\n2、坏"
    items = parse_indicators(block, recover=True)
    document = items.to_dict()
    # The first line is 33 characters and a line break: the second line starts at 34.
    assert document["errors"] == [
        {
            "message": "expected a level such as '1-产出指标' after the item number, found '坏'"
            " (line 2, column 3); skipped this text",
            "line": 2,
            "column": 1,
            "pos": 34,
            "end": 37,
            "skipped": "2、坏",
        }
    ]
    assert [item["name"] for item in document["indicators"]] == ["培训人数"]
    _subschema(schema, "indicator_list").validate(document)
    jsonschema.Draft202012Validator(schema).validate(document)


def test_a_parse_error(schema: dict[str, Any]) -> None:
    with pytest.raises(ParseError) as caught:
        parse_indicators("1、1-产出指标；11-数量指标；培训人数；年度指标值:")
    document = caught.value.to_dict()
    assert document == {
        "message": "expected a value after '年度指标值:', found the end of the text",
        "line": 1,
        "column": 29,
        "pos": 28,
        "end": 28,
        "skipped": "",
    }
    _subschema(schema, "parse_error").validate(document)


def test_findings(schema: dict[str, Any]) -> None:
    findings = check("1、1-产出指标；12-质量指标；验收合格率（%）；年度指标值:105。")
    assert [finding.to_dict() for finding in findings] == [
        {
            "code": "PI202",
            "severity": "error",
            "message": "the rate '验收合格率（%）' has an annual target above 100 %: '105'",
            "pos": 0,
            "end": 36,
            "line": 1,
            "column": 1,
        }
    ]
    _subschema(schema, "finding").validate(findings[0].to_dict())


def test_an_evaluation(schema: dict[str, Any]) -> None:
    items = parse_indicators(
        "1、1-产出指标；11-数量指标；培训人数；年度指标值:≥100人。"
        "2、3-满意度指标；31-服务对象满意度；满意度；年度指标值:≥90%。"
    )
    evaluation = evaluate(items, ["80人", "95%"], execution_rate="90%")
    document = evaluation.to_dict()
    # 45 points each; 80 of 100 people earns 45 × 0.8 = 36; 9 of the 10 execution points.
    assert {key: document[key] for key in document if key != "scores"} == {
        "execution_rate": "0.9",
        "execution_points": "9",
        "indicator_points": "81",
        "total": "90",
        "grade": "优",
    }
    first, second = document["scores"]
    assert (first["weight"], first["points"], first["met"], first["deviation"]) == (
        "45", "36", False, "-20",
    )  # fmt: skip
    assert first["actual"] == {
        "kind": "quantity",
        "raw": "80人",
        "op": "=",
        "value": "80",
        "unit": "人",
    }
    assert (second["points"], second["met"], second["deviation"]) == ("45", True, "5")
    _subschema(schema, "evaluation").validate(document)
    _subschema(schema, "indicator_score").validate(first)
    jsonschema.Draft202012Validator(schema).validate(document)


def test_a_yes_or_no_actual(schema: dict[str, Any]) -> None:
    [item] = parse_indicators("1、1-产出指标；13-时效指标；完成及时性；年度指标值:及时。")
    line = evaluate([item], [True], execution_rate=1).scores[0].to_dict()
    assert (line["actual"], line["met"], line["deviation"]) == (True, True, None)
    _subschema(schema, "indicator_score").validate(line)


# --------------------------------------------------------------------------------------------
# Documents read(): the column forms from every kind of file, and the text layout
# --------------------------------------------------------------------------------------------


def _padded(rows: list[list[str]]) -> list[list[str]]:
    """Rows of one width, as a web page, a workbook or a Word table has them."""
    width = max(len(row) for row in rows)
    return [row + [""] * (width - len(row)) for row in rows]


def _form_file(kind: str, rows: list[list[str]]) -> bytes:
    """The form's rows written as a file of this kind (``tests/_grids.py``, ``_office.py``)."""
    import _grids
    import _office

    if kind in {"xlsx", "xls"}:
        write = _office.to_xlsx if kind == "xlsx" else _office.to_xls
        return write([Grid.from_rows("sheet", "表1", _padded(rows))])
    if kind == "docx":
        return _office.to_docx([Grid.from_rows("docx", "1", _padded(rows))])
    grid = Grid.from_rows("text", "1", _padded(rows))
    render = {"html": _grids.to_html, "tsv": _grids.to_tsv, "md": _grids.to_markdown}[kind]
    return render(grid).encode("utf-8")


_NEEDS = {"html": "lxml", "xlsx": "openpyxl", "xls": "xlwt", "docx": "docx"}
_FILE_KINDS = ["tsv", "md", "html", "xlsx", "xls", "docx"]
_FORMS = {
    "target": (TARGET_ROWS, "project-targets"),
    "self": (SELF_EVALUATION_ROWS, "self-evaluation"),
}


def _read_form(tmp_path: Path, kind: str, form: str) -> dict[str, Any]:
    if kind in _NEEDS:
        pytest.importorskip(_NEEDS[kind])
    rows, _ = _FORMS[form]
    path = tmp_path / f"{form}.{kind}"
    path.write_bytes(_form_file(kind, rows))
    return read(path).to_dict()


@pytest.mark.parametrize("form", sorted(_FORMS))
@pytest.mark.parametrize("kind", _FILE_KINDS)
def test_a_document_read_from_a_file_validates(
    validator: jsonschema.Draft202012Validator, tmp_path: Path, kind: str, form: str
) -> None:
    document = _read_form(tmp_path, kind, form)
    assert document["form"] == _FORMS[form][1]
    assert document["format"] == {"tsv": "text", "md": "text"}.get(kind, kind)
    validator.validate(document)
    indicators = [item for project in document["projects"] for item in project["indicators"]]
    assert len(indicators) == {"target": 5, "self": 4}[form]
    validator.validate(indicators)
    for item in indicators:
        validator.validate(item)
        assert item["location"]["kind"] == {"xlsx": "sheet", "xls": "sheet"}.get(
            kind, "text" if kind in {"tsv", "md"} else kind
        )


def test_a_target_table_document_validates(validator: jsonschema.Draft202012Validator) -> None:
    document = read(CORPUS).to_dict()
    assert document["form"] == "target-table"
    validator.validate(document)
    # Its projects are the table's, with spans: a column form's project would be refused.
    document["form"] = "project-targets"
    assert not validator.is_valid(document)


def _self_evaluation(tmp_path: Path) -> dict[str, Any]:
    return _read_form(tmp_path, "tsv", "self")


def _first_indicator(*path: str) -> tuple[Any, ...]:
    """The path to a field of the document's first indicator."""
    return ("projects", 0, "indicators", 0, *path)


@pytest.mark.parametrize(
    ("path", "wrong"),
    [
        pytest.param(("form",), "project-target", id="unknown-form"),
        pytest.param(("form",), "self_evaluation", id="form-spelled-otherwise"),
        pytest.param(_first_indicator("weight"), 8.0, id="weight-as-float"),
        pytest.param(_first_indicator("weight"), 8, id="weight-as-json-integer"),
        pytest.param(_first_indicator("points"), "8.00", id="points-not-canonical"),
        pytest.param(_first_indicator("location", "kind"), "xlsx", id="location-unknown-kind"),
        pytest.param(_first_indicator("location", "kind"), "pdf", id="cell-range-as-pdf"),
        pytest.param(_first_indicator("location", "row"), 0, id="location-row-0"),
        pytest.param(_first_indicator("span"), [0, 10], id="span-beside-location"),
        pytest.param(_first_indicator("parent"), 0, id="parent-0"),
        pytest.param(_first_indicator("targets"), [], id="empty-targets"),
        pytest.param(_first_indicator("actual"), "50", id="actual-not-a-value"),
        pytest.param(("projects", 0, "total_points"), 96, id="total-points-as-number"),
        pytest.param(("projects", 0, "funds", 0, "rate"), "99.97%", id="rate-with-percent"),
        pytest.param(("projects", 0, "span"), [0, 10], id="span-in-form-project"),
        pytest.param(("projects", 0, "header"), {}, id="header-nested"),
        pytest.param(("format",), "xlsm", id="unknown-format"),
        pytest.param(("year",), "2023", id="year-as-string"),
    ],
)
def test_a_wrong_document_is_rejected(
    validator: jsonschema.Draft202012Validator, tmp_path: Path, path: tuple[Any, ...], wrong: Any
) -> None:
    document = _self_evaluation(tmp_path)
    validator.validate(document)
    assert not validator.is_valid(with_change(document, path, wrong))


def test_a_document_without_its_location_is_rejected(
    validator: jsonschema.Draft202012Validator, tmp_path: Path
) -> None:
    document = _self_evaluation(tmp_path)
    del document["projects"][0]["indicators"][0]["location"]
    assert not validator.is_valid(document)


def test_the_golden_forms_validate(validator: jsonschema.Draft202012Validator) -> None:
    goldens = sorted((ROOT / "tests" / "data" / "forms").glob("*.json"))
    assert len(goldens) == 3
    for golden in goldens:
        validator.validate(json.loads(golden.read_text(encoding="utf-8")))


def test_what_the_model_can_hold_beyond_todays_readers_validates(
    validator: jsonschema.Draft202012Validator,
) -> None:
    """A row on two PDF pages, a header block with its location, tasks and further fields, a
    其中 row, a target per county and a text column: the definitions read() reaches no file of."""
    from perfindicator.model.document import Amounts, Document, Funds, Header, Project, Task
    from perfindicator.model.location import Box, CellRange, PageBoxes
    from perfindicator.model.values import Code, Indicator, IndicatorRow, Quantity

    boxes = PageBoxes((Box(3, 50.0, 700.5, 545.25, 780.0), Box(4, 50.0, 60.0, 545.25, 72.125)))
    row = IndicatorRow(
        weight=Decimal(10),
        direction="正向",
        targets=(("区域目标值/天河区", Quantity.of(">=", 100, "人")),),
        texts=(("指标解释", "培训结业人数"),),
        location=boxes,
    )
    level, category = Code("1", "产出指标"), Code("11", "数量指标")
    first = Indicator(1, level, category, "培训人数", None, Quantity.of(">=", 180, "人"), row=row)
    sub_row = IndicatorRow(parent=1, location=CellRange("sheet", "表1", 9, 2, 9, 6))
    second = Indicator(
        2, level, category, "其中：女性", None, Quantity.of(">=", 80, "人"), row=sub_row
    )
    header = Header(
        department="县人力资源和社会保障局",
        period="2024年1月-12月",
        funds=(Funds("年度资金总额", Decimal(30)),),
        tasks=(Task("职业技能培训", "", None),),
        fields=(("联系电话", "0000-1234567"),),
        location=CellRange("sheet", "表1", 1, 1, 4, 6),
    )
    project = Project("职业技能培训", Amounts(total=30), "", (first, second), header=header)
    document = Document("department-self-evaluation", (project,), format="pdf").to_dict()
    assert document["projects"][0]["indicators"][0]["location"]["boxes"][1]["bottom"] == 72.12
    validator.validate(document)


def test_the_target_table_layout_read_from_cells_validates(
    validator: jsonschema.Draft202012Validator,
) -> None:
    """Read from a grid, the 项目支出绩效目标表 layout's projects, units and indicators say where
    their cells are (``location``) instead of a span of a text."""
    from perfindicator.forms.column_form import read_grids
    from perfindicator.sources.grid import Grid

    rows = [
        ["项目名称", "总计", "财政拨款", "绩效目标", "绩效指标"],
        ["某单位", "18.00", "18.00", "", ""],
        [
            "购车",
            "18.00",
            "18.00",
            "更新一辆。",
            "1、1-产出指标；11-数量指标；车辆；年度指标值:1辆。",
        ],
    ]
    document = read_grids([Grid.from_rows("html", "1", rows)], format="html").to_dict()
    validator.validate(document)
    (project,) = document["projects"]
    assert "span" not in project
    assert project["location"] == {
        "kind": "html",
        "table": "1",
        "row": 3,
        "column": 1,
        "last_row": 3,
        "last_column": 5,
    }
    assert project["indicators"][0]["location"]["column"] == 5
    # Neither a span nor a location: refused.
    del project["location"]
    assert not validator.is_valid(document)
