"""Mapped classes in every declarative style users write, against orm, sqlalchemy and Flask."""
from __future__ import annotations

import pytest
from index_helpers import index_project

CLASSIC = """
    from {pkg} import Column, ForeignKey, Integer, Numeric, String
    from {pkg_orm} import declarative_base, relationship

    Base = declarative_base()

    class Customer(Base):
        __tablename__ = "customers"
        id = Column(Integer, primary_key=True)
        name = Column(String(100), nullable=False)
        email = Column("email_address", String(120))

    class Order(Base):
        __tablename__ = "orders"
        id = Column(Integer, primary_key=True)
        customer_id = Column(Integer, ForeignKey("customers.id"), nullable=False)
        total = Column(Numeric(10, 2))
        customer = relationship("Customer", backref="orders")
"""


@pytest.mark.parametrize(("pkg", "pkg_orm", "flavor"), [
    ("sqlalchemy", "sqlalchemy.orm", "sqlalchemy"),
    ("orm", "orm", "orm"),
])
def test_classic_declarative_base_is_understood_alike(tmp_path, pkg, pkg_orm, flavor):
    index = index_project(tmp_path, {"shop.py": CLASSIC.format(pkg=pkg, pkg_orm=pkg_orm)})
    customer = index.models["shop.Customer"]
    order = index.models["shop.Order"]
    assert customer.flavor == order.flavor == flavor
    assert customer.tablename == "customers"
    assert [c.key for c in customer.primary_key] == ["id"]
    name = customer.columns["name"]
    assert (name.sql_type, name.type_args, name.python_type, name.nullable) == \
        ("String", (100,), "str", False)
    assert customer.columns["email"].name == "email_address"
    assert customer.columns["email"].nullable is True
    assert order.columns["total"].python_type == "decimal.Decimal"
    assert order.columns["total"].type_args == (10, 2)
    assert order.columns["customer_id"].foreign_keys == ("customers.id",)
    rel = order.relationships["customer"]
    assert (rel.target, rel.target_qualname, rel.direction, rel.uselist, rel.lazy) == \
        ("Customer", "shop.Customer", "MANYTOONE", False, "select")
    back = customer.relationships["orders"]
    assert back.generated_from_backref and back.direction == "ONETOMANY" and back.uselist
    assert back.target_qualname == "shop.Order" and back.back_populates == "customer"
    assert index.model_by_tablename("orders") is order


def test_declarative_base_class_with_mapped_annotations(tmp_path):
    index = index_project(tmp_path, {"blog.py": """
        import datetime
        from decimal import Decimal
        from typing import List, Optional
        from sqlalchemy import ForeignKey, String, Text
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

        class Base(DeclarativeBase):
            type_annotation_map = {str: String(255)}

        class User(Base):
            __tablename__ = "users"
            id: Mapped[int] = mapped_column(primary_key=True)
            name: Mapped[str]
            nickname: Mapped[Optional[str]] = mapped_column(String(30))
            bio: Mapped[str | None] = mapped_column(Text)
            joined: Mapped[datetime.datetime]
            balance: Mapped[Decimal] = mapped_column(nullable=True)
            posts: Mapped[List["Post"]] = relationship(back_populates="author")

        class Post(Base):
            __tablename__ = "posts"
            id: Mapped[int] = mapped_column(primary_key=True)
            user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
            author: Mapped["User"] = relationship(back_populates="posts")
            editor: Mapped[Optional[User]] = relationship(foreign_keys=[user_id], viewonly=True)
    """})
    user = index.models["blog.User"]
    assert index.bases["blog.Base"] == "sqlalchemy"
    assert "blog.Base" not in index.models
    name = user.columns["name"]
    assert (name.sql_type, name.type_args, name.python_type, name.nullable) == \
        ("String", (255,), "str", False)
    assert user.columns["nickname"].nullable is True
    assert user.columns["nickname"].type_args == (30,)
    assert (user.columns["bio"].sql_type, user.columns["bio"].nullable) == ("Text", True)
    assert (user.columns["joined"].sql_type, user.columns["joined"].python_type) == \
        ("DateTime", "datetime.datetime")
    assert user.columns["balance"].python_type == "decimal.Decimal"
    assert user.columns["balance"].nullable is True
    posts = user.relationships["posts"]
    assert (posts.target, posts.target_qualname, posts.uselist, posts.collection,
            posts.direction) == ("Post", "blog.Post", True, "list", "ONETOMANY")
    post = index.models["blog.Post"]
    assert post.relationships["author"].uselist is False
    assert post.relationships["author"].direction == "MANYTOONE"
    editor = post.relationships["editor"]
    assert (editor.target_qualname, editor.viewonly, editor.uselist) == ("blog.User", True, False)
    assert post.attribute("user_id").python_type == "int"


