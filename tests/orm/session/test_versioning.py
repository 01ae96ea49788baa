"""``version_id_col``: counters, ``WHERE version = :old`` on UPDATE and DELETE, ``StaleDataError``
when another transaction got there first (single rows and executemany batches), custom and
server-side (``version_id_generator=False``) versions, bulk paths -- on sqlite, postgresql and
mysql."""
from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any, Iterator

import pytest

from orm import (
    Column,
    FetchedValue,
    ForeignKey,
    Integer,
    Session,
    String,
    declarative_base,
    exc,
    inspect,
    literal_column,
    relationship,
    select,
    text,
)

from backend_tables import SQLLog, empty_tables, module_database


def _models(p: str) -> SimpleNamespace:
    Base: Any = declarative_base()

    class Order(Base):
        __tablename__ = p + "orders"
        id = Column(Integer, primary_key=True)
        status = Column(String(20))
        version = Column(Integer, nullable=False)
        __mapper_args__ = {"version_id_col": version}

    class Doc(Base):  # a custom generator: random hex strings
        __tablename__ = p + "docs"
        id = Column(Integer, primary_key=True)
        body = Column(String(20))
        rev = Column(String(32), nullable=False)
        __mapper_args__ = {"version_id_col": rev, "version_id_generator": lambda old: uuid.uuid4().hex}

    class Counter(Base):  # the database makes the versions: a server default, then SET v = v + 1
        __tablename__ = p + "counters"
        id = Column(Integer, primary_key=True)
        name = Column(String(20))
        v = Column(Integer, nullable=False, server_default=text("1"), onupdate=literal_column("v") + 1)
        __mapper_args__ = {"version_id_col": v, "version_id_generator": False}

    class Asset(Base):  # joined inheritance: the version lives in the base table
        __tablename__ = p + "assets"
        id = Column(Integer, primary_key=True)
        kind = Column(String(20))
        label = Column(String(20))
        version = Column(Integer, nullable=False)
        __mapper_args__ = {"version_id_col": version, "polymorphic_on": kind, "polymorphic_identity": "asset"}

    class Car(Asset):
        __tablename__ = p + "cars"
        id = Column(ForeignKey(f"{p}assets.id"), primary_key=True)
        plate = Column(String(20))
        __mapper_args__ = {"polymorphic_identity": "car"}

    class Ticket(Base):  # the database makes the versions with a trigger
        __tablename__ = p + "tickets"
        id = Column(Integer, primary_key=True)
        title = Column(String(20))
        v = Column(Integer, nullable=False, server_default=text("1"), server_onupdate=FetchedValue())
        __mapper_args__ = {"version_id_col": v, "version_id_generator": False}

    class Peer(Base):  # rows pointing at each other: the second link is written by a post-update
        __tablename__ = p + "peers"
        id = Column(Integer, primary_key=True)
        name = Column(String(20))
        partner_id = Column(ForeignKey(f"{p}peers.id", use_alter=True, name=f"{p}fk_partner"))
        version = Column(Integer, nullable=False)
        partner = relationship("Peer", remote_side=[id], post_update=True)
        __mapper_args__ = {"version_id_col": version}

    return SimpleNamespace(Base=Base, Order=Order, Doc=Doc, Counter=Counter, Asset=Asset, Car=Car,
                           Ticket=Ticket, Peer=Peer, prefix=p)


def _triggers(engine: Any, m: SimpleNamespace, backend: str) -> None:
    t = m.Ticket.__tablename__
    if backend == "sqlite":
        ddl = [f"CREATE TRIGGER {t}_v AFTER UPDATE ON {t} FOR EACH ROW WHEN NEW.v = OLD.v "
               f"BEGIN UPDATE {t} SET v = OLD.v + 1 WHERE id = NEW.id; END"]
    elif backend == "postgresql":
        ddl = [f"CREATE OR REPLACE FUNCTION {t}_v() RETURNS trigger AS $$ BEGIN NEW.v := OLD.v + 1; "
               "RETURN NEW; END $$ LANGUAGE plpgsql",
               f"CREATE TRIGGER {t}_v BEFORE UPDATE ON {t} FOR EACH ROW EXECUTE FUNCTION {t}_v()"]
    else:
        ddl = [f"CREATE TRIGGER {t}_v BEFORE UPDATE ON {t} FOR EACH ROW SET NEW.v = OLD.v + 1"]
    with engine.begin() as conn:
        for stmt in ddl:
            conn.exec_driver_sql(stmt)


