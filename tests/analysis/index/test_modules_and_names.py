"""Module names from paths, imports (relative, aliased, star, re-exports), canonical API names."""
from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from index_helpers import index_project, write_project

from analysis.index.modules import ModuleTable, absolute_import, module_name_for
from analysis.index.names import canonical, qualified_name
from analysis.workspace import Workspace


def test_module_names_from_packages_and_plain_directories(tmp_path: Path):
    write_project(tmp_path, {"src/app/__init__.py": "", "src/app/models/__init__.py": "",
                             "src/app/models/user.py": "", "scripts/tool.py": "", "top.py": ""})
    assert module_name_for(tmp_path / "src/app/models/user.py", tmp_path) == \
        ("app.models.user", False)
    assert module_name_for(tmp_path / "src/app/models/__init__.py", tmp_path) == \
        ("app.models", True)
    assert module_name_for(tmp_path / "scripts/tool.py", tmp_path) == ("scripts.tool", False)
    assert module_name_for(tmp_path / "top.py", tmp_path) == ("top", False)


@pytest.mark.parametrize(("module", "is_package", "level", "name", "expected"), [
    ("app.models.user", False, 1, "base", "app.models.base"),
    ("app.models.user", False, 2, "ext", "app.ext"),
    ("app.models", True, 1, "user", "app.models.user"),
    ("app.models", True, 2, None, "app"),
    ("app.views", False, 0, "sqlalchemy.orm", "sqlalchemy.orm"),
])
def test_relative_imports(module, is_package, level, name, expected):
    assert absolute_import(module, is_package, level, name) == expected


def test_module_table_fallbacks():
    table = ModuleTable({"n1.models_blog": "a.py", "n1.case": "b.py", "x.util": "c.py",
                         "y.util": "d.py"})
    assert table.resolve("models_blog", importer="n1.case") == "n1.models_blog"
    assert table.resolve("util", importer="z.main") is None      # ambiguous suffix
    assert table.resolve("n1.case") == "n1.case"
    assert table.resolve("nowhere") is None


def test_models_reached_through_reexports_star_imports_and_aliases(tmp_path: Path):
    index = index_project(tmp_path, {
        "shop/__init__.py": "from .models import *\n",
        "shop/db.py": """
            import sqlalchemy as sa
            import sqlalchemy.orm as so
            Base = so.declarative_base()
        """,
        "shop/models/__init__.py": "from .catalog import Product as Product\nfrom .orders import *\n",
        "shop/models/catalog.py": """
            import sqlalchemy as sa
            from ..db import Base
            class Product(Base):
                __tablename__ = "products"
                id = sa.Column(sa.Integer, primary_key=True)
        """,
        "shop/models/orders.py": """
            import sqlalchemy as sa
            from sqlalchemy import orm as so
            from shop.db import Base
            from .catalog import Product
            __all__ = ["Order"]
            class Order(Base):
                __tablename__ = "orders"
                id = sa.Column(sa.Integer, primary_key=True)
                product_id = sa.Column(sa.ForeignKey(Product.id))
                product = so.relationship(Product)
            class NotExported(Base):
                __tablename__ = "hidden"
                id = sa.Column(sa.Integer, primary_key=True)
        """,
        "views.py": "from shop import Order, Product\nimport shop.models as m\n",
    })
    assert index.resolve_model("Order", "views").qualname == "shop.models.orders.Order"
    assert index.resolve_model("Product", "views").qualname == "shop.models.catalog.Product"
    assert index.resolve_model("m.Order", "views").qualname == "shop.models.orders.Order"
    assert index.resolve_symbol("shop.Order") == "shop.models.orders.Order"
    assert "NotExported" not in index.module_imports["shop"]
    order = index.models["shop.models.orders.Order"]
    assert order.columns["product_id"].foreign_keys == ("products.id",)
    assert order.relationships["product"].target_qualname == "shop.models.catalog.Product"
    assert order.relationships["product"].direction == "MANYTOONE"


def test_script_style_sibling_import(tmp_path: Path):
    index = index_project(tmp_path, {
        "cases/models.py": """
            from sqlalchemy import Column, Integer
            from sqlalchemy.orm import declarative_base
            Base = declarative_base()
            class Thing(Base):
                __tablename__ = "things"
                id = Column(Integer, primary_key=True)
        """,
        "cases/use.py": "from models import Thing\n",
    })
    assert index.module_imports["cases.use"]["Thing"] == "cases.models.Thing"
    assert index.resolve_model("Thing", "cases.use").qualname == "cases.models.Thing"


def test_circular_imports_between_model_modules(tmp_path: Path):
    index = index_project(tmp_path, {
        "a.py": """
            from sqlalchemy import Column, Integer, ForeignKey
            from sqlalchemy.orm import relationship
            from b import Base, B
            from a import *
            class A(Base):
                __tablename__ = "a"
                id = Column(Integer, primary_key=True)
                b_id = Column(ForeignKey("b.id"))
                b = relationship(B)
        """,
        "b.py": """
            from sqlalchemy import Column, Integer
            from sqlalchemy.orm import declarative_base
            from a import *
            from b import *
            Base = declarative_base()
            class B(Base):
                __tablename__ = "b"
                id = Column(Integer, primary_key=True)
        """,
    })
    assert index.models["a.A"].relationships["b"].target_qualname == "b.B"
    assert index.resolve_symbol("a.nothing") == "a.nothing"


