"""Rows for a multi-row ``INSERT .. SELECT`` whose order PostgreSQL must keep.

PostgreSQL neither promises the order of ``RETURNING`` rows nor the order in which the rows of a
``VALUES`` list are inserted.  The ORM's batched INSERT therefore numbers the rows with a
client-side counter and inserts them through ``SELECT .. ORDER BY`` that counter::

    INSERT INTO users (name) SELECT CAST(imp_sen.p0 AS VARCHAR(30)) FROM (VALUES
        (%(p0_0)s::VARCHAR, 0), (%(p0_1)s::VARCHAR, 1)) AS imp_sen (p0, sen_counter)
    ORDER BY imp_sen.sen_counter RETURNING users.id

so the key sequence hands out ascending values in counter order, and the returned rows sorted by
key are in parameter order (see :mod:`orm.session.insertmany`).  The values are cast to their
columns' types in the SELECT list: a ``VALUES`` list alone does not tell PostgreSQL the types.
"""
from __future__ import annotations

from typing import Any

from orm.sql.selectable import TableClause


class OrderedRows(TableClause):
    """``(VALUES (..), ..) AS name (p0, .., sen_counter)``: rows of bound values numbered 0, 1, ...
    in the last column (rendered by the PostgreSQL compiler)."""

    __visit_name__ = "pg_ordered_rows"

    def __init__(self, name: str, ncols: int, rows: list[list[Any]]) -> None:
        from orm.sql.elements import ColumnClause

        super().__init__(name, *[ColumnClause(f"p{j}") for j in range(ncols)], ColumnClause("sen_counter"))
        self.rows = rows


def ordered_rows_select(columns: list[Any], rows: list[list[Any]]) -> Any:
    """The ``SELECT`` of ``INSERT INTO t (columns) SELECT ..`` for ``rows`` (bound values, one list
    per row, in ``columns`` order), ordered by their position in ``rows``."""
    from orm import cast, select

    values = OrderedRows("imp_sen", len(columns), rows)
    cols = []
    for j, col in enumerate(columns):
        type_ = _known_type(col)
        cols.append(cast(values.c[f"p{j}"], type_) if type_ is not None else values.c[f"p{j}"])
    return select(*cols).select_from(values).order_by(values.c.sen_counter)


def _known_type(col: Any) -> Any:
    """The column's type; a foreign key column declared without one has its target's."""
    from orm.sql.type_api import NullType

    if not isinstance(col.type, NullType):
        return col.type
    for fk in getattr(col, "foreign_keys", ()):
        target = getattr(fk, "column", None)
        if target is not None and not isinstance(target.type, NullType):
            return target.type
    return None
