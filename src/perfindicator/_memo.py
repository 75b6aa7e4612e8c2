"""Memos of what was read from a text, bounded by the size of the texts they keep.

Published tables repeat the same few hundred value texts (``100%``, ``≥95%``, ``及时``) across
thousands of indicators, so reading each text once pays. A memo bounded only by its number of
entries is not bounded at all when the texts are long: a thousand distinct 100,000-character
values held hundreds of megabytes. A ``Memo`` keeps no text longer than ``longest`` characters
(a long text is rarely repeated, and reading it again costs time linear in its length), and is
emptied when its entries or the characters of their keys pass their limits.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")

#: Every memo made, so that ``clear_all`` can empty them (the benchmark reads text afresh).
_ALL: list[Memo[object]] = []


class Memo(Generic[Value]):
    """A dict from a text (or a tuple starting with one) to what was read from it, bounded by
    ``entries`` and by ``chars``, the characters of the keys' texts kept in all."""

    __slots__ = ("_kept", "_size", "chars", "entries", "longest")

    def __init__(self, *, entries: int = 65536, chars: int = 4 << 20, longest: int = 512) -> None:
        self.entries = entries
        self.chars = chars
        self.longest = longest
        self._kept: dict[Hashable, Value] = {}
        self._size = 0
        _ALL.append(self)  # type: ignore[arg-type]

    def get(self, key: Hashable) -> Value | None:
        return self._kept.get(key)

    def put(self, key: Hashable, value: Value, length: int) -> Value:
        """Keep ``value`` for ``key`` (whose text is ``length`` characters long) unless the
        text is too long to keep; returns ``value``."""
        if length > self.longest:
            return value
        if len(self._kept) >= self.entries or self._size + length > self.chars:
            self.clear()
        self._kept[key] = value
        self._size += length
        return value

    def clear(self) -> None:
        self._kept.clear()
        self._size = 0

    def __len__(self) -> int:
        return len(self._kept)


def clear_all() -> None:
    """Empty every memo."""
    for memo in _ALL:
        memo.clear()
