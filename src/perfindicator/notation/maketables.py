"""Regenerate ``lalr_tables.py``, the grammars' LALR tables built ahead of time (see
grammar.py): ``python -m perfindicator.notation.maketables`` after changing a grammar or the
vocabulary."""

from pathlib import Path

from perfindicator.notation.grammar import write_tables

if __name__ == "__main__":
    write_tables(Path(__file__).with_name("lalr_tables.py"))
