"""Where texts and cells come from: files and standard input read within bounds and decoded,
and the grids of cells of web pages, workbooks, Word files and pasted text."""
