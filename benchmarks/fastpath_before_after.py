"""The value fast path of an earlier commit against the one checked out, in one process.

    python benchmarks/fastpath_before_after.py 8629e03

For each of ``mixed_value``'s distinct strings, ``parse_value`` is timed with the earlier
commit's fast path, with this one, and with none (every value to the parser), in turn (each
first in its turn), every memo cleared before each call: so the machine's ups and downs fall on
all three alike. It prints
the median and mean of each, and the median of each kind of value.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import clear_memos, mixed_value  # noqa: E402
from perfindicator import parse_value  # noqa: E402
from perfindicator.notation import values  # noqa: E402
from perfindicator.notation.grammar import Lazy, load_parser  # noqa: E402

#: The kinds of ``mixed_value`` in turn (the last: a comparator after the number, or 约).
KINDS = [
    "quantity",
    "range",
    "threshold",
    "date",
    "ratio",
    "comparison",
    "numeral",
    "text",
    "after",
]


def earlier_scanner(commit: str) -> Any:
    """The fast path of ``notation/fastvalues.py`` as it was at ``commit``, composed from the
    grammar's parser as that version composes it."""
    source = subprocess.run(
        ["git", "show", f"{commit}:src/perfindicator/notation/fastvalues.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "earlier_fastvalues.py"
        path.write_text(source, encoding="utf-8")
        spec = importlib.util.spec_from_file_location("earlier_fastvalues", path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    parser = load_parser("value")
    terminals = {t.name: t.pattern.to_regexp() for t in parser.terminals}
    data = {"terminals": terminals, **module.guards(parser)}
    return module.ValueScanner(data, values.ValueTransformer())


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("commit", help="the earlier commit")
    options.add_argument("--count", type=int, default=10_000, help="distinct strings")
    arguments = options.parse_args()
    earlier = earlier_scanner(arguments.commit)
    paths = {
        arguments.commit: Lazy(lambda: earlier),
        "checked out": values._FAST_VALUES,
        "none": Lazy(values._NoFastPath),
    }
    strings = [mixed_value(index) for index in range(arguments.count)]
    parse_value("1")  # build the parser
    times: dict[str, list[float]] = {name: [] for name in paths}
    names = list(paths)
    for index, text in enumerate(strings):
        # Each first in turn: the first reading of a string pays for what the others reuse.
        turn = index % len(names)
        for name in names[turn:] + names[:turn]:
            path = paths[name]
            values._FAST_VALUES = path
            clear_memos()
            start = time.perf_counter()
            parse_value(text)
            times[name].append(time.perf_counter() - start)
    values._FAST_VALUES = paths["checked out"]
    for name, runs in times.items():
        kinds = ", ".join(
            f"{kind} {statistics.median(runs[k :: len(KINDS)]) * 1e6:.1f}"
            for k, kind in enumerate(KINDS)
        )
        median, mean = statistics.median(runs) * 1e6, statistics.mean(runs) * 1e6
        print(f"{name}: median {median:.1f} us, mean {mean:.1f} us; by kind (median): {kinds}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
