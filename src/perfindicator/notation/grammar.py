"""Loading the Lark grammars shipped with the package and building each parser once, lazily.

The grammar files live in the repository's top-level ``grammar/`` folder, installed as the
``perfindicator.grammar`` package. The value grammar's word terminals are generated here from
the tables in ``core/vocabulary.py``.

Building a parser means analysing its grammar (about 25 ms for the value grammar), so the LALR
tables are also built ahead of time into ``lalr_tables.py`` beside this module (``python -m
perfindicator.notation.maketables``), as Lark's own stand-alone parsers are. They are used only
when they were built from the very files the grammar text is made of, by the installed Lark
version; otherwise the grammar is analysed at first use, as before. A test fails when they are
stale.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pkgutil
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import lark
from lark.grammar import Rule
from lark.lexer import TerminalDef

from perfindicator.core import vocabulary as vocab
from perfindicator.notation import lark_internals

#: Han characters (basic block and extension A), written out: never ``\w`` or ``\p{…}``.
HAN = r"\u3400-\u4dbf\u4e00-\u9fff"


def grammar_text(name: str) -> str:
    """The text of one grammar file shipped with the package (``indicators`` or ``value``)."""
    # pkgutil reads package data through the package's loader (a folder, a zip file alike) and
    # imports far less than importlib.resources, which matters to a process that parses once.
    data = pkgutil.get_data("perfindicator.grammar", f"{name}.lark")
    if data is None:
        raise FileNotFoundError(f"the {name} grammar is missing from the installed package")
    return data.decode("utf-8")


def grammar_source(name: str) -> str:
    """The whole text of a grammar: its file and, for the value grammar, the generated terminals."""
    text = grammar_text(name)
    return text + vocabulary_terminals() if name == "value" else text


@functools.cache  # the files do not change while a process runs; each load asks for it
def _digest(name: str) -> str | None:
    """A digest of every file the grammar's tables are made from: the grammar file and, for
    the value grammar, the vocabulary and this module, which generate its word terminals, and
    ``notation/fastvalues.py``, which reads the guards of its fast path from them. Cheaper than
    generating the text; any edit to those files, even a comment, changes it."""
    digest = hashlib.sha256(pkgutil.get_data("perfindicator.grammar", f"{name}.lark") or b"")
    if name == "value":
        from perfindicator.notation import (
            fastvalues as _fastvalues,  # what its stored fast-path guards are made by
        )

        try:
            for module in (vocab.__file__, __file__, _fastvalues.__file__):
                digest.update(Path(module).read_bytes())
        except OSError:  # installed without sources: build from the grammar
            return None
    return digest.hexdigest()


def _escape(word: str) -> str:
    """Escape a literal word for a Lark regular expression (which is delimited by ``/``)."""
    out = []
    for char in word:
        if char in r"\/.^$*+?()[]{}|-":
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first so that 不低于 wins over 低于."""
    return "|".join(_escape(word) for word in sorted(set(words), key=lambda w: (-len(w), w)))


def vocabulary_terminals() -> str:
    """The value grammar's word terminals, generated from ``core/vocabulary.py``."""
    prefixes = alternation(vocab.PREFIX_WORDS)
    suffixes = alternation(vocab.SUFFIX_WORDS)
    # A unit-like word stops before any word that has a meaning of its own after a number.
    stop_words = [
        *vocab.SUFFIX_WORDS,
        *vocab.MORE_WORDS,
        *vocab.DATE_SUFFIX_WORDS,
        "至",
        "到",
        "半",
    ]
    stops = alternation(stop_words)
    # Units the short-word pattern cannot read whole (%, ㎡, 半年) come first, then any short
    # word: 人次, 个工作日, 元, or one not in the table.
    symbols = alternation(
        word
        for word in vocab.SPELLINGS
        if not all(c.isalpha() for c in word) or any(stop in word for stop in stop_words)
    )
    lines = [
        "// Generated from core/vocabulary.py by _grammar.vocabulary_terminals().",
        f"PREFIX_OP.5: /{prefixes}/",
        f"SUFFIX_OP.5: /{suffixes}/",
        f"MORE.5: /{alternation(vocab.MORE_WORDS)}/",
        f"SCALE.5: /{_scales()}/",
        f"DATE_SUFFIX.5: /{alternation(vocab.DATE_SUFFIX_WORDS)}/",
        f"UNIT_WORD.1: /{symbols}|(?:(?!{stops})[A-Za-z{HAN}²³°]){{1,8}}/",
        # Free text right before a comparator: 总费用支出 in 总费用支出低于年初预算, and
        # 12345热线满意度 in 12345热线满意度不低于90% (so it may start with a digit, and is
        # tried before numbers). A * marks a template (≥**人次), never text.
        f"SUBJECT.6: /(?:(?!{prefixes})[^\\/\\s*])(?:(?!{prefixes})[^\\/*])*(?={prefixes})/",
        # Free text before the slash of a ratio; a number there is not a ratio (3000元/人).
        # Both end by looking ahead for a comparator or a slash: the fast path tries them at a
        # value's start only where one is in it (LOOKS_AHEAD_FOR in fastvalues.py).
        f"NUMERATOR.0: /(?:(?!{prefixes})[^\\/\\s*0-9])(?:(?!{prefixes})[^\\/*])*(?=\\/)/",
        # Free text after a comparator or a slash, to the end (年初预算).
        "REFERENCE.0: /[^\\/\\s0-9+\\-*](?:[^\\/*]*[^\\/\\s*])?/",
    ]
    return "\n".join(lines) + "\n"


