"""``parse_many`` on a pool, with this process reading documents from the end while the pool
reads from the start: every result is the one reading in this process alone gives (type,
equality, interchange form with spans and locations, errors), in input order, whatever the
number of documents and the size of the chunks."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from _forms import SELF_EVALUATION_ROWS
from _grids import to_tsv
from perfindicator import Document, IndicatorList, ParseError, TargetTable, parse_many
from perfindicator.forms import many
from perfindicator.forms.many import Source
from perfindicator.sources.grid import Grid

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.run import distinct_text
from benchmarks.scale import table_text

CORPUS = Path(__file__).parent / "corpus" / "baiyun-office-targets.txt"


def described(result: object) -> Any:
    """Everything a result says, positions included (equality leaves spans out)."""
    if isinstance(result, Exception):
        where = (result.msg, result.pos, result.end) if isinstance(result, ParseError) else ()
        return (type(result), str(result), where)
    errors = [error.to_dict() for error in getattr(result, "errors", ())]
    if isinstance(result, IndicatorList):
        return (type(result), [item.to_dict() for item in result], errors)
    assert isinstance(result, TargetTable | Document)
    return (type(result), result.to_dict(), errors)


def same_results(pooled: Sequence[object], alone: Sequence[object]) -> None:
    assert len(pooled) == len(alone)
    assert [described(result) for result in pooled] == [described(result) for result in alone]
    for result, expected in zip(pooled, alone, strict=True):
        if not isinstance(expected, Exception):
            assert result == expected


@pytest.fixture
def sources(tmp_path: Path) -> list[Source]:
    pasted = tmp_path / "自评表.txt"
    pasted.write_text(to_tsv(Grid.from_rows("text", "1", SELF_EVALUATION_ROWS)), "utf-8")
    block = "1、1-产出指标；11-数量指标；报废小车数量；年度指标值:"
    return [
        CORPUS,
        pasted,  # a Document: its indicators keep their cells' locations
        tmp_path / "missing.txt",
        *(table_text(3, first=3 * number) for number in range(7)),
        block,  # a ParseError, with its position
        table_text(2, first=100).replace("年度指标值:", "年度指标值", 1),  # an error in a table
        distinct_text(30),
        "不是指标",
    ]


@pytest.mark.parametrize("chunk", [1, 2, 3, 16])
def test_two_workers_give_what_one_gives(sources: list[Source], chunk: int) -> None:
    alone = parse_many(sources, workers=1)
    assert [type(result).__name__ for result in alone[:3]] == [
        "TargetTable",
        "Document",
        "InputError",
    ]
    assert isinstance(alone[10], ParseError)
    assert isinstance(alone[11], ParseError)
    same_results(parse_many(sources, workers=2, chunk=chunk), alone)


def test_recovery_on_a_pool_gives_what_it_gives_here(sources: list[Source]) -> None:
    alone = parse_many(sources, workers=1, recover=True)
    damaged = alone[11]
    assert isinstance(damaged, TargetTable)
    # Projects 100 and 101 have 7 and 4 items; the first item, without its colon, is skipped.
    assert len(damaged.indicators) == 7 + 4 - 1
    assert [error.skipped for error in damaged.errors] == [
        "1、2-效益指标；22-社会效益指标；验收合格率辛甲\n甲；年度指标值总费用支出低于乙己己年初预算。"
    ]
    pooled = parse_many(sources, workers=3, chunk=2, recover=True)
    same_results(pooled, alone)


@pytest.mark.parametrize("count", [2, 3, 17, 40])
@pytest.mark.parametrize("chunk", [1, 5, 16])
def test_every_document_is_read_once_in_order(count: int, chunk: int) -> None:
    texts = [
        f"1、1-产出指标；11-数量指标；指标{number}；年度指标值:{number}次。"
        for number in range(count)
    ]
    results = parse_many(texts, workers=2, chunk=chunk)
    assert [result[0].name for result in results] == [  # type: ignore[index]
        f"指标{number}" for number in range(count)
    ]


def test_no_pool_for_what_fits_in_one_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Documents that make one chunk are read here: a pool would only add its start."""

    def refused(workers: int) -> None:
        raise AssertionError("no pool expected")

    monkeypatch.setattr(many, "process_pool", refused)
    texts = ["1、1-产出指标；11-数量指标；报废小车数量；年度指标值:1辆。"] * 5
    assert parse_many(texts, workers=2, chunk=5) == parse_many(texts, workers=1)


def test_a_pool_of_workers_less_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process is one of the workers: ``workers=3`` starts a pool of two."""
    started: list[int] = []
    pool = many.process_pool

    def counted(workers: int) -> Any:
        started.append(workers)
        return pool(workers)

    monkeypatch.setattr(many, "process_pool", counted)
    texts = [f"1、1-产出指标；11-数量指标；指标{n}；年度指标值:{n}个。" for n in range(9)]
    assert parse_many(texts, workers=3, chunk=2) == parse_many(texts, workers=1)
    assert started == [2]
