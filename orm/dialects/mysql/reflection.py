"""MySQL / MariaDB reflection from ``information_schema``.  Names are bound parameters; a missing
schema means the connection's database (``DATABASE()``).

Example::

    inspect(engine).get_indexes("addresses")
"""
from __future__ import annotations

import re
from typing import Any, Optional

from orm.engine.reflection import build_type, parse_type_args, unknown_type

_SCHEMA = "COALESCE(%s, DATABASE())"
_COLUMN_TYPE = re.compile(r"^(?P<name>\w+)(?:\((?P<args>.*)\))?(?P<rest>.*)$", re.S)
_DEFAULT_ACTIONS = frozenset({"RESTRICT", "NO ACTION"})


class MySQLReflection:
    """Reflection queries for MySQL and MariaDB (mixed into ``MySQLDialect``)."""

    def _rows(self, connection: Any, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        return connection.exec_driver_sql(sql, params).all()  # type: ignore[no-any-return]

    def get_default_schema_name(self, connection: Any) -> str:
        return connection.exec_driver_sql("SELECT DATABASE()").scalar()  # type: ignore[no-any-return]

    def get_schema_names(self, connection: Any, **kw: Any) -> list[str]:
        rows = self._rows(connection, "SELECT schema_name FROM information_schema.schemata ORDER BY schema_name")
        return [r[0] for r in rows]

    def _names(self, connection: Any, kind: str, schema: Optional[str]) -> list[str]:
        rows = self._rows(
            connection,
            "SELECT table_name FROM information_schema.tables "
            f"WHERE table_schema = {_SCHEMA} AND table_type = %s ORDER BY table_name",
            (schema, kind),
        )
        return [r[0] for r in rows]

    def get_table_names(self, connection: Any, schema: Optional[str] = None, **kw: Any) -> list[str]:
        return self._names(connection, "BASE TABLE", schema)

    def get_view_names(self, connection: Any, schema: Optional[str] = None, **kw: Any) -> list[str]:
        return self._names(connection, "VIEW", schema)

    def has_table(self, connection: Any, table_name: str, schema: Optional[str] = None, **kw: Any) -> bool:
        rows = self._rows(
            connection,
            f"SELECT 1 FROM information_schema.tables WHERE table_schema = {_SCHEMA} AND table_name = %s",
            (schema, table_name),
        )
        return bool(rows)

    def has_index(self, connection: Any, table_name: str, index_name: str, schema: Optional[str] = None) -> bool:
        return any(ix["name"] == index_name for ix in self.get_indexes(connection, table_name, schema=schema))

    # -- columns -------------------------------------------------------------------------------
    def _resolve_type(self, column_type: str, table: str, column: str) -> Any:
        m = _COLUMN_TYPE.match(column_type.strip())
        if m is None:
            return unknown_type(column_type, table, column)
        name = m.group("name").lower()
        rest = (m.group("rest") or "").lower()
        if name == "double" and "precision" in rest:
            name = "double"
        cls = self.ischema_names.get(name)  # type: ignore[attr-defined]
        if cls is None:
            return unknown_type(column_type, table, column)
        args = parse_type_args(m.group("args")) if m.group("args") else []
        kw: dict[str, Any] = {}
        if "unsigned" in rest:
            kw["unsigned"] = True
        if "zerofill" in rest:
            kw["zerofill"] = True
        return build_type(cls, args, **kw)

    def get_columns(self, connection: Any, table_name: str, schema: Optional[str] = None,
                    **kw: Any) -> list[dict[str, Any]]:
        rows = self._rows(
            connection,
            "SELECT column_name, column_type, is_nullable, column_default, extra, column_comment, "
            "generation_expression FROM information_schema.columns "
            f"WHERE table_schema = {_SCHEMA} AND table_name = %s ORDER BY ordinal_position",
            (schema, table_name),
        )
        out = []
        for name, column_type, nullable, default, extra, comment, generation in rows:
            extra = (extra or "").lower()
            if default == "NULL" and nullable == "YES":
                default = None  # MariaDB spells "no default" as the text NULL
            col: dict[str, Any] = {
                "name": name,
                "type": self._resolve_type(column_type, table_name, name),
                "nullable": nullable == "YES",
                "default": default,
                "autoincrement": "auto_increment" in extra,
                "comment": comment or None,
            }
            if "generated" in extra and generation:
                col["computed"] = {"sqltext": generation, "persisted": "stored" in extra or "persistent" in extra}
                col["default"] = None
            out.append(col)
        return out

    # -- constraints -----------------------------------------------------------------------------
    def get_pk_constraint(self, connection: Any, table_name: str, schema: Optional[str] = None,
                          **kw: Any) -> dict[str, Any]:
        rows = self._rows(
            connection,
            "SELECT column_name FROM information_schema.key_column_usage "
            f"WHERE table_schema = {_SCHEMA} AND table_name = %s AND constraint_name = 'PRIMARY' "
            "ORDER BY ordinal_position",
            (schema, table_name),
        )
        return {"constrained_columns": [r[0] for r in rows], "name": None}

    def get_foreign_keys(self, connection: Any, table_name: str, schema: Optional[str] = None,
                         **kw: Any) -> list[dict[str, Any]]:
        rows = self._rows(
            connection,
            "SELECT k.constraint_name, k.column_name, k.referenced_table_schema, k.referenced_table_name, "
            "k.referenced_column_name, r.update_rule, r.delete_rule, DATABASE() "
            "FROM information_schema.key_column_usage k "
            "JOIN information_schema.referential_constraints r "
            "ON r.constraint_schema = k.constraint_schema AND r.constraint_name = k.constraint_name "
            "AND r.table_name = k.table_name "
            f"WHERE k.table_schema = {_SCHEMA} AND k.table_name = %s AND k.referenced_table_name IS NOT NULL "
            "ORDER BY k.constraint_name, k.ordinal_position",
            (schema, table_name),
        )
        fks: dict[str, dict[str, Any]] = {}
        for name, col, ref_schema, ref_table, ref_col, upd, dele, current in rows:
            fk = fks.get(name)
            if fk is None:
                # information_schema cannot tell an explicit RESTRICT from the default
                options = {}
                if dele and dele.upper() not in _DEFAULT_ACTIONS:
                    options["ondelete"] = dele
                if upd and upd.upper() not in _DEFAULT_ACTIONS:
                    options["onupdate"] = upd
                fk = fks[name] = {
                    "name": name, "constrained_columns": [],
                    "referred_schema": None if (schema is None and ref_schema == current) else ref_schema,
                    "referred_table": ref_table, "referred_columns": [], "options": options,
                }
            fk["constrained_columns"].append(col)
            fk["referred_columns"].append(ref_col)
        return list(fks.values())

    def _keys(self, connection: Any, table_name: str, schema: Optional[str]) -> dict[str, dict[str, Any]]:
        rows = self._rows(
            connection,
            "SELECT index_name, non_unique, column_name FROM information_schema.statistics "
            f"WHERE table_schema = {_SCHEMA} AND table_name = %s AND index_name <> 'PRIMARY' "
            "ORDER BY index_name, seq_in_index",
            (schema, table_name),
        )
        keys: dict[str, dict[str, Any]] = {}
        for name, non_unique, column in rows:
            key = keys.setdefault(name, {"name": name, "column_names": [], "unique": not int(non_unique)})
            key["column_names"].append(column)
        return keys

    def _unique_constraint_names(self, connection: Any, table_name: str, schema: Optional[str]) -> set[str]:
        rows = self._rows(
            connection,
            "SELECT constraint_name FROM information_schema.table_constraints "
            f"WHERE table_schema = {_SCHEMA} AND table_name = %s AND constraint_type = 'UNIQUE'",
            (schema, table_name),
        )
        return {r[0] for r in rows}

    def get_indexes(self, connection: Any, table_name: str, schema: Optional[str] = None,
                    **kw: Any) -> list[dict[str, Any]]:
        # A UNIQUE constraint is a unique index here; like SQLAlchemy, report it as an index that
        # duplicates the constraint.
        uniques = self._unique_constraint_names(connection, table_name, schema)
        out = []
        for key in self._keys(connection, table_name, schema).values():
            if key["name"] in uniques:
                key["duplicates_constraint"] = key["name"]
            out.append(key)
        return out

    def get_unique_constraints(self, connection: Any, table_name: str, schema: Optional[str] = None,
                               **kw: Any) -> list[dict[str, Any]]:
        uniques = self._unique_constraint_names(connection, table_name, schema)
        return [{"name": k["name"], "column_names": k["column_names"]}
                for k in self._keys(connection, table_name, schema).values() if k["name"] in uniques]

    def get_check_constraints(self, connection: Any, table_name: str, schema: Optional[str] = None,
                              **kw: Any) -> list[dict[str, Any]]:
        # MariaDB names a column-level CHECK after its column, so names repeat across tables: match
        # the table too where information_schema has it (MariaDB; MySQL 8 names them uniquely).
        same_table = " AND cc.table_name = tc.table_name" if getattr(self, "is_mariadb", False) else ""
        rows = self._rows(
            connection,
            "SELECT cc.constraint_name, cc.check_clause FROM information_schema.check_constraints cc "
            "JOIN information_schema.table_constraints tc ON tc.constraint_schema = cc.constraint_schema "
            f"AND tc.constraint_name = cc.constraint_name AND tc.constraint_type = 'CHECK'{same_table} "
            f"WHERE tc.table_schema = {_SCHEMA} AND tc.table_name = %s ORDER BY cc.constraint_name",
            (schema, table_name),
        )
        return [{"name": name, "sqltext": clause} for name, clause in rows]

    def get_table_comment(self, connection: Any, table_name: str, schema: Optional[str] = None,
                          **kw: Any) -> dict[str, Any]:
        rows = self._rows(
            connection,
            f"SELECT table_comment FROM information_schema.tables WHERE table_schema = {_SCHEMA} AND table_name = %s",
            (schema, table_name),
        )
        return {"text": (rows[0][0] or None) if rows else None}
