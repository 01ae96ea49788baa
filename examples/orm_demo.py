"""The ORM half of ``make demo``: models, a Session, the N+1 problem counted, and the checker on it.

It runs the same loop twice on embedded SQLite, once lazily (one query per author) and once with
``selectinload`` (two queries in all), counting the statements with an engine event, then asks
the static checker what it thinks of ``examples/shop_checks.py`` without running that file.
"""
from __future__ import annotations

from pathlib import Path

from orm import (
    DeclarativeBase,
    ForeignKey,
    Mapped,
    Session,
    create_engine,
    event,
    mapped_column,
    relationship,
    select,
    selectinload,
)


class Base(DeclarativeBase):
    pass


class Author(Base):
    __tablename__ = "authors"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    books: Mapped[list["Book"]] = relationship(back_populates="author", order_by="Book.id")


class Book(Base):
    __tablename__ = "books"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"))
    author: Mapped[Author] = relationship(back_populates="books")


def _count_statements(engine: object) -> list[str]:
    seen: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _record(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        seen.append(statement)

    return seen


def run_orm_demo() -> None:
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        session.add_all(
            Author(name=name, books=[Book(title=f"{name}'s book {i}") for i in range(1, 4)])
            for name in ("ada", "grace", "edsger", "barbara")
        )
        session.commit()

    statements = _count_statements(engine)
    for label, stmt in (("lazy (the default)", select(Author)),
                        ("selectinload", select(Author).options(selectinload(Author.books)))):
        statements.clear()
        with Session(engine) as session:
            titles = [len(author.books) for author in session.scalars(stmt)]
        print(f"  {label:<20} {sum(titles)} books of {len(titles)} authors in {len(statements)} statements")

    print("\nThe checker on examples/shop_checks.py (read, never imported or run):")
    from analysis.workspace import Workspace

    here = Path(__file__).resolve().parent
    workspace = Workspace(here)
    workspace.index()
    for finding in workspace.check(str(here / "shop_checks.py")):
        line = finding.range.start.line + 1
        column = finding.range.start.column + 1
        print(f"  shop_checks.py:{line}:{column}: {finding.code} {finding.message}")


if __name__ == "__main__":
    run_orm_demo()
