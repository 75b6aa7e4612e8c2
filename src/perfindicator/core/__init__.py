"""Data and plumbing every layer uses: the notation's words and units, text handling, memos."""