@pytest.mark.parametrize(("written", "expected"), [
    ("sqlalchemy.orm.selectinload", "orm.selectinload"),
    ("sqlalchemy.sql.expression.select", "orm.select"),
    ("sqlalchemy.Column", "orm.Column"),
    ("orm.relationship", "orm.relationship"),
    ("sqlalchemy.ext.asyncio.AsyncSession", "orm.ext.asyncio.AsyncSession"),
    ("sqlalchemy.ext.hybrid.hybrid_property", "orm.ext.hybrid.hybrid_property"),
    ("sqlalchemy.dialects.postgresql.insert", "orm.dialects.postgresql.insert"),
    ("sqlalchemy.func.count", "orm.func.count"),
    ("flask_sqlalchemy.SQLAlchemy", "flask_sqlalchemy.SQLAlchemy"),
    ("collections.Counter", "collections.Counter"),
])
def test_canonical_names(written, expected):
    assert canonical(written) == expected


def test_qualified_name_of_libcst_nodes(tmp_path: Path):
    write_project(tmp_path, {
        "ext.py": "from flask_sqlalchemy import SQLAlchemy\ndb = SQLAlchemy()\n",
        "code.py": """
            import sqlalchemy as sa
            from sqlalchemy.orm import relationship as rel, Session
            from ext import db
            def helper(): pass
            x = rel
            y = sa.orm.joinedload
            z = db.relationship
            w = db.session
            v = helper
            u = len
            t = Session
        """,
    })
    ws = Workspace(tmp_path)
    ws.index()
    info = ws.module(tmp_path / "code.py")
    values = {}
    for stmt in info.module.body:
        node = stmt.body[0] if isinstance(stmt, cst.SimpleStatementLine) else None
        if isinstance(node, cst.Assign):
            values[node.targets[0].target.value] = qualified_name(node.value, info)
    assert values == {"x": {"orm.relationship"}, "y": {"orm.joinedload"},
                      "z": {"orm.relationship"}, "w": {"flask_sqlalchemy.session"},
                      "v": {"code.helper"}, "u": {"len"}, "t": {"orm.Session"}}
    call = cst.parse_expression("rel('User')")
    assert qualified_name(call, info) == {"orm.relationship"}
    assert qualified_name(cst.parse_expression("f()()"), info) == set()


@pytest.mark.parametrize(("core", "mapping", "flavor"), [
    ("sqlalchemy", "sqlalchemy.orm", "sqlalchemy"),
    ("orm", "orm", "orm"),
])
def test_library_star_imports_bind_the_api_names(tmp_path: Path, core, mapping, flavor):
    index = index_project(tmp_path, {
        "app/__init__.py": "",
        "app/db.py": f"from {core} import *\nfrom {mapping} import *\nBase = declarative_base()\n",
        "app/models.py": """
            from app.db import *
            from sqlalchemy.ext.asyncio import *

            def relationship(*args, **kw):      # the module's own definition wins
                return None

            class Author(Base):
                __tablename__ = "authors"
                id = Column(Integer, primary_key=True)
                name = Column(String(40), nullable=False)
                books = relationship("Book")

            class Book(Base):
                __tablename__ = "books"
                id = Column(Integer, primary_key=True)
                author_id = Column(ForeignKey("authors.id"))
        """,
    })
    author = index.models["app.models.Author"]
    assert author.flavor == flavor
    assert author.columns["name"].python_type == "str"
    assert author.columns["name"].nullable is False
    assert "books" not in author.relationships          # not sqlalchemy's relationship()
    assert index.models["app.models.Book"].columns["author_id"].foreign_keys == ("authors.id",)
    imports = index.module_imports["app.models"]
    assert canonical(imports["AsyncSession"]) == "orm.ext.asyncio.AsyncSession"
    assert canonical(index.resolve_symbol(imports["select"])) == "orm.select"   # via app.db


def test_star_exports_are_only_for_the_orm_libraries():
    from analysis.index.library import star_exports

    assert star_exports("myapp.models") is None
    assert {"Column", "relationship", "select", "text", "Bundle"} <= \
        set(star_exports("sqlalchemy"))
    assert "create_async_engine" in star_exports("sqlalchemy.ext.asyncio")
    assert "Column" not in star_exports("sqlalchemy.ext.asyncio")
    assert star_exports("flask_sqlalchemy") == ("SQLAlchemy", "Pagination")
    # a sub-module orm does not have: the flat API
    assert "Column" in star_exports("sqlalchemy.no_such_module")


def test_module_table_prefers_the_importers_own_tree():
    table = ModuleTable({"svc_a.database": "a/database/__init__.py",
                         "svc_b.database": "b/database/__init__.py",
                         "svc_a.domain.models": "a/domain/models.py",
                         "tools.database": "t/database.py"})
    # `from database import Base` in svc_a/domain/models.py: svc_a's own database package
    assert table.resolve("database", importer="svc_a.domain.models") == "svc_a.database"
    assert table.resolve("database", importer="svc_b.api") == "svc_b.database"
    assert table.resolve("database", importer="elsewhere.x") is None     # no nearest one
    assert table.resolve("database") is None
