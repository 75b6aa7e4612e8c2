"""Review: reads the model only (checks of how targets are written, scoring of self-evaluations,
the audit of published ones)."""
