"""The grammars: they build under Lark's strict mode (no terminal collisions) and ship with the
package, for a regular install used from another folder and for an editable install alike."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import venv
from pathlib import Path

import attr
import attrs
import lark
import pytest
import regex

from perfindicator.core.vocabulary import FOLD
from perfindicator.notation import lalr_tables as _tables
from perfindicator.notation.blocks import IndicatorTransformer
from perfindicator.notation.grammar import (
    build_parser,
    fast_backend,
    grammar_source,
    grammar_text,
    load_parser,
    prebuilt_table,
    vocabulary_terminals,
)
from perfindicator.notation.values import ValueTransformer, _NotAValueError

ROOT = Path(__file__).resolve().parent.parent

# Run from a neutral folder: the install, not the checkout, must provide the grammar.
PROBE = textwrap.dedent(
    """
    import perfindicator
    from perfindicator import parse_indicators, parse_value
    print(perfindicator.__file__)
    [item] = parse_indicators("1、1-产出指标；11-数量指标；报废小车数量；年度指标值:不低于97%。")
    print(item.annual.to_dict()["op"], parse_value("20-35次").to_dict()["high"])
    """
)


@pytest.mark.parametrize("name", ["indicators", "value"])
def test_grammar_builds_strictly(name: str) -> None:
    text = grammar_text(name)
    if name == "value":
        text += vocabulary_terminals()
    # strict=True raises on any two terminals of one priority that can match the same text in
    # the same parser state (it needs interegular, a test dependency).
    build_parser(text, check_collisions=True, strict=True)


def test_grammar_files_are_the_repository_files() -> None:
    for name in ("indicators", "value"):
        assert grammar_text(name) == (ROOT / "grammar" / f"{name}.lark").read_text("utf-8")


def _probe(python: Path, env: dict[str, str], cwd: Path) -> list[str]:
    result = subprocess.run(
        [str(python), "-c", PROBE],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def _pip(python: Path, *args: str) -> None:
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", *args],
        check=True,
        capture_output=True,
        timeout=600,
    )


def test_regular_install_finds_the_grammar(tmp_path: Path) -> None:
    target = tmp_path / "site"
    _pip(Path(sys.executable), "--target", str(target), str(ROOT))
    assert (target / "perfindicator" / "grammar" / "value.lark").is_file()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "PYTHONSAFEPATH": "1"}
    location, result = _probe(Path(sys.executable), env, elsewhere)
    assert location.startswith(str(target))
    assert result == ">= 35"


def test_editable_install_finds_the_grammar(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    # The runtime dependencies, linked from this environment rather than downloaded again.
    site = Path(
        subprocess.check_output(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            text=True,
        ).strip()
    )
    for module in (lark, attrs, attr, regex):
        source = Path(module.__file__ or "").parent
        (site / source.name).symlink_to(source)
    _pip(python, "--editable", str(ROOT))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    location, result = _probe(python, env, elsewhere)
    assert location == str(ROOT / "src" / "perfindicator" / "__init__.py")
    assert result == ">= 35"


def _read(parser: lark.Lark, text: str) -> object:
    try:
        return parser.parse(text.translate(FOLD))
    except (lark.exceptions.LarkError, _NotAValueError):
        return "text"


def test_the_fast_backend_reads_values_the_same() -> None:
    """lark-cython (the fast extra, installed with the tests) must agree with pure Lark."""
    from test_values import ROUND_TRIP

    text = grammar_text("value") + vocabulary_terminals()
    options = fast_backend()
    assert options, "lark-cython is part of the test extra: it must be installed here"
    pure = build_parser(text, ValueTransformer())
    fast = build_parser(text, ValueTransformer(), **options)
    for value in ROUND_TRIP:
        assert _read(fast, value) == _read(pure, value), value


# --- The LALR tables built ahead of time (notation/lalr_tables.py) -----------------------

REGENERATE = "regenerate them: python -m perfindicator.notation.maketables"


@pytest.mark.parametrize("name", ["indicators", "value"])
def test_the_prebuilt_tables_are_those_of_the_grammar(name: str) -> None:
    """Built from this very grammar text (Lark numbers its states differently in each process,
    so the tables themselves are compared by what they parse, in the tests below)."""
    stored = _tables.TABLES[name]
    assert stored["source"] == prebuilt_table(name)["source"], f"{name} changed: {REGENERATE}"
    if stored["lark"] != lark.__version__:  # still correct, only slower to start: say so
        pytest.skip(f"tables built by Lark {stored['lark']}, not {lark.__version__}: {REGENERATE}")


def test_tables_that_do_not_fit_are_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """A grammar edited without new tables, or another Lark version: the grammar is analysed."""
    from test_values import ROUND_TRIP

    loaded = load_parser("value", ValueTransformer())
    stale = {name: {**table, "lark": "0.0"} for name, table in _tables.TABLES.items()}
    monkeypatch.setattr(_tables, "TABLES", stale)
    built = load_parser("value", ValueTransformer())
    assert built.source_path != loaded.source_path == "<deserialized>"
    for value in ROUND_TRIP:
        assert _read(loaded, value) == _read(built, value), value


def test_the_loaded_block_parser_reads_like_the_built_one() -> None:
    block = "1、1-产出指标；11-数量指标；报废小车数量；实施周期指标值:1；年度指标值:不低于97%。"
    loaded = load_parser("indicators", IndicatorTransformer())
    built = build_parser(grammar_source("indicators"), IndicatorTransformer())
    assert loaded.source_path == "<deserialized>"
    assert loaded.parse(block) == built.parse(block)


def test_the_fast_backend_reads_the_same_from_the_prebuilt_tables() -> None:
    from test_values import ROUND_TRIP

    fast = load_parser("value", ValueTransformer(), **fast_backend())
    pure = build_parser(grammar_source("value"), ValueTransformer())
    assert fast.source_path == "<deserialized>"
    for value in ROUND_TRIP:
        assert _read(fast, value) == _read(pure, value), value


@pytest.mark.parametrize("name", ["indicators", "value"])
def test_the_lark_internals_we_use_are_there(name: str) -> None:
    """``notation/lark_internals.py`` is the one place that reads Lark's private parts; a Lark
    release that moves one of them fails here, by name, not deep inside a parse."""
    from perfindicator.notation import lark_internals

    parser = build_parser(grammar_source(name))
    missing = lark_internals.check(parser)
    assert not missing, (
        f"Lark {lark.__version__} no longer has what notation/lark_internals.py reads: "
        + "; ".join(missing)
    )


def test_no_other_module_reads_lark_internals() -> None:
    """Lark's private parts are read in ``notation/lark_internals.py`` alone."""
    from perfindicator.notation import lark_internals

    package = Path(lark_internals.__file__).parent.parent
    private = (
        "_load_from_dict",
        "has_interegular",
        "parser.parse_table",
        "lexer.lexers",
        "lalr_analysis",
    )
    for path in package.rglob("*.py"):
        if path.name not in {"lark_internals.py", "lalr_tables.py"}:
            text = path.read_text(encoding="utf-8")
            assert [word for word in private if word in text] == [], path


def test_the_collision_check_is_switched_back() -> None:
    from perfindicator.notation import lark_internals

    before = lark.lexer.has_interegular
    with lark_internals.collisions_unchecked():
        assert lark.lexer.has_interegular is False
    assert lark.lexer.has_interegular is before
