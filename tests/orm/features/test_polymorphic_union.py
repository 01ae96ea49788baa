"""polymorphic_union(): the same UNION ALL subquery as SQLAlchemy's (columns, NULL casts,
discriminator, types), and the same rows on the three databases; a concrete-table hierarchy
mapped on it (more in test_concrete_inheritance.py)."""

import importlib
import os

import pytest


def build(pkg: str):
    sa = importlib.import_module(pkg)
    so = importlib.import_module(pkg + ".orm")
    sfx = os.environ.get("PYTEST_XDIST_WORKER", "m")
    md = sa.MetaData()
    emp = sa.Table("pu_emp_" + sfx, md, sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
                   sa.Column("name", sa.String(20)))
    eng = sa.Table("pu_eng_" + sfx, md, sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
                   sa.Column("name", sa.String(20)), sa.Column("lang", sa.String(20)))
    mgr = sa.Table("pu_mgr_" + sfx, md, sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
                   sa.Column("name", sa.String(20)), sa.Column("budget", sa.Integer))
    return sa, so, md, emp, eng, mgr


def _unions(so, emp, eng, mgr):
    return {
        "all": so.polymorphic_union({"employee": emp, "engineer": eng, "manager": mgr}, "type", "pjoin"),
        "no_casts": so.polymorphic_union({"engineer": eng, "manager": mgr}, "type", cast_nulls=False),
        "no_discriminator": so.polymorphic_union({"engineer": eng, "manager": mgr}, None, "pj3"),
        "quoted_value": so.polymorphic_union({"o'brien": emp, "manager": mgr}, "kind", "pq"),
    }


def test_sql_matches_sqlalchemy():
    pytest.importorskip("sqlalchemy")
    out = []
    for pkg in ("sqlalchemy", "orm"):
        sa, so, md, emp, eng, mgr = build(pkg)
        pg = importlib.import_module(pkg + ".dialects.postgresql").dialect()
        got = {}
        for name, pj in _unions(so, emp, eng, mgr).items():
            stmt = sa.select(pj).where(pj.c.id > 1)
            got[name] = (str(stmt), str(stmt.compile(dialect=pg)), list(pj.c.keys()),
                         [repr(c.type) for c in pj.c], pj.name)
        out.append(got)
    assert out[1] == out[0]


def _rows(pkg, both):
    sa, so, md, emp, eng, mgr = build(pkg)
    engine = both.orm_engine if pkg == "orm" else both.sa_engine
    md.drop_all(engine)
    md.create_all(engine)
    try:
        with engine.begin() as c:
            c.execute(emp.insert(), [{"id": 1, "name": "e"}])
            c.execute(eng.insert(), [{"id": 2, "name": "g", "lang": "py"}])
            c.execute(mgr.insert(), [{"id": 3, "name": "m", "budget": 5}])
            out = {}
            for name, pj in _unions(so, emp, eng, mgr).items():
                out[name] = [tuple(r) for r in c.execute(sa.select(pj).order_by(pj.c.id))]
            pj = _unions(so, emp, eng, mgr)["all"]
            out["where"] = c.execute(sa.select(pj.c.name).where(pj.c.type == "manager")).all()
            return out
    finally:
        md.drop_all(engine)


def test_rows_match_sqlalchemy(both):
    ours = _rows("orm", both)
    assert ours == _rows("sqlalchemy", both)
    assert ours["all"] == [(1, "e", None, None, "employee"), (2, "g", "py", None, "engineer"),
                           (3, "m", None, 5, "manager")]


def test_concrete_inheritance_on_polymorphic_union():
    import orm
    import orm.orm as so

    class Base(so.DeclarativeBase):
        pass

    emp = orm.Table("c_emp", Base.metadata, orm.Column("id", orm.Integer, primary_key=True),
                    orm.Column("name", orm.String(20)))
    mgr = orm.Table("c_mgr", Base.metadata, orm.Column("id", orm.Integer, primary_key=True),
                    orm.Column("name", orm.String(20)), orm.Column("budget", orm.Integer))
    pjoin = so.polymorphic_union({"employee": emp, "manager": mgr}, "type", "pjoin")

    class Employee(Base):
        __table__ = emp
        __mapper_args__ = {"polymorphic_on": pjoin.c.type, "with_polymorphic": ("*", pjoin),
                           "polymorphic_identity": "employee"}

    class Manager(Employee):
        __table__ = mgr
        __mapper_args__ = {"polymorphic_identity": "manager", "concrete": True}

    engine = orm.create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with so.Session(engine) as s:
        s.add_all([Employee(id=1, name="e"), Manager(id=2, name="m", budget=3)])
        s.commit()
        s.expunge_all()
        got = [(type(x).__name__, x.id) for x in s.scalars(orm.select(Employee).order_by(Employee.id))]
    assert got == [("Employee", 1), ("Manager", 2)]
