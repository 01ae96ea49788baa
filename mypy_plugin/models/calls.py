"""Reading the arguments of mapping calls from mypy's syntax tree (no types needed).

Used by both passes: the semantic analyser records facts from these calls, the type checker
types them. Everything here answers None for what the source does not say literally.

Example::

    rel = relationship_args(call)   # relationship("Post", uselist=False, backref="author")
    rel["target"], rel["uselist"], rel["backref"]["name"]      # "Post", False, "author"
"""
from __future__ import annotations

from typing import Any, Iterator, Optional

from mypy.nodes import (
    ARG_NAMED,
    ARG_POS,
    AssignmentStmt,
    Block,
    CallExpr,
    ClassDef,
    Expression,
    IfStmt,
    LambdaExpr,
    ListExpr,
    MemberExpr,
    NameExpr,
    RefExpr,
    ReturnStmt,
    SetExpr,
    Statement,
    StrExpr,
    TupleExpr,
)

from .. import names


def callee_fullname(call: CallExpr) -> str:
    return call.callee.fullname if isinstance(call.callee, RefExpr) and call.callee.fullname else ""


def keyword(call: CallExpr, name: str) -> Optional[Expression]:
    for arg_name, arg, kind in zip(call.arg_names, call.args, call.arg_kinds):
        if kind == ARG_NAMED and arg_name == name:
            return arg
    return None


def positional(call: CallExpr) -> list[Expression]:
    return [arg for arg, kind in zip(call.args, call.arg_kinds) if kind == ARG_POS]


def literal_bool(expr: Optional[Expression]) -> Optional[bool]:
    if isinstance(expr, NameExpr) and expr.fullname in ("builtins.True", "builtins.False"):
        return expr.fullname == "builtins.True"
    return None


def literal_str(expr: Optional[Expression]) -> Optional[str]:
    return expr.value if isinstance(expr, StrExpr) else None


def class_body_assignments(defn: ClassDef) -> Iterator[AssignmentStmt]:
    """The assignments of a class body, including those under ``if`` (``if TYPE_CHECKING:``)."""
    yield from _assignments(defn.defs.body)


def _assignments(body: list[Statement]) -> Iterator[AssignmentStmt]:
    for stmt in body:
        if isinstance(stmt, AssignmentStmt):
            yield stmt
        elif isinstance(stmt, IfStmt):
            for block in stmt.body:
                yield from _assignments(block.body)
            if isinstance(stmt.else_body, Block):
                yield from _assignments(stmt.else_body.body)


def assigned_name(stmt: AssignmentStmt) -> Optional[str]:
    if len(stmt.lvalues) == 1 and isinstance(stmt.lvalues[0], NameExpr):
        return stmt.lvalues[0].name
    return None


# -- columns ----------------------------------------------------------------------------------

def foreign_key_specs(call: CallExpr) -> list[str]:
    """The targets of the ``ForeignKey(...)`` arguments of ``Column(...)``/``mapped_column(...)``:
    ``"users.id"`` as written, or ``"@Class.attr"`` for ``ForeignKey(User.id)``."""
    specs = []
    for arg in positional(call):
        if isinstance(arg, CallExpr) and callee_fullname(arg) in names.FOREIGN_KEY and arg.args:
            target = arg.args[0]
            text = literal_str(target)
            if text is not None:
                specs.append(text)
            elif isinstance(target, MemberExpr) and isinstance(target.expr, NameExpr):
                specs.append(f"@{target.expr.name}.{target.name}")
    return specs


def column_name(call: CallExpr) -> Optional[str]:
    """The explicit column name (``Column("user_name", String)``), if any."""
    args = positional(call)
    name = literal_str(args[0]) if args else None
    return name if name is not None else literal_str(keyword(call, "name"))


# -- relationships ----------------------------------------------------------------------------

_DICT_COLLECTIONS = ("attribute_keyed_dict", "attribute_mapped_collection", "column_keyed_dict",
                     "column_mapped_collection", "keyfunc_mapping", "mapped_collection")


