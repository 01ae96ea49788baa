"""PostgreSQL DDL: ``SERIAL`` primary keys, named ``ENUM`` types (``CREATE TYPE ... AS ENUM``),
stored computed columns, ``USING`` / ``WHERE`` / ``CONCURRENTLY`` on indexes.

Example::

    from orm.dialects.postgresql.ddl import CreateEnumType
    print(CreateEnumType(ENUM("a", "b", name="status")).compile(dialect=postgresql.dialect()))
    # CREATE TYPE status AS ENUM ('a', 'b')
"""
from __future__ import annotations

import re
from typing import Any

from orm import exc
from orm import types as sqltypes
from orm.sql.compiler.ddl import DDLCompiler
from orm.sql.ddl import _CreateDropBase

_USING = re.compile(r"^\w+$")


class CreateEnumType(_CreateDropBase):
    """``CREATE TYPE name AS ENUM ('a', 'b')``."""

    __visit_name__ = "create_enum_type"


class DropEnumType(_CreateDropBase):
    """``DROP TYPE name``."""

    __visit_name__ = "drop_enum_type"


def _enum_types(tables: list[Any]) -> dict[tuple[Any, str], Any]:
    """Named native enums the tables' columns use, by (schema, name), in column order."""
    found: dict[tuple[Any, str], Any] = {}
    for table in tables:
        for column in table.columns:
            type_ = column.type
            if isinstance(type_, sqltypes.Enum) and type_.native_enum and type_.name \
                    and getattr(type_, "create_type", True):
                found.setdefault((type_.schema, type_.name), type_)
    return found


class PGDDLCompiler(DDLCompiler):
    def type_string(self, column: Any) -> str:
        from orm.sql.schema import Sequence_

        type_ = column.type
        seq = column.default if isinstance(column.default, Sequence_) else None
        if (column._autoincrement_column() and column.identity is None
                and (seq is None or seq.optional) and column.server_default is None
                and isinstance(type_, sqltypes.Integer)):
            if isinstance(type_, sqltypes.BigInteger):
                return "BIGSERIAL"
            if isinstance(type_, sqltypes.SmallInteger):
                return "SMALLSERIAL"
            return "SERIAL"
        return super().type_string(column)

    def visit_computed_column(self, computed: Any, **kw: Any) -> str:
        if computed.persisted is False:
            raise exc.CompileError(
                "PostgreSQL computed columns do not support 'virtual' persistence; set the "
                "'persisted' flag to None or True for PostgreSQL support."
            )
        return f"GENERATED ALWAYS AS ({self.sql(computed.sqltext)}) STORED"

    def visit_create_index(self, create: Any, include_schema: bool = False, **kw: Any) -> str:
        text = super().visit_create_index(create, include_schema=False, **kw)
        if create.element.dialect_kwargs.get("postgresql_concurrently"):
            text = text.replace("INDEX ", "INDEX CONCURRENTLY ", 1)
        return text

    def index_using(self, index: Any) -> str:
        using = index.dialect_kwargs.get("postgresql_using")
        if using is None:
            return ""
        return " USING " + self._keyword(using, _USING)

    def index_where(self, index: Any) -> str:
        where = index.dialect_kwargs.get("postgresql_where")
        return " WHERE " + self.sql(where) if where is not None else ""

    def visit_check_constraint(self, constraint: Any, **kw: Any) -> str:
        # the shared compiler sends constraints of kinds it does not know here
        from .ext import ExcludeConstraint, render_exclude_constraint

        if isinstance(constraint, ExcludeConstraint):
            return render_exclude_constraint(self, constraint)
        return super().visit_check_constraint(constraint, **kw)

    def _enum_name(self, type_: Any) -> str:
        name = self.quote(type_.name, "Type")
        return (self.preparer.quote_schema(type_.schema) + "." + name) if type_.schema else name

    def visit_create_enum_type(self, create: Any, **kw: Any) -> str:
        type_ = create.element
        values = ", ".join(self.render_literal(v) for v in type_.enums)
        return f"CREATE TYPE {self._enum_name(type_)} AS ENUM ({values})"

    def visit_drop_enum_type(self, drop: Any, **kw: Any) -> str:
        return f"DROP TYPE {self._enum_name(drop.element)}"

    @classmethod
    def before_create(cls, connection: Any, tables: list[Any], checkfirst: bool) -> None:
        dialect = connection.dialect
        for (schema, name), type_ in _enum_types(tables).items():
            if checkfirst and dialect.has_type(connection, name, schema=schema):
                continue
            connection.execute(CreateEnumType(type_))

    @classmethod
    def after_drop(cls, connection: Any, tables: list[Any], checkfirst: bool) -> None:
        dialect = connection.dialect
        dropped = {id(t) for t in tables}
        metadatas = {id(t.metadata): t.metadata for t in tables if t.metadata is not None}
        still_used = _enum_types([t for md in metadatas.values() for t in md.tables.values()
                                  if id(t) not in dropped])
        for key, type_ in _enum_types(tables).items():
            if key in still_used:
                continue
            if checkfirst and not dialect.has_type(connection, key[1], schema=key[0]):
                continue
            connection.execute(DropEnumType(type_))

