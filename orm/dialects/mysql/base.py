"""MySQL and MariaDB: feature flags and the places their SQL differs.

Example::

    from orm.dialects import mysql
    print(select(users).limit(5).offset(10).compile(dialect=mysql.dialect()))
"""
from __future__ import annotations

from typing import Any

from orm import exc
from orm.engine.default import DefaultDialect
from orm.sql.compiler import IdentifierPreparer, SQLCompiler
from orm.sql.compiler.base import _string_type

from .ddl import MySQLDDLCompiler
from .reflection import MySQLReflection
from .types import MySQLTypeCompiler, colspecs, ischema_names

RESERVED_WORDS = (IdentifierPreparer.reserved_words | frozenset(
    """accessible add alter before bigint blob by call cascade change char character condition
    continue convert cursor database databases dec decimal declare delayed delete describe
    deterministic div double drop dual each elseif enclosed escaped exists exit explain fetch float
    force fulltext generated get groups high_priority hour_minute if ignore index infile inout
    insensitive insert int integer interval iterate key keys kill lead leave lines linear load lock
    long loop low_priority match maxvalue mod modifies natural no_write_to_binlog numeric optimize
    option optionally out outfile over partition precision procedure purge range rank read reads real
    regexp release rename repeat replace require resignal restrict return revoke rlike row rows schema
    schemas separator set show signal smallint spatial specific sql sqlexception sqlstate sqlwarning
    ssl starting stored straight_join system terminated tinyint trigger undo unlock unsigned update
    usage use utc_date utc_time utc_timestamp values varchar varying virtual while window with write
    xor year_month zerofill lateral of recursive""".split()
)) - frozenset(
    # words only PostgreSQL reserves; MySQL takes them as identifiers (`user`, old, offset)
    """analyse any asymmetric authorization cast current_role deferrable do end freeze full ilike
    initially isnull new notnull off offset old only overlaps placing session_user similar some
    symmetric user verbose""".split()
)


class MySQLPreparer(IdentifierPreparer):
    reserved_words = RESERVED_WORDS
    initial_quote = final_quote = escape_quote = "`"


