"""``do_orm_execute`` (ORMExecuteState: statement, parameters, execution options, kinds of
statement, relationship loads, user-defined options, invoke_statement, answering with a Result)
and the legacy ``after_bulk_update`` / ``after_bulk_delete`` -- on sqlite, postgresql and mysql."""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any, Iterator

import pytest

from orm import (
    Column,
    ForeignKey,
    Integer,
    ORMExecuteState,
    Session,
    String,
    UserDefinedOption,
    declarative_base,
    delete,
    event,
    exc,
    insert,
    relationship,
    select,
    selectinload,
    update,
)

from backend_tables import SQLLog, empty_tables, module_database


def _models(p: str) -> SimpleNamespace:
    Base: Any = declarative_base()

    class Author(Base):
        __tablename__ = p + "authors"
        id = Column(Integer, primary_key=True)
        name = Column(String(30))
        deleted = Column(Integer, default=0)
        books = relationship("Book", back_populates="author", order_by=lambda: Book.id)

    class Book(Base):
        __tablename__ = p + "books"
        id = Column(Integer, primary_key=True)
        author_id = Column(ForeignKey(f"{p}authors.id"))
        title = Column(String(30))
        author = relationship(Author, back_populates="books")

    return SimpleNamespace(Base=Base, Author=Author, Book=Book)


database = module_database(_models)


class FromCache(UserDefinedOption):
    """An application option the listener looks for."""


@pytest.fixture
def db(database: SimpleNamespace) -> Iterator[SimpleNamespace]:
    empty_tables(database.engine, database.m)
    Author, Book = database.m.Author, database.m.Book
    with Session(database.engine) as s:
        s.add_all([Author(id=1, name="ann", books=[Book(id=1, title="a1"), Book(id=2, title="a2")]),
                   Author(id=2, name="bob", books=[Book(id=3, title="b1")]),
                   Author(id=3, name="gone", deleted=1)])
        s.commit()
    log = SQLLog(database.engine)
    try:
        yield SimpleNamespace(m=database.m, engine=database.engine, backend=database.backend, log=log)
    finally:
        log.close()


@pytest.fixture
def session(db: Any) -> Iterator[Session]:
    s = Session(db.engine)
    try:
        yield s
    finally:
        s.close()


def test_listener_sees_each_execution_and_its_kind(db: Any, session: Session) -> None:
    Author, Book = db.m.Author, db.m.Book
    seen: list[ORMExecuteState] = []

    @event.listens_for(session, "do_orm_execute")
    def record(state: ORMExecuteState) -> None:
        seen.append(state)

    authors = session.scalars(select(Author).where(Author.name == "ann"), execution_options={"x": 1}).all()
    state = seen[-1]
    assert state.is_select and not (state.is_update or state.is_delete or state.is_insert)
    assert state.is_orm_statement and not state.is_relationship_load
    assert state.execution_options["x"] == 1 and state.all_mappers == [Author.__mapper__]
    assert state.load_options._populate_existing is False
    with pytest.raises(exc.InvalidRequestError, match="no update options"):
        state.update_delete_options  # noqa: B018
    # a lazy load is a relationship load, and says whose
    books = authors[0].books
    assert [b.title for b in books] == ["a1", "a2"]
    lazy = seen[-1]
    assert lazy.is_relationship_load and lazy.lazy_loaded_from.obj() is authors[0]
    # selectin loading too
    n = len(seen)
    session.scalars(select(Author).options(selectinload(Author.books)).execution_options(populate_existing=True)).all()
    assert [s.is_relationship_load for s in seen[n:]] == [False, True]
    # Session.get() on a miss, Core statements, DML
    session.get(Book, 3)
    assert seen[-1].is_select and seen[-1].all_mappers == [Book.__mapper__]
    session.execute(select(Author.__table__))
    assert not seen[-1].is_orm_statement
    session.execute(update(Author).where(Author.id == 2).values(name="B"),
                    execution_options={"synchronize_session": "fetch"})
    upd = seen[-1]
    assert upd.is_update and upd.update_delete_options._synchronize_session == "fetch"
    with pytest.raises(exc.InvalidRequestError, match="no load options"):
        upd.load_options  # noqa: B018
    session.execute(insert(Book), [{"id": 9, "title": "x"}, {"id": 10, "title": "y"}])
    assert seen[-1].is_insert and seen[-1].is_executemany and len(seen[-1].parameters) == 2
    session.execute(delete(Book).where(Book.id == 10))
    assert seen[-1].is_delete


