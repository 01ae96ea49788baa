"""Concrete-table inheritance (``concrete=True``): each class its own table with all its columns,
loaded polymorphically through a ``polymorphic_union()`` given as ``with_polymorphic=("*", pjoin)``,
or built by the ``ConcreteBase`` / ``AbstractConcreteBase`` declarative helpers.  The same SQL as
SQLAlchemy (str() and what runs) and the same objects and rows on the three databases."""

import functools
import importlib
import os

import pytest


@functools.lru_cache(maxsize=None)
def build(pkg: str):
    """Three hierarchies: explicit union (E*), ConcreteBase (C*), AbstractConcreteBase (A*).
    Built once per process: SQLAlchemy keeps ConcreteBase's configure listeners after
    registry.dispose(), so a disposed hierarchy would break its next configure."""
    sa = importlib.import_module(pkg)
    so = importlib.import_module(pkg + ".orm")
    decl = importlib.import_module(pkg + ".ext.declarative")
    sfx = os.environ.get("PYTEST_XDIST_WORKER", "m")

    class Base(so.DeclarativeBase):
        pass

    emp = sa.Table("ci_emp_" + sfx, Base.metadata, sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
                   sa.Column("name", sa.String(20)))
    mgr = sa.Table("ci_mgr_" + sfx, Base.metadata, sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
                   sa.Column("name", sa.String(20)), sa.Column("budget", sa.Integer))
    pjoin = so.polymorphic_union({"employee": emp, "manager": mgr}, "type", "pjoin")

    class Employee(Base):
        __table__ = emp
        __mapper_args__ = {"polymorphic_on": pjoin.c.type, "with_polymorphic": ("*", pjoin),
                           "polymorphic_identity": "employee"}

    class Manager(Employee):
        __table__ = mgr
        __mapper_args__ = {"polymorphic_identity": "manager", "concrete": True}

    class CEmployee(decl.ConcreteBase, Base):
        __tablename__ = "ci_cemp_" + sfx
        id = so.mapped_column(sa.Integer, primary_key=True, autoincrement=False)
        name = so.mapped_column(sa.String(20))
        __mapper_args__ = {"polymorphic_identity": "employee", "concrete": True}

    class CManager(CEmployee):
        __tablename__ = "ci_cmgr_" + sfx
        id = so.mapped_column(sa.Integer, primary_key=True, autoincrement=False)
        name = so.mapped_column(sa.String(20))
        manager_data = so.mapped_column(sa.String(20))
        __mapper_args__ = {"polymorphic_identity": "manager", "concrete": True}

    class CEngineer(CEmployee):
        __tablename__ = "ci_ceng_" + sfx
        id = so.mapped_column(sa.Integer, primary_key=True, autoincrement=False)
        name = so.mapped_column(sa.String(20))
        engineer_info = so.mapped_column(sa.String(20))
        __mapper_args__ = {"polymorphic_identity": "engineer", "concrete": True}

    class AWorker(decl.AbstractConcreteBase, Base):
        strict_attrs = True
        id = so.mapped_column(sa.Integer, primary_key=True, autoincrement=False)
        name = so.mapped_column(sa.String(20))

    class ABoss(AWorker):
        __tablename__ = "ci_aboss_" + sfx
        boss_data = so.mapped_column(sa.String(20))
        __mapper_args__ = {"polymorphic_identity": "boss", "concrete": True}

    class ADev(AWorker):
        __tablename__ = "ci_adev_" + sfx
        dev_info = so.mapped_column(sa.String(20))
        __mapper_args__ = {"polymorphic_identity": "dev", "concrete": True}

    class NWorker(decl.AbstractConcreteBase, Base):
        """strict_attrs left False: the base maps every column of the union"""
        id = so.mapped_column(sa.Integer, primary_key=True, autoincrement=False)

    class NBoss(NWorker):
        __tablename__ = "ci_nboss_" + sfx
        boss_data = so.mapped_column(sa.String(20))
        __mapper_args__ = {"polymorphic_identity": "boss", "concrete": True}

    class NDev(NWorker):
        __tablename__ = "ci_ndev_" + sfx
        dev_info = so.mapped_column(sa.String(20))
        __mapper_args__ = {"polymorphic_identity": "dev", "concrete": True}

    so.configure_mappers()
    classes = dict(Employee=Employee, Manager=Manager, CEmployee=CEmployee, CManager=CManager,
                   CEngineer=CEngineer, AWorker=AWorker, ABoss=ABoss, ADev=ADev, NWorker=NWorker,
                   NBoss=NBoss, NDev=NDev)
    return sa, so, Base, classes


