"""The ``do_orm_execute`` session event and the legacy ``after_bulk_update`` /
``after_bulk_delete`` events.

``do_orm_execute`` listeners see every statement a Session runs -- ``Session.execute`` (and
``scalars``/``scalar``/``Query``), ``Session.get`` on an identity-map miss, and the loads of
relationships (lazy, selectin, subquery, ...), the latter with ``is_relationship_load`` true.  A
listener may replace ``statement``, add execution options, run the statement itself with
``invoke_statement()`` (the listeners after it still run), or answer with a ``Result`` of its own,
which is then what the caller gets (a cache, for example).

Example::

    @event.listens_for(Session, "do_orm_execute")
    def only_active(state):
        if state.is_select and not state.is_relationship_load:
            state.statement = state.statement.where(User.active == True)

    @event.listens_for(Session, "do_orm_execute")
    def cached(state):
        if state.is_select and any(isinstance(o, FromCache) for o in state.user_defined_options):
            ...   # return a Result built from stored rows instead of running the statement
"""
from __future__ import annotations

from typing import Any, Callable

from orm import exc

_Proceed = Callable[[Any, Any, dict[str, Any], dict[str, Any]], Any]


class UserDefinedOption:
    """An option of the application's own, carried by a statement for ``do_orm_execute``
    listeners (``state.user_defined_options``); the ORM itself ignores it.

    Example::

        class FromCache(UserDefinedOption):
            pass

        session.scalars(select(User).options(FromCache("users")))
    """

    _is_execution_option = True   # loader-option processing skips it
    _is_user_defined = True
    propagate_to_loaders = False

    def __init__(self, payload: Any = None) -> None:
        self.payload = payload

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.payload!r})"


class LoadOptions:
    """What an ORM SELECT's execution options say about loading (``state.load_options``); the
    attribute names are SQLAlchemy's."""

    def __init__(self, options: dict[str, Any], refresh_state: Any = None) -> None:
        self._populate_existing = bool(options.get("populate_existing", False))
        self._autoflush = bool(options.get("autoflush", True))
        self._yield_per = options.get("yield_per")
        self._refresh_state = refresh_state
        self._identity_token = options.get("identity_token")

    def __repr__(self) -> str:
        return (f"LoadOptions(populate_existing={self._populate_existing}, autoflush={self._autoflush}, "
                f"yield_per={self._yield_per})")


class UpdateDeleteOptions:
    """``synchronize_session`` and the DML strategy of an ORM UPDATE/DELETE
    (``state.update_delete_options``)."""

    def __init__(self, options: dict[str, Any]) -> None:
        self._synchronize_session = options.get("synchronize_session", "auto")
        self._dml_strategy = options.get("dml_strategy", "auto")
        self._autoflush = bool(options.get("autoflush", True))

    def __repr__(self) -> str:
        return f"UpdateDeleteOptions(synchronize_session={self._synchronize_session!r})"


