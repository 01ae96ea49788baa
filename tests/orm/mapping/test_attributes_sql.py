"""Instrumented attributes are SQL expressions; select() of mapped classes and attributes compiles
exactly as SQLAlchemy 2.0 compiles it (expected strings observed from SQLAlchemy)."""
from __future__ import annotations

from typing import Optional

import pytest

from orm import ForeignKey, String, select
from orm.mapping import DeclarativeBase, InstrumentedAttribute, Mapped, mapped_column


@pytest.fixture(scope="module")
def models():
    class Base(DeclarativeBase):
        pass

    class User(Base):
        __tablename__ = "users"
        id: Mapped[int] = mapped_column(primary_key=True)
        name: Mapped[str] = mapped_column(String(50))
        fullname: Mapped[Optional[str]]

    class Address(Base):
        __tablename__ = "addresses"
        id: Mapped[int] = mapped_column(primary_key=True)
        user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
        email: Mapped[str]

    return User, Address


CASES = [
    (lambda U, A: select(U).where(U.name == "x"),
     'SELECT users.id, users.name, users.fullname \nFROM users \nWHERE users.name = :name_1'),
    (lambda U, A: select(U.id, U.name).where(U.id.in_([1, 2])).order_by(U.name.desc()),
     'SELECT users.id, users.name \nFROM users \nWHERE users.id IN (__[POSTCOMPILE_id_1]) ORDER BY users.name DESC'),
    (lambda U, A: select(U.name.label("n")).where(U.name.like("a%")),
     'SELECT users.name AS n \nFROM users \nWHERE users.name LIKE :name_1'),
    (lambda U, A: select(U).where(U.id > 5, U.fullname.is_(None)).order_by(U.id).limit(3),
     'SELECT users.id, users.name, users.fullname \nFROM users \nWHERE users.id > :id_1 AND '
     'users.fullname IS NULL ORDER BY users.id\n LIMIT :param_1'),
    (lambda U, A: select(U.name, A.email).join_from(U, A, U.id == A.user_id),
     'SELECT users.name, addresses.email \nFROM users JOIN addresses ON users.id = addresses.user_id'),
    (lambda U, A: select(U).where(U.name.startswith("e") | (U.id + 1 == 3)),
     "SELECT users.id, users.name, users.fullname \nFROM users \nWHERE (users.name LIKE :name_1 || '%') "
     "OR users.id + :id_1 = :param_1"),
]


@pytest.mark.parametrize("build,expected", CASES)
def test_compiles_as_sqlalchemy(models, build, expected):
    assert str(build(*models)) == expected


def test_attributes_compile_like_table_columns(models):
    User, _ = models
    users = User.__table__
    assert str(select(User.id, User.name)) == str(select(users.c.id, users.c.name))
    assert str(select(User)) == str(select(users))
    stmt = select(User).where(User.name == "x")
    assert stmt._propagate_attrs == {"compile_state_plugin": "orm"}
    assert stmt._raw_entities == (User,)


def test_attribute_identity(models):
    User, _ = models
    attr = User.name
    assert isinstance(attr, InstrumentedAttribute)
    assert attr.key == "name" and attr.class_ is User
    assert attr.parent is User.__mapper__
    assert attr.property is User.__mapper__.attrs.name
    assert attr.__clause_element__() is User.__table__.c.name
    assert attr.expression is User.__table__.c.name
    assert attr.type.length == 50
    assert str(attr) == "User.name"
    # hashable (usable as dict key) though == builds SQL
    assert {attr: 1}[attr] == 1


def test_instances_are_not_sql(models):
    User, _ = models
    u = User(name="ed")
    assert getattr(u, "__clause_element__", None) is None
    assert u.name == "ed" and u.fullname is None and u.id is None
    assert "fullname" not in u.__dict__  # reading a never-set attribute stores nothing


def test_loaded_values_read_from_instance_dict(models):
    """Column attributes are non-data descriptors: a loaded value is a plain dict read."""
    User, _ = models
    assert not hasattr(type(User.__dict__["name"]), "__set__")
    u = User.__new__(User)
    u.__dict__.update(id=3, name="wendy")
    assert (u.id, u.name) == (3, "wendy")
