"""Whole target tables: the sample corpus, tables rendered the way PDF extraction gives them
(wrapping, page breaks, several funding units), and errors in the caller's text."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _corpus import CORPUS
from _render import HEADER, Item, Layout, ProjectSpec, TableSpec, UnitSpec, render
from perfindicator import (
    Amounts,
    Code,
    FundingUnit,
    Indicator,
    ParseError,
    Project,
    TargetTable,
    Text,
    parse_table,
    parse_value,
)
from test_corpus import EXPECTED

# --- The sample corpus ---------------------------------------------------------------------------

GOALS = {
    "公务用车购置费": "按照广州市公务用车管理要求，在规定时间内更新一辆新能源公务用车，"
    "以保障区府办职工干部的日常公务出行。",
    "政府雇员工资费用": "聘请雇员，根据工作职责，完成区府办各项工作，完成雇员的日常工资支付及社保、"
    "公积金的缴纳。",
    "对外联络、会议及调研专项经费": "通过开展会议、调研工作，落实贯彻好国家、省、市、区的决策部署，"
    "更好的服务好基层。通过对外联络工作，加强了先进城市之间的经济、政策交流，强化了招商引资工作；"
    "促进白云区经济发展，依据我办工作职能和外事工作的需要，积极发展海外友好城市关系、主动拓展对外"
    "交往、为两地发展服务，做好外事服务工作；维护内部财政经济秩序，促进廉政建设，监督和评价本单位"
    "财政财务收支的真实性 、合法性。",
    "政府雇员公用经费": "雇员公用经费按照编制人数实行定额包干 ，根据工作需求，完成区府办各项工作，"
    "完成雇员的日常办公支出。",
    "文书档案规范化处理入馆项目": "根据《广州市白云区国家档案馆关于印发 〈白云区国家档案馆档案接收"
    "标准〉的通知》（云档馆〔2020〕3号），将文书档案、业务档案等进行整理归档和数字化管理、规范化"
    "统一管理。",
    "专班工作经费": "贯彻落实习近平总书记重要批示精神 ，落实省、市工作要求，坚持以人民为中心的"
    "发展思想，从严从实、全面彻底抓好整改，健全完善体制机制，提高城市治理能力。实现“三个转变”，取得“七个"
    "成果”。",
}
AMOUNTS = {
    "公务用车购置费": "18",
    "政府雇员工资费用": "364",
    "对外联络、会议及调研专项经费": "60",
    "政府雇员公用经费": "10.8",
    "文书档案规范化处理入馆项目": "40",
    "专班工作经费": "2.2",
}


def test_sample_corpus_as_a_table() -> None:
    text = CORPUS.read_text(encoding="utf-8")
    table = parse_table(text)
    office = "广州市白云区人民政府办公室"
    assert table.title == "项目支出绩效目标表（含转移支付项目）"
    assert table.department == office
    assert table.currency == "万元"
    assert table.total == Amounts(total="495", fiscal="495")
    [unit] = table.units
    assert unit.name == office
    assert unit.amounts == Amounts(total="495", fiscal="495")
    assert [p.name for p in unit.projects] == list(EXPECTED)
    for project in unit.projects:
        assert project.amounts == Amounts(AMOUNTS[project.name], AMOUNTS[project.name])
        assert project.goal == GOALS[project.name]
        assert list(project.indicators) == EXPECTED[project.name]
    assert len(table.indicators) == 33
    # Amounts add up, as they do in the published table.
    assert sum(Decimal(AMOUNTS[name]) for name in AMOUNTS) == Decimal(495)


def test_sample_corpus_spans() -> None:
    text = CORPUS.read_text(encoding="utf-8")
    table = parse_table(text)
    [unit] = table.units
    assert text[unit.span[0] :].startswith("广州市白云区人民政府办公室 495.00")
    for project in unit.projects:
        start, end = project.span
        assert re.sub(r"\s", "", text[start:end]).startswith(project.name)
        assert text[start:end].endswith("。")
        for indicator in project.indicators:
            assert start <= indicator.span[0] < indicator.span[1] <= end


def test_table_interchange_form() -> None:
    table = parse_table(CORPUS.read_text(encoding="utf-8"))
    data = table.to_dict()
    assert list(data) == ["title", "department", "currency", "total", "units"]
    assert data["total"] == {"total": "495", "fiscal": "495", "fiscal_special": None, "other": None}
    project = data["units"][0]["projects"][0]
    assert list(project) == ["name", "amounts", "goal", "indicators", "span"]
    assert project["name"] == "公务用车购置费"
    assert project["indicators"][0]["name"] == "报废小车数量"


# --- Tables rendered the way PDF text extraction gives them -------------------------------------

ITEMS = [
    Item(("1", "产出指标"), ("11", "数量指标"), "资助学生人数", "≥1200人次", "≥600人次"),
    Item(("1", "产出指标"), ("12", "质量指标"), "验收合格率（%）", "100", "100"),
    Item(("1", "产出指标"), ("13", "时效指标"), "资金发放时间", None, "2024年9月底前"),
    Item(("1", "产出指标"), ("14", "成本指标"), "项目成本", "总费用支出不高于年初预算", "≤120万元"),
    Item(("2", "效益指标"), ("22", "社会效益"), "入学率", "不低于99.5%", "不低于99.5%"),
    Item(("3", "满意度指标"), ("31", "服务对象满意度"), "家长满意度", "90%-95%", "≥90%"),
    Item(("2", "效益指标"), ("24", "可持续影响"), "长效机制", "逐步完善", "逐步完善"),
]

GOAL = (
    "1、完成“学生资助”工作，覆盖（全区）困难家庭学生；2、按照《资助管理办法》"
    "发放补助资金。3、提高资金使用效益。"
)


def sample_table() -> TableSpec:
    return TableSpec(
        title="项目支出绩效目标表",
        department="某市某区教育局",
        currency="万元",
        figures=["1,260.50", "1,200.50", "60.00"],
        units=[
            UnitSpec(
                "某市某区教育局本级",
                ["1,000.50", "1,000.50"],
                [
                    ProjectSpec("学生资助经费", ["800.50", "800.50"], GOAL, ITEMS[:4]),
                    ProjectSpec("教育信息化建设专项经费", ["200.00", "200.00"], "", ITEMS[4:]),
                ],
            ),
            UnitSpec(
                "某市某区第一中学",
                ["260.00", "200.00", "60.00"],
                [ProjectSpec("校舍维修改造项目", ["260.00", "200.00", "60.00"], GOAL, ITEMS)],
            ),
        ],
    )


COLUMNS = ("total", "fiscal", "fiscal_special", "other")


def amounts(figures: list[str]) -> Amounts:
    return Amounts(**{c: f.replace(",", "") for c, f in zip(COLUMNS, figures, strict=False)})


def expected(spec: TableSpec) -> TargetTable:
    """The table a spec describes, built without the parser (values read one by one)."""

    def indicator(number: int, item: Item) -> Indicator:
        period = None if item.period is None else parse_value(item.period, name=item.name)
        annual = parse_value(item.annual, name=item.name)
        return Indicator(number, Code(*item.level), Code(*item.category), item.name, period, annual)

    return TargetTable(
        spec.title,
        spec.department,
        spec.currency,
        amounts(spec.figures),
        [
            FundingUnit(
                unit.name,
                amounts(unit.figures),
                [
                    Project(
                        p.name,
                        amounts(p.figures),
                        p.goal,
                        [indicator(n, item) for n, item in enumerate(p.items, start=1)],
                    )
                    for p in unit.projects
                ],
            )
            for unit in spec.units
        ],
    )


LAYOUTS = [
    pytest.param(Layout(), id="one page"),
    pytest.param(Layout(width=13, page_lines=7), id="narrow, page breaks"),
    pytest.param(Layout(width=31, page_lines=3, break_="\n"), id="single line breaks"),
    pytest.param(Layout(amounts_on_next_line=True, page_lines=5), id="amounts on the next line"),
    pytest.param(Layout(indent=""), id="no indentation"),
    pytest.param(Layout(separator=";", colon="：", width=17), id="half-width ;"),
    pytest.param(Layout(width=2, page_lines=11), id="two characters a line"),
    pytest.param(Layout(page_lines=4, continued="{title}（续）"), id="continued title"),
    pytest.param(Layout(width=7, page_lines=5, continued="续表"), id="continued table"),
]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_rendered_table_reads_back(layout: Layout) -> None:
    spec = sample_table()
    text = render(spec, layout)
    table = parse_table(text)
    assert table == expected(spec)
    for project in table.projects:
        for item in project.indicators:
            covered = re.sub(r"\s", "", text[item.span[0] : item.span[1]])
            assert covered.startswith(f"{item.number}、")


def test_page_furniture_never_ends_up_in_a_name_goal_or_value() -> None:
    text = render(sample_table(), Layout(width=3, page_lines=2))
    table = parse_table(text)
    assert table == expected(sample_table())
    for project in table.projects:
        for part in (project.name, project.goal, *(i.name for i in project.indicators)):
            assert "绩效目标表" not in part
            assert "部门名称" not in part


def test_projects_without_a_unit_row() -> None:
    text = "\n".join(
        [
            "项目支出绩效目标表",
            "部门名称：某县农业农村局 单位：万元",
            HEADER,
            "合计 100.00 100.00",
            "    农田建设项目 100.00 100.00",
            "建设高标准农田。",
            "1、1-产出指标；11-数量指标；建设面积；年度指标值:≥500亩。",
        ]
    )
    table = parse_table(text)
    [unit] = table.units
    assert unit.name is None
    assert unit.amounts == Amounts()
    assert [p.name for p in unit.projects] == ["农田建设项目"]
    assert unit.projects[0].indicators[0].annual == parse_value("≥500亩")


def test_whole_numbers_in_yuan() -> None:
    text = "\n".join(
        [
            "项目支出绩效目标表",
            "部门名称：某街道办事处 单位：元",
            HEADER,
            "合计 50000 50000",
            "某街道办事处 50000 50000",
            "    社区活动经费 50000 50000",
            "开展社区活动20场。",
            "1、1-产出指标；11-数量指标；活动场次；年度指标值:20场。",
        ]
    )
    table = parse_table(text)
    assert table.currency == "元"
    assert table.projects[0].amounts == Amounts(50000, 50000)


# --- Errors ------------------------------------------------------------------------------------


def test_not_a_table() -> None:
    with pytest.raises(ParseError) as caught:
        parse_table("1、1-产出指标；11-数量指标；报废小车数量；年度指标值:1。")
    assert caught.value.msg.startswith("expected the title of a target table")
    assert (caught.value.line, caught.value.column) == (1, 1)


def test_an_error_in_a_block_points_into_the_document() -> None:
    spec = sample_table()
    spec.units[0].projects[0].items[1] = Item(
        ("1", "产出指标"), ("12", "质量指标"), "验收合格率", "100", "100"
    )
    text = render(spec, Layout(width=20, page_lines=6)).replace(
        "；年度指标值:100", "；年度指标:100", 1
    )
    with pytest.raises(ParseError) as caught:
        parse_table(text)
    error = caught.value
    assert error.msg.startswith("expected '。' after the value") or "年度指标值" in error.msg
    assert text[error.pos] in "；年"
    assert error.line == text.count("\n", 0, error.pos) + 1


def test_a_row_without_amounts() -> None:
    text = "\n".join(
        [
            "项目支出绩效目标表",
            "部门名称：某局 单位：万元",
            HEADER,
            "合计 1.00",
            "某局",
            "甲",
            "乙",
            "丙",
            "丁",
        ]
    )
    with pytest.raises(ParseError, match="expected the amounts") as caught:
        parse_table(text)
    assert caught.value.line == 5


# --- Property: any table, any layout --------------------------------------------------------------

NAME_CHARS = "项目经费建设专项维修改造教育卫生农业社区服务中心第一二三区县市（）、"
names = st.text(NAME_CHARS, min_size=2, max_size=14).filter(lambda n: n[0] not in "（）、")
GOAL_PIECES = [
    "完成",
    "工作",
    "，",
    "；",
    "。",
    "“三个转变”",
    "（全区）",
    "1、",
    "2、",
    "《办法》",
    "提高",
]
goals = (
    st.lists(st.sampled_from(GOAL_PIECES), max_size=12)
    .map("".join)
    .map(lambda g: g if not g or g.endswith("。") else g + "。")
)
figures = st.lists(
    st.decimals(min_value=0, max_value=99999, places=2).map(lambda d: f"{d:.2f}"),
    min_size=1,
    max_size=4,
)


@st.composite
def tables(draw: st.DrawFn) -> TableSpec:
    units = []
    for _ in range(draw(st.integers(1, 3))):
        projects = [
            ProjectSpec(
                draw(names),
                draw(figures),
                draw(goals),
                draw(st.lists(st.sampled_from(ITEMS), min_size=1, max_size=8)),
            )
            for _ in range(draw(st.integers(1, 3)))
        ]
        units.append(UnitSpec(draw(names), draw(figures), projects))
    return TableSpec("项目支出绩效目标表", draw(names), "万元", draw(figures), units)


layouts = st.builds(
    Layout,
    width=st.integers(3, 40),
    page_lines=st.sampled_from([0, 4, 9, 17]),
    break_=st.sampled_from(["\n", "\n\n"]),
    indent=st.sampled_from(["", "    "]),
    amounts_on_next_line=st.booleans(),
)


@given(tables(), layouts)
@settings(max_examples=150, deadline=None)
def test_any_table_reads_back(spec: TableSpec, layout: Layout) -> None:
    assert parse_table(render(spec, layout)) == expected(spec)


def test_a_header_wrapped_onto_two_lines() -> None:
    text = render(sample_table(), Layout(width=20, page_lines=6)).replace(
        "财政专户拨款 其他资金 绩效目标 绩效指标", "财政专户\n拨款 其他资金 绩效目标 绩效指标"
    )
    assert parse_table(text) == expected(sample_table())


def test_a_project_name_with_a_colon_under_a_unit() -> None:
    spec = sample_table()
    spec.units[1].projects[0].name = "校舍维修改造项目：一期"
    assert parse_table(render(spec, Layout())) == expected(spec)


def test_whole_numbers_without_a_total_row() -> None:
    text = "\n".join(
        [
            "项目支出绩效目标表",
            "部门名称：某街道办事处 单位：元",
            "某街道办事处 50000 50000",
            "    社区活动经费 50000 50000",
            "开展社区活动。",
            "1、1-产出指标；11-数量指标；活动场次；年度指标值:20场。",
        ]
    )
    table = parse_table(text)
    assert table.total == Amounts()
    assert table.units[0].amounts == Amounts(50000, 50000)
    assert table.projects[0].amounts == Amounts(50000, 50000)


def test_department_line_variants() -> None:
    for line, department, currency in [
        ("部门名称：某市卫生健康委员会 (部门) 单位：万元", "某市卫生健康委员会", "万元"),
        ("部门：某局 金额单位：元", "某局", "元"),
        ("部门名称：某 局", "某 局", None),
    ]:
        table = parse_table(f"项目支出绩效目标表\n{line}\n{HEADER}\n合计 1.00\n    甲 1.00\n目标。")
        assert (table.department, table.currency) == (department, currency), line


def test_more_figures_than_columns_are_reported_not_dropped() -> None:
    text = "\n".join(
        [
            "项目支出绩效目标表",
            "部门名称：某县农业农村局 单位：万元",
            "项目名称 总计 财政拨款 绩效目标 绩效指标",
            "合计 100.00 100.00",
            "    农田建设项目 100.00 60.00 40.00",
            "建设高标准农田。",
            "1、1-产出指标；11-数量指标；建设面积；年度指标值:≥500亩。",
        ]
    )
    with pytest.raises(ParseError, match="found 3 amounts") as caught:
        parse_table(text)
    assert caught.value.skipped == "40.00"
    assert caught.value.msg.endswith(
        "where the column header has 2: the last 1 belong to no column"
    )
    table = parse_table(text, recover=True)
    [project] = table.projects
    assert project.amounts == Amounts(100, 60)
    assert [error.skipped for error in table.errors] == ["40.00"]
    assert len(project.indicators) == 1


def test_a_total_row_without_figures_leaves_the_unit_row_alone() -> None:
    text = "\n".join(
        [
            "项目支出绩效目标表",
            "部门名称：某县农业农村局 单位：万元",
            "项目名称 总计 财政拨款 绩效目标 绩效指标",
            "合计",
            "某县农业农村局 100.00 100.00",
            "    农田建设项目 100.00 100.00",
            "建设高标准农田。",
            "1、1-产出指标；11-数量指标；建设面积；年度指标值:≥500亩。",
        ]
    )
    table = parse_table(text, recover=True)
    assert [unit.name for unit in table.units] == ["某县农业农村局"]
    assert table.units[0].amounts == Amounts(100, 100)
    assert [project.name for project in table.projects] == ["农田建设项目"]


def test_six_figures_under_four_columns() -> None:
    text = "\n".join(
        [
            "项目支出绩效目标表",
            "部门名称：某办公室 单位：万元",
            "项目名称 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标",
            "合计 10.00 10.00",
            "某单位 10.00 10.00",
            "    项目甲 10.00 10.00 0.00 0.00 1.00 2.00",
            "目标甲。",
            "1、1-产出指标；11-数量指标；x；年度指标值:1人。",
        ]
    )
    table = parse_table(text, recover=True)
    [project] = table.projects
    assert project.name == "项目甲"
    assert project.amounts == Amounts(10, 10, 0, 0)
    assert [error.skipped for error in table.errors] == ["1.00 2.00"]


@pytest.mark.parametrize(
    "first",
    [
        "1、1x-产出指标；11-数量指标；指标1；年度指标值:1次。",
        "1、产出指标；11-数量指标；指标1；年度指标值:1次。",
        "1、1-产出指标；11数量指标；指标1；年度指标值:1次。",
        "1 1-产出指标；11-数量指标；指标1；年度指标值:1次。",
    ],
)
def test_a_damaged_first_item_is_reported_and_the_rest_kept(first: str) -> None:
    text = "\n".join(
        [
            "项目支出绩效目标表",
            "部门名称：某办公室 单位：万元",
            "项目名称 总计 财政拨款 绩效目标 绩效指标",
            "合计 10.00 10.00",
            "某单位 10.00 10.00",
            "    项目甲 10.00 10.00",
            "目标甲。",
            first,
            "2、1-产出指标；11-数量指标；指标2；年度指标值:2次。",
        ]
    )
    with pytest.raises(ParseError):
        parse_table(text)
    table = parse_table(text, recover=True)
    [project] = table.projects
    assert project.goal == "目标甲。"
    assert [item.number for item in project.indicators] == [2]
    assert [error.skipped for error in table.errors] == [first]


def test_a_wrapped_row_is_covered_by_its_span() -> None:
    from _recovery import lost_characters

    text = "\n".join(
        [
            "项目支出绩效目标表",
            "部门名称：某办公室 单位：万元",
            "项目名称 总计 财政拨款 绩效目标 绩效指标",
            "合计 20.00 20.00",
            "某某区人民政府",
            "办公室 10.00 10.00",
            "某某区财政局 10.00 10.00",
            "    项目甲很长的",
            "名字 10.00 10.00",
        ]
    )
    table = parse_table(text, recover=True)
    assert [unit.name for unit in table.units] == ["某某区人民政府办公室", "某某区财政局"]
    [project] = table.projects
    assert project.name == "项目甲很长的名字"
    assert text[slice(*project.span)] == "项目甲很长的\n名字 10.00 10.00"
    assert text[slice(*table.units[0].span)] == "某某区人民政府\n办公室 10.00 10.00"
    assert lost_characters(text, table, list(table.errors)) == ""


def test_full_width_figures() -> None:
    text = "\n".join(
        [
            "项目支出绩效目标表",
            "部门名称：某办公室 单位：万元",
            "项目名称 总计 财政拨款 绩效目标 绩效指标",
            "合计 １８.００ １８.００",
            "某单位 １８.００ １８.００",
            "    公务用车购置费 １８.００ １８.００",
            "目标。",
            "1、1-产出指标；11-数量指标；x；年度指标值:1辆。",
        ]
    )
    table = parse_table(text)
    assert table.total == Amounts(18, 18)
    assert [(p.name, p.amounts) for p in table.projects] == [("公务用车购置费", Amounts(18, 18))]


def _projects(text: str, *, recover: bool = False) -> list[Project]:
    table = parse_table(text, recover=recover)
    assert not table.errors
    return [project for unit in table.units for project in unit.projects]


def test_a_block_without_its_last_end_before_a_wrapped_project_name() -> None:
    """The last item lost its 。 and the next project's name wraps over two lines, its first
    line indented like the rows: the block ends there, and the next project is whole."""
    text = CORPUS.read_text(encoding="utf-8")
    damaged = text.replace("年度指标值:100%。\n\n    对外联络", "年度指标值:100%\n\n    对外联络")
    assert damaged != text
    expected = _projects(text)
    for recover in (False, True):
        projects = _projects(damaged, recover=recover)
        assert [p.name for p in projects] == [p.name for p in expected]
        assert projects[2].name == "对外联络、会议及调研专项经费"
        assert [p.indicators for p in projects] == [p.indicators for p in expected]
        assert [p.goal for p in projects] == [p.goal for p in expected]


def test_a_wrapped_value_without_its_end_is_not_taken_for_a_project_name() -> None:
    """The continuation of a value is not indented: it stays in the value, even before a
    project whose name wraps."""
    text = CORPUS.read_text(encoding="utf-8")
    damaged = text.replace(
        "安全可靠使用。\n\n    政府雇员工资费用 364.00 364.00",
        "安全可靠使用\n\n    政府雇员工资\n费用 364.00 364.00",
    )
    assert damaged != text
    projects = _projects(damaged)
    assert projects[0].indicators[-1].annual == Text.of("保障公务用车安全可靠使用")
    assert projects[1].name == "政府雇员工资费用"
    assert [p.indicators for p in projects] == [p.indicators for p in _projects(text)]


def test_a_first_project_row_that_lost_its_figures_is_reported() -> None:
    """Its unit row then looked like a project, and the project's name began its goal; now the
    name line (indented as project rows are) is the project, without amounts, and reported."""
    text = CORPUS.read_text(encoding="utf-8")
    damaged = text.replace("    公务用车购置费 18.00 18.00", "    公务用车购置费", 1)
    with pytest.raises(ParseError) as caught:
        parse_table(damaged)
    assert str(caught.value) == (
        "expected the amounts (总计 财政拨款 …) at the end of the row '公务用车购置费'"
        " (line 12, column 5)\n"
        "        公务用车购置费\n"
        "        ^~~~~~~~~~~~~~"
    )
    table = parse_table(damaged, recover=True)
    assert [error.skipped for error in table.errors] == ["公务用车购置费"]
    [unit] = table.units
    assert unit.name == "广州市白云区人民政府办公室"
    assert unit.amounts.total == Decimal("495")
    first = unit.projects[0]
    assert (first.name, first.amounts) == ("公务用车购置费", Amounts())
    assert first.goal.startswith("按照广州市公务用车管理要求")
    expected = _projects(text)
    assert [p.indicators for p in unit.projects] == [p.indicators for p in expected]
    assert [p.name for p in unit.projects] == [p.name for p in expected]


DEPARTMENT_LINE = "部门名称：广州市白云区人民政府办公室 (部门) 单位：万元"


def test_a_department_line_that_does_not_read_is_reported() -> None:
    """It was taken for the start of the total row's name."""
    text = CORPUS.read_text(encoding="utf-8")
    garbled = "部门名：广州市白云区人民政府办公室 单位万元"
    damaged = text.replace(DEPARTMENT_LINE, garbled)
    assert garbled in damaged
    with pytest.raises(ParseError) as caught:
        parse_table(damaged)
    assert caught.value.msg == (
        "expected the department line such as '部门名称：… 单位：万元',"
        " found '部门名：广州市白云区人民政府办公室 单位…'"
    )
    table = parse_table(damaged, recover=True)
    assert [error.skipped for error in table.errors] == [garbled]
    assert (table.department, table.currency) == (None, None)
    expected = parse_table(text)
    assert (table.total, table.units) == (expected.total, expected.units)


