"""Type-checking hooks for the calls that define mapped attributes in class bodies.

``id = Column(Integer, primary_key=True)`` is typed ``Mapped[int]`` and
``name = Column(String)`` ``Mapped[str | None]``: ``Mapped`` is what both libraries use for mapped
attributes, so ``user.name`` is ``str | None`` and ``User.name`` a SQL expression (``Mapped`` in
``orm``, ``InstrumentedAttribute`` in ``sqlalchemy``) through the libraries' own descriptor types.
Because the result is the attribute's inferred type, mypy's cache and the daemon keep it with
the class. ``relationship(...)`` likewise (see ``relationships``). Annotated attributes
(``name: Mapped[str] = mapped_column(...)``) keep their annotation; a SQL type whose values do
not fit it is reported under ``orm-query-type``.

Only calls the semantic pass recorded as the value of a class-body assignment are touched: a
``Column`` inside ``Table(...)`` stays a ``Column``.
"""
from __future__ import annotations

from typing import Any, Optional

from mypy.maptype import map_instance_to_supertype
from mypy.messages import format_type
from mypy.nodes import ARG_NAMED, ARG_POS, CallExpr, Decorator, Expression, FuncDef, RefExpr, TypeInfo, Var
from mypy.plugin import FunctionContext, MethodContext
from mypy.subtypes import is_subtype
from mypy.types import AnyType, CallableType, Instance, NoneType, Type, TypeOfAny, UnionType, get_proper_type

from .. import names
from ..errorcodes import ORM_QUERY_TYPE
from .calls import callee_fullname, foreign_key_specs, literal_bool, positional, relationship_args
from .coltypes import python_type, sql_type_instance, strip_none
from .facts import MappedCall, class_facts, state_of
from .relationships import _type_info, instance_maker, mapped_attribute, relationship_type, resolve_target


def _arguments(ctx: FunctionContext) -> list[tuple[Optional[str], Expression, Type]]:
    """The call's arguments in source order: (keyword or None, expression, type)."""
    found = []
    for arg_names, exprs, types in zip(ctx.arg_names, ctx.args, ctx.arg_types):
        found.extend(zip(arg_names, exprs, types))
    found.sort(key=lambda item: (item[1].line, item[1].column))
    return found


def mapped_value(typ: Optional[Type]) -> Optional[Type]:
    """``T`` of a ``Mapped[T]`` (or subclass: ``InstrumentedAttribute``, ``Relationship``, ...)."""
    p = get_proper_type(typ) if typ is not None else None
    if not isinstance(p, Instance):
        return None
    for base in p.type.mro:
        if base.fullname in names.MAPPED:
            mapped = map_instance_to_supertype(p, base)
            return mapped.args[0] if mapped.args else None
    return None


def _recorded(plugin: Any, ctx: FunctionContext) -> Optional[MappedCall]:
    return state_of(plugin).find_call(ctx.api.path, ctx.context)


def _library(ctx: FunctionContext) -> str:
    """The library of the called constructor: from its name, else from what it returns (a call
    through an object, ``db.Column(...)``, has no name)."""
    call = ctx.context
    found = names.library_of(callee_fullname(call)) if isinstance(call, CallExpr) else None
    if found is None:
        returned = get_proper_type(ctx.default_return_type)
        if isinstance(returned, Instance):
            found = names.library_of(returned.type.fullname)
    return found or names.SQLALCHEMY


# -- Column(...) / mapped_column(...) --------------------------------------------------------

def column_hook(plugin: Any, ctx: FunctionContext) -> Type:
    mapped = _recorded(plugin, ctx)
    if mapped is None or _through_variable(ctx.context):
        # through a variable (mypy checks ``Column(...)`` of ``Column = partial(db.Column,
        # nullable=False)`` as a call of db.Column): the keywords seen here are not all of them
        return ctx.default_return_type
    if mapped.annotated:
        _check_annotation(plugin, ctx, mapped)
        return ctx.default_return_type
    make = instance_maker(plugin)
    typ = mapped_attribute(make, _library(ctx), column_value_type(plugin, ctx))
    return typ if typ is not None else ctx.default_return_type


Argument = tuple[Optional[str], Expression, Type]  # keyword (None: positional), expression, type


def _sql_type_argument(arguments: list[Argument]) -> Optional[tuple[Expression, Type, Instance]]:
    for keyword, expr, typ in arguments:
        if keyword in (None, "type_"):
            instance = sql_type_instance(typ)
            if instance is not None:
                return expr, typ, instance
    return None


def column_value_type(plugin: Any, ctx: FunctionContext) -> Optional[Type]:
    """The instance-level type of the column a ``Column(...)``/``mapped_column(...)`` call makes:
    the Python type of its SQL type (or of the column its foreign key references), ``| None``
    unless ``nullable=False`` or ``primary_key=True``. None when unknown."""
    if not isinstance(ctx.context, CallExpr):
        return None
    return _column_value(plugin, ctx, ctx.context, _arguments(ctx))