def _statements(sa, k):
    E, M, CE, CM, AW, AB = k["Employee"], k["Manager"], k["CEmployee"], k["CManager"], k["AWorker"], k["ABoss"]
    return {
        "base": sa.select(E).where(E.name == "x").order_by(E.id),
        "sub": sa.select(M).where(M.budget > 1),
        "base_attr": sa.select(E.name).where(M.type == "manager"),
        "count": sa.select(sa.func.count(E.id)).group_by(E.name),
        "cbase": sa.select(CE).where(CE.name.like("a%")),
        "csub": sa.select(CM),
        "abase": sa.select(AW).where(AW.name == "x").order_by(AW.id),
        "asub": sa.select(AB),
        "nbase": sa.select(k["NWorker"]).where(k["NWorker"].dev_info == "d"),
    }


def test_sql_matches_sqlalchemy():
    pytest.importorskip("sqlalchemy")
    out = []
    for pkg in ("sqlalchemy", "orm"):
        sa, so, Base, k = build(pkg)
        pg = importlib.import_module(pkg + ".dialects.postgresql").dialect()
        out.append({n: (str(s), str(s.compile(dialect=pg))) for n, s in _statements(sa, k).items()})
    assert out[1] == out[0]
    assert "FROM ci_emp_" not in out[1]["base"][0].split(") AS pjoin")[-1]  # criteria read the union


def test_mapping_matches_sqlalchemy():
    pytest.importorskip("sqlalchemy")
    out = []
    for pkg in ("sqlalchemy", "orm"):
        sa, so, Base, k = build(pkg)
        got = {}
        for name, cls in k.items():
            m = sa.inspect(cls)
            got[name] = (m.concrete, m.inherits.class_.__name__ if m.inherits else None,
                         m.base_mapper.class_.__name__, [c.name for c in m.primary_key],
                         str(m.polymorphic_on) if m.polymorphic_on is not None else None,
                         m.polymorphic_identity, m.identity_key_from_primary_key([5])[0].__name__)
        got["aworker_attrs"] = list(sa.inspect(k["AWorker"]).attrs.keys())
        got["nworker_attrs"] = list(sa.inspect(k["NWorker"]).attrs.keys())
        for cls, kw in ((k["Manager"], {}), (k["CManager"], {}), (k["AWorker"], {})):
            try:
                obj = cls(id=9, **kw)
                got[cls.__name__ + ".type"] = obj.type
            except Exception as err:
                got[cls.__name__ + ".type"] = (type(err).__name__, str(err))
        got["class_attr"] = str(k["Manager"].type == "x")
        out.append(got)
    assert out[1] == out[0]
    assert out[1]["AWorker.type"][0] == "InvalidRequestError"
    assert out[1]["Manager.type"][0] == "AttributeError"


