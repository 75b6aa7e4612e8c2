"""What every reader produces and every reviewer and exporter reads: values, indicators,
documents, errors."""
