"""Rendering of INSERT, UPDATE and DELETE, including which columns get parameters ("crud")."""
from __future__ import annotations

from typing import Any, Optional

from orm import exc

from ..type_api import NullType


class DMLCompilerMixin:
    """DML-side visit methods of ``SQLCompiler``."""

    # INSERT with no columns at all
    empty_insert_text = " DEFAULT VALUES"

    def _crud_bind(self, col: Any, name: Optional[str] = None, required: bool = True) -> Any:
        from ..elements import BindParameter

        bp = BindParameter(name or col.key, None, type_=col.type, required=required)
        bp._crud = True
        return bp

    def _crud_columns(self, stmt: Any, for_update: bool) -> list[tuple[Any, str]]:
        """(column, rendered value) for the INSERT column list / UPDATE SET clause."""
        table = stmt.table
        values: dict[Any, Any] = {}
        extra: list[tuple[str, Any]] = []
        for k, v in stmt._values or ():
            if isinstance(k, str):
                col = table.c.get(k)
                if col is None:
                    raise exc.CompileError(f"Unconsumed column names: {k}")
                values[col] = v
            elif getattr(k, "table", None) is table or table.c.contains_column(k):
                values[k] = v
            else:
                raise exc.CompileError(f"Unconsumed column names: {getattr(k, 'key', k)}")
        keys = self.column_keys
        if keys is not None:
            keyset = set(keys)
            where_binds = self._where_bind_keys(stmt)
            # Execution parameters naming no column (nor a bindparam() of the statement) are
            # ignored, as SQLAlchemy does: `conn.execute(t.insert(), {"id": 1, "extra": 2})`
            # inserts id only. Only keys given to .values() must name columns (checked above).
        out: list[tuple[Any, str]] = []
        columns = list(table.c)
        if getattr(stmt, "_ordered", False):
            # ordered_values(): the SET clause in the order given, defaults after
            columns = list(values) + [c for c in columns if c not in values]
        # where each column's value comes from (a bind parameter or a SQL expression): an
        # executemany INSERT .. RETURNING is run as multi-row INSERTs built from them
        sources = self._crud_sources
        for col in columns:
            if col in values:
                out.append((col, self._crud_value(col, values[col])))
                sources[col] = values[col]
            elif keys is not None and col.key in keyset and col.key not in (where_binds if for_update else ()):
                bp = sources[col] = self._crud_bind(col)
                out.append((col, self.process(bp)))
            elif keys is None and not stmt._values:
                # str(insert(t)): every column as a parameter
                bp = sources[col] = self._crud_bind(col)
                out.append((col, self.process(bp)))
            else:
                default = col.onupdate if for_update else col.default
                if default is None:
                    continue
                if hasattr(default, "next_value"):
                    # a Sequence: its next value where the database has sequences
                    if not for_update and self.dialect.supports_sequences:
                        nextval = sources[col] = default.next_value()
                        out.append((col, self.process(nextval)))
                    continue
                if default.is_clause_element:
                    out.append((col, self._crud_value(col, default.arg)))
                    sources[col] = default.arg
                    continue
                bp = sources[col] = self._crud_bind(col, required=False)
                out.append((col, self.process(bp)))
                self._prefetch_names[col] = self._bind_names[id(bp)]
                (self.update_prefetch if for_update else self.insert_prefetch).append(col)
        return out

    @property
    def _crud_sources(self) -> dict[Any, Any]:
        d = self.__dict__.get("_crud_src")
        if d is None:
            d = self.__dict__["_crud_src"] = {}
        return d

    def insertmany_columns(self) -> Optional[list[tuple[Any, Any]]]:
        """For a top-level ``INSERT .. VALUES`` of one row: ``(column, source)`` in the VALUES
        order, the source the bind name whose per-row value goes there, or the SQL expression
        rendered there for every row; None for other statements (INSERT .. SELECT, multi-row)."""
        crud = self.__dict__.get("_imv_crud")
        if crud is None:
            return None
        out = []
        for col in crud:
            src = self._crud_sources[col]
            if getattr(src, "__visit_name__", "") == "bindparam":
                name = self._bind_names.get(id(src))
                if name is None:
                    return None
                out.append((col, name))
            else:
                out.append((col, src))
        return out

    @property
    def _prefetch_names(self) -> dict[Any, str]:
        d = self.__dict__.get("_pf_names")
        if d is None:
            d = self.__dict__["_pf_names"] = {}
        return d

    def _where_bind_keys(self, stmt: Any) -> set[str]:
        keys: set[str] = set()
        for crit in getattr(stmt, "_where_criteria", ()):
            for node in crit._walk():
                if getattr(node, "__visit_name__", "") == "bindparam" and not node.unique:
                    keys.add(node.key)
        return keys

    @staticmethod
    def _named_bind_keys(stmt: Any) -> set[str]:
        """Keys of the statement's own named (non-unique) bind parameters, anywhere in it."""
        return {node.key for node in stmt._walk()
                if getattr(node, "__visit_name__", "") == "bindparam" and not node.unique
                and not getattr(node, "_crud", False)}

    def _crud_value(self, col: Any, value: Any) -> str:
        if getattr(value, "__visit_name__", "") == "bindparam":
            if getattr(value, "_crud", False):
                return self.process(value)
            if isinstance(value.type, NullType):
                # values(name=bindparam("nm")): the parameter takes the column's type (its bind
                # processor, the driver cast), as SQLAlchemy; the user's object stays untouched and
                # keeps its place among the cache key's binds
                typed = value._generate()
                typed.type = col.type
                text = self.process(typed)
                self._bind_names[id(value)] = self._bind_names[id(typed)]
                return text
        self.stack.append({"selectable": None, "all_froms": [self.statement.table]})
        try:
            text = self.process(value.self_group())
        finally:
            self.stack.pop()
        return text

    # -- INSERT ----------------------------------------------------------------------------------
    def visit_insert(self, stmt: Any, **kw: Any) -> str:
        self.isinsert = True
        table = stmt.table
        text = "INSERT " + self._prefixes(stmt._prefixes) + "INTO " + self.preparer.format_table(table)
        returning = list(stmt._returning)
        if stmt._select is not None:
            cols = [stmt.table.c[k] if isinstance(k, str) else k for k in stmt._select_names]
            text += " (" + ", ".join(self.preparer.format_column(c) for c in cols) + ") "
            text += self.insert_from_select_text(stmt._select, **kw)
        elif stmt._multi_values:
            text += self._multi_values_clause(stmt)
        else:
            crud = self._crud_columns(stmt, for_update=False)
            if not crud:
                text += self.empty_insert_clause(stmt)
            else:
                text += " (" + ", ".join(self.preparer.format_column(c) for c, _ in crud) + ")"
                returning = self._implicit_returning(stmt, crud, returning)
                if not self.stack:
                    self.__dict__["_imv_crud"] = [c for c, _ in crud]
                text += self.returning_position_before_values(returning, stmt)
                text += " VALUES (" + ", ".join(v for _, v in crud) + ")"
                self._set_postfetch(stmt, crud, returning)
            if not crud:
                returning = self._implicit_returning(stmt, crud, returning)
                self._set_postfetch(stmt, crud, returning)
        text += self._post_values(stmt, **kw)
        if returning and not self._returning_rendered_before_values:
            text += self.returning_clause(stmt, returning)
        return self._with_ctes(text)

    _returning_rendered_before_values = False

    def insert_from_select_text(self, select: Any, **kw: Any) -> str:
        """The SELECT of ``INSERT ... SELECT``: rendered as a statement of its own (its columns keep
        their names, no labels), its CTEs in the INSERT's WITH clause."""
        self.stack.append({"selectable": None, "all_froms": [], "insert_from_select": True})
        try:
            return self.process(select, **kw)  # type: ignore[no-any-return]
        finally:
            self.stack.pop()

    def returning_position_before_values(self, returning: list[Any], stmt: Any) -> str:
        return ""

    def _post_values(self, stmt: Any, **kw: Any) -> str:
        post = getattr(stmt, "_post_values_clause", None)
        if post is None:
            return ""
        return " " + self.process(post, **kw)

    def _implicit_returning(self, stmt: Any, crud: list[tuple[Any, str]], returning: list[Any]) -> list[Any]:
        """PostgreSQL-style implicit RETURNING of generated primary keys of a single-row INSERT."""
        if returning or self.for_executemany or not getattr(self.dialect, "implicit_returning", False):
            return returning
        if not getattr(self.dialect, "insert_returning", False):
            return returning
        # a primary key the INSERT gives as a SQL expression is only known after the row exists
        given = {c for c, _ in crud} - self._sql_expression_columns(stmt)
        pks = [c for c in stmt.table.primary_key if c not in given]
        if not pks:
            return returning
        self.implicit_returning = pks
        return list(pks)

    @staticmethod
    def _sql_expression_columns(stmt: Any) -> set[Any]:
        out = set()
        for k, v in stmt._values or ():
            if getattr(v, "__visit_name__", "") != "bindparam":
                out.add(stmt.table.c[k] if isinstance(k, str) else k)
        return out

    def _set_postfetch(self, stmt: Any, crud: list[tuple[Any, str]], returning: list[Any]) -> None:
        given = {c for c, _ in crud}
        pks = list(stmt.table.primary_key)
        if self.implicit_returning is None and len(pks) == 1 and pks[0] not in given and \
                getattr(self.dialect, "postfetch_lastrowid", False):
            self.postfetch_lastrowid = True

    def empty_insert_clause(self, stmt: Any) -> str:
        if not self.dialect.supports_empty_insert and not self.dialect.supports_default_values:
            raise exc.CompileError(
                f"The '{self.dialect.name}' dialect with current database version settings does not "
                "support empty inserts."
            )
        return self.empty_insert_text

    def _multi_values_clause(self, stmt: Any) -> str:
        if not self.dialect.supports_multivalues_insert:
            raise exc.CompileError(
                f"The '{self.dialect.name}' dialect with current database version settings does not "
                "support in-place multirow inserts."
            )
        table = stmt.table
        rows = []
        for row in stmt._multi_values:
            d = {}
            for k, v in row:
                col = table.c[k] if isinstance(k, str) else k
                d[col] = v
            rows.append(d)
        cols = [c for c in table.c if any(c in r for r in rows)]
        first = rows[0]
        rendered_rows = []
        for i, r in enumerate(rows):
            parts = []
            for c in cols:
                if c in r:
                    parts.append(self._crud_value(c, r[c]))
                elif c.default is not None and getattr(c.default, "is_scalar", False):
                    from ..elements import BindParameter

                    parts.append(self.process(BindParameter(f"{c.key}_m{i}", c.default.arg, type_=c.type)))
                elif c.default is not None and getattr(c.default, "is_clause_element", False):
                    parts.append(self.process(c.default.arg))
                elif c in first or i:
                    raise exc.CompileError(
                        f"INSERT value for column {table.name}.{c.name} is explicitly rendered as a bound "
                        "parameter in the VALUES clause; a Python-side value or SQL expression is required"
                    )
            rendered_rows.append("(" + ", ".join(parts) + ")")
        return (" (" + ", ".join(self.preparer.format_column(c) for c in cols) + ") VALUES "
                + ", ".join(rendered_rows))

    def returning_clause(self, stmt: Any, returning: list[Any]) -> str:
        if not getattr(self.dialect, "supports_returning", False) and not self._dialect_returning_ok(stmt):
            raise exc.CompileError(
                f"RETURNING is not supported by this dialect's statement compiler ({self.dialect.name})."
            )
        from ..select import Select

        cols = []
        record = len(self.stack) == 0
        for key, name, col, needs_label in Select(*returning)._columns_plus_names():
            visit = getattr(col, "__visit_name__", "")
            ckw = {} if self.returning_include_table else {"include_table": False}
            if visit == "label":
                final = self._truncated(col.name)
                cols.append(self.process(col.element, **ckw) + " AS " + self.preparer.quote(final))
            elif needs_label:
                final = self._truncated(name)
                cols.append(self.process(col, **ckw) + " AS " + self.preparer.quote(final))
            else:
                final = self._truncated(name)
                cols.append(self.process(col, **ckw))
            if record:
                self._add_result_column(final, col.type, (col, key))
        self.returning = returning
        return " RETURNING " + ", ".join(cols)

    # whether RETURNING columns are written table.column (SQLite wants bare names)
    returning_include_table = True

    def _dialect_returning_ok(self, stmt: Any) -> bool:
        if stmt.is_insert:
            return bool(getattr(self.dialect, "insert_returning", False))
        if stmt.is_update:
            return bool(getattr(self.dialect, "update_returning", False))
        return bool(getattr(self.dialect, "delete_returning", False))

    def _with_ctes(self, text: str) -> str:
        if self.ctes and not self.stack:
            return self._render_cte_clause() + text
        return text

    # -- UPDATE ----------------------------------------------------------------------------------
    def visit_update(self, stmt: Any, **kw: Any) -> str:
        self.isupdate = True
        table = stmt.table
        extra_froms = self._dml_extra_froms(stmt)
        self.stack.append({"selectable": stmt, "all_froms": [table] + extra_froms})
        try:
            crud = self._crud_columns(stmt, for_update=True)
            if not crud:
                raise exc.CompileError("UPDATE statement has no SET values; call .values() or pass parameters")
            text = "UPDATE " + self._prefixes(stmt._prefixes) + self.update_tables_clause(table, extra_froms, **kw)
            text += " SET " + ", ".join(self.update_set_column(c, extra_froms) + "=" + v for c, v in crud)
            if extra_froms:
                text += self.update_from_clause(table, extra_froms, **kw)
            criteria = stmt._where_criteria + stmt._orm_where
            if criteria:
                text += " WHERE " + self._render_criteria(criteria, **kw)
        finally:
            self.stack.pop()
        if stmt._returning:
            text += self.returning_clause(stmt, list(stmt._returning))
        return self._with_ctes(text)

    def _dml_extra_froms(self, stmt: Any) -> list[Any]:
        extra: list[Any] = []
        for crit in stmt._where_criteria:
            for f in crit._from_objects:
                if f is not stmt.table and f not in extra:
                    extra.append(f)
        return extra

    def update_set_column(self, column: Any, extra_froms: list[Any]) -> str:
        return self.preparer.format_column(column)  # type: ignore[no-any-return]

    def update_tables_clause(self, table: Any, extra_froms: list[Any], **kw: Any) -> str:
        return self.preparer.format_table(table)

    def update_from_clause(self, table: Any, extra_froms: list[Any], **kw: Any) -> str:
        return " FROM " + ", ".join(self.process(f, asfrom=True, **kw) for f in extra_froms)

    # -- DELETE ----------------------------------------------------------------------------------
    def visit_delete(self, stmt: Any, **kw: Any) -> str:
        self.isdelete = True
        table = stmt.table
        extra_froms = self._dml_extra_froms(stmt)
        self.stack.append({"selectable": stmt, "all_froms": [table] + extra_froms})
        try:
            text = "DELETE " + self._prefixes(stmt._prefixes) + "FROM " + self.preparer.format_table(table)
            if extra_froms:
                text += self.delete_extra_from_clause(table, extra_froms, **kw)
            criteria = stmt._where_criteria + stmt._orm_where
            if criteria:
                text += " WHERE " + self._render_criteria(criteria, **kw)
        finally:
            self.stack.pop()
        if stmt._returning:
            text += self.returning_clause(stmt, list(stmt._returning))
        return self._with_ctes(text)

    def delete_extra_from_clause(self, table: Any, extra_froms: list[Any], **kw: Any) -> str:
        raise exc.CompileError(
            f"The '{self.dialect.name}' dialect does not support DELETE with multiple tables"
        )
