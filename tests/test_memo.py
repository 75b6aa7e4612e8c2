"""The memos of what was read are bounded by the size of the texts they keep."""

from __future__ import annotations

import pickle

from perfindicator import parse_indicators, parse_value
from perfindicator.core.memo import Memo, clear_all, memoized
from perfindicator.notation.fastblocks import _ANNUALS, _TAILS
from perfindicator.notation.values import read_value


def test_a_text_longer_than_the_limit_is_not_kept() -> None:
    memo: Memo[str, int] = Memo(longest=4)
    assert memo.put("1234", 1, 4) == 1
    assert memo.put("12345", 2, 5) == 2
    assert dict(memo) == {"1234": 1}
    assert memo.size == 4


def test_the_memo_is_emptied_when_its_characters_pass_the_bound() -> None:
    memo: Memo[str, int] = Memo(chars=10, longest=10)
    memo.put("abcdef", 1, 6)
    memo.put("ghij", 2, 4)
    assert (len(memo), memo.size) == (2, 10)
    memo.put("k", 3, 1)  # 11 characters would be too many: start again
    assert (dict(memo), memo.size) == ({"k": 3}, 1)


def test_the_memo_is_emptied_when_its_entries_pass_the_bound() -> None:
    memo: Memo[str, int] = Memo(entries=2)
    for n, key in enumerate("abc"):
        memo.put(key, n, 1)
    assert dict(memo) == {"c": 2}


def test_a_memo_pickles_empty() -> None:
    memo: Memo[str, int] = Memo()
    memo.put("a", 1, 1)
    assert len(pickle.loads(pickle.dumps(memo))) == 0


def test_memoized_reads_once_and_keeps_only_short_texts() -> None:
    calls: list[str] = []

    @memoized
    def length(text: str) -> int:
        calls.append(text)
        return len(text)

    assert (length("abc"), length("abc")) == (3, 3)
    long = "x" * 10_000
    assert (length(long), length(long)) == (10_000, 10_000)
    assert calls == ["abc", long, long]
    assert list(length.memo) == ["abc"]
    length.cache_clear()
    assert len(length.memo) == 0


def test_long_values_are_read_but_not_kept() -> None:
    clear_all()
    long = "合法合规" * 25_000
    assert parse_value(long).to_dict()["text"] == long
    block = f"1、1-产出指标；11-数量指标；名称；年度指标值:{long}。"
    assert parse_indicators(block)[0].annual.raw == long  # type: ignore[union-attr]
    assert all(len(key) <= 512 for key in read_value.memo)
    assert all(len(key) <= 512 for key in _TAILS)
    assert all(len(key) <= 512 for key in _ANNUALS)
    # Short values are still remembered.
    assert parse_value("不低于97%") is parse_value("不低于97%")