@pytest.mark.parametrize(
    "head", [DEPARTMENT_LINE + "\n（2024年度）", "（2024年度）\n" + DEPARTMENT_LINE, "（2024年度）"]
)
def test_other_lines_before_the_column_header_are_left_out(head: str) -> None:
    """A subtitle: neither a name nor a goal takes it, and the total row reads."""
    text = CORPUS.read_text(encoding="utf-8")
    expected = parse_table(text)
    table = parse_table(text.replace(DEPARTMENT_LINE, head))
    assert (table.total, table.units) == (expected.total, expected.units)
    if DEPARTMENT_LINE in head:
        assert (table.department, table.currency) == (expected.department, expected.currency)


def test_a_subtitle_repeated_on_every_page_is_page_furniture() -> None:
    text = CORPUS.read_text(encoding="utf-8")
    head = "项目支出绩效目标表（含转移支付项目）\n（2024年度）\n" + DEPARTMENT_LINE + "\n"
    header = "项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标\n"
    paged = text.replace(
        "项目支出绩效目标表（含转移支付项目）\n\n" + DEPARTMENT_LINE + "\n", head, 1
    ).replace("在规定时间内更新一\n", "在规定时间内更新一\n\x0c" + head + header, 1)
    assert paged.count("（2024年度）") == 2
    expected = parse_table(text)
    table = parse_table(paged)
    assert (table.department, table.total, table.units) == (
        expected.department,
        expected.total,
        expected.units,
    )