class ORMExecuteState:
    """One statement execution as ``do_orm_execute`` listeners see it.

    Example::

        @event.listens_for(Session, "do_orm_execute")
        def log(state):
            print(state.statement, state.parameters, state.is_select, state.is_relationship_load)
    """

    def __init__(self, session: Any, statement: Any, parameters: Any, execution_options: Any,
                 bind_arguments: Any, events: list[Any], proceed: _Proceed, *,
                 is_relationship_load: bool = False, is_column_load: bool = False,
                 lazy_loaded_from: Any = None, loader_strategy_path: Any = None,
                 refresh_state: Any = None) -> None:
        self.session = session
        self.statement = statement
        self.parameters = parameters
        self.local_execution_options: dict[str, Any] = dict(execution_options or {})
        self.bind_arguments: dict[str, Any] = dict(bind_arguments or {})
        self.is_relationship_load = is_relationship_load
        self.is_column_load = is_column_load
        self.lazy_loaded_from = lazy_loaded_from
        self.loader_strategy_path = loader_strategy_path
        self._refresh_state = refresh_state
        self._events = events
        self._proceed = proceed
        self._starting_event_idx = 0
        self._update_execution_options: dict[str, Any] = {}

    # -- what is being executed ----------------------------------------------------------------
    @property
    def execution_options(self) -> dict[str, Any]:
        """The statement's own execution options with those of this execution on top."""
        out = dict(getattr(self.statement, "_execution_options", None) or {})
        out.update(self.local_execution_options)
        return out

    @property
    def is_orm_statement(self) -> bool:
        """True for a statement against mapped entities, False for a Core (Table) statement."""
        from .base import _is_orm_dml, _is_orm_select

        return _is_orm_select(self.statement) or _is_orm_dml(self.statement)

    @property
    def is_select(self) -> bool:
        return bool(getattr(self.statement, "is_select", False)) or self._kind() == "select"

    @property
    def is_insert(self) -> bool:
        return bool(getattr(self.statement, "is_insert", False))

    @property
    def is_update(self) -> bool:
        return bool(getattr(self.statement, "is_update", False))

    @property
    def is_delete(self) -> bool:
        return bool(getattr(self.statement, "is_delete", False))

    @property
    def is_dml(self) -> bool:
        return bool(getattr(self.statement, "is_dml", False))

    @property
    def is_executemany(self) -> bool:
        """Several parameter sets (a list of dicts)."""
        return isinstance(self.parameters, list) and len(self.parameters) > 0

    @property
    def is_from_statement(self) -> bool:
        return bool(getattr(self.statement, "_is_from_statement", False))

    def _kind(self) -> str:
        return "select" if getattr(self.statement, "_raw_entities", None) is not None else ""

    @property
    def all_mappers(self) -> list[Any]:
        """The mappers of the statement's entities (or the DML statement's subject)."""
        from orm.inspection import inspect

        out: list[Any] = []
        raw = getattr(self.statement, "_raw_entities", None)
        if raw is None and getattr(self.statement, "is_dml", False):
            raw = [getattr(self.statement, "_entity", None)]
        for ent in raw or ():
            insp = inspect(ent, raiseerr=False) if ent is not None else None
            mapper = getattr(insp, "mapper", None)
            if mapper is not None and all(mapper is not m for m in out):
                out.append(mapper)
        return out

    @property
    def bind_mapper(self) -> Any:
        mappers = self.all_mappers
        return mappers[0] if mappers else None

    @property
    def user_defined_options(self) -> tuple[Any, ...]:
        """The statement's :class:`UserDefinedOption` options."""
        return tuple(o for o in getattr(self.statement, "_with_options", ()) or ()
                     if getattr(o, "_is_user_defined", False))

    @property
    def load_options(self) -> LoadOptions:
        if not self.is_select:
            raise exc.InvalidRequestError(
                "This ORM execution is not against a SELECT statement so there are no load options."
            )
        return LoadOptions(self.execution_options, self._refresh_state)

    @property
    def update_delete_options(self) -> UpdateDeleteOptions:
        if not (self.is_update or self.is_delete):
            raise exc.InvalidRequestError(
                "This ORM execution is not against an UPDATE or DELETE statement so there are no "
                "update options."
            )
        return UpdateDeleteOptions(self.execution_options)

    # -- changing or running it ----------------------------------------------------------------
    def update_execution_options(self, **opts: Any) -> None:
        """Add execution options to this execution (what runs after the listeners uses them)."""
        self.local_execution_options.update(opts)
        self._update_execution_options.update(opts)

    def invoke_statement(self, statement: Any = None, params: Any = None, execution_options: Any = None,
                         bind_arguments: Any = None) -> Any:
        """Run the statement (or ``statement``) now and return its Result: the listeners after
        this one see it first, this one and those before it do not run again.  ``params``,
        ``execution_options`` and ``bind_arguments`` add to this execution's own.

        Example::

            @event.listens_for(Session, "do_orm_execute")
            def count_rows(state):
                result = state.invoke_statement().freeze()
                print(len(result().all()), "rows")
                return result()
        """
        stmt = self.statement if statement is None else statement
        parameters = self.parameters
        if params:
            if isinstance(parameters, list):
                parameters = [{**p, **params} for p in parameters]
            else:
                parameters = {**(parameters or {}), **params}
        opts = dict(self.local_execution_options)
        opts.update(execution_options or {})
        binds = dict(self.bind_arguments)
        binds.update(bind_arguments or {})
        return run(self.session, stmt, parameters, opts, binds, self._events[self._starting_event_idx + 1:],
                   self._proceed, is_relationship_load=self.is_relationship_load,
                   is_column_load=self.is_column_load, lazy_loaded_from=self.lazy_loaded_from,
                   loader_strategy_path=self.loader_strategy_path, refresh_state=self._refresh_state)

    def __repr__(self) -> str:
        return f"<ORMExecuteState {type(self.statement).__name__}>"


