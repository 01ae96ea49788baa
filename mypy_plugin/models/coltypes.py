"""The Python type of a SQL type argument (``Integer``, ``String(50)``, ``Numeric``, a
``TypeDecorator`` subclass) as mypy sees it.

What literal arguments decide (``Numeric(asdecimal=False)`` holds floats, ``Uuid(as_uuid=False)``
strings, ``Enum("a", "b")`` strings) and which types have no single Python type are the checker's
rules (:mod:`analysis.sqltypes`: ``python_type_from_arguments``, ``OPAQUE_SQL_TYPES``,
``SQL_TO_PYTHON``); this module reads mypy's types and the arguments as mypy sees them.

In order: what the type system already says (``TypeEngine[int]`` is a base of ``Integer`` in both
``orm`` and ``sqlalchemy``); for a user's ``TypeDecorator`` the return type of its
``process_result_value`` (unknown when it declares none), else its ``impl``; last, for library
types generic in their value type (``Numeric``, ``Uuid``), the checker's table of SQL type names.
Types whose values have no single Python type (``JSON``, ``PickleType``, ...: the checker's
``OPAQUE_SQL_TYPES``) give None, as does anything not known statically.

Example::

    python_type(api, make, type_of_expr, expr)   # Integer -> builtins.int
                                                 # Numeric(asdecimal=False) -> builtins.float
"""
from __future__ import annotations

from typing import Callable, Optional

from mypy.maptype import map_instance_to_supertype
from mypy.nodes import CallExpr, Decorator, Expression, FuncDef, IntExpr, OverloadedFuncDef, TypeInfo, Var
from mypy.plugin import CheckerPluginInterface
from mypy.types import (
    AnyType,
    CallableType,
    Instance,
    NoneType,
    Overloaded,
    Type,
    TypeOfAny,
    TypeType,
    TypeVarType,
    UnionType,
    get_proper_type,
)

from analysis.sqltypes import OPAQUE_SQL_TYPES, SQL_TO_PYTHON, python_type_from_arguments

from .. import names
from .calls import keyword, literal_bool, positional

# fullname, args -> the instance type, or None when that class is not loaded
Maker = Callable[[str, list[Type]], Optional[Type]]

_MAX_DEPTH = 6
_ENUM = names.both("orm.sql.sqltypes.string.Enum", "sqlalchemy.sql.sqltypes.Enum")
_ARRAY = names.both("orm.sql.sqltypes.structured.ARRAY", "sqlalchemy.sql.sqltypes.ARRAY") | {
    "sqlalchemy.dialects.postgresql.array.ARRAY"}


def sql_type_instance(typ: Type) -> Optional[Instance]:
    """The SQL type an argument stands for: ``Integer`` (the class) and ``Integer()`` both give
    the instance type ``Integer``; None when the argument is not a SQL type."""
    p = get_proper_type(typ)
    if isinstance(p, Overloaded) and p.is_type_obj():
        p = p.items[0]  # the constructor's first overload: the type's default form
    if isinstance(p, CallableType) and p.is_type_obj():
        p = get_proper_type(p.ret_type)
    elif isinstance(p, TypeType):
        p = p.item
    if isinstance(p, Instance) and _type_engine_base(p.type) is not None:
        return p
    return None


def _type_engine_base(info: TypeInfo) -> Optional[TypeInfo]:
    for base in info.mro:
        if base.fullname in names.TYPE_ENGINE:
            return base
    return None


def _known(typ: Optional[Type]) -> Optional[Type]:
    """``typ`` unless it says nothing (Any, an unsolved type variable)."""
    if typ is None:
        return None
    p = get_proper_type(typ)
    if isinstance(p, (AnyType, TypeVarType)):
        return None
    return typ


def strip_none(typ: Type) -> Type:
    p = get_proper_type(typ)
    if isinstance(p, UnionType):
        items = [i for i in p.items if not isinstance(get_proper_type(i), NoneType)]
        if len(items) != len(p.items):
            return UnionType.make_union(items) if items else p
    return typ


def python_type(api: CheckerPluginInterface, make: Maker, typ: Type, expr: Optional[Expression] = None,
                depth: int = 0) -> Optional[Type]:
    """The Python type of the values of the SQL type ``typ`` (the type of expression ``expr``);
    ``make`` builds instance types by full name."""
    if depth > _MAX_DEPTH:
        return None
    instance = sql_type_instance(typ)
    if instance is None:
        return None
    info = instance.type
    mro_names = {base.fullname for base in info.mro}
    call = expr if isinstance(expr, CallExpr) else None
    if mro_names & _ENUM:
        return _enum_type(api, make, call)
    if mro_names & _ARRAY:
        return _array_type(api, make, call, depth)
    if not _is_library(info) and mro_names & names.TYPE_DECORATOR:
        found = _decorator_type(api, make, info, depth)
        if found is not None:
            return found
    if call is not None:
        # Numeric(asdecimal=False), Uuid(as_uuid=False): the checker's rule for literal arguments
        decided = python_type_from_arguments(
            [base.name for base in info.mro if _is_library(base)],
            asdecimal=literal_bool(keyword(call, "asdecimal")), as_uuid=literal_bool(keyword(call, "as_uuid")))
        made = _named(make, decided)
        if made is not None:
            return made
    engine = _type_engine_base(info)
    if engine is not None:
        mapped = map_instance_to_supertype(instance, engine)
        if mapped.args and _known(mapped.args[0]) is not None:
            return mapped.args[0]
    return _from_sql_type_name(make, info)


