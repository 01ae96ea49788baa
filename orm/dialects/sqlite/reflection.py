"""SQLite reflection: ``sqlite_master`` and the PRAGMA table-valued functions
(``pragma_table_xinfo``, ``pragma_foreign_key_list``, ``pragma_index_list``, ``pragma_index_info``),
which take the table name as a bound parameter.  Constraint names, which no PRAGMA reports, are
read from the stored ``CREATE TABLE`` text.

Example::

    inspect(create_engine("sqlite://")).get_table_names()
"""
from __future__ import annotations

import re
from typing import Any, Optional

from orm.engine.reflection import build_type, parse_type_args

_TYPE = re.compile(r"^\s*([^(]*?)\s*(?:\((.*)\))?\s*$", re.S)
_IDENT = r'(?:"(?:[^"]|"")+"|`[^`]+`|\[[^\]]+\]|\w+)'


def _unquote(name: str) -> str:
    name = name.strip()
    if name[:1] in ('"', "`", "[") and len(name) > 1:
        inner = name[1:-1]
        return inner.replace('""', '"') if name[0] == '"' else inner
    return name


def _split_cols(text: str) -> list[str]:
    return [_unquote(c) for c in text.split(",") if c.strip()]


class SQLiteReflection:
    """Reflection queries for SQLite (mixed into ``SQLiteDialect``)."""

    def _master(self, schema: Optional[str]) -> str:
        # An attached database's catalogue is "<schema>".sqlite_master: an identifier, so quoted,
        # not bound.
        if schema:
            return self.identifier_preparer.quote_identifier(schema) + ".sqlite_master"  # type: ignore[attr-defined]
        return "main.sqlite_master"

    def _schema_arg(self, schema: Optional[str]) -> str:
        return schema or "main"

    def get_default_schema_name(self, connection: Any) -> str:
        return "main"

    def get_schema_names(self, connection: Any, **kw: Any) -> list[str]:
        rows = connection.exec_driver_sql("SELECT name FROM pragma_database_list ORDER BY seq").all()
        return [r[0] for r in rows if r[0] != "temp"]

    def _names(self, connection: Any, kind: str, schema: Optional[str]) -> list[str]:
        rows = connection.exec_driver_sql(
            f"SELECT name FROM {self._master(schema)} WHERE type = ? AND name NOT LIKE 'sqlite~_%' ESCAPE '~' "
            "ORDER BY name",
            (kind,),
        ).all()
        return [r[0] for r in rows]

    def get_table_names(self, connection: Any, schema: Optional[str] = None, **kw: Any) -> list[str]:
        return self._names(connection, "table", schema)

    def get_view_names(self, connection: Any, schema: Optional[str] = None, **kw: Any) -> list[str]:
        return self._names(connection, "view", schema)

    def has_table(self, connection: Any, table_name: str, schema: Optional[str] = None, **kw: Any) -> bool:
        row = connection.exec_driver_sql(
            f"SELECT 1 FROM {self._master(schema)} WHERE type IN ('table', 'view') AND name = ?", (table_name,)
        ).first()
        if row is None and schema is None:
            row = connection.exec_driver_sql(
                "SELECT 1 FROM temp.sqlite_master WHERE type IN ('table', 'view') AND name = ?", (table_name,)
            ).first()
        return row is not None

    def has_index(self, connection: Any, table_name: str, index_name: str, schema: Optional[str] = None) -> bool:
        return any(ix["name"] == index_name for ix in self.get_indexes(connection, table_name, schema=schema))

    def _table_sql(self, connection: Any, table_name: str, schema: Optional[str]) -> str:
        row = connection.exec_driver_sql(
            f"SELECT sql FROM {self._master(schema)} WHERE type = 'table' AND name = ?", (table_name,)
        ).first()
        return (row[0] or "") if row is not None else ""

    def _resolve_type(self, spelled: str, table_name: str, column: str) -> Any:
        from orm import types as sqltypes
        from orm.sql.type_api import NullType

        m = _TYPE.match(spelled or "")
        name = (m.group(1) if m else spelled).upper()
        args = parse_type_args(m.group(2)) if m and m.group(2) else []
        cls = self.ischema_names.get(name)  # type: ignore[attr-defined]
        if cls is None:
            # SQLite's own affinity rules decide what an unknown type name stores
            if "INT" in name:
                cls = sqltypes.INTEGER
            elif any(k in name for k in ("CHAR", "CLOB", "TEXT")):
                cls = sqltypes.TEXT
            elif "BLOB" in name or not name:
                return NullType()
            elif any(k in name for k in ("REAL", "FLOA", "DOUB")):
                cls = sqltypes.REAL
            else:
                cls = sqltypes.NUMERIC
        return build_type(cls, args)

    def get_columns(self, connection: Any, table_name: str, schema: Optional[str] = None,
                    **kw: Any) -> list[dict[str, Any]]:
        rows = connection.exec_driver_sql(
            'SELECT name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(?, ?) ORDER BY cid',
            (table_name, self._schema_arg(schema)),
        ).all()
        pk_count = sum(1 for r in rows if r[4])
        sql = self._table_sql(connection, table_name, schema) if any(r[5] in (2, 3) for r in rows) else ""
        out = []
        for name, type_, notnull, default, pk, hidden in rows:
            if hidden == 1:
                continue  # virtual-table internals
            col: dict[str, Any] = {
                "name": name,
                "type": self._resolve_type(type_, table_name, name),
                "nullable": not notnull and not pk,
                "default": default,
                # an INTEGER PRIMARY KEY alone is the rowid: SQLite numbers it
                "autoincrement": bool(pk and pk_count == 1 and (type_ or "").upper() == "INTEGER"),
                "comment": None,
            }
            if hidden in (2, 3):
                m = re.search(re.escape(name) + r'"?\s+[^,]*?GENERATED\s+ALWAYS\s+AS\s*\((.*?)\)\s*(STORED|VIRTUAL)?',
                              sql, re.I | re.S)
                col["computed"] = {"sqltext": m.group(1) if m else "", "persisted": hidden == 3}
                col["default"] = None
            out.append(col)
        return out

    def get_pk_constraint(self, connection: Any, table_name: str, schema: Optional[str] = None,
                          **kw: Any) -> dict[str, Any]:
        rows = connection.exec_driver_sql(
            "SELECT name, pk FROM pragma_table_info(?, ?) WHERE pk > 0 ORDER BY pk", (table_name, self._schema_arg(schema))
        ).all()
        name = None
        m = re.search(r"CONSTRAINT\s+(" + _IDENT + r")\s+PRIMARY\s+KEY", self._table_sql(connection, table_name, schema), re.I)
        if m:
            name = _unquote(m.group(1))
        return {"constrained_columns": [r[0] for r in rows], "name": name}

    def get_foreign_keys(self, connection: Any, table_name: str, schema: Optional[str] = None,
                         **kw: Any) -> list[dict[str, Any]]:
        rows = connection.exec_driver_sql(
            'SELECT id, seq, "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list(?, ?) '
            "ORDER BY id, seq",
            (table_name, self._schema_arg(schema)),
        ).all()
        groups: dict[int, dict[str, Any]] = {}
        for fid, _seq, ref, frm, to, on_update, on_delete in rows:
            fk = groups.get(fid)
            if fk is None:
                options = {}
                if on_delete and on_delete.upper() != "NO ACTION":
                    options["ondelete"] = on_delete
                if on_update and on_update.upper() != "NO ACTION":
                    options["onupdate"] = on_update
                fk = groups[fid] = {
                    "name": None, "constrained_columns": [], "referred_schema": schema,
                    "referred_table": ref, "referred_columns": [], "options": options,
                }
            fk["constrained_columns"].append(frm)
            fk["referred_columns"].append(to)
        sql = self._table_sql(connection, table_name, schema)
        named = {}
        pattern = (r"CONSTRAINT\s+(" + _IDENT + r")\s+FOREIGN\s+KEY\s*\(([^)]*)\)")
        for m in re.finditer(pattern, sql, re.I):
            named[tuple(_split_cols(m.group(2)))] = _unquote(m.group(1))
        out = []
        for fid in sorted(groups):
            fk = groups[fid]
            if any(c is None for c in fk["referred_columns"]):
                # REFERENCES t without columns: the referenced table's primary key
                fk["referred_columns"] = self.get_pk_constraint(connection, fk["referred_table"], schema)["constrained_columns"]
            fk["name"] = named.get(tuple(fk["constrained_columns"]))
            out.append(fk)
        # pragma_foreign_key_list numbers keys last-declared first: report them in declaration order
        out.reverse()
        return out

    def _index_columns(self, connection: Any, index_name: str, schema: Optional[str]) -> list[Any]:
        rows = connection.exec_driver_sql(
            "SELECT name FROM pragma_index_info(?, ?) ORDER BY seqno", (index_name, self._schema_arg(schema))
        ).all()
        return [r[0] for r in rows]

    def _index_list(self, connection: Any, table_name: str, schema: Optional[str]) -> list[Any]:
        return connection.exec_driver_sql(  # type: ignore[no-any-return]
            'SELECT name, "unique", origin FROM pragma_index_list(?, ?) ORDER BY name',
            (table_name, self._schema_arg(schema)),
        ).all()

    def get_indexes(self, connection: Any, table_name: str, schema: Optional[str] = None,
                    **kw: Any) -> list[dict[str, Any]]:
        out = []
        for name, unique, origin in self._index_list(connection, table_name, schema):
            if origin != "c" or name.startswith("sqlite_autoindex"):
                continue  # made for a PRIMARY KEY / UNIQUE constraint, not by CREATE INDEX
            out.append({"name": name, "column_names": self._index_columns(connection, name, schema),
                        "unique": bool(unique)})
        return out

    def get_unique_constraints(self, connection: Any, table_name: str, schema: Optional[str] = None,
                               **kw: Any) -> list[dict[str, Any]]:
        sql = self._table_sql(connection, table_name, schema)
        named = {}
        for m in re.finditer(r"CONSTRAINT\s+(" + _IDENT + r")\s+UNIQUE\s*\(([^)]*)\)", sql, re.I):
            named[tuple(_split_cols(m.group(2)))] = _unquote(m.group(1))
        out = []
        for name, _unique, origin in self._index_list(connection, table_name, schema):
            if origin != "u":
                continue
            cols = self._index_columns(connection, name, schema)
            out.append({"name": named.get(tuple(cols)), "column_names": cols})
        return sorted(out, key=lambda u: (u["name"] is None, u["name"] or "", u["column_names"]))

    def get_check_constraints(self, connection: Any, table_name: str, schema: Optional[str] = None,
                              **kw: Any) -> list[dict[str, Any]]:
        sql = self._table_sql(connection, table_name, schema)
        out = []
        for m in re.finditer(r"(?:CONSTRAINT\s+(" + _IDENT + r")\s+)?CHECK\s*\(", sql, re.I):
            # the expression runs to the parenthesis that closes this one
            depth, i = 1, m.end()
            while i < len(sql) and depth:
                depth += {"(": 1, ")": -1}.get(sql[i], 0)
                i += 1
            out.append({"name": _unquote(m.group(1)) if m.group(1) else None, "sqltext": sql[m.end():i - 1].strip()})
        return out

    def get_table_comment(self, connection: Any, table_name: str, schema: Optional[str] = None,
                          **kw: Any) -> dict[str, Any]:
        return {"text": None}
