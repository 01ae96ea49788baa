"""Entities as objects: inspect() of aliased classes, the inheritance attributes of mappers, the
discriminator of new objects, hybrids on instances, and the errors of bad query input (messages as
SQLAlchemy 2.0 words them)."""
from __future__ import annotations

import pytest

from orm import Column, Integer, String, exc, inspect, select
from orm.ext.hybrid import hybrid_property
from orm.mapping import AliasedClass, AliasedInsp, DeclarativeBase, aliased, with_polymorphic

import query_models


@pytest.fixture(scope="module")
def m():
    return query_models.build()


def test_inspect_aliased_class(m):
    ua = aliased(m.Manager, name="mgr")
    insp = inspect(ua)
    assert isinstance(ua, AliasedClass) and isinstance(insp, AliasedInsp)
    assert insp.mapper is inspect(m.Manager) and insp.entity is ua and insp.class_ is m.Manager
    assert insp.is_aliased_class and insp.name == "mgr"
    assert insp.selectable.name == "mgr" and insp.selectable.element is m.Employee.__table__
    assert inspect(insp) is insp
    assert str(ua) == "aliased(Manager)" and str(ua.department) == "aliased(Manager).department"
    # the alias's attributes are SQL against the alias; other class attributes pass through
    assert str(ua.department == "x") == "mgr.department = :department_1"
    assert ua.__name__ == "aliased(Manager)"
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        ua.nope  # noqa: B018


def test_with_polymorphic_entities(m):
    wp = with_polymorphic(m.Employee, [m.Engineer])
    insp = inspect(wp)
    # the intermediate classes come along; "*" is every subclass
    assert [x.class_ for x in insp.with_polymorphic_mappers] == [m.Employee, m.Engineer]
    star = inspect(with_polymorphic(m.JEmployee, "*"))
    assert [x.class_ for x in star.with_polymorphic_mappers] == [m.JEmployee, m.JManager, m.JEngineer]
    assert str(wp.Engineer.programming_language == "py") == "employees.programming_language = :programming_language_1"
    with pytest.raises(exc.InvalidRequestError, match="does not inherit from"):
        with_polymorphic(m.Employee, [m.JManager])
    with pytest.raises(exc.ArgumentError, match="not a mapped class"):
        with_polymorphic(m.Employee, [int])


def test_mapper_inheritance_attributes(m):
    emp, mgr, eng, prin = (inspect(c) for c in (m.Employee, m.Manager, m.Engineer, m.Principal))
    assert mgr.inherits is emp and prin.inherits is eng and emp.inherits is None
    assert mgr.single and not emp.single and mgr.base_mapper is emp
    assert mgr.polymorphic_on is m.Employee.__table__.c.type
    assert mgr.local_table is emp.local_table is m.Employee.__table__
    assert emp.polymorphic_map == {"employee": emp, "manager": mgr, "engineer": eng, "principal": prin}
    assert mgr.polymorphic_map is emp.polymorphic_map  # one map per hierarchy
    assert eng.polymorphic_identities == ["engineer", "principal"]
    assert [x.class_ for x in emp.self_and_descendants] == [m.Employee, m.Manager, m.Engineer, m.Principal]
    jm, je = inspect(m.JManager), inspect(m.JEmployee)
    assert jm.local_table is m.JManager.__table__ and not jm.single
    assert str(jm.inherit_condition) == "jemployees.id = jmanagers.id"
    assert str(jm.persist_selectable) == "jemployees JOIN jmanagers ON jemployees.id = jmanagers.id"
    assert jm.primary_key == (m.JEmployee.__table__.c.id,)
    # the loader's column list: every mapped column of each attribute once, discriminator included
    cols = [(str(c.expr), c.prop.key if c.prop else None, c.mapper.class_.__name__)
            for c in jm._polymorphic_select_columns()]
    assert cols == [("jmanagers.id", "id", "JManager"), ("jemployees.id", "id", "JManager"),
                    ("jemployees.name", "name", "JManager"), ("jemployees.type", "type", "JManager"),
                    ("jemployees.company_id", "company_id", "JManager"),
                    ("jmanagers.department", "department", "JManager")]


def test_new_objects_carry_their_discriminator(m):
    assert m.Manager(name="a").type == "manager"
    assert m.Principal().type == "principal"
    assert m.JManager(department="d").type == "manager"
    assert m.Employee().type == "employee"