def _scales() -> str:
    """Scale words, each kept from the start of a unit that begins with it: 千 but not 千克."""
    patterns = []
    for word in sorted(vocab.SCALES, key=lambda w: (-len(w), w)):
        units = [u[len(word) :] for u in vocab.SPELLINGS if u.startswith(word) and u != word]
        pattern = _escape(word)
        if units:
            pattern += f"(?!{alternation(units)})"
        patterns.append(pattern)
    return "|".join(patterns)


class Lazy:
    """Build a value on first use, once per process, safely from several threads."""

    def __init__(self, build: Callable[[], Any]) -> None:
        self._build = build
        self._value: Any = None
        self._lock = threading.Lock()

    def get(self) -> Any:
        if self._value is None:
            with self._lock:
                if self._value is None:
                    self._value = self._build()
        return self._value


def fast_backend() -> dict[str, Any]:
    """Options that make Lark parse with lark-cython when it is installed (the ``fast`` extra),
    unless ``PERFINDICATOR_PURE_PYTHON=1``. Only the value parser uses it: its errors are never
    shown (a value that does not parse is text), while block errors need pure Lark's details."""
    if os.environ.get("PERFINDICATOR_PURE_PYTHON") == "1":
        return {}
    try:
        import lark_cython
    except ImportError:
        return {}
    return {"_plugins": lark_cython.plugins}


def build_parser(
    text: str,
    transformer: lark.Transformer[Any, Any] | None = None,
    *,
    check_collisions: bool = False,
    **options: Any,
) -> lark.Lark:
    """An LALR parser with the contextual lexer, the transformer applied as it parses.

    Lark compares every pair of terminals for collisions whenever the optional ``interegular``
    package happens to be installed, which takes seconds for the value grammar. That check
    belongs in the test suite (``check_collisions=True, strict=True``), not in every process
    that parses, so it is switched off here unless asked for (see ``lark_internals.py``).
    """
    with lark_internals.collisions_unchecked(check_collisions):
        return lark.Lark(
            text,
            parser="lalr",
            lexer="contextual",
            transformer=transformer,
            maybe_placeholders=False,
            **options,
        )


def _fitting_table(name: str) -> dict[str, Any] | None:
    """What ``lalr_tables.py`` holds for a grammar, if it was built from these very files by
    the installed Lark version."""
    from perfindicator.notation.lalr_tables import TABLES

    table = TABLES.get(name)
    if table and table["lark"] == lark.__version__ and table["source"] == _digest(name):
        return table
    return None


def load_parser(
    name: str, transformer: lark.Transformer[Any, Any] | None = None, **options: Any
) -> lark.Lark:
    """The parser of a grammar (``indicators`` or ``value``): from the tables built ahead of time
    when they fit the grammar and the Lark version, else built from the grammar now."""
    table = _fitting_table(name)
    if table:
        return lark_internals.load_from_dict(
            table["data"], table["memo"], transformer=transformer, **options
        )
    return build_parser(grammar_source(name), transformer, **options)


def fast_path_data(name: str) -> dict[str, Any]:
    """What a grammar's fast path is composed from (see ``fastblocks.py`` and
    ``fastvalues.py``): stored in ``lalr_tables.py`` when the tables fit, so that a process
    reading one block need not load a parser to compose it; else read from the parser now."""
    table = _fitting_table(name)
    if table and "fast" in table:
        stored: dict[str, Any] = table["fast"]
        return stored
    return _fast_path_data(load_parser(name), name)


def _fast_path_data(parser: lark.Lark, name: str) -> dict[str, Any]:
    terminals = {terminal.name: terminal.pattern.to_regexp() for terminal in parser.terminals}
    if name == "indicators":
        return {"terminals": terminals}
    from perfindicator.notation.fastvalues import guards

    return {"terminals": terminals, **guards(parser)}


def prebuilt_table(name: str) -> dict[str, Any]:
    """What ``lalr_tables.py`` holds for a grammar: its digest, the Lark version, the LALR
    tables and what its fast path is composed from."""
    parser = build_parser(grammar_source(name))
    data, memo = parser.memo_serialize([TerminalDef, Rule])
    fast = _fast_path_data(parser, name)
    return {
        "source": _digest(name),
        "lark": lark.__version__,
        "data": data,
        "memo": memo,
        "fast": fast,
    }


def write_tables(path: Path) -> None:
    """Write ``lalr_tables.py``: the LALR tables of both grammars, as Python literals."""
    lines = [
        '"""The LALR tables of the grammars, built ahead of time: generated by',
        '``python -m perfindicator.notation.maketables``; do not edit (see grammar.py)."""',
        "",
        "from typing import Any",
        "",
        "TABLES: dict[str, dict[str, Any]] = {",
    ]
    lines.extend(f"    {name!r}: {prebuilt_table(name)!r}," for name in ("indicators", "value"))
    lines.append("}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
