"""MySQL / MariaDB DDL: ``AUTO_INCREMENT``, inline ``COMMENT``, table options from ``mysql_*``
keyword arguments (``ENGINE=InnoDB``), ``DROP INDEX ... ON table``, prefix lengths and
``FULLTEXT`` indexes.

Example::

    Table("t", metadata, Column("id", Integer, primary_key=True), mysql_engine="InnoDB")
    # CREATE TABLE t (id INTEGER NOT NULL AUTO_INCREMENT, PRIMARY KEY (id))ENGINE=InnoDB
"""
from __future__ import annotations

import re
from typing import Any

from orm import exc
from orm import types as sqltypes
from orm.sql.compiler.ddl import DDLCompiler

# Table options written ``NAME value`` rather than ``NAME=value``.
_SPACE_JOINED = frozenset({"COLLATE", "CHARACTER SET", "DEFAULT CHARACTER SET", "TABLESPACE"})
# Options spelled with spaces in SQL (the rest keep their underscores: ROW_FORMAT, AUTO_INCREMENT).
_MULTI_WORD = frozenset({"DEFAULT_CHARSET", "DEFAULT_CHARACTER_SET", "CHARACTER_SET", "DEFAULT_COLLATE",
                         "DATA_DIRECTORY", "INDEX_DIRECTORY"})
# Options whose value is a string literal.
_STRING_OPTIONS = frozenset({"COMMENT", "PASSWORD", "CONNECTION"})
_OPTION_VALUE = re.compile(r"^[\w./=-]+$")
_PREFIX = re.compile(r"^(FULLTEXT|SPATIAL)$", re.I)


class MySQLDDLCompiler(DDLCompiler):
    inline_comments = True

    def _is_autoincrement(self, column: Any) -> bool:
        from orm.sql.schema import Sequence_

        if not column._autoincrement_column() or isinstance(column.default, Sequence_):
            return False
        return column.server_default is None and isinstance(column.type, sqltypes.Integer)

    def get_column_specification(self, column: Any) -> str:
        parts = [self.format_column(column), self.type_string(column)]
        if column.computed is not None:
            parts.append(self.visit_computed_column(column.computed))
        if not column.nullable:
            parts.append("NOT NULL")
        elif isinstance(column.type, sqltypes.TIMESTAMP):
            # MySQL makes TIMESTAMP columns NOT NULL unless told otherwise
            parts.append("NULL")
        if column.comment is not None:
            parts.append("COMMENT " + self.render_literal(column.comment))
        if self._is_autoincrement(column):
            parts.append("AUTO_INCREMENT")
        else:
            default = self.get_column_default_string(column)
            if default is not None:
                parts.append("DEFAULT " + default)
        return " ".join(parts)

    def _native_enum(self) -> bool:
        return True  # ENUM('a','b') is a column type here

    def post_create_table(self, table: Any) -> str:
        options: dict[str, Any] = {}
        for key, value in table.dialect_kwargs.items():
            prefix, _, name = key.partition("_")
            if prefix not in ("mysql", "mariadb") or name in ("length", "prefix", "using", "with_parser"):
                continue
            option = name.upper()
            options[option.replace("_", " ") if option in _MULTI_WORD else option] = value
        if table.comment is not None:
            options["COMMENT"] = table.comment
        # COLLATE goes after any character set option
        ordered = [k for k in options if k != "COLLATE"] + (["COLLATE"] if "COLLATE" in options else [])
        rendered = []
        for name in ordered:
            value = options[name]
            if name in _STRING_OPTIONS:
                text = self.render_literal(str(value))
            else:
                text = str(value)
                if not _OPTION_VALUE.match(text):
                    raise exc.CompileError(f"Unexpected value for MySQL table option {name}: {text!r}")
            rendered.append(name + (" " if name in _SPACE_JOINED else "=") + text)
        return " ".join(rendered)

    # -- indexes -------------------------------------------------------------------------------
    def index_expression(self, expr: Any) -> str:
        from orm.sql.elements import UnaryExpression
        from orm.sql.schema import Column

        if isinstance(expr, (Column, str)):
            return super().index_expression(expr)
        if isinstance(expr, UnaryExpression) and isinstance(expr.element, Column):
            return super().index_expression(expr)
        # MySQL 8 / MariaDB take a functional key part only in parentheses
        return "(" + super().index_expression(expr) + ")"

    def index_columns(self, index: Any) -> str:
        length = index.dialect_kwargs.get("mysql_length")
        parts = []
        for expr in index.expressions:
            text = self.index_expression(expr)
            n = length.get(getattr(expr, "name", None)) if isinstance(length, dict) else length
            if n is not None:
                text += f"({int(n)})"
            parts.append(text)
        return ", ".join(parts)

    def visit_create_index(self, create: Any, include_schema: bool = False, **kw: Any) -> str:
        text = super().visit_create_index(create, include_schema=False, **kw)
        prefix = create.element.dialect_kwargs.get("mysql_prefix")
        if prefix is not None:
            text = "CREATE " + self._keyword(prefix, _PREFIX).upper() + " " + text[len("CREATE "):]
        return text

    def visit_drop_index(self, drop: Any, **kw: Any) -> str:
        index = drop.element
        if index.name is None:
            raise exc.CompileError("DROP INDEX requires that the index have a name")
        return ("\nDROP INDEX " + ("IF EXISTS " if drop.if_exists else "") + self.format_index_name(index)
                + " ON " + self.format_table(index.table))

    def visit_drop_constraint(self, drop: Any, **kw: Any) -> str:
        from orm.sql.schema import CheckConstraint, ForeignKeyConstraint, PrimaryKeyConstraint, UniqueConstraint

        con = drop.element
        head = "ALTER TABLE " + self.format_table(con.table) + " "
        if isinstance(con, PrimaryKeyConstraint):
            return head + "DROP PRIMARY KEY"
        if con.name is None:
            raise exc.CompileError(f"Can't emit DROP CONSTRAINT for constraint {con!r}; it has no name")
        name = self.format_constraint_name(con)
        if isinstance(con, ForeignKeyConstraint):
            return head + "DROP FOREIGN KEY " + name
        if isinstance(con, UniqueConstraint):
            return head + "DROP INDEX " + name
        if isinstance(con, CheckConstraint) and not getattr(self.dialect, "is_mariadb", False):
            return head + "DROP CHECK " + name
        return head + "DROP CONSTRAINT " + name

    # -- comments ------------------------------------------------------------------------------
    def visit_set_table_comment(self, create: Any, **kw: Any) -> str:
        table = create.element
        return f"ALTER TABLE {self.format_table(table)} COMMENT {self._comment_literal(table.comment or '')}"

    def visit_drop_table_comment(self, drop: Any, **kw: Any) -> str:
        return f"ALTER TABLE {self.format_table(drop.element)} COMMENT ''"

    def visit_set_column_comment(self, create: Any, **kw: Any) -> str:
        col = create.element
        name = self.format_column(col)
        return f"ALTER TABLE {self.format_table(col.table)} CHANGE {name} {self.get_column_specification(col)}"
