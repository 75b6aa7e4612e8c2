"""Reviewing targets: each finding's code, severity, message and place, on blocks written to
show one problem each, and the command's lines and exit status."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from _corpus import CORPUS
from perfindicator import Taxonomy, check
from perfindicator.export.command import main

GOOD = "1、1-产出指标；11-数量指标；培训人数；实施周期指标值:≥200人；年度指标值:≥100人。"
NOT_PERCENT = "that is not a percentage"


def codes(text: str, **options: object) -> list[tuple[str, str]]:
    return [(f.code, f.severity) for f in check(text, **options)]  # type: ignore[arg-type]


def test_a_well_written_block_has_no_findings() -> None:
    assert check(GOOD) == []


CASES = [
    pytest.param(
        "1、1-产出指标；12-数量指标；x；年度指标值:1人。",
        [
            (
                "PI101",
                "error",
                ("the category 数量指标 has code 11 in the 2015 taxonomy, not 12 (12 is 质量指标)"),
            )
        ],
        id="category code and name disagree",
    ),
    pytest.param(
        "1、2-产出指标；11-数量指标；x；年度指标值:1人。",
        [
            (
                "PI101",
                "error",
                "the level 产出指标 has code 1 in the 2015 taxonomy, not 2 (2 is 效益指标)",
            ),
            ("PI102", "error", "the category code 11 does not start with its level's code 2"),
        ],
        id="level code and name disagree",
    ),
    pytest.param(
        "1、1-产出指标；11-数量；x；年度指标值:1人。", [], id="a name without 指标 is the same"
    ),
    pytest.param(
        "1、1-产出指标；15-绩效指标；x；年度指标值:1人。",
        [
            (
                "PI101",
                "error",
                "the category 15-绩效指标 is not in the 2015 taxonomy: did you mean 时效指标?",
            )
        ],
        id="an unknown category",
    ),
    pytest.param(
        "1、1-产出指标；21-经济效益；x；年度指标值:1人。",
        [
            ("PI102", "error", "the category code 21 does not start with its level's code 1"),
            (
                "PI103",
                "error",
                ("the category 经济效益 belongs to 效益指标 in the 2015 taxonomy, not to 产出指标"),
            ),
        ],
        id="category under the wrong level",
    ),
    pytest.param(
        "1、1-产出指标；11-数量指标；培训人数；年度指标值:很多。",
        [
            (
                "PI201",
                "warning",
                "the 数量指标 '培训人数' has no target that can be measured: '很多'",
            )
        ],
        id="quantity without a measurable target",
    ),
    pytest.param(
        "1、3-满意度指标；31-服务对象满意度；满意度；年度指标值:较高。",
        [],
        id="satisfaction may be qualitative",
    ),
    pytest.param(
        "1、1-产出指标；12-质量指标；验收合格率（%）；年度指标值:105。",
        [("PI202", "error", "the rate '验收合格率（%）' has an annual target above 100 %: '105'")],
        id="a rate above 100 %",
    ),
    pytest.param(
        "1、1-产出指标；12-质量指标；覆盖率；年度指标值:36人。",
        [("PI203", "warning", f"the rate '覆盖率' has an annual target {NOT_PERCENT}: '36人'")],
        id="a rate without a percent",
    ),
    pytest.param(
        "1、1-产出指标；12-质量指标；覆盖率；实施周期指标值:36人；年度指标值:36人。",
        [
            (
                "PI203",
                "warning",
                f"the rate '覆盖率' has a period and annual target {NOT_PERCENT}: '36人'",
            )
        ],
        id="one finding when period and annual are written alike",
    ),
    pytest.param(
        "1、1-产出指标；12-质量指标；覆盖率；实施周期指标值:36人；年度指标值:30人。",
        [
            ("PI203", "warning", f"the rate '覆盖率' has a period target {NOT_PERCENT}: '36人'"),
            ("PI203", "warning", f"the rate '覆盖率' has an annual target {NOT_PERCENT}: '30人'"),
        ],
        id="period and annual findings say which",
    ),
    pytest.param(
        "1、1-产出指标；11-数量指标；培训人数；实施周期指标值:200人次；年度指标值:100人。",
        [
            (
                "PI204",
                "warning",
                ("the period target '200人次' and the annual target '100人' have different units"),
            )
        ],
        id="period and annual in different units",
    ),
    pytest.param(
        "1、1-产出指标；11-数量指标；培训人数；实施周期指标值:100人；年度指标值:200人。",
        [
            (
                "PI205",
                "warning",
                ("the annual count '200人' is larger than the count for the whole period '100人'"),
            )
        ],
        id="annual count above the period's",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_findings(text: str, expected: list[tuple[str, str, str]]) -> None:
    findings = check(text)
    assert [(f.code, f.severity, f.message) for f in findings] == expected
    for finding in findings:  # about the whole item, which starts the text
        assert (finding.pos, finding.end, finding.line, finding.column) == (0, len(text), 1, 1)


def test_numbering_and_names_in_a_project() -> None:
    second = GOOD.replace("1、", "3、", 1)
    third = GOOD.replace("1、", "3、", 1).replace("培训人数", "培训场次")
    findings = check(GOOD + "\n" + second + "\n" + third)
    assert [(f.code, f.line, f.message) for f in findings] == [
        ("PI301", 2, "item 2 is missing before item 3"),
        ("PI303", 2, "the indicator name '培训人数' is used twice in this project (items 1 and 3)"),
        ("PI302", 3, "item number 3 is used twice"),
    ]


def test_text_that_does_not_follow_the_notation_is_a_finding() -> None:
    text = GOOD + "2、1-产出指标；1x数量指标；y；年度指标值:1人。"
    [finding] = check(text)
    assert (finding.code, finding.severity, finding.pos) == ("PI001", "error", len(GOOD))
    assert finding.message.startswith("expected '；' and a category")


def test_the_2021_taxonomy_has_cost_as_a_level() -> None:
    text = "1、4-成本指标；41-经济成本指标；人员经费；年度指标值:≤20万元。"
    assert codes(text, taxonomy="2021") == []
    assert ("PI101", "error") in codes(text)  # not a level of the 2015 generation
    cost_under_output = "1、1-产出指标；14-成本指标；成本；年度指标值:≤20万元。"
    assert codes(cost_under_output) == []
    [finding] = check(cost_under_output, taxonomy="2021")
    assert finding.message == "the category 14-成本指标 is not in the 2021 taxonomy"


def test_a_custom_taxonomy(tmp_path: Path) -> None:
    path = tmp_path / "taxonomy.json"
    path.write_text(
        json.dumps(
            {
                "name": "某省",
                "levels": {"产出指标": "1"},
                "categories": {"数量指标": ["11", "产出指标"], "质量指标": ["12", "产出指标"]},
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    taxonomy = Taxonomy.load(path)
    assert check(GOOD, taxonomy=taxonomy) == []
    [finding] = check(GOOD.replace("11-数量指标", "13-时效指标"), taxonomy=taxonomy)
    assert finding.message == "the category 13-时效指标 is not in the 某省 taxonomy"
    with pytest.raises(ValueError, match="belongs to an unknown level 效益"):
        Taxonomy.load({"levels": {}, "categories": {"社会效益": ["22", "效益指标"]}})
    with pytest.raises(ValueError, match="unknown taxonomy '2019'"):
        check(GOOD, taxonomy="2019")


def test_the_sample_corpus() -> None:
    findings = check(CORPUS.read_text(encoding="utf-8"))
    assert [(f.code, f.line) for f in findings] == [
        ("PI201", 24), ("PI201", 49), ("PI201", 51),
        ("PI204", 135), ("PI204", 137), ("PI204", 141), ("PI204", 153),
    ]  # fmt: skip
    assert all(f.severity == "warning" for f in findings)


def run(*arguments: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(["check", *arguments], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_the_command_prints_file_line_column_code_message(tmp_path: Path) -> None:
    path = tmp_path / "block.txt"
    path.write_text(
        GOOD + "\n" + "2、1-产出指标；12-质量指标；验收合格率（%）；年度指标值:105。\n", "utf-8"
    )
    status, out, err = run(str(path))
    assert out == (
        f"{path}:2:1: PI202 the rate '验收合格率（%）' has an annual target above 100 %: '105'\n"
    )
    assert (status, err) == (1, "")


def test_warnings_alone_exit_zero(tmp_path: Path) -> None:
    status, out, _ = run(str(CORPUS))
    assert status == 0
    assert out.count("\n") == 7
    assert out.startswith(f"{CORPUS}:24:16: PI201 ")


def test_the_command_reports_a_bad_taxonomy_and_a_missing_file(tmp_path: Path) -> None:
    status, _, err = run("--taxonomy", str(tmp_path / "none.json"), str(CORPUS))
    assert status == 2
    assert "cannot read the taxonomy" in err
    status, _, err = run(str(tmp_path / "none.txt"))
    assert status == 1
    assert err.startswith(f"{tmp_path / 'none.txt'}: ")


def test_each_project_of_a_bare_block_numbers_from_one() -> None:
    second = GOOD.replace("培训人数", "培训场次").replace("人", "场")
    text = GOOD + "\n\n" + GOOD  # two projects' blocks, one after the other
    assert check(text) == []
    assert [f.code for f in check(GOOD + second.replace("1、", "1、", 1) + GOOD)] == []


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("巡查频率", "≥2次/周", []),  # a frequency is not a share
        ("容积率", "≤2.5", []),
        ("婴儿死亡率", "≤5‰", []),  # per mille is a percentage too
        ("营业收入增长率", "≥150%", []),  # growth may pass 100 %
        ("服务对象满意度", "≥105%", ["PI202"]),
        ("满意度（%）", "120", ["PI202"]),  # 120 % through the unit hint
        ("验收合格率%", "105", ["PI202"]),
        ("完成率", "≥95%", []),
    ],
)
def test_rates(name: str, value: str, expected: list[str]) -> None:
    text = f"1、1-产出指标；12-质量指标；{name}；年度指标值:{value}。"
    assert [f.code for f in check(text)] == expected


@pytest.mark.parametrize(
    ("period", "annual", "expected"),
    [
        ("2公里", "1000米", []),  # units that convert
        ("3年", "12个月", []),
        ("95%-100%", "100%", []),  # a range and a number of the same unit
        ("36人", "36人次", ["PI204"]),
        ("10-15次", "20次", []),
    ],
)
def test_period_and_annual(period: str, annual: str, expected: list[str]) -> None:
    text = f"1、1-产出指标；13-时效指标；x；实施周期指标值:{period}；年度指标值:{annual}。"
    assert [f.code for f in check(text)] == expected


def test_cost_indicators_of_the_2021_generation_are_measured_too() -> None:
    text = "1、2-成本指标；21-经济成本指标；x；年度指标值:合理。"
    assert [f.code for f in check(text, taxonomy="2021")] == ["PI201"]


def test_a_taxonomy_of_the_wrong_type() -> None:
    with pytest.raises(TypeError, match="taxonomy must be"):
        check(GOOD, taxonomy=2015)  # type: ignore[arg-type]


def test_a_misspelt_name_gets_a_suggestion() -> None:
    [finding] = check("1、1-产出指标；15-数量指际；x；年度指标值:1人。")
    assert finding.message == (
        "the category 15-数量指际 is not in the 2015 taxonomy: did you mean 数量指标?"
    )
    [finding] = check("1、1-产出指标；15-绩效；x；年度指标值:1人。")  # too short to guess
    assert finding.message == "the category 15-绩效 is not in the 2015 taxonomy"
