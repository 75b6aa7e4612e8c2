"""Every use of Lark's private parts, in one place: Lark does not promise them, so a Lark release
that changes them breaks this module alone, and ``check()`` (run by a test) says which part.

- ``load_from_dict``: Lark's loader of its own serialised parsers (``Lark._load_from_dict``),
  which reads the tables of ``lalr_tables.py`` without building the grammar again;
- ``parse_table`` and ``contextual_lexers``: the LALR table and the lexer of each parser state,
  which ``fastvalues.guards`` reads (never runs) to compose the value fast path, with ``Shift``,
  the mark of a shift in that table;
- ``collisions_unchecked``: Lark compares every pair of terminals whenever the optional
  ``interegular`` package is installed (seconds for the value grammar), switched by the
  module-level flag ``lark.lexer.has_interegular`` and by no option. The flag is cleared only
  while a grammar is built from its source, which happens when the tables of
  ``lalr_tables.py`` do not fit (a grammar being edited, another Lark version) and in the
  tests, never while parsing: a parser loaded from the tables skips the check on its own.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

import lark
import lark.lexer
from lark.parsers.lalr_analysis import Shift

__all__ = [
    "Shift",
    "check",
    "collisions_unchecked",
    "contextual_lexers",
    "load_from_dict",
    "parse_table",
]

#: Serialises the switch of Lark's collision check around a build.
_BUILD_LOCK = threading.Lock()


def load_from_dict(data: dict[str, Any], memo: dict[Any, Any], **options: Any) -> lark.Lark:
    """A parser from what ``Lark.memo_serialize`` wrote (untyped in Lark)."""
    loaded: lark.Lark = lark.Lark._load_from_dict(  # type: ignore[no-untyped-call]
        data, memo, **options
    )
    return loaded


def parse_table(parser: lark.Lark) -> Any:
    """The LALR parse table of an LALR parser: ``states``, ``start_states``, ``end_states``."""
    return parser.parser.parser.parser.parse_table


def contextual_lexers(parser: lark.Lark) -> dict[int, Any]:
    """The lexer of each parser state of a parser with the contextual lexer: each has the
    ``terminals`` it tries, in the order it tries them."""
    lexers: dict[int, Any] = parser.parser.lexer.lexers
    return lexers


@contextlib.contextmanager
def collisions_unchecked(check: bool = False) -> Iterator[None]:
    """While a grammar is built: Lark's collision check on only if ``check`` (and interegular
    is installed); as it was, after."""
    with _BUILD_LOCK:
        saved = lark.lexer.has_interegular
        lark.lexer.has_interegular = saved and check
        try:
            yield
        finally:
            lark.lexer.has_interegular = saved


def check(parser: lark.Lark) -> list[str]:
    """What of the above the installed Lark no longer has, in words (empty when all is there);
    ``parser`` is an LALR parser with the contextual lexer, built from a grammar."""
    missing = []
    if not callable(getattr(lark.Lark, "_load_from_dict", None)):
        missing.append("Lark._load_from_dict (loading the tables of lalr_tables.py)")
    if not isinstance(getattr(lark.lexer, "has_interegular", None), bool):
        missing.append("lark.lexer.has_interegular (switching off the collision check)")
    try:
        table = parse_table(parser)
        assert {"states", "start_states", "end_states"} <= set(vars(table))
    except (AttributeError, AssertionError, TypeError):
        missing.append("Lark.parser.parser.parser.parse_table (the LALR table)")
    try:
        lexers = contextual_lexers(parser)
        assert all(hasattr(lexer, "terminals") for lexer in lexers.values())
    except (AttributeError, AssertionError):
        missing.append("Lark.parser.lexer.lexers (the contextual lexer's states)")
    return missing
