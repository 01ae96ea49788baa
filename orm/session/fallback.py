"""A minimal column loader used only while the read side (``orm.session.refresh``) is absent:
``SELECT <columns> FROM <mapped table(s)> WHERE <primary key> = ...`` for expired attributes."""
from __future__ import annotations

from typing import Any

from orm import exc


def load_columns(session: Any, state: Any, keys: Any) -> None:
    from orm.sql.elements import and_
    from orm.sql.select import select

    mapper = state.mapper
    props = mapper._props
    cols = []
    col_keys = []
    for k in keys:
        prop = props.get(k)
        if prop is None or not getattr(prop, "is_column", False):
            continue
        cols.append(prop.columns[0])
        col_keys.append(k)
    if not cols:
        return
    pk_values = state.key[1]
    crit = [c == v for c, v in zip(mapper.primary_key, pk_values)]
    stmt = select(*cols).select_from(mapper.persist_selectable).where(and_(*crit))
    conn = session._connection_for_bind(session.get_bind(mapper))
    row = conn.execute(stmt).first()
    if row is None:
        raise exc.ObjectDeletedError(state)
    obj = state.obj()
    d = obj.__dict__
    for k, v in zip(col_keys, row):
        if k not in state.committed_state:
            d[k] = v
    state._commit(col_keys)