def _column_value(plugin: Any, ctx: FunctionContext, call: CallExpr, arguments: list[Argument]) -> Optional[Type]:
    keywords = {keyword: expr for keyword, expr, _ in arguments if keyword}
    found = _sql_type_argument(arguments)
    value: Optional[Type] = None
    if found is not None:
        value = python_type(ctx.api, instance_maker(plugin), found[1], found[0])
    else:
        value = _foreign_key_type(plugin, ctx, foreign_key_specs(call))
    if value is None:
        return None
    nullable = literal_bool(keywords.get("nullable"))
    if nullable is None:
        nullable = literal_bool(keywords.get("primary_key")) is not True
    return UnionType.make_union([value, NoneType()]) if nullable else value


def _foreign_key_type(plugin: Any, ctx: FunctionContext, specs: list[str]) -> Optional[Type]:
    """``Column(ForeignKey("users.id"))``: the type of the column it references."""
    if len(specs) != 1:
        return None
    spec = specs[0]
    mapped = _recorded(plugin, ctx)
    owner = _type_info(plugin, mapped.owner) if mapped is not None else None
    target: Optional[TypeInfo] = None
    if spec.startswith("@"):
        cls, _, column = spec[1:].partition(".")
        target = resolve_target(plugin, cls, owner) if owner is not None else None
    else:
        table, _, column = spec.rpartition(".")
        target = _class_of_table(plugin, table.rsplit(".", 1)[-1])
    if target is None:
        return None
    attr = column
    for base in target.mro:
        attr = class_facts(base).get("colnames", {}).get(column, attr)
    sym = target.get(attr)
    if sym is None or not isinstance(sym.node, Var):
        return None
    value = mapped_value(sym.node.type)
    return strip_none(value) if value is not None else None


def _class_of_table(plugin: Any, table: str) -> Optional[TypeInfo]:
    state = state_of(plugin)
    for attempt in range(2):
        found = [info for info in (_type_info(plugin, n) for n in sorted(state.tables.get(table, ())))
                 if info is not None and class_facts(info).get("table") == table]
        if len(found) == 1:
            return found[0]
        if attempt == 0:
            state.index_modules(plugin.modules)
    return None


def _check_annotation(plugin: Any, ctx: FunctionContext, mapped: MappedCall) -> None:
    """``name: Mapped[str] = mapped_column(Integer)``: the SQL type's values are not ``str``."""
    if callee_fullname(ctx.context) not in names.MAPPED_COLUMN_FUNC or mapped.stmt is None:
        return
    declared = mapped_value(mapped.stmt.type)
    found = _sql_type_argument(_arguments(ctx))
    if declared is None or found is None:
        return
    if not _result_type_declared(found[2].type):
        return
    value = python_type(ctx.api, instance_maker(plugin), found[1], found[0])
    expected = strip_none(declared)
    if value is None or isinstance(get_proper_type(expected), AnyType):
        return
    if is_subtype(value, expected) or is_subtype(expected, value):
        return
    options = ctx.api.options
    ctx.api.fail(
        f'"{mapped.attr}" is annotated {format_type(mapped.stmt.type, options)} but its SQL type '
        f'{found[2].type.name} holds {format_type(value, options)} values',
        ctx.context,
        code=ORM_QUERY_TYPE,
    )


def _result_type_declared(info: TypeInfo) -> bool:
    """Whether the values a SQL type loads are declared, so a mismatch with the annotation is
    certain: a library type, or a user's ``TypeDecorator`` whose ``process_result_value`` states
    its return type. (The ``GUID`` recipe - ``impl = CHAR``, an unannotated
    ``process_result_value`` returning ``uuid.UUID`` - loads UUIDs, not its impl's strings.)"""
    for base in info.mro:
        if names.library_of(base.fullname) is not None:
            return True
        sym = base.names.get("process_result_value")
        if sym is not None:
            node = sym.node.func if isinstance(sym.node, Decorator) else sym.node
            if not isinstance(node, FuncDef) or not isinstance(node.type, CallableType):
                return False
            returned = get_proper_type(strip_none(node.type.ret_type))
            return not isinstance(returned, AnyType)
        if base.names.get("impl") is not None:
            return False  # a user's TypeDecorator that does not say what it loads
    return True


# -- relationship(...) ------------------------------------------------------------------------