def _run(pkg, both):
    sa, so, Base, k = build(pkg)
    engine = both.orm_engine if pkg == "orm" else both.sa_engine
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    sql = []
    ev = importlib.import_module(pkg + ".event")

    def record(conn, cursor, statement, parameters, context, executemany):
        sql.append(statement)

    ev.listen(engine, "before_cursor_execute", record)
    E, M = k["Employee"], k["Manager"]
    CE, CM, CG = k["CEmployee"], k["CManager"], k["CEngineer"]
    AW, AB, AD = k["AWorker"], k["ABoss"], k["ADev"]

    def show(objs):
        return [(type(o).__name__, o.id, o.name) for o in objs]

    try:
        got = {}
        with so.Session(engine) as s:
            s.add_all([E(id=1, name="e"), M(id=2, name="m", budget=3),
                       CE(id=1, name="ce"), CM(id=2, name="cm", manager_data="md"),
                       CG(id=3, name="cg", engineer_info="py"),
                       AB(id=1, name="ab", boss_data="bd"), AD(id=2, name="ad", dev_info="di")])
            s.commit()
            s.expunge_all()
            got["base"] = show(s.scalars(sa.select(E).order_by(E.id)))
            got["budget"] = [getattr(o, "budget", None) for o in s.scalars(sa.select(E).order_by(E.id))]
            got["where"] = show(s.scalars(sa.select(E).where(E.name == "m")))
            got["get"] = [type(s.get(M, 2)).__name__, s.get(E, 2) is s.get(M, 2), type(s.get(E, 1)).__name__]
            got["cbase"] = show(s.scalars(sa.select(CE).order_by(CE.id)))
            got["csub"] = [(o.id, o.manager_data) for o in s.scalars(sa.select(CM))]
            got["abase"] = show(s.scalars(sa.select(AW).order_by(AW.id)))
            got["adata"] = [(o.boss_data if isinstance(o, AB) else o.dev_info) for o in
                            s.scalars(sa.select(AW).order_by(AW.id))]
            mgr = s.scalars(sa.select(E).where(E.name == "m")).one()
            mgr.budget = 7
            dev = s.scalars(sa.select(AW).where(AW.name == "ad")).one()
            s.delete(dev)
            s.commit()
            got["after"] = (s.scalars(sa.select(M.budget)).all(), show(s.scalars(sa.select(AW))))
        with engine.connect() as c:
            got["tables"] = {t.name.split("_")[1]: sorted(tuple(r) for r in c.execute(sa.select(t)))
                             for t in Base.metadata.sorted_tables}
        # the INSERTs into unrelated tables come in an order SQLAlchemy does not define
        got["inserts"] = sorted(x for x in sql if x.startswith("INSERT"))
        got["sql"] = [x for x in sql if not x.startswith("INSERT")]
        return got
    finally:
        ev.remove(engine, "before_cursor_execute", record)
        Base.metadata.drop_all(engine)


def test_behaviour_matches_sqlalchemy(both):
    ours = _run("orm", both)
    theirs = _run("sqlalchemy", both)
    assert ours == theirs
    assert ours["base"] == [("Employee", 1, "e"), ("Manager", 2, "m")]
    assert ours["cbase"] == [("CEmployee", 1, "ce"), ("CManager", 2, "cm"), ("CEngineer", 3, "cg")]
    assert ours["abase"] == [("ABoss", 1, "ab"), ("ADev", 2, "ad")]
    assert ours["after"] == ([7], [("ABoss", 1, "ab")])


@functools.lru_cache(maxsize=None)
def build_rel(pkg: str):
    """Relationships to and from a concrete hierarchy (SQLAlchemy's docs: each concrete class
    declares its own foreign key and relationship)."""
    sa = importlib.import_module(pkg)
    so = importlib.import_module(pkg + ".orm")
    decl = importlib.import_module(pkg + ".ext.declarative")
    sfx = os.environ.get("PYTEST_XDIST_WORKER", "m")

    class Base(so.DeclarativeBase):
        pass

    class Company(Base):
        __tablename__ = "cr_company_" + sfx
        id = so.mapped_column(sa.Integer, primary_key=True, autoincrement=False)
        name = so.mapped_column(sa.String(20))
        employees = so.relationship("Employee", back_populates="company")

    class Employee(decl.ConcreteBase, Base):
        __tablename__ = "cr_emp_" + sfx
        id = so.mapped_column(sa.Integer, primary_key=True, autoincrement=False)
        name = so.mapped_column(sa.String(20))
        company_id = so.mapped_column(sa.ForeignKey(Company.id))
        company = so.relationship(Company, back_populates="employees")
        __mapper_args__ = {"polymorphic_identity": "employee", "concrete": True}

    class Manager(Employee):
        __tablename__ = "cr_mgr_" + sfx
        id = so.mapped_column(sa.Integer, primary_key=True, autoincrement=False)
        name = so.mapped_column(sa.String(20))
        manager_data = so.mapped_column(sa.String(20))
        company_id = so.mapped_column(sa.ForeignKey(Company.id))
        company = so.relationship(Company, back_populates="employees")
        __mapper_args__ = {"polymorphic_identity": "manager", "concrete": True}

    so.configure_mappers()
    return sa, so, Base, Company, Employee, Manager


