"""SQLite DDL: ``PRIMARY KEY AUTOINCREMENT`` (``sqlite_autoincrement=True``), parenthesised
expression defaults, schema-qualified index names, partial indexes (``sqlite_where=``).

Example::

    Table("t", metadata, Column("id", Integer, primary_key=True), sqlite_autoincrement=True)
    # CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT)
"""
from __future__ import annotations

import re
from typing import Any, Optional

from orm import exc
from orm.sql.compiler.ddl import DDLCompiler

# SQLite parses ``DEFAULT x`` only for a literal or a bare name; anything with operators or calls
# must be in parentheses.
_NEEDS_PARENS = re.compile(r".*\W.*", re.S)
_STARTS_QUOTED = re.compile(r"""^\s*['"(]""")


class SQLiteDDLCompiler(DDLCompiler):
    def _autoincrement_pk(self, column: Any) -> bool:
        table = column.table
        return bool(
            table is not None and table.dialect_kwargs.get("sqlite_autoincrement")
            and column._autoincrement_column() and len(table.primary_key.columns) == 1
        )

    def get_column_specification(self, column: Any) -> str:
        table = column.table
        if column.autoincrement is True and column.primary_key and table is not None \
                and len(table.primary_key.columns) > 1:
            raise exc.CompileError("SQLite does not support autoincrement for composite primary keys")
        colspec = super().get_column_specification(column)
        if self._autoincrement_pk(column):
            colspec += " PRIMARY KEY AUTOINCREMENT"
        return colspec

    def get_column_default_string(self, column: Any) -> Optional[str]:
        default = super().get_column_default_string(column)
        if default is None or isinstance(column.server_default.arg, str):
            return default
        if not _STARTS_QUOTED.match(default) and _NEEDS_PARENS.match(default):
            return "(" + default + ")"
        return default

    def visit_primary_key_constraint(self, constraint: Any, **kw: Any) -> str:
        cols = list(constraint.columns)
        if len(cols) == 1 and self._autoincrement_pk(cols[0]):
            return ""  # written on the column itself
        return super().visit_primary_key_constraint(constraint, **kw)

    def visit_foreign_key_constraint(self, constraint: Any, **kw: Any) -> str:
        # SQLite cannot reference a table in another attached database
        local = constraint.table.schema if constraint.table is not None else None
        for fk in constraint.elements:
            try:
                remote = fk.column.table.schema
            except (exc.InvalidRequestError, AttributeError):
                remote = fk._table_and_column_names()[0]
            if remote != local:
                return ""
        return super().visit_foreign_key_constraint(constraint, **kw)

    def visit_create_index(self, create: Any, include_schema: bool = True, **kw: Any) -> str:
        return super().visit_create_index(create, include_schema=True, **kw)

    def format_table_for_index(self, index: Any) -> str:
        return self.format_table(index.table, use_schema=False)

    def index_where(self, index: Any) -> str:
        where = index.dialect_kwargs.get("sqlite_where")
        return " WHERE " + self.sql(where) if where is not None else ""
