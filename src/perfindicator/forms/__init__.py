"""Form readers: whole documents (text target tables, the national column forms from grids,
spreadsheet rows, many files; ``read(path)`` for any of them) into the model."""
