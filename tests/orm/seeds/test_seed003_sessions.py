"""Regressions found by running seed 003's session examples ("Mastering SQLAlchemy", sections 8
"Session Management" and 17 "Scaling SQLAlchemy Applications") with ``sqlalchemy`` replaced by
``orm``."""
from __future__ import annotations

from pathlib import Path

from orm import Column, Integer, String, declarative_base, func, select, sessionmaker
from orm import create_engine


def _models():
    Base = declarative_base()

    class User(Base):
        __tablename__ = "users"
        id = Column(Integer, primary_key=True)
        name = Column(String(50))

    class Address(Base):
        __tablename__ = "addresses"
        id = Column(Integer, primary_key=True)
        email = Column(String(50))

    return Base, User, Address


# -- "Session Binding": sessionmaker(binds={User: engine1, Address: engine2}) ------------------------

def test_binds_per_class_route_queries_whose_tables_sit_in_a_subquery(tmp_path: Path) -> None:
    Base, User, Address = _models()
    engine1 = create_engine(f"sqlite:///{tmp_path / 'db1.sqlite'}")
    engine2 = create_engine(f"sqlite:///{tmp_path / 'db2.sqlite'}")
    User.__table__.create(engine1)
    Address.__table__.create(engine2)
    Session = sessionmaker(binds={User: engine1, Address: engine2})
    with Session() as s:
        s.add_all([User(name="u"), Address(email="e"), Address(email="f")])
        s.commit()
        # Query.count() wraps the query in a subquery: its table is found inside it
        assert (s.query(User).count(), s.query(Address).count()) == (1, 2)
        # a subquery in FROM, and one in WHERE, of a Core statement
        sub = select(Address.id).subquery()
        assert s.execute(select(func.count()).select_from(sub)).scalar() == 2
        assert s.scalar(select(func.count()).where(Address.id.in_(select(Address.id)))) == 2
        assert s.get_bind(User) is engine1 and s.get_bind(Address) is engine2
    for e in (engine1, engine2):
        e.dispose()


# -- "Read/Write Splitting": a reading session left open must not block a writer --------------------

def test_a_session_that_only_read_holds_no_lock_on_the_sqlite_file(tmp_path: Path) -> None:
    Base, User, _ = _models()
    url = f"sqlite:///{tmp_path / 'rw.sqlite'}?timeout=0.2"
    write_engine, read_engine = create_engine(url), create_engine(url)
    Base.metadata.create_all(write_engine)
    Session = sessionmaker(bind=write_engine)
    reader = Session(bind=read_engine)
    assert reader.query(User).count() == 0  # its transaction stays open: a read, no lock
    with Session() as writer:
        writer.add(User(name="Alice"))
        writer.commit()  # was: OperationalError "database is locked"
    assert reader.query(User).count() == 1  # each read sees the latest committed data
    reader.close()
    for e in (write_engine, read_engine):
        e.dispose()


def test_writes_ddl_and_savepoints_still_run_inside_begin_commit(tmp_path: Path) -> None:
    Base, User, _ = _models()
    engine = create_engine(f"sqlite:///{tmp_path / 'tx.sqlite'}")
    Base.metadata.create_all(engine)
    Session = sessionmaker(bind=engine)
    with Session() as s:
        s.add(User(name="kept"))
        s.flush()
        nested = s.begin_nested()
        s.add(User(name="undone"))
        s.flush()
        nested.rollback()
        s.add(User(name="discarded"))
        s.flush()
        s.rollback()  # the whole transaction, its first write included
    with Session() as s:
        assert s.query(User).count() == 0
        s.add(User(name="a"))
        s.commit()
    with engine.connect() as conn:
        with conn.begin():
            conn.exec_driver_sql("CREATE TABLE scratch (x INTEGER)")
            conn.exec_driver_sql("INSERT INTO scratch VALUES (1)")
            conn.rollback()
        # DDL took part in the transaction: the table is gone with the rollback
        assert conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE name = 'scratch'").scalar() == 0
    engine.dispose()


# -- "Writing Unit Tests for Database Operations": test_delete_user reads user.id after the commit ----

def test_deleting_an_expired_object_loads_it_first(seed_db) -> None:
    from orm import Session, event, text
    from orm.exc import ObjectDeletedError

    p = seed_db.prefix
    Base = declarative_base()

    class User(Base):
        __tablename__ = f"{p}users"
        id = Column(Integer, primary_key=True)
        name = Column(String(50))

    seed_db.create(Base)
    s = Session(seed_db.engine)
    user = User(name="Alice")
    s.add(user)
    s.commit()  # expires the object
    seen: list[str] = []
    event.listen(seed_db.engine, "before_cursor_execute",
                 lambda conn, cur, stmt, params, ctx, many: seen.append(stmt.split()[0]))
    s.delete(user)
    s.commit()
    # as SQLAlchemy: the row is read (through the object) before its DELETE
    assert seen[:2] == ["SELECT", "DELETE"]
    assert (user.id, user.name) == (1, "Alice")  # detached, values kept (was DetachedInstanceError)
    assert s.query(User).filter_by(id=user.id).first() is None

    # a row deleted behind the session's back: the flush says so
    other = User(name="Bob")
    s.add(other)
    s.commit()
    s.execute(text(f"DELETE FROM {p}users"))
    s.delete(other)
    try:
        s.commit()
        raise AssertionError("expected ObjectDeletedError")
    except ObjectDeletedError as err:
        assert str(err).startswith("Instance '<User at 0x")
    s.rollback()
    s.close()


# -- "Data Analysis Application": functions open Session() and never close it, on sqlite:// ---------

def _lost_sessions_scenario(lib_create_engine, lib_sessionmaker, lib_base, lib_col, lib_int, lib_str):
    import gc

    Base = lib_base()

    class StockPrice(Base):
        __tablename__ = "stock_prices"
        id = lib_col(lib_int, primary_key=True)
        symbol = lib_col(lib_str(10))

    engine = lib_create_engine("sqlite://")  # the database lives in the pool's one connection
    Base.metadata.create_all(engine)
    Session = lib_sessionmaker(bind=engine)

    def add(symbol, commit=True):
        session = Session()
        session.add(StockPrice(symbol=symbol))
        if commit:
            session.commit()
        else:
            session.flush()

    def count():
        session = Session()
        return session.query(StockPrice).count()

    add("AAPL")
    add("MSFT", commit=False)  # flushed, never committed, the session dropped
    gc.collect()
    first = count()
    gc.collect()
    return first, count()


def test_a_dropped_session_does_not_close_the_in_memory_database() -> None:
    import sqlalchemy as sa
    import sqlalchemy.orm as sa_orm

    import orm

    theirs = _lost_sessions_scenario(sa.create_engine, sa_orm.sessionmaker, sa_orm.declarative_base,
                                     sa.Column, sa.Integer, sa.String)
    ours = _lost_sessions_scenario(orm.create_engine, orm.sessionmaker, orm.declarative_base,
                                   orm.Column, orm.Integer, orm.String)
    # was: OperationalError "no such table" (the dropped connection was closed with the database)
    assert ours == theirs == (1, 1)  # the lost session's uncommitted row is rolled back
