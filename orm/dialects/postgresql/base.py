"""PostgreSQL: feature flags and the few places its SQL differs.

Example::

    from orm.dialects import postgresql
    print(select(users).where(users.c.name.ilike("a%")).compile(dialect=postgresql.dialect()))
"""
from __future__ import annotations

from typing import Any

from orm import exc
from orm.engine.default import DefaultDialect
from orm.sql.compiler import IdentifierPreparer, SQLCompiler
from orm.sql.compiler.base import _string_type

from .ddl import PGDDLCompiler
from .reflection import PGReflection
from .sentinel import ordered_rows_select
from .types import PGTypeCompiler, colspecs, ischema_names


class PGPreparer(IdentifierPreparer):
    reserved_words = IdentifierPreparer.reserved_words | frozenset(
        "fetch lateral of over returning window with".split()
    )


class PGCompiler(SQLCompiler):
    def visit_pg_ordered_rows(self, rows: Any, asfrom: bool = False, **kw: Any) -> str:
        """The numbered rows of a batched ORM INSERT (:mod:`orm.dialects.postgresql.sentinel`)."""
        name = self.preparer.quote(rows.name)
        if not asfrom:
            return name
        body = ", ".join("(" + ", ".join([self.process(v, **kw) for v in row] + [str(i)]) + ")"
                         for i, row in enumerate(rows.rows))
        cols = ", ".join(self.preparer.quote(c.name) for c in rows.c)
        return f"(VALUES {body}) AS {name} ({cols})"

    def visit_ilike_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        return self._like(binary, " ILIKE ", **kw)

    def visit_not_ilike_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        return self._like(binary, " NOT ILIKE ", **kw)

    def _regexp(self, binary: Any, negate: bool, **kw: Any) -> str:
        flags = binary.modifiers.get("flags")
        op = "!~" if negate else "~"
        right = self.process(binary.right, **kw)
        if flags == "i":
            op += "*"
        elif flags:
            # other flags go inline into the pattern: (?x)pattern
            lit = self.render_literal_value(flags, _string_type())
            right = f"CONCAT('(?', {lit}, ')', {right})"
        return f"{self.process(binary.left, **kw)} {op} {right}"

    def visit_regexp_match_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        return self._regexp(binary, False, **kw)

    def visit_not_regexp_match_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        return self._regexp(binary, True, **kw)

    def visit_match_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        return f"{self.process(binary.left, **kw)} @@ plainto_tsquery({self.process(binary.right, **kw)})"

    def _json_index(self, binary: Any, json_op: str, text_op: str, **kw: Any) -> str:
        from orm import types as t

        typ = binary.type
        left, right = self.process(binary.left, **kw), self.process(binary.right, **kw)
        if isinstance(typ, t.JSON):
            return f"{left} {json_op} {right}"
        astext = f"{left} {text_op} {right}"
        if isinstance(typ, t.String):
            return astext
        # .as_integer() and friends: the text form cast to the asked type
        return f"CAST({astext} AS {self.dialect.type_compiler.process(typ)})"

    def visit_json_getitem_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        return self._json_index(binary, "->", "->>", **kw)

    def visit_json_path_getitem_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        return self._json_index(binary, "#>", "#>>", **kw)

    def get_select_precolumns(self, select: Any, **kw: Any) -> str:
        if select._distinct_on:
            return "DISTINCT ON (" + ", ".join(self.process(c, **kw) for c in select._distinct_on) + ") "
        return "DISTINCT " if select._distinct else ""

    def limit_clause(self, select: Any, **kw: Any) -> str:
        text = ""
        if select._limit_clause is not None:
            text += " \n LIMIT " + self.process(select._limit_clause, **kw)
        if select._offset_clause is not None:
            if select._limit_clause is None:
                text += "\n LIMIT ALL"
            text += " OFFSET " + self.process(select._offset_clause, **kw)
        return text

    def fetch_clause(self, select: Any, **kw: Any) -> str:
        # PostgreSQL wants an expression in FETCH / OFFSET ... ROWS parenthesised
        return self._fetch_text(select, lambda e: "(" + self.process(e, **kw) + ")")

    def for_update_clause(self, select: Any, **kw: Any) -> str:
        arg = select._for_update_arg
        if arg.read:
            text = " FOR KEY SHARE" if arg.key_share else " FOR SHARE"
        else:
            text = " FOR NO KEY UPDATE" if arg.key_share else " FOR UPDATE"
        if arg.of:
            tables = []
            for o in arg.of:
                t = getattr(o, "table", None) if not getattr(o, "_is_from_clause", False) else o
                name = self._effective_table_name(t if t is not None else o)
                if name not in tables:
                    tables.append(name)
            text += " OF " + ", ".join(tables)
        if arg.nowait:
            text += " NOWAIT"
        if arg.skip_locked:
            text += " SKIP LOCKED"
        return text

    def visit_next_value(self, nv: Any, **kw: Any) -> str:
        seq = nv.sequence
        name = self.preparer.quote(seq.name)
        if seq.schema:
            name = self.preparer.quote_schema(seq.schema) + "." + name
        return f"nextval('{name}')"

    def delete_extra_from_clause(self, table: Any, extra_froms: list[Any], **kw: Any) -> str:
        return " USING " + ", ".join(self.process(f, asfrom=True, **kw) for f in extra_froms)

    def visit_on_conflict_do_nothing(self, clause: Any, **kw: Any) -> str:
        from orm.dialects._upsert import render_on_conflict_do_nothing

        return render_on_conflict_do_nothing(self, clause, **kw)

    def visit_on_conflict_do_update(self, clause: Any, **kw: Any) -> str:
        from orm.dialects._upsert import render_on_conflict_do_update

        return render_on_conflict_do_update(self, clause, **kw)

    def visit_getitem_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        from orm.sql.functions import FunctionElement

        from .array import array

        left = self.process(binary.left, **kw)
        if isinstance(binary.left, (FunctionElement, array)):
            # a subscript applies to a column or a parenthesised expression: (array_agg(x))[1]
            left = f"({left})"
        return f"{left}[{self.process(binary.right, **kw)}]"

    def visit_pg_array(self, element: Any, **kw: Any) -> str:
        from .array import render_array

        return render_array(self, element, **kw)

    def visit_pg_aggregate_order_by(self, element: Any, **kw: Any) -> str:
        from .ext import render_aggregate_order_by

        return render_aggregate_order_by(self, element, **kw)

    def visit_slice(self, element: Any, **kw: Any) -> str:
        # arr[start:stop] (ARRAY slices; bounds are 1-based like PostgreSQL's)
        return f"{self.process(element.start, **kw)}:{self.process(element.stop, **kw)}"