def test_flask_sqlalchemy_models_across_modules(tmp_path):
    index = index_project(tmp_path, {
        "app/__init__.py": "",
        "app/extensions.py": """
            from flask_sqlalchemy import SQLAlchemy
            db = SQLAlchemy()
        """,
        "app/models.py": """
            from .extensions import db

            roles_users = db.Table(
                "roles_users",
                db.Column("user_id", db.Integer, db.ForeignKey("user.id")),
                db.Column("role_id", db.Integer, db.ForeignKey("role.id")),
            )

            class User(db.Model):
                id = db.Column(db.Integer, primary_key=True)
                username = db.Column(db.String(64), index=True, unique=True)
                roles = db.relationship("Role", secondary=roles_users,
                                        backref=db.backref("users", lazy="dynamic"))
                posts = db.relationship("Post", backref="author", lazy="dynamic")

            class Role(db.Model):
                id = db.Column(db.Integer, primary_key=True)

            class Post(db.Model):
                __tablename__ = "posts"
                id = db.Column(db.Integer, primary_key=True)
                user_id = db.Column(db.ForeignKey("user.id"))

            class OAuthToken(db.Model):
                id = db.Column(db.Integer, primary_key=True)
        """,
    })
    user = index.models["app.models.User"]
    assert user.flavor == "flask_sqlalchemy"
    assert user.tablename == "user"
    assert index.models["app.models.OAuthToken"].tablename == "o_auth_token"
    assert "query" in user.other_attributes
    assert user.columns["username"].unique and user.columns["username"].index
    roles = user.relationships["roles"]
    assert (roles.secondary, roles.direction, roles.uselist) == ("roles_users", "MANYTOMANY", True)
    users = index.models["app.models.Role"].relationships["users"]
    assert (users.generated_from_backref, users.lazy, users.direction, users.target_qualname) == \
        (True, "dynamic", "MANYTOMANY", "app.models.User")
    assert user.relationships["posts"].lazy == "dynamic"
    author = index.models["app.models.Post"].relationships["author"]
    assert (author.direction, author.uselist, author.lazy) == ("MANYTOONE", False, "select")
    # a Column(ForeignKey(...)) without a type gets the referenced column's type
    assert index.models["app.models.Post"].columns["user_id"].python_type == "int"
    table = index.tables["roles_users"]
    assert table.qualname_of_variable == "app.models.roles_users"
    assert table.columns["user_id"].foreign_keys == ("user.id",)
    assert index.flask_dbs == {"app.extensions.db"}


def test_registry_styles_and_as_declarative(tmp_path):
    index = index_project(tmp_path, {
        "reg.py": """
            from sqlalchemy import Column, Integer, String
            from sqlalchemy.orm import as_declarative, declared_attr, registry

            mapper_registry = registry()
            Base = mapper_registry.generate_base()
            Other = registry().generate_base()

            @mapper_registry.mapped
            class Plain:
                __tablename__ = "plain"
                id = Column(Integer, primary_key=True)

            class FromGenerated(Base):
                __tablename__ = "generated"
                id = Column(Integer, primary_key=True)

            class FromOther(Other):
                __tablename__ = "other"
                id = Column(Integer, primary_key=True)

            @as_declarative()
            class AutoBase:
                id = Column(Integer, primary_key=True)

                @declared_attr
                def __tablename__(cls):
                    return cls.__name__.lower()

            class Widget(AutoBase):
                label = Column(String(20))
        """,
    })
    assert set(index.models) == {"reg.Plain", "reg.FromGenerated", "reg.FromOther", "reg.Widget"}
    widget = index.models["reg.Widget"]
    assert widget.tablename == "widget"
    assert widget.attribute("id").primary_key
    assert [c.key for c in widget.primary_key] == ["id"]
    assert index.models["reg.Plain"].tablename == "plain"


