"""SQLite: feature flags and the few places its SQL differs.

Example::

    from orm.dialects import sqlite
    print(select(users).limit(5).compile(dialect=sqlite.dialect()))
"""
from __future__ import annotations

from typing import Any

from orm import exc
from orm.engine.default import DefaultDialect
from orm.sql.compiler import IdentifierPreparer, SQLCompiler
from orm.sql.elements import literal

from .ddl import SQLiteDDLCompiler
from .reflection import SQLiteReflection
from .types import SQLiteTypeCompiler, colspecs, ischema_names

# SQLite's keywords that need quoting as identifiers, beyond the common set.
RESERVED_WORDS = (IdentifierPreparer.reserved_words | frozenset(
    """abort action add after attach autoincrement before begin by cascade conflict database
    deferred delete detach each exclusive exists explain fail glob if ignore immediate index indexed
    insert instead key match no of offset plan pragma query raise recursive regexp reindex release
    rename replace restrict row savepoint set temp temporary transaction trigger update vacuum values
    view virtual with without alter drop""".split()
)) - frozenset(
    # keywords SQLite itself accepts as plain identifiers (its "fallback" keywords and words only
    # PostgreSQL reserves): left unquoted, as SQLAlchemy renders them (users.user, old.id)
    """abort action analyse any array asymmetric authorization binary both current_role current_user
    do freeze grant ilike leading localtime localtimestamp new no off old only overlaps placing
    recursive regexp release savepoint session_user similar some symmetric trailing user verbose with
    without""".split()
)


class SQLitePreparer(IdentifierPreparer):
    reserved_words = RESERVED_WORDS


class SQLiteCompiler(SQLCompiler):
    function_templates = {
        "now": "CURRENT_TIMESTAMP",
        "char_length": "length({args})",
        "localtimestamp": "DATETIME(CURRENT_TIMESTAMP, 'localtime')",
    }
    extract_map = {
        "month": "%m", "day": "%d", "year": "%Y", "second": "%S", "hour": "%H", "doy": "%j",
        "minute": "%M", "epoch": "%s", "dow": "%w", "week": "%W",
    }

    def visit_extract(self, extract: Any, **kw: Any) -> str:
        fmt = self.extract_map.get(extract.field)
        if fmt is None:
            raise exc.CompileError(f"{extract.field} is not a valid extract argument.")
        return f"CAST(STRFTIME('{fmt}', {self.process(extract.expr, **kw)}) AS INTEGER)"

    def limit_clause(self, select: Any, **kw: Any) -> str:
        # SQLite has no OFFSET without LIMIT (LIMIT -1 is "all"); like SQLAlchemy, a LIMIT always
        # comes with an OFFSET (0 when none was given)
        text = ""
        if select._limit_clause is not None:
            text += "\n LIMIT " + self.process(select._limit_clause, **kw)
        if select._offset_clause is not None:
            if select._limit_clause is None:
                text += "\n LIMIT " + self.process(literal(-1), **kw)
            text += " OFFSET " + self.process(select._offset_clause, **kw)
        else:
            text += " OFFSET " + self.process(literal(0), **kw)
        return text

    def fetch_clause(self, select: Any, **kw: Any) -> str:
        # no FETCH FIRST in SQLite: the same rows through LIMIT/OFFSET
        offset = select._offset_clause if select._offset_clause is not None else literal(0)
        return ("\n LIMIT " + self.process(select._fetch_clause, **kw) + " OFFSET "
                + self.process(offset, **kw))

    def _true_divisor(self, right: Any) -> Any:
        # SQLite: (x + 0.0) makes the division real
        from orm.sql import operators
        from orm.sql.elements import BinaryExpression, Grouping, literal_column
        from orm.types import Numeric

        return Grouping(BinaryExpression(right, literal_column("0.0", Numeric()), operators.add,
                                         type_=Numeric()))

    def for_update_clause(self, select: Any, **kw: Any) -> str:
        # SQLite locks the whole database; FOR UPDATE does not exist.
        return ""

    def visit_regexp_match_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        return self.process(binary.left, **kw) + " REGEXP " + self.process(binary.right, **kw)

    def visit_not_regexp_match_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        return self.process(binary.left, **kw) + " NOT REGEXP " + self.process(binary.right, **kw)

    def visit_json_getitem_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        from orm.types import JSON

        extract = f"JSON_EXTRACT({self.process(binary.left, **kw)}, {self.process(binary.right, **kw)})"
        # an element read as JSON stays a JSON document; .as_string()/.as_integer() read the value
        return f"JSON_QUOTE({extract})" if isinstance(binary.type, JSON) else extract

    visit_json_path_getitem_op_binary = visit_json_getitem_op_binary

    returning_include_table = False

    # SQLite spells a list of row values in IN as a VALUES clause
    tuple_in_values_prefix = "VALUES "

    def empty_set_op_expr(self, bp: Any, op: Any) -> str:
        # an empty SELECT of as many columns as the left side has
        types = getattr(bp.type, "types", None)
        ones = ", ".join("1" for _ in types) if types is not None else "1"
        return f"SELECT {ones} FROM (SELECT {ones}) WHERE 1!=1"

    def visit_is_distinct_from_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        return f"{self.process(binary.left, **kw)} IS NOT {self.process(binary.right, **kw)}"

    def visit_is_not_distinct_from_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        return f"{self.process(binary.left, **kw)} IS {self.process(binary.right, **kw)}"

    def visit_on_conflict_do_nothing(self, clause: Any, **kw: Any) -> str:
        from orm.dialects._upsert import render_on_conflict_do_nothing

        return render_on_conflict_do_nothing(self, clause, **kw)

    def visit_on_conflict_do_update(self, clause: Any, **kw: Any) -> str:
        from orm.dialects._upsert import render_on_conflict_do_update

        return render_on_conflict_do_update(self, clause, **kw)


class SQLiteDialect(SQLiteReflection, DefaultDialect):
    """The SQLite dialect (driver: the standard library's sqlite3)."""

    name = "sqlite"
    default_paramstyle = "qmark"
    paramstyle = "qmark"
    statement_compiler = SQLiteCompiler
    ddl_compiler = SQLiteDDLCompiler
    preparer = SQLitePreparer
    type_compiler_cls = SQLiteTypeCompiler
    colspecs = colspecs
    ischema_names = ischema_names
    supports_native_boolean = False
    supports_multivalues_insert = True
    supports_default_values = True
    supports_empty_insert = False
    supports_returning = True
    insert_returning = update_returning = delete_returning = True
    implicit_returning = False
    postfetch_lastrowid = True
    supports_sequences = False
    supports_alter = False
    max_identifier_length = 9999
