"""Golden files: whole documents in tests/data/<case>.txt beside the JSON they must give.

Indicator blocks sit in tests/data/, whole target tables in tests/data/tables/, and the national
column forms (a web page, pasted cells, a Markdown table) in tests/data/forms/, read by ``read()``
from that folder so that the document's ``path`` is the same wherever the tests run.

Each JSON file was checked by hand against its document when it was written. To rewrite them
after a deliberate change, run ``PERFINDICATOR_UPDATE_GOLDEN=1 pytest tests/test_golden.py``
and read the diff before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from perfindicator import parse_indicators, parse_table, read

DATA = Path(__file__).resolve().parent / "data"
BLOCKS = sorted(DATA.glob("*.txt"))
TABLES = sorted((DATA / "tables").glob("*.txt"))
CASES = [*BLOCKS, *TABLES]
FORMS = sorted(path for path in (DATA / "forms").iterdir() if path.suffix != ".json")


def test_golden_files_are_found() -> None:
    assert len(BLOCKS) >= 3
    assert len(TABLES) >= 4
    for case in CASES:
        assert case.with_suffix(".json").is_file(), f"{case.name} has no golden JSON"
    assert {form.suffix for form in FORMS} == {".html", ".tsv", ".md"}
    for form in FORMS:
        assert form.with_suffix(".json").is_file(), f"{form.name} has no golden JSON"


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_document_gives_its_golden_json(case: Path) -> None:
    text = case.read_bytes().decode("utf-8")  # as written: CRLF line ends stay
    produced: object
    if case in TABLES:
        produced = parse_table(text).to_dict()
    else:
        produced = [item.to_dict() for item in parse_indicators(text)]
    _compare(produced, case.with_suffix(".json"))


def _compare(produced: object, golden: Path) -> None:
    if os.environ.get("PERFINDICATOR_UPDATE_GOLDEN") == "1":
        golden.write_text(json.dumps(produced, ensure_ascii=False, indent=1) + "\n", "utf-8")
    assert produced == json.loads(golden.read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", FORMS, ids=[case.name for case in FORMS])
def test_form_gives_its_golden_json(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if case.suffix == ".html":
        pytest.importorskip("lxml", reason="reading HTML needs lxml (the html extra)")
    monkeypatch.chdir(DATA)
    _compare(read(f"forms/{case.name}").to_dict(), case.with_suffix(".json"))
