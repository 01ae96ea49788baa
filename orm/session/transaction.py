"""``SessionTransaction``: the Session's view of a database transaction (and of SAVEPOINTs).

One root transaction spans every connection the Session uses (one per bind); ``begin_nested()``
stacks a child that holds a SAVEPOINT on each of them.  Each transaction remembers what its flushes
did to objects (inserted, deleted, updated) so that a rollback can put the Session back: objects
inserted become transient again, deleted ones persistent again, and loaded ones expire.
"""
from __future__ import annotations

import enum
from typing import Any, Optional

from orm import exc
from orm.engine import Connection


class _TxState(enum.Enum):
    ACTIVE = 1
    DEACTIVE = 2      # rolled back underneath (a flush failed): needs an explicit rollback()
    COMMITTED = 3
    CLOSED = 4


class SessionTransaction:
    """A Session-level transaction; ``session.begin()`` / ``begin_nested()`` return one.

    Example::

        with session.begin():            # commits at the end, rolls back on an exception
            session.add(user)

        with session.begin_nested():     # SAVEPOINT; rolled back alone on an exception
            session.add(risky)
    """

    def __init__(self, session: Any, parent: Optional["SessionTransaction"] = None, nested: bool = False,
                 explicit: bool = False) -> None:
        self.session = session
        self._parent = parent
        self.nested = nested
        self._explicit = explicit
        self._state = _TxState.ACTIVE
        self._rollback_exception: Optional[BaseException] = None
        # bind -> (connection, Transaction or None, should_commit, close_connection)
        self._connections: dict[Any, tuple[Any, Any, bool, bool]] = {}
        # objects this transaction's flushes touched: state -> object
        self._new: dict[Any, Any] = {}
        self._deleted: dict[Any, Any] = {}
        self._dirty: dict[Any, Any] = {}
        self._key_switches: dict[Any, tuple[Any, Any]] = {}
        if parent is not None and nested:
            for bind in list(parent._all_binds()):
                self._connection_for_bind(bind)
        session._dispatch_event("after_transaction_create", session, self)

    # -- introspection ------------------------------------------------------------------------------
    @property
    def parent(self) -> Optional["SessionTransaction"]:
        return self._parent

    @property
    def is_active(self) -> bool:
        return self._state is _TxState.ACTIVE

    @property
    def origin(self) -> "SessionTransaction":
        t = self
        while t._parent is not None:
            t = t._parent
        return t

    def _root(self) -> "SessionTransaction":
        return self.origin

    def _all_binds(self) -> list[Any]:
        return list(self._root()._connections)

    def _assert_active(self) -> None:
        if self._state is _TxState.ACTIVE:
            return
        if self._state is _TxState.DEACTIVE:
            if self._rollback_exception is not None:
                raise exc.PendingRollbackError(
                    "This Session's transaction has been rolled back due to a previous exception "
                    "during flush. To begin a new transaction with this Session, first issue "
                    f"Session.rollback(). Original exception was: {self._rollback_exception}"
                )
            raise exc.PendingRollbackError(
                "This session is in 'inactive' state, due to the SQL transaction being rolled back; "
                "no further SQL can be emitted within this transaction."
            )
        raise exc.ResourceClosedError("This transaction is closed")

    # -- connections --------------------------------------------------------------------------------
    def _connection_for_bind(self, bind: Any, execution_options: Any = None) -> Any:
        entry = self._connections.get(bind)
        if entry is not None:
            self._assert_active()
            conn = entry[0]
            if execution_options:
                conn = conn.execution_options(**execution_options)
            return conn
        self._assert_active()
        if self._parent is not None:
            conn = self._parent._connection_for_bind(bind)
            trans = conn.begin_nested() if self.nested else None
            self._connections[bind] = (conn, trans, self.nested, False)
            return conn
        if isinstance(bind, Connection):
            conn = bind
            if conn.in_nested_transaction():
                trans, should_commit = conn.begin_nested(), True
            elif conn.in_transaction():
                # joined an external transaction: the Session never commits it, a rollback() of
                # the Session rolls it back ("conservative_savepoint" of SQLAlchemy 2.0)
                trans, should_commit = conn.get_transaction(), False
            else:
                trans, should_commit = conn.begin(), True
            close = False
        else:
            conn = bind.connect()
            try:
                trans = conn.begin()
            except BaseException:
                conn.close()
                raise
            should_commit, close = True, True
        self._connections[bind] = (conn, trans, should_commit, close)
        self.session._dispatch_event("after_begin", self.session, self, conn)
        if execution_options:
            conn = conn.execution_options(**execution_options)
        return conn

    # -- ending -------------------------------------------------------------------------------------
    def commit(self) -> None:
        """Flush, then commit this transaction (RELEASE SAVEPOINT for a nested one)."""
        session = self.session
        self._assert_active()
        if self._parent is None:
            session._dispatch_event("before_commit", session)
        # a before_flush/after_flush hook may add more work; bounded as in SQLAlchemy
        for _ in range(100):
            if session._is_clean():
                break
            session.flush()
        else:
            raise exc.FlushError("Over 100 subsequent flushes have occurred within session.commit() - is an "
                                 "after_flush() hook creating new objects?")
        if self._parent is None or self.nested:
            for conn, trans, should_commit, _close in list(self._connections.values()):
                if trans is not None and should_commit and trans.is_active:
                    trans.commit()
        self._state = _TxState.COMMITTED
        if self._parent is None:
            session._dispatch_event("after_commit", session)
            _after_root_commit(session, self)
        else:
            self._merge_into_parent()
        self._close()

    def rollback(self, _capture_exception: Optional[BaseException] = None) -> None:
        """Roll back this transaction (to its SAVEPOINT when nested) and restore the Session."""
        session = self.session
        if self._state is _TxState.CLOSED:
            return
        if self._state is _TxState.ACTIVE or self._state is _TxState.DEACTIVE:
            rollback_error = None
            for conn, trans, should_commit, _close in list(self._connections.values()):
                if self._parent is not None and not self.nested:
                    continue
                try:
                    if trans is not None and trans.is_active:
                        trans.rollback()
                    elif trans is None and self._parent is None and conn.in_transaction():
                        conn.rollback()
                except BaseException as err:  # keep restoring the Session; re-raise afterwards
                    rollback_error = err
            if self._state is _TxState.ACTIVE:
                _restore_session(session, self)
            self._state = _TxState.DEACTIVE
            if _capture_exception is not None:
                self._rollback_exception = _capture_exception
                return  # the session stays in "needs rollback()" (root) / nested "rolled back"
            session._dispatch_event("after_rollback", session)
            if rollback_error is not None:
                self._close()
                raise rollback_error
        self._close()

    def _close(self) -> None:
        if self._state is _TxState.CLOSED:
            return
        session = self.session
        if self._parent is None or self.nested:
            for conn, trans, _should_commit, close in list(self._connections.values()):
                if close:
                    conn.close()
        self._connections.clear()
        self._state = _TxState.CLOSED
        if session._transaction is self:
            session._transaction = self._parent
        session._dispatch_event("after_transaction_end", session, self)

    def close(self) -> None:
        """End without committing: roll back what is active and release connections."""
        if self._state is _TxState.CLOSED:
            return
        if self._state is _TxState.ACTIVE and (self._parent is None or self.nested):
            for conn, trans, should_commit, _close in list(self._connections.values()):
                if trans is not None and should_commit and trans.is_active:
                    try:
                        trans.rollback()
                    except Exception:
                        pass
        self._close()

    def _merge_into_parent(self) -> None:
        parent = self._parent
        assert parent is not None
        parent._new.update(self._new)
        parent._deleted.update(self._deleted)
        parent._dirty.update(self._dirty)
        for st, keys in self._key_switches.items():
            if st in parent._key_switches:
                parent._key_switches[st] = (parent._key_switches[st][0], keys[1])
            else:
                parent._key_switches[st] = keys

    # -- context manager ----------------------------------------------------------------------------
    def __enter__(self) -> "SessionTransaction":
        return self

    def __exit__(self, exc_type: Any, exc_value: Any, tb: Any) -> None:
        if self._state is _TxState.CLOSED:
            return
        if exc_type is None:
            if self._state is _TxState.DEACTIVE:
                # rolled back underneath (e.g. a failed flush inside the block)
                self.rollback()
                return
            try:
                self.commit()
            except BaseException:
                if self._state is not _TxState.CLOSED:
                    self.rollback()
                raise
        else:
            self.rollback()

    def __repr__(self) -> str:
        kind = "nested " if self.nested else ""
        return f"<SessionTransaction {kind}{self._state.name.lower()} at 0x{id(self):x}>"