def test_mixins_abstract_bases_and_inheritance(tmp_path):
    index = index_project(tmp_path, {
        "core/__init__.py": "",
        "core/base.py": """
            from datetime import datetime
            from sqlalchemy import ForeignKey, func
            from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

            class Base(DeclarativeBase):
                pass

            class TimestampMixin:
                created_at: Mapped[datetime] = mapped_column(server_default=func.now())

            class OwnedMixin:
                @declared_attr
                def owner_id(cls) -> Mapped[int]:
                    return mapped_column(ForeignKey("people.id"))

            class Entity(Base):
                __abstract__ = True
                id: Mapped[int] = mapped_column(primary_key=True)
        """,
        "core/people.py": """
            from sqlalchemy import String
            from sqlalchemy.orm import Mapped, mapped_column, relationship
            from .base import Entity, OwnedMixin, TimestampMixin

            class Person(TimestampMixin, Entity):
                __tablename__ = "people"
                kind: Mapped[str] = mapped_column(String(20))
                name: Mapped[str]
                __mapper_args__ = {"polymorphic_on": kind, "polymorphic_identity": "person"}

            class Engineer(Person):
                __tablename__ = "engineers"
                id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
                language: Mapped[str]
                __mapper_args__ = {"polymorphic_identity": "engineer"}

            class Manager(Person):
                budget: Mapped[int | None]
                __mapper_args__ = {"polymorphic_identity": "manager"}

            class Gadget(OwnedMixin, Entity):
                __tablename__ = "gadgets"
                owner = relationship("Person")
        """,
    })
    assert "core.base.Entity" in index.abstract and index.abstract["core.base.Entity"].is_abstract
    assert "core.base.Entity" not in index.models
    person = index.models["core.people.Person"]
    assert set(person.columns) >= {"id", "created_at", "kind", "name"}
    assert person.columns["created_at"].has_default
    assert person.polymorphic_identity == "person"
    engineer = index.models["core.people.Engineer"]
    assert (engineer.inherits, engineer.tablename, engineer.polymorphic_identity) == \
        ("core.people.Person", "engineers", "engineer")
    assert engineer.attribute("name") is person.columns["name"]
    assert engineer.has_attribute("created_at")
    manager = index.models["core.people.Manager"]
    assert manager.tablename == "people"          # single-table inheritance
    assert manager.columns["budget"].nullable is True
    assert "budget" in index.tables["people"].columns
    gadget = index.models["core.people.Gadget"]
    assert gadget.columns["owner_id"].foreign_keys == ("people.id",)
    owner = gadget.relationships["owner"]
    assert (owner.target_qualname, owner.direction, owner.uselist) == \
        ("core.people.Person", "MANYTOONE", False)
    mixin = index.abstract["core.base.TimestampMixin"]
    assert mixin.is_mixin and "created_at" in mixin.columns


def test_attribute_kinds(tmp_path):
    index = index_project(tmp_path, {"kinds.py": """
        from sqlalchemy import Column, Integer, String, Text, select, func
        from sqlalchemy.ext.hybrid import hybrid_property
        from sqlalchemy.orm import (DeclarativeBase, Mapped, column_property, deferred,
                                    mapped_column, synonym)

        class Base(DeclarativeBase):
            pass

        class Account(Base):
            __tablename__ = "accounts"
            id: Mapped[int] = mapped_column(primary_key=True)
            first: Mapped[str] = mapped_column(String(50))
            last: Mapped[str] = mapped_column(String(50))
            full: Mapped[str] = column_property(first + " " + last)
            notes = deferred(Column(Text))
            blob: Mapped[bytes] = mapped_column(deferred=True)
            login = synonym("first")
            _status = Column("status", Integer)

            @hybrid_property
            def length(self) -> int:
                return len(self.first)

            @length.expression
            def length(cls):
                return func.length(cls.first)

            @property
            def display(self):
                return self.first

            def greet(self):
                return "hi"
    """})
    account = index.models["kinds.Account"]
    assert account.columns["full"].kind == "column_property"
    assert account.columns["full"].python_type == "str"
    assert account.columns["notes"].deferred and account.columns["notes"].sql_type == "Text"
    assert account.columns["blob"].deferred and account.columns["blob"].python_type == "bytes"
    login = account.columns["login"]
    assert (login.kind, login.synonym_for, login.python_type) == ("synonym", "first", "str")
    assert account.columns["_status"].name == "status"
    length = account.columns["length"]
    assert (length.kind, length.python_type) == ("hybrid", "int")
    assert {"length", "display", "greet"} <= account.other_attributes
    assert account.has_attribute("greet") and not account.has_attribute("nope")
    assert account.attribute("greet") is None


