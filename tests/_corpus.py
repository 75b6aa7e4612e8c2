"""The sample corpus and its indicator blocks, shared by the tests that read it."""

from __future__ import annotations

import re
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus" / "baiyun-office-targets.txt"


def corpus_blocks() -> list[tuple[int, str]]:
    """Each project's indicator block in the sample corpus, with its offset in the file.

    A block starts at its first item (1、1-产出指标) and ends at the 。 after its last 年度指标值;
    what lies between blocks is the table around them (amounts, goals), not indicators.
    """
    text = CORPUS.read_text(encoding="utf-8")
    starts = [match.start() for match in re.finditer("1、1-产出指标", text)]
    blocks = []
    for index, start in enumerate(starts):
        stop = starts[index + 1] if index + 1 < len(starts) else len(text)
        chunk = text[start:stop]
        end = chunk.index("。", chunk.rfind("年度指标值")) + 1
        blocks.append((start, chunk[:end]))
    return blocks


#: Pieces that, repeated, make text built to defeat regular expressions or recovery. The
#: benchmark (benchmarks/run.py) checks that the time grows linearly with their size; here
#: they must read without an error from a dependency and lose nothing.
PATHOLOGICAL = [
    "总费用支出",  # a subject without a comparator
    "1",  # digits
    "实",  # the start of a label
    "(≥*",  # an open template
    "、",  # enumeration commas
    " ",  # spaces
    "1 ",  # figures
    "1、2-",  # item starts inside a value
]
