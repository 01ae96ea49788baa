# A model with a base mypy cannot see (a missing import): that base may define the __init__ that
# runs, so the constructor keeps mypy's own signature (a mixin from a package the CI job does not
# install, with ignore_missing_imports). Models with only known bases are still typed.
from sqlalchemy import Column, DateTime, Integer
from sqlalchemy.orm import DeclarativeBase, declarative_base

from missing_lib import Timestamped  # type: ignore[import-not-found]


class Base(DeclarativeBase):
    pass


class Event(Base, Timestamped):
    __tablename__ = "events"
    id = Column(Integer, primary_key=True)
    created = Column(DateTime)


class Plain(Base):
    __tablename__ = "plain"
    id = Column(Integer, primary_key=True)
    created = Column(DateTime)


Event(created="2020-01-01")
Plain(created="2020-01-01")  # E: Argument "created" to "Plain" has incompatible type "str"; expected "datetime | None"  [arg-type]

Unknown = declarative_base(cls=Timestamped)


class Row(Unknown):
    __tablename__ = "rows"
    id = Column(Integer, primary_key=True)
    created = Column(DateTime)


Row(created="2020-01-01")
