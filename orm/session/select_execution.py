"""Running an ORM ``select()``: the step after :mod:`orm.session.context` has compiled it.

:func:`execute_orm_select` takes an :class:`~orm.session.context.ORMCompileState` (or builds one),
runs its Core statement on the session's connection, turns each driver row into objects, columns
and bundles with :mod:`orm.session.loading`'s processors, runs the post-load steps
(``selectinload``, ...) and wraps the items in an ORM Result.

Kept apart from ``context`` because it is a different concern: ``context`` decides the SQL and the
row plan from the statement alone (the checker's previews use it without a session), this module
needs a session, a connection and the rows.

Example::

    execute_orm_select(session, select(User).where(User.id > 5)).scalars().all()
"""
from __future__ import annotations

from typing import Any, Optional

from orm import exc

from .context import ORMCompileState

_ORM_EXEC_OPTIONS = ("populate_existing", "autoflush", "identity_token", "_orm_legacy",
                     "_orm_options", "_orm_base_path")


def execute_orm_select(session: Any, statement: Any, params: Any = None, execution_options: Any = None, *,
                       bind_arguments: Any = None, _populate_existing: bool = False,
                       _refresh_state: Any = None, _only_load_props: Any = None,
                       _compile_state: Optional[ORMCompileState] = None) -> Any:
    """Run an ORM ``select()`` on the session's connection and return an ORM Result (what
    ``Session.execute`` calls for statements selecting entities or mapped attributes).

    Execution options: ``populate_existing=True`` overwrites objects already in the identity map;
    ``yield_per=N`` makes objects N rows at a time.

    Example::

        execute_orm_select(session, select(User).where(User.id > 5)).scalars().all()
    """
    from .loading import QueryContext, entity_processor, finish_joined, run_post_loaders
    from .orm_result import ORMResult, ORMResultMetaData, StreamSource, buffered, no_gc

    opts = dict(getattr(statement, "_execution_options", None) or {})
    if execution_options:
        opts.update(execution_options)
    state = _compile_state
    if state is None:
        state = ORMCompileState(statement, legacy=bool(opts.get("_orm_legacy")),
                                options=opts.get("_orm_options"), base_path=opts.get("_orm_base_path"),
                                validate=opts.get("_orm_options") is None)
    populate_existing = _populate_existing or bool(opts.get("populate_existing"))
    yield_per = opts.get("yield_per")
    if yield_per and state.require_unique:
        raise exc.InvalidRequestError(
            "Can't use yield_per with eager loaders that require uniquing or row buffering, e.g. "
            "joinedload() against collections or subqueryload().  Consider the selectinload() "
            "strategy for better flexibility in loading objects."
        )
    core_opts = {k: v for k, v in opts.items() if k not in _ORM_EXEC_OPTIONS}
    conn = _connection(session, bind_arguments, state)
    if _compile_state is not None and not conn.dispatch.before_execute and not conn.dispatch.after_execute:
        # a compile state kept by a loader runs its statement again and again: compiled once per
        # dialect, not looked up by cache key each time
        cursor = conn._execute_compiled(state.compiled_for(conn.dialect), [params] if params else [],
                                        core_opts or None)
    else:
        cursor = conn.execute(state.statement, params, execution_options=core_opts or None)
    ctx = QueryContext(session, populate_existing=populate_existing, refresh_state=_refresh_state,
                       options=state.options, only_load_props=_only_load_props,
                       yield_per=yield_per)
    ctx.statement = state.source
    ctx.params = params
    if state.from_statement:
        from .from_statement import locate_columns

        procs = locate_columns(state, cursor, conn.dialect)
    else:
        procs = cursor._metadata.processors  # one list per result shape: plans are cached by it
    fns = []
    for ent in state.entities:
        if ent.is_mapper:
            fn = entity_processor(ent, procs, ctx)
            if state.from_statement:
                from .from_statement import expire_missing

                fn = expire_missing(ent, fn)
            fns.append(fn)
        elif getattr(ent, "is_bundle", False):
            fns.append(ent.row_processor(state.source, procs))
        else:
            fns.append(_column_getter(ent.position, procs[ent.position]))
    single = len(fns) == 1  # items are the values themselves, not 1-tuples
    if len(fns) == 1:
        fn = fns[0]

        def make(raws: list[Any]) -> list[Any]:
            return [fn(r) for r in raws]
    else:
        def make(raws: list[Any]) -> list[Any]:
            return [tuple([f(r) for f in fns]) for r in raws]

    def make_all(raws: Any) -> list[Any]:
        # raws: the driver rows, or a function fetching them (fetched with the GC paused too)
        items = no_gc(lambda: make(raws() if callable(raws) else raws))
        if state.has_joined:
            finish_joined(ctx)
        if state.has_post:
            run_post_loaders(ctx)
        return items

    keys = state.row_keys()
    meta_key = (tuple(keys), single, tuple(e.is_mapper for e in state.entities))
    meta = _META_CACHE.get(meta_key)
    if meta is None:
        meta = _META_CACHE[meta_key] = ORMResultMetaData(keys, single, meta_key[2])
        if len(_META_CACHE) > 2000:
            _META_CACHE.clear()
    raw_source = cursor._source
    if yield_per:
        source: Any = StreamSource(raw_source, make_all, int(yield_per))
    else:
        source = buffered(make_all(raw_source.fetchall))
    result = ORMResult(meta, source, require_unique=state.require_unique and not state.legacy)
    result._entities = state.entities
    result._legacy = state.legacy
    result._orm_yield_per = yield_per
    if yield_per:
        result.yield_per(yield_per)
    if state.legacy and state.require_unique:
        result = result.unique()
    return result


_META_CACHE: dict[Any, Any] = {}


def _column_getter(pos: int, proc: Any) -> Any:
    if proc is None:
        return lambda r: r[pos]
    return lambda r: proc(r[pos])


def _connection(session: Any, bind_arguments: Any, state: ORMCompileState) -> Any:
    """The session's connection for this query (the first entity's mapper chooses the bind)."""
    kw: dict[str, Any] = {}
    if bind_arguments:
        kw["bind_arguments"] = bind_arguments
    else:
        for ent in state.entities:
            if ent.is_mapper:
                kw["bind_arguments"] = {"mapper": ent.mapper}
                break
    try:
        return session.connection(**kw)
    except TypeError:
        return session.connection()
