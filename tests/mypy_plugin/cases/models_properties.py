# deferred(Column(...)) and column_property(...) in classic models.
from orm import Column, ForeignKey, Integer, String, Text, column_property, declarative_base, deferred, func, select
from sqlalchemy import Column as SAColumn, Integer as SAInteger, Text as SAText, select as sa_select
from sqlalchemy.orm import column_property as sa_column_property, declarative_base as sa_declarative_base, deferred as sa_deferred

Base = declarative_base()


class Address(Base):
    __tablename__ = "addresses"
    id = Column(Integer, primary_key=True)
    user_id = Column(ForeignKey("users.id"))


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    first = Column(String(20), nullable=False)
    bio = deferred(Column(Text))
    notes = deferred(Column(Text, nullable=False), group="extra")
    upper = column_property(func.upper(first))
    address_count = column_property(select(func.count(Address.id)).where(Address.user_id == id).scalar_subquery())


u = User()
reveal_type(u.bio)  # N: Revealed type is "str | None"
reveal_type(u.notes)  # N: Revealed type is "str"
reveal_type(User.bio)  # N: Revealed type is "orm.mapping.base.Mapped[str | None]"
reveal_type(u.upper)  # N: Revealed type is "Any"
User(bio=None, notes="x")
User(notes=None)  # E: Argument "notes" to "User" has incompatible type "None"; expected "str"  [arg-type]

SABase = sa_declarative_base()


class Doc(SABase):
    __tablename__ = "docs"
    id = SAColumn(SAInteger, primary_key=True)
    body = sa_deferred(SAColumn(SAText))
    size = sa_column_property(sa_select(id).scalar_subquery())


# sqlalchemy's own typing of deferred()/column_property() is left alone (and no false error above)
Doc(body="text")
