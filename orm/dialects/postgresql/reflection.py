"""PostgreSQL reflection from ``pg_catalog``.  Names are bound parameters; a missing schema means
``current_schema()`` (normally ``public``).

Example::

    inspect(engine).get_foreign_keys("addresses")
"""
from __future__ import annotations

import re
from typing import Any, Optional

from orm.engine.reflection import build_type, parse_type_args, unknown_type

_SCHEMA = "COALESCE(%(schema)s, current_schema())"
_TABLE_OID = (
    "SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    f"WHERE c.relname = %(table)s AND n.nspname = {_SCHEMA}"
)
_ACTIONS = {"a": None, "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
# format_type() spelling: name, optional (args), optional trailing words ("with time zone"), [] for arrays
_FORMAT = re.compile(r"^(?P<name>[^(\[]+?)(?:\((?P<args>[^)]*)\))?(?P<rest>(?: [a-z ]+)?)(?P<array>(?:\[\])*)$")


class PGReflection:
    """Reflection queries for PostgreSQL (mixed into ``PGDialect``)."""

    def _rows(self, connection: Any, sql: str, table: Optional[str] = None, schema: Optional[str] = None,
              **params: Any) -> list[Any]:
        return connection.exec_driver_sql(sql, {"table": table, "schema": schema, **params}).all()  # type: ignore[no-any-return]

    def get_default_schema_name(self, connection: Any) -> str:
        return connection.exec_driver_sql("SELECT current_schema()").scalar()  # type: ignore[no-any-return]

    def get_schema_names(self, connection: Any, **kw: Any) -> list[str]:
        rows = self._rows(connection, "SELECT nspname FROM pg_catalog.pg_namespace "
                                      "WHERE nspname NOT LIKE 'pg\\_%%' AND nspname <> 'information_schema' "
                                      "ORDER BY nspname")
        return [r[0] for r in rows]

    def _relnames(self, connection: Any, kinds: tuple[str, ...], schema: Optional[str]) -> list[str]:
        rows = self._rows(
            connection,
            "SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            f"WHERE n.nspname = {_SCHEMA} AND c.relkind = ANY(%(kinds)s) ORDER BY c.relname",
            schema=schema, kinds=list(kinds),
        )
        return [r[0] for r in rows]

    def get_table_names(self, connection: Any, schema: Optional[str] = None, **kw: Any) -> list[str]:
        return self._relnames(connection, ("r", "p"), schema)

    def get_view_names(self, connection: Any, schema: Optional[str] = None, **kw: Any) -> list[str]:
        return self._relnames(connection, ("v", "m"), schema)

    def has_table(self, connection: Any, table_name: str, schema: Optional[str] = None, **kw: Any) -> bool:
        rows = self._rows(connection, _TABLE_OID + " AND c.relkind IN ('r', 'p', 'v', 'm', 'f')",
                          table=table_name, schema=schema)
        return bool(rows)

    def has_type(self, connection: Any, type_name: str, schema: Optional[str] = None, **kw: Any) -> bool:
        rows = self._rows(
            connection,
            "SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
            f"WHERE t.typname = %(table)s AND n.nspname = {_SCHEMA}",
            table=type_name, schema=schema,
        )
        return bool(rows)

    def has_sequence(self, connection: Any, sequence_name: str, schema: Optional[str] = None, **kw: Any) -> bool:
        rows = self._rows(connection, _TABLE_OID + " AND c.relkind = 'S'", table=sequence_name, schema=schema)
        return bool(rows)

    def has_index(self, connection: Any, table_name: str, index_name: str, schema: Optional[str] = None) -> bool:
        return any(ix["name"] == index_name for ix in self.get_indexes(connection, table_name, schema=schema))

    # -- columns -------------------------------------------------------------------------------
    def _enum_labels(self, connection: Any, type_oid: int) -> list[str]:
        rows = self._rows(connection, "SELECT enumlabel FROM pg_catalog.pg_enum WHERE enumtypid = %(oid)s "
                                      "ORDER BY enumsortorder", oid=type_oid)
        return [r[0] for r in rows]

    def _resolve_type(self, connection: Any, spelled: str, typtype: str, typname: str, type_oid: int,
                      table: str, column: str) -> Any:
        from .types import ARRAY, ENUM

        if typtype == "e":
            return ENUM(*self._enum_labels(connection, type_oid), name=typname)
        m = _FORMAT.match(spelled)
        if m is None:
            return unknown_type(spelled, table, column)
        name = (m.group("name") + (m.group("rest") or "")).strip()
        args = parse_type_args(m.group("args")) if m.group("args") else []
        kw: dict[str, Any] = {}
        if "with time zone" in name:
            kw["timezone"] = True
        if name.startswith(("timestamp", "time")) and args:
            kw["precision"] = args[0]
            args = []
        cls = self.ischema_names.get(name) or self.ischema_names.get(m.group("name").strip())  # type: ignore[attr-defined]
        if cls is None:
            type_ = unknown_type(spelled, table, column)
        else:
            type_ = build_type(cls, args, **kw)
            if kw.get("precision") is not None and getattr(type_, "precision", None) is None:
                type_.precision = kw["precision"]
        dims = len(m.group("array")) // 2
        if dims:
            return ARRAY(type_, dimensions=dims if dims > 1 else None)
        return type_

    def get_columns(self, connection: Any, table_name: str, schema: Optional[str] = None,
                    **kw: Any) -> list[dict[str, Any]]:
        rows = self._rows(
            connection,
            "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, "
            "pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated, "
            "pg_catalog.col_description(a.attrelid, a.attnum), t.typname, t.typtype, a.atttypid "
            "FROM pg_catalog.pg_attribute a "
            "JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
            "LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
            f"WHERE a.attrelid = ({_TABLE_OID}) AND a.attnum > 0 AND NOT a.attisdropped "
            "ORDER BY a.attnum",
            table=table_name, schema=schema,
        )
        out = []
        for name, spelled, notnull, default, identity, generated, comment, typname, typtype, oid in rows:
            col: dict[str, Any] = {
                "name": name,
                "type": self._resolve_type(connection, spelled, typtype, typname, oid, table_name, name),
                "nullable": not notnull,
                "default": default,
                "autoincrement": bool(identity) or bool(default and default.startswith("nextval(")),
                "comment": comment,
            }
            if generated:
                col["computed"] = {"sqltext": default, "persisted": generated == "s"}
                col["default"] = None
            if identity:
                col["identity"] = {"always": identity == "a"}
            out.append(col)
        return out

    # -- constraints -----------------------------------------------------------------------------
    def _constraint_columns(self, connection: Any, table_name: str, schema: Optional[str],
                            contype: str) -> list[tuple[str, list[str]]]:
        rows = self._rows(
            connection,
            "SELECT con.conname, a.attname FROM pg_catalog.pg_constraint con "
            "CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord) "
            "JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum "
            f"WHERE con.conrelid = ({_TABLE_OID}) AND con.contype = %(contype)s "
            "ORDER BY con.conname, k.ord",
            table=table_name, schema=schema, contype=contype,
        )
        grouped: dict[str, list[str]] = {}
        for conname, attname in rows:
            grouped.setdefault(conname, []).append(attname)
        return list(grouped.items())

    def get_pk_constraint(self, connection: Any, table_name: str, schema: Optional[str] = None,
                          **kw: Any) -> dict[str, Any]:
        found = self._constraint_columns(connection, table_name, schema, "p")
        if not found:
            return {"constrained_columns": [], "name": None}
        name, cols = found[0]
        return {"constrained_columns": cols, "name": name}

    def get_foreign_keys(self, connection: Any, table_name: str, schema: Optional[str] = None,
                         **kw: Any) -> list[dict[str, Any]]:
        rows = self._rows(
            connection,
            "SELECT con.conname, a.attname, rn.nspname, rc.relname, ra.attname, con.confupdtype, "
            "con.confdeltype, con.condeferrable, con.condeferred, current_schema() "
            "FROM pg_catalog.pg_constraint con "
            "JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid "
            "JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace "
            "CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, refnum, ord) "
            "JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum "
            "JOIN pg_catalog.pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.refnum "
            f"WHERE con.conrelid = ({_TABLE_OID}) AND con.contype = 'f' "
            "ORDER BY con.conname, k.ord",
            table=table_name, schema=schema,
        )
        fks: dict[str, dict[str, Any]] = {}
        for conname, col, ref_schema, ref_table, ref_col, upd, dele, deferrable, deferred, current in rows:
            fk = fks.get(conname)
            if fk is None:
                options: dict[str, Any] = {}
                if _ACTIONS.get(dele):
                    options["ondelete"] = _ACTIONS[dele]
                if _ACTIONS.get(upd):
                    options["onupdate"] = _ACTIONS[upd]
                if deferrable:
                    options["deferrable"] = True
                    options["initially"] = "DEFERRED" if deferred else "IMMEDIATE"
                # the default schema is implied, as in a ForeignKey("table.col") declaration
                referred_schema = None if (schema is None and ref_schema == current) else ref_schema
                fk = fks[conname] = {
                    "name": conname, "constrained_columns": [], "referred_schema": referred_schema,
                    "referred_table": ref_table, "referred_columns": [], "options": options,
                }
            fk["constrained_columns"].append(col)
            fk["referred_columns"].append(ref_col)
        return list(fks.values())

    def get_unique_constraints(self, connection: Any, table_name: str, schema: Optional[str] = None,
                               **kw: Any) -> list[dict[str, Any]]:
        return [{"name": name, "column_names": cols}
                for name, cols in self._constraint_columns(connection, table_name, schema, "u")]

    def get_indexes(self, connection: Any, table_name: str, schema: Optional[str] = None,
                    **kw: Any) -> list[dict[str, Any]]:
        rows = self._rows(
            connection,
            "SELECT i.relname, ix.indisunique, a.attname, "
            "pg_catalog.pg_get_indexdef(ix.indexrelid, k.ord::int, true), con.conname "
            "FROM pg_catalog.pg_index ix "
            "JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid "
            "CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) "
            "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum "
            "LEFT JOIN pg_catalog.pg_constraint con ON con.conindid = ix.indexrelid AND con.contype = 'u' "
            f"WHERE ix.indrelid = ({_TABLE_OID}) AND NOT ix.indisprimary AND k.ord <= ix.indnkeyatts "
            "ORDER BY i.relname, k.ord",
            table=table_name, schema=schema,
        )
        out: dict[str, dict[str, Any]] = {}
        for name, unique, attname, expr, conname in rows:
            ix = out.get(name)
            if ix is None:
                ix = out[name] = {"name": name, "column_names": [], "unique": bool(unique)}
                if conname:
                    ix["duplicates_constraint"] = conname
            ix["column_names"].append(attname)
            if attname is None:
                ix.setdefault("expressions", []).append(expr)
        return list(out.values())

    def get_check_constraints(self, connection: Any, table_name: str, schema: Optional[str] = None,
                              **kw: Any) -> list[dict[str, Any]]:
        rows = self._rows(
            connection,
            "SELECT con.conname, pg_catalog.pg_get_constraintdef(con.oid, true) FROM pg_catalog.pg_constraint con "
            f"WHERE con.conrelid = ({_TABLE_OID}) AND con.contype = 'c' ORDER BY con.conname",
            table=table_name, schema=schema,
        )
        out = []
        for name, definition in rows:
            m = re.match(r"^CHECK *\((.+)\)( NOT VALID)?$", definition, re.S)
            out.append({"name": name, "sqltext": m.group(1) if m else definition})
        return out

    def get_table_comment(self, connection: Any, table_name: str, schema: Optional[str] = None,
                          **kw: Any) -> dict[str, Any]:
        rows = self._rows(connection, f"SELECT pg_catalog.obj_description(({_TABLE_OID}), 'pg_class')",
                          table=table_name, schema=schema)
        return {"text": rows[0][0] if rows else None}
