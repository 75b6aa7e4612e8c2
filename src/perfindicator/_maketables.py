"""Regenerate ``_tables.py``, the grammars' LALR tables built ahead of time (see _grammar.py):
``python -m perfindicator._maketables`` after changing a grammar or the vocabulary."""

from pathlib import Path

from perfindicator._grammar import write_tables

if __name__ == "__main__":
    write_tables(Path(__file__).with_name("_tables.py"))
