"""One project for the preview tests, its models run for real with ``orm``, and the runtime's SQL.

``MODELS`` is written against SQLAlchemy (as users write it); the checker reads it as text.  The
same source with ``orm`` imports is executed here (test fixture code, not user code) to build the
real statements the previews must equal.
"""
from __future__ import annotations

import sys
import textwrap
import types
from pathlib import Path
from typing import Any

import orm
from analysis import preview
from analysis.reconstruct.values import DynamicValue
from analysis.workspace import Workspace

MODELS = '''
from typing import List, Optional
import datetime
from decimal import Decimal
from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text, DateTime, Numeric
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


post_tags = Table(
    "post_tags", Base.metadata,
    Column("post_id", ForeignKey("posts.id"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id"), primary_key=True),
)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    email: Mapped[Optional[str]] = mapped_column(String(120))
    addresses: Mapped[List["Address"]] = relationship(back_populates="user")
    posts: Mapped[List["Post"]] = relationship(back_populates="author", order_by="Post.id")


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    email_address: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    user: Mapped["User"] = relationship(back_populates="addresses")


class Post(Base):
    __tablename__ = "posts"
    id = Column(Integer, primary_key=True)
    title = Column(String(200), nullable=False)
    body = Column(Text)
    score = Column(Numeric(10, 2))
    created = Column(DateTime)
    author_id = Column(Integer, ForeignKey("users.id"))
    author = relationship("User", back_populates="posts")
    tags = relationship("Tag", secondary=post_tags, back_populates="posts")
    comments = relationship("Comment", backref="post", lazy="selectin")


class Tag(Base):
    __tablename__ = "tags"
    id = Column(Integer, primary_key=True)
    name = Column("tag_name", String(30))
    posts = relationship("Post", secondary="post_tags", back_populates="tags")


class Comment(Base):
    __tablename__ = "comments"
    id = Column(Integer, primary_key=True)
    text = Column(String(500))
    post_id = Column(ForeignKey("posts.id"))


class Node(Base):
    __tablename__ = "nodes"
    id = Column(Integer, primary_key=True)
    parent_id = Column(Integer, ForeignKey("nodes.id"))
    name = Column(String(50))
    children = relationship("Node", back_populates="parent")
    parent = relationship("Node", back_populates="children", remote_side=[id])
'''

VIEW_HEADER = '''
import datetime
from sqlalchemy import (select, insert, update, delete, func, and_, or_, not_, desc, asc, case,
                        cast, literal, literal_column, exists, union, union_all, tuple_, text,
                        Integer, String, bindparam, null, true, false, distinct)
from sqlalchemy.orm import (Session, aliased, selectinload, joinedload, subqueryload, lazyload,
                            raiseload, load_only, defer, contains_eager)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from models import User, Address, Post, Tag, Comment, Node, post_tags

'''


def orm_models() -> types.ModuleType:
    """The models executed with ``orm`` (once per process)."""
    name = "preview_test_models_rt"
    if name in sys.modules:
        return sys.modules[name]
    source = MODELS.replace("from sqlalchemy.orm import", "from orm import").replace(
        "from sqlalchemy import", "from orm import")
    module = types.ModuleType(name)
    module.__dict__["__name__"] = name
    sys.modules[name] = module
    exec(compile(source, name, "exec"), module.__dict__)  # noqa: S102 - our own fixture models
    orm.configure_mappers()
    return module


def runtime_namespace(**dynamic: Any) -> dict[str, Any]:
    """Names a case's code sees when it runs for real: orm's API, the models, a session, and
    run-time values as the named bound parameters a preview shows for them."""
    ns: dict[str, Any] = {}
    exec("from orm import *", ns)  # noqa: S102
    for name in ("selectinload", "joinedload", "subqueryload", "lazyload", "raiseload",
                 "load_only", "defer", "contains_eager", "aliased", "Session"):
        ns[name] = getattr(orm, name)
    import datetime

    ns["datetime"] = datetime
    from orm.dialects.postgresql import insert as pg_insert

    ns["pg_insert"] = pg_insert
    models = orm_models()
    for name in ("User", "Address", "Post", "Tag", "Comment", "Node", "post_tags"):
        ns[name] = getattr(models, name)
    ns["session"] = orm.Session()
    for key, value in dynamic.items():
        ns[key] = value
    return ns


def runtime_statement(value: Any) -> Any:
    """What the runtime sends for a statement object (the session's ORM compile step, the
    legacy Query's labelling)."""
    from orm.session.context import ORMCompileState
    from orm.session.query import Query

    if isinstance(value, Query):
        return ORMCompileState(value._labelled(), legacy=True).statement
    attrs = getattr(value, "_propagate_attrs", None) or {}
    if attrs.get("compile_state_plugin") == "orm" and not getattr(value, "is_dml", False):
        return ORMCompileState(value).statement
    return value


def runtime_sql(value: Any, dialect: str) -> tuple[str, dict[str, Any]]:
    compiled = runtime_statement(value).compile(dialect=preview.dialect(dialect))
    return compiled.string, dict(compiled.construct_params(_check=False))


def write_project(root: Path, view_body: str) -> Workspace:
    (root / "models.py").write_text(textwrap.dedent(MODELS).lstrip(), encoding="utf-8")
    (root / "views.py").write_text(VIEW_HEADER + view_body, encoding="utf-8")
    ws = Workspace(root)
    ws.index()
    return ws


def same_params(preview_params: dict[str, Any], runtime_params: dict[str, Any]) -> bool:
    """Equal keys; equal values, a run-time stand-in matching the runtime's unset bind."""
    if set(preview_params) != set(runtime_params):
        return False
    for key, value in preview_params.items():
        expected = runtime_params[key]
        if isinstance(value, DynamicValue):
            if expected is not None:
                return False
        elif _contains_dynamic(value):
            continue
        elif value != expected:
            return False
    return True


def _contains_dynamic(value: Any) -> bool:
    if isinstance(value, (list, tuple, set)):
        return any(_contains_dynamic(v) for v in value)
    return isinstance(value, DynamicValue)


CURSOR = "@@"


def preview_marked(root: Path, body: str, dialects=("sqlite",), models: str | None = None,
                   header: bool = True):
    """The preview at the ``@@`` mark of ``body`` (a views module, after VIEW_HEADER)."""
    text = (VIEW_HEADER if header else "") + textwrap.dedent(body)
    line, column = cursor_of(text)
    ws = workspace_with(root, text.replace(CURSOR, ""), models)
    return preview.preview_at(ws, str(root / "views.py"), line, column, list(dialects))


def cursor_of(text: str) -> tuple[int, int]:
    for number, line in enumerate(text.split("\n")):
        if CURSOR in line:
            return number, line.index(CURSOR)
    raise AssertionError("no @@ cursor mark")


def workspace_with(root: Path, views: str, models: str | None = None) -> Workspace:
    (root / "models.py").write_text(textwrap.dedent(models if models is not None else MODELS),
                                    encoding="utf-8")
    (root / "views.py").write_text(views, encoding="utf-8")
    ws = Workspace(root)
    ws.index()
    return ws
