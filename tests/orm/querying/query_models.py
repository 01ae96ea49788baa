"""Models of the query-construction tests (the shapes of the seeds and SQLAlchemy's docs): users
with addresses and keywords (many-to-many), an adjacency list, companies with employees in
single-table and joined-table hierarchies, hybrids, column properties and synonyms.

Each call of :func:`build` maps a fresh set of classes on its own registry."""
# ruff: noqa: N806 - P is the table-name prefix
from __future__ import annotations

from types import SimpleNamespace
from typing import Optional

from orm import Column, ForeignKey, Integer, String, Table, func, select
from orm.ext.hybrid import hybrid_method, hybrid_property
from orm.mapping import DeclarativeBase, Mapped, column_property, mapped_column, relationship, synonym


def build(prefix: str = "") -> SimpleNamespace:
    """The models; ``prefix`` starts every table name (tests on shared database servers)."""
    P = prefix

    class Base(DeclarativeBase):
        pass

    user_keywords = Table(
        P + "user_keywords", Base.metadata,
        Column("user_id", ForeignKey(P + "users.id"), primary_key=True),
        Column("keyword_id", ForeignKey(P + "keywords.id"), primary_key=True),
    )

    class User(Base):
        __tablename__ = P + "users"
        id: Mapped[int] = mapped_column(primary_key=True)
        name: Mapped[str] = mapped_column(String(50))
        addresses: Mapped[list["Address"]] = relationship(back_populates="user")
        keywords: Mapped[list["Keyword"]] = relationship(secondary=user_keywords)

    class Address(Base):
        __tablename__ = P + "addresses"
        id: Mapped[int] = mapped_column(primary_key=True)
        email: Mapped[str] = mapped_column(String(100))
        user_id: Mapped[int] = mapped_column(ForeignKey(P + "users.id"))
        user: Mapped[User] = relationship(back_populates="addresses")

    class Keyword(Base):
        __tablename__ = P + "keywords"
        id: Mapped[int] = mapped_column(primary_key=True)
        word: Mapped[str] = mapped_column(String(50))

    class Node(Base):
        __tablename__ = P + "nodes"
        id: Mapped[int] = mapped_column(primary_key=True)
        parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey(P + "nodes.id"))
        data: Mapped[str] = mapped_column(String(50))
        children: Mapped[list["Node"]] = relationship(back_populates="parent")
        parent: Mapped[Optional["Node"]] = relationship(back_populates="children", remote_side=[id])

    class Company(Base):
        __tablename__ = P + "companies"
        id = Column(Integer, primary_key=True)
        name = Column(String(50))
        employees = relationship("Employee", back_populates="company")
        jemployees = relationship("JEmployee", back_populates="company")

    # single-table inheritance (seed 003)
    class Employee(Base):
        __tablename__ = P + "employees"
        id = Column(Integer, primary_key=True)
        name = Column(String(50))
        type = Column(String(50))
        company_id = Column(ForeignKey(P + "companies.id"))
        company = relationship("Company", back_populates="employees")
        __mapper_args__ = {"polymorphic_identity": "employee", "polymorphic_on": type}

    class Manager(Employee):
        department = Column(String(50))
        __mapper_args__ = {"polymorphic_identity": "manager"}

    class Engineer(Employee):
        programming_language = Column(String(50))
        __mapper_args__ = {"polymorphic_identity": "engineer"}

    class Principal(Engineer):
        __mapper_args__ = {"polymorphic_identity": "principal"}

    # joined-table inheritance (seed 003)
    class JEmployee(Base):
        __tablename__ = P + "jemployees"
        id = Column(Integer, primary_key=True)
        name = Column(String(50))
        type = Column(String(50))
        company_id = Column(ForeignKey(P + "companies.id"))
        company = relationship("Company", back_populates="jemployees")
        __mapper_args__ = {"polymorphic_identity": "employee", "polymorphic_on": type}

    class JManager(JEmployee):
        __tablename__ = P + "jmanagers"
        id = Column(Integer, ForeignKey(P + "jemployees.id"), primary_key=True)
        department = Column(String(50))
        __mapper_args__ = {"polymorphic_identity": "manager"}

    class JEngineer(JEmployee):
        __tablename__ = P + "jengineers"
        id = Column(Integer, ForeignKey(P + "jemployees.id"), primary_key=True)
        programming_language = Column(String(50))
        __mapper_args__ = {"polymorphic_identity": "engineer"}

    # hybrids, column_property, synonym (SQLAlchemy docs; seed 003's Rectangle)
    class Person(Base):
        __tablename__ = P + "people"
        id: Mapped[int] = mapped_column(primary_key=True)
        first: Mapped[str] = mapped_column(String(50))
        last: Mapped[str] = mapped_column(String(50))
        bio: Mapped[Optional[str]] = mapped_column(String(200), deferred=True)
        fullname = column_property(first + " " + last)
        nick = synonym("first")

        @hybrid_property
        def full(self) -> str:
            return self.first + " " + self.last

        @full.inplace.setter
        def _full_setter(self, value: str) -> None:
            self.first, self.last = value.split(" ", 1)

        @hybrid_method
        def named(self, n: str) -> bool:
            return self.first == n

        @hybrid_property
        def length(self) -> int:
            return len(self.first)

        @length.inplace.expression
        @classmethod
        def _length_expr(cls):  # type: ignore[no-untyped-def]
            return func.length(cls.first)

    class Rectangle(Base):
        __tablename__ = P + "rectangles"
        id = Column(Integer, primary_key=True)
        width = Column(Integer)
        height = Column(Integer)

        @hybrid_property
        def area(self):  # type: ignore[no-untyped-def]
            return self.width * self.height

        @area.expression
        def area(cls):  # type: ignore[no-untyped-def]  # noqa: F811 - the documented spelling
            return cls.width * cls.height

    Person.address_count = column_property(  # type: ignore[attr-defined]
        select(func.count(Address.id)).where(Address.user_id == Person.id).correlate_except(Address)
        .scalar_subquery()
    )
    return SimpleNamespace(**{k: v for k, v in locals().items() if isinstance(v, type) or k == "user_keywords"})