TWO_SCHOOLS = """项目支出绩效目标表
部门名称：某县教育局 (部门) 单位：万元
项目名称 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标
合计 300.00 200.00 30.00 70.00
某县第一中学 120.00 100.00 20.00
    校舍维修 120.00 100.00 20.00
某县第二中学 180.00 100.00 30.00 50.00
    实验室建设 180.00 100.00 30.00 50.00
完成实验室建设。
1、1-产出指标；11-数量指标；实验室数量；年度指标值:2间。
"""


def test_a_project_without_goal_or_block_before_the_next_unit() -> None:
    """The next unit's row (less indented, a project row under it) is not the project's goal."""
    table = parse_table(TWO_SCHOOLS)
    assert [(unit.name, [p.name for p in unit.projects]) for unit in table.units] == [
        ("某县第一中学", ["校舍维修"]),
        ("某县第二中学", ["实验室建设"]),
    ]
    first = table.units[0].projects[0]
    assert first.goal == ""
    assert len(first.indicators) == 0
    assert table.units[1].amounts.total == Decimal("180")


def test_a_total_row_out_of_place_is_reported() -> None:
    """合计 between the units was read as a project (or a unit) named 合计."""
    moved = TWO_SCHOOLS.replace("合计 300.00 200.00 30.00 70.00\n", "").replace(
        "某县第二中学 180.00", "合计 300.00 200.00\n某县第二中学 180.00"
    )
    with pytest.raises(ParseError) as caught:
        parse_table(moved)
    assert (
        caught.value.msg == "expected the total row '合计' before the first funding unit or project"
    )
    assert caught.value.skipped == "合计 300.00 200.00"
    table = parse_table(moved, recover=True)
    assert [error.skipped for error in table.errors] == ["合计 300.00 200.00"]
    assert table.total == Amounts()
    assert table.units == parse_table(TWO_SCHOOLS).units