def test_relationship_fields(tmp_path):
    index = index_project(tmp_path, {"rel.py": """
        from sqlalchemy import Column, ForeignKey, Integer, Table
        from sqlalchemy.orm import DeclarativeBase, Mapped, WriteOnlyMapped, backref, \\
            mapped_column, relationship

        class Base(DeclarativeBase):
            pass

        tags = Table("post_tags", Base.metadata,
                     Column("post_id", ForeignKey("posts.id"), primary_key=True),
                     Column("tag_id", ForeignKey("tags.id"), primary_key=True))

        class Node(Base):
            __tablename__ = "nodes"
            id: Mapped[int] = mapped_column(primary_key=True)
            parent_id: Mapped[int | None] = mapped_column(ForeignKey("nodes.id"))
            children = relationship("Node", back_populates="parent", lazy="selectin",
                                    order_by="Node.id", cascade="all, delete-orphan")
            parent = relationship("Node", back_populates="children", remote_side=[id])

        class Post(Base):
            __tablename__ = "posts"
            id: Mapped[int] = mapped_column(primary_key=True)
            tags = relationship("Tag", secondary=lambda: tags, backref=backref("posts", lazy="joined"))
            log: WriteOnlyMapped["Entry"] = relationship()
            one = relationship(lambda: Entry, uselist=False, lazy=False)

        class Tag(Base):
            __tablename__ = "tags"
            id: Mapped[int] = mapped_column(primary_key=True)

        class Entry(Base):
            __tablename__ = "entries"
            id: Mapped[int] = mapped_column(primary_key=True)
            post_id = mapped_column(ForeignKey(Post.id))
    """})
    node = index.models["rel.Node"]
    children, parent = node.relationships["children"], node.relationships["parent"]
    assert (children.direction, children.uselist, children.lazy, children.order_by_text,
            children.cascade) == ("ONETOMANY", True, "selectin", '"Node.id"', "all, delete-orphan")
    assert (parent.direction, parent.uselist, parent.remote_side_text) == \
        ("MANYTOONE", False, "[id]")
    post = index.models["rel.Post"]
    assert post.relationships["tags"].secondary == "post_tags"
    assert post.relationships["tags"].direction == "MANYTOMANY"
    back = index.models["rel.Tag"].relationships["posts"]
    assert (back.lazy, back.uselist, back.generated_from_backref) == ("joined", True, True)
    log = post.relationships["log"]
    assert (log.lazy, log.mapped_kind, log.target_qualname, log.uselist) == \
        ("write_only", "WriteOnlyMapped", "rel.Entry", False)
    one = post.relationships["one"]
    assert (one.target, one.uselist, one.lazy, one.direction) == \
        ("Entry", False, "joined", "ONETOMANY")
    assert index.models["rel.Entry"].columns["post_id"].foreign_keys == ("posts.id",)
    assert index.tables["post_tags"].columns["tag_id"].foreign_keys == ("tags.id",)


