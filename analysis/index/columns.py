"""Mapped attributes from class-body syntax: ``Column``, ``mapped_column``, ``relationship``, ...

The interpreter works on :class:`~analysis.index.facts.Expr` pictures with the help of a
resolver that turns names into canonical qualified names (``orm.String``); it knows SQL types'
Python types and the annotation rules of 2.0 declarative (``Mapped[Optional[int]]`` is a nullable
``Integer``).

Example::

    attr = AttrFact("name", annotation=<Mapped[str | None]>, value=<mapped_column(String(80))>, ...)
    interpret_attribute(attr, resolver)    # ColumnInfo(sql_type="String", type_args=(80,),
                                           #            python_type="str", nullable=True, ...)
"""
from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass, field
from typing import Callable, Optional, Union

from analysis.index.facts import AttrFact, Expr, _Converter
from analysis.index.model import ColumnInfo, RelationshipInfo
from analysis.sqltypes import PYTHON_TO_SQL, SQL_TO_PYTHON, python_type_from_arguments

KNOWN_PYTHON = set(PYTHON_TO_SQL) | {"dict", "list"}
_PY_ALIASES = {"typing.Dict": "dict", "typing.List": "list", "builtins.int": "int",
               "builtins.str": "str", "typing.Text": "str"}

MAPPED = {"orm.Mapped": "Mapped", "orm.WriteOnlyMapped": "WriteOnlyMapped",
          "orm.DynamicMapped": "DynamicMapped", "Mapped": "Mapped",
          "WriteOnlyMapped": "WriteOnlyMapped", "DynamicMapped": "DynamicMapped"}
OPTIONAL = {"typing.Optional", "Optional", "typing_extensions.Optional"}
UNION = {"typing.Union", "Union"}
COLLECTIONS = {"list": "list", "typing.List": "list", "List": "list", "set": "set",
               "typing.Set": "set", "Set": "set", "frozenset": "set", "dict": "dict",
               "typing.Dict": "dict", "Dict": "dict", "collections.abc.Sequence": "list",
               "typing.Sequence": "list", "Sequence": "list", "typing.MutableSet": "set"}
NOT_A_TYPE = {"orm.ForeignKey", "orm.Sequence", "orm.Identity", "orm.Computed",
              "orm.CheckConstraint", "orm.FetchedValue", "orm.DefaultClause", "orm.UniqueConstraint",
              "orm.Index", "orm.ForeignKeyConstraint", "orm.PrimaryKeyConstraint"}
COLUMN_CALLS = {"orm.Column", "orm.mapped_column"}
RELATIONSHIP_CALLS = {"orm.relationship", "orm.relation", "orm.dynamic_loader"}
LAZY_FROM_BOOL = {True: "select", False: "joined", None: "noload"}

Resolver = Callable[[Expr], Optional[str]]


@dataclass
class TypeInfo:
    sql_type: Optional[str] = None
    type_args: tuple = ()
    python_type: Optional[str] = None
    enum_class: Optional[str] = None    # Enum(PyEnum): the enum's qualified name
    native: bool = False                # an Enum whose accepted strings are fixed (see ColumnInfo)


@dataclass
class AttrContext:
    """What interpreting one class body needs: name resolution and the base's type map."""

    resolve: Resolver                       # Expr -> canonical qualified name (name/attr exprs)
    module: str = ""
    path: str = ""
    owner: str = ""
    type_annotation_map: dict[str, TypeInfo] = field(default_factory=dict)
    user_type: Callable[[str], bool] = lambda qualname: False   # a project class (TypeDecorator)


@dataclass
class Annotation:
    mapped_kind: Optional[str] = None       # Mapped / WriteOnlyMapped / DynamicMapped
    python_type: Optional[str] = None       # canonical python type of the value (no Optional)
    optional: bool = False
    collection: Optional[str] = None        # list / set / dict for relationship collections
    target: Optional[str] = None            # the class inside (as written) for relationships
    text: str = ""
    is_classvar: bool = False