def test_a_total_row_at_the_end_is_the_total() -> None:
    """Some tables print their total last."""
    last = (
        TWO_SCHOOLS.replace("合计 300.00 200.00 30.00 70.00\n", "")
        + "合计 300.00 200.00 30.00 70.00\n"
    )
    table = parse_table(last)
    expected = parse_table(TWO_SCHOOLS)
    assert (table.total, table.units) == (expected.total, expected.units)


def test_a_figure_glued_to_the_name_is_read_with_the_others() -> None:
    text = CORPUS.read_text(encoding="utf-8")
    glued = text.replace("公务用车购置费 18.00 18.00", "公务用车购置费18.00 18.00")
    assert parse_table(glued).units == parse_table(text).units


@pytest.mark.parametrize(
    ("row", "bad"),
    [
        ("    公务用车购置费 18.0O 18.00", "18.0O"),  # a letter for a digit
        ("    公务用车购置费 18,00 18.00", "18,00"),  # a decimal comma
    ],
)
def test_a_figure_that_does_not_read_leaves_the_amounts_unknown(row: str, bad: str) -> None:
    """The figures after it cannot be placed in their columns: the amounts stay unknown, and
    the name keeps none of the figures."""
    text = CORPUS.read_text(encoding="utf-8")
    damaged = text.replace("    公务用车购置费 18.00 18.00", row)
    with pytest.raises(ParseError) as caught:
        parse_table(damaged)
    assert caught.value.msg == (
        f"expected the amounts (总计 财政拨款 …) as figures, found '{bad}'"
        f" in the row '{row.strip()}'"
    )
    table = parse_table(damaged, recover=True)
    assert [error.skipped for error in table.errors] == [bad]
    first = table.projects[0]
    assert (first.name, first.amounts) == ("公务用车购置费", Amounts())
    assert table.projects[1:] == parse_table(text).projects[1:]


