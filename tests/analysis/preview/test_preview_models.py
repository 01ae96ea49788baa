"""The shadow model: built from the index only, isolated, cached per index generation, and robust
to models that cannot be mapped; the declarative styles and import spellings users write."""
from __future__ import annotations

import sys
import textwrap
import types

import pytest
from preview_helpers import MODELS, orm_models, preview_marked, runtime_sql, workspace_with

import orm
from analysis.preview import preview_at
from analysis.shadow import shadow_model

BROKEN = '''
from sqlalchemy import Column, ForeignKey, Integer, String, select, func
from sqlalchemy.orm import DeclarativeBase, relationship, column_property
from myapp.types import JSONish


class Base(DeclarativeBase):
    pass


class Good(Base):
    __tablename__ = "good"
    id = Column(Integer, primary_key=True)
    name = Column(String(20))


class BadTarget(Base):
    __tablename__ = "bad_target"
    id = Column(Integer, primary_key=True)
    things = relationship("Missing")


class BadFk(Base):
    __tablename__ = "bad_fk"
    id = Column(Integer, primary_key=True)
    other_id = Column(Integer, ForeignKey("nowhere.id"))


class Ambiguous(Base):
    __tablename__ = "ambiguous"
    id = Column(Integer, primary_key=True)
    a_id = Column(Integer, ForeignKey("good.id"))
    b_id = Column(Integer, ForeignKey("good.id"))
    good = relationship("Good")


class NoPk(Base):
    __tablename__ = "no_pk"
    name = Column(String(10))


class Custom(Base):
    __tablename__ = "custom"
    id = Column(Integer, primary_key=True)
    data = Column(JSONish)


class WithProp(Base):
    __tablename__ = "with_prop"
    id = Column(Integer, primary_key=True)
    good_id = Column(ForeignKey("good.id"))
    n = column_property(select(func.count(Good.id)).where(Good.id == good_id).scalar_subquery())


class PropFirst(Base):
    __tablename__ = "prop_first"
    id = Column(Integer, primary_key=True)
    label = column_property(func.upper(compute_label()))
    name = Column(String(10))


class Employee(Base):
    __tablename__ = "employees"
    id = Column(Integer, primary_key=True)
    type = Column(String(20))
    name = Column(String(50))
    __mapper_args__ = {"polymorphic_on": type, "polymorphic_identity": "employee"}


class Engineer(Employee):
    __tablename__ = "engineers"
    id = Column(Integer, ForeignKey("employees.id"), primary_key=True)
    language = Column(String(20))
    __mapper_args__ = {"polymorphic_identity": "engineer"}


class Manager(Employee):
    level = Column(Integer)
    __mapper_args__ = {"polymorphic_identity": "manager"}
'''
BROKEN_VIEWS = '''
from sqlalchemy import select
from models import (Good, BadTarget, BadFk, Ambiguous, Custom, WithProp, PropFirst, Employee,
                    Engineer, Manager)
'''


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    return workspace_with(tmp_path_factory.mktemp("broken"), BROKEN_VIEWS + "\n", BROKEN)


def _preview(ws, expression):
    path = ws.root / "views.py"
    path.write_text(BROKEN_VIEWS + f"stmt = {expression}\n", encoding="utf-8")
    ws.file_changed(path)
    line = BROKEN_VIEWS.count("\n")
    found = preview_at(ws, str(path), line, 8, ["sqlite"])
    return found.statements[0].sql if found is not None else None


def test_models_that_cannot_be_mapped_are_degraded_and_reported(broken):
    shadow = shadow_model(broken.project)
    problems = "\n".join(shadow.problems)
    assert "BadTarget.things: target 'Missing' unknown" in problems
    assert "foreign key 'nowhere.id' to a missing table or column left out" in problems
    assert "models.NoPk: not mapped" in problems
    assert "Ambiguous.good" in problems
    assert shadow.class_for("models.NoPk") is None
    assert {"models.Good", "models.BadTarget", "models.BadFk", "models.Ambiguous",
            "models.Custom"} <= set(shadow.classes)
    assert shadow.incomplete == {"models.PropFirst"}
    assert "PropFirst.label: column_property not rebuilt" in problems
    # the registry is the shadow's own, and configured
    assert shadow.registry is not orm.registry
    assert all(m.configured for m in shadow.registry.mappers)


@pytest.mark.parametrize("expression,sql", [
    ("select(Good)", "SELECT good.id, good.name \nFROM good"),
    ("select(BadTarget)", "SELECT bad_target.id \nFROM bad_target"),
    ("select(BadTarget).join(BadTarget.things)", None),
    ("select(BadFk).where(BadFk.other_id == 3)",
     "SELECT bad_fk.id, bad_fk.other_id \nFROM bad_fk \nWHERE bad_fk.other_id = :other_id_1"),
    ("select(Ambiguous.id)", "SELECT ambiguous.id \nFROM ambiguous"),
    ("select(Ambiguous).join(Ambiguous.good)", None),
    ("select(Custom).where(Custom.data == 'x')",
     "SELECT custom.id, custom.data \nFROM custom \nWHERE custom.data = :data_1"),
    # a column_property that cannot be rebuilt: the entity's SELECT would lack it
    ("select(PropFirst)", None),
    ("select(PropFirst.name)", "SELECT prop_first.name \nFROM prop_first"),
    ("select(Engineer.language)",
     "SELECT engineers.language \nFROM employees JOIN engineers ON employees.id = engineers.id"),
])
def test_previews_over_degraded_models(broken, expression, sql):
    assert _preview(broken, expression) == sql


