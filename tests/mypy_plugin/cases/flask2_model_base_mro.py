# db.Model carries the whole declarative base (redash, CTFd): __mapper__, metadata and a
# __table__ that is never None, the **kw constructor for cls(**kw), Any-typed __mapper_args__;
# declarative_base(cls=Mixin) keeps DeclarativeBaseNoMeta behind the mixin.
from typing import Any

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import declarative_base

db = SQLAlchemy()


class Page(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(20))
    __mapper_args__ = {"polymorphic_identity": "page"}

    @classmethod
    def create(cls, **kw: Any) -> "Page":
        return cls(**kw)


class Wiki(Page):
    __mapper_args__ = {"polymorphic_identity": "wiki", "polymorphic_on": Page.kind}


reveal_type(Page.__mapper__)  # N: Revealed type is "sqlalchemy.orm.mapper.Mapper[Any]"
reveal_type(Page.metadata)  # N: Revealed type is "sqlalchemy.sql.schema.MetaData"
reveal_type(Page.__table__.columns)  # N: Revealed type is "sqlalchemy.sql.base.ReadOnlyColumnCollection[str, sqlalchemy.sql.elements.KeyedColumnElement[Any]]"
reveal_type(Page.query)  # N: Revealed type is "flask_sqlalchemy.query.Query"
Page(kind="x")
Page(kind=1)  # E: Argument "kind" to "Page" has incompatible type "int"; expected "str | None"  [arg-type]


class Named:
    def label(self) -> str:
        return "x"


Base = declarative_base(cls=Named)


class Tag(Base):
    __tablename__ = "tag"


reveal_type(Tag.__mapper__)  # N: Revealed type is "sqlalchemy.orm.mapper.Mapper[Any]"
reveal_type(Tag.metadata)  # N: Revealed type is "sqlalchemy.sql.schema.MetaData"
reveal_type(Tag().label())  # N: Revealed type is "str"
