"""The notation: the grammars, value and block parsing and their fast paths (text into model
values)."""
