"""The package's layers: data flows one way, and no module imports one above it.

core ← model ← notation, sources ← forms ← review ← export ← the package itself

Imports inside functions count (they hide cycles as well as they defer loading); imports only
for type checking do not. ``__init__.py`` of the package is the public face, above every layer.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import perfindicator

PACKAGE = Path(perfindicator.__file__).parent
LAYERS = {"core": 0, "model": 1, "notation": 2, "sources": 2, "forms": 3, "review": 4, "export": 5}

#: Imports that go upward: none. ``is_met_by`` is connected to the review layer by the package
#: (``perfindicator/__init__.py``), which sits above every layer.
KNOWN_UPWARD: set[tuple[str, str]] = set()


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(part for part in parts if part != "__init__")


def _type_checking_only(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def imports() -> dict[str, set[str]]:
    """Each module of the package (``notation.values``) and the modules of it that it imports."""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = _module_name(path)
        if name.startswith("grammar"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        targets: set[str] = set()
        for node in ast.walk(tree):
            if _type_checking_only(node, parents):
                continue
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module == "perfindicator":
                    targets |= {alias.name for alias in node.names}
                elif node.module.startswith("perfindicator."):
                    targets.add(node.module.removeprefix("perfindicator."))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("perfindicator."):
                        targets.add(alias.name.removeprefix("perfindicator."))
        found[name] = {target for target in targets if target.split(".")[0] in LAYERS}
    return found


def _layer(module: str) -> int | None:
    return LAYERS.get(module.split(".")[0])


def test_every_module_is_in_a_layer() -> None:
    modules = set(imports())
    outside = {m for m in modules if _layer(m) is None and m not in {"", "__main__"}}
    assert outside == set()
    assert {m.split(".")[0] for m in modules if m} >= set(LAYERS)


def test_no_module_imports_a_layer_above_its_own() -> None:
    upward = {
        (module, target)
        for module, targets in imports().items()
        for target in targets
        if _layer(module) is not None and _layer(target) > _layer(module)  # type: ignore[operator]
    }
    assert upward == KNOWN_UPWARD


def test_sources_know_nothing_of_the_notation() -> None:
    """Sources give text or cells; reading the notation in them is the forms' and notation's."""
    for module, targets in imports().items():
        if module.startswith("sources"):
            assert {t.split(".")[0] for t in targets} <= {"core", "model", "sources"}, module


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                found.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


def test_no_import_cycles_but_the_known_upward_ones() -> None:
    graph = imports()
    for module, target in KNOWN_UPWARD:
        graph[module] = graph[module] - {target}
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


@pytest.mark.parametrize("name", perfindicator.__all__)
def test_every_public_name_imports(name: str) -> None:
    assert getattr(perfindicator, name) is not None


def test_the_lists_of_public_names_agree() -> None:
    """The package names its public API three times (for type checkers, for loading on first
    use, and in ``__all__``): the three must be one list."""
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    typed: set[str] = set()
    eager: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typed |= {a.name for n in node.body if isinstance(n, ast.ImportFrom) for a in n.names}
        elif isinstance(node, ast.ImportFrom) and node.module != "__future__":
            eager |= {alias.asname or alias.name for alias in node.names}
    eager = {name for name in eager if not name.startswith("_")}  # the package's own wiring
    lazy = set(perfindicator._LAZY)
    assert typed == lazy
    assert sorted(perfindicator.__all__) == sorted(eager - {"TYPE_CHECKING", "Any"} | lazy)
    assert len(perfindicator.__all__) == len(set(perfindicator.__all__))
