"""Query construction run on the real databases (sqlite, postgresql, mysql): joins along
relationships, relationship comparators, aliased and self-referential queries, single-table and
joined-table inheritance (seed 003's Employee/Manager/Engineer), hybrids, column_property and
synonym.  Each test reads the rows one module fixture writes."""
from __future__ import annotations

import os
from types import SimpleNamespace
from typing import Any, Iterator

import pytest

from orm import Session, aliased, create_engine, delete, event, func, select, update, with_polymorphic
from tests.conftest import BACKENDS, backend_url

import query_models


def _fill(m: SimpleNamespace, engine: Any) -> None:
    with Session(engine) as s:
        red, blue = m.Keyword(word="red"), m.Keyword(word="blue")
        ed = m.User(name="ed", keywords=[blue, red],
                    addresses=[m.Address(email="ed@wood.com"), m.Address(email="ed@bettyboop.com")])
        wendy = m.User(name="wendy", keywords=[red], addresses=[m.Address(email="wendy@x.com")])
        jack = m.User(name="jack")
        s.add_all([ed, wendy, jack])
        root = m.Node(data="root")
        child1, child2 = m.Node(data="child1", parent=root), m.Node(data="child2", parent=root)
        m.Node(data="grandchild", parent=child1)
        s.add(root)
        acme = m.Company(name="acme")
        s.add_all([
            m.Manager(name="Alice", department="Sales", company=acme),
            m.Engineer(name="Bob", programming_language="Python", company=acme),
            m.Principal(name="Pat", programming_language="Rust", company=acme),
            m.Employee(name="Carl", company=acme),
        ])
        s.add_all([
            m.JManager(name="JAlice", department="Sales", company=acme),
            m.JEngineer(name="JBob", programming_language="Py", company=acme),
            m.JEmployee(name="Plain"),
        ])
        s.add_all([m.Person(first="Ada", last="Lovelace"), m.Person(first="Grace", last="Hopper")])
        s.add_all([m.Rectangle(width=3, height=4), m.Rectangle(width=10, height=20)])
        s.commit()


@pytest.fixture(scope="module", params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    url = backend_url(request.param, tmp_path_factory)
    # tables of their own per module and xdist worker: other tests share the servers
    prefix = f"qdb_{os.environ.get('PYTEST_XDIST_WORKER', 'gw')}_"
    m = query_models.build(prefix)
    engine = create_engine(url)
    m.Base.metadata.drop_all(engine)
    m.Base.metadata.create_all(engine)
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda conn, cur, sql, *a: statements.append(sql))
    try:
        _fill(m, engine)
        yield SimpleNamespace(m=m, engine=engine, statements=statements)
    finally:
        m.Base.metadata.drop_all(engine)
        engine.dispose()


def _names(objs: Any) -> list[str]:
    return [o.name for o in objs]


def test_joins_along_relationships(db: SimpleNamespace) -> None:
    m = db.m
    with Session(db.engine) as s:
        stmt = select(m.User.name).join(m.User.addresses).where(m.Address.email.like("%wood%"))
        assert s.scalars(stmt).all() == ["ed"]
        counts = (select(m.User.name, func.count(m.Address.id)).outerjoin(m.User.addresses)
                  .group_by(m.User.name).order_by(m.User.name))
        assert [tuple(r) for r in s.execute(counts)] == [("ed", 2), ("jack", 0), ("wendy", 1)]
        red = select(m.User).join(m.User.keywords).where(m.Keyword.word == "red").order_by(m.User.name)
        assert _names(s.scalars(red)) == ["ed", "wendy"]
        by_fk = select(m.Address.email).join_from(m.Address, m.User).where(m.User.name == "wendy")
        assert s.scalars(by_fk).all() == ["wendy@x.com"]
        # Keyword has no path back; outer join through the secondary keeps users without keywords
        kw = select(m.User.name, m.Keyword.word).outerjoin(m.User.keywords).order_by(m.User.name, m.Keyword.word)
        assert [tuple(r) for r in s.execute(kw)] == [("ed", "blue"), ("ed", "red"), ("jack", None), ("wendy", "red")]


