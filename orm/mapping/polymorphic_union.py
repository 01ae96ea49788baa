"""``polymorphic_union()``: one FROM holding the rows of several tables (concrete table
inheritance), as a UNION ALL subquery with every column of every table and a discriminator.

Example::

    pjoin = polymorphic_union({"engineer": engineers, "manager": managers}, "type", "pjoin")
    select(pjoin).where(pjoin.c.type == "manager")
    # SELECT pjoin.id, pjoin.name, pjoin.lang, pjoin.budget, pjoin.type FROM (
    #   SELECT engineers.id AS id, engineers.name AS name, engineers.lang AS lang,
    #          CAST(NULL AS INTEGER) AS budget, 'engineer' AS type FROM engineers
    #   UNION ALL SELECT ...) AS pjoin WHERE pjoin.type = :type_1
"""
from __future__ import annotations

from typing import Any, Optional

from orm.sql.casts import cast, type_coerce
from orm.sql.elements import literal_column
from orm.sql.literals import null
from orm.sql.select import Select, union_all


def polymorphic_union(table_map: dict[Any, Any], typecolname: Optional[str], aliasname: str = "p_union",
                      cast_nulls: bool = True) -> Any:
    """A UNION ALL of the tables of ``table_map`` (discriminator value -> table) as a subquery
    named ``aliasname``: each SELECT gives every column name found in any table (a table
    without it gives NULL, cast to the column's type unless ``cast_nulls=False``), then the
    discriminator value as ``typecolname`` (no such column when it is None)."""
    names: list[str] = []
    types: dict[str, Any] = {}
    for table in table_map.values():
        for c in table.c:
            if c.key not in types:
                names.append(c.key)
                types[c.key] = c.type
    selects: list[Any] = []
    for value, table in table_map.items():
        cols = []
        for name in names:
            if name in table.c:
                cols.append(table.c[name].label(name))
            elif cast_nulls:
                cols.append(cast(null(), types[name]).label(name))
            else:
                cols.append(type_coerce(null(), types[name]).label(name))
        if typecolname is not None:
            cols.append(literal_column(_sql_string(value)).label(typecolname))
        selects.append(Select(*cols).select_from(table))
    return union_all(*selects).subquery(aliasname)


def _sql_string(value: Any) -> str:
    """The discriminator as a SQL literal (a quoted string; numbers as written)."""
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return str(value)
