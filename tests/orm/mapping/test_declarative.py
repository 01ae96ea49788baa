"""Declarative mapping: annotations, table arguments, mixins, abstract bases, registries."""
from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any, Optional

import pytest

from orm import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    JSON,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    UniqueConstraint,
    Uuid,
    func,
    select,
)
from orm.mapping import (
    DeclarativeBase,
    Mapped,
    declarative_base,
    declared_attr,
    mapped_column,
    registry,
    relationship,
    synonym,
    validates,
    column_property,
)

from mapping_helpers import sqlite_columns


def test_type_and_nullability_from_annotations(engine):
    class Base(DeclarativeBase):
        pass

    class Thing(Base):
        __tablename__ = "things"
        id: Mapped[int] = mapped_column(primary_key=True)
        s: Mapped[str]
        f: Mapped[float]
        b: Mapped[bool]
        dt: Mapped[datetime.datetime]
        d: Mapped[datetime.date]
        n: Mapped[decimal.Decimal]
        raw: Mapped[bytes]
        u: Mapped[uuid.UUID]
        doc: Mapped[dict[str, Any]]
        items: Mapped[list[int]]
        opt: Mapped[Optional[str]]
        opt2: Mapped[int | None]
        forced: Mapped[Optional[str]] = mapped_column(nullable=False)
        big: Mapped[int] = mapped_column(BigInteger, server_default="0", index=True, unique=True)

    cols = Thing.__table__.c
    expected = {"id": Integer, "s": String, "f": Float, "b": Boolean, "dt": DateTime, "d": Date,
                "n": Numeric, "raw": LargeBinary, "u": Uuid, "doc": JSON, "items": JSON, "opt": String,
                "opt2": Integer, "forced": String, "big": BigInteger}
    for key, type_ in expected.items():
        assert type(cols[key].type) is type_, key
    assert {c.key: c.nullable for c in cols} == {
        "id": False, "s": False, "f": False, "b": False, "dt": False, "d": False, "n": False, "raw": False,
        "u": False, "doc": False, "items": False, "opt": True, "opt2": True, "forced": False, "big": False}
    assert cols.id.primary_key and cols.big.server_default is not None
    Base.metadata.create_all(engine)
    shape = {c[0]: c[1:] for c in sqlite_columns(engine, "things")}
    assert shape["s"] == ("VARCHAR", False, False)
    assert shape["opt"] == ("VARCHAR", True, False)
    assert shape["big"] == ("BIGINT", False, False)


def test_type_annotation_map_and_string_annotations():
    class Base(DeclarativeBase):
        type_annotation_map = {str: String(30)}

    class A(Base):
        __tablename__ = "a"
        id: "Mapped[int]" = mapped_column(primary_key=True)
        name: "Mapped[Optional[str]]"
        b_id: "Mapped[int]" = mapped_column(ForeignKey("b.id"))
        b: "Mapped[B]" = relationship(back_populates="as_")

    class B(Base):
        __tablename__ = "b"
        id: Mapped[int] = mapped_column(primary_key=True)
        as_: Mapped[set[A]] = relationship(back_populates="b")

    assert A.__table__.c.name.type.length == 30 and A.__table__.c.name.nullable
    assert A.__table__.c.b_id.nullable is False
    assert A.b.property.mapper is B.__mapper__
    assert B.as_.property.collection_class is set
    assert B().as_ == set()


def test_table_args_forms():
    Base = declarative_base()

    class T1(Base):
        __tablename__ = "t1"
        id = Column(Integer, primary_key=True)
        a = Column(Integer)
        b = Column(Integer)
        __table_args__ = (UniqueConstraint("a", "b", name="uq_ab"), CheckConstraint("a > 0"),
                          {"comment": "table one", "sqlite_autoincrement": True})

    class T2(Base):
        __tablename__ = "t2"
        id = Column(Integer, primary_key=True)
        __table_args__ = {"comment": "table two"}

    assert T1.__table__.comment == "table one"
    assert T1.__table__.dialect_kwargs == {"sqlite_autoincrement": True}
    assert {type(c).__name__ for c in T1.__table__.constraints} >= {"UniqueConstraint", "CheckConstraint"}
    assert T2.__table__.comment == "table two"