database = module_database(_models, _triggers)


@pytest.fixture
def db(database: SimpleNamespace) -> Iterator[SimpleNamespace]:
    empty_tables(database.engine, database.m)
    log = SQLLog(database.engine)
    try:
        yield SimpleNamespace(m=database.m, engine=database.engine, backend=database.backend, log=log)
    finally:
        log.close()


def _row(db: Any, table: Any, id_: int) -> Any:
    with db.engine.connect() as conn:
        return conn.execute(select(table).where(table.c.id == id_)).first()


def _mine(db: Any) -> Session:
    """This test's Session: objects keep their loaded values across commits, so that it can end
    its read transaction before another one writes (SQLite would otherwise wait for it)."""
    return Session(db.engine, expire_on_commit=False)


def _other_session_sets(db: Any, cls: Any, id_: int, **values: Any) -> None:
    """Another transaction changes the row (and its version) and commits."""
    with Session(db.engine) as other:
        obj = other.get(cls, id_)
        for k, v in values.items():
            setattr(obj, k, v)
        other.commit()


def test_counter_starts_at_one_and_every_update_checks_and_moves_it(db: Any) -> None:
    Order = db.m.Order
    with Session(db.engine) as s:
        o = Order(status="new")
        s.add(o)
        s.flush()
        assert o.version == 1
        o.status = "paid"
        db.log.clear()
        s.flush()
        assert o.version == 2
        upd = [q for q in db.log.sql if q.startswith("UPDATE")]
        assert len(upd) == 1 and f"AND {Order.__tablename__}.version = " in upd[0]
        o.status = "shipped"
        o_id = o.id
        s.commit()
    assert tuple(_row(db, Order.__table__, o_id)) == (o_id, "shipped", 3)


def test_a_version_given_to_a_new_object_is_replaced_by_the_generator(db: Any) -> None:
    with Session(db.engine) as s:
        o = db.m.Order(status="x", version=41)
        s.add(o)
        s.commit()
        assert o.version == 1


def test_expired_version_is_loaded_before_the_update(db: Any) -> None:
    Order = db.m.Order
    with Session(db.engine) as s:
        o = Order(status="new")
        s.add(o)
        s.commit()  # everything expires
        o_id = inspect(o).identity[0]
        db.log.clear()
        o.status = "paid"
        s.commit()
        selects = [q for q in db.log.sql if q.startswith("SELECT")]
        assert selects and "version" in selects[0]
        assert _row(db, Order.__table__, o_id).version == 2


def test_update_of_a_row_changed_elsewhere_is_stale_and_undone(db: Any) -> None:
    Order = db.m.Order
    with Session(db.engine) as s:
        s.add(Order(id=1, status="new"))
        s.commit()
    with _mine(db) as mine:
        o = mine.get(Order, 1)
        assert o.version == 1
        mine.commit()
        _other_session_sets(db, Order, 1, status="cancelled")
        o.status = "paid"
        with pytest.raises(exc.StaleDataError,
                           match=r"UPDATE statement on table '.*orders' expected to update 1 row\(s\); 0 were matched"):
            mine.flush()
        assert o.__dict__.get("version") != 2  # the failed UPDATE's new version was taken back
        assert tuple(_row(db, Order.__table__, 1)) == (1, "cancelled", 2)
        mine.rollback()
        assert o.status == "cancelled" and o.version == 2  # expired by the rollback, reloaded
        o.status = "paid"
        mine.commit()
    assert tuple(_row(db, Order.__table__, 1)) == (1, "paid", 3)


def test_delete_of_a_row_changed_elsewhere_is_stale(db: Any) -> None:
    Order = db.m.Order
    with Session(db.engine) as s:
        s.add(Order(id=1, status="new"))
        s.commit()
    with _mine(db) as mine:
        o = mine.get(Order, 1)
        mine.commit()
        _other_session_sets(db, Order, 1, status="changed")
        mine.delete(o)
        with pytest.raises(exc.StaleDataError,
                           match=r"DELETE statement on table '.*orders' expected to delete 1 row\(s\); 0 were matched"):
            mine.flush()
        mine.rollback()
    assert _row(db, Order.__table__, 1) is not None