def test_foreign_keys_both_ways_and_column_property_columns(tmp_path):
    # shapes met in real projects (flaskbb's Topic/Post, CTFd's Solves)
    index = index_project(tmp_path, {
        "app/__init__.py": "",
        "app/db.py": "from flask_sqlalchemy import SQLAlchemy\ndb = SQLAlchemy()\n",
        "app/models.py": """
            from sqlalchemy.orm import column_property
            from .db import db

            class Topic(db.Model):
                __tablename__ = "topics"
                id = db.Column(db.Integer, primary_key=True)
                first_post_id = db.Column(db.ForeignKey("posts.id"))
                first_post = db.relationship("Post", foreign_keys=[first_post_id])
                posts = db.relationship("Post", primaryjoin="Post.topic_id == Topic.id",
                                        lazy="dynamic")

            class Post(db.Model):
                __tablename__ = "posts"
                id = db.Column(db.Integer, primary_key=True)
                topic_id = db.Column(db.Integer, db.ForeignKey("topics.id"))
                topic = db.relationship("Topic", foreign_keys="Post.topic_id")

            class Submission(db.Model):
                __tablename__ = "submissions"
                id = db.Column(db.Integer, primary_key=True)
                topic_id = db.Column(db.Integer, db.ForeignKey("topics.id"))
                type = db.Column(db.String(32))
                __mapper_args__ = {"polymorphic_on": type}

            class Solve(Submission):
                __tablename__ = "solves"
                id = db.Column(None, db.ForeignKey("submissions.id"), primary_key=True)
                topic_id = column_property(db.Column(db.Integer, db.ForeignKey("topics.id")),
                                           Submission.topic_id)
                topic = db.relationship("Topic", foreign_keys="Solve.topic_id")
        """,
    })
    topic = index.models["app.models.Topic"]
    assert topic.relationships["first_post"].direction == "MANYTOONE"
    assert topic.relationships["posts"].direction == "ONETOMANY"
    assert index.models["app.models.Post"].relationships["topic"].direction == "MANYTOONE"
    solve = index.models["app.models.Solve"]
    column = solve.columns["topic_id"]
    assert (column.kind, column.foreign_keys, column.python_type) == \
        ("column_property", ("topics.id",), "int")
    assert solve.columns["id"].python_type == "int"     # typed by its foreign key
    assert solve.relationships["topic"].direction == "MANYTOONE"


def test_flask_sqlalchemy_with_a_declarative_base_model_class(tmp_path):
    index = index_project(tmp_path, {"app.py": """
        from flask_sqlalchemy import SQLAlchemy
        from sqlalchemy import String
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

        class Base(DeclarativeBase):
            type_annotation_map = {str: String(80)}

        db = SQLAlchemy(model_class=Base)

        class UserAccount(db.Model):
            id: Mapped[int] = mapped_column(primary_key=True)
            name: Mapped[str]
    """})
    user = index.models["app.UserAccount"]
    assert (user.flavor, user.tablename) == ("flask_sqlalchemy", "user_account")
    assert (user.columns["name"].sql_type, user.columns["name"].type_args) == ("String", (80,))
    assert "query" in user.other_attributes


def test_constructor_chain_follows_the_mro(tmp_path):
    index = index_project(tmp_path, {"app.py": """
        from dataclasses import dataclass
        from sqlalchemy import Column, Integer
        from sqlalchemy.orm import DeclarativeBase, as_declarative, declarative_base

        class Base(DeclarativeBase):
            pass

        class Loose:
            def __init__(self, **kw):
                self.extra = kw

        class Strict:
            def __init__(self, label, /, *, colour="red"):
                self.label = label

        class Forwarding:
            def __init__(self, *args, tag=None, **kw):
                super(Forwarding, self).__init__(*args, **kw)

        class Own(Base):
            __tablename__ = "own"
            id = Column(Integer, primary_key=True)
            def __init__(self, name, email=None):
                self.name = name

        class LooseFirst(Loose, Base):
            __tablename__ = "loose_first"
            id = Column(Integer, primary_key=True)

        class BaseFirst(Base, Loose):          # Base holds the default constructor
            __tablename__ = "base_first"
            id = Column(Integer, primary_key=True)

        class Chained(Forwarding, Strict, Base):
            __tablename__ = "chained"
            id = Column(Integer, primary_key=True)

        @dataclass
        class Decorated(Base):
            __tablename__ = "decorated"
            id = Column(Integer, primary_key=True)

        class Assigned(Base):
            __tablename__ = "assigned"
            id = Column(Integer, primary_key=True)
            __init__ = Loose.__init__

        NoCtor = declarative_base(constructor=None)
        Custom = declarative_base(constructor=lambda self, **kw: None)

        class OnNoCtor(Strict, NoCtor):
            __tablename__ = "on_no_ctor"
            id = Column(Integer, primary_key=True)

        class OnCustom(Custom):
            __tablename__ = "on_custom"
            id = Column(Integer, primary_key=True)

        @as_declarative()
        class Declared:
            def __init__(self, anything):
                pass

        class OnDeclared(Declared):
            __tablename__ = "on_declared"
            id = Column(Integer, primary_key=True)
    """})
    models = {q.split(".")[-1]: m for q, m in index.models.items()}
    own = models["Own"]
    assert own.defines_init and not models["LooseFirst"].defines_init
    assert [s.keywords for s in own.constructor] == [("name", "email")]
    assert own.constructor_verdict("email") == "accepted"
    assert own.constructor_verdict("id") == "rejected"
    assert models["LooseFirst"].constructor_verdict("x") == "unknown"
    assert models["BaseFirst"].constructor == ()
    assert models["BaseFirst"].constructor_verdict("id") == "default"
    chained = models["Chained"]
    assert [s.owner for s in chained.constructor] == ["app.Forwarding", "app.Strict"]
    assert chained.constructor_verdict("tag") == "accepted"
    assert chained.constructor_verdict("colour") == "accepted"
    assert chained.constructor_verdict("label") == "rejected"      # positional-only
    assert models["Decorated"].constructor is None
    assert models["Assigned"].constructor is None
    assert models["OnNoCtor"].constructor_verdict("colour") == "accepted"
    assert models["OnCustom"].constructor is None
    assert models["OnDeclared"].constructor == ()


