"""composite(): the same SQL, rows and flushes as SQLAlchemy on the three databases, for a
dataclass composite (annotated form) and a class with __composite_values__ (classic form)."""
import dataclasses
import importlib

import pytest


@dataclasses.dataclass
class Point:
    x: int
    y: int


class Size:
    """Not a dataclass: the classic protocol (constructor + __composite_values__ + __eq__)."""

    def __init__(self, w, h):
        self.w, self.h = w, h

    def __composite_values__(self):
        return self.w, self.h

    def __eq__(self, other):
        return isinstance(other, Size) and (self.w, self.h) == (other.w, other.h)

    def __repr__(self):
        return f"Size({self.w}, {self.h})"


def build(pkg, prefix):
    sa = importlib.import_module(pkg)
    so = importlib.import_module(pkg + ".orm")

    class Base(so.DeclarativeBase):
        pass

    class Vertex(Base):
        __tablename__ = prefix + "vertices"
        id: so.Mapped[int] = so.mapped_column(primary_key=True)
        start: so.Mapped[Point] = so.composite(so.mapped_column("x1"), so.mapped_column("y1"))
        end: so.Mapped[Point] = so.composite(so.mapped_column("x2"), so.mapped_column("y2"))
        w = sa.Column(sa.Integer)
        h = sa.Column(sa.Integer)
        size = so.composite(Size, w, h)

    return sa, so, Base, Vertex


STATEMENTS = {
    "eq": lambda sa, V: sa.select(V).where(V.start == Point(1, 2)),
    "ne": lambda sa, V: sa.select(V.id).where(V.start != Point(1, 2)),
    "lt": lambda sa, V: sa.select(V.id).where(V.end < Point(5, 5)),
    "none": lambda sa, V: sa.select(V.id).where(V.size == None),  # noqa: E711
    "classic": lambda sa, V: sa.select(V.id).where(V.size == Size(3, 4)),
    "select_order": lambda sa, V: sa.select(V.start, V.id).order_by(V.start),
    "filter_by": lambda sa, V: sa.select(V.id).filter_by(start=Point(1, 2)),
}


@pytest.mark.parametrize("case", sorted(STATEMENTS))
def test_sql_matches_sqlalchemy(case):
    pytest.importorskip("sqlalchemy")
    out = []
    for pkg in ("sqlalchemy", "orm"):
        sa, so, Base, Vertex = build(pkg, "cp_")
        stmt = STATEMENTS[case](sa, Vertex)
        compiled = stmt.compile()
        out.append((str(compiled), compiled.params))
    assert out[1] == out[0]


def test_mapping_shape_matches_sqlalchemy():
    pytest.importorskip("sqlalchemy")
    got = []
    for pkg in ("sqlalchemy", "orm"):
        sa, so, Base, Vertex = build(pkg, "cp_")
        m = sa.inspect(Vertex)
        prop = m.attrs.start
        got.append((list(Vertex.__table__.c.keys()), sorted(m.attrs.keys()),
                    [c.nullable for c in Vertex.__table__.c], [p.key for p in prop.props],
                    [c.name for c in prop.columns], prop.composite_class,
                    isinstance(prop, so.CompositeProperty), isinstance(prop, so.Composite)))
    assert got[1] == got[0]


def _run(pkg, engine, prefix, metadatas):
    sa, so, Base, Vertex = build(pkg, prefix)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    metadatas.append((Base.metadata, engine))
    updates = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("UPDATE"):
            updates.append(statement.split(" WHERE ")[0])  # the SET list is the composite's part

    sa.event.listen(engine, "before_cursor_execute", record)
    got = {}
    with so.Session(engine) as s:
        s.add_all([Vertex(id=1, start=Point(1, 2), end=Point(3, 4), size=Size(3, 4)),
                   Vertex(id=2, start=Point(5, 6), end=Point(7, 8))])
        s.commit()
        v = s.get(Vertex, 1)
        got["read"] = (v.start, v.end, v.size, v.start is v.start)
        v.end = Point(9, 9)                       # UPDATE of x2, y2 only
        s.flush()
        v.x1 = 10                                 # a column write shows in the composite
        got["after_column_write"] = v.start
        s.commit()
        got["after_commit"] = (v.start, v.end)
        w = s.get(Vertex, 2)
        got["unset_classic"] = w.size
        w.size = Size(1, 1)
        s.commit()
        got["rows"] = s.execute(sa.select(Vertex.id, Vertex.start, Vertex.size).order_by(Vertex.id)).all()
        got["where"] = s.scalars(sa.select(Vertex.id).where(Vertex.end == Point(9, 9))).all()
        got["new_unset"] = Vertex().start
        got["history"] = (sa.inspect(v).attrs.start.history.has_changes(),)
        v.start = Point(0, 0)
        hist = sa.inspect(v).attrs.x1.history
        got["column_history"] = (list(hist.added), list(hist.deleted))
        s.rollback()
        got["after_rollback"] = v.start
    sa.event.remove(engine, "before_cursor_execute", record)
    got["updates"] = updates
    return got


def test_same_as_sqlalchemy(both):
    sa_got = _run("sqlalchemy", both.sa_engine, "cpsa_", both.metadatas)
    orm_got = _run("orm", both.orm_engine, "cporm_", both.metadatas)
    sa_got["updates"] = [u.replace("cpsa_", "cporm_") for u in sa_got["updates"]]
    assert orm_got == sa_got
    assert orm_got["read"] == (Point(1, 2), Point(3, 4), Size(3, 4), True)
    assert orm_got["rows"] == [(1, Point(10, 2), Size(3, 4)), (2, Point(5, 6), Size(1, 1))]
    assert len(orm_got["updates"]) == 3 and "x2" in orm_got["updates"][0] and "x1" not in orm_got["updates"][0]


def test_bad_input():
    import orm
    from orm.orm import DeclarativeBase, Mapped, composite, mapped_column

    class Base(DeclarativeBase):
        pass

    with pytest.raises(orm.exc.ArgumentError, match="names no composite class"):
        class A(Base):
            __tablename__ = "cp_bad_a"
            id: Mapped[int] = mapped_column(primary_key=True)
            pos = composite(mapped_column("x", orm.Integer), mapped_column("y", orm.Integer))

    class NotComposite:
        def __init__(self, a, b):
            self.a, self.b = a, b

    class B(Base):
        __tablename__ = "cp_bad_b"
        id: Mapped[int] = mapped_column(primary_key=True)
        pos = composite(NotComposite, mapped_column("a", orm.Integer), mapped_column("b", orm.Integer))

    with pytest.raises(orm.exc.ArgumentError, match="__composite_values__"):
        B(pos=NotComposite(1, 2))

    class Wrong(Size):
        def __composite_values__(self):
            return self.w, self.h, 0

    class C(Base):
        __tablename__ = "cp_bad_c"
        id: Mapped[int] = mapped_column(primary_key=True)
        pos = composite(Wrong, mapped_column("w", orm.Integer), mapped_column("h", orm.Integer))

    with pytest.raises(orm.exc.ArgumentError, match="gave 3 values for 2 columns"):
        C(pos=Wrong(1, 2))
    with pytest.raises(orm.exc.ArgumentError, match="names no composite class"):
        class D(Base):
            __tablename__ = "cp_bad_d"
            id: Mapped[int] = mapped_column(primary_key=True)
            pos = composite("x", "y")
