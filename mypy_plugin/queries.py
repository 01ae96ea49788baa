"""Typing of legacy ``session.query(...)`` queries written against ``orm``.

What is already typed is left alone: ``select(User.id, User.name)`` is a
``Select[tuple[int, str]]`` through ``orm``'s own overloads (and SQLAlchemy's), once the model
typing gives classic ``Column(...)`` attributes their types; ``Result.scalars()``,
``.scalar_one()``, ``.first()`` follow the statement's row type in both libraries; SQLAlchemy's
``Session.query`` has its own overloads.  What ``orm``'s annotations cannot say is added here:

- ``session.query(User)`` is a ``Query[User]``; ``session.query(User.id, User.name)`` a
  ``Query[Row[tuple[int, str]]]`` (several entities, or any column: rows, as SQLAlchemy types them);
- on a ``Query[T]``: ``.all()`` is ``list[T]``, ``.first()`` / ``.one_or_none()`` / ``.get(pk)``
  ``T | None``, ``.one()`` ``T``, iteration gives ``T``, ``.scalar()`` the first column (or the
  entity) or None.

An argument the plugin cannot read makes its place ``Any``; nothing is reported as an error here.

Example::

    users = session.query(User).filter_by(name="ed").all()      # list[User]
    for user_id, name in session.query(User.id, User.name):      # int, str
        ...
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from mypy import types as mtypes
from mypy import typevars
from mypy.maptype import map_instance_to_supertype
from mypy.nodes import TypeInfo

from . import names


def _element(plugin: Any, typ: mtypes.Type) -> tuple[mtypes.Type, bool]:
    """What one argument of ``query()`` contributes to a row, and whether it is an entity."""
    proper = mtypes.get_proper_type(typ)
    if isinstance(proper, mtypes.CallableType) and proper.is_type_obj():
        return typevars.fill_typevars_with_any(proper.type_object()), True
    if isinstance(proper, mtypes.TypeType) and isinstance(proper.item, mtypes.Instance):
        return proper.item, True
    if isinstance(proper, mtypes.Instance):
        for base in proper.type.mro:
            if base.fullname in names.ORM_TYPED_COLUMN_GENERICS and base.type_vars:
                mapped = map_instance_to_supertype(proper, base)
                if mapped.args:
                    return mapped.args[0], base.fullname in names.ORM_ENTITY_GENERICS
    return mtypes.AnyType(mtypes.TypeOfAny.implementation_artifact), False


def _instance(plugin: Any, fullname: str, args: list[mtypes.Type]) -> Optional[mtypes.Instance]:
    """``fullname[args]``, or None when mypy has not loaded that class (not imported anywhere).

    Looked up through the plugin (mypy's modules as loaded), not the checker's by-name lookup,
    which only follows names the module tree binds (``orm.session`` binds no ``query``)."""
    node = plugin.lookup_fully_qualified(fullname)
    info = node.node if node is not None else None
    if not isinstance(info, TypeInfo) or len(info.defn.type_vars) != len(args):
        return None
    return mtypes.Instance(info, args)


def _row(plugin: Any, api: Any, items: list[mtypes.Type]) -> Optional[mtypes.Type]:
    tuple_type = mtypes.TupleType(
        items, api.named_generic_type("builtins.tuple", [mtypes.AnyType(mtypes.TypeOfAny.special_form)]))
    return _instance(plugin, names.ORM_ROW, [tuple_type])


def _session_query(plugin: Any) -> Callable[[Any], mtypes.Type]:
    def hook(ctx: Any) -> mtypes.Type:
        if not ctx.arg_types:
            return ctx.default_return_type
        elements = []
        for typ, expr in zip(ctx.arg_types[0], ctx.args[0]):
            element = _element(plugin, typ)
            if isinstance(mtypes.get_proper_type(element[0]), mtypes.AnyType):
                # query(*entities: Any) gives its arguments an Any context, which makes mypy
                # solve aliased(User) as AliasedClass[Any]: look again without the context
                element = _element(plugin, ctx.api.get_expression_type(expr))
            elements.append(element)
        if not elements:
            return ctx.default_return_type
        if len(elements) == 1 and elements[0][1]:
            row: Optional[mtypes.Type] = elements[0][0]
        else:
            row = _row(plugin, ctx.api, [t for t, _ in elements])
        if row is None:
            return ctx.default_return_type
        return _instance(plugin, names.ORM_QUERY, [row]) or ctx.default_return_type
    return hook


def _query_row(ctx: Any) -> Optional[mtypes.Type]:
    """``T`` of the ``Query[T]`` a method is called on (None when unknown)."""
    self_type = mtypes.get_proper_type(ctx.type)
    if not isinstance(self_type, mtypes.Instance) or self_type.type.fullname != names.ORM_QUERY:
        return None
    if not self_type.args:
        return None
    row = self_type.args[0]
    if isinstance(mtypes.get_proper_type(row), mtypes.AnyType):
        return None
    return row


def _optional(typ: mtypes.Type) -> mtypes.Type:
    return mtypes.UnionType.make_union([typ, mtypes.NoneType()])


def _first_column(row: mtypes.Type) -> mtypes.Type:
    """A row's first column (``.scalar()``); an entity is its own first column."""
    proper = mtypes.get_proper_type(row)
    if isinstance(proper, mtypes.Instance) and proper.type.fullname == names.ORM_ROW and proper.args:
        items = mtypes.get_proper_type(proper.args[0])
        if isinstance(items, mtypes.TupleType) and items.items:
            return items.items[0]
        return mtypes.AnyType(mtypes.TypeOfAny.implementation_artifact)
    return row


def _query_method(method: str) -> Callable[[Any], mtypes.Type]:
    def hook(ctx: Any) -> mtypes.Type:
        row = _query_row(ctx)
        if row is None:
            return ctx.default_return_type
        if method == "all":
            return ctx.api.named_generic_type("builtins.list", [row])
        if method in ("first", "one_or_none", "get"):
            return _optional(row)
        if method == "one":
            return row
        if method == "scalar":
            return _optional(_first_column(row))
        if method == "__iter__":
            return ctx.api.named_generic_type("typing.Iterator", [row])
        return ctx.default_return_type
    return hook


# the answers below depend on the full name only: the router asks once per name
FULLNAME_HOOKS = frozenset({"get_method_hook"})


def get_method_hook(plugin: Any, fullname: str) -> Optional[Callable[[Any], mtypes.Type]]:
    if fullname in names.ORM_SESSION_QUERY:
        return _session_query(plugin)
    owner, _, method = fullname.rpartition(".")
    if owner == names.ORM_QUERY and method in names.ORM_QUERY_RESULT_METHODS:
        return _query_method(method)
    return None


__all__ = ["FULLNAME_HOOKS", "get_method_hook"]
