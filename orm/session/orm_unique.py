"""How ``unique()`` tells the rows of an ORM result apart, one rule per selected item.

As in SQLAlchemy:

- an entity (``select(Doc)``) is compared by identity: its class may define ``__eq__`` or be
  unhashable, and the identity map gives one object per row anyway;
- a value of a hashable type is compared by value;
- a value of a type whose values are not hashable (``JSON``, ``ARRAY`` unless ``as_tuple=True``,
  ``HSTORE``, a ``TypeDecorator`` over one of them): the legacy ``Query`` (which uniques every row
  holding an entity) compares it by identity, i.e. it never makes two rows equal; ``unique()`` of a
  2.0 result refuses, naming the type, when a row arrives;
- a value of unknown type (``NullType``: ``literal_column``, ``type_coerce(x, NullType())``) is
  hashed if it can be; otherwise the legacy Query falls back to identity from then on and
  ``unique()`` refuses.

A 2.0 result loaded with ``yield_per`` cannot be made unique at all (its rows are not all kept).

Example::

    session.query(Doc, Doc.data).all()                     # JSON values: rows by identity
    session.execute(select(Doc, Doc.data)).unique().all()  # InvalidRequestError
"""
from __future__ import annotations

from typing import Any, Callable, Optional, Sequence

from orm import exc
from orm.sql.type_api import NullType

Filter = Optional[Callable[[Any], Any]]


def _refuse_yield_per(value: Any) -> Any:
    raise exc.InvalidRequestError("Can't use the ORM yield_per feature in conjunction with unique()")


def _refuse(datatype: Any, uncertain: bool) -> Callable[[Any], Any]:
    def key(value: Any) -> Any:
        if uncertain:
            try:
                return hash(value)
            except TypeError:
                pass
        why = "the values returned appear to be" if uncertain else "this datatype produces"
        raise exc.InvalidRequestError(
            f"Can't apply uniqueness to row tuple containing value of type {datatype!r}; "
            f"{why} non-hashable values")

    return key


def _hash_then_identity() -> Callable[[Any], Any]:
    # once one value is found unhashable, all of them are compared by identity: a mix of
    # hashes and ids in one result would compare unrelated values
    by_id = False

    def key(value: Any) -> Any:
        nonlocal by_id
        if not by_id:
            try:
                return hash(value)
            except TypeError:
                by_id = True
        return id(value)

    return key


def item_filters(entities: Sequence[Any], legacy: bool, yield_per: Any) -> list[Filter]:
    """One filter per selected item: None (compare the value), or a function giving the value's
    key for the uniqueness set."""
    out: list[Filter] = []
    for ent in entities:
        if yield_per and not legacy:
            out.append(_refuse_yield_per)
        elif ent.is_mapper:
            out.append(id)
        elif getattr(ent, "is_bundle", False):
            out.append(None)
        else:
            datatype = getattr(ent.expr, "type", None)
            uncertain = isinstance(datatype, NullType)
            if datatype is None or (getattr(datatype, "hashable", True) and not uncertain):
                out.append(None)
            elif legacy:
                out.append(_hash_then_identity() if uncertain else id)
            else:
                out.append(_refuse(datatype, uncertain))
    return out


def row_key(filters: Sequence[Filter]) -> Optional[Callable[[Any], Any]]:
    """The key of a whole row (None: the row's values themselves will do)."""
    if not any(f is not None for f in filters):
        return None
    if len(filters) == 1:
        one = filters[0]
        return lambda row: one(row._data[0])  # type: ignore[misc]
    pairs = tuple(enumerate(filters))

    def key(row: Any) -> Any:
        data = row._data
        return tuple(data[i] if f is None else f(data[i]) for i, f in pairs)

    return key