def _is_library(info: TypeInfo) -> bool:
    return names.library_of(info.fullname) is not None


def _enum_type(api: CheckerPluginInterface, make: Maker, call: Optional[CallExpr]) -> Optional[Type]:
    """``Enum(Color)`` holds ``Color`` members; ``Enum("a", "b")`` holds strings."""
    if call is None:
        return None
    args = positional(call)
    if not args:
        return None
    first = get_proper_type(api.get_expression_type(args[0]))
    if isinstance(first, CallableType) and first.is_type_obj():
        return first.ret_type
    if isinstance(first, TypeType):
        return first.item
    if isinstance(first, Instance) and first.type.fullname == "builtins.str":
        return _named(make, python_type_from_arguments(["Enum"], enum_of_strings=True))
    return None


def _named(make: Maker, name: Optional[str]) -> Optional[Type]:
    """The instance type of one of the checker's type names (``"str"``, ``"decimal.Decimal"``)."""
    if name is None:
        return None
    return make(name if "." in name else f"builtins.{name}", [])


def _array_type(api: CheckerPluginInterface, make: Maker, call: Optional[CallExpr], depth: int) -> Optional[Type]:
    """``ARRAY(Integer)`` -> ``list[int]``; ``dimensions=2`` nests (``list[list[int]]``);
    ``as_tuple=True`` gives tuples (``tuple[int, ...]``), as the loaded values are."""
    item: Optional[Type] = None
    dimensions: Optional[int] = 1
    as_tuple = False
    if call is not None:
        args = positional(call)
        item_expr = args[0] if args else keyword(call, "item_type")
        if item_expr is not None:
            item = python_type(api, make, api.get_expression_type(item_expr), item_expr, depth + 1)
        as_tuple = literal_bool(keyword(call, "as_tuple")) is True
        given = keyword(call, "dimensions")
        if given is not None:
            # a literal count nests that many levels; anything else: the depth is unknown
            dimensions = given.value if isinstance(given, IntExpr) and given.value >= 1 else None
    container = "builtins.tuple" if as_tuple else "builtins.list"
    if dimensions is None:  # how deep is not known: one level of anything
        return make(container, [AnyType(TypeOfAny.special_form)])
    typ: Optional[Type] = item if item is not None else AnyType(TypeOfAny.special_form)
    for _ in range(dimensions):
        typ = make(container, [typ]) if typ is not None else None
    return typ


def _decorator_type(api: CheckerPluginInterface, make: Maker, info: TypeInfo, depth: int) -> Optional[Type]:
    """A user's TypeDecorator: what ``process_result_value`` returns, else its ``impl``'s type."""
    for base in info.mro:
        if _is_library(base):
            break
        sym = base.names.get("process_result_value")
        if sym is not None:
            # the decorator converts what it loads: its declared return type, else unknown (the
            # impl's type would be wrong: a GUID over CHAR(32) loads uuid.UUID, not str)
            returned = _return_type(sym.node)
            return _known(strip_none(returned)) if returned is not None else None
    for base in info.mro:
        if _is_library(base):
            break
        sym = base.names.get("impl")
        if sym is not None and isinstance(sym.node, Var) and sym.node.type is not None:
            return python_type(api, make, sym.node.type, None, depth + 1)
    return None


def _return_type(node: object) -> Optional[Type]:
    if isinstance(node, Decorator):
        node = node.func
    if isinstance(node, OverloadedFuncDef):
        return None
    if isinstance(node, FuncDef) and isinstance(node.type, CallableType):
        return node.type.ret_type
    return None


def _from_sql_type_name(make: Maker, info: TypeInfo) -> Optional[Type]:
    """The Python type the checker's table gives the nearest library SQL type of the MRO
    (``analysis.sqltypes.SQL_TO_PYTHON``: ``Numeric`` -> ``Decimal``, ``Uuid`` -> ``UUID``)."""
    for base in info.mro:
        if not _is_library(base):
            continue
        if base.name in OPAQUE_SQL_TYPES:
            return None
        python = SQL_TO_PYTHON.get(base.name)
        if python is not None and python != "list":   # ARRAY's element type is read elsewhere
            return _named(make, python)
    return None