def test_a_misspelt_column_heading_is_reported() -> None:
    """Misread, 财政拔款 would have given every 财政拨款 figure to the next column."""
    text = CORPUS.read_text(encoding="utf-8")
    damaged = text.replace("总计 财政拨款", "总计 财政拔款")
    with pytest.raises(ParseError) as caught:
        parse_table(damaged)
    assert (
        caught.value.msg == "expected a column heading, found '财政拔款' (did you mean '财政拨款'?)"
    )
    table = parse_table(damaged, recover=True)
    assert [error.skipped for error in table.errors] == ["财政拔款"]
    expected = parse_table(text)
    assert (table.total, table.units) == (expected.total, expected.units)


def test_a_doubled_figures_line_is_not_the_start_of_a_goal() -> None:
    text = CORPUS.read_text(encoding="utf-8")
    doubled = text.replace("经费\n60.00 60.00\n", "经费\n60.00 60.00\n60.00 60.00\n")
    assert doubled != text
    with pytest.raises(ParseError, match="amounts that belong to no row"):
        parse_table(doubled)
    table = parse_table(doubled, recover=True)
    assert [error.skipped for error in table.errors] == ["60.00 60.00"]
    assert table.units == parse_table(text).units


@pytest.mark.parametrize(
    ("written", "run_together"),
    [
        ("18.00 18.00\n\n按照", "18.00 18.00按照"),  # a goal run onto its project's row
        ("364.00 364.00\n聘请", "364.00 364.00聘请"),
        (
            "安全可靠使用。\n\n    政府雇员工资费用",
            "安全可靠使用。政府雇员工资费用",
        ),  # a row after a 。
        ("安全可靠使用。\n\n    政府雇员工资费用", "安全可靠使用。    政府雇员工资费用"),
    ],
)
def test_a_row_run_together_with_the_line_before_or_after(written: str, run_together: str) -> None:
    """Extraction sometimes loses the line break around a row: the row is read apart."""
    text = CORPUS.read_text(encoding="utf-8")
    damaged = text.replace(written, run_together, 1)
    assert damaged != text
    assert parse_table(damaged).units == parse_table(text).units