class MySQLCompiler(SQLCompiler):
    join_keyword = "INNER JOIN"
    function_templates = {"random": "rand()"}
    # MySQL's "/" is true division already; "//" needs FLOOR()
    div_is_floordiv = False

    def visit_concat_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        # a || b || c -> concat(a, b, c)
        parts: list[Any] = []

        def flatten(e: Any) -> None:
            if getattr(e, "__visit_name__", "") == "binary" and e.operator is operator:
                flatten(e.left)
                flatten(e.right)
            else:
                parts.append(e)

        flatten(binary)
        return "concat(" + ", ".join(self.process(p, **kw) for p in parts) + ")"

    def visit_join(self, join: Any, asfrom: bool = False, **kw: Any) -> str:
        if join.full:
            raise exc.CompileError("MySQL and MariaDB do not support FULL OUTER JOIN")
        return super().visit_join(join, asfrom=asfrom, **kw)

    def visit_true(self, expr: Any, **kw: Any) -> str:
        return "true"

    def visit_false(self, expr: Any, **kw: Any) -> str:
        return "false"

    def insert_from_select_text(self, select: Any, **kw: Any) -> str:
        # MySQL reads INSERT INTO t (cols) WITH ... SELECT: the WITH belongs to the SELECT
        text = super().insert_from_select_text(select, **kw)
        if self.ctes:
            text = self._render_cte_clause() + text
            self.ctes = {}
        return text

    def fetch_clause(self, select: Any, **kw: Any) -> str:
        raise exc.CompileError("MySQL does not support FETCH FIRST; use limit()")

    def limit_clause(self, select: Any, **kw: Any) -> str:
        limit, offset = select._limit_clause, select._offset_clause
        if offset is not None:
            if limit is None:
                # MySQL has no "offset only": the documented idiom is the largest unsigned bigint
                return " \n LIMIT " + self.process(offset, **kw) + ", 18446744073709551615"
            return " \n LIMIT " + self.process(offset, **kw) + ", " + self.process(limit, **kw)
        if limit is not None:
            return " \n LIMIT " + self.process(limit, **kw)
        return ""

    def for_update_clause(self, select: Any, **kw: Any) -> str:
        arg = select._for_update_arg
        text = " LOCK IN SHARE MODE" if arg.read else " FOR UPDATE"
        if arg.of and not arg.read and self.dialect.supports_for_update_of and not self.dialect.is_mariadb:
            tables = []
            for o in arg.of:
                t = o if getattr(o, "_is_from_clause", False) else getattr(o, "table", o)
                name = self._effective_table_name(t)
                if name not in tables:
                    tables.append(name)
            text += " OF " + ", ".join(tables)
        if arg.nowait:
            text += " NOWAIT"
        if arg.skip_locked:
            text += " SKIP LOCKED"
        return text

    def _regexp(self, binary: Any, negate: bool, **kw: Any) -> str:
        flags = binary.modifiers.get("flags")
        left, right = self.process(binary.left, **kw), self.process(binary.right, **kw)
        if flags:
            text = f"REGEXP_LIKE({left}, {right}, {self.render_literal_value(flags, _string_type())})"
            return "NOT " + text if negate else text
        return left + (" NOT REGEXP " if negate else " REGEXP ") + right

    def visit_regexp_match_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        return self._regexp(binary, False, **kw)

    def visit_not_regexp_match_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        return self._regexp(binary, True, **kw)

    def visit_match_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        return f"MATCH ({self.process(binary.left, **kw)}) AGAINST ({self.process(binary.right, **kw)} IN BOOLEAN MODE)"

    def visit_mysql_match(self, element: Any, **kw: Any) -> str:
        from .expression import render_match

        return render_match(self, element, **kw)

    def visit_is_distinct_from_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        return f"NOT ({self.process(binary.left, **kw)} <=> {self.process(binary.right, **kw)})"

    def visit_is_not_distinct_from_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        return f"{self.process(binary.left, **kw)} <=> {self.process(binary.right, **kw)}"

    def visit_json_getitem_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        from orm import types as t

        extract = f"JSON_EXTRACT({self.process(binary.left, **kw)}, {self.process(binary.right, **kw)})"
        typ = binary.type
        if isinstance(typ, (t.JSON, t.Boolean)):
            return extract
        if isinstance(typ, t.String):
            return f"JSON_UNQUOTE({extract})"
        target = self._cast_type(typ)
        return f"CAST({extract} AS {target})" if target else extract

    visit_json_path_getitem_op_binary = visit_json_getitem_op_binary

    def visit_cast(self, cast: Any, **kw: Any) -> str:
        target = self._cast_type(cast.type)
        kw.pop("within_columns_clause", None)
        inner = self.process(cast.clause, **kw)
        if target is None:
            # MySQL's CAST accepts only a few target types; others pass the value through as SQLAlchemy does
            return inner
        return f"CAST({inner} AS {target})"

    def _cast_type(self, type_: Any) -> Any:
        from orm import types as t

        if isinstance(type_, t.Boolean):
            return None
        if isinstance(type_, (t.Integer,)):
            return "SIGNED INTEGER"
        if isinstance(type_, t.Numeric) and not isinstance(type_, t.Float):
            if type_.precision is None:
                return "DECIMAL"
            if type_.scale is None:
                return f"DECIMAL({type_.precision})"
            return f"DECIMAL({type_.precision}, {type_.scale})"
        if isinstance(type_, t.Float):
            return None  # CAST(... AS FLOAT) only exists from MySQL 8.0.17; SQLAlchemy skips it too
        if isinstance(type_, (t.DateTime,)):
            return "DATETIME"
        if isinstance(type_, t.Date):
            return "DATE"
        if isinstance(type_, t.Time):
            return "TIME"
        if isinstance(type_, t.LargeBinary):
            return "BINARY"
        if isinstance(type_, t.JSON):
            return "JSON"
        if isinstance(type_, t.String):
            return f"CHAR({type_.length})" if getattr(type_, "length", None) else "CHAR"
        return None

    def empty_insert_clause(self, stmt: Any) -> str:
        return " () VALUES ()"

    def update_tables_clause(self, table: Any, extra_froms: list[Any], **kw: Any) -> str:
        return ", ".join([self.preparer.format_table(table)] + [self.process(f, asfrom=True, **kw) for f in extra_froms])

    def update_from_clause(self, table: Any, extra_froms: list[Any], **kw: Any) -> str:
        return ""

    def update_set_column(self, column: Any, extra_froms: list[Any]) -> str:
        # UPDATE t1, t2 SET t1.col=...: qualified when several tables are updated
        name = self.preparer.format_column(column)
        if extra_froms:
            return self.preparer.format_table(column.table) + "." + name
        return name

    def delete_extra_from_clause(self, table: Any, extra_froms: list[Any], **kw: Any) -> str:
        return " USING " + ", ".join(
            [self.preparer.format_table(table)] + [self.process(f, asfrom=True, **kw) for f in extra_froms]
        )

    def visit_mysql_inserted(self, alias: Any, **kw: Any) -> str:
        return "inserted"

    def visit_column(self, column: Any, **kw: Any) -> str:
        table = column.table
        if table is not None and getattr(table, "__visit_name__", "") == "mysql_inserted":
            return "VALUES(" + self.preparer.quote(column.name) + ")"
        return super().visit_column(column, **kw)

    def visit_on_duplicate_key_update(self, clause: Any, **kw: Any) -> str:
        from orm.sql.coercions import literal_or_bind
        from orm.sql.elements import BindParameter

        table = self.statement.table
        sets = []
        for key, value in clause.update:
            col = table.c[key] if isinstance(key, str) else key
            if isinstance(key, str) and key not in table.c:
                raise exc.CompileError(f"Unknown column {key!r} in ON DUPLICATE KEY UPDATE")
            v = literal_or_bind(value, col.type)
            if isinstance(v, BindParameter) and v.unique:
                v.type = col.type
            sets.append(self.preparer.format_column(col) + " = " + self.process(v.self_group(), **kw))
        return "ON DUPLICATE KEY UPDATE " + ", ".join(sets)


