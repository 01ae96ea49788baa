"""Optimistic concurrency: ``version_id_col``.

A versioned mapper's rows carry a version number (or any value its ``version_id_generator``
makes).  The flush

* gives a new row ``generator(None)`` (1 with the default generator);
* writes every UPDATE as ``UPDATE t SET ..., version = :new WHERE pk = :pk AND version = :old``
  and every DELETE as ``DELETE FROM t WHERE pk = :pk AND version = :old``, then compares the
  number of rows the database matched with the number it should have: a difference means another
  transaction changed or deleted the row since this Session loaded it, and the flush fails with
  ``StaleDataError`` (and is undone like any failed flush);
* with ``version_id_generator=False`` leaves the value to the database (a trigger, PostgreSQL's
  ``xmin``...) and reads the new one back: through ``RETURNING`` where the statement has it, else
  with a ``SELECT`` of the version right after the statement.

Example::

    class Order(Base):
        __tablename__ = "orders"
        id = Column(Integer, primary_key=True)
        version = Column(Integer, nullable=False)
        __mapper_args__ = {"version_id_col": version}

    order.status = "shipped"
    session.commit()    # UPDATE orders SET status=?, version=? WHERE orders.id = ? AND orders.version = ?
"""
from __future__ import annotations

from typing import Any, Optional

from orm import exc
from orm.mapping.state import NO_VALUE

VERSION_BIND = "_orm_ver_"


def versioning(mapper: Any) -> Optional[tuple[Any, str, Any]]:
    """(version column, attribute key, generator or False) of a versioned mapper, else None."""
    prop = getattr(mapper, "_version_id_prop", None)
    if prop is None:
        return None
    return mapper.version_id_col, prop.key, mapper.version_id_generator


def current_version(uow: Any, st: Any, d: dict[str, Any]) -> Any:
    """The version the object's row has in the database right now: what ``WHERE version = :old``
    must match.  Loads it when the attribute is expired (after a commit), as SQLAlchemy does."""
    written = uow.versions.get(st, NO_VALUE)
    if written is not NO_VALUE:
        return written  # this flush already INSERTed/UPDATEd the row
    key = st.mapper._version_id_prop.key
    cs = st.committed_state
    if key in cs:
        # the application set the version itself: the row still has the original value
        original = cs[key]
        return original if original is not NO_VALUE else select_version(uow, st)
    if key not in d:
        expired = st.expired_attributes
        if key in expired:
            uow.session._load_attributes(st, set(expired))
        if key not in d:
            return select_version(uow, st)
    return d[key]


def select_version(uow: Any, st: Any, pk: Optional[tuple[Any, ...]] = None) -> Any:
    """``SELECT version FROM t WHERE pk = ...`` for one object (its identity, or ``pk``)."""
    from orm.sql.elements import and_
    from orm.sql.select import select

    mapper = st.mapper
    col = mapper.version_id_col
    crit = [c == v for c, v in zip(mapper.primary_key, pk if pk is not None else st.key[1])]
    row = uow.connection_for(mapper).execute(select(col).where(and_(*crit))).first()
    if row is None:
        raise exc.StaleDataError(
            f"Instance {_state_str(st)} has no row in table '{col.table.name}' any more: it was "
            "deleted by another transaction"
        )
    return row[0]


def record(uow: Any, st: Any, d: dict[str, Any], key: str, value: Any) -> None:
    """The row now has version ``value``: write it to the object (undone if the flush fails)."""
    if d.get(key, NO_VALUE) is not value:
        uow.set_value(st, d, key, value)
    uow.versions[st] = value


def fetch_server_versions(uow: Any) -> None:
    """Read back the versions the database generated (``version_id_generator=False``) for the
    rows whose statements could not return them."""
    pending = uow.version_fetch
    if not pending:
        return
    uow.version_fetch = []
    for st in pending:
        obj = st.obj()
        if obj is None:
            continue
        d = obj.__dict__
        key = st.mapper._version_id_prop.key
        value = select_version(uow, st, tuple(d.get(k) for k in _pk_keys(st.mapper)))
        if value is None:
            raise exc.FlushError(f"Instance {_state_str(st)} does not contain a non-NULL version value")
        record(uow, st, d, key, value)
        expire = uow._expire.get(st)
        if expire:
            expire.discard(key)


def _pk_keys(mapper: Any) -> list[str]:
    return [mapper._columntoproperty[c].key for c in mapper.primary_key]


def _state_str(st: Any) -> str:
    return f"<{st.class_.__name__} at 0x{id(st.obj()):x}>"