def test_a_goal_that_ends_with_one_amount_is_not_cut() -> None:
    """Only two figures or more make a row: a goal's sentence ending in an amount stays."""
    table = parse_table(
        "项目支出绩效目标表\n合计 12.00 12.00\n    甲项目 12.00 12.00\n"
        "开展活动。资金 12.00\n1、1-产出指标；11-数量指标；活动场次；年度指标值:≥12场。"
    )
    assert table.projects[0].goal == "开展活动。资金 12.00"


def test_a_unit_row_that_lost_its_figures_is_reported_and_kept_as_a_unit() -> None:
    """Its name went into the goal of the project before it (or was glued to the name of the
    project after it), and its projects joined the unit before."""
    damaged = TWO_SCHOOLS.replace("某县第二中学 180.00 100.00 30.00 50.00", "某县第二中学")
    with pytest.raises(ParseError) as caught:
        parse_table(damaged)
    assert caught.value.skipped == "某县第二中学"
    table = parse_table(damaged, recover=True)
    assert [error.skipped for error in table.errors] == ["某县第二中学"]
    assert [(unit.name, [p.name for p in unit.projects]) for unit in table.units] == [
        ("某县第一中学", ["校舍维修"]),
        ("某县第二中学", ["实验室建设"]),
    ]
    assert table.units[0].projects[0].goal == ""
    assert table.units[1].amounts == Amounts()


def test_a_unit_row_with_a_figure_that_does_not_read() -> None:
    damaged = TWO_SCHOOLS.replace("某县第二中学 180.00", "某县第二中学 18O.00")
    table = parse_table(damaged, recover=True)
    assert [error.skipped for error in table.errors] == ["18O.00"]
    assert [(unit.name, unit.amounts) for unit in table.units] == [
        ("某县第一中学", parse_table(TWO_SCHOOLS).units[0].amounts),
        ("某县第二中学", Amounts()),
    ]


def test_a_missing_title_is_reported_and_the_department_line_still_read() -> None:
    text = CORPUS.read_text(encoding="utf-8")
    untitled = text.replace("项目支出绩效目标表（含转移支付项目）\n", "", 1)
    with pytest.raises(ParseError, match="expected the title of a target table"):
        parse_table(untitled)
    table = parse_table(untitled, recover=True)
    [error] = table.errors
    assert (error.skipped, error.line, error.column) == ("", 3, 1)
    expected = parse_table(text)
    assert (table.title, table.department, table.currency) == (
        None,
        "广州市白云区人民政府办公室",
        "万元",
    )
    assert (table.total, table.units) == (expected.total, expected.units)


FARM_HEAD = (
    "项目支出绩效目标表\n部门名称：某县农业农村局 (部门) 单位：万元\n"
    "项目名称 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标\n合计 18.00 18.00\n"
)
FARM_BLOCK = "1、1-产出指标；11-数量指标；面积；年度指标值:100亩。\n"


@pytest.mark.parametrize(
    ("body", "name", "goal"),
    [
        # A goal line indented like a row, with amounts in its sentence.
        ("    农田建设项目 18.00 18.00\n    中央资金 10.00 8.00万元，建设农田。\n", "农田建设项目",
         "中央资金 10.00 8.00万元，建设农田。"),
        # A goal whose amounts run onto the next line after a 。.
        ("    农田建设项目 18.00 18.00\n建设农田。本年安排资金 12.50 5.50\n万元。\n",
         "农田建设项目", "建设农田。本年安排资金 12.50 5.50万元。"),
        # A goal indented deeper than its row, without marks.
        ("    农田建设项目 18.00 18.00\n        保障农田建设\n", "农田建设项目", "保障农田建设"),
        # A name wrapped onto a line centred in its cell.
        ("    对外联络、会议及调研专项\n          经费\n18.00 18.00\n目标。\n",
         "对外联络、会议及调研专项经费", "目标。"),
    ],
)  # fmt: skip
def test_valid_layouts_that_look_damaged_read_as_written(body: str, name: str, goal: str) -> None:
    """From a review of the rules that find damage: none of these raises or misreads."""
    [project] = parse_table(FARM_HEAD + body + FARM_BLOCK).projects
    assert (project.name, project.amounts.total, project.goal) == (name, Decimal("18"), goal)
    assert len(project.indicators) == 1


@pytest.mark.parametrize(
    ("head", "department", "currency"),
    [
        ("填报单位：某县农业农村局", "某县农业农村局", None),
        ("部门名称：某局\n单位：万元", "某局", "万元"),  # the unit on a line of its own
        ("部门（单位）名称：某局 单位：万元", "某局", "万元"),
        ("部门名称：某局 单位：万元 第1页", "某局", "万元"),
        ("部门名称：某局 单位：万元\n（2024年部门预算）", "某局", "万元"),
    ],
)
def test_department_line_forms(head: str, department: str, currency: str | None) -> None:
    text = FARM_HEAD.replace("部门名称：某县农业农村局 (部门) 单位：万元", head)
    table = parse_table(text + "    农田建设项目 18.00 18.00\n目标。\n" + FARM_BLOCK)
    assert (table.department, table.currency, len(table.projects)) == (department, currency, 1)


@pytest.mark.parametrize("headings", ["总计 其它资金", "资金总计 财政拨款", "总计 财政拨款数"])
def test_column_headings_that_are_not_misspellings(headings: str) -> None:
    header = f"项目名称 {headings} 绩效目标 绩效指标"
    text = FARM_HEAD.replace(
        "项目名称 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标", header
    )
    assert parse_table(text + "    农田建设项目 18.00 18.00\n目标。\n" + FARM_BLOCK).projects


