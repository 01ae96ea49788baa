"""Naming conventions: names for constraints and indexes the user left unnamed.

``MetaData(naming_convention={...})`` maps a kind (``"ix"``, ``"uq"``, ``"ck"``, ``"fk"``, ``"pk"``,
or a constraint class) to a ``%``-template; a constraint attached to a table without a name gets
the template filled from its table and columns.  Templates whose text mentions
``%(constraint_name)s`` also rewrite explicitly given names (``"ck_%(table_name)s_%(constraint_name)s"``
turns ``CheckConstraint(..., name="positive")`` on ``items`` into ``ck_items_positive``).

Tokens: ``table_name``, ``constraint_name``, ``column_0_name`` / ``column_0_key`` /
``column_0_label`` (any index; ``column_0N_name`` joins every column's, ``column_0_N_name`` joins
them with ``_``), ``referred_table_name``, ``referred_column_0_name`` (foreign keys), and any extra
key of the convention whose value is a callable ``fn(constraint, table) -> str``.

A name wrapped in :class:`conv` is final: no convention touches it.  Generated names are ``conv``
too, and the DDL compiler shortens a ``conv`` name longer than the database allows (keeping a
4-hex-digit hash of the full name) instead of refusing it.

Example::

    metadata = MetaData(naming_convention={
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })
    Table("users", metadata, Column("id", Integer, primary_key=True),
          Column("email", String(80), unique=True))   # pk_users, uq_users_email
"""
from __future__ import annotations

import hashlib
import re
from typing import Any, Optional

from orm import exc

_COLUMN_TOKEN = re.compile(r"^(referred_)?column_(\d+)(_?N)?_(name|key|label)$")


class conv(str):
    """A constraint or index name that is already final: naming conventions leave it alone.

    Example::

        CheckConstraint("price > 0", name=conv("price_positive"))
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return str.__repr__(self)


def convention_for(naming_convention: dict[Any, Any], const_class: type) -> Any:
    """The template the convention gives ``const_class`` (looked up along its MRO by the kind
    key each constraint class declares, e.g. ``"uq"``, or by the class itself), or None."""
    for klass in const_class.__mro__:
        key = klass.__dict__.get("_convention_key")
        if key is not None and key in naming_convention:
            return naming_convention[key]
        if klass in naming_convention:
            return naming_convention[klass]
    return None


def name_for(const: Any, table: Any, name: Any = None, *, use_name: bool = False) -> Optional[str]:
    """The name ``table``'s metadata convention gives ``const`` (a ``conv``), ``const``'s own name
    when it is a ``conv``, or None when no convention applies.

    ``name``/``use_name`` let a caller ask for a name other than ``const.name`` (the CHECK of an
    Enum/Boolean type is named after the type).
    """
    if not use_name:
        name = const.name
    if isinstance(name, conv):
        return name
    metadata = getattr(table, "metadata", None)
    if metadata is None:
        return None
    conventions = metadata.naming_convention
    template = convention_for(conventions, type(const))
    if not isinstance(template, str):
        return None
    if name is not None and "constraint_name" not in template:
        return None
    tokens = _Tokens(const, table, name, conventions, template)
    return conv(template % tokens)


class _Tokens:
    """The ``%(token)s`` values of one template for one constraint (computed on demand)."""

    def __init__(self, const: Any, table: Any, name: Any, conventions: dict[Any, Any], template: str) -> None:
        self.const = const
        self.table = table
        self.name = name
        self.conventions = conventions
        self.template = template

    def __getitem__(self, key: str) -> Any:
        user = self.conventions.get(key)
        if callable(user):
            return user(self.const, self.table)
        if key == "table_name":
            return self.table.name
        if key == "constraint_name":
            if self.name is None:
                raise exc.InvalidRequestError(
                    "Naming convention including %(constraint_name)s token requires that constraint "
                    "is explicitly named."
                )
            return self.name
        if key == "referred_table_name":
            return self._referred_table_name()
        m = _COLUMN_TOKEN.match(key)
        if m is None:
            raise exc.ArgumentError(
                f"Naming convention {self.template!r} has an unknown token %({key})s (tokens: table_name, "
                "constraint_name, column_0_name/_key/_label, column_0_N_name, referred_table_name, "
                "referred_column_0_name, or a callable given in the naming_convention)"
            )
        referred, index, joined, attr = m.groups()
        getter = self._referred_column if referred else self._column
        if joined:
            values = [getter(i, attr) for i in range(len(self._columns(bool(referred))))]
            return ("_" if joined.startswith("_") else "").join(values)
        return getter(int(index), attr)

    # -- columns -----------------------------------------------------------------------------------
    def _columns(self, referred: bool = False) -> list[Any]:
        elements = getattr(self.const, "elements", None)
        if elements is not None:  # a foreign key: its columns are the elements' parents
            return list(elements)
        cols = list(getattr(self.const, "columns", ()) or ())
        if not cols:
            cols = _columns_of_expression(getattr(self.const, "sqltext", None))
        return cols

    def _column(self, index: int, attr: str) -> str:
        cols = self._columns()
        if index >= len(cols):
            return ""
        col = cols[index]
        if getattr(self.const, "elements", None) is not None:
            col = col.parent
        return _column_attr(col, attr)

    def _referred_column(self, index: int, attr: str) -> str:
        elements = getattr(self.const, "elements", None) or []
        if index >= len(elements):
            return ""
        return _column_attr(elements[index].column, attr)

    def _referred_table_name(self) -> str:
        elements = getattr(self.const, "elements", None) or []
        if not elements:
            return ""
        parts = elements[0].target_fullname.split(".")
        return parts[-2] if len(parts) >= 2 else parts[0]


def _column_attr(col: Any, attr: str) -> str:
    if col is None:
        return ""
    if attr == "label":
        table = getattr(col, "table", None)
        return f"{table.name}_{col.name}" if table is not None else col.name  # type: ignore[no-any-return]
    return getattr(col, attr)  # type: ignore[no-any-return]


def _columns_of_expression(expr: Any) -> list[Any]:
    """Table columns an expression mentions, in order (``CheckConstraint(t.c.w > 5)`` is about w)."""
    if expr is None:
        return []
    from .schema import Column

    found: list[Any] = []
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Column):
            if not any(node is f for f in found):
                found.append(node)
            continue
        children = getattr(node, "get_children", None)
        if children is not None:
            stack.extend(reversed(list(children())))
    return found


def truncate_name(name: str, limit: int) -> str:
    """A generated (``conv``) name cut to ``limit`` characters, ending in ``_`` and 4 hex digits of
    the full name's md5, so distinct long names stay distinct."""
    if len(name) <= limit:
        return name
    digest = hashlib.md5(name.encode("utf-8"), usedforsecurity=False).hexdigest()
    return name[: limit - 8] + "_" + digest[-4:]



__all__ = ["conv", "convention_for", "name_for", "truncate_name"]
