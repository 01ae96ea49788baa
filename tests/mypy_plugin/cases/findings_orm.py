# ormlens findings on code written against orm, classic Column models: at module level too, in a
# module whose top level mypy analyses twice (a name used before its class is defined makes
# semantic analysis go round again): every finding is reported exactly once.
from orm import Session, select, text

from library.models import Author, Book

class Shelf(Later):                         # defined below: a second pass over this module
    pass


def shelves(session):
    for book in session.query(Book).order_by(Book.title):
        print(book.author.name)  # E: `book.author` lazy-loads Book.author once per row (N+1 queries); eager-load it on the query, e.g. `selectinload(Book.author)` (ORM101)  [orm-n-plus-one]


async def report(session):
    books = (await session.scalars(select(Book))).all()
    return [b.author for b in books]  # E: `b.author` lazy-loads Book.author on an object of an AsyncSession: this raises MissingGreenlet; eager-load it (selectinload) or `await obj.awaitable_attrs.author` (ORM103)  [orm-n-plus-one]


session = Session()
session.execute(text("SELECT nam FROM authors"))  # E: text(): column `nam` does not exist in `authors` (did you mean `name`?) (ORM301)  [orm-raw-sql]
found = session.query(Author).filter(Author.born == "last year").all()  # E: `Author.born` holds int values (Integer) but is compared with `"last year"` of type str (ORM201)  [orm-query-type]
named = session.query(Book).order_by("titel").all()  # E: order_by('titel') names no column or label of the statement (author_id, id, title): SQLAlchemy raises CompileError; use a column attribute or text() (ORM202)  [orm-unknown-column]


class Later:
    pass
# ---- file: library/__init__.py
# ---- file: library/models.py
from orm import Column, ForeignKey, Integer, String, declarative_base, relationship

Base = declarative_base()


class Author(Base):
    __tablename__ = "authors"
    id = Column(Integer, primary_key=True)
    name = Column(String(100), nullable=False)
    born = Column(Integer)


class Book(Base):
    __tablename__ = "books"
    id = Column(Integer, primary_key=True)
    title = Column(String(200), nullable=False)
    author_id = Column(Integer, ForeignKey("authors.id"))
    author = relationship(Author)