def test_figures_wrapped_onto_the_next_line_complete_the_row() -> None:
    """18.00 10.00 / 8.00: with the last figure, the total is the sum of the funds."""
    text = FARM_HEAD.replace("合计 18.00 18.00", "合计 18.00 10.00 8.00")
    [project] = parse_table(
        text + "    农田建设项目 18.00 10.00\n8.00\n目标。\n" + FARM_BLOCK
    ).projects
    assert project.amounts == Amounts(Decimal(18), Decimal(10), Decimal(8))
    assert project.goal == "目标。"


def test_a_name_ending_in_a_letter_after_a_digit_is_a_name() -> None:
    [project] = parse_table(FARM_HEAD + "    机关5S 18.00 18.00\n目标。\n" + FARM_BLOCK).projects
    assert project.name == "机关5S"


def test_a_garbled_figure_on_a_line_of_its_own_is_reported() -> None:
    """A wrapped row's figures below its name: 60.0O went into the name before."""
    text = CORPUS.read_text(encoding="utf-8")
    damaged = text.replace("经费\n60.00 60.00", "经费\n60.0O 60.00")
    table = parse_table(damaged, recover=True)
    assert [error.skipped for error in table.errors] == ["60.0O"]
    project = table.projects[2]
    assert (project.name, project.amounts) == ("对外联络、会议及调研专项经费", Amounts())


# --- Long names and continuation pages ------------------------------------------------------

LONG_NAME = "校舍维修及实验室建设和图书馆改造工程项目经费第二期工程款项目"
KITCHEN = "    食堂改造 100.00 100.00\n完成食堂改造。\n"
KITCHEN_BLOCK = "1、1-产出指标；11-数量指标；食堂数量；年度指标值:1个。\n"


def long_name_table(name_lines: list[str], block_before: bool) -> str:
    head = TWO_SCHOOLS.split("某县第一中学")[0].replace(
        "300.00 200.00 30.00 70.00", "300.00 300.00"
    )
    return (
        head
        + "某县第一中学 300.00 300.00\n"
        + KITCHEN
        + (KITCHEN_BLOCK if block_before else "")
        + "    "
        + "\n".join(name_lines)
        + "\n200.00 200.00\n完成校舍维修。\n"
        + "1、1-产出指标；11-数量指标；面积；年度指标值:300平方米。\n"
    )


@pytest.mark.parametrize("block_before", [True, False], ids=["after a block", "after a goal"])
@pytest.mark.parametrize("count", [7, 8, 9, 15])
def test_a_name_wrapped_over_more_lines_than_usual(count: int, block_before: bool) -> None:
    """A project name over many lines (a narrow column) is read whole: its first lines were
    given to the goal above it, or the row was reported as one without amounts."""
    lines = [LONG_NAME[2 * index : 2 * index + 2] for index in range(count)]
    table = parse_table(long_name_table(lines, block_before))
    assert [(p.name, p.goal, p.amounts.total) for p in table.projects] == [
        ("食堂改造", "完成食堂改造。", Decimal("100")),
        ("".join(lines), "完成校舍维修。", Decimal("200")),
    ]


def test_a_name_longer_than_a_row_is_reported() -> None:
    """Over 200 characters, the lines before the figures are more likely something else (a goal
    without its marks) than a name: reported, and in recovery kept as written."""
    lines = ["项目名称的一部分" * 2] * 14  # 224 characters
    text = long_name_table(lines, block_before=False)
    with pytest.raises(ParseError) as caught:
        parse_table(text)
    assert caught.value.msg == (
        "expected a row's name of at most 200 characters before its amounts, found 224"
        " characters over 15 lines '项目名称的一部分项目名称的一部分项目名称…'"
    )
    assert caught.value.skipped.startswith("项目名称的一部分")
    assert caught.value.skipped.endswith("200.00 200.00")
    table = parse_table(text, recover=True)
    assert [error.msg for error in table.errors] == [caught.value.msg]
    assert [(p.name, p.goal) for p in table.projects] == [
        ("食堂改造", "完成食堂改造。"),
        ("".join(lines), "完成校舍维修。"),
    ]


CONTINUATION_HEADER = (
    "项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标\n"
)


@pytest.mark.parametrize(
    "mark",
    [
        "项目支出绩效目标表（续）",
        "项目支出绩效目标表（含转移支付项目）（续）",
        "项目支出绩效目标表(续表)",
        "续表",
        "续上表",
        "（续）",
    ],
)
@pytest.mark.parametrize(
    "after",
    [
        "在规定时间内更新一\n",
        "    政府雇员工资费用 364.00 364.00\n",
        "期指标值:1；年度指标值:1。3、1-产出指标；12-质量指标；采购程序\n",
    ],
    ids=["in a goal", "after a row", "in a block"],
)
def test_a_continuation_page_reads_as_if_it_were_not_there(mark: str, after: str) -> None:
    """A page that goes on with the table under 续表 or the title with （续）, and the column
    header repeated: nothing of it is a name, a goal or a value."""
    text = CORPUS.read_text(encoding="utf-8")
    assert after in text
    paged = text.replace(after, f"{after}\x0c{mark}\n{CONTINUATION_HEADER}", 1)
    expected = parse_table(text)
    table = parse_table(paged)
    assert (table.title, table.total, table.units) == (
        expected.title,
        expected.total,
        expected.units,
    )


@pytest.mark.parametrize("line", ["实验室续表", "另一张表（续）", "续表格"])
def test_lines_like_a_continuation_mark_are_kept(line: str) -> None:
    """Only 续表 or （续） alone or after the table's own title heads a continuation page."""
    text = TWO_SCHOOLS.replace("完成实验室建设。", f"完成\n{line}\n实验室建设。")
    [_, project] = parse_table(text).projects
    assert project.goal == f"完成{line}实验室建设。"


# --- Page text around the table --------------------------------------------------------------

CHROME = [
    pytest.param("联系电话：020-86123456", "contact details", id="phone"),
    pytest.param("联系电话：020 86123456", "contact details", id="phone, spaced"),
    pytest.param("浏览次数：1234", "a view count", id="views"),
    pytest.param("浏览次数 1234.00", "a view count", id="views, a figure"),
    pytest.param("发布日期：2024-03-15", "a date of publication", id="published"),
    pytest.param("2024-03-15 10:30:00", "a date of publication", id="date and time"),
    pytest.param("信息来源：某县教育局", "the page's source", id="source"),
    pytest.param("2010301", "a budget subject code", id="subject code"),
]
CHROME_PLACES = {
    "before the title": ("", "项目支出绩效目标表\n"),
    "under the title": ("项目支出绩效目标表", "\n部门名称"),
    "after the total": ("合计 300.00 200.00 30.00 70.00\n", ""),
    "between rows": ("某县第一中学 120.00 100.00 20.00\n", ""),
    "in a goal": ("完成实验", "室建设。\n"),
    "in a block": ("实验室数量；年度", "指标值:2间。\n"),
    "at the end": ("年度指标值:2间。\n", ""),
}


