"""The example notebook (docs/notebook.ipynb) runs, and each cell still shows what it shows."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parent.parent / "docs" / "notebook.ipynb"


def test_the_example_notebook_gives_its_outputs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(NOTEBOOK.parent)  # a notebook runs in its own folder
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    namespace: dict[str, object] = {}
    checked = 0
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        tree = ast.parse("".join(cell["source"]))
        last = tree.body.pop()
        assert isinstance(last, ast.Expr), "each cell ends with the expression it shows"
        exec(compile(tree, str(NOTEBOOK), "exec"), namespace)
        shown = eval(compile(ast.Expression(last.value), str(NOTEBOOK), "eval"), namespace)
        [output] = cell["outputs"]
        assert repr(shown) == "".join(output["data"]["text/plain"])
        checked += 1
    assert checked == 6
