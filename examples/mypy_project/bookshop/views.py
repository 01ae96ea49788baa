"""Request handlers, written without annotations (mypy does not check their bodies; the plugin
still reports ormlens' findings in them)."""
from orm import select, text

from bookshop.models import Author, Book


def author_page(session, author_id):
    author = session.get(Author, str(author_id))
    return {"name": author.name, "books": [b.title for b in author.books]}


def shelf(session):
    out = []
    for book in session.query(Book).all():
        out.append((book.title, book.author.name, len(book.reviews)))
    return out


def search(session, term):
    return session.execute(text(f"SELECT id, title FROM books WHERE title LIKE '%{term}%'")).all()


def sales_report(session):
    return session.execute(text("SELECT title, sum(qty) FROM books JOIN sales USING (book_id)")).all()