def _rel_statements(sa, Company, Employee):
    return {
        "join": sa.select(Company.name).join(Company.employees).where(Employee.name == "m"),
        "any": sa.select(Company.name).where(Company.employees.any(Employee.name == "m")),
        "has": sa.select(Employee.name).where(Employee.company.has(Company.name == "c2")),
        "is_none": sa.select(Employee.name).where(Employee.company == None),  # noqa: E711
    }


def _run_rel(pkg, both):
    sa, so, Base, Company, Employee, Manager = build_rel(pkg)
    engine = both.orm_engine if pkg == "orm" else both.sa_engine
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    sql = []
    ev = importlib.import_module(pkg + ".event")

    def record(conn, cursor, statement, parameters, context, executemany):
        sql.append(statement)

    try:
        with so.Session(engine) as s:
            c1, c2 = Company(id=1, name="c1"), Company(id=2, name="c2")
            s.add_all([c1, c2, Employee(id=1, name="e", company=c1), Employee(id=3, name="e3", company=c2),
                       Manager(id=2, name="m", manager_data="x", company=c2), Employee(id=4, name="free")])
            s.commit()
            s.expunge_all()
            ev.listen(engine, "before_cursor_execute", record)
            got = {"str": {k: str(v) for k, v in _rel_statements(sa, Company, Employee).items()}}
            got["rows"] = {k: sorted(s.scalars(v).all()) for k, v in _rel_statements(sa, Company, Employee).items()}
            c2 = s.get(Company, 2)
            got["lazy"] = sorted((type(e).__name__, e.id, e.company is c2) for e in c2.employees)
            s.expunge_all()
            cs = s.scalars(sa.select(Company).order_by(Company.id).options(so.joinedload(Company.employees))).unique()
            got["joined"] = [sorted((type(e).__name__, e.id) for e in c.__dict__["employees"]) for c in cs]
            got["query"] = [(type(e).__name__, e.id) for e in s.query(Employee).filter(Employee.name == "m")]
            got["count"] = s.scalar(sa.select(sa.func.count()).select_from(Employee))
            got["sql"] = list(sql)
            return got
    finally:
        ev.remove(engine, "before_cursor_execute", record)
        Base.metadata.drop_all(engine)


def test_relationships_match_sqlalchemy(both):
    ours = _run_rel("orm", both)
    assert ours == _run_rel("sqlalchemy", both)
    assert ours["rows"] == {"join": ["c2"], "any": ["c2"], "has": ["e3", "m"], "is_none": ["free"]}
    assert ours["lazy"] == [("Employee", 3, True), ("Manager", 2, True)]
    assert ours["joined"] == [[("Employee", 1)], [("Employee", 3), ("Manager", 2)]]
    assert ours["query"] == [("Manager", 2)] and ours["count"] == 4


