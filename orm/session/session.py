"""``Session``: the ORM's unit of work, identity map and transaction, and ``sessionmaker``.

Example::

    from orm import Session, create_engine, select

    engine = create_engine("sqlite://")
    with Session(engine) as session:
        session.add(User(name="ed"))
        session.commit()                   # INSERT, COMMIT; objects expire
        ed = session.get(User, 1)          # from the identity map when present

The read side (ORM ``select()``, ``get()`` misses, refreshes, lazy loads) lives in
``orm.session.context``/``loading``/``refresh``/``strategies``; the write side (flush) in
``orm.session.unitofwork``/``flush_order``/``persistence``/``dependency``.  Session's own methods
are split by concept: adding/deleting/expunging objects in ``orm.session.membership``, bind
lookup in ``orm.session.binds``, what commit/rollback do to the objects in
``orm.session.transaction``, ``do_orm_execute`` in ``orm.session.orm_execute``.
"""
from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Optional, TypeVar, overload

from orm import exc
from orm.event.registry import DispatchDescriptor, class_dispatch
from orm.mapping.base import STATE_KEY
from orm.mapping.state import NO_VALUE, InstanceState, _sessions

from . import cascade as _cascade
from .base import (
    SESSION_EVENTS,
    UnboundExecutionError,
    _instance_state,
    _is_orm_dml,
    _is_orm_select,
    _pk_tuple,
    _read_side,
    _require_mapper,
    _state_str,
)
from .binds import SessionBinds
from .identity import IdentityMap, IdentitySet
from .membership import SessionObjects
from .transaction import SessionTransaction, _TxState
from .unitofwork import flush

_session_ids = itertools.count(1)

if TYPE_CHECKING:  # (H2) typing of execute/scalars/scalar/get: rows and objects typed after the statement
    from orm.engine.result import Result, ScalarResult
    from orm.sql.select import Select

_O = TypeVar("_O")
_T = TypeVar("_T")
_TP = TypeVar("_TP", bound=tuple[Any, ...])

class _NoAutoflush:
    __slots__ = ("session",)

    def __init__(self, session: "Session") -> None:
        self.session = session

    def __enter__(self) -> "Session":
        self.session._no_autoflush_depth += 1
        return self.session

    def __exit__(self, *a: Any) -> None:
        self.session._no_autoflush_depth -= 1


