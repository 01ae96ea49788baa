"""reconstructor, declarative_mixin, synonym_for, has_inherited_table, add_mapped_attribute,
dynamic_loader, create_session: the same behaviour as SQLAlchemy on the three databases."""
import importlib

import pytest


def build(pkg, prefix):
    sa = importlib.import_module(pkg)
    so = importlib.import_module(pkg + ".orm")
    calls = []

    class Base(so.DeclarativeBase):
        pass

    @so.declarative_mixin
    class Named:
        name: so.Mapped[str] = so.mapped_column(sa.String(30))

    class Person(Named, Base):
        __tablename__ = prefix + "person"
        id: so.Mapped[int] = so.mapped_column(primary_key=True)
        kind: so.Mapped[str] = so.mapped_column(sa.String(10))
        __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_identity": "person"}

        @so.reconstructor
        def init_on_load(self):
            calls.append((type(self).__name__, self.name))
            self.loaded = True

        @so.synonym_for("name")
        @property
        def label(self):
            return "<" + self.name + ">"

    class Engineer(Person):
        __mapper_args__ = {"polymorphic_identity": "engineer"}

    return sa, so, Base, Person, Engineer, calls


def _run(pkg, engine, prefix, metadatas):
    sa, so, Base, Person, Engineer, calls = build(pkg, prefix)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    metadatas.append((Base.metadata, engine))
    got = {"inherited": (so.has_inherited_table(Person), so.has_inherited_table(Engineer))}
    with so.Session(engine) as s:
        s.add_all([Person(id=1, name="ann"), Engineer(id=2, name="bob")])
        s.commit()
        got["after_init"] = list(calls)
    s = so.create_session(engine)
    got["session_flags"] = (s.autoflush, s.expire_on_commit)
    people = s.scalars(sa.select(Person).order_by(Person.id)).all()
    got["loaded"] = [getattr(p, "loaded", False) for p in people]
    got["calls"] = sorted(calls)
    got["label"] = [p.label for p in people]
    got["by_synonym"] = s.scalars(sa.select(Person.id).where(Person.label == "bob")).all()
    s.close()
    return got


def test_same_as_sqlalchemy(both):
    sa_got = _run("sqlalchemy", both.sa_engine, "dhsa_", both.metadatas)
    orm_got = _run("orm", both.orm_engine, "dhorm_", both.metadatas)
    assert orm_got == sa_got
    assert orm_got["calls"] == [("Engineer", "bob"), ("Person", "ann")]   # once per loaded object
    assert orm_got["after_init"] == []                                   # not for constructed ones


def test_add_mapped_attribute_and_dynamic_loader():
    import orm
    from orm.orm import DeclarativeBase, Mapped, add_mapped_attribute, dynamic_loader, mapped_column

    class Base(DeclarativeBase):
        pass

    class A(Base):
        __tablename__ = "dh_a"
        id: Mapped[int] = mapped_column(primary_key=True)

    class B(Base):
        __tablename__ = "dh_b"
        id: Mapped[int] = mapped_column(primary_key=True)
        a_id = orm.Column(orm.ForeignKey("dh_a.id"))

    add_mapped_attribute(A, "note", mapped_column(orm.String(20)))
    add_mapped_attribute(A, "bs", dynamic_loader(B))
    assert "note" in A.__table__.c
    assert A.bs.property.lazy == "dynamic"
    engine = orm.create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with orm.Session(engine) as s:
        s.add(A(id=1, note="n"))
        s.add_all([B(id=1, a_id=1), B(id=2, a_id=1)])
        s.commit()
        a = s.get(A, 1)
        assert a.note == "n" and a.bs.count() == 2