def test_batched_update_with_one_stale_row_fails_as_a_whole(db: Any) -> None:
    Order = db.m.Order
    with Session(db.engine) as s:
        s.add_all([Order(id=i, status="new") for i in range(1, 6)])
        s.commit()
    with _mine(db) as mine:
        orders = mine.scalars(select(Order).order_by(Order.id)).all()
        mine.commit()
        _other_session_sets(db, Order, 3, status="elsewhere")
        for o in orders:
            o.status = "batched"
        db.log.clear()
        with pytest.raises(exc.StaleDataError, match=r"expected to update 5 row\(s\); 4 were matched"):
            mine.flush()
        # one executemany carried all five rows (a single statement with five parameter sets)
        upd = [(q, p, many) for q, p, many in db.log.entries if q.startswith("UPDATE")]
        assert len(upd) == 1 and upd[0][2] and len(upd[0][1]) == 5
        assert all(o.__dict__.get("version") in (1, None) for o in orders)
        mine.rollback()
    with db.engine.connect() as conn:
        got = conn.execute(select(Order.status, Order.version).order_by(Order.id)).all()
    assert [tuple(r) for r in got] == [("new", 1), ("new", 1), ("elsewhere", 2), ("new", 1), ("new", 1)]


def test_batched_delete_with_one_stale_row_fails_as_a_whole(db: Any) -> None:
    Order = db.m.Order
    with Session(db.engine) as s:
        s.add_all([Order(id=i, status="new") for i in range(1, 5)])
        s.commit()
    with _mine(db) as mine:
        orders = mine.scalars(select(Order)).all()
        mine.commit()
        _other_session_sets(db, Order, 2, status="elsewhere")
        for o in orders:
            mine.delete(o)
        with pytest.raises(exc.StaleDataError, match=r"expected to delete 4 row\(s\); 3 were matched"):
            mine.flush()
        mine.rollback()
    with db.engine.connect() as conn:
        assert conn.execute(select(Order.id)).all().__len__() == 4


def test_custom_generator_makes_each_version(db: Any) -> None:
    Doc = db.m.Doc
    with Session(db.engine) as s:
        d = Doc(id=1, body="a")
        s.add(d)
        s.flush()
        first = d.rev
        assert isinstance(first, str) and len(first) == 32
        d.body = "b"
        s.flush()
        assert d.rev != first
        s.commit()
    with _mine(db) as mine:
        d = mine.get(Doc, 1)
        mine.commit()
        _other_session_sets(db, Doc, 1, body="other")
        d.body = "mine"
        with pytest.raises(exc.StaleDataError):
            mine.commit()


def test_server_side_versions_are_read_back(db: Any) -> None:
    Counter = db.m.Counter
    with Session(db.engine) as s:
        c = Counter(name="a")
        s.add(c)
        s.flush()
        assert c.__dict__["v"] == 1  # not left expired: the flush read it back
        c.name = "b"
        s.flush()
        assert c.__dict__["v"] == 2
        c.name = "c"
        s.commit()
        c_id = c.id
    assert tuple(_row(db, Counter.__table__, c_id)) == (c_id, "c", 3)
    with _mine(db) as mine:
        c = mine.get(Counter, c_id)
        mine.commit()
        _other_session_sets(db, Counter, c_id, name="other")
        c.name = "mine"
        with pytest.raises(exc.StaleDataError):
            mine.flush()


def test_server_side_versions_of_a_batch(db: Any) -> None:
    Counter = db.m.Counter
    with Session(db.engine) as s:
        cs = [Counter(name=f"n{i}") for i in range(4)]
        s.add_all(cs)
        s.flush()
        assert [c.__dict__["v"] for c in cs] == [1, 1, 1, 1]
        for c in cs:
            c.name += "!"
        s.flush()
        assert [c.__dict__["v"] for c in cs] == [2, 2, 2, 2]
        s.commit()


def test_trigger_made_versions_are_read_back(db: Any) -> None:
    Ticket = db.m.Ticket
    with Session(db.engine) as s:
        tickets = [Ticket(title="a"), Ticket(title="b")]
        s.add_all(tickets)
        s.flush()
        assert [t.__dict__["v"] for t in tickets] == [1, 1]
        for t in tickets:
            t.title += "!"
        s.flush()
        assert [t.__dict__["v"] for t in tickets] == [2, 2]
        tickets[0].title = "again"
        s.commit()
        t_id = tickets[0].id
    assert tuple(_row(db, Ticket.__table__, t_id)) == (t_id, "again", 3)
    with _mine(db) as mine:
        t = mine.get(Ticket, t_id)
        mine.commit()
        _other_session_sets(db, Ticket, t_id, title="other")
        t.title = "mine"
        with pytest.raises(exc.StaleDataError):
            mine.flush()