def test_polymorphic_abstract():
    class Base(DeclarativeBase):
        pass

    class Vehicle(Base):
        __tablename__ = "vehicles"
        id = Column(Integer, primary_key=True)
        kind = Column(String(20))
        __mapper_args__ = {"polymorphic_on": kind}

    class Car(Vehicle):
        __mapper_args__ = {"polymorphic_abstract": True}

    class Sedan(Car):
        __mapper_args__ = {"polymorphic_identity": "sedan"}

    class Coupe(Car):
        __mapper_args__ = {"polymorphic_identity": "coupe"}

    assert inspect(Car).polymorphic_identity is None
    assert sorted(inspect(Vehicle).polymorphic_map) == ["coupe", "sedan"]
    assert Sedan().kind == "sedan"
    with pytest.raises(exc.InvalidRequestError,
                       match=r"Can't instantiate class for Mapper\[Car\(vehicles\)\]; mapper is marked "
                             r"polymorphic_abstract=True"):
        Car()
    assert str(select(Car)) == ("SELECT vehicles.id, vehicles.kind \nFROM vehicles \n"
                                "WHERE vehicles.kind IN (__[POSTCOMPILE_kind_1])")
    assert select(Car).compile().construct_params() == {"kind_1": ["sedan", "coupe"]}


def test_hybrids_on_instances(m):
    p = m.Person(first="Ada", last="Lovelace")
    assert p.full == "Ada Lovelace" and p.length == 3 and p.named("Ada") is True
    p.full = "Grace Hopper"
    assert (p.first, p.last) == ("Grace", "Hopper")
    r = m.Rectangle(width=3, height=4)
    assert r.area == 12
    with pytest.raises(AttributeError, match="has no setter"):
        r.area = 5


def test_hybrid_copies_and_comparator():
    from orm.ext.hybrid import Comparator
    from orm import func

    class Base(DeclarativeBase):
        pass

    class CaseInsensitive(Comparator):
        def __eq__(self, other):  # type: ignore[override]
            return func.lower(self.__clause_element__()) == func.lower(other)

    class Word(Base):
        __tablename__ = "words"
        id = Column(Integer, primary_key=True)
        text = Column(String(50))

        @hybrid_property
        def word(self):  # type: ignore[no-untyped-def]
            return self.text

        @word.comparator
        def word(cls):  # type: ignore[no-untyped-def]  # noqa: F811
            return CaseInsensitive(cls.text)

    assert Word(text="Hi").word == "Hi"
    assert str(select(Word.id).where(Word.word == "HI")) == (
        "SELECT words.id \nFROM words \nWHERE lower(words.text) = lower(:lower_1)"
    )


BAD = [
    (lambda m: select(m.User).join(m.User.addresses, m.User.id == 1), exc.InvalidRequestError,
     "No 'on clause' argument may be passed when joining to a relationship path as a target"),
    (lambda m: select(m.User).join("addresses"), exc.ArgumentError,
     "Join target, typically a FROM expression, or ORM relationship attribute expected, got 'addresses'."),
    (lambda m: m.User.addresses.has(), exc.InvalidRequestError,
     "'has()' not implemented for collections. Use any()."),
    (lambda m: m.Address.user.any(), exc.InvalidRequestError,
     "'any()' not implemented for scalar attributes. Use has()."),
    (lambda m: m.Address.user.contains(m.User()), exc.InvalidRequestError,
     "'contains' not implemented for scalar attributes.  Use =="),
    (lambda m: m.User.addresses == m.Address(), exc.InvalidRequestError,
     "Can't compare a collection to an object or collection; use contains() to test for membership."),
    (lambda m: m.Address.user == m.Keyword(), exc.ArgumentError,
     "Can't compare Address.user to <.*Keyword.*>: expected an instance of User or None"),
    (lambda m: select(m.Node).join(m.Node.children), exc.InvalidRequestError,
     r"Can't construct a join from Mapper\[Node\(nodes\)\] to Mapper\[Node\(nodes\)\], they are the same entity"),
    (lambda m: m.User.addresses.of_type(m.Keyword), exc.InvalidRequestError,
     r"Join target Mapper\[Keyword\(keywords\)\] does not correspond to the right side of join condition "
     r"User.addresses"),
    (lambda m: select(m.User).join(m.Keyword), exc.InvalidRequestError,
     r"Don't know how to join to Mapper\[Keyword\(keywords\)\]. Please use the .select_from\(\) method"),
    (lambda m: select(m.User).filter_by(nope=1), exc.InvalidRequestError,
     'Entity namespace for "users" has no property "nope"'),
    (lambda m: select(m.User).join(m.User.addresses).filter_by(nope=1), exc.InvalidRequestError,
     r'Entity namespace for "Mapper\[Address\(addresses\)\]" has no property "nope"'),
    (lambda m: select(m.User.addresses), exc.ArgumentError,
     "Relationship attribute User.addresses can't be selected as a column"),
    (lambda m: m.User.addresses > 3, exc.InvalidRequestError,
     "is not supported on relationship User.addresses"),
    (lambda m: aliased(3), exc.ArgumentError, "aliased\\(\\) expects a mapped class"),
]


@pytest.mark.parametrize("build,error,message", BAD, ids=range(len(BAD)))
def test_bad_input(m, build, error, message):
    with pytest.raises(error, match=message if "\\" in message or ".*" in message else _escape(message)):
        build(m)


def _escape(text: str) -> str:
    import re

    return re.escape(text)