@pytest.mark.parametrize("expression", [
    "select(WithProp).where(WithProp.n > 1)",           # a column_property, rebuilt
    "select(Engineer).where(Engineer.name == 'x')",     # joined inheritance
    "select(Manager).where(Manager.level > 2)",         # single table: the discriminator filter
    "select(Employee)",
])
def test_rebuilt_models_equal_the_runtime(broken, expression):
    source = BROKEN.replace("from myapp.types import JSONish", "JSONish = String").replace(
        "from sqlalchemy.orm import", "from orm import").replace(
        "from sqlalchemy import", "from orm import")
    source = source.split("class BadTarget")[0] + "class WithProp" + \
        source.split("class WithProp")[1].split("class PropFirst")[0] + "class Employee" + \
        source.split("class Employee")[1]
    name = "preview_inheritance_rt"
    module = sys.modules.get(name)
    if module is None:
        module = sys.modules[name] = types.ModuleType(name)
        exec(compile(source, name, "exec"), module.__dict__)  # noqa: S102 - fixture models
    expected = eval(expression, dict(module.__dict__))  # noqa: S307 - the case's expression
    assert _preview(broken, expression) == runtime_sql(expected, "sqlite")[0]


def test_the_shadow_model_is_cached_per_index_generation(tmp_path):
    ws = workspace_with(tmp_path, "")
    first = shadow_model(ws.project)
    assert shadow_model(ws.project) is first
    models = tmp_path / "models.py"
    models.write_text(textwrap.dedent(MODELS).replace('String(50)', 'String(60)'),
                      encoding="utf-8")
    ws.file_changed(models)
    second = shadow_model(ws.project)
    assert second is not first and second.generation > first.generation
    assert second.class_for("models.User").__table__.c.name.type.length == 60
    assert first.registry is not second.registry


def test_index_types_become_orm_types(tmp_path):
    ws = workspace_with(tmp_path, "")
    users = shadow_model(ws.project).tables["users"]
    posts = shadow_model(ws.project).tables["posts"]
    assert repr(users.c.name.type) == "String(length=50)"
    assert repr(posts.c.score.type) == "Numeric(precision=10, scale=2)"
    assert posts.c.author_id.foreign_keys and users.c.id.primary_key
    assert shadow_model(ws.project).tables["tags"].c.tag_name.key == "tag_name"


FLASK_MODELS = '''
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class User(db.Model):
    __tablename__ = "users"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(50))
    email = db.Column(db.String(120))
    addresses = db.relationship("Address", back_populates="user")


class Address(db.Model):
    __tablename__ = "addresses"
    id = db.Column(db.Integer, primary_key=True)
    email_address = db.Column(db.String(100))
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"))
    user = db.relationship("User", back_populates="addresses")
'''


@pytest.mark.parametrize("view,expected", [
    ("User.query.filter_by(name='ed').order_by(User.id)",
     "session.query(User).filter_by(name='ed').order_by(User.id)"),
    ("db.session.query(User).join(User.addresses)",
     "session.query(User).join(User.addresses)"),
    ("db.select(User).where(User.id == 5)", "select(User).where(User.id == 5)"),
    ("db.session.execute(db.select(User.name).where(db.and_(User.id > 1, User.id < 3)))",
     "select(User.name).where(and_(User.id > 1, User.id < 3))"),
])
def test_flask_sqlalchemy_models_and_queries(tmp_path, view, expected):
    body = f"from models import db, User, Address\n\n\ndef v():\n    return @@{view}\n"
    found = preview_marked(tmp_path, body, models=FLASK_MODELS, header=False)
    assert found is not None
    ns = {"session": orm.Session(), "User": orm_models().User, "select": orm.select,
          "and_": orm.and_}
    assert found.statements[0].sql == runtime_sql(eval(expected, ns), "sqlite")[0]  # noqa: S307


@pytest.mark.parametrize("imports,expression", [
    ("import sqlalchemy as sa", "sa.select(User).where(sa.and_(User.id > 1, sa.func.lower(User.name) == 'ed'))"),
    ("from orm import select, and_, func", "select(User).where(and_(User.id > 1, func.lower(User.name) == 'ed'))"),
    ("import orm", "orm.select(User).where(orm.and_(User.id > 1, orm.func.lower(User.name) == 'ed'))"),
    ("from sqlalchemy.sql.expression import select, and_\nfrom sqlalchemy.sql import func",
     "select(User).where(and_(User.id > 1, func.lower(User.name) == 'ed'))"),
    ("from sqlalchemy import *", "select(User).where(and_(User.id > 1, func.lower(User.name) == 'ed'))"),
])
def test_every_import_spelling_gives_the_same_sql(tmp_path, imports, expression):
    body = f"{imports}\nfrom models import User\n\n\ndef v():\n    return @@{expression}\n"
    found = preview_marked(tmp_path, body, header=False)
    assert found is not None, imports
    assert found.statements[0].sql == (
        "SELECT users.id, users.name, users.email \nFROM users \n"
        "WHERE users.id > :id_1 AND lower(users.name) = :lower_1")


