"""Form readers: whole documents (text target tables, spreadsheet rows, many files) into
the model."""