def _string_expr(text: str) -> Optional[Expr]:
    """A quoted annotation (``"Post"``, ``"list[Post]"``) read as an expression."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")     # the user's escapes are not ours to warn about
            node = ast.parse(text.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return _Converter(text.strip()).expr(node)


def read_annotation(expr: Optional[Expr], ctx: AttrContext, depth: int = 0) -> Annotation:
    """What a class-body annotation says: ``Mapped[list["Post"]]`` -> collection of Post."""
    result = Annotation(text=expr.text if expr is not None else "")
    if expr is None or depth > 6:
        return result
    if expr.kind == "str":
        inner = _string_expr(expr.value)
        if inner is None:
            return result
        sub = read_annotation(inner, ctx, depth + 1)
        sub.text = expr.text
        return sub
    base = ctx.resolve(expr.func) if expr.kind == "subscript" and expr.func is not None else None
    if expr.kind == "subscript" and base in ("typing.ClassVar", "ClassVar"):
        result.is_classvar = True
        return result
    if expr.kind == "subscript" and base in MAPPED and expr.items:
        result.mapped_kind = MAPPED[base]
        _read_inner(expr.items[0], ctx, result, depth)
        return result
    if expr.kind == "name" and ctx.resolve(expr) in MAPPED:
        result.mapped_kind = MAPPED[ctx.resolve(expr) or ""]
        return result
    # a bare annotation (``x: int``): not mapped, but say what it holds
    _read_inner(expr, ctx, result, depth)
    return result


def _read_inner(expr: Optional[Expr], ctx: AttrContext, out: Annotation, depth: int) -> None:
    if expr is None:
        return
    if expr.kind == "str":
        inner = _string_expr(expr.value)
        if inner is not None:
            _read_inner(inner, ctx, out, depth + 1)
        return
    if expr.kind == "union":
        rest = [i for i in expr.items if not _is_none(i)]
        if len(rest) < len(expr.items):
            out.optional = True
        if len(rest) == 1:
            _read_inner(rest[0], ctx, out, depth + 1)
        return
    if expr.kind == "subscript" and expr.func is not None:
        base = ctx.resolve(expr.func)
        if base in OPTIONAL and expr.items:
            out.optional = True
            _read_inner(expr.items[0], ctx, out, depth + 1)
            return
        if base in UNION:
            rest = [i for i in expr.items if not _is_none(i)]
            out.optional = len(rest) < len(expr.items)
            if len(rest) == 1:
                _read_inner(rest[0], ctx, out, depth + 1)
            return
        if base in COLLECTIONS:
            out.collection = COLLECTIONS[base]
            out.python_type = out.collection
            if expr.items:
                element = expr.items[-1]    # dict[str, X]: the value type
                out.target = _class_text(element)
            return
        return
    if expr.kind == "name":
        name = ctx.resolve(expr) or expr.value
        name = _PY_ALIASES.get(name, name)
        if name in COLLECTIONS:
            out.collection = COLLECTIONS[name]
            out.python_type = out.collection
            return
        out.python_type = name if name in KNOWN_PYTHON else None
        out.target = expr.value
        if name not in KNOWN_PYTHON and name in ctx.type_annotation_map:
            out.python_type = None


def _class_text(expr: Optional[Expr]) -> Optional[str]:
    if expr is None:
        return None
    if expr.kind == "str":
        inner = _string_expr(expr.value)
        return _class_text(inner) if inner is not None else expr.value
    if expr.kind == "name":
        return expr.value
    return None


def _is_none(expr: Optional[Expr]) -> bool:
    return expr is not None and ((expr.kind == "const" and expr.value is None)
                                 or (expr.kind == "name" and expr.value == "None")
                                 or (expr.kind == "str" and expr.value.strip() == "None"))


def _is_false(expr: Optional[Expr]) -> bool:
    return expr is not None and expr.kind == "const" and expr.value is False


def _literal_args(call: Expr) -> tuple:
    return tuple(a.value for a in call.items if a is not None and a.kind in ("str", "const"))


def _const_bool(expr: Optional[Expr]) -> Optional[bool]:
    if expr is not None and expr.kind == "const" and isinstance(expr.value, bool):
        return expr.value
    return None


def read_type(expr: Optional[Expr], ctx: AttrContext) -> Optional[TypeInfo]:
    """An SQL type expression (``String``, ``String(80)``, ``postgresql.UUID(as_uuid=False)``)."""
    if expr is None:
        return None
    call = expr if expr.kind == "call" else None
    target = call.func if call is not None else expr
    if target is None or target.kind not in ("name", "attr"):
        return None
    name = ctx.resolve(target)
    if not name:
        return None
    short = name.rsplit(".", 1)[-1]
    args = _literal_args(call) if call is not None else ()
    if name.startswith("orm.") and short in SQL_TO_PYTHON:
        python = SQL_TO_PYTHON[short]
        if call is not None:
            # asdecimal= / as_uuid= decide the values' type (typesys owns which types take which)
            decided = python_type_from_arguments(
                [short], asdecimal=_const_bool(call.keyword("asdecimal")),
                as_uuid=_const_bool(call.keyword("as_uuid")))
            python = decided or python
        return TypeInfo(short, args, python)
    if name.startswith("orm.") and short in ("Enum",):
        # Enum("a", "b") holds strings; Enum(PyEnum) holds members of a Python enum
        strings = call is not None and call.items and all(
            a is not None and a.kind == "str" for a in call.items)
        enum_class = None
        if call is not None and len(call.items) == 1 and call.items[0] is not None and \
                call.items[0].kind in ("name", "attr") and \
                call.keyword("values_callable") is None:
            # the database stores the member NAMES (values_callable would make it the values)
            enum_class = ctx.resolve(call.items[0])
        if call is not None and _is_false(call.keyword("native_enum")):
            strings, enum_class = False, None   # a VARCHAR: any string compares, finding none
        return TypeInfo("Enum", args, "str" if strings else None, enum_class,
                        native=bool(strings) or enum_class is not None)
    if name.startswith("orm.") and short[:1].isupper() and short not in (
            "Column", "ForeignKey") and name not in NOT_A_TYPE:
        # another orm/sqlalchemy type (JSON, PickleType, ...): its values' type is not fixed
        return TypeInfo(short, args, None)
    if ctx.user_type(name):
        return TypeInfo(short, args, None)
    return None


def interpret_attribute(attr: AttrFact, ctx: AttrContext
                        ) -> Union[ColumnInfo, RelationshipInfo, str, None]:
    """A mapped attribute, ``"other"`` for anything else the class defines, None for config.

    ``__tablename__``, ``__table_args__`` and other dunders are configuration (None).
    """
    if attr.key.startswith("__") and attr.key.endswith("__"):
        return None
    annotation = read_annotation(attr.annotation, ctx) if attr.annotation is not None else None
    if annotation is not None and annotation.is_classvar:
        return "other"
    value = attr.value
    func = ctx.resolve(value.func) if value is not None and value.kind == "call" and \
        value.func is not None else None
    if value is None:
        if annotation is not None and annotation.mapped_kind == "Mapped":
            if annotation.python_type is not None or annotation.target is not None:
                if annotation.collection is None and _looks_like_class(annotation, ctx):
                    return "other"
                return _column(attr, None, annotation, ctx)
        return "other"
    if func in COLUMN_CALLS:
        return _column(attr, value, annotation, ctx)
    if func == "orm.deferred" and value.items and value.items[0] is not None:
        inner = value.items[0]
        inner_func = ctx.resolve(inner.func) if inner.kind == "call" and inner.func else None
        if inner_func in COLUMN_CALLS:
            col = _column(attr, inner, annotation, ctx)
        else:
            col = _column_property(attr, value, annotation, ctx)
        col.deferred = True
        return col
    if func in ("orm.column_property", "orm.query_expression"):
        first = value.items[0] if value.items else None
        first_func = ctx.resolve(first.func) if first is not None and first.kind == "call" \
            and first.func is not None else None
        if first_func in COLUMN_CALLS:
            # column_property(Column(...), Parent.col): a column of this table after all
            col = _column(attr, first, annotation, ctx)
            col.kind = "column_property"
            col.deferred = _bool(value.keyword("deferred"), False)
            return col
        return _column_property(attr, value, annotation, ctx)
    if func == "orm.synonym":
        target = value.items[0].value if value.items and value.items[0] is not None and \
            value.items[0].kind == "str" else None
        col = ColumnInfo(key=attr.key, name=attr.key, kind="synonym", range=attr.range,
                         path=ctx.path, owner=ctx.owner, synonym_for=target)
        return col
    if func in RELATIONSHIP_CALLS:
        return _relationship(attr, value, annotation, ctx, dynamic=func == "orm.dynamic_loader")
    return "other"


def _looks_like_class(annotation: Annotation, ctx: AttrContext) -> bool:
    # `author: Mapped["User"]` with no value is a relationship-typed annotation without
    # relationship(): declarative would reject it; don't invent a column of an unknown type
    return annotation.python_type is None and annotation.target is not None and \
        annotation.target[:1].isupper() and annotation.target not in ctx.type_annotation_map


def _column(attr: AttrFact, call: Optional[Expr], annotation: Optional[Annotation],
            ctx: AttrContext) -> ColumnInfo:
    name = attr.key
    type_info: Optional[TypeInfo] = None
    fks: list[str] = []
    items = call.items if call is not None else ()
    for index, arg in enumerate(items):
        if arg is None:
            continue
        if arg.kind == "str" and index == 0:
            name = arg.value
            continue
        arg_func = ctx.resolve(arg.func) if arg.kind == "call" and arg.func is not None else None
        if arg_func == "orm.ForeignKey" and arg.items:
            fks.append(_fk_text(arg.items[0], ctx))
            continue
        if arg_func in NOT_A_TYPE:
            continue
        if type_info is None:
            type_info = read_type(arg, ctx)
    kw = call.keyword if call is not None else (lambda _k: None)
    if kw("name") is not None and kw("name").kind == "str":
        name = kw("name").value
    if type_info is None and kw("type_") is not None:
        type_info = read_type(kw("type_"), ctx)
    python_from_annotation = annotation.python_type if annotation is not None else None
    if type_info is None and annotation is not None:
        key = python_from_annotation or (annotation.target or "")
        mapped = ctx.type_annotation_map.get(key)
        if mapped is not None:
            type_info = TypeInfo(mapped.sql_type, mapped.type_args, python_from_annotation or
                                 mapped.python_type)
        elif python_from_annotation in PYTHON_TO_SQL:
            type_info = TypeInfo(PYTHON_TO_SQL[python_from_annotation], (),
                                 python_from_annotation)
    type_info = type_info or TypeInfo()
    python_type = type_info.python_type
    if python_from_annotation is not None:
        python_type = python_from_annotation if python_from_annotation in KNOWN_PYTHON else None
    primary_key = _bool(kw("primary_key"), False)
    nullable_kw = kw("nullable")
    if nullable_kw is not None and nullable_kw.kind == "const" and \
            isinstance(nullable_kw.value, bool):
        nullable = nullable_kw.value
    elif primary_key:
        nullable = False
    elif annotation is not None and annotation.mapped_kind is not None:
        nullable = annotation.optional
    else:
        nullable = True
    return ColumnInfo(
        key=attr.key, name=name, sql_type=type_info.sql_type, type_args=type_info.type_args,
        python_type=python_type, nullable=nullable, primary_key=primary_key,
        foreign_keys=tuple(fks), deferred=_bool(kw("deferred"), False), kind="column",
        range=attr.range, path=ctx.path, owner=ctx.owner, unique=_bool(kw("unique"), False),
        index=_bool(kw("index"), False),
        has_default=any(kw(k) is not None for k in ("default", "server_default", "insert_default")),
        annotation_text=annotation.text if annotation is not None else None,
        enum_class=type_info.enum_class,
        enum_strings=type_info.type_args if type_info.sql_type == "Enum" and type_info.native
        and type_info.enum_class is None else None,
    )


def _column_property(attr: AttrFact, call: Expr, annotation: Optional[Annotation],
                     ctx: AttrContext) -> ColumnInfo:
    python = annotation.python_type if annotation is not None else None
    if python is None and call.items and call.items[0] is not None:
        python = _selected_count(call.items[0], ctx)
    return ColumnInfo(
        key=attr.key, name=attr.key, python_type=python if python in KNOWN_PYTHON else None,
        sql_type=PYTHON_TO_SQL.get(python or ""), nullable=True,
        deferred=_bool(call.keyword("deferred"), False), kind="column_property",
        range=attr.range, path=ctx.path, owner=ctx.owner,
        annotation_text=annotation.text if annotation is not None else None)


def _selected_count(expr: Expr, ctx: AttrContext) -> Optional[str]:
    """``"int"`` for ``select(func.count(...))...scalar_subquery()`` (any method chain after the
    select): the usual unannotated column_property, whose values are counts."""
    while expr.kind == "call" and expr.func is not None and expr.func.kind == "attr" and \
            expr.func.func is not None:
        expr = expr.func.func            # x.where(...).scalar_subquery() -> x
    if expr.kind != "call" or expr.func is None or len(expr.items) != 1 or expr.items[0] is None:
        return None
    if (ctx.resolve(expr.func) or "").rsplit(".", 1)[-1] != "select":
        return None
    selected = expr.items[0]
    if selected.kind != "call" or selected.func is None:
        return None
    name = ctx.resolve(selected.func) or selected.func.text
    return "int" if name.endswith("func.count") else None


def _fk_text(expr: Expr, ctx: AttrContext) -> str:
    """``"users.id"`` as written, or a marker ``@module:User.id`` the builder resolves later."""
    if expr.kind == "str":
        return expr.value
    if expr.kind == "name":
        return f"@{ctx.module}:{expr.value}"
    if expr.kind == "lambda" and expr.items and expr.items[0] is not None:
        return _fk_text(expr.items[0], ctx)
    return f"?{expr.text}"


def _bool(expr: Optional[Expr], default: bool) -> bool:
    if expr is not None and expr.kind == "const" and isinstance(expr.value, bool):
        return expr.value
    return default


def _str(expr: Optional[Expr]) -> Optional[str]:
    return expr.value if expr is not None and expr.kind == "str" else None


def _target_text(expr: Optional[Expr]) -> Optional[str]:
    if expr is None:
        return None
    if expr.kind == "str":
        return expr.value.strip()
    if expr.kind == "name":
        return expr.value
    if expr.kind == "lambda" and expr.items:
        return _target_text(expr.items[0])
    return None


def _relationship(attr: AttrFact, call: Expr, annotation: Optional[Annotation], ctx: AttrContext,
                  dynamic: bool) -> RelationshipInfo:
    kw = call.keyword
    target_expr = call.items[0] if call.items else kw("argument")
    target = _target_text(target_expr)
    if target is None and annotation is not None:
        target = annotation.target
    lazy = "dynamic" if dynamic else "select"
    lazy_expr = kw("lazy")
    if lazy_expr is not None and lazy_expr.kind == "str":
        lazy = lazy_expr.value
    elif lazy_expr is not None and lazy_expr.kind == "const" and lazy_expr.value in (
            True, False, None):
        lazy = LAZY_FROM_BOOL[lazy_expr.value]
    mapped_kind = annotation.mapped_kind if annotation is not None else None
    if mapped_kind == "DynamicMapped" and lazy_expr is None:
        lazy = "dynamic"
    elif mapped_kind == "WriteOnlyMapped" and lazy_expr is None:
        lazy = "write_only"
    uselist_expr = kw("uselist")
    uselist: Optional[bool] = None
    if uselist_expr is not None and uselist_expr.kind == "const" and \
            isinstance(uselist_expr.value, bool):
        uselist = uselist_expr.value
    elif annotation is not None and annotation.mapped_kind is not None:
        uselist = annotation.collection is not None
    backref_name = backref_lazy = None
    backref_uselist: Optional[bool] = None
    backref_expr = kw("backref")
    if backref_expr is not None:
        if backref_expr.kind == "str":
            backref_name = backref_expr.value
        elif backref_expr.kind == "call" and backref_expr.func is not None and \
                ctx.resolve(backref_expr.func) == "orm.backref" and backref_expr.items:
            backref_name = _str(backref_expr.items[0])
            inner_lazy = backref_expr.keyword("lazy")
            if inner_lazy is not None and inner_lazy.kind == "str":
                backref_lazy = inner_lazy.value
            elif inner_lazy is not None and inner_lazy.kind == "const" and \
                    inner_lazy.value in (True, False, None):
                backref_lazy = LAZY_FROM_BOOL[inner_lazy.value]
            inner_uselist = backref_expr.keyword("uselist")
            if inner_uselist is not None and inner_uselist.kind == "const" and \
                    isinstance(inner_uselist.value, bool):
                backref_uselist = inner_uselist.value
    secondary_expr = kw("secondary")
    secondary = None
    if secondary_expr is not None:
        # a Table variable is resolved to its table name by the builder (marker "@module:name")
        if secondary_expr.kind == "str":
            secondary = secondary_expr.value.strip()
        elif secondary_expr.kind in ("name", "lambda"):
            text = _target_text(secondary_expr)
            secondary = f"@{ctx.module}:{text}" if text else None
        elif secondary_expr.kind == "attr" and secondary_expr.value == "__table__":
            text = _target_text(secondary_expr.func)
            secondary = f"@{ctx.module}:{text}.__table__" if text else None

    def text_of(key: str) -> Optional[str]:
        value = kw(key)
        return value.text if value is not None else None

    return RelationshipInfo(
        key=attr.key, target=target, back_populates=_str(kw("back_populates")),
        backref=backref_name, secondary=secondary, uselist=uselist, lazy=lazy,
        viewonly=_bool(kw("viewonly"), False), order_by_text=text_of("order_by"),
        range=attr.range, path=ctx.path, owner=ctx.owner, cascade=_str(kw("cascade")),
        primaryjoin_text=text_of("primaryjoin"), secondaryjoin_text=text_of("secondaryjoin"),
        foreign_keys_text=text_of("foreign_keys"), remote_side_text=text_of("remote_side"),
        collection=annotation.collection if annotation is not None else None,
        mapped_kind=mapped_kind, backref_lazy=backref_lazy, backref_uselist=backref_uselist,
    )


__all__ = ["AttrContext", "Annotation", "PYTHON_TO_SQL", "SQL_TO_PYTHON", "TypeInfo",
           "interpret_attribute", "read_annotation", "read_type"]