def test_existing_table_and_column_key_differs():
    Base = declarative_base()
    users = Table("users", Base.metadata, Column("id", Integer, primary_key=True),
                  Column("user_name", String(50)))

    class User(Base):
        __table__ = users

    class Other(Base):
        __tablename__ = "others"
        id = Column(Integer, primary_key=True)
        label = Column("label_text", String)

    assert User.__mapper__.local_table is users
    assert User.user_name.__clause_element__() is users.c.user_name
    assert Other.__table__.c.label_text.name == "label_text"
    assert Other.__mapper__.attrs.keys() == ["id", "label"]
    assert str(select(Other.label)) == "SELECT others.label_text \nFROM others"


def test_mixins_abstract_and_declared_attr():
    class Base(DeclarativeBase):
        pass

    class TimestampMixin:
        created: Mapped[datetime.datetime] = mapped_column(server_default=func.now())
        note = Column(String(20))

    class OwnedMixin:
        @declared_attr
        def owner_id(cls) -> Mapped[int]:
            return mapped_column(ForeignKey("owners.id"))

        @declared_attr
        def owner(cls) -> Mapped["Owner"]:
            return relationship("Owner")

        @declared_attr.directive
        def __tablename__(cls) -> str:
            return cls.__name__.lower() + "s"

    class Owner(Base):
        __tablename__ = "owners"
        id: Mapped[int] = mapped_column(primary_key=True)

    class AbstractThing(Base):
        __abstract__ = True
        id: Mapped[int] = mapped_column(primary_key=True)

    class Car(OwnedMixin, TimestampMixin, AbstractThing):
        model: Mapped[str]

    class Boat(OwnedMixin, TimestampMixin, AbstractThing):
        length: Mapped[float]

    assert not hasattr(AbstractThing, "__mapper__") or AbstractThing.__dict__.get("__mapper__") is None
    assert Car.__table__.name == "cars" and Boat.__table__.name == "boats"
    assert list(Car.__table__.c.keys()) == ["model", "owner_id", "created", "note", "id"]
    # columns from mixins are copied per class
    assert Car.__table__.c.note is not Boat.__table__.c.note
    assert Car.__table__.c.owner_id.foreign_keys and Boat.__table__.c.owner_id.foreign_keys
    Car.__mapper__.attrs  # configures
    assert Car.owner.property.mapper is Owner.__mapper__
    assert Boat.owner.property.direction.name == "MANYTOONE"


def test_registry_mapped_and_generate_base():
    reg = registry()

    @reg.mapped
    class Widget:
        __tablename__ = "widgets"
        id = Column(Integer, primary_key=True)
        name = Column(String)

        def __init__(self, name):
            self.name = name

    assert Widget.__mapper__.registry is reg
    assert str(select(Widget).where(Widget.name == "w")) == \
        "SELECT widgets.id, widgets.name \nFROM widgets \nWHERE widgets.name = :name_1"
    assert Widget("w").name == "w"
    Base = reg.generate_base()
    assert Base.metadata is reg.metadata

    class Gadget(Base):
        __tablename__ = "gadgets"
        id = Column(Integer, primary_key=True)

    assert set(reg.metadata.tables) == {"widgets", "gadgets"}


def test_declarative_base_with_metadata_and_imperative():
    md = MetaData()
    Base = declarative_base(metadata=md)
    assert Base.metadata is md
    reg = registry()
    t = Table("plain", reg.metadata, Column("id", Integer, primary_key=True), Column("x", Integer))

    class Plain:
        pass

    reg.map_imperatively(Plain, t, properties={"y": t.c.x})
    assert Plain.__mapper__.attrs.keys() == ["y", "id"]
    assert str(Plain.y == 1) == "plain.x = :x_1"


def test_synonym_validates_column_property_and_late_columns():
    Base = declarative_base()

    class User(Base):
        __tablename__ = "users"
        id = Column(Integer, primary_key=True)
        first = Column(String)
        last = Column(String)
        email = Column(String)
        mail = synonym("email")
        full = column_property(first + " " + last)

        @validates("email")
        def check_email(self, key, value):
            if "@" not in value:
                raise ValueError(f"bad {key}")
            return value.lower()

    u = User(email="ED@X.COM")
    assert u.email == "ed@x.com" and u.mail == "ed@x.com"
    u.mail = "W@Y"
    assert u.email == "w@y"
    with pytest.raises(ValueError, match="bad email"):
        User(email="nope")
    assert str(User.mail == "a") == "users.email = :email_1"
    assert str(select(User.full)) == "SELECT users.first || :param_1 || users.last AS anon_1 \nFROM users"
    User.age = Column(Integer)
    assert "age" in User.__table__.c and User.__mapper__.attrs.age.columns[0] is User.__table__.c.age
    assert User(age=3).age == 3
