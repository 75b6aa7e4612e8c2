"""The public types, held honest: ``typing_check.py`` uses the API as a user would, and
``mypy --strict`` must find nothing wrong with it."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_the_public_api_type_checks_as_users_see_it(monkeypatch: pytest.MonkeyPatch) -> None:
    api = pytest.importorskip("mypy.api", reason="mypy is in the dev extra")
    # This checkout's sources, not whatever copy of the package is installed.
    monkeypatch.setenv("MYPYPATH", str(ROOT / "src"))
    stdout, stderr, status = api.run(
        [
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--strict",
            "--no-error-summary",
            "--show-error-codes",
            str(ROOT / "tests" / "typing_check.py"),
        ]
    )
    assert (stdout, stderr, status) == ("", "", 0)


def test_the_literals_name_what_the_model_accepts() -> None:
    """``Operator`` and ``Severity`` list the same words as the constants the code uses."""
    from perfindicator import Operator, Severity
    from perfindicator.core import vocabulary
    from perfindicator.review import checks

    assert get_args(Operator) == vocabulary.OPERATORS
    assert set(get_args(Severity)) == {checks.ERROR, checks.WARNING}
