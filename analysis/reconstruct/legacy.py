"""The legacy ``Query`` API (``session.query(User).filter(...)``, Flask's ``User.query``).

The query is built with ``orm``'s own ``Query`` (without a session: nothing runs); the preview
shows the statement its execution would send: labelled ``users.id AS users_id``, with what the
terminal method adds (``first()`` a ``LIMIT 1``, ``get(5)`` the primary-key load, ``count()`` the
``SELECT count(*) FROM (...)`` wrapper, ``update()``/``delete()`` the bulk statement).

Example::

    q = LegacyQuery.of([User]).call("filter", [User.id == 5], {})
    print(q.executed)     # SELECT users.id AS users_id, ... WHERE users.id = :id_1
"""
from __future__ import annotations

from typing import Any, Optional

import orm

from analysis.reconstruct.api import MARKER, STRICT, VALUE, Spec, load
from analysis.reconstruct.values import Unsupported

S = Spec((STRICT,))
_CHAIN = {
    "filter": S, "where": S, "filter_by": Spec((STRICT,), other_keywords=VALUE),
    "join": Spec((STRICT,), {"isouter": STRICT, "full": STRICT}),
    "outerjoin": Spec((STRICT,), {"full": STRICT}),
    "order_by": S, "group_by": S, "having": S, "distinct": S, "options": S, "select_from": S,
    "correlate": S, "add_columns": S, "add_column": S, "add_entity": S, "with_entities": S,
    "limit": Spec((VALUE,)), "offset": Spec((VALUE,)), "slice": Spec((VALUE,)),
    "params": Spec((VALUE,), other_keywords=VALUE),
    "execution_options": Spec((STRICT,), other_keywords=STRICT),
    "with_for_update": Spec((STRICT,), other_keywords=STRICT),
    "populate_existing": S, "yield_per": S, "enable_eagerloads": S, "autoflush": S,
}
_RUN = {"all", "one", "one_or_none", "scalar", "__iter__", "one_or_404"}
_DERIVED = {"subquery", "cte", "exists", "scalar_subquery", "as_scalar", "label", "union",
            "union_all"}
SPECS: dict[str, Spec] = dict(_CHAIN)
SPECS.update({name: Spec((), {"description": STRICT}) for name in _RUN})
SPECS.update({"first": Spec(()), "count": Spec(()), "get": Spec((MARKER,)),
              "get_or_404": Spec((MARKER,), {"description": STRICT}),
              "first_or_404": Spec((), {"description": STRICT}),
              "update": Spec((VALUE, STRICT), {"synchronize_session": STRICT}),
              "delete": Spec((STRICT,), {"synchronize_session": STRICT})})
SPECS.update({name: Spec((STRICT,), {"name": STRICT, "recursive": STRICT, "with_labels": STRICT})
              for name in _DERIVED})


def _query_class() -> Any:
    cls = load("orm.session.query:Query")
    if cls is None:
        raise Unsupported("this orm has no legacy Query")
    return cls


class LegacyQuery:
    """A ``Query`` under construction, or run by a terminal method (``terminal`` set, and
    ``executed`` the statement that method sends)."""

    def __init__(self, query: Any, terminal: Optional[str] = None, final: Any = None) -> None:
        self.query = query
        self.terminal = terminal
        self._final = final

    @classmethod
    def of(cls, entities: list[Any]) -> "LegacyQuery":
        return cls(_query_class()(list(entities)))

    @property
    def statement(self) -> Any:
        """The labelled select the query runs (what its ``all()`` sends)."""
        stmt = self.query._labelled()
        if not getattr(self.query, "_eagerloads", True):
            lazyload = load("orm:lazyload|orm.session.strategy_options:lazyload")
            stmt = stmt.options(lazyload("*"))
        return stmt

    @property
    def executed(self) -> Any:
        return self._final if self._final is not None else self.statement

    @property
    def entities(self) -> tuple:
        return tuple(getattr(self.query._statement, "_raw_entities", ()))

    def __clause_element__(self) -> Any:
        return self.query.statement

    def call(self, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
        """Apply method ``name`` (arguments already prepared by the interpreter)."""
        if self.terminal is not None:
            raise Unsupported(f"{name}() after {self.terminal}()")
        if name in _CHAIN:
            result = getattr(self.query, name)(*args, **kwargs)
            return LegacyQuery(result)
        if name in _DERIVED:
            result = getattr(self.query, name)(*args, **kwargs)
            return LegacyQuery(result) if isinstance(result, _query_class()) else result
        if name in _RUN:
            return LegacyQuery(self.query, name)
        if name in ("first", "first_or_404"):
            limited = LegacyQuery(self.query.limit(1))
            return LegacyQuery(self.query, name, limited.statement)
        if name == "count":
            return LegacyQuery(self.query, name, self._count())
        if name in ("get", "get_or_404") and len(args) == 1:
            return LegacyQuery(self.query, name, get_statement(self.entities, args[0],
                                                               self.query._statement))
        if name in ("update", "delete"):
            return self._bulk(name, args)
        raise Unsupported(f"Query.{name}()")

    def _count(self) -> Any:
        """``SELECT count(*) AS count_1 FROM (<the query, every column>) AS anon_1``, as
        ``Query.count()`` runs it."""
        expand = load("orm.session.query:_expand")
        inner = self.query.statement
        cols: list[Any] = []
        for entity in inner._raw_entities:
            cols.extend(expand([entity], all_columns=True))
        inner = inner.with_only_columns(*cols, maintain_column_froms=True)
        inner = inner.set_label_style(orm.LABEL_STYLE_TABLENAME_PLUS_COL)
        inner._with_options = ()
        return orm.select(orm.func.count(orm.literal_column("*"))).select_from(inner.subquery())

    def _bulk(self, name: str, args: list[Any]) -> "LegacyQuery":
        entities = self.entities
        insp = orm.inspect(entities[0], raiseerr=False) if entities else None
        mapper = getattr(insp, "mapper", None)
        if mapper is None:
            raise Unsupported(f"Query.{name}() of a non-entity")
        if name == "update":
            if len(args) != 1 or not isinstance(args[0], dict):
                raise Unsupported("Query.update() values")
            stmt = orm.update(mapper.class_).values(args[0])
        else:
            stmt = orm.delete(mapper.class_)
        criteria = self.query._statement.whereclause
        if criteria is not None:
            stmt = stmt.where(criteria)
        return LegacyQuery(self.query, name, stmt)


def get_statement(entities: tuple, ident: Any, base: Any = None) -> Any:
    """The primary-key load ``session.get(User, ident)`` / ``Query.get(ident)`` sends."""
    if len(entities) != 1:
        raise Unsupported("get() of several entities")
    insp = orm.inspect(entities[0], raiseerr=False)
    mapper = getattr(insp, "mapper", None)
    if mapper is None or getattr(insp, "is_aliased_class", False):
        raise Unsupported("get() of a non-entity")
    values = tuple(ident) if isinstance(ident, (tuple, list)) else (ident,)
    if len(values) != len(mapper.primary_key):
        raise Unsupported("get(): wrong number of primary key values")
    build = load("orm.session.loading:_get_statement")
    if build is None:
        raise Unsupported("this orm has no primary-key load")
    options = tuple(getattr(base, "_with_options", ()) or ()) or None
    stmt, params = build(mapper, values, options, None, None)
    return stmt.params(params) if params else stmt


__all__ = ["LegacyQuery", "SPECS", "get_statement"]
