"""orm.ext.mutable: in-place changes of MutableDict / MutableList / MutableSet values mark their
owner modified, so the flush writes the same UPDATEs (and the database the same rows) as
SQLAlchemy, on sqlite, postgresql and mysql with JSON columns."""
import importlib
import pickle

import pytest

pytest.importorskip("sqlalchemy")


def build(pkg, prefix):
    sa = importlib.import_module(pkg)
    so = importlib.import_module(pkg + ".orm")
    mut = importlib.import_module(pkg + ".ext.mutable")

    class Base(so.DeclarativeBase):
        pass

    class Doc(Base):
        __tablename__ = prefix + "docs"
        id = sa.Column(sa.Integer, primary_key=True)
        data = sa.Column(mut.MutableDict.as_mutable(sa.JSON))
        tags = sa.Column(mut.MutableList.as_mutable(sa.JSON))
        plain = sa.Column(sa.JSON)  # not mutable: in-place changes go unnoticed (as SQLAlchemy)

    return sa, so, mut, Base, Doc


def _run(pkg, engine, metadatas):
    sa, so, mut, Base, Doc = build(pkg, "mut_")
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    metadatas.append((Base.metadata, engine))
    updates = []
    ev = importlib.import_module(pkg + ".event")

    @ev.listens_for(engine, "before_cursor_execute")
    def log(conn, cursor, statement, params, context, executemany):
        if statement.startswith("UPDATE"):
            updates.append(statement.split(" SET ")[1].split(" WHERE")[0])

    with so.Session(engine) as s:
        s.add(Doc(id=1, data={"a": 1}, tags=["x"], plain={"p": 1}))
        s.commit()
    steps = [
        lambda d: d.data.__setitem__("b", 2),
        lambda d: d.tags.append("y"),
        lambda d: d.plain.__setitem__("q", 2),          # nothing written
        lambda d: d.data.update({"c": 3}),
        lambda d: d.data.pop("a"),
        lambda d: d.tags.extend(["z", "w"]),
        lambda d: d.tags.remove("x"),
        lambda d: setattr(d, "data", {"fresh": True}),   # assigned: coerced, then tracked
        lambda d: d.data.__setitem__("more", 1),
        lambda d: d.tags.sort(),
        lambda d: d.data.clear(),
    ]
    seen = []
    for step in steps:
        with so.Session(engine) as s:
            d = s.get(Doc, 1)
            step(d)
            dirty = d in s.dirty
            s.commit()
            seen.append((dirty, d.data, d.tags, d.plain, type(d.data).__name__, type(d.tags).__name__))
    sa_events = updates[:]
    ev.remove(engine, "before_cursor_execute", log)
    Base.metadata.drop_all(engine)
    return seen, sa_events


def test_same_flushes_and_rows_as_sqlalchemy(both):
    sa_result = _run("sqlalchemy", both.sa_engine, both.metadatas)
    orm_result = _run("orm", both.orm_engine, both.metadatas)
    assert orm_result == sa_result
    seen, updates = orm_result
    assert [s[0] for s in seen] == [True, True, False, True, True, True, True, True, True, True, True]
    assert len(updates) == 10
    assert seen[-1][1:3] == ({}, ["w", "y", "z"])


def test_set_tracking_coercion_and_pickle():
    import orm
    from orm.ext.mutable import MutableDict, MutableList, MutableSet

    class Base(orm.orm.DeclarativeBase):
        pass

    class Tagged(Base):
        __tablename__ = "mut_tagged"
        id = orm.Column(orm.Integer, primary_key=True)
        tags = orm.Column(MutableSet.as_mutable(orm.PickleType))

    engine = orm.create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with orm.Session(engine) as s:
        s.add(Tagged(id=1, tags={"a"}))
        s.commit()
        t = s.get(Tagged, 1)
        assert isinstance(t.tags, MutableSet)
        t.tags |= {"b"}
        assert t in s.dirty
        s.commit()
        t.tags.discard("a")
        s.commit()
    with orm.Session(engine) as s:
        assert s.get(Tagged, 1).tags == {"b"}
        # bad input: a value the type cannot become is refused, and the old value stays
        t = s.get(Tagged, 1)
        with pytest.raises(ValueError, match="does not accept objects of type"):
            t.tags = 5
        assert t.tags == {"b"}

    for value in (MutableDict({"a": [1]}), MutableList([1, 2]), MutableSet({3})):
        copy = pickle.loads(pickle.dumps(value))
        assert copy == value and type(copy) is type(value)
