# Input the plugin cannot understand: no crash, no invented error, Any where it cannot know.
from typing import Any

from missing_library import MissingBase, MissingType  # E: Cannot find implementation or library stub for module named "missing_library"  [import-not-found]  # N: See https://mypy.readthedocs.io/en/stable/running_mypy.html#missing-imports
from orm import (ARRAY, Column, Enum, ForeignKey, Integer, String, TypeDecorator, backref,
                 declarative_base, relationship)

Base = declarative_base()
Weird = declarative_base(cls=MissingBase)
Numbered = declarative_base(cls=1)
maybe: bool = bool(input())
target_name = "Post"


class SelfImpl(TypeDecorator):
    impl = 5


class Untyped(TypeDecorator):
    impl = String

    def process_result_value(self, value, dialect):  # type: ignore[no-untyped-def]
        return value


class Odd(Base):
    __tablename__ = f"odd_{1}"
    id = Column(Integer, primary_key=True)
    nothing = Column()
    missing_type = Column(MissingType)
    maybe_null = Column(String, nullable=maybe)
    bad_fk = Column(ForeignKey())  # E: Missing positional argument "column" in call to "ForeignKey"  [call-arg]
    numeric_fk = Column(ForeignKey(123))  # E: Argument 1 to "ForeignKey" has incompatible type "int"; expected "str | ColumnClause[Any]"  [arg-type]
    unknown_fk = Column(ForeignKey("nowhere.id"))
    no_enum = Column(Enum())
    no_array = Column(ARRAY())  # E: Missing positional argument "item_type" in call to "ARRAY"  [call-arg]
    self_impl = Column(SelfImpl)
    untyped = Column(Untyped)
    ghost = relationship("Ghost")
    by_variable = relationship(target_name)
    expression = relationship("and_(Odd.id == 1)")
    nothing_rel = relationship()
    no_name = relationship("Odd", backref=backref())  # E: Missing positional argument "name" in call to "backref"  [call-arg]
    variable_backref = relationship("Odd", backref=target_name)
    a, b = Column(Integer), Column(Integer)
    c = d = Column(Integer)


o = Odd()
reveal_type(o.nothing)  # N: Revealed type is "Any"
reveal_type(o.missing_type)  # N: Revealed type is "Any"
reveal_type(o.maybe_null)  # N: Revealed type is "str | None"
reveal_type(o.unknown_fk)  # N: Revealed type is "Any"
reveal_type(o.no_enum)  # N: Revealed type is "Any"
reveal_type(o.self_impl)  # N: Revealed type is "Any"
reveal_type(o.untyped)  # N: Revealed type is "Any"
reveal_type(o.ghost)  # N: Revealed type is "Any"
reveal_type(o.by_variable)  # N: Revealed type is "Any"
reveal_type(o.expression)  # N: Revealed type is "Any"
reveal_type(o.nothing_rel)  # N: Revealed type is "Any"
reveal_type(o.a)  # N: Revealed type is "orm.sql.schema.Column"
reveal_type(o.c)  # N: Revealed type is "int | None"


class FromMissing(MissingBase):
    id = Column(Integer, primary_key=True)


class Strange(Weird):
    __tablename__ = "strange"
    id = Column(Integer, primary_key=True)


reveal_type(Strange().id)  # N: Revealed type is "int"
reveal_type(Strange().from_the_missing_base)  # N: Revealed type is "Any"
reveal_type(Odd().no_such_attribute)  # E: "Odd" has no attribute "no_such_attribute"  [attr-defined]  # N: Revealed type is "Any"

# classes built by type() and in loops
Dynamic = type("Dynamic", (Base,), {"__tablename__": "dynamic", "id": Column(Integer, primary_key=True)})
made = [type(f"Model{i}", (Base,), {"__tablename__": f"t{i}"}) for i in range(3)]
for i in range(3):
    class InLoop(Base):
        __tablename__ = f"loop{i}"
        id = Column(Integer, primary_key=True)


def factory(name: str) -> Any:
    class Local(Base):
        __tablename__ = name
        id = Column(Integer, primary_key=True)
        parent_id = Column(ForeignKey(name + ".id"))
        children = relationship("Local", backref="parent")
        others = relationship("Odd", backref="locals")

    reveal_type(Local().id)  # N: Revealed type is "int"
    reveal_type(Local().children)  # N: Revealed type is "list[models_bad_input.Local@88]"
    return Local


class Twin(Base):
    __tablename__ = "twins"
    id = Column(Integer, primary_key=True)


class Twin(Base):  # E: Name "Twin" already defined on line 100  [no-redef]
    __tablename__ = "twins2"
    id = Column(Integer, primary_key=True)


Base = declarative_base()  # E: Cannot assign to a type  [misc]
