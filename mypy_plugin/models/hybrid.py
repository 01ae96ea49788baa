"""``hybrid_property`` on the class (``orm``): the SQL expression of the hybrid's type.

On an instance a hybrid is its getter's value, which ``orm``'s typing already says. On the class
it is an SQL expression: the return type of the function given with ``@x.inplace.expression``
(or ``@x.expression``) when there is one, else ``ColumnElement[T]`` of the getter's type ``T``.
(SQLAlchemy's own typing gives ``sqlalchemy`` hybrids a class-level type already: left alone.)

Example::

    reveal_type(User.fullname)   # orm.sql.elements.ColumnElement[str]
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from mypy.nodes import Decorator, FuncDef, TypeInfo
from mypy.plugin import AttributeContext
from mypy.types import AnyType, CallableType, Instance, Type, get_proper_type

from .. import names
from .facts import class_facts
from .relationships import instance_maker

ORM_HYBRID = next(n for n in names.HYBRID_PROPERTY if n.startswith(names.ORM + "."))


def hybrid_value(node: object) -> Optional[Type]:
    """``T`` of an ``orm`` ``hybrid_property[T]`` attribute node, else None."""
    if not isinstance(node, Decorator):
        return None
    typ = get_proper_type(node.var.type)
    if isinstance(typ, Instance) and typ.type.fullname == ORM_HYBRID and typ.args:
        return typ.args[0]
    return None


def class_level_hook(plugin: Any, info: TypeInfo, attr: str, value: Type) -> Callable[[AttributeContext], Type]:
    def class_level(ctx: AttributeContext) -> Type:
        expression = _expression_type(info, attr)
        if expression is not None:
            return expression
        typ = instance_maker(plugin)(names.COLUMN_ELEMENT[names.ORM], [value])
        return typ if typ is not None else ctx.default_attr_type

    return class_level


def _expression_type(info: TypeInfo, attr: str) -> Optional[Type]:
    for base in info.mro:
        method = class_facts(base).get("hybrid_expressions", {}).get(attr)
        if method is None:
            continue
        sym = base.names.get(method)
        node = sym.node if sym is not None else None
        func = node.func if isinstance(node, Decorator) else node
        if isinstance(func, FuncDef) and isinstance(func.type, CallableType):
            returned = get_proper_type(func.type.ret_type)
            return None if isinstance(returned, AnyType) else func.type.ret_type
        return None
    return None


def lookup_hybrid(plugin: Any, fullname: str) -> Optional[Callable[[AttributeContext], Type]]:
    owner, _, attr = fullname.rpartition(".")
    try:
        sym = plugin.lookup_fully_qualified(owner) if owner else None
    except (AssertionError, KeyError):
        return None
    info = sym.node if sym is not None else None
    if not isinstance(info, TypeInfo):
        return None
    attr_sym = info.names.get(attr)
    value = hybrid_value(attr_sym.node) if attr_sym is not None else None
    return class_level_hook(plugin, info, attr, value) if value is not None else None