# -- what a transaction's end does to the Session's objects ------------------------------------------

def _restore_session(session: Any, tx: SessionTransaction) -> None:
    """After a rollback: objects this transaction inserted become transient again, those it
    deleted persistent again, keys it changed go back; loaded objects expire (a SAVEPOINT's
    rollback: only those it changed)."""
    imap = session._identity_map
    for st in list(tx._new) + list(session._new):
        session._expunge_states([st], to_transient=True)
    for st, (old_key, _new_key) in tx._key_switches.items():
        imap.discard(st)
        st.key = old_key
        if st.session_id == session.hash_key and st.obj() is not None:
            imap.replace(st)
    for st in list(tx._deleted) + list(session._deleted):
        if st.obj() is None:
            continue
        st._deleted = False
        session._deleted.pop(st, None)
        st.session_id = session.hash_key
        imap.replace(st)
    for st in imap.all_states():
        if not tx.nested or st.modified or st in tx._dirty:
            st._expire()


def _after_root_commit(session: Any, tx: SessionTransaction) -> None:
    """After the outermost commit: deleted objects become detached; everything expires unless
    ``expire_on_commit=False``."""
    for st in list(tx._deleted):
        st._deleted = False
        st._was_deleted = True
        st._detach()
        session._dispatch_event_state("deleted_to_detached", st)
    if session.expire_on_commit:
        for st in session._identity_map.all_states():
            st._expire()
