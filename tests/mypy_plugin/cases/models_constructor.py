# The generated constructor: typed keywords for mapped attributes (own, mixins', parents', backrefs).
import datetime
from typing import Optional

import sqlalchemy as sa
import sqlalchemy.orm as sa_orm
from orm import (Column, DateTime, DeclarativeBase, ForeignKey, Integer, Mapped, String,
                 declarative_base, mapped_column, relationship)

Base = declarative_base()


class TimestampMixin:
    created = Column(DateTime, nullable=False)


class Audited(Base):
    __abstract__ = True
    updated = Column(DateTime)


class User(TimestampMixin, Audited):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    name = Column(String, nullable=False)
    posts = relationship("Post", backref="author")

    @property
    def label(self) -> str:
        return self.name


class Post(Base):
    __tablename__ = "posts"
    id = Column(Integer, primary_key=True)
    user_id = Column(ForeignKey("users.id"))


class Admin(User):
    level = Column(Integer, nullable=False)


now = datetime.datetime.now()
User(name="ed", created=now, updated=None, posts=[Post()])
User(name=5)  # E: Argument "name" to "User" has incompatible type "int"; expected "str"  [arg-type]
User(created=None)  # E: Argument "created" to "User" has incompatible type "None"; expected "datetime"  [arg-type]
User(posts=Post())  # E: Argument "posts" to "User" has incompatible type "Post"; expected "list[Post]"  [arg-type]
Post(author=User(), user_id=1)
Post(author=[User()])  # E: Argument "author" to "Post" has incompatible type "list[User]"; expected "User | None"  [arg-type]
Admin(level=1, name="x")
Admin(level="high")  # E: Argument "level" to "Admin" has incompatible type "str"; expected "int"  [arg-type]
reveal_type(Admin(level=1))  # N: Revealed type is "models_constructor.Admin"
# unknown keywords: see models_unknown_keyword.py
User(label="shown")  # a property: the default constructor sets it, no error


class Custom(Base):
    __tablename__ = "custom"
    id = Column(Integer, primary_key=True)
    title = Column(String, nullable=False)

    def __init__(self, title: str) -> None:
        self.title = title


Custom("x")
Custom(title="x")
Custom("x", title="y")  # E: "Custom" gets multiple values for keyword argument "title"  [misc]


class Modern(DeclarativeBase):
    pass


class Tag(Modern):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[Optional[str]] = mapped_column(String)
    weight = Column(Integer)


Tag(id=1, label=None, weight=None)
Tag(label=3)  # E: Argument "label" to "Tag" has incompatible type "int"; expected "str | None"  [arg-type]
Tag(weight="heavy")  # E: Argument "weight" to "Tag" has incompatible type "str"; expected "int | None"  [arg-type]


class SABase(sa_orm.DeclarativeBase):
    pass


class Item(SABase):
    __tablename__ = "items"
    id: sa_orm.Mapped[int] = sa_orm.mapped_column(primary_key=True)
    code = sa.Column(sa.String(10), nullable=False)


Item(id=1, code="x")
Item(code=None)  # E: Argument "code" to "Item" has incompatible type "None"; expected "str"  [arg-type]


class DataBase(sa_orm.MappedAsDataclass, sa_orm.DeclarativeBase):
    pass


class Point(DataBase):
    __tablename__ = "points"
    id: sa_orm.Mapped[int] = sa_orm.mapped_column(primary_key=True, init=False)
    x: sa_orm.Mapped[int]


Point(x=1)
Point(1)
