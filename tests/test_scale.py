"""Scale and robustness: parse_many on processes and on Dask, threads, determinism, and inputs
built to make regular expressions backtrack."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from _corpus import CORPUS, PATHOLOGICAL, corpus_blocks
from _recovery import lost_characters
from perfindicator import (
    IndicatorList,
    InputError,
    ParseError,
    TargetTable,
    parse_indicators,
    parse_many,
    parse_table,
    parse_value,
)

BLOCKS = [block for _, block in corpus_blocks()]
BROKEN = "1、1-产出指标；11-数量指标；报废小车数量；年度指标值:"


def sources(tmp_path: Path) -> list[object]:
    missing = tmp_path / "missing.txt"
    return [CORPUS, *BLOCKS, BROKEN, missing, CORPUS.read_text(encoding="utf-8")]


def check(results: list[object], tmp_path: Path) -> None:
    assert len(results) == 10
    assert isinstance(results[0], TargetTable)
    assert len(results[0].indicators) == 33
    for block, result in zip(BLOCKS, results[1:7], strict=True):
        assert isinstance(result, IndicatorList)
        assert result == parse_indicators(block)
    assert isinstance(results[7], ParseError)
    assert results[7].msg == "expected a value after '年度指标值:', found the end of the text"
    assert isinstance(results[8], InputError)
    assert str(results[8]) == f"{tmp_path / 'missing.txt'}: cannot read: No such file or directory"
    assert results[9] == results[0]


def test_parse_many_in_this_process(tmp_path: Path) -> None:
    check(parse_many(sources(tmp_path), workers=1), tmp_path)


def test_parse_many_on_processes_keeps_the_order(tmp_path: Path) -> None:
    check(parse_many(sources(tmp_path), workers=2, chunk=3), tmp_path)


def test_parse_many_recovers(tmp_path: Path) -> None:
    [result] = parse_many([BLOCKS[0] + "乱码"], workers=1, recover=True)
    assert isinstance(result, IndicatorList)
    assert len(result) == 7
    assert [error.skipped for error in result.errors] == ["乱码"]


def test_everything_returned_pickles(tmp_path: Path) -> None:
    for result in parse_many(sources(tmp_path), workers=1):
        copy = pickle.loads(pickle.dumps(result))
        assert type(copy) is type(result)
        assert str(copy) == str(result)


def test_errors_pickle_where_dask_pickles_causes_too(tmp_path: Path) -> None:
    """tblib (installed by Dask's workers) pickles an exception with its cause; in a process
    of its own, so that the global change stays there."""
    pytest.importorskip("tblib")
    code = (
        "import pickle, tblib.pickling_support; tblib.pickling_support.install();"
        "from perfindicator import parse_many;"
        "[error] = parse_many(['1、1-产出指标；'], workers=1);"
        "print(pickle.loads(pickle.dumps(error)).msg)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("expected '；' and a category")


def test_dask_recipe(tmp_path: Path) -> None:
    """The recipe in docs/scaling.md, on a local cluster."""
    bag = pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("distributed")
    paths = [CORPUS] * 4 + [tmp_path / "missing.txt"]
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False) as cluster,
        distributed.Client(cluster),
    ):
        documents = bag.from_sequence(paths, npartitions=2)
        results = documents.map_partitions(parse_many, workers=1).compute()
    assert [type(result).__name__ for result in results] == ["TargetTable"] * 4 + ["InputError"]
    assert sum(len(result.indicators) for result in results[:4]) == 4 * 33


def test_a_shared_parser_from_eight_threads() -> None:
    text = "\n".join(BLOCKS * 5)
    expected = [item.to_dict() for item in parse_indicators(text)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        runs = list(pool.map(lambda _: [i.to_dict() for i in parse_indicators(text)], range(16)))
    assert all(run == expected for run in runs)


def test_output_is_deterministic() -> None:
    text = CORPUS.read_text(encoding="utf-8")
    first = json.dumps(parse_table(text).to_dict(), ensure_ascii=False)
    second = json.dumps(parse_table(text).to_dict(), ensure_ascii=False)
    assert first == second


@pytest.mark.parametrize("piece", PATHOLOGICAL)
def test_inputs_built_to_backtrack_read_whole(piece: str) -> None:
    value = piece * 2000
    block = f"1、1-产出指标；11-数量指标；{value}；年度指标值:{value}"
    assert parse_value(value + "!").raw == (value + "!").strip()
    items = parse_indicators(block, recover=True)
    assert lost_characters(block, items, items.errors) == ""
    table = f"项目支出绩效目标表\n项目名称{value}\n合计 1.00\n    项目 1.00\n{value}\n{block}"
    parsed = parse_table(table, recover=True)
    assert lost_characters(table, parsed, list(parsed.errors)) == ""


# --- Long runs of spaces and dense errors ---------------------------------------------------------
# Each of these inputs took seconds to minutes when two space patterns sat next to each other
# in a regular expression (every way of sharing a run of spaces between them was tried), or
# when every error was rendered from a fresh look at the whole text. They check what is read,
# not how long it takes: the benchmark measures the time, at two sizes.

#: A run of spaces as long as a whole page of extracted text.
SPACES = " " * 20_000


def test_a_unit_hint_after_a_long_run_of_spaces() -> None:
    assert parse_value("100", name=f"验收合格率（{SPACES}%）") == parse_value("100%")
    assert parse_value("100", name=f"验收合格率({SPACES}") == parse_value("100")
    assert parse_value("100", name=f"验收合格率(≥{SPACES}**%{SPACES})") == parse_value("100%")


@pytest.mark.parametrize(
    ("line", "spaced"),
    [
        ("合计 300.00 200.00 30.00 70.00", f"合计{SPACES}300.00 200.00 30.00 70.00"),
        ("项目名称 总计 财政拨款", f"项目名称{SPACES}总计 财政拨款"),
    ],
    ids=["total row", "column header"],
)
def test_table_lines_with_a_long_run_of_spaces(line: str, spaced: str) -> None:
    from test_table import TWO_SCHOOLS

    table = parse_table(TWO_SCHOOLS.replace(line, spaced))
    expected = parse_table(TWO_SCHOOLS)
    assert (table.total, table.units) == (expected.total, expected.units)


def test_a_garbled_total_row_after_a_long_run_of_spaces() -> None:
    from test_table import TWO_SCHOOLS

    text = TWO_SCHOOLS.replace("合计 300.00 200.00 30.00 70.00", f"合计{SPACES}300.00x")
    with pytest.raises(ParseError) as caught:
        parse_table(text)
    assert caught.value.msg == "expected the total's amounts as figures, found '300.00x'"
    table = parse_table(text, recover=True)
    assert table.units == parse_table(TWO_SCHOOLS).units


def test_a_line_of_a_name_and_a_figure_after_a_long_run_of_spaces() -> None:
    """项目名称 then spaces then 1.0: not a header, not a row; the total row under it is not
    taken into its name (it was, with the total's figures as the amounts of a unit)."""
    from test_table import TWO_SCHOOLS

    header = "项目名称 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标"
    text = TWO_SCHOOLS.replace(header, f"项目名称{SPACES}1.0")
    table = parse_table(text, recover=True)
    assert [error.skipped for error in table.errors] == [
        f"项目名称{SPACES}1.0",
        "合计 300.00 200.00 30.00 70.00",
    ]
    assert [unit.name for unit in table.units] == [None, "某县第一中学", "某县第二中学"]
    assert table.units[1:] == parse_table(TWO_SCHOOLS).units


def test_a_row_spaced_out_longer_than_a_row_is_reported() -> None:
    from test_table import TWO_SCHOOLS

    spaced = TWO_SCHOOLS.replace("某县第一中学 120.00", f"某县第一中学{SPACES}120.00")
    with pytest.raises(ParseError) as caught:
        parse_table(spaced)
    expected = "expected the amounts (总计 财政拨款 …) at the end of the row"
    assert caught.value.msg.startswith(expected)
    assert caught.value.skipped == f"某县第一中学{SPACES}120.00 100.00 20.00"


def test_many_lines_as_long_as_rows_with_runs_of_spaces() -> None:
    """Each line is tried as a row run together with its goal, whose test is bounded by the
    length of a row: quadratic in that length, it made every such line cost 40 000 steps."""
    line = "    x" + " " * 190 + "1.00 1.0"
    body = "\n".join([line] * 2_000)
    text = f"项目支出绩效目标表\n项目名称 总计 财政拨款\n合计 1.00\n    项目 1.00\n{body}\n"
    table = parse_table(text, recover=True)
    assert lost_characters(text, table, list(table.errors)) == ""
    [project] = table.projects
    assert project.goal.startswith("x")


@pytest.mark.parametrize("separator", ["", "\n"], ids=["one line", "a line each"])
def test_dense_errors_are_each_reported_with_a_short_excerpt(separator: str) -> None:
    text = separator.join(["1、1-"] * 5_000)
    items = parse_indicators(text, recover=True)
    assert len(items) == 0
    assert len(items.errors) == 5_000
    assert lost_characters(text, items, items.errors) == ""
    rendered = [str(error) for error in items.errors]
    assert max(len(line) for error in rendered for line in error.splitlines()[1:]) <= 104
    found = "'1、1-1、1-1、1-1、1-…'" if not separator else "'1、1-'"
    where = "line 1, column 10005" if not separator else "line 2501, column 5"
    # What follows the skipped item is quoted, not called the end of the text.
    assert rendered[2_500].startswith(
        f"expected the level name after the level code, found {found} ({where})"
    )


def test_a_value_cell_with_a_long_run_of_spaces_is_read_as_text() -> None:
    """The forms read around a value (a subject before a number, bounds joined by 且, a remark)
    are looked for without a pattern that tries a run of spaces from each of its characters."""
    from perfindicator import parse_value

    for cell in (
        "满意度" + " " * 20_000 + "90%以上（含",
        "a" + " " * 20_000 + "b",
        "≥90%" + " " * 20_000 + "且",
    ):
        value = parse_value(cell)
        assert value.to_dict() == {"kind": "text", "raw": cell, "text": cell}
    joined = parse_value("≥90%" + " " * 20_000 + "且" + " " * 20_000 + "≤95%")
    assert joined.to_dict() | {"raw": ""} == {
        "kind": "range", "raw": "", "low": "90", "high": "95", "unit": "%",
    }  # fmt: skip