def test_relationship_comparators(db: SimpleNamespace) -> None:
    m = db.m
    with Session(db.engine) as s:
        u = m.User
        ordered = select(u).order_by(u.name)
        assert _names(s.scalars(ordered.where(u.addresses.any(m.Address.email.like("%boop%"))))) == ["ed"]
        assert _names(s.scalars(ordered.where(~u.addresses.any()))) == ["jack"]
        assert _names(s.scalars(ordered.where(u.addresses != None))) == ["ed", "wendy"]  # noqa: E711
        assert _names(s.scalars(ordered.where(u.keywords.any(word="blue")))) == ["ed"]
        ed = s.scalars(select(u).where(u.name == "ed")).one()
        emails = select(m.Address.email).where(m.Address.user == ed).order_by(m.Address.email)
        assert s.scalars(emails).all() == ["ed@bettyboop.com", "ed@wood.com"]
        others = select(m.Address.email).where(m.Address.user != ed)
        assert s.scalars(others).all() == ["wendy@x.com"]
        has = select(m.Address.email).where(m.Address.user.has(name="wendy"))
        assert s.scalars(has).all() == ["wendy@x.com"]
        address = s.scalars(select(m.Address).where(m.Address.email == "wendy@x.com")).one()
        assert _names(s.scalars(select(u).where(u.addresses.contains(address)))) == ["wendy"]
        red = s.scalars(select(m.Keyword).where(m.Keyword.word == "red")).one()
        assert _names(s.scalars(ordered.where(u.keywords.contains(red)))) == ["ed", "wendy"]


def test_self_referential_and_aliased(db: SimpleNamespace) -> None:
    m = db.m
    with Session(db.engine) as s:
        parent = aliased(m.Node, name="parent")
        stmt = (select(m.Node.data).join(m.Node.parent.of_type(parent))
                .where(parent.data == "root").order_by(m.Node.data))
        assert s.scalars(stmt).all() == ["child1", "child2"]
        assert s.scalars(select(m.Node.data).where(m.Node.children.any(data="grandchild"))).all() == ["child1"]
        assert s.scalars(select(m.Node.data).where(m.Node.parent.has(data="child1"))).all() == ["grandchild"]
        root = s.scalars(select(m.Node).where(m.Node.data == "root")).one()
        kids = s.scalars(select(m.Node).where(m.Node.parent == root).order_by(m.Node.id)).all()
        assert [k.data for k in kids] == ["child1", "child2"] and kids[0].parent is root
        # two occurrences of one entity; aliased objects are the same identity-mapped objects
        u1, u2 = aliased(m.User), aliased(m.User)
        k1, k2 = aliased(m.Keyword), aliased(m.Keyword)
        pairs = (select(u1, u2).join(u1.keywords.of_type(k1)).join(u2.keywords.of_type(k2))
                 .where(k1.id == k2.id, u1.id < u2.id))
        rows = s.execute(pairs).all()
        assert [(a.name, b.name) for a, b in rows] == [("ed", "wendy")]
        ed = s.scalars(select(m.User).where(m.User.name == "ed")).one()
        sub = aliased(m.User, select(m.User).where(m.User.name != "jack").subquery())
        got = s.scalars(select(sub).order_by(sub.name)).all()
        assert _names(got) == ["ed", "wendy"] and got[0] is ed


def test_single_table_inheritance(db: SimpleNamespace) -> None:
    m = db.m
    with Session(db.engine) as s:
        staff = s.scalars(select(m.Employee).order_by(m.Employee.id)).all()
        assert [(type(e).__name__, e.name, e.type) for e in staff] == [
            ("Manager", "Alice", "manager"), ("Engineer", "Bob", "engineer"),
            ("Principal", "Pat", "principal"), ("Employee", "Carl", "employee")]
        assert _names(s.scalars(select(m.Engineer).order_by(m.Engineer.id))) == ["Bob", "Pat"]
        assert _names(s.query(m.Manager).all()) == ["Alice"]
        assert s.scalar(select(func.count()).select_from(m.Manager)) == 1
        assert s.scalars(select(m.Manager.department)).all() == ["Sales"]
        acme = select(m.Company.name).where(m.Company.employees.of_type(m.Engineer).any(name="Pat"))
        assert s.scalars(acme).all() == ["acme"]
        assert s.scalars(select(m.Company.name).join(m.Company.employees.of_type(m.Manager))).all() == ["acme"]
    with Session(db.engine) as s:
        wp = with_polymorphic(m.Employee, "*")
        before = len(db.statements)
        objs = s.scalars(select(wp).order_by(wp.id)).all()
        # every subclass column came with the one SELECT
        assert [getattr(o, "department", None) or getattr(o, "programming_language", None) for o in objs] == [
            "Sales", "Python", "Rust", None]
        assert len(db.statements) == before + 1


