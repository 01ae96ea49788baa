"""PostgreSQL-only SQL: ``aggregate_order_by`` (``array_agg(x ORDER BY y)``) and
``ExcludeConstraint`` (``EXCLUDE USING gist (room WITH =, during WITH &&)``).

Example::

    from orm.dialects.postgresql import ExcludeConstraint, aggregate_order_by, array_agg
    select(array_agg(aggregate_order_by(t.c.name, t.c.id.desc())))
    Table("booking", md, Column("room", Integer), Column("during", TSRANGE),
          ExcludeConstraint(("room", "="), ("during", "&&"), name="no_overlap"))
"""
from __future__ import annotations

import re
from typing import Any, Optional

from orm import exc
from orm.sql.constraints import Constraint, _resolve_column
from orm.sql.elements import ColumnElement

__all__ = ["aggregate_order_by", "ExcludeConstraint"]

# DDL takes no parameters: the user-given words (index method, operator, operator class) are
# checked against these before they go into the text
_WORD = re.compile(r"^\w+$")
_OPERATOR = re.compile(r"^(?:[-+*/<>=~!@#%^&|`?]+|\w+)$")


class aggregate_order_by(ColumnElement[Any]):
    """``target ORDER BY a, b`` inside an aggregate's parentheses; typed as ``target``.

    Example::

        func.string_agg(aggregate_order_by(t.c.name, t.c.name.desc()), literal_column("','"))
    """

    __visit_name__ = "pg_aggregate_order_by"
    _children = ("target", "order_by")

    def __init__(self, target: Any, *order_by: Any) -> None:
        from orm.sql import coercions

        if not order_by:
            raise exc.ArgumentError("order_by is required")
        self.target = coercions.expect_column_or_literal(target)
        self.order_by = tuple(coercions.expect_order_by(o) for o in order_by)
        self.type = self.target.type


def render_aggregate_order_by(compiler: Any, element: aggregate_order_by, **kw: Any) -> str:
    order = ", ".join(compiler.process(o, **kw) for o in element.order_by)
    return f"{compiler.process(element.target, **kw)} ORDER BY {order}"


class ExcludeConstraint(Constraint):
    """An exclusion constraint: no two rows may match on every ``(element, operator)`` pair.

    Elements are column names, columns or SQL expressions; ``using`` is the index method
    (``gist`` by default), ``where`` makes it partial, ``ops`` maps a column name to its operator
    class.  Range columns need ``gist``; an equality on a plain column with gist needs the
    ``btree_gist`` extension on the server.

    Example::

        ExcludeConstraint(("room", "="), ("during", "&&"), name="no_overlap",
                          where=booking.c.active == true())
    """

    __visit_name__ = "exclude_constraint"

    def __init__(self, *elements: tuple[Any, str], name: Optional[str] = None,
                 deferrable: Optional[bool] = None, initially: Optional[str] = None,
                 using: str = "gist", where: Any = None, ops: Optional[dict[str, str]] = None,
                 **kw: Any) -> None:
        from orm.sql import coercions

        if not elements:
            raise exc.ArgumentError("ExcludeConstraint needs at least one (element, operator) pair")
        for pair in elements:
            if not (isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[1], str)):
                raise exc.ArgumentError(
                    f"ExcludeConstraint elements are (column or expression, operator) pairs, got {pair!r}"
                )
        super().__init__(name=name, deferrable=deferrable, initially=initially, **kw)
        self._pairs = list(elements)
        self.operators = {i: op for i, (_, op) in enumerate(elements)}
        self.using = using
        self.where = coercions.expect_where(where) if where is not None else None
        self.ops = dict(ops or {})
        # the expressions, columns resolved against the table once the constraint is attached
        self.elements: list[tuple[Any, str]] = []

    def _set_parent(self, table: Any) -> None:
        super()._set_parent(table)
        self.elements = []
        for expr, op in self._pairs:
            if isinstance(expr, str):
                expr = _resolve_column(table, expr)
            else:
                # a table-less column("x") names the table's column of that name
                expr = getattr(expr, "__clause_element__", lambda: expr)()
                if getattr(expr, "table", False) is None and expr.name in table.c:
                    expr = table.c[expr.name]
            self.elements.append((expr, op))
            if getattr(expr, "table", None) is table:
                self.columns.add(expr, expr.key)


def render_exclude_constraint(ddl: Any, con: ExcludeConstraint) -> str:
    """The ``[CONSTRAINT name] EXCLUDE USING ...`` clause (inside CREATE TABLE or ADD)."""
    parts = []
    for expr, op in con.elements or con._pairs:
        if isinstance(expr, str):
            text = ddl.quote(expr)
            key = expr
        else:
            text = ddl.sql(expr)
            key = getattr(expr, "name", None)
        opclass = con.ops.get(key) if key is not None else None
        if opclass:
            text += " " + ddl._keyword(opclass, _WORD)
        parts.append(f"{text} WITH {ddl._keyword(op, _OPERATOR)}")
    using = ddl._keyword(con.using, _WORD)
    text = ddl._constraint_prefix(con) + f"EXCLUDE USING {using} ({', '.join(parts)})"
    if con.where is not None:
        text += f" WHERE ({ddl.sql(con.where)})"
    return text + ddl.define_constraint_deferrability(con)
