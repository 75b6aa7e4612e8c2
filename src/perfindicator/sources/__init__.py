"""Where texts come from: files and standard input, read within bounds and decoded."""
