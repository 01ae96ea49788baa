# expect: ORM1 at 38
# why: Legacy Query: subqueryload covers Library.shelves only; shelf.books is lazy and read for every shelf.

from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import declarative_base, relationship, subqueryload

Base = declarative_base()


class Library(Base):
    __tablename__ = "libraries"
    id = Column(Integer, primary_key=True)
    name = Column(String(80))
    shelves = relationship("Shelf", back_populates="library")


class Shelf(Base):
    __tablename__ = "shelves"
    id = Column(Integer, primary_key=True)
    label = Column(String(20))
    library_id = Column(Integer, ForeignKey("libraries.id"))
    library = relationship("Library", back_populates="shelves")
    books = relationship("Book")


class Book(Base):
    __tablename__ = "books"
    id = Column(Integer, primary_key=True)
    title = Column(String(200))
    shelf_id = Column(Integer, ForeignKey("shelves.id"))


def library_report(session):
    libraries = session.query(Library).options(subqueryload(Library.shelves)).all()
    report = []
    for library in libraries:
        for shelf in library.shelves:
            report.append((library.name, shelf.label, len(shelf.books)))
    return report


run = library_report


def seed(session, n):
    for i in range(n):
        session.add(Library(name=f"l{i}", shelves=[Shelf(label="A", books=[Book(title="x")])]))
