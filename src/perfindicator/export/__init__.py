"""Export: reads the model only (flat rows, data frames, notebook HTML, the command's output)."""
