"""A small bookshop: authors, books, reviews; the code mypy checks with the ormlens plugin."""