def test_foreign_key_constraints_are_indexed(tmp_path):
    index = index_project(tmp_path, {"app/__init__.py": "", "app/models.py": """
        import sqlalchemy as sa
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

        from app.util import constraints

        class Base(DeclarativeBase):
            pass

        class Region(Base):
            __tablename__ = "regions"
            code: Mapped[str] = mapped_column(primary_key=True)
            country: Mapped[str] = mapped_column(primary_key=True)

        class Store(Base):
            __tablename__ = "stores"
            id: Mapped[int] = mapped_column(primary_key=True)
            region_code: Mapped[str] = mapped_column("rcode")
            region_country: Mapped[str]
            region = relationship(Region)
            __table_args__ = (
                sa.ForeignKeyConstraint([region_code, "region_country"],
                                        [Region.code, "regions.country"]),
                sa.UniqueConstraint("region_code"),
                {"schema": None},
            )

        stock = sa.Table("stock", Base.metadata,
                         sa.Column("store_id", sa.Integer, primary_key=True),
                         sa.ForeignKeyConstraint(["store_id"], ["stores.id"]))

        class Stock(Base):
            __table__ = stock
            store = relationship(Store, backref="stock")

        class Built(Base):
            __tablename__ = "built"
            id: Mapped[int] = mapped_column(primary_key=True)
            store_id: Mapped[int]
            __table_args__ = constraints("store_id", "stores.id")   # ForeignKeyConstraint inside

        class Mismatched(Base):
            __tablename__ = "mismatched"
            id: Mapped[int] = mapped_column(primary_key=True)
            __table_args__ = (sa.ForeignKeyConstraint(["a", "b"], ["stores.id"]),)
    """, "app/util.py": """
        import sqlalchemy as sa
        def constraints(column, target):
            return (sa.ForeignKeyConstraint([column], [target]),)
    """})
    store = index.models["app.models.Store"]
    assert store.columns["region_code"].foreign_keys == ("regions.code",)
    assert store.columns["region_country"].foreign_keys == ("regions.country",)
    assert store.relationships["region"].direction == "MANYTOONE"
    assert not store.unread_foreign_keys
    stock = index.models["app.models.Stock"]
    assert stock.tablename == "stock"
    assert stock.columns["store_id"].foreign_keys == ("stores.id",)
    assert stock.relationships["store"].direction == "MANYTOONE"
    assert store.relationships["stock"].direction == "ONETOMANY"
    assert index.models["app.models.Built"].unread_foreign_keys
    assert index.models["app.models.Mismatched"].unread_foreign_keys


