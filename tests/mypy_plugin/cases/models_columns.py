# Classic Column(...) attributes: instance level the Python value, class level a SQL expression.
import datetime
import decimal
import enum
import uuid
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.orm import declarative_base as sa_declarative_base
from orm import (JSON, ARRAY, BigInteger, Boolean, Column, Date, DateTime, Enum, Float, ForeignKey,
                 Integer, Interval, LargeBinary, MetaData, Numeric, String, Table, Text, Time,
                 TypeDecorator, Uuid, declarative_base, select)


class Color(enum.Enum):
    red = 1
    blue = 2


class Lowered(TypeDecorator):
    impl = String

    def process_result_value(self, value: Any, dialect: Any) -> Optional[str]:
        return value.lower() if value is not None else None


class Wrapped(TypeDecorator):
    impl = Integer


class Opaque(TypeDecorator):
    impl = JSON


Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    name = Column(String(50), nullable=False)
    bio = Column(Text)
    active = Column(Boolean, nullable=False, default=True)
    score = Column(Float)
    balance = Column(Numeric(10, 2))
    ratio = Column(Numeric(asdecimal=False))
    born = Column(Date)
    seen = Column(DateTime)
    wakes = Column(Time)
    idle = Column(Interval)
    avatar = Column(LargeBinary)
    token = Column(Uuid)
    big = Column(BigInteger, nullable=True, primary_key=True)
    extra = Column(JSON)
    color = Column(Enum(Color))
    kind = Column(Enum("a", "b"))
    tags = Column(ARRAY(Integer))
    email = Column("email_address", String)
    lowered = Column(Lowered)
    wrapped = Column(Wrapped)
    opaque = Column(Opaque)


class Post(Base):
    __tablename__ = "posts"
    id = Column(Integer, primary_key=True)
    user_id = Column(ForeignKey("users.id"), nullable=False)
    editor_id = Column(Integer, ForeignKey("users.id"))


u = User()
reveal_type(u.id)  # N: Revealed type is "int"
reveal_type(u.name)  # N: Revealed type is "str"
reveal_type(u.bio)  # N: Revealed type is "str | None"
reveal_type(u.active)  # N: Revealed type is "bool"
reveal_type(u.score)  # N: Revealed type is "float | None"
reveal_type(u.balance)  # N: Revealed type is "decimal.Decimal | None"
reveal_type(u.ratio)  # N: Revealed type is "float | None"
reveal_type(u.born)  # N: Revealed type is "datetime.date | None"
reveal_type(u.seen)  # N: Revealed type is "datetime.datetime | None"
reveal_type(u.wakes)  # N: Revealed type is "datetime.time | None"
reveal_type(u.idle)  # N: Revealed type is "datetime.timedelta | None"
reveal_type(u.avatar)  # N: Revealed type is "bytes | None"
reveal_type(u.token)  # N: Revealed type is "uuid.UUID | None"
reveal_type(u.big)  # N: Revealed type is "int | None"
reveal_type(u.extra)  # N: Revealed type is "Any"
reveal_type(u.color)  # N: Revealed type is "models_columns.Color | None"
reveal_type(u.kind)  # N: Revealed type is "str | None"
reveal_type(u.tags)  # N: Revealed type is "list[int] | None"
reveal_type(u.email)  # N: Revealed type is "str | None"
reveal_type(u.lowered)  # N: Revealed type is "str | None"
reveal_type(u.wrapped)  # N: Revealed type is "int | None"
reveal_type(u.opaque)  # N: Revealed type is "Any"

p = Post()
reveal_type(p.user_id)  # N: Revealed type is "int"
reveal_type(p.editor_id)  # N: Revealed type is "int | None"

reveal_type(User.id)  # N: Revealed type is "orm.mapping.base.Mapped[int]"
reveal_type(User.name)  # N: Revealed type is "orm.mapping.base.Mapped[str]"
stmt = select(User).where(User.name == "x", User.id.in_([1, 2]))

u.name = "ed"
u.bio = None
u.name = None  # E: Incompatible types in assignment (expression has type "None", variable has type "str")  [assignment]
u.id = "1"  # E: Incompatible types in assignment (expression has type "str", variable has type "int")  [assignment]
n: int = u.score  # E: Incompatible types in assignment (expression has type "float | None", variable has type "int")  [assignment]

# Negatives: Column objects outside a class body stay Column.
metadata = MetaData()
users_table = Table("users_t", metadata, Column("id", Integer, primary_key=True))
loose = Column(Integer)
reveal_type(loose)  # N: Revealed type is "orm.sql.schema.Column"


class Plain:
    count = 0


reveal_type(Plain().count)  # N: Revealed type is "int"
reveal_type(Plain.count)  # N: Revealed type is "int"

# The same for SQLAlchemy.
SABase = sa_declarative_base()


class Account(SABase):
    __tablename__ = "accounts"
    id = sa.Column(sa.Integer, primary_key=True)
    owner = sa.Column(sa.String(30), nullable=False)
    note = sa.Column(sa.Text)
    amount = sa.Column(sa.Numeric)
    user_id = sa.Column(sa.ForeignKey("accounts.id"))


a = Account()
reveal_type(a.id)  # N: Revealed type is "int"
reveal_type(a.owner)  # N: Revealed type is "str"
reveal_type(a.note)  # N: Revealed type is "str | None"
reveal_type(a.amount)  # N: Revealed type is "decimal.Decimal | None"
reveal_type(a.user_id)  # N: Revealed type is "int | None"
reveal_type(Account.owner)  # N: Revealed type is "sqlalchemy.orm.attributes.InstrumentedAttribute[str]"
reveal_type(Account.owner == "x")  # N: Revealed type is "sqlalchemy.sql.elements.ColumnElement[bool]"
reveal_type(Account.id.in_([1]))  # N: Revealed type is "sqlalchemy.sql.elements.BinaryExpression[bool]"
sa_table = sa.Table("t", sa.MetaData(), sa.Column("id", sa.Integer))
reveal_type(sa.Column(sa.Integer))  # N: Revealed type is "sqlalchemy.sql.schema.Column[int]"
