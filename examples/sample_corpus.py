"""Parse the indicator blocks of the sample corpus and print them as a table, then as JSON Lines.

Run from the repository root:  python examples/sample_corpus.py [FILE]

The sample corpus is a whole 项目支出绩效目标表; until ``parse_table`` reads such documents, this
example cuts each project's indicator block out of it (from "1、" to the 。 after its last
年度指标值) and gives it to ``parse_indicators``.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

from perfindicator import parse_indicators

DEFAULT = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "baiyun-office-targets.txt"


def blocks(text: str) -> list[str]:
    starts = [m.start() for m in re.finditer(r"(?m)^1、\s*1\s*-", text)]
    found = []
    for index, start in enumerate(starts):
        stop = starts[index + 1] if index + 1 < len(starts) else len(text)
        chunk = text[start:stop]
        found.append(chunk[: chunk.index("。", chunk.rfind("年度指标值")) + 1])
    return found


def fit(text: str, width: int) -> str:
    """Pad or cut text to a display width (Chinese characters take two columns)."""
    out, used = "", 0
    for char in text:
        size = 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if used + size > width:
            return out[:-1] + "…" + " " * (width - used)
        out, used = out + char, used + size
    return out + " " * (width - used)


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    text = path.read_text(encoding="utf-8")
    items = [item for block in blocks(text) for item in parse_indicators(block)]
    print(fit("#", 3), fit("category", 16), fit("indicator", 34), fit("annual target", 24), "kind")
    for item in items:
        annual = item.annual
        print(
            fit(str(item.number), 3),
            fit(str(item.category), 16),
            fit(item.name, 34),
            fit(str(annual), 24),
            "" if annual is None else annual.kind,
        )
    print(f"\n{len(items)} indicators. As JSON Lines:\n")
    for item in items:
        print(json.dumps(item.to_dict(), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
