"""Flask-SQLAlchemy's ``db.Column``, ``db.Integer``, ``db.relationship``, ...: the ``sqlalchemy``
(or ``sqlalchemy.orm``) names the extension object hands out at runtime.

Flask-SQLAlchemy types them as ``Any`` (``SQLAlchemy.__getattr__``), so ``db.Column(db.Integer)``
told mypy nothing. Typed as the names they stand for, the model hooks treat them as they treat
``Column(Integer)`` written directly.

Example::

    id = db.Column(db.Integer, primary_key=True)   # user.id: int
"""
from __future__ import annotations

from typing import Any

from mypy.nodes import GDEF, FuncDef, NameExpr, OverloadedFuncDef, TypeInfo, Var
from mypy.plugin import AttributeContext
from mypy.types import AnyType, Type, get_proper_type

_SOURCES = ("sqlalchemy", "sqlalchemy.orm")


def proxied_name(plugin: Any, attr: str, ctx: AttributeContext) -> Type:
    if not isinstance(get_proper_type(ctx.default_attr_type), AnyType):
        return ctx.default_attr_type  # declared on the extension itself (``db.Model``, ``db.session``)
    for module in _SOURCES:
        try:
            sym = plugin.lookup_fully_qualified(f"{module}.{attr}")
        except (AssertionError, KeyError):
            sym = None
        node = sym.node if sym is not None else None
        if isinstance(node, (TypeInfo, FuncDef, OverloadedFuncDef, Var)):
            ref = NameExpr(attr)
            ref.node = node
            ref.kind = GDEF
            ref.fullname = node.fullname
            ref.set_line(ctx.context)
            # the type of a reference to that name, as mypy computes it (a class's constructor)
            return ctx.api.get_expression_type(ref)
    return ctx.default_attr_type