DEFAULTS = '''
import datetime
import uuid
from sqlalchemy import Column, Integer, String, DateTime, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc)


class Item(Base):
    __tablename__ = "items"
    id = Column(Integer, primary_key=True)
    name = Column(String(20))
    created = Column(DateTime, default=utcnow)
    rank = Column(Integer, default=5)
    seen = Column(DateTime, server_default=func.now())
    changed = Column(DateTime, default=func.now(), onupdate=func.now())
    version = Column(Integer, onupdate=7)
    token: Mapped[str] = mapped_column(String(36), insert_default=lambda: str(uuid.uuid4()))
'''


@pytest.mark.parametrize("expression", ["insert(Item).values(name='x')",
                                        "update(Item).where(Item.id == 3).values(name='x')"])
def test_column_defaults_are_sent_as_the_runtime_sends_them(tmp_path, expression):
    body = ("from sqlalchemy import insert, update\nfrom models import Item\n\n\n"
            f"def v():\n    return @@{expression}\n")
    found = preview_marked(tmp_path, body, dialects=["sqlite", "postgresql"], models=DEFAULTS,
                           header=False)
    source = DEFAULTS.replace("from sqlalchemy.orm import", "from orm import").replace(
        "from sqlalchemy import", "from orm import")
    module = types.ModuleType("preview_defaults_rt")
    sys.modules[module.__name__] = module
    exec(compile(source, module.__name__, "exec"), module.__dict__)  # noqa: S102 - fixture
    expected = eval(expression, {"insert": orm.insert, "update": orm.update,  # noqa: S307
                                 "Item": module.Item})
    for entry in found.statements:
        sql, params = runtime_sql(expected, entry.dialect)
        assert entry.sql == sql
        assert set(entry.params) == set(params)
        shown = {k: repr(v) for k, v in entry.params.items()}
        if expression.startswith("insert"):
            assert shown == {"name": "'x'", "created": "<utcnow>",
                             "rank": "5", "token": "<lambda: str(uuid.uuid4())>"}
        else:
            assert shown == {"name": "'x'", "version": "7", "id_1": "3"}


ORDERING = '''
import datetime
from typing import Optional
from sqlalchemy import Column, Integer, DateTime, ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Stamped:
    created: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime)
    updated = Column(DateTime)


class Owned:
    owner_id: Mapped[Optional[int]]


class Row(Stamped, Owned, Base):
    __tablename__ = "rows"
    id: Mapped[int] = mapped_column(primary_key=True)
    x = Column(Integer)
    y: Mapped[Optional[str]]
    z: Mapped[int] = mapped_column()
    w: Mapped[Optional[int]]
'''


def test_column_order_follows_the_runtime_declarative_scan(tmp_path):
    body = "from sqlalchemy import select\nfrom models import Row\n\n\nstmt = @@select(Row)\n"
    found = preview_marked(tmp_path, body, models=ORDERING, header=False)
    source = ORDERING.replace("from sqlalchemy.orm import", "from orm import").replace(
        "from sqlalchemy import", "from orm import")
    module = types.ModuleType("preview_ordering_rt")
    sys.modules[module.__name__] = module
    exec(compile(source, module.__name__, "exec"), module.__dict__)  # noqa: S102 - fixture
    assert found.statements[0].sql == runtime_sql(orm.select(module.Row), "sqlite")[0]
    assert found.statements[0].sql.startswith("SELECT rows.id, rows.y, rows.x, rows.z, rows.w, ")


UNNAMED_FAILURE = '''
from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import DeclarativeBase, relationship


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parents"
    id = Column(Integer, primary_key=True)
    children = relationship("Child", back_populates="parent")
    # an argument that refers to itself: configuring it cannot end (the error names nothing)
    loop = relationship("Child", primaryjoin="Parent.loop == Child.id", viewonly=True)


class Child(Base):
    __tablename__ = "children"
    id = Column(Integer, primary_key=True)
    parent_id = Column(ForeignKey("parents.id"))
    parent = relationship("Parent", back_populates="children")
'''


def test_a_failing_relationship_the_error_does_not_name_is_isolated(tmp_path):
    body = ("from sqlalchemy import select\nfrom models import Parent, Child\n\n\n"
            "stmt = @@select(Parent).join(Parent.children)\n")
    found = preview_marked(tmp_path, body, models=UNNAMED_FAILURE, header=False)
    assert found.statements[0].sql == ("SELECT parents.id \nFROM parents JOIN children ON "
                                       "parents.id = children.parent_id")
    problems = shadow_model(workspace_with(tmp_path, "", UNNAMED_FAILURE).project).problems
    assert "left out: models.Parent.loop" in problems