def test_bulk_dml_on_a_subclass_keeps_other_rows(db: SimpleNamespace) -> None:
    m = db.m
    with Session(db.engine) as s:
        s.execute(delete(m.Engineer))  # Bob and Pat (a Principal is an Engineer); not Alice or Carl
        s.execute(update(m.Manager).values(department="Board"))
        rows = s.execute(select(m.Employee.name, m.Employee.type).order_by(m.Employee.id)).all()
        assert [tuple(r) for r in rows] == [("Alice", "manager"), ("Carl", "employee")]
        assert s.scalars(select(m.Manager.department)).all() == ["Board"]
        s.rollback()
    with Session(db.engine) as s:
        assert s.scalar(select(func.count()).select_from(m.Employee)) == 4


def test_joined_table_inheritance(db: SimpleNamespace) -> None:
    m = db.m
    with db.engine.connect() as conn:
        # each object's row went to its class's tables
        assert conn.execute(select(func.count()).select_from(m.JEmployee.__table__)).scalar() == 3
        assert conn.execute(select(m.JManager.__table__.c.department)).scalars().all() == ["Sales"]
    with Session(db.engine) as s:
        staff = s.scalars(select(m.JEmployee).order_by(m.JEmployee.id)).all()
        assert [(type(e).__name__, e.type) for e in staff] == [
            ("JManager", "manager"), ("JEngineer", "engineer"), ("JEmployee", "employee")]
        managers = s.scalars(select(m.JManager).where(m.JManager.department == "Sales")).all()
        assert _names(managers) == ["JAlice"] and managers[0] is staff[0]
        q = select(m.Company.name).where(m.Company.jemployees.of_type(m.JEngineer).any(programming_language="Py"))
        assert s.scalars(q).all() == ["acme"]
        joined = select(m.JManager.name, m.Company.name).join(m.JManager.company)
        assert [tuple(r) for r in s.execute(joined)] == [("JAlice", "acme")]
    with Session(db.engine) as s:
        wp = with_polymorphic(m.JEmployee, [m.JManager, m.JEngineer])
        before = len(db.statements)
        objs = s.scalars(select(wp).where(wp.JManager.department.is_(None)).order_by(wp.id)).all()
        assert [(type(o).__name__, getattr(o, "programming_language", None)) for o in objs] == [
            ("JEngineer", "Py"), ("JEmployee", None)]
        assert len(db.statements) == before + 1


def test_hybrids_column_property_synonym(db: SimpleNamespace) -> None:
    m = db.m
    with Session(db.engine) as s:
        p = m.Person
        ada = s.scalars(select(p).where(p.full == "Ada Lovelace")).one()
        assert ada.first == "Ada" and ada.fullname == "Ada Lovelace"
        assert s.scalars(select(p.fullname).order_by(p.full.desc())).all() == ["Grace Hopper", "Ada Lovelace"]
        assert s.scalars(select(p.last).filter_by(nick="Grace")).all() == ["Hopper"]
        assert s.scalars(select(p.last).where(p.named("Grace"))).all() == ["Hopper"]
        assert s.scalars(select(p.length).order_by(p.id)).all() == [3, 5]
        assert s.scalars(select(m.Rectangle.area).where(m.Rectangle.area > 100)).all() == [200]
        pa = aliased(p, name="pa")
        assert s.scalars(select(pa.full).where(pa.nick == "Ada")).all() == ["Ada Lovelace"]
        # result keys as SQLAlchemy names them: the hybrid's name, the attribute keys, the alias
        result = s.execute(select(p.full, p.fullname, p.nick, pa).join(pa, pa.id == p.id).where(p.id == ada.id))
        assert list(result.keys()) == ["full", "fullname", "nick", "pa"]
        row = result.one()
        assert (row.full, row.fullname, row.nick, row.pa) == ("Ada Lovelace", "Ada Lovelace", "Ada", ada)
