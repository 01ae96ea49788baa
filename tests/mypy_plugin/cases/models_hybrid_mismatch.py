# hybrid_property on both levels; Mapped[...] annotations that the SQL type contradicts.
import datetime
import decimal
import enum
import uuid
from typing import Any, Optional

from orm import (JSON, ARRAY, BigInteger, Column, Date, DateTime, DeclarativeBase, Enum, ForeignKey,
                 Integer, Mapped, Numeric, String, TypeDecorator, Uuid, declarative_base, func,
                 mapped_column, select)
from orm.ext.hybrid import hybrid_property
from orm.sql.elements import ColumnElement
from sqlalchemy import Integer as SAInteger, String as SAString
from sqlalchemy.ext.hybrid import hybrid_property as sa_hybrid_property
from sqlalchemy.orm import DeclarativeBase as SADeclarativeBase, Mapped as SAMapped, mapped_column as sa_mapped_column


class Color(enum.Enum):
    red = 1


class Lowered(TypeDecorator):
    impl = String

    def process_result_value(self, value: Any, dialect: Any) -> str:
        return str(value).lower()


Base = declarative_base()


class Person(Base):
    __tablename__ = "people"
    id = Column(Integer, primary_key=True)
    first = Column(String, nullable=False)
    last = Column(String, nullable=False)

    @hybrid_property
    def full(self) -> str:
        return self.first + " " + self.last

    @hybrid_property
    def initials(self) -> str:
        return self.first[0] + self.last[0]

    @initials.inplace.expression
    @classmethod
    def _initials_expression(cls) -> ColumnElement[str]:
        return func.substr(cls.first, 1, 1)


reveal_type(Person().full)  # N: Revealed type is "str"
reveal_type(Person.full)  # N: Revealed type is "orm.sql.elements.ColumnElement[str]"
reveal_type(Person.initials)  # N: Revealed type is "orm.sql.elements.ColumnElement[str]"
reveal_type(Person().initials)  # N: Revealed type is "str"
query = select(Person).where(Person.full == "Ed Jones")


class SABase(SADeclarativeBase):
    pass


class SAPerson(SABase):
    __tablename__ = "sa_people"
    id: SAMapped[int] = sa_mapped_column(primary_key=True)
    first: SAMapped[str] = sa_mapped_column(SAString)
    wrong: SAMapped[str] = sa_mapped_column(SAInteger)  # E: "wrong" is annotated "Mapped[str]" but its SQL type Integer holds "int" values  [orm-query-type]

    @sa_hybrid_property
    def shout(self) -> str:
        return self.first.upper()


reveal_type(SAPerson().shout)  # N: Revealed type is "str"
reveal_type(SAPerson.shout)  # N: Revealed type is "sqlalchemy.ext.hybrid._HybridClassLevelAccessor[str]"


class Modern(DeclarativeBase):
    pass


class Row(Modern):
    __tablename__ = "rows"
    id: Mapped[int] = mapped_column(primary_key=True)
    a: Mapped[str] = mapped_column(Integer)  # E: "a" is annotated "Mapped[str]" but its SQL type Integer holds "int" values  [orm-query-type]
    b: Mapped[Optional[str]] = mapped_column(Integer)  # E: "b" is annotated "Mapped[str | None]" but its SQL type Integer holds "int" values  [orm-query-type]
    c: Mapped[int] = mapped_column(BigInteger)
    d: Mapped[float] = mapped_column(Integer)
    e: Mapped[bool] = mapped_column(Integer)
    f: Mapped[datetime.date] = mapped_column(DateTime)
    g: Mapped[datetime.datetime] = mapped_column(Date)
    h: Mapped[decimal.Decimal] = mapped_column(Numeric(10, 2))
    i: Mapped[float] = mapped_column(Numeric)  # E: "i" is annotated "Mapped[float]" but its SQL type Numeric holds "Decimal" values  [orm-query-type]
    j: Mapped[float] = mapped_column(Numeric(asdecimal=False))
    k: Mapped[dict[str, Any]] = mapped_column(JSON)
    m: Mapped[Color] = mapped_column(Enum(Color))
    n: Mapped[str] = mapped_column(Enum(Color))  # E: "n" is annotated "Mapped[str]" but its SQL type Enum holds "Color" values  [orm-query-type]
    o: Mapped[str] = mapped_column(Lowered)
    p: Mapped[int] = mapped_column(Lowered)  # E: "p" is annotated "Mapped[int]" but its SQL type Lowered holds "str" values  [orm-query-type]
    q: Mapped[uuid.UUID] = mapped_column(Uuid)
    r: Mapped[str] = mapped_column(Uuid(as_uuid=False))
    s: Mapped[list[int]] = mapped_column(ARRAY(Integer))
    t: Mapped[int] = mapped_column(ForeignKey("rows.id"))
    u: Mapped[str] = mapped_column("u_col", Integer)  # E: "u" is annotated "Mapped[str]" but its SQL type Integer holds "int" values  [orm-query-type]
    v: Mapped[Any] = mapped_column(Integer)
    w: Mapped[int] = mapped_column(String(5), nullable=True)  # E: "w" is annotated "Mapped[int]" but its SQL type String holds "str" values  [orm-query-type]
    x: Mapped[int] = mapped_column(type_=String)  # E: "x" is annotated "Mapped[int]" but its SQL type String holds "str" values  [orm-query-type]


reveal_type(Row().a)  # N: Revealed type is "str"