def _class_reference(expr: Optional[Expression]) -> Optional[str]:
    """``"Post"`` as written in a string, or ``"=pkg.models.Post"`` for a class named directly
    (``relationship(Post)``, ``relationship(lambda: Post)``)."""
    if expr is None:
        return None
    if isinstance(expr, StrExpr):
        return expr.value.strip()
    if isinstance(expr, LambdaExpr):
        body = expr.body.body
        if len(body) == 1 and isinstance(body[0], ReturnStmt):
            return _class_reference(body[0].expr)
        return None
    if isinstance(expr, RefExpr) and expr.fullname:
        return "=" + expr.fullname
    return None


def _collection(expr: Optional[Expression]) -> Optional[str]:
    if expr is None:
        return None
    if isinstance(expr, CallExpr):
        expr = expr.callee
    if isinstance(expr, RefExpr):
        full = expr.fullname or ""
        if full in ("builtins.list", "builtins.set", "builtins.dict"):
            return full.split(".", 1)[1]
        if expr.name in _DICT_COLLECTIONS:
            return "dict"
    return "other"


def _names_in(expr: Optional[Expression]) -> list[str]:
    """``foreign_keys=[a, B.c]`` / ``"[B.c]"`` -> ``["a", "B.c"]``."""
    if expr is None:
        return []
    if isinstance(expr, StrExpr):
        text = expr.value.strip().strip("[]()")
        return [part.strip() for part in text.split(",") if part.strip()]
    if isinstance(expr, (ListExpr, TupleExpr, SetExpr)):
        found = []
        for item in expr.items:
            found.extend(_names_in(item))
        return found
    if isinstance(expr, NameExpr):
        return [expr.name]
    if isinstance(expr, MemberExpr) and isinstance(expr.expr, NameExpr):
        return [f"{expr.expr.name}.{expr.name}"]
    return ["?"]


def relationship_args(call: CallExpr) -> dict[str, Any]:
    """What a ``relationship(...)`` call says literally (JSON-able, stored in class facts)."""
    args = positional(call)
    target = keyword(call, "argument")
    if target is None and args:
        target = args[0]
    secondary = keyword(call, "secondary")
    if secondary is None and len(args) > 1:
        secondary = args[1]
    info: dict[str, Any] = {
        "target": _class_reference(target),
        "uselist": literal_bool(keyword(call, "uselist")),
        "secondary": secondary is not None,
        "remote_side": keyword(call, "remote_side") is not None,
        "foreign_keys": _names_in(keyword(call, "foreign_keys")),
        "primaryjoin": keyword(call, "primaryjoin") is not None,
        "collection": _collection(keyword(call, "collection_class")),
        "lazy": literal_str(keyword(call, "lazy")),
        "backref": None,
    }
    if callee_fullname(call) in names.DYNAMIC_LOADER_FUNC:
        info["lazy"] = "dynamic"
    backref = keyword(call, "backref")
    name = literal_str(backref)
    if name is not None:
        info["backref"] = {"name": name, "uselist": None, "collection": None, "lazy": None}
    elif isinstance(backref, CallExpr) and _is_backref_call(backref) and backref.args:
        name = literal_str(backref.args[0])
        if name is not None:
            info["backref"] = {
                "name": name,
                "uselist": literal_bool(keyword(backref, "uselist")),
                "collection": _collection(keyword(backref, "collection_class")),
                "lazy": literal_str(keyword(backref, "lazy")),
            }
    return info


def _is_backref_call(call: CallExpr) -> bool:
    """``backref("name", ...)``, also Flask-SQLAlchemy's ``db.backref(...)`` (a name reached
    through an object has no full name in the semantic pass; ``backref=`` takes nothing else)."""
    if callee_fullname(call) in names.BACKREF_FUNC:
        return True
    callee = call.callee
    return isinstance(callee, MemberExpr) and callee.name == "backref" and not callee_fullname(call)
