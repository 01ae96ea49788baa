# expect: ORM1 at 33
# why: A viewonly relationship is still lazy: author.published_books loads once per author.

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class Author(Base):
    __tablename__ = "authors"
    id = Column(Integer, primary_key=True)
    name = Column(String(80))
    books = relationship("Book", back_populates="author")
    published_books = relationship(
        "Book",
        primaryjoin="and_(Author.id == Book.author_id, Book.published == True)",
        viewonly=True,
    )


class Book(Base):
    __tablename__ = "books"
    id = Column(Integer, primary_key=True)
    title = Column(String(200))
    published = Column(Boolean, default=False)
    author_id = Column(Integer, ForeignKey("authors.id"))
    author = relationship("Author", back_populates="books")


def catalogue(session):
    return {
        author.name: [b.title for b in author.published_books]
        for author in session.query(Author).order_by(Author.name)
    }


run = catalogue


def seed(session, n):
    for i in range(n):
        session.add(Author(name=f"a{i}", books=[Book(title="t", published=True)]))