def test_listener_can_change_the_statement_and_options(db: Any, session: Session) -> None:
    Author = db.m.Author

    @event.listens_for(session, "do_orm_execute")
    def hide_deleted(state: ORMExecuteState) -> None:
        if state.is_select and Author.__mapper__ in state.all_mappers and not state.is_relationship_load:
            state.statement = state.statement.where(Author.deleted == 0)
            state.update_execution_options(populate_existing=True)

    names = session.scalars(select(Author).order_by(Author.id)).all()
    assert [a.name for a in names] == ["ann", "bob"]
    assert "deleted = " in db.log.sql[-1]
    assert len(session.query(Author).all()) == 2  # the legacy Query goes through the same hook


def test_user_defined_options_and_answering_with_a_result(db: Any, session: Session) -> None:
    Author = db.m.Author
    cache: dict[Any, Any] = {}

    @event.listens_for(session, "do_orm_execute")
    def from_cache(state: ORMExecuteState) -> Any:
        opts = [o for o in state.user_defined_options if isinstance(o, FromCache)]
        if not opts:
            return None
        key = opts[0].payload
        if key not in cache:
            cache[key] = state.invoke_statement().freeze()
        return cache[key]()

    stmt = select(Author).where(Author.id < 3).order_by(Author.id).options(FromCache("two"))
    first = session.scalars(stmt).all()
    statements = len(db.log.sql)
    second = session.scalars(stmt).all()
    assert len(db.log.sql) == statements  # answered from the cache: no SQL
    assert [a.name for a in first] == [a.name for a in second] == ["ann", "bob"]


def test_invoke_statement_runs_the_later_listeners_once(db: Any, session: Session) -> None:
    Author = db.m.Author
    calls: list[str] = []

    def first(state: ORMExecuteState) -> Any:
        calls.append("first")
        result = state.invoke_statement(params={"n": "bob"})
        calls.append("first got rows")
        return result

    def second(state: ORMExecuteState) -> None:
        calls.append("second")

    event.listen(session, "do_orm_execute", first)
    event.listen(session, "do_orm_execute", second)
    from orm import bindparam

    rows = session.scalars(select(Author).where(Author.name == bindparam("n")), {"n": "ann"}).all()
    assert [a.name for a in rows] == ["bob"]  # invoke_statement's params override
    assert calls == ["first", "second", "first got rows"]


def test_listener_on_the_session_class_and_removal(db: Any) -> None:
    Author = db.m.Author
    seen: list[Any] = []

    def fn(state: ORMExecuteState) -> None:
        seen.append(type(state.statement).__name__)

    event.listen(Session, "do_orm_execute", fn)
    try:
        with Session(db.engine) as s:
            s.scalars(select(Author)).all()
    finally:
        event.remove(Session, "do_orm_execute", fn)
    assert seen
    with Session(db.engine) as s:
        s.scalars(select(Author)).all()
    assert len(seen) == 1


def test_legacy_after_bulk_events_of_query_update_and_delete(db: Any, session: Session) -> None:
    Author = db.m.Author
    got: list[tuple[str, Any]] = []

    @event.listens_for(session, "after_bulk_update")
    def on_update(ctx: Any) -> None:
        got.append(("update", (ctx.session is session, ctx.mapper is Author.__mapper__, ctx.values,
                               ctx.result.rowcount)))

    @event.listens_for(session, "after_bulk_delete")
    def on_delete(ctx: Any) -> None:
        got.append(("delete", (ctx.query.session is session, ctx.result.rowcount)))

    n = session.query(Author).filter(Author.id > 1).update({"name": "x"}, synchronize_session="fetch")
    assert n == 2
    assert got == [("update", (True, True, {"name": "x"}, 2))]
    session.query(Author).filter(Author.name == "x").filter(Author.deleted == 1).delete()
    assert got[-1] == ("delete", (True, 1))
    # as in SQLAlchemy 2.0, the 2.0-style statements fire do_orm_execute, not these legacy events
    session.execute(update(Author).values(name="y"))
    session.execute(delete(Author).where(Author.id == 3))
    assert len(got) == 2
