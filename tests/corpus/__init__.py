"""The malformed-input corpus (see make_corpus.py)."""