def test_bases_made_by_project_factories(tmp_path):
    index = index_project(tmp_path, {"app/__init__.py": "", "app/schema.py": """
        from sqlalchemy.orm import as_declarative, declarative_base, DeclarativeBase

        Base = declarative_base()

        class VersionedMeta(type(Base)):
            pass

        def versioned_base(plugin, version):
            @as_declarative(metaclass=VersionedMeta, metadata=Base.metadata)
            class VersionedBase:
                _plugin = plugin
                _version = version
            return VersionedBase

        def plain_base(schema):
            base = declarative_base()
            return base

        def not_a_base(x):
            class Helper:
                pass
            return Helper
    """, "app/plugins/__init__.py": "", "app/plugins/series.py": """
        from sqlalchemy import Column, ForeignKey, Integer, String
        from sqlalchemy.orm import relationship
        from app import schema
        from app.schema import plain_base, not_a_base

        Base = schema.versioned_base("series", 3)
        Other = plain_base("x")
        Nothing = not_a_base(1)

        class Show(Base):
            __tablename__ = "shows"
            id = Column(Integer, primary_key=True)
            tasks = relationship("Task", backref="show")

        class Task(Base):
            __tablename__ = "tasks"
            id = Column(Integer, primary_key=True)
            show_id = Column(Integer, ForeignKey("shows.id"))
            def __init__(self, name):
                self.name = name

        class Note(Other):
            __tablename__ = "notes"
            id = Column(Integer, primary_key=True)
            text = Column(String(20))

        class NotMapped(Nothing):
            id = Column(Integer, primary_key=True)
    """})
    show = index.models["app.plugins.series.Show"]
    assert show.base == "app.schema.versioned_base.<locals>.VersionedBase"
    assert show.flavor == "sqlalchemy"
    assert show.relationships["tasks"].direction == "ONETOMANY"
    task = index.models["app.plugins.series.Task"]
    assert task.relationships["show"].direction == "MANYTOONE"
    assert task.constructor_verdict("show_id") == "rejected"
    assert show.constructor == ()
    assert index.models["app.plugins.series.Note"].columns["text"].python_type == "str"
    assert "app.plugins.series.NotMapped" not in index.models


def test_imperative_mappings(tmp_path):
    index = index_project(tmp_path, {"app/__init__.py": "", "app/meta.py": """
        from sqlalchemy import MetaData, orm
        metadata = MetaData()
        registry = orm.registry(metadata=metadata)
    """, "app/tag.py": """
        import sqlalchemy as sa
        from app.meta import metadata

        tag_table = sa.Table("tag", metadata,
                             sa.Column("id", sa.Integer, primary_key=True),
                             sa.Column("name", sa.String(40)))
        package_tag_table = sa.Table("package_tag", metadata,
                                     sa.Column("id", sa.Integer, primary_key=True),
                                     sa.Column("package_id", sa.ForeignKey("package.id")),
                                     sa.Column("tag_id", sa.ForeignKey("tag.id")))

        class Tag:
            def __init__(self, name=None):
                self.name = name

        class PackageTag:
            pass
    """, "app/package.py": """
        import sqlalchemy as sa
        from sqlalchemy import orm
        from app import meta, tag
        from app.meta import metadata

        package_table = sa.Table("package", metadata,
                                 sa.Column("id", sa.Integer, primary_key=True),
                                 sa.Column("name", sa.String(100)),
                                 sa.Column("notes", sa.Text))

        class Package:
            pass

        class Dataset(Package):
            pass

        meta.registry.map_imperatively(tag.Tag, tag.tag_table)
        meta.registry.map_imperatively(Package, package_table, properties={
            "_notes": package_table.c.notes,
            "package_tags": orm.relationship(tag.PackageTag, backref="package"),
        })
        meta.registry.map_imperatively(tag.PackageTag, tag.package_tag_table, properties={
            "tag": orm.relationship(tag.Tag, backref=orm.backref("package_tags")),
        })
        orm.mapper(Dataset, package_table, inherits=Package)   # SQLAlchemy 1.x spelling
    """})
    package = index.models["app.package.Package"]
    assert package.tablename == "package" and package.flavor == "sqlalchemy"
    assert set(package.columns) == {"id", "name", "_notes"}
    assert package.columns["_notes"].name == "notes"
    rel = package.relationships["package_tags"]
    assert (rel.target_qualname, rel.direction) == ("app.tag.PackageTag", "ONETOMANY")
    package_tag = index.models["app.tag.PackageTag"]
    assert package_tag.relationships["package"].direction == "MANYTOONE"
    assert package_tag.relationships["tag"].direction == "MANYTOONE"
    assert index.models["app.tag.Tag"].relationships["package_tags"].direction == "ONETOMANY"
    assert index.models["app.package.Dataset"].inherits == "app.package.Package"
    # no constructor is installed: a class without __init__ keeps object's
    assert package.constructor is None
    assert index.models["app.tag.Tag"].constructor_verdict("name") == "accepted"
