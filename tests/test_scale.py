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
