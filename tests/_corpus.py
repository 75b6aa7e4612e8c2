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
