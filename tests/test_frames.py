"""Data frames and notebook tables: the columns and types analysts get, worked out from the
sample corpus by hand."""

from __future__ import annotations

import sys
from decimal import Decimal

import pandas
import pytest

from _corpus import CORPUS
from perfindicator import parse_indicators, parse_table, to_dataframe


@pytest.fixture(scope="module")
def frame() -> pandas.DataFrame:
    return parse_table(CORPUS.read_text(encoding="utf-8")).to_dataframe()


def test_one_row_per_indicator_with_its_project(frame: pandas.DataFrame) -> None:
    assert frame.shape == (33, 82)  # COLUMNS without `file`
    assert "file" not in frame.columns
    assert list(frame["project"].unique()) == [
        "公务用车购置费", "政府雇员工资费用", "对外联络、会议及调研专项经费", "政府雇员公用经费",
        "文书档案规范化处理入馆项目", "专班工作经费",
    ]  # fmt: skip
    row = frame.iloc[3]  # 验收合格率（%）: 年度指标值 100, the unit from the name
    assert (row["project"], row["number"], row["name"]) == ("公务用车购置费", 4, "验收合格率（%）")
    assert (row["annual_kind"], row["annual_op"], row["annual_value"], row["annual_unit"]) == (
        "quantity", "=", 100.0, "%",
    )  # fmt: skip
    assert row["project_total"] == 18.0
    assert row["funding_unit"] == "广州市白云区人民政府办公室"


def test_typed_columns(frame: pandas.DataFrame) -> None:
    assert str(frame["number"].dtype) == "Int64"
    assert str(frame["annual_year"].dtype) == "Int64"
    assert str(frame["annual_value"].dtype) == "Float64"
    assert str(frame["project_fiscal"].dtype) == "Float64"
    assert str(frame["annual_unit"].dtype) == "string"
    # Only a quantity has a value: the other kinds leave the cell missing.
    assert frame["annual_value"].isna().tolist() == (frame["annual_kind"] != "quantity").tolist()


def test_exact_decimals_on_request() -> None:
    block = "1、1-产出指标；11-数量指标；补助标准；年度指标值:≥0.1万元/人。"
    frame = parse_indicators(block + block.replace("≥0.1万元/人", "合规")).to_dataframe(
        numbers="decimal"
    )
    assert frame["annual_value"].tolist() == [Decimal("1000"), None]  # None, never Decimal NaN
    assert frame["project"].isna().all()
    with pytest.raises(ValueError, match="numbers must be 'float' or 'decimal'"):
        to_dataframe(parse_indicators(block), numbers="int")


def test_without_pandas_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install 'perfindicator\[pandas\]'"):
        parse_indicators("").to_dataframe()


def test_notebook_tables_escape_what_they_show() -> None:
    items = parse_indicators(
        "1、1-产出指标；11-数量指标；<b>数量</b>；年度指标值:≥2.5万人次。2、坏", recover=True
    )
    shown = items._repr_html_()
    assert "&lt;b&gt;数量&lt;/b&gt;" in shown
    assert "<b>" not in shown
    assert '<td title="≥2.5万人次">≥25000人次</td>' in shown
    assert "1 problem(s) skipped" in shown


def test_a_table_in_a_notebook() -> None:
    shown = parse_table(CORPUS.read_text(encoding="utf-8"))._repr_html_()
    assert shown.startswith("<h4>项目支出绩效目标表（含转移支付项目）</h4>")
    assert shown.count('<table class="perfindicator">') == 6
    assert shown.count("<tr><td>") == 33


def test_the_row_columns_name_every_amount() -> None:
    """``model/views.py`` writes the fields of ``Amounts`` out (the document module builds on
    it, so it cannot import them): the two lists must be one."""
    import attrs

    from perfindicator.model.document import Amounts
    from perfindicator.model.views import AMOUNT_FIELDS

    assert [field.name for field in attrs.fields(Amounts)] == AMOUNT_FIELDS
