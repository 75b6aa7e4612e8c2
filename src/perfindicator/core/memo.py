"""Memos of what was read from a text, bounded by the size of the texts they keep.

Published tables repeat the same few hundred value texts (``100%``, ``≥95%``, ``及时``) across
thousands of indicators, so reading each text once pays. A memo bounded only by its number of
entries is not bounded at all when the texts are long: a thousand distinct 100,000-character
values held hundreds of megabytes. A ``Memo`` keeps no text longer than ``longest`` characters
(a long text is rarely repeated, and reading it again costs time linear in its length), and is
emptied when its entries or the characters of their keys pass their limits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

Key = TypeVar("Key")
Value = TypeVar("Value")

#: Every memo made, so that ``clear_all`` can empty them (the benchmark reads text afresh).
_ALL: list[Memo[Any, Any]] = []


class Memo(dict[Key, Value]):
    """A dict from a text (or a tuple holding one) to what was read from it, bounded by
    ``entries`` and by ``chars``, the characters of the keys' texts kept in all. Look up with
    ``get`` (the dict's own, fast on the hot path); remember with ``put``."""

    __slots__ = ("chars", "entries", "longest", "size")

    def __init__(self, *, entries: int = 65536, chars: int = 4 << 20, longest: int = 512) -> None:
        super().__init__()
        self.entries = entries
        self.chars = chars
        self.longest = longest
        #: The characters of the texts of the keys kept now.
        self.size = 0
        _ALL.append(self)

    def put(self, key: Key, value: Value, length: int) -> Value:
        """Keep ``value`` for ``key``, whose text is ``length`` characters long, unless the
        text is too long to keep; returns ``value``."""
        if length > self.longest:
            return value
        if len(self) >= self.entries or self.size + length > self.chars:
            self.clear()
        self[key] = value
        self.size += length
        return value

    def clear(self) -> None:
        super().clear()
        self.size = 0

    def __reduce__(self) -> Any:  # a memo is not data: it pickles as an empty one
        return type(self), ()


def clear_all() -> None:
    """Empty every memo."""
    for memo in _ALL:
        memo.clear()


_MISSING: Any = object()
Result = TypeVar("Result")


class memoized(Generic[Result]):  # noqa: N801 - used as a decorator, like functools.cache
    """A function of one text, remembered in a ``Memo`` (in place of ``functools.lru_cache``,
    which is bounded by count alone); ``cache_clear()`` empties it."""

    __slots__ = ("__wrapped__", "_get", "_put", "cache_clear", "memo")

    def __init__(self, function: Callable[[str], Result]) -> None:
        memo: Memo[str, Result] = Memo()
        self.memo = memo
        self.__wrapped__ = function
        self._get = memo.get
        self._put = memo.put
        self.cache_clear = memo.clear

    def __call__(self, text: str) -> Result:
        found = self._get(text, _MISSING)
        if found is _MISSING:
            found = self._put(text, self.__wrapped__(text), len(text))
        return found  # type: ignore[no-any-return]
