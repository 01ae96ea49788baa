"""The legacy ``Query`` API: ``session.query(User).filter_by(name="ed").first()``.

A Query holds a :func:`select` and builds on it one generative call at a time; running it
executes that statement through the Session (autoflush first), labelled the 1.x way
(``users.id AS users_id``) and, when a joined eager load fetches a collection, with repeated
entities removed, as Query always did.

Example::

    session.query(User).filter(User.name.like("ed%")).order_by(User.id).limit(5).all()
    session.query(User, Address).join(User.addresses).all()
    session.query(func.count(User.id)).scalar()
    session.query(User).filter(User.id > 10).delete(synchronize_session=False)
"""
from __future__ import annotations

from typing import Any, Generic, Iterator, Optional, TypeVar

from orm import exc
from orm.mapping.properties import ColumnProperty
from orm.sql.elements import literal_column
from orm.sql.functions import func
from orm.sql.select import LABEL_STYLE_DEFAULT, LABEL_STYLE_TABLENAME_PLUS_COL, Select

_T = TypeVar("_T")


def _entity_mapper(e: Any) -> Any:
    from .context import _inspect_entity

    return _inspect_entity(e)


class Query(Generic[_T]):
    """A SELECT built step by step and run through a Session (SQLAlchemy 1.x style).

    Example::

        q = session.query(User).filter(User.id > 5)
        q.count(); q.first(); q.all()
    """

    def __init__(self, entities: Any, session: Any = None) -> None:
        if not isinstance(entities, (list, tuple)):
            entities = (entities,)
        flat: list[Any] = []
        for e in entities:
            if isinstance(e, (list, tuple)):
                flat.extend(e)
            else:
                flat.append(e)
        self.session = session
        self._statement: Any = Select(*flat)
        self._params: dict[str, Any] = {}
        self._exec_opts: dict[str, Any] = {}
        self._populate = False
        self._eagerloads = True
        self._autoflush = True
        # after union()/union_all(): the query reads from a subquery; expressions written against
        # the mapped tables are rewritten against it
        self._from_adapter: Any = None

    # -- generative plumbing -------------------------------------------------------------------
    def _clone(self) -> "Query[_T]":
        new = self.__class__.__new__(self.__class__)
        new.__dict__ = dict(self.__dict__)
        new._params = dict(self._params)
        new._exec_opts = dict(self._exec_opts)
        return new

    def _with(self, stmt: Any) -> "Query[Any]":
        new = self._clone()
        new._statement = stmt
        return new

    # -- criteria ------------------------------------------------------------------------------
    def _adapt(self, clauses: Any) -> list[Any]:
        adapter = self._from_adapter
        if adapter is None:
            return list(clauses)
        from orm.sql import coercions

        return [c if isinstance(c, str) or c is None else adapter.traverse(coercions._unwrap(c)) for c in clauses]

    def filter(self, *criterion: Any) -> "Query[_T]":
        """WHERE criteria, joined with AND: ``query.filter(User.name == "ed")``."""
        return self._with(self._statement.where(*self._adapt(criterion)))

    where = filter

    def filter_by(self, **kwargs: Any) -> "Query[_T]":
        """``filter(<entity>.key == value, ...)`` against the last joined entity (else the first).

        An unknown key raises ``InvalidRequestError`` naming the entity and the key."""
        return self._with(self._statement.filter_by(**kwargs))

    def order_by(self, *clauses: Any) -> "Query[_T]":
        return self._with(self._statement.order_by(*self._adapt(_expand(clauses))))

    def group_by(self, *clauses: Any) -> "Query[_T]":
        """GROUP BY; an entity stands for all its mapped columns."""
        return self._with(self._statement.group_by(*self._adapt(_expand(clauses, all_columns=True))))

    def having(self, *criterion: Any) -> "Query[_T]":
        return self._with(self._statement.having(*self._adapt(criterion)))

    def distinct(self, *expr: Any) -> "Query[_T]":
        return self._with(self._statement.distinct(*expr))

    def limit(self, limit: Any) -> "Query[_T]":
        return self._with(self._statement.limit(limit))

    def offset(self, offset: Any) -> "Query[_T]":
        return self._with(self._statement.offset(offset))

    def slice(self, start: int, stop: int) -> "Query[_T]":
        return self._with(self._statement.slice(start, stop))

    # -- FROM ----------------------------------------------------------------------------------
    def join(self, target: Any, onclause: Any = None, *, isouter: bool = False, full: bool = False) -> "Query[_T]":
        """JOIN a relationship (``join(User.addresses)``), an entity (by foreign key or
        ``onclause``), or a subquery."""
        return self._with(self._statement.join(target, onclause, isouter=isouter, full=full))

    def outerjoin(self, target: Any, onclause: Any = None, *, full: bool = False) -> "Query[_T]":
        return self._with(self._statement.outerjoin(target, onclause, full=full))

    def select_from(self, *froms: Any) -> "Query[_T]":
        return self._with(self._statement.select_from(*froms))

    def correlate(self, *froms: Any) -> "Query[_T]":
        return self._with(self._statement.correlate(*froms))

    # -- entities and columns ------------------------------------------------------------------
    def with_entities(self, *entities: Any) -> "Query[Any]":
        """The same query selecting other entities/columns: ``query.with_entities(User.name)``."""
        return self._with(self._statement.with_only_columns(*entities))

    def add_columns(self, *columns: Any) -> "Query[Any]":
        return self._with(self._statement.add_columns(*columns))

    def add_column(self, column: Any) -> "Query[Any]":
        return self.add_columns(column)

    def add_entity(self, entity: Any) -> "Query[Any]":
        return self._with(self._statement.add_columns(entity))

    # -- options -------------------------------------------------------------------------------
    def options(self, *opts: Any) -> "Query[_T]":
        """Loader options: ``query.options(selectinload(User.addresses))``."""
        return self._with(self._statement.options(*opts))

    def with_for_update(self, *, nowait: bool = False, read: bool = False, of: Any = None,
                        skip_locked: bool = False, key_share: bool = False) -> "Query[_T]":
        return self._with(self._statement.with_for_update(nowait=nowait, read=read, of=of,
                                                          skip_locked=skip_locked, key_share=key_share))

    def merge_result(self, iterator: Any, load: bool = True) -> Any:
        """Legacy: merge results of this query (cached objects, rows or a FrozenResult) into its
        Session; see :func:`orm.orm.merge_result`."""
        from .merge import merge_result

        return merge_result(self, iterator, load=load)

    def populate_existing(self) -> "Query[_T]":
        """Overwrite the loaded attributes of objects already in the identity map."""
        new = self._clone()
        new._populate = True
        return new

    def yield_per(self, count: int) -> "Query[_T]":
        """Build objects ``count`` rows at a time while iterating."""
        new = self._clone()
        new._exec_opts["yield_per"] = count
        return new

    def execution_options(self, **kw: Any) -> "Query[_T]":
        new = self._clone()
        if kw.get("populate_existing"):
            new._populate = True
        new._exec_opts.update(kw)
        return new

    def params(self, *args: Any, **kwargs: Any) -> "Query[_T]":
        """Values of named bound parameters: ``query.filter(text("id = :id")).params(id=5)``."""
        new = self._clone()
        for a in args:
            new._params.update(a)
        new._params.update(kwargs)
        return new

    def enable_eagerloads(self, value: bool) -> "Query[_T]":
        new = self._clone()
        new._eagerloads = value
        return new

    def autoflush(self, setting: bool) -> "Query[_T]":
        new = self._clone()
        new._autoflush = setting
        return new

    # -- statements ----------------------------------------------------------------------------
    @property
    def statement(self) -> Any:
        """The SELECT this query runs (2.0 labelling, as SQLAlchemy's ``Query.statement``)."""
        if self._from_stmt is not None:
            return self._from_statement_stmt()
        stmt = self._statement
        if self._params:
            stmt = stmt.params(self._params)
        return stmt

    def __clause_element__(self) -> Any:
        # a Query where SQL is expected is its SELECT: ``col.in_(session.query(X.id))`` renders
        # IN (SELECT ...) instead of iterating (running) the query, as in SQLAlchemy
        return self.statement

    def _labelled(self) -> Any:
        return self.statement.set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)

    def subquery(self, name: Optional[str] = None, with_labels: bool = False, reduce_columns: bool = False) -> Any:
        """The query as a subquery: ``q.subquery().c.user_id``."""
        stmt = self.statement
        if with_labels:
            stmt = stmt.set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)
        return stmt.subquery(name)

    def cte(self, name: Optional[str] = None, recursive: bool = False, nesting: bool = False) -> Any:
        return self.statement.cte(name, recursive=recursive)

    def label(self, name: Optional[str]) -> Any:
        return self.statement.label(name)

    def scalar_subquery(self) -> Any:
        return self.statement.scalar_subquery()

    as_scalar = scalar_subquery

    def exists(self) -> Any:
        """``EXISTS (SELECT 1 FROM ... WHERE ...)``, e.g. for ``session.query(q.exists()).scalar()``."""
        from orm.sql.selectable import Exists

        inner = self.statement.with_only_columns(literal_column("1"), maintain_column_froms=True)
        inner = inner.set_label_style(LABEL_STYLE_DEFAULT)
        return Exists(inner)

    def union(self, *queries: "Query[Any]") -> "Query[_T]":
        return self._set_op("union", queries)

    def union_all(self, *queries: "Query[Any]") -> "Query[_T]":
        return self._set_op("union_all", queries)

    def _set_op(self, kind: str, queries: Any) -> "Query[_T]":
        from orm.sql.select import CompoundSelect

        parts = [q._set_op_part() for q in (self, *queries)]
        sub = CompoundSelect("UNION ALL" if kind == "union_all" else "UNION", *parts).subquery()
        return self._from_selectable(sub)

    def _set_op_part(self) -> Any:
        """This query as one SELECT of a UNION: entities spelled out (deferred columns too)."""
        stmt = self.statement
        cols = []
        for e in stmt._raw_entities:
            cols.extend(_expand([e], all_columns=True))
        stmt = stmt.with_only_columns(*cols, maintain_column_froms=True)
        stmt._with_options = ()
        return stmt.set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)

    def _from_selectable(self, sub: Any) -> "Query[_T]":
        """This query's entities read from ``sub`` (a subquery of a statement selecting them)."""
        from orm.mapping.adapt import ColumnAdapter
        from orm.mapping.util import AliasedClass

        adapter = ColumnAdapter(sub)
        ents: list[Any] = []
        for e in self._statement._raw_entities:
            if _entity_mapper(e) is not None and not getattr(e, "is_aliased_class", False):
                ents.append(AliasedClass(e, sub))
            else:
                ents.append(adapter.traverse(getattr(e, "__clause_element__", lambda: e)()))
        new = self._clone()
        new._statement = Select(*ents)
        new._from_adapter = adapter
        return new

    # -- from_statement ----------------------------------------------------------------------------
    _from_stmt: Any = None

    def from_statement(self, statement: Any) -> "Query[_T]":
        """Load this query's entities from the rows of ``statement`` (``text()``,
        ``text().columns()`` or a select), run as written::

            session.query(User).from_statement(text("SELECT * FROM users WHERE name = :n")).params(n="ed").all()
        """
        from .from_statement import _coerce_element

        new = self._clone()
        new._from_stmt = _coerce_element(statement)
        return new

    def _from_statement_stmt(self) -> Any:
        from .from_statement import FromStatement

        return FromStatement(self._statement._raw_entities, self._from_stmt,
                             options=self._statement._with_options)

    # -- running -------------------------------------------------------------------------------
    def _require_session(self) -> Any:
        if self.session is None:
            raise exc.InvalidRequestError("This Query is not bound to a Session; use query.with_session(session)")
        return self.session

    def with_session(self, session: Any) -> "Query[_T]":
        new = self._clone()
        new.session = session
        return new

    def _execute(self, stmt: Any = None) -> Any:
        session = self._require_session()
        if stmt is None:
            stmt = self._labelled() if self._from_stmt is None else self._from_statement_stmt()
        opts = dict(self._exec_opts)
        opts["_orm_legacy"] = True
        if self._populate:
            opts["populate_existing"] = True
        if not self._autoflush:
            opts["autoflush"] = False
        if not self._eagerloads:
            from .strategy_options import lazyload

            stmt = stmt.options(lazyload("*"))
        return session.execute(stmt, self._params or None, execution_options=opts)

    def _single_entity(self) -> bool:
        """One mapped entity (or one ``Bundle(..., single_entity=True)``): results are the
        objects themselves, not one-item rows."""
        ents = self._statement._raw_entities
        if len(ents) != 1:
            return False
        if getattr(ents[0], "is_bundle", False):
            return bool(ents[0].single_entity)
        return _entity_mapper(ents[0]) is not None

    def _has_mapper_entities(self) -> bool:
        return any(_entity_mapper(e) is not None for e in self._statement._raw_entities)

    def _iter(self) -> Any:
        result = self._execute()
        if self._single_entity():
            result = result.scalars()
        if not self._exec_opts.get("yield_per") and self._has_mapper_entities():
            # the legacy Query's rule: rows holding entities are de-duplicated (a join repeating
            # a parent gives it once), objects compared by identity; yield_per streams as is
            result = result.unique()
        return result

    def __iter__(self) -> Iterator[Any]:
        return iter(self._iter())

    def all(self) -> list[Any]:
        """Every result: objects for a single entity, else rows."""
        return self._iter().all()  # type: ignore[no-any-return]

    def first(self) -> Any:
        """The first result (LIMIT 1), or None."""
        if self._from_stmt is not None:  # the statement runs as written: no LIMIT added
            return self._iter().first()
        return self.limit(1)._iter().first()

    def one(self) -> Any:
        """The only result; ``NoResultFound`` / ``MultipleResultsFound`` otherwise."""
        return self._iter().one()

    def one_or_none(self) -> Any:
        return self._iter().one_or_none()

    def scalar(self) -> Any:
        """The first column of the only row, None when there is no row."""
        try:
            ret = self.one()
        except exc.NoResultFound:
            return None
        if self._single_entity() or not hasattr(ret, "_data"):
            return ret
        return ret[0]

    def count(self) -> int:
        """``SELECT count(*) FROM (<this query>) AS anon_1``."""
        inner = self.statement
        cols = []
        for e in inner._raw_entities:
            aliased = bool(getattr(_entity_mapper(e), "is_aliased_class", False))
            cols.extend(_expand([e], all_columns=not aliased))
        inner = inner.with_only_columns(*cols, maintain_column_froms=True)
        inner = inner.set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)
        inner._with_options = ()
        stmt: Any = Select(func.count(literal_column("*"))).select_from(inner.subquery())
        session = self._require_session()
        if self._autoflush:
            session._autoflush()
        return session.execute(stmt, self._params or None).scalar()  # type: ignore[no-any-return]

    def get(self, ident: Any) -> Any:
        """``session.get(<entity>, ident)`` with this query's options (legacy)."""
        ents = self._statement._raw_entities
        insp = _entity_mapper(ents[0]) if len(ents) == 1 else None
        if insp is None:
            raise exc.InvalidRequestError("Query.get() needs a query of exactly one mapped entity")
        return self._require_session().get(
            insp.mapper.class_, ident, options=self._statement._with_options or None,
            populate_existing=self._populate, with_for_update=None,
        )

    def __getitem__(self, item: Any) -> Any:
        if isinstance(item, slice):
            start, stop, step = item.start, item.stop, item.step
            if (start is not None and start < 0) or (stop is not None and stop < 0):
                raise IndexError("negative indexes are not accepted by SQL index / slice operators")
            q = self
            start = start or 0
            if start:
                q = q.offset(start)
            if stop is not None:
                q = q.limit(max(stop - start, 0))
            res = q.all()
            return res[::step] if step else res
        if item < 0:
            raise IndexError("negative indexes are not accepted by SQL index / slice operators")
        return self.offset(item).limit(1)._iter().one()

    # -- bulk UPDATE / DELETE ------------------------------------------------------------------
    def update(self, values: Any, synchronize_session: Any = "auto", update_args: Optional[dict[str, Any]] = None) -> int:
        """``UPDATE`` the rows this query matches; returns the matched row count.

        ``synchronize_session``: ``"auto"``, ``"evaluate"``, ``"fetch"`` or ``False`` (how objects
        in the session learn the new values)."""
        from orm.sql.dml import update

        stmt: Any = update(self._dml_entity()).values(values)
        crit = self._statement.whereclause
        if crit is not None:
            stmt = stmt.where(crit)
        return self._run_dml(stmt, synchronize_session, update_args, values=values)

    def delete(self, synchronize_session: Any = "auto") -> int:
        """``DELETE`` the rows this query matches; returns the matched row count."""
        from orm.sql.dml import delete

        stmt = delete(self._dml_entity())
        crit = self._statement.whereclause
        if crit is not None:
            stmt = stmt.where(crit)
        return self._run_dml(stmt, synchronize_session, None)

    def _dml_entity(self) -> Any:
        ents = self._statement._raw_entities
        insp = _entity_mapper(ents[0]) if ents else None
        if insp is None:
            raise exc.InvalidRequestError("Query.update()/delete() need a query of a mapped entity")
        return insp.mapper.class_

    def _run_dml(self, stmt: Any, synchronize_session: Any, args: Any, values: Any = None) -> int:
        from .orm_execute import BulkDelete, BulkUpdate, after_bulk

        session = self._require_session()
        opts = dict(self._exec_opts)
        opts["synchronize_session"] = synchronize_session
        if args:
            stmt = stmt.with_dialect_options(**args) if hasattr(stmt, "with_dialect_options") else stmt
        result = session.execute(stmt, self._params or None, execution_options=opts)
        # the legacy after_bulk_update / after_bulk_delete session events
        after_bulk(session, BulkUpdate(self, values, args, result) if stmt.is_update else BulkDelete(self, args, result))
        return result.rowcount  # type: ignore[no-any-return]

    # -- introspection -------------------------------------------------------------------------
    @property
    def column_descriptions(self) -> list[dict[str, Any]]:
        out = []
        for e in self._statement._raw_entities:
            insp = _entity_mapper(e)
            if insp is not None:
                cls = insp.mapper.class_
                aliased = bool(getattr(insp, "is_aliased_class", False))
                out.append({"name": getattr(insp, "name", None) if aliased else cls.__name__, "type": cls,
                            "aliased": aliased, "expr": e, "entity": e})
            else:
                prop = getattr(e, "property", None)
                expr = getattr(e, "__clause_element__", lambda: e)()
                out.append({"name": getattr(e, "key", None) or getattr(expr, "name", None),
                            "type": getattr(expr, "type", None), "aliased": False, "expr": e,
                            "entity": getattr(getattr(prop, "parent", None), "class_", None)})
        return out

    def __str__(self) -> str:
        bind = None
        if self.session is not None:
            try:
                bind = self.session.get_bind()
            except Exception:
                bind = None
        stmt = self._labelled() if self._from_stmt is None else self._from_stmt
        return str(stmt.compile(bind=bind)) if bind is not None else str(stmt)


def _expand(clauses: Any, all_columns: bool = False) -> list[Any]:
    """Entities in ORDER BY / GROUP BY stand for their mapped columns (deferred ones too)."""
    out: list[Any] = []
    for c in clauses:
        insp = _entity_mapper(c) if c is not None else None
        if insp is None:
            out.append(c)
            continue
        mapper = insp.mapper
        adapt = getattr(insp, "_adapt_element", None)
        if adapt is None and mapper.with_polymorphic:
            adapt = mapper._polymorphic_adapter  # concrete inheritance: the union's columns
        for prop in mapper._props.values():
            if isinstance(prop, ColumnProperty) and (all_columns or not prop.deferred):
                for col in prop.columns[:1]:
                    out.append(adapt(col) if adapt is not None else col)
    return out