class MySQLDialect(MySQLReflection, DefaultDialect):
    """The MySQL / MariaDB dialect."""

    name = "mysql"
    default_paramstyle = "format"
    paramstyle = "format"
    statement_compiler = MySQLCompiler
    ddl_compiler = MySQLDDLCompiler
    preparer = MySQLPreparer
    type_compiler_cls = MySQLTypeCompiler
    colspecs = colspecs
    ischema_names = ischema_names
    supports_native_boolean = False
    supports_native_decimal = True
    supports_multivalues_insert = True
    supports_default_values = False
    supports_empty_insert = True
    # RETURNING exists on MariaDB >= 10.5 (INSERT, DELETE) only; initialize() turns it on after
    # connecting when the server has it.
    supports_returning = False
    insert_returning = update_returning = delete_returning = False
    implicit_returning = False
    postfetch_lastrowid = True
    supports_sequences = False
    supports_comments = True
    # FOR UPDATE OF exists on MySQL 8 only (not MariaDB); off unless the server is known to have it
    supports_for_update_of = False
    max_identifier_length = 64
    is_mariadb = False

    def initialize(self, dbapi_connection: Any) -> None:
        """After the first connection: MariaDB is told apart from MySQL by its version string, and
        from 10.5 on has ``INSERT .. RETURNING`` and ``DELETE .. RETURNING`` (not UPDATE's), which
        the ORM's flush and bulk statements then use, as SQLAlchemy 2.0 does."""
        super().initialize(dbapi_connection)
        version = self.server_version_info or ()
        self.is_mariadb = any(isinstance(p, str) and "mariadb" in p.lower() for p in version)
        numbers = tuple(p for p in version[:2] if isinstance(p, int))
        if self.is_mariadb and numbers >= (10, 5):
            self.insert_returning = self.delete_returning = True