class Session(SessionBinds, SessionObjects):
    """Manages persistence operations for ORM-mapped objects.

    Example::

        with Session(engine) as session:
            session.add_all([User(name="ed"), User(name="wendy")])
            session.commit()
            users = session.scalars(select(User).order_by(User.name)).all()
    """

    _dispatch_events = SESSION_EVENTS
    dispatch = DispatchDescriptor()

    def __init__(self, bind: Any = None, *, autoflush: bool = True, future: bool = True,
                 expire_on_commit: bool = True, autobegin: bool = True, twophase: bool = False,
                 binds: Optional[dict[Any, Any]] = None, enable_baked_queries: bool = True,
                 info: Optional[dict[Any, Any]] = None, query_cls: Any = None, autocommit: bool = False,
                 join_transaction_mode: str = "conservative_savepoint",
                 close_resets_only: Any = True) -> None:
        if autocommit:
            raise exc.ArgumentError("autocommit=True is no longer supported")
        self.bind = bind
        self._binds: dict[Any, Any] = {}
        if binds:
            for key, value in binds.items():
                self._add_bind(key, value)
        self.autoflush = autoflush
        self.expire_on_commit = expire_on_commit
        self.autobegin = autobegin
        self.twophase = twophase
        self.join_transaction_mode = join_transaction_mode
        self._query_cls = query_cls
        self.info: dict[Any, Any] = dict(info or {})
        self.hash_key = next(_session_ids)
        _sessions[self.hash_key] = self
        self._identity_map = IdentityMap()
        self._new: dict[InstanceState, Any] = {}      # pending: state -> object (insert order)
        self._deleted: dict[InstanceState, Any] = {}  # marked for deletion, not flushed
        self._transaction: Optional[SessionTransaction] = None
        self._flushing = False
        self._no_autoflush_depth = 0
        self._insert_seq = 0
        self._closed = False

    # -- events ------------------------------------------------------------------------------------
    def _dispatch_obj(self) -> Any:
        d = self.__dict__.get("dispatch")
        if d is None:
            d = class_dispatch(type(self))
        return d

    def _dispatch_event(self, name: str, *args: Any) -> None:
        for fn in getattr(self._dispatch_obj(), name):
            fn(*args)

    def _has_listeners(self, name: str) -> bool:
        return bool(getattr(self._dispatch_obj(), name))

    # -- transactions ------------------------------------------------------------------------------
    def _autobegin_t(self) -> SessionTransaction:
        tx = self._transaction
        if tx is None:
            if not self.autobegin:
                raise exc.InvalidRequestError(
                    "Autobegin is disabled on this Session; please call session.begin() to start a "
                    "new transaction"
                )
            tx = self._transaction = SessionTransaction(self)
        return tx

    def begin(self, nested: bool = False) -> SessionTransaction:
        """Begin a transaction explicitly (a context manager that commits or rolls back).

        Example::

            with session.begin():
                session.add(some_object)
        """
        if nested:
            return self.begin_nested()
        if self._transaction is not None:
            raise exc.InvalidRequestError("A transaction is already begun on this Session.")
        self._transaction = SessionTransaction(self, explicit=True)
        return self._transaction

    def begin_nested(self) -> SessionTransaction:
        """Begin a SAVEPOINT (flushing first); a context manager rolled back alone on error.

        Example::

            with session.begin_nested():
                session.add(maybe_duplicate)     # an IntegrityError undoes only this block
        """
        parent = self._autobegin_t()
        parent._assert_active()
        self.flush()
        self._transaction = SessionTransaction(self, parent=self._transaction, nested=True)
        return self._transaction

    @property
    def is_active(self) -> bool:
        """False while a failed flush's rollback waits for an explicit ``rollback()``."""
        t = self._transaction
        return t is None or t.is_active

    @classmethod
    def identity_key(cls, class_: Any = None, ident: Any = None, *, instance: Any = None,
                     row: Any = None, identity_token: Any = None) -> tuple[Any, ...]:
        """The identity key of a class and primary key (or of an instance)."""
        if instance is not None:
            st = _instance_state(instance)
            pk = st.mapper.primary_key_from_instance(instance)
            return st.mapper.identity_key_from_primary_key(pk, identity_token)  # type: ignore[no-any-return]
        mapper = _require_mapper(class_)
        return mapper.identity_key_from_primary_key(_pk_tuple(mapper, ident), identity_token)  # type: ignore[no-any-return]

    @classmethod
    def object_session(cls, instance: Any) -> Any:
        from .lifecycle import object_session

        return object_session(instance)

    def in_transaction(self) -> bool:
        return self._transaction is not None

    def in_nested_transaction(self) -> bool:
        t = self._transaction
        while t is not None:
            if t.nested:
                return True
            t = t._parent
        return False

    def get_transaction(self) -> Optional[SessionTransaction]:
        t = self._transaction
        return None if t is None else t.origin

    def get_nested_transaction(self) -> Optional[SessionTransaction]:
        t = self._transaction
        while t is not None:
            if t.nested:
                return t
            t = t._parent
        return None

    def commit(self) -> None:
        """Flush pending changes and commit the current transaction (the outermost one: any
        SAVEPOINTs are released).  Objects expire afterwards unless ``expire_on_commit=False``."""
        tx = self._transaction
        if tx is None:
            tx = self._autobegin_t()
        tx._assert_active()
        while self._transaction is not None:
            t = self._transaction
            t.commit()
            if self._transaction is t:  # pragma: no cover - commit always closes
                break

    def rollback(self) -> None:
        """Roll back the current transaction (the outermost one) and restore the Session: pending
        objects are expunged, deleted ones come back, persistent ones expire."""
        while self._transaction is not None:
            t = self._transaction
            t.rollback()
            if self._transaction is t:  # pragma: no cover
                break

    def close(self) -> None:
        """Expunge every object and release connections (rolling back what is not committed).
        The Session can be used again afterwards."""
        self._close_impl(invalidate=False)

    def reset(self) -> None:
        self._close_impl(invalidate=False)

    def invalidate(self) -> None:
        t = self._transaction
        if t is not None:
            for conn, *_ in list(t.origin._connections.values()):
                conn.invalidate()
        self._close_impl(invalidate=True)

    def _close_impl(self, invalidate: bool) -> None:
        self.expunge_all()
        t = self._transaction
        while t is not None:
            parent = t._parent
            t.close()
            t = parent
        self._transaction = None

    @classmethod
    def close_all(cls) -> None:
        close_all_sessions()

    def __enter__(self) -> "Session":
        return self

    def __exit__(self, exc_type: Any, exc_value: Any, tb: Any) -> None:
        self.close()

    def _connection_for_bind(self, bind: Any, execution_options: Any = None) -> Any:
        return self._autobegin_t()._connection_for_bind(bind, execution_options)

    def connection(self, bind_arguments: Optional[dict[str, Any]] = None,
                   execution_options: Optional[dict[str, Any]] = None) -> Any:
        """The Connection of the current transaction (beginning one if needed)."""
        bind = self.get_bind(**(bind_arguments or {}))
        return self._connection_for_bind(bind, execution_options)

    def _dispatch_event_state(self, name: str, st: InstanceState) -> None:
        if self._has_listeners(name):
            obj = st.obj()
            if obj is not None:  # an object already garbage collected has nobody to tell
                self._dispatch_event(name, self, obj)

    # -- expiry ------------------------------------------------------------------------------------
    def expire(self, instance: Any, attribute_names: Optional[Iterable[str]] = None) -> None:
        """Mark attributes (all by default) to be loaded again on next access; ``refresh-expire``
        cascades follow when expiring everything."""
        state = _instance_state(instance)
        self._check_persistent(state)
        self._expire_state(state, attribute_names)

    def _expire_state(self, state: InstanceState, attribute_names: Optional[Iterable[str]]) -> None:
        if attribute_names is not None:
            keys = list(attribute_names)
            for k in keys:
                if k not in state.mapper._props:
                    raise exc.InvalidRequestError(f"Mapper '{state.mapper}' has no property '{k}'.")
            state._expire(keys)
            return
        related = list(_cascade.cascade_states(state, "refresh-expire"))  # before they are unloaded
        state._expire()
        for st in related:
            if st.key is not None and st.session_id == self.hash_key:
                st._expire()

    def expire_all(self) -> None:
        """Expire every persistent object of the Session."""
        for st in self._identity_map.all_states():
            st._expire()

    def _check_persistent(self, state: InstanceState) -> None:
        if state.session_id != self.hash_key or state.key is None:
            raise exc.InvalidRequestError(
                f"Instance '{_state_str(state)}' is not persistent within this Session"
            )

    def refresh(self, instance: Any, attribute_names: Optional[Iterable[str]] = None,
                with_for_update: Any = None) -> None:
        """Expire and immediately reload an object's attributes from the database."""
        state = _instance_state(instance)
        self._check_persistent(state)
        self._expire_state(state, attribute_names)
        keys = set(attribute_names) if attribute_names is not None else set(state.expired_attributes)
        try:
            self._load_attributes(state, keys, refresh=True, with_for_update=with_for_update)
        except exc.ObjectDeletedError:
            raise exc.InvalidRequestError(f"Could not refresh instance '{_state_str(state)}'") from None

    def _load_attributes(self, state: InstanceState, keys: Any, refresh: bool = False,
                         with_for_update: Any = None) -> None:
        from .refresh import load_attributes

        if with_for_update is not None:
            load_attributes(state, keys, self, with_for_update=with_for_update, refresh=refresh)
        else:
            load_attributes(state, keys, self, refresh=refresh)

    # -- queries (the read side) -------------------------------------------------------------------
    def _autoflush(self) -> None:
        if self.autoflush and not self._flushing and not self._no_autoflush_depth:
            try:
                self.flush()
            except exc.StatementError as err:
                detail = ("raised as a result of Query-invoked autoflush; consider using a "
                          "session.no_autoflush block if this flush is occurring prematurely")
                add = getattr(err, "add_detail", None)
                if add is not None:
                    add(detail)
                raise

    @property
    def no_autoflush(self) -> _NoAutoflush:
        """A context manager that disables autoflush inside its block."""
        return _NoAutoflush(self)

    @overload
    def execute(self, statement: "Select[_TP]", params: Any = None, *, execution_options: Any = None,
                bind_arguments: Any = None, **kw: Any) -> "Result[_TP]": ...

    @overload
    def execute(self, statement: Any, params: Any = None, *, execution_options: Any = None,
                bind_arguments: Any = None, **kw: Any) -> Any: ...

    def execute(self, statement: Any, params: Any = None, *, execution_options: Any = None,
                bind_arguments: Any = None, **kw: Any) -> Any:
        """Execute a statement: ORM ``select(User)`` returns objects; ORM ``insert/update/delete``
        of a mapped class go through the bulk paths; anything else runs on the Session's
        connection.  ``do_orm_execute`` listeners see (and may change or answer) each one."""
        if isinstance(statement, str):
            # as SQLAlchemy: a string is not a statement; text() makes it one, with bound values
            short = statement if len(statement) <= 25 else statement[:25] + "..."
            raise exc.ArgumentError(
                f"Textual SQL expression {short!r} should be explicitly declared as text({short!r})")
        fns = self._dispatch_obj().do_orm_execute
        if fns:
            from .orm_execute import run

            return run(self, statement, params, execution_options, bind_arguments, list(fns), self._execute)
        return self._execute(statement, params, execution_options, bind_arguments)

    def _execute(self, statement: Any, params: Any, execution_options: Any, bind_arguments: Any) -> Any:
        if _is_orm_select(statement):
            opts = dict(execution_options or {})
            if opts.get("autoflush", True):
                self._autoflush()
            execute_orm_select = _read_side("select_execution", "execute_orm_select")
            if execute_orm_select is None:
                raise exc.InvalidRequestError("ORM SELECT statements need orm.session.select_execution (not available)")
            return execute_orm_select(self, statement, params, opts, bind_arguments=bind_arguments or None)
        if _is_orm_dml(statement):
            from .bulk import execute_orm_dml

            return execute_orm_dml(self, statement, params, dict(execution_options or {}),
                                   dict(bind_arguments or {}))
        bind = self.get_bind(clause=statement, **(bind_arguments or {}))
        conn = self._connection_for_bind(bind)
        return conn.execute(statement, params, execution_options=execution_options)

    @overload
    def scalars(self, statement: "Select[tuple[_T]]", params: Any = None, *, execution_options: Any = None,
                bind_arguments: Any = None, **kw: Any) -> "ScalarResult[_T]": ...

    @overload
    def scalars(self, statement: Any, params: Any = None, *, execution_options: Any = None,
                bind_arguments: Any = None, **kw: Any) -> "ScalarResult[Any]": ...

    def scalars(self, statement: Any, params: Any = None, *, execution_options: Any = None,
                bind_arguments: Any = None, **kw: Any) -> Any:
        """``execute(...).scalars()``: e.g. ``session.scalars(select(User)).all()``."""
        return self.execute(statement, params, execution_options=execution_options,
                            bind_arguments=bind_arguments).scalars()

    @overload
    def scalar(self, statement: "Select[tuple[_T]]", params: Any = None, *, execution_options: Any = None,
               bind_arguments: Any = None, **kw: Any) -> Optional[_T]: ...

    @overload
    def scalar(self, statement: Any, params: Any = None, *, execution_options: Any = None,
               bind_arguments: Any = None, **kw: Any) -> Any: ...

    def scalar(self, statement: Any, params: Any = None, *, execution_options: Any = None,
               bind_arguments: Any = None, **kw: Any) -> Any:
        """``execute(...).scalar()``."""
        return self.execute(statement, params, execution_options=execution_options,
                            bind_arguments=bind_arguments).scalar()

    def query(self, *entities: Any, **kw: Any) -> Any:
        """A legacy ``Query`` for the entities."""
        from .query import Query

        cls = self._query_cls or Query
        return cls(entities, self, **kw)

    @overload
    def get(self, entity: type[_O], ident: Any, *, options: Any = None, populate_existing: bool = False,
            with_for_update: Any = None, identity_token: Any = None, execution_options: Any = None,
            bind_arguments: Any = None) -> Optional[_O]: ...

    @overload
    def get(self, entity: Any, ident: Any, *, options: Any = None, populate_existing: bool = False,
            with_for_update: Any = None, identity_token: Any = None, execution_options: Any = None,
            bind_arguments: Any = None) -> Any: ...

    def get(self, entity: Any, ident: Any, *, options: Any = None, populate_existing: bool = False,
            with_for_update: Any = None, identity_token: Any = None, execution_options: Any = None,
            bind_arguments: Any = None) -> Any:
        """The object with this primary key: from the identity map when present, else loaded
        (None when no row exists).

        Example::

            user = session.get(User, 5)
            line = session.get(OrderLine, (order_id, 2))       # composite key
        """
        if not options and not populate_existing and with_for_update is None and identity_token is None \
                and isinstance(entity, type) and not isinstance(ident, (tuple, list, dict)):
            # the common case, first: ``session.get(User, 5)`` answered by the identity map
            m = entity.__dict__.get("__mapper__")
            if m is not None and m.configured and len(m.primary_key) == 1:
                st = self._identity_map._dict.get((m._identity_class, (ident,), None))
                obj = None if st is None else st.obj()
                if obj is not None:
                    if not st.expired_attributes and not st._deleted and st not in self._deleted \
                            and isinstance(obj, entity):
                        return obj
        mapper = _require_mapper(entity)
        pk = _pk_tuple(mapper, ident)
        key = mapper.identity_key_from_primary_key(pk, identity_token)
        if not populate_existing and with_for_update is None and not options:
            obj = self._identity_map.get(key)
            if obj is not None:
                st = obj.__dict__[STATE_KEY]
                if st._deleted or st in self._deleted:
                    return None
                if not isinstance(obj, mapper.class_):
                    return None
                if st.expired_attributes:
                    try:
                        self._load_attributes(st, set(st.expired_attributes))
                    except exc.ObjectDeletedError:
                        return None
                return obj
        if None in pk:
            return None
        load = _read_side("loading", "load_on_pk_identity")
        if load is None:
            raise exc.InvalidRequestError("Session.get() of an object not in the identity map needs "
                                          "orm.session.loading (not available)")
        self._autoflush()
        return load(self, mapper, pk, options=options, populate_existing=populate_existing,
                    with_for_update=with_for_update, identity_token=identity_token,
                    execution_options=execution_options)

    @overload
    def get_one(self, entity: type[_O], ident: Any, **kw: Any) -> _O: ...

    @overload
    def get_one(self, entity: Any, ident: Any, **kw: Any) -> Any: ...

    def get_one(self, entity: Any, ident: Any, **kw: Any) -> Any:
        """Like ``get()``, raising ``NoResultFound`` when there is no such row."""
        obj = self.get(entity, ident, **kw)
        if obj is None:
            raise exc.NoResultFound("No row was found when one was required")
        return obj

    # -- bulk ----------------------------------------------------------------------------------------
    def bulk_insert_mappings(self, mapper: Any, mappings: Iterable[dict[str, Any]], return_defaults: bool = False,
                             render_nulls: bool = False) -> None:
        """INSERT rows from dictionaries keyed by attribute name (executemany; no objects).

        Example::

            session.bulk_insert_mappings(User, [{"name": "a"}, {"name": "b"}])
        """
        from .bulk import bulk_insert

        m = _require_mapper(mapper)
        bulk_insert(self, m, list(mappings) if return_defaults else [dict(x) for x in mappings],
                    return_defaults=return_defaults, render_nulls=render_nulls)

    def bulk_update_mappings(self, mapper: Any, mappings: Iterable[dict[str, Any]]) -> None:
        """UPDATE rows by primary key from dictionaries keyed by attribute name.

        Example::

            session.bulk_update_mappings(User, [{"id": 1, "name": "x"}, {"id": 2, "name": "y"}])
        """
        from .bulk import bulk_update

        bulk_update(self, _require_mapper(mapper), [dict(x) for x in mappings])

    def bulk_save_objects(self, objects: Iterable[Any], return_defaults: bool = False,
                          update_changed_only: bool = True, preserve_order: bool = True) -> None:
        """INSERT/UPDATE objects with executemany, bypassing the unit of work (the objects are not
        added to the Session)."""
        from .bulk import bulk_save_objects

        bulk_save_objects(self, objects, return_defaults, update_changed_only, preserve_order)

    def merge(self, instance: Any, *, load: bool = True, options: Any = None) -> Any:
        """Copy the state of ``instance`` onto the persistent object with the same identity
        (loaded or found in the identity map; a new pending one when there is none) and return it.
        ``merge`` cascades follow."""
        from .merge import merge

        return merge(self, instance, load=load, options=options)

    # -- flush -------------------------------------------------------------------------------------
    def _is_clean(self) -> bool:
        return not self._new and not self._deleted and not self._identity_map._modified

    def flush(self, objects: Optional[Iterable[Any]] = None) -> None:
        """Write pending changes (INSERT/UPDATE/DELETE in dependency order) in the current
        transaction.  On failure the transaction is rolled back and the Session restored; call
        ``rollback()`` before using it again."""
        if self._flushing:
            raise exc.InvalidRequestError("Session is already flushing")
        if self._is_clean():
            return
        self._flushing = True
        try:
            flush(self, objects)
        finally:
            self._flushing = False

    # -- introspection -----------------------------------------------------------------------------
    @property
    def identity_map(self) -> IdentityMap:
        return self._identity_map

    @property
    def new(self) -> IdentitySet:
        """Pending objects (added, not flushed)."""
        return IdentitySet(self._new.values())

    @property
    def deleted(self) -> IdentitySet:
        """Objects marked for deletion (not flushed)."""
        return IdentitySet(self._deleted.values())

    @property
    def dirty(self) -> IdentitySet:
        """Persistent objects with attribute changes recorded (use ``is_modified()`` for net
        changes)."""
        return IdentitySet(st.obj() for st in self._identity_map._modified
                           if st.obj() is not None and st not in self._deleted)

    def is_modified(self, instance: Any, include_collections: bool = True) -> bool:
        """True if the object has net changes to flush (collections included by default)."""
        state = _instance_state(instance)
        for key, prop in state.mapper._props.items():
            if getattr(prop, "is_relationship", False):
                if prop.uselist and not include_collections:
                    continue
            elif not getattr(prop, "is_column", False):
                continue
            if state._history(key).has_changes():
                return True
        return False

    def __contains__(self, instance: Any) -> bool:
        try:
            state = _instance_state(instance)
        except exc.UnmappedInstanceError:
            raise exc.UnmappedInstanceError(instance) from None
        return state in self._new or self._identity_map.contains_state(state)

    def __iter__(self) -> Iterator[Any]:
        return iter(list(self._new.values()) + self._identity_map.values())

    def __repr__(self) -> str:
        return f"<orm.Session object at 0x{id(self):x}>"

    # used by make_transient() and friends
    def _forget_state(self, state: InstanceState) -> None:
        self._expunge_states([state])


from .lifecycle import (  # noqa: E402 - they use Session
    close_all_sessions,
    make_transient,
    make_transient_to_detached,
    object_session,
)
from .maker import sessionmaker  # noqa: E402

__all__ = ["Session", "sessionmaker", "SessionTransaction", "object_session", "make_transient",
           "make_transient_to_detached", "close_all_sessions", "IdentitySet", "UnboundExecutionError",
           "NO_VALUE", "_TxState"]