def relationship_hook(plugin: Any, ctx: FunctionContext) -> Type:
    mapped = _recorded(plugin, ctx)
    if mapped is None or mapped.annotated or not isinstance(ctx.context, CallExpr) \
            or _through_variable(ctx.context):
        return ctx.default_return_type
    owner = _type_info(plugin, mapped.owner)
    make = instance_maker(plugin)
    value = relationship_type(plugin, owner, relationship_args(ctx.context), make) if owner is not None else None
    if value is None:
        if _library(ctx) != names.SQLALCHEMY:
            return mapped_attribute(make, names.ORM, None) or ctx.default_return_type
        if mapped_value(ctx.default_return_type) is None:
            # Flask-SQLAlchemy's db.relationship() is declared to return RelationshipProperty[Any]:
            # not a descriptor, so ``Model.rel == x`` was a bool; relationship() gives Relationship
            return make("sqlalchemy.orm.relationships.Relationship",
                        [AnyType(TypeOfAny.special_form)]) or ctx.default_return_type
        return ctx.default_return_type
    if _library(ctx) == names.SQLALCHEMY:
        typ = make("sqlalchemy.orm.relationships.Relationship", [value])
    else:
        typ = mapped_attribute(make, names.ORM, value)
    return typ if typ is not None else ctx.default_return_type


# -- calls of functools.partial(Column, ...) -----------------------------------------------------

def partial_column_hook(plugin: Any, ctx: MethodContext) -> Type:
    """``name = Column(db.String)`` in a class body, where ``Column = functools.partial(db.Column,
    nullable=False)``: ``Mapped[Any]``. The keywords the partial binds (``nullable``) are in
    another statement, often of another module that may come from mypy's cache without its
    syntax tree, so the value type cannot be told the same way in every run; ``Any`` never
    raises a false error, where SQLAlchemy's ``Column[str]`` rejects ``self.name = "x"``.
    Calls of any other partial object keep mypy's own typing."""
    typ = _partial_call(ctx)
    returned = get_proper_type(typ)
    if not (isinstance(returned, Instance) and returned.type.fullname in names.COLUMN):
        return typ
    mapped = _recorded(plugin, ctx)
    if mapped is None or mapped.annotated:
        return typ
    lib = names.library_of(returned.type.fullname) or names.SQLALCHEMY
    found = mapped_attribute(instance_maker(plugin), lib, None)
    return found if found is not None else typ


def _through_variable(call: object) -> bool:
    return isinstance(call, CallExpr) and isinstance(call.callee, RefExpr) and isinstance(call.callee.node, Var)


def _partial_call(ctx: MethodContext) -> Type:
    """What mypy's own plugin makes of a call of a partial object (a plugin answering this hook
    comes before mypy's, which would not run otherwise)."""
    try:
        from mypy.plugins.functools import partial_call_callback
    except ImportError:  # a mypy without it types the call from partial.__call__ alone
        return ctx.default_return_type
    return partial_call_callback(ctx)


# -- deferred(Column(...)) / column_property(...) --------------------------------------------

def property_hook(plugin: Any, ctx: FunctionContext) -> Type:
    """``orm``: ``deferred(Column(Text))`` is the column it wraps; ``column_property(<expression>)``
    the expression's value, ``| None`` (an SQL expression may be NULL). (``sqlalchemy`` types both
    as ``MappedSQLExpression[T]`` already; a ``Mapped`` result would also become the type context
    of the wrapped ``Column`` when mypy checks the class body again, and conflict with it.)"""
    mapped = _recorded(plugin, ctx)
    if mapped is None or mapped.annotated or not isinstance(ctx.context, CallExpr) \
            or _through_variable(ctx.context) or _library(ctx) != names.ORM:
        return ctx.default_return_type
    args = positional(ctx.context)
    if not args:
        return ctx.default_return_type
    first = args[0]
    make = instance_maker(plugin)
    value: Optional[Type] = None
    if isinstance(first, CallExpr) and (callee_fullname(first) in names.COLUMN
                                        or callee_fullname(first) in names.MAPPED_COLUMN_FUNC):
        inner = [(name, expr, ctx.api.get_expression_type(expr))
                 for name, expr, kind in zip(first.arg_names, first.args, first.arg_kinds)
                 if kind in (ARG_POS, ARG_NAMED)]
        value = _column_value(plugin, ctx, first, inner)
    else:
        element = _expression_value(ctx.api.get_expression_type(first))
        value = UnionType.make_union([element, NoneType()]) if element is not None else None
    typ = mapped_attribute(make, names.ORM, value)
    return typ if typ is not None else ctx.default_return_type


def _expression_value(typ: Type) -> Optional[Type]:
    p = get_proper_type(typ)
    if not isinstance(p, Instance):
        return None
    for base in p.type.mro:
        if base.fullname in names.COLUMN_ELEMENT.values():
            mapped = map_instance_to_supertype(p, base)
            if mapped.args and not isinstance(get_proper_type(mapped.args[0]), AnyType):
                return mapped.args[0]
    return mapped_value(typ)
