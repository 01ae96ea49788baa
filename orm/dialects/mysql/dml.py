"""MySQL's INSERT ... ON DUPLICATE KEY UPDATE: ``from orm.dialects.mysql import insert``."""
from __future__ import annotations

from typing import Any

from orm import exc
from orm.sql.base import ClauseElement, _generative
from orm.sql.dml import Insert as _Insert
from orm.sql.selectable import Alias


class _Inserted(Alias):
    """``stmt.inserted.<col>``: renders ``VALUES(col)``, the value the row would have had."""

    __visit_name__ = "mysql_inserted"


class OnDuplicateClause(ClauseElement):
    __visit_name__ = "on_duplicate_key_update"
    _children = ("_values_list",)
    _attrs = ("_keys",)

    def __init__(self, inserted: Any, update: list[tuple[Any, Any]]) -> None:
        self.inserted = inserted
        self.update = update

    @property
    def _values_list(self) -> tuple[Any, ...]:
        from orm.sql.coercions import literal_or_bind

        return tuple(literal_or_bind(v) for _, v in self.update)

    @property
    def _keys(self) -> tuple[Any, ...]:
        return tuple(k if isinstance(k, str) else getattr(k, "key", id(k)) for k, _ in self.update)


class Insert(_Insert):
    """``INSERT ... ON DUPLICATE KEY UPDATE``.

    Example::

        stmt = insert(users).values(id=1, name="ed")
        stmt = stmt.on_duplicate_key_update(name=stmt.inserted.name)
    """

    @property
    def inserted(self) -> Any:
        ins = self.__dict__.get("_inserted_alias")
        if ins is None:
            ins = self.__dict__["_inserted_alias"] = _Inserted(self.table, "inserted")
        return ins.c

    @_generative
    def on_duplicate_key_update(self, *args: Any, **kw: Any) -> None:
        if self._post_values_clause is not None:
            raise exc.InvalidRequestError("This Insert construct already has an ON DUPLICATE KEY clause")
        if args and kw:
            raise exc.ArgumentError("Can't pass kwargs and positional arguments simultaneously")
        if args:
            if len(args) > 1 or not isinstance(args[0], (dict, list)):
                raise exc.ArgumentError("Only a single dictionary or list of tuples is accepted positionally.")
            items = list(args[0].items()) if isinstance(args[0], dict) else list(args[0])
        else:
            items = list(kw.items())
        if not items:
            raise exc.ArgumentError("on_duplicate_key_update() requires at least one column to update")
        self.inserted  # noqa: B018
        self._post_values_clause = OnDuplicateClause(self.__dict__["_inserted_alias"], items)


def insert(table: Any) -> Insert:
    return Insert(table)