def test_aliased_concrete_base(both):
    """aliased(Employee) of a ConcreteBase class reads an alias of the union.  SQLAlchemy 2.0.58
    selects the alias's columns from the base table and the discriminator from the union (a
    cartesian product: no rows here); orm selects everything from the aliased union."""
    sa, so, Base, Company, Employee, Manager = build_rel("orm")
    engine = both.orm_engine
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    try:
        with so.Session(engine) as s:
            s.add_all([Employee(id=1, name="e"), Manager(id=2, name="m", manager_data="x")])
            s.commit()
            s.expunge_all()
            ea = so.aliased(Employee, name="ea")
            stmt = sa.select(ea).where(ea.name == "m")
            assert str(stmt).startswith("SELECT ea.id, ea.name, ea.company_id, ea.type, ea.manager_data \nFROM (")
            assert [(type(e).__name__, e.id, e.manager_data) for e in s.scalars(stmt)] == [("Manager", 2, "x")]
    finally:
        Base.metadata.drop_all(engine)


def test_selectinload_of_concrete_collection(both):
    """selectinload() of a collection of a ConcreteBase class reads the keys from the union.
    SQLAlchemy 2.0.58 selects them from the base table cross-joined to the union (a cartesian
    product, with a warning) and gives every company every employee; orm loads the right ones."""
    sa, so, Base, Company, Employee, Manager = build_rel("orm")
    engine = both.orm_engine
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    try:
        with so.Session(engine) as s:
            c1, c2 = Company(id=1, name="c1"), Company(id=2, name="c2")
            s.add_all([c1, c2, Employee(id=1, name="e", company=c1), Employee(id=3, name="e3", company=c2),
                       Manager(id=2, name="m", manager_data="x", company=c2)])
            s.commit()
            s.expunge_all()
            cs = s.scalars(sa.select(Company).order_by(Company.id).options(so.selectinload(Company.employees)))
            got = [sorted((type(e).__name__, e.id) for e in c.__dict__["employees"]) for c in cs]
        assert got == [[("Employee", 1)], [("Employee", 3), ("Manager", 2)]]
    finally:
        Base.metadata.drop_all(engine)


def test_expire_refresh_count_and_dml(both):
    """Expired attributes and refresh() of objects loaded through the union read their own table
    (the discriminator is no attribute to load: SQLAlchemy reads them through the union, with
    the same values); Query.count() counts the union's rows; an INSERT/UPDATE/DELETE of a class
    that stands for a union is refused, as SQLAlchemy refuses it (its table is the target)."""
    sa, so, Base, Company, Employee, Manager = build_rel("orm")
    engine = both.orm_engine
    ev = importlib.import_module("orm.event")
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    sql = []

    def record(conn, cursor, statement, parameters, context, executemany):
        sql.append(statement)

    try:
        with so.Session(engine) as s:
            s.add_all([Employee(id=1, name="e"), Employee(id=3, name="e3"),
                       Manager(id=2, name="m", manager_data="x"), Manager(id=4, name="m4", manager_data="y")])
            s.commit()
            es = s.scalars(sa.select(Employee).order_by(Employee.id)).all()
            ev.listen(engine, "before_cursor_execute", record)
            s.expire(es[1])
            s.expire(es[2])
            assert (es[1].manager_data, es[2].name) == ("x", "e3")
            s.refresh(es[3])
            assert es[3].name == "m4"
            assert all("pjoin" not in q for q in sql), sql  # one table, no cross join with the union
            assert s.query(Employee).count() == 4 and s.query(Manager).count() == 2
            assert s.query(Employee).filter(Employee.name.like("m%")).count() == 2
            for make in (lambda: sa.update(Manager), lambda: sa.delete(Employee), lambda: sa.insert(Manager)):
                with pytest.raises(sa.exc.ArgumentError, match="polymorphic union"):
                    make()
            s.execute(sa.update(Manager.__table__).where(Manager.__table__.c.id == 2).values(manager_data="z"))
            s.commit()
            assert s.get(Manager, 2).manager_data == "z" and s.get(Manager, 4).manager_data == "y"
    finally:
        if ev.contains(engine, "before_cursor_execute", record):
            ev.remove(engine, "before_cursor_execute", record)
        Base.metadata.drop_all(engine)