class PGDialect(PGReflection, DefaultDialect):
    """The PostgreSQL dialect."""

    name = "postgresql"
    default_paramstyle = "pyformat"
    paramstyle = "pyformat"
    statement_compiler = PGCompiler
    ddl_compiler = PGDDLCompiler
    preparer = PGPreparer
    type_compiler_cls = PGTypeCompiler
    colspecs = colspecs
    ischema_names = ischema_names
    supports_native_boolean = True
    supports_native_enum = True
    supports_native_decimal = True
    supports_multivalues_insert = True
    supports_default_values = True
    supports_empty_insert = False
    supports_returning = True
    insert_returning = update_returning = delete_returning = True
    insert_executemany_returning = True
    # how a batched ORM INSERT keeps its rows in parameter order (orm.session.insertmany)
    ordered_insert_rows = staticmethod(ordered_rows_select)
    implicit_returning = True
    postfetch_lastrowid = False
    supports_sequences = True
    supports_comments = True
    supports_for_update_of = True
    supports_identity_columns = True
    max_identifier_length = 63

    def get_isolation_level(self, dbapi_connection: Any) -> str:
        """The session's isolation level, through a DB-API connection with an ``autocommit``
        flag (psycopg 3 and psycopg2; asyncpg's adapter overrides it)."""
        if dbapi_connection.autocommit:
            return "AUTOCOMMIT"
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SHOW TRANSACTION ISOLATION LEVEL")
            (value,) = cursor.fetchone()
        finally:
            cursor.close()
        return str(value).upper()
