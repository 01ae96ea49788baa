"""orm.ext.orderinglist: the positions a list of ordering_list() members flushes after append,
insert, remove, pop, del, index and slice assignment, bulk assignment, backrefs, reorder() and
loading are SQLAlchemy's, on sqlite, postgresql and mysql."""
import importlib

import pytest

pytest.importorskip("sqlalchemy")
# the backref step appends an object outside the session: SQLAlchemy warns that it is not cascaded
pytestmark = pytest.mark.filterwarnings("ignore:Object of type:Warning")


def build(pkg, prefix, **ol_kw):
    sa = importlib.import_module(pkg)
    so = importlib.import_module(pkg + ".orm")
    ol = importlib.import_module(pkg + ".ext.orderinglist")

    class Base(so.DeclarativeBase):
        pass

    class Slide(Base):
        __tablename__ = prefix + "slide"
        id = sa.Column(sa.Integer, primary_key=True)
        bullets = so.relationship("Bullet", back_populates="slide", order_by=lambda: Bullet.position,
                                  collection_class=ol.ordering_list("position", **ol_kw))

    class Bullet(Base):
        __tablename__ = prefix + "bullet"
        id = sa.Column(sa.Integer, primary_key=True, autoincrement=False)
        slide_id = sa.Column(sa.ForeignKey(Slide.id))
        position = sa.Column(sa.Integer)
        slide = so.relationship(Slide, back_populates="bullets")

    return sa, so, Base, Slide, Bullet


def _run(pkg, engine, metadatas, ol_kw):
    sa, so, Base, Slide, Bullet = build(pkg, "ol_", **ol_kw)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    metadatas.append((Base.metadata, engine))
    B = Bullet
    steps = [
        lambda s, sl: sl.bullets.append(B(id=4)),
        lambda s, sl: sl.bullets.insert(1, B(id=5)),
        lambda s, sl: sl.bullets.remove(sl.bullets[0]),
        lambda s, sl: sl.bullets.pop(),
        lambda s, sl: sl.bullets.__delitem__(0),
        lambda s, sl: sl.bullets.extend([B(id=6), B(id=7, position=40)]),
        lambda s, sl: sl.bullets.__setitem__(1, B(id=8)),
        lambda s, sl: sl.bullets.__setitem__(slice(0, 2), [sl.bullets[1], sl.bullets[0]]),
        lambda s, sl: setattr(s.get(B, 7), "slide", sl),                     # backref, already in
        lambda s, sl: setattr(B(id=11, position=77), "slide", sl),           # backref append
        lambda s, sl: setattr(s.get(B, 6), "slide", None),                   # backref remove
        lambda s, sl: sl.bullets.sort(key=lambda b: -b.id),                  # no renumbering
        lambda s, sl: sl.bullets.reorder(),
        lambda s, sl: setattr(sl, "bullets", [s.get(B, 8), B(id=12), B(id=13, position=3)]),
        lambda s, sl: sl.bullets.__iadd__([B(id=14)]),
    ]
    with so.Session(engine) as s:
        s.add(Slide(id=1, bullets=[B(id=1), B(id=2, position=9), B(id=3)]))
        s.commit()
    seen = []
    for step in [None] + steps:
        with so.Session(engine) as s:
            sl = s.get(Slide, 1)
            if step is not None:
                step(s, sl)
            s.commit()
            rows = s.execute(sa.select(B.id, B.slide_id, B.position).order_by(B.id)).all()
            seen.append([tuple(r) for r in rows])
    Base.metadata.drop_all(engine)
    return seen


@pytest.mark.parametrize("ol_kw", [{}, {"count_from": 1}, {"reorder_on_append": True},
                                   {"ordering_func": lambda i, coll: (i + 1) * 10}],
                         ids=["default", "count_from_1", "reorder_on_append", "ordering_func"])
def test_same_positions_as_sqlalchemy(both, ol_kw):
    sa_result = _run("sqlalchemy", both.sa_engine, both.metadatas, ol_kw)
    orm_result = _run("orm", both.orm_engine, both.metadatas, ol_kw)
    assert orm_result == sa_result
    if not ol_kw:  # the numbering really happened (not two equal no-ops)
        assert orm_result[0] == [(1, 1, 0), (2, 1, 9), (3, 1, 2)]
        assert orm_result[2][-1] == (5, 1, 1)


def test_bad_arguments_are_clear():
    from orm.exc import ArgumentError
    from orm.ext.orderinglist import ordering_list

    with pytest.raises(ArgumentError, match="position attribute"):
        ordering_list("")
    with pytest.raises(ArgumentError, match="count_from"):
        ordering_list("position", count_from="1")
    with pytest.raises(ArgumentError, match="ordering_func"):
        ordering_list("position", ordering_func=3)


def test_count_from_n_factory_and_helpers():
    from orm.ext.orderinglist import count_from_0, count_from_1, count_from_n_factory

    f = count_from_n_factory(5)
    assert (count_from_0(2, []), count_from_1(2, []), f(2, []), f.__name__) == (2, 3, 7, "count_from_5")
