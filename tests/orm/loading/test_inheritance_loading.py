"""Loading class hierarchies: a query of the base class returns subclass instances (picked by the
discriminator), subclass columns load on access, ``with_polymorphic`` and
``selectin_polymorphic`` load them up front; the SQL is SQLAlchemy 2.0's."""
from __future__ import annotations

import os
from types import SimpleNamespace
from typing import Any, Iterator

import pytest

from orm import (
    Column, ForeignKey, Integer, Session, String, create_engine, insert, relationship, select,
    selectin_polymorphic, selectinload, with_polymorphic,
)
from orm.mapping import DeclarativeBase

from loading_models import StatementLog
from tests.conftest import BACKENDS, backend_url


def _models(p: str) -> SimpleNamespace:
    class Base(DeclarativeBase):
        pass

    class Company(Base):
        __tablename__ = f"{p}companies"
        id = Column(Integer, primary_key=True)
        employees = relationship("Employee", order_by="Employee.id")

    class Employee(Base):
        __tablename__ = f"{p}employees"
        id = Column(Integer, primary_key=True)
        name = Column(String(50))
        type = Column(String(20))
        company_id = Column(ForeignKey(f"{p}companies.id"))
        __mapper_args__ = {"polymorphic_on": type, "polymorphic_identity": "employee"}

    class Manager(Employee):
        __tablename__ = f"{p}managers"
        id = Column(ForeignKey(f"{p}employees.id"), primary_key=True)
        budget = Column(Integer)
        __mapper_args__ = {"polymorphic_identity": "manager"}

    class Engineer(Employee):
        __tablename__ = f"{p}engineers"
        id = Column(ForeignKey(f"{p}employees.id"), primary_key=True)
        language = Column(String(20))
        __mapper_args__ = {"polymorphic_identity": "engineer"}

    class Animal(Base):
        __tablename__ = f"{p}animals"
        id = Column(Integer, primary_key=True)
        kind = Column(String(10))
        name = Column(String(10))
        __mapper_args__ = {"polymorphic_on": kind, "polymorphic_identity": "animal"}

    class Dog(Animal):
        bark = Column(String(10))
        __mapper_args__ = {"polymorphic_identity": "dog"}

    class Cat(Animal):
        __mapper_args__ = {"polymorphic_identity": "cat"}

    return SimpleNamespace(Base=Base, Company=Company, Employee=Employee, Manager=Manager,
                           Engineer=Engineer, Animal=Animal, Dog=Dog, Cat=Cat)


def _fill(conn: Any, m: SimpleNamespace) -> None:
    conn.execute(insert(m.Company.__table__), [{"id": 1}])
    conn.execute(insert(m.Employee.__table__), [
        {"id": 1, "name": "e", "type": "employee", "company_id": 1},
        {"id": 2, "name": "m", "type": "manager", "company_id": 1},
        {"id": 3, "name": "g", "type": "engineer", "company_id": 1}])
    conn.execute(insert(m.Manager.__table__), [{"id": 2, "budget": 10}])
    conn.execute(insert(m.Engineer.__table__), [{"id": 3, "language": "py"}])
    conn.execute(insert(m.Animal.__table__), [
        {"id": 1, "kind": "dog", "name": "rex", "bark": "woof"},
        {"id": 2, "kind": "cat", "name": "tom", "bark": None},
        {"id": 3, "kind": "animal", "name": "x", "bark": None}])


def _open(url: str, prefix: str, backend: str) -> Iterator[SimpleNamespace]:
    m = _models(prefix)
    engine = create_engine(url)
    m.Base.metadata.drop_all(engine)
    m.Base.metadata.create_all(engine)
    with engine.begin() as conn:
        _fill(conn, m)
    yield SimpleNamespace(m=m, engine=engine, log=StatementLog(engine), backend=backend)
    m.Base.metadata.drop_all(engine)
    engine.dispose()