def run(session: Any, statement: Any, params: Any, execution_options: Any, bind_arguments: Any,
        events: list[Any], proceed: _Proceed, **flags: Any) -> Any:
    """Call the ``do_orm_execute`` listeners ``events`` in order; the first Result one returns is
    the answer, else ``proceed(statement, params, execution_options, bind_arguments)`` runs what
    the listeners left (a replaced statement, added options)."""
    if not events:
        return proceed(statement, params, dict(execution_options or {}), dict(bind_arguments or {}))
    state = ORMExecuteState(session, statement, params, execution_options, bind_arguments, events, proceed,
                            **flags)
    for idx, fn in enumerate(events):
        state._starting_event_idx = idx
        result = fn(state)
        if result is not None:
            return result
    return proceed(state.statement, params, state.local_execution_options, state.bind_arguments)


def listeners(session: Any) -> list[Any]:
    """The session's ``do_orm_execute`` listeners (an empty list, cheaply, when there are none)."""
    fns = session._dispatch_obj().do_orm_execute
    return list(fns) if fns else []


# -- the loaders' statements -------------------------------------------------------------------------

def loader_select(session: Any, statement: Any, params: Any = None, execution_options: Any = None, *,
                  lazy_loaded_from: Any = None, _compile_state: Any = None, **kw: Any) -> Any:
    """``execute_orm_select`` for the SELECTs of relationship loaders, seen by ``do_orm_execute``
    listeners as relationship loads (``lazy_loaded_from``: the object whose lazy attribute
    loads)."""
    return _hooked(session, statement, params, execution_options, _compile_state, kw,
                   is_relationship_load=True, lazy_loaded_from=lazy_loaded_from,
                   loader_strategy_path=getattr(_compile_state, "base_path", None))


def identity_select(session: Any, statement: Any, params: Any = None, execution_options: Any = None, *,
                    _compile_state: Any = None, **kw: Any) -> Any:
    """``execute_orm_select`` for ``Session.get``'s primary-key load (and refreshes through it),
    seen by ``do_orm_execute`` listeners."""
    refresh_state = kw.get("_refresh_state")
    return _hooked(session, statement, params, execution_options, _compile_state, kw,
                   is_column_load=refresh_state is not None or kw.get("_only_load_props") is not None,
                   refresh_state=refresh_state)


def _hooked(session: Any, statement: Any, params: Any, execution_options: Any, compile_state: Any,
            kw: dict[str, Any], **flags: Any) -> Any:
    from .select_execution import execute_orm_select

    fns = session._dispatch_obj().do_orm_execute
    if not fns:
        return execute_orm_select(session, statement, params, execution_options, _compile_state=compile_state, **kw)
    bind_arguments = kw.pop("bind_arguments", None)

    def proceed(stmt: Any, parameters: Any, opts: dict[str, Any], binds: dict[str, Any]) -> Any:
        # the loader's prepared compile state only fits its own statement
        cs = compile_state if stmt is statement and not opts else None
        return execute_orm_select(session, stmt, parameters, opts or None, bind_arguments=binds or None,
                                  _compile_state=cs, **kw)

    return run(session, statement, params, execution_options, bind_arguments, list(fns), proceed, **flags)


# -- Query.update() / Query.delete(): the legacy events -----------------------------------------------

class BulkUD:
    """What ``after_bulk_update`` / ``after_bulk_delete`` listeners receive: ``session``,
    ``query`` (the legacy Query), ``mapper``, ``result`` (and ``values`` for an update)."""

    def __init__(self, query: Any, result: Any) -> None:
        self.query = query
        self.result = result

    @property
    def session(self) -> Any:
        return self.query.session

    @property
    def mapper(self) -> Any:
        from orm.inspection import inspect

        ents = getattr(self.query._statement, "_raw_entities", ())
        return getattr(inspect(ents[0], raiseerr=False), "mapper", None) if ents else None


class BulkUpdate(BulkUD):
    def __init__(self, query: Any, values: Any, update_kwargs: Any, result: Any) -> None:
        super().__init__(query, result)
        self.values = values
        self.update_kwargs = update_kwargs


class BulkDelete(BulkUD):
    def __init__(self, query: Any, delete_kwargs: Any, result: Any) -> None:
        super().__init__(query, result)
        self.delete_kwargs = delete_kwargs


def after_bulk(session: Any, context: BulkUD) -> None:
    """Fire ``after_bulk_update`` / ``after_bulk_delete`` for a legacy ``Query.update()`` /
    ``Query.delete()``.  (As in SQLAlchemy 2.0, ``session.execute(update(...))`` does not fire
    them: ``do_orm_execute`` covers that style.)"""
    name = "after_bulk_update" if isinstance(context, BulkUpdate) else "after_bulk_delete"
    if session._has_listeners(name):
        session._dispatch_event(name, context)


__all__ = ["ORMExecuteState", "UserDefinedOption", "loader_select", "identity_select", "after_bulk"]
