# expect: none
# why: Legacy Query code: relationship comparisons, hybrid and plain properties, backref attributes, a joined filter_by and Model.attribute reads are all defined.

from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Session, backref, declarative_base, relationship

Base = declarative_base()


class Author(Base):
    __tablename__ = "authors"

    id = Column(Integer, primary_key=True)
    first = Column(String(40))
    last = Column(String(40))

    @hybrid_property
    def full_name(self):
        return self.first + " " + self.last

    @property
    def initials(self):
        return f"{self.first[0]}{self.last[0]}"


class Book(Base):
    __tablename__ = "books"

    id = Column(Integer, primary_key=True)
    title = Column(String(100))
    pages = Column(Integer)
    author_id = Column(Integer, ForeignKey("authors.id"))
    author = relationship(Author, backref=backref("books", lazy="selectin"))


def seed(session: Session) -> None:
    ada = Author(first="Ada", last="Lovelace")
    session.add(Book(title="Notes", pages=20, author=ada))


def books_of(session: Session, author: Author):
    return session.query(Book).filter(Book.author == author).order_by(Book.title).all()


def prolific(session: Session):
    return session.query(Author).filter(Author.books.any(Book.pages > 10)).all()


def by_full_name(session: Session, name: str = "Ada Lovelace"):
    return session.query(Author).filter(Author.full_name == name).first()


def long_books_by(session: Session, last: str = "Lovelace"):
    return session.query(Book).join(Book.author).filter_by(last=last).filter(Book.pages >= 10).all()


def columns_used(session: Session):
    return [Author.books, Author.initials, Book.author_id, Author.__table__.c.first]
