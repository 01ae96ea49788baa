"""Visitors for the constructs of ``orm.sql.values`` and ``orm.sql.constructs``: VALUES as a FROM
element, TABLESAMPLE, ``~x`` and (generic string form only) TRY_CAST.  Mixed into ``SQLCompiler``;
the SQL follows SQLAlchemy's rendering (``(VALUES (...), (...)) AS name (col, ...)``)."""
from __future__ import annotations

from typing import Any


class ConstructsCompilerMixin:
    process: Any
    preparer: Any
    _truncated: Any

    def _values_rows(self, values: Any, **kw: Any) -> str:
        if values.literal_binds:
            kw["literal_binds"] = True
        kw.pop("asfrom", None)
        kw.pop("within_columns_clause", None)
        return ", ".join(
            "(" + ", ".join(self.process(v, **kw) for v in row) + ")" for row in values._rows)

    def visit_values(self, values: Any, asfrom: bool = False, **kw: Any) -> str:
        from orm import exc

        if not values._rows:
            raise exc.CompileError("values() has no rows: add them with .data([...])")
        name = values.name
        if not asfrom:
            # referenced from a column (``v.id``): the name only
            return self.preparer.quote(self._truncated(name)) if name is not None else ""
        body = "(VALUES " + self._values_rows(values, **kw) + ")"
        if values._is_lateral:
            body = "LATERAL " + body
        if name is None:
            return body
        cols = ", ".join(self.preparer.quote(c.name) for c in values._column_args)
        return f"{body} AS {self.preparer.quote(self._truncated(name))} ({cols})"

    def visit_scalar_values(self, sv: Any, **kw: Any) -> str:
        return "(VALUES " + self._values_rows(sv.values, **kw) + ")"

    def visit_tablesample(self, ts: Any, asfrom: bool = False, **kw: Any) -> str:
        name = self.preparer.quote(self._truncated(ts.name))
        if not asfrom:
            return name
        kw.pop("within_columns_clause", None)
        text = (self.process(ts.element, asfrom=True, **kw) + " AS " + name + " TABLESAMPLE "
                + self.process(ts.sampling, **kw))
        if ts.seed is not None:
            text += " REPEATABLE (" + self.process(ts.seed, **kw) + ")"
        return text

    def visit_bitwise_not(self, unary: Any, **kw: Any) -> str:
        kw.pop("within_columns_clause", None)
        return "~" + self.process(unary.element, **kw)

    def visit_savepoint(self, sp: Any, **kw: Any) -> str:
        return "SAVEPOINT " + self.preparer.quote(sp.ident)

    def visit_rollback_to_savepoint(self, sp: Any, **kw: Any) -> str:
        return "ROLLBACK TO SAVEPOINT " + self.preparer.quote(sp.ident)

    def visit_release_savepoint(self, sp: Any, **kw: Any) -> str:
        return "RELEASE SAVEPOINT " + self.preparer.quote(sp.ident)
