"""Batched ``INSERT .. RETURNING``: every returned row lands on its own object, whatever order the
database returns them in -- auto-incrementing keys (one statement per page, PostgreSQL through
``INSERT .. SELECT .. ORDER BY`` a counter), server-made string keys and keys of a sequence
counting down (one statement per row), client-made UUID keys (executemany), SQLite out of
ascending rowids; MariaDB's RETURNING (10.5+) and MySQL's lastrowid -- on sqlite, postgresql and
mysql."""
from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any, Iterator

import pytest

from orm import exc
from orm import (
    Column,
    ForeignKey,
    Integer,
    Sequence,
    Session,
    String,
    TypeDecorator,
    create_engine,
    declarative_base,
    delete,
    insert,
    inspect,
    select,
    text,
    update,
)

from backend_tables import SQLLog, empty_tables, module_database

class NonNegative(TypeDecorator):  # type: ignore[type-arg]
    """An Integer whose bind processor refuses negative values."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is not None and value < 0:
            raise ValueError(f"negative value {value}")
        return value


_RANDOM_KEY = {
    "sqlite": "(lower(hex(randomblob(8))))",
    "postgresql": "md5(random()::text)",
    "mysql": "(uuid())",
}


def _models(p: str, backend: str) -> SimpleNamespace:
    Base: Any = declarative_base()

    class Item(Base):
        __tablename__ = p + "items"
        id = Column(Integer, primary_key=True)
        name = Column(String(30), nullable=False)
        qty = Column(NonNegative)
        status = Column(String(10), server_default="new")

    class Token(Base):  # the database makes the (string) key
        __tablename__ = p + "tokens"
        code = Column(String(40), primary_key=True, server_default=text(_RANDOM_KEY[backend]))
        owner = Column(String(30))

    class Ticket(Base):  # the application makes the key
        __tablename__ = p + "uuids"
        id = Column(String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
        label = Column(String(30))
        status = Column(String(10), server_default="open")

    class Staff(Base):  # joined-table inheritance: the base table makes the keys
        __tablename__ = p + "staff"
        id = Column(Integer, primary_key=True)
        name = Column(String(30), nullable=False)
        kind = Column(String(20))
        __mapper_args__ = {"polymorphic_on": kind, "polymorphic_identity": "staff"}

    class Pilot(Staff):
        __tablename__ = p + "pilots"
        id = Column(ForeignKey(f"{p}staff.id"), primary_key=True)
        licence = Column(String(20))
        hours = Column(Integer, server_default=text("0"))
        __mapper_args__ = {"polymorphic_identity": "pilot"}

    ns = SimpleNamespace(Base=Base, Item=Item, Token=Token, Ticket=Ticket, Staff=Staff, Pilot=Pilot)
    if backend == "postgresql":
        class Countdown(Base):  # a sequence handing out descending keys: nothing to sort by
            __tablename__ = p + "countdown"
            id = Column(Integer, Sequence(p + "countdown_seq", start=-1, increment=-1), primary_key=True)
            name = Column(String(30))

        ns.Countdown = Countdown
    return ns


database = module_database(_models)


@pytest.fixture
def db(database: SimpleNamespace) -> Iterator[SimpleNamespace]:
    empty_tables(database.engine, database.m)
    log = SQLLog(database.engine)
    try:
        yield SimpleNamespace(m=database.m, engine=database.engine, backend=database.backend, log=log)
    finally:
        log.close()


def _db_names(db: Any, cls: Any, key: str, value: str) -> dict[Any, Any]:
    with db.engine.connect() as conn:
        return {r[0]: r[1] for r in conn.execute(select(getattr(cls, key), getattr(cls, value)))}


def test_pages_of_generated_keys_each_land_on_their_object(db: Any) -> None:
    Item = db.m.Item
    with Session(db.engine) as s:
        s.connection()
        items = [Item(name=f"item-{i}", qty=i % 7) for i in range(2300)]
        s.add_all(items)
        db.log.clear()
        s.flush()
        inserts = [q for q in db.log.sql if q.startswith("INSERT")]
        if db.engine.dialect.insert_returning:
            assert len(inserts) == 3  # pages of 1000 rows
            if db.backend == "postgresql":
                assert all(" SELECT " in q and "ORDER BY imp_sen.sen_counter RETURNING" in q for q in inserts)
            else:
                assert all("VALUES (" in q and " RETURNING " in q for q in inserts)
        got = {o.id: (o.name, o.status) for o in items}
        assert len(got) == 2300 and all(st == "new" for _n, st in got.values())
        s.commit()
    assert _db_names(db, Item, "id", "name") == {k: v[0] for k, v in got.items()}


def test_server_made_string_keys_one_statement_per_row(db: Any) -> None:
    Token = db.m.Token
    with Session(db.engine) as s:
        s.connection()
        tokens = [Token(owner=f"owner-{i}") for i in range(5)]
        s.add_all(tokens)
        db.log.clear()
        s.flush()
        inserts = [q for q in db.log.sql if q.startswith("INSERT")]
        assert len(inserts) == 5 and all("RETURNING" in q for q in inserts)
        codes = [t.code for t in tokens]
        assert len(set(codes)) == 5 and all(codes)
        assert all(inspect(t).identity == (t.code,) for t in tokens)
        s.commit()
        expected = {t.code: t.owner for t in tokens}
    assert _db_names(db, Token, "code", "owner") == expected


def test_client_made_uuid_keys_are_one_executemany(db: Any) -> None:
    Ticket = db.m.Ticket
    with Session(db.engine) as s:
        tickets = [Ticket(label=f"t{i}") for i in range(6)]
        s.add_all(tickets)
        db.log.clear()
        s.flush()
        inserts = [(q, many) for q, _p, many in db.log.entries if q.startswith("INSERT")]
        assert len(inserts) == 1 and inserts[0][1]
        assert tickets[0].status == "open"  # the server default loads on access
        s.commit()
        expected = {t.id: t.label for t in tickets}
    assert _db_names(db, Ticket, "id", "label") == expected


def test_descending_sequence_keys_are_not_sorted(db: Any) -> None:
    if db.backend != "postgresql":
        pytest.skip("sequences counting down: PostgreSQL")
    Countdown = db.m.Countdown
    with Session(db.engine) as s:
        rows = [Countdown(name=f"c{i}") for i in range(4)]
        s.add_all(rows)
        db.log.clear()
        s.flush()
        assert len([q for q in db.log.sql if q.startswith("INSERT")]) == 4
        assert [r.id for r in rows] == [-1, -2, -3, -4]
        s.commit()
    assert _db_names(db, Countdown, "id", "name") == {-1: "c0", -2: "c1", -3: "c2", -4: "c3"}


def test_sqlite_out_of_ascending_rowids_inserts_row_by_row(db: Any) -> None:
    if db.backend != "sqlite":
        pytest.skip("random rowids once the largest is taken: SQLite")
    Item = db.m.Item
    with Session(db.engine) as s:
        s.add(Item(id=2**63 - 1, name="last"))
        s.commit()
        items = [Item(name=f"r{i}") for i in range(8)]
        s.add_all(items)
        db.log.clear()
        s.flush()
        # one batch (keys random, so not consecutive), taken back, then one INSERT per row
        assert [q.split()[0] for q in db.log.sql].count("DELETE") == 1
        assert [q.split()[0] for q in db.log.sql].count("INSERT") == 1 + 8
        s.commit()
        expected = {o.id: o.name for o in items}
    names = _db_names(db, Item, "id", "name")
    assert len(names) == 9 and all(names[k] == v for k, v in expected.items())


def test_orm_insert_returning_entities_in_parameter_order(db: Any) -> None:
    Item = db.m.Item
    with Session(db.engine) as s:
        s.connection()
        if not db.engine.dialect.insert_returning:
            pytest.skip("no INSERT .. RETURNING on this server")
        db.log.clear()
        params = [{"name": f"n{i}", "qty": i} for i in range(30)]
        items = s.scalars(insert(Item).returning(Item), params).all()
        assert len([q for q in db.log.sql if q.startswith("INSERT")]) == 1
        assert [(i.name, i.qty) for i in items] == [(p["name"], p["qty"]) for p in params]
        assert all(inspect(i).persistent for i in items)
        s.commit()
        expected = {i.id: i.name for i in items}
    assert _db_names(db, Item, "id", "name") == expected


def test_mariadb_delete_returning_reports_the_rows_to_synchronize(db: Any) -> None:
    Item = db.m.Item
    with Session(db.engine) as s:
        s.add_all([Item(name="keep"), Item(name="drop-1"), Item(name="drop-2")])
        s.commit()
        objs = s.scalars(select(Item)).all()
        db.log.clear()
        result = s.execute(delete(Item).where(Item.name.like("drop%"))
                           .execution_options(synchronize_session="fetch"))
        assert result.rowcount == 2
        statements = db.log.sql
        if db.engine.dialect.delete_returning:
            assert len(statements) == 1 and statements[0].startswith("DELETE") and "RETURNING" in statements[0]
        else:
            assert statements[0].startswith("SELECT") and statements[1].startswith("DELETE")
        assert sorted(o.name for o in objs if o in s) == ["keep"]
        # UPDATE .. RETURNING exists on PostgreSQL and SQLite, not on MariaDB: a SELECT first there
        db.log.clear()
        s.execute(update(Item).where(Item.name == "keep").values(qty=5)
                  .execution_options(synchronize_session="fetch"))
        first = db.log.sql[0]
        assert first.startswith("SELECT") == (not db.engine.dialect.update_returning)
        s.commit()


def test_mysql_without_returning_uses_lastrowid(database: SimpleNamespace) -> None:
    """MySQL has no RETURNING: the same server with the dialect's RETURNING switched off runs the
    MySQL way, one INSERT per row with its key from ``cursor.lastrowid``."""
    if database.backend != "mysql":
        pytest.skip("MySQL/MariaDB only")
    engine = create_engine(database.engine.url)
    try:
        with engine.connect():
            pass  # the dialect reads the server version on the first connection
        engine.dialect.insert_returning = engine.dialect.delete_returning = False
        empty_tables(engine, database.m)
        log = SQLLog(engine)
        Item = database.m.Item
        with Session(engine) as s:
            items = [Item(name=f"m{i}") for i in range(4)]
            s.add_all(items)
            s.flush()
            assert [q.split()[0] for q in log.sql].count("INSERT") == 4
            assert not any("RETURNING" in q for q in log.sql)
            assert items[0].status == "new"  # expired, loaded on access
            s.commit()
            expected = {o.id: o.name for o in items}
        log.close()
        with engine.connect() as conn:
            assert {r[0]: r[1] for r in conn.execute(select(Item.id, Item.name))} == expected
    finally:
        engine.dispose()


def _staff_rows(db: Any) -> dict[int, tuple[Any, ...]]:
    Staff, Pilot = db.m.Staff, db.m.Pilot
    with db.engine.connect() as conn:
        j = Staff.__table__.outerjoin(Pilot.__table__)
        stmt = select(Staff.__table__.c.id, Staff.__table__.c.name, Staff.__table__.c.kind,
                      Pilot.__table__.c.licence).select_from(j)
        return {r[0]: tuple(r[1:]) for r in conn.execute(stmt)}


def _inserts(db: Any) -> list[tuple[str, bool]]:
    return [(q.split("(")[0].strip(), many) for q, _p, many in db.log.entries if q.startswith("INSERT")]


def test_joined_inheritance_flush_base_keys_then_subclass_rows(db: Any) -> None:
    Staff, Pilot = db.m.Staff, db.m.Pilot
    with Session(db.engine) as s:
        s.connection()
        objs = [Pilot(name=f"p{i}", licence=f"L{i}") if i % 3 else Staff(name=f"s{i}") for i in range(12)]
        s.add_all(objs)
        db.log.clear()
        s.flush()
        inserts = _inserts(db)
        if db.engine.dialect.insert_returning:
            # one INSERT .. RETURNING for the twelve base rows, one executemany for the pilots
            assert [q for q, _m in inserts] == [f"INSERT INTO {Staff.__tablename__}",
                                                  f"INSERT INTO {Pilot.__tablename__}"]
            assert inserts[1][1]
        assert objs[1].hours == 0  # a subclass table's server default: loaded on access
        s.commit()
        expected = {o.id: (o.name, o.kind, getattr(o, "licence", None)) for o in objs}
    assert _staff_rows(db) == expected


def test_joined_inheritance_orm_insert_returning_entities(db: Any) -> None:
    Pilot = db.m.Pilot
    with Session(db.engine) as s:
        s.connection()
        if not db.engine.dialect.insert_returning:
            pytest.skip("no INSERT .. RETURNING on this server")
        params = [{"name": f"n{i}", "licence": f"X{i}"} for i in range(7)]
        db.log.clear()
        pilots = s.scalars(insert(Pilot).returning(Pilot), params).all()
        # the base rows return their keys, then the pilot rows (matched by those keys) theirs
        assert [q for q, _m in _inserts(db)] == [f"INSERT INTO {db.m.Staff.__tablename__}",
                                                  f"INSERT INTO {Pilot.__tablename__}"]
        assert [(p.name, p.licence, p.kind, p.hours) for p in pilots] == [
            (f"n{i}", f"X{i}", "pilot", 0) for i in range(7)]
        assert all(inspect(p).persistent and s.get(Pilot, p.id) is p for p in pilots)
        ids = s.execute(insert(Pilot).returning(Pilot.id, Pilot.licence), [{"name": "a", "licence": "A"},
                                                                          {"name": "b", "licence": "B"}]).all()
        assert [r[1] for r in ids] == ["A", "B"] and ids[0][0] != ids[1][0]
        s.commit()
        expected = {p.id: (p.name, "pilot", p.licence) for p in pilots}
        expected.update({r[0]: (n, "pilot", r[1]) for r, n in zip(ids, "ab")})
    assert _staff_rows(db) == expected


def test_joined_inheritance_bulk_insert_mappings(db: Any) -> None:
    Pilot = db.m.Pilot
    with Session(db.engine) as s:
        s.connection()
        db.log.clear()
        s.bulk_insert_mappings(Pilot, [{"name": f"b{i}", "licence": f"B{i}"} for i in range(5)])
        inserts = _inserts(db)
        if db.engine.dialect.insert_returning:
            assert len(inserts) == 2 and inserts[1][1]
        else:  # MySQL: each base row's key from lastrowid
            assert len(inserts) == 6
        s.execute(insert(Pilot), [{"name": "c0", "licence": "C0"}, {"name": "c1", "licence": "C1"}])
        s.commit()
    rows = sorted(_staff_rows(db).values())
    assert rows == sorted([(f"b{i}", "pilot", f"B{i}") for i in range(5)] + [("c0", "pilot", "C0"),
                                                                              ("c1", "pilot", "C1")])


def test_a_value_the_type_refuses_fails_the_batch_as_a_statement_error(db: Any) -> None:
    Item = db.m.Item
    with Session(db.engine) as s:
        s.add_all([Item(name="a", qty=1), Item(name="b", qty=-2), Item(name="c", qty=3)])
        with pytest.raises(exc.StatementError, match=r"\(builtins.ValueError\) negative value -2") as info:
            s.flush()
        assert isinstance(info.value.orig, ValueError)
        s.rollback()
        s.add_all([Item(name="a", qty=1), Item(name="b", qty=2)])
        s.commit()
    assert sorted(_db_names(db, Item, "name", "qty").items()) == [("a", 1), ("b", 2)]