def test_post_update_of_a_versioned_row_checks_and_moves_the_version(db: Any) -> None:
    Peer = db.m.Peer
    with Session(db.engine) as s:
        a, b = Peer(name="a"), Peer(name="b")
        a.partner, b.partner = b, a
        s.add_all([a, b])
        s.flush()  # two INSERTs, then the partner links by post-update
        assert (a.version, b.version) == (2, 2)
        a.partner = None
        s.commit()
        ids = (a.id, b.id)
    with db.engine.connect() as conn:
        got = conn.execute(select(Peer.id, Peer.partner_id, Peer.version).order_by(Peer.id)).all()
    assert [tuple(r) for r in got] == [(ids[0], None, 3), (ids[1], ids[0], 2)]


def test_joined_subclass_change_moves_the_base_table_version(db: Any) -> None:
    Car, Asset = db.m.Car, db.m.Asset
    with Session(db.engine) as s:
        car = Car(id=1, label="van", plate="AB-1")
        s.add(car)
        s.flush()
        assert car.version == 1
        car.plate = "AB-2"  # a column of the subclass table only
        db.log.clear()
        s.flush()
        assert car.version == 2
        upd = [q for q in db.log.sql if q.startswith("UPDATE")]
        assert len(upd) == 2 and any(Asset.__tablename__ + " SET version" in q for q in upd)
        s.commit()
    with _mine(db) as mine:
        car = mine.get(Car, 1)
        mine.commit()
        _other_session_sets(db, Asset, 1, label="truck")
        car.plate = "ZZ-9"
        with pytest.raises(exc.StaleDataError):
            mine.flush()
        mine.rollback()
        mine.delete(car)
        mine.commit()
    assert _row(db, Asset.__table__, 1) is None


def test_bulk_update_mappings_match_and_move_versions(db: Any) -> None:
    Order = db.m.Order
    with Session(db.engine) as s:
        s.add_all([Order(id=1, status="a"), Order(id=2, status="b")])
        s.commit()
        maps = [{"id": 1, "status": "x", "version": 1}, {"id": 2, "status": "y", "version": 1}]
        s.bulk_update_mappings(Order, maps)
        s.commit()
        with pytest.raises(exc.StaleDataError, match=r"expected to update 1 row\(s\); 0 were matched"):
            s.bulk_update_mappings(Order, [{"id": 1, "status": "z", "version": 1}])
        s.rollback()
        with pytest.raises(exc.InvalidRequestError, match="version column 'version'"):
            s.bulk_update_mappings(Order, [{"id": 1, "status": "z"}])
        s.rollback()
    with db.engine.connect() as conn:
        got = conn.execute(select(Order.status, Order.version).order_by(Order.id)).all()
    assert [tuple(r) for r in got] == [("x", 2), ("y", 2)]


def test_bulk_save_objects_writes_the_new_version_back(db: Any) -> None:
    Order = db.m.Order
    with Session(db.engine) as s:
        s.add(Order(id=1, status="a"))
        s.commit()
        o = s.get(Order, 1)
        o.status = "b"
        s.bulk_save_objects([o])
        assert o.version == 2
        o.status = "c"
        s.bulk_save_objects([o])
        s.commit()
    assert tuple(_row(db, Order.__table__, 1)) == (1, "c", 3)


def test_mapping_mistakes_name_the_class() -> None:
    Base: Any = declarative_base()
    with pytest.raises(exc.ArgumentError, match="version_id_col='nope' of class Bad1"):
        class Bad1(Base):
            __tablename__ = "bad1"
            id = Column(Integer, primary_key=True)
            __mapper_args__ = {"version_id_col": "nope"}
    with pytest.raises(exc.ArgumentError, match="of class Bad2 is not a column mapped"):
        class Bad2(Base):
            __tablename__ = "bad2"
            id = Column(Integer, primary_key=True)
            __mapper_args__ = {"version_id_col": Column("elsewhere", Integer)}
    with pytest.raises(exc.ArgumentError, match="version_id_generator of class Bad3 must be a callable"):
        class Bad3(Base):
            __tablename__ = "bad3"
            id = Column(Integer, primary_key=True)
            v = Column(Integer)
            __mapper_args__ = {"version_id_col": v, "version_id_generator": 5}