def with_chrome(line: str, place: str) -> str:
    before, after = CHROME_PLACES[place]
    if not after:
        return TWO_SCHOOLS.replace(before, f"{before}{line}\n", 1)
    if not before:
        return f"{line}\n{TWO_SCHOOLS}"
    return TWO_SCHOOLS.replace(before + after, f"{before}\n{line}\n{after}", 1)


@pytest.mark.parametrize(("line", "kind"), CHROME)
@pytest.mark.parametrize("place", list(CHROME_PLACES))
def test_page_text_around_the_table_is_reported_and_left_out(
    line: str, kind: str, place: str
) -> None:
    """Phone numbers, view counts, dates and subject codes of the page the table was taken from
    never become a total, a row's amounts, a name, a goal or a value."""
    text = with_chrome(line, place)
    assert line in text
    message = (
        f"expected the text of the table, found {kind} from the page around it '{line}',"
        " which is left out"
    )
    with pytest.raises(ParseError) as caught:
        parse_table(text)
    assert caught.value.msg == message
    assert caught.value.skipped == line
    table = parse_table(text, recover=True)
    assert [error.msg for error in table.errors] == [message]
    expected = parse_table(TWO_SCHOOLS)
    assert (table.title, table.total, table.units) == (
        expected.title,
        expected.total,
        expected.units,
    )


def test_a_whole_number_total_over_rows_with_two_decimals_is_reported() -> None:
    """合计 2010301 (a subject code in the total's place) is not the total of a 万元 table."""
    text = TWO_SCHOOLS.replace("合计 300.00 200.00 30.00 70.00", "合计 2010301")
    with pytest.raises(ParseError) as caught:
        parse_table(text)
    assert str(caught.value) == (
        "expected the total's amounts with two decimals, as the table's rows have them, found"
        " '2010301' (line 4, column 4)\n    合计 2010301\n         ^~~~~~~"
    )
    table = parse_table(text, recover=True)
    assert len(table.errors) == 1
    expected = parse_table(TWO_SCHOOLS)
    assert (table.total, table.units) == (Amounts(), expected.units)


@pytest.mark.parametrize(
    "goal",
    [
        "完成日期为2024年底，联系电话另行通知。",
        "联系电话的安装与维护。",
        "来源于财政拨款。",
        "拨打\n电话12345反映问题\n的办结率。",
        "日期\n2024年内完成。",
    ],
)
def test_goals_that_mention_page_words_are_kept(goal: str) -> None:
    text = TWO_SCHOOLS.replace("完成实验室建设。", goal)
    [_, project] = parse_table(text).projects
    assert project.goal == goal.replace("\n", "")


def test_a_total_row_whose_figures_do_not_read_is_reported() -> None:
    """合计 300.00x became the start of the name of the unit after it, without a word."""
    text = TWO_SCHOOLS.replace("合计 300.00 200.00 30.00 70.00", "合计 300.00x")
    with pytest.raises(ParseError) as caught:
        parse_table(text)
    assert caught.value.msg == "expected the total's amounts as figures, found '300.00x'"
    assert caught.value.skipped == "300.00x"
    table = parse_table(text, recover=True)
    assert [error.skipped for error in table.errors] == ["300.00x"]
    assert (table.total, table.units) == (Amounts(), parse_table(TWO_SCHOOLS).units)


def test_a_total_row_with_its_figures_glued_to_the_word() -> None:
    glued = TWO_SCHOOLS.replace("合计 300.00", "合计300.00")
    expected = parse_table(TWO_SCHOOLS)
    table = parse_table(glued)
    assert (table.total, table.units) == (expected.total, expected.units)


def test_a_wrapped_whole_number_total_over_rows_with_two_decimals_is_reported() -> None:
    text = TWO_SCHOOLS.replace("合计 300.00 200.00 30.00 70.00", "合计\n300")
    with pytest.raises(ParseError) as caught:
        parse_table(text)
    assert caught.value.skipped == "300"
    assert caught.value.line == 5


YUAN = """项目支出绩效目标表
部门名称：某街道办事处 单位：元
项目名称 总计 财政拨款 财政专户拨款 其他资金
合计 50000 50000
某街道办事处 50000 50000
    社区活动经费 50000 50000
开展社区活动20场。
1、1-产出指标；11-数量指标；活动场次；年度指标值:20场。
"""


@pytest.mark.parametrize(
    ("row", "coded"),
    [
        ("    社区活动经费 50000 50000", "    社区活动经费 2010301 50000 50000"),
        ("合计 50000 50000", "合计 2010301 50000 50000"),
    ],
    ids=["a project row", "the total row"],
)
def test_a_subject_code_among_whole_number_figures_is_reported(row: str, coded: str) -> None:
    """In a table in 元, 2010301 before a row's figures could be an amount; one that its parts
    do not add up to is the subject code printed after the name, and is not taken as the total."""
    text = YUAN.replace(row, coded)
    message = (
        "expected the amounts (总计 财政拨款 …), found '2010301', a budget subject code that the"
        f" figures after it do not add up to, in the row '{coded.strip()[:20]}…'"
    )
    with pytest.raises(ParseError) as caught:
        parse_table(text)
    assert caught.value.msg == message
    assert caught.value.skipped == "2010301"
    table = parse_table(text, recover=True)
    assert [error.msg for error in table.errors] == [message]
    amounts = [table.total, *(p.amounts for p in table.projects)]
    assert Decimal("2010301") not in [a.total for a in amounts]


def test_a_whole_number_amount_that_its_parts_add_up_to_is_an_amount() -> None:
    text = YUAN.replace("    社区活动经费 50000 50000", "    社区活动经费 2010301 2000000 10301")
    [project] = parse_table(text).projects
    assert project.amounts == Amounts(2010301, 2000000, 10301)