@pytest.fixture(scope="module", params=BACKENDS)
def inh(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw")
    yield from _open(backend_url(request.param, tmp_path_factory), f"ld_inh_{worker}_", request.param)


@pytest.fixture(scope="module")
def inh_sqlite() -> Iterator[Any]:
    """The hierarchy on in-memory SQLite with plain table names, for SQL text comparisons."""
    yield from _open("sqlite://", "", "sqlite")


def _kinds(objs: Any) -> list[str]:
    return [type(o).__name__ for o in objs]


def test_joined_inheritance(inh: Any) -> None:
    m, log = inh.m, inh.log
    with Session(inh.engine) as s:
        log.clear()
        emps = s.scalars(select(m.Employee).order_by(m.Employee.id)).all()
        assert _kinds(emps) == ["Employee", "Manager", "Engineer"] and log.count == 1
        assert emps[1].budget == 10 and log.count == 2          # the subclass table, on access
        assert emps[2].language == "py" and log.count == 3
        assert _kinds(s.scalars(select(m.Manager))) == ["Manager"]
        assert s.get(m.Employee, 2) is emps[1]
    with Session(inh.engine) as s:
        wp = with_polymorphic(m.Employee, "*")
        log.clear()
        emps = s.scalars(select(wp).order_by(m.Employee.id)).all()
        assert [getattr(e, "budget", None) for e in emps] == [None, 10, None] and log.count == 1
    with Session(inh.engine) as s:
        log.clear()
        emps = s.scalars(select(m.Employee).order_by(m.Employee.id)
                         .options(selectin_polymorphic(m.Employee, [m.Manager, m.Engineer]))).all()
        assert log.count == 3
        assert (emps[1].budget, emps[2].language) == (10, "py") and log.count == 3
    with Session(inh.engine) as s:
        company = s.scalars(select(m.Company).options(selectinload(m.Company.employees))).one()
        assert _kinds(company.employees) == ["Employee", "Manager", "Engineer"]


def test_single_table_inheritance(inh: Any) -> None:
    m, log = inh.m, inh.log
    with Session(inh.engine) as s:
        log.clear()
        animals = s.scalars(select(m.Animal).order_by(m.Animal.id)).all()
        assert _kinds(animals) == ["Dog", "Cat", "Animal"] and log.count == 1
        assert animals[0].bark == "woof" and log.count == 2
        dogs = s.scalars(select(m.Dog)).all()
        assert dogs == [animals[0]]


def test_inheritance_sql(inh_sqlite: Any) -> None:
    m, log = inh_sqlite.m, inh_sqlite.log
    with Session(inh_sqlite.engine) as s:
        log.clear()
        emps = s.scalars(select(m.Employee).order_by(m.Employee.id)).all()
        emps[1].budget
        s.scalars(select(m.Manager)).all()
        s.scalars(select(with_polymorphic(m.Employee, "*")).order_by(m.Employee.id)).all()
    with Session(inh_sqlite.engine) as s:
        s.scalars(select(m.Employee).order_by(m.Employee.id)
                  .options(selectin_polymorphic(m.Employee, [m.Manager]))).all()
        s.scalars(select(m.Dog)).all()
    assert log.sql == [
        "SELECT employees.id, employees.name, employees.type, employees.company_id \nFROM employees "
        "ORDER BY employees.id",
        "SELECT managers.budget AS managers_budget \nFROM managers \nWHERE ? = managers.id",
        "SELECT managers.id, employees.id AS id_1, employees.name, employees.type, employees.company_id, "
        "managers.budget \nFROM employees JOIN managers ON employees.id = managers.id",
        "SELECT employees.id, employees.name, employees.type, employees.company_id, managers.id AS id_1, "
        "managers.budget, engineers.id AS id_2, engineers.language \nFROM employees LEFT OUTER JOIN "
        "managers ON employees.id = managers.id LEFT OUTER JOIN engineers ON employees.id = engineers.id "
        "ORDER BY employees.id",
        "SELECT employees.id, employees.name, employees.type, employees.company_id \nFROM employees "
        "ORDER BY employees.id",
        "SELECT managers.id AS managers_id, employees.id AS employees_id, employees.type AS employees_type, "
        "managers.budget AS managers_budget \nFROM employees JOIN managers ON employees.id = managers.id "
        "\nWHERE employees.id IN (?) ORDER BY employees.id",
        "SELECT animals.id, animals.kind, animals.name, animals.bark \nFROM animals \nWHERE animals.kind "
        "IN (?)",
    ]
