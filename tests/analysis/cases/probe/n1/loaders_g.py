"""Loader options shared by probe cases (support module, no labels)."""
from sqlalchemy.orm import joinedload, selectinload

from .models_g_library import Author, Book

AUTHOR_PAGE = (selectinload(Author.books).selectinload(Book.reviews),)
BOOK_CARD = [joinedload(Book.author)]
