"""Putting objects into a Session and taking them out: ``add``, ``add_all``, ``delete``,
``expunge``, ``expunge_all``, and the loaders' ``_register_loaded`` -- the moves between the
lifecycle states transient, pending, persistent, deleted and detached that the Session makes
(with their ``save-update`` / ``delete`` / ``expunge`` cascades and session events).

Example::

    session.add(user)          # transient -> pending (INSERT at the next flush)
    session.delete(order)      # persistent -> deleted at the next flush
    session.expunge(user)      # -> detached
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from orm import exc
from orm.mapping.base import STATE_KEY
from orm.mapping.state import InstanceState, _sessions

from . import cascade as _cascade
from .base import _instance_state, _state_str


class SessionObjects:
    """The object-membership methods of :class:`~orm.session.session.Session` (a base class of it)."""

    hash_key: int
    _new: dict[InstanceState, Any]
    _deleted: dict[InstanceState, Any]
    _transaction: Any
    _insert_seq: int
    _identity_map: Any

    if TYPE_CHECKING:  # provided by Session
        def _autobegin_t(self) -> Any: ...
        def _dispatch_obj(self) -> Any: ...
        def _has_listeners(self, name: str) -> bool: ...
        def _dispatch_event(self, name: str, *args: Any) -> None: ...
        def _dispatch_event_state(self, name: str, st: InstanceState) -> None: ...

    def add(self, instance: Any, _warn: bool = True) -> None:
        """Place an object in the Session: a new one is INSERTed at the next flush, a detached one
        is re-attached.  Related objects follow along ``save-update`` cascades."""
        state = _instance_state(instance)
        self._save_or_update_state(state)

    def add_all(self, instances: Iterable[Any]) -> None:
        """``add()`` each object."""
        if self._transaction is None:
            self._autobegin_t()
        d = self._dispatch_obj()
        quiet = not (d.before_attach or d.after_attach or d.transient_to_pending)
        cascades: dict[Any, bool] = {}
        sid = self.hash_key
        new = self._new
        for instance in instances:
            state = _instance_state(instance)
            if quiet and state.key is None and state.session_id is None:
                # the common case, inlined: a transient object becomes pending
                self._insert_seq += 1
                state.insert_order = self._insert_seq
                state.session_id = sid
                new[state] = instance
            else:
                self._save_or_update_impl(state)
            mapper = state.mapper
            has = cascades.get(mapper)
            if has is None:
                has = cascades[mapper] = _cascade.has_cascades(mapper, "save-update")
            if has:
                for st in _cascade.cascade_states(state, "save-update"):
                    self._save_or_update_impl(st)

    def _save_or_update_state(self, state: InstanceState) -> None:
        if self._transaction is None:
            self._autobegin_t()
        self._save_or_update_impl(state)
        if _cascade.has_cascades(state.mapper, "save-update"):
            for st in _cascade.cascade_states(state, "save-update"):
                self._save_or_update_impl(st)

    def _save_or_update_impl(self, state: InstanceState) -> None:
        if state.key is None:
            self._save_impl(state)
        else:
            self._update_impl(state)

    def _check_other_session(self, state: InstanceState) -> None:
        sid = state.session_id
        if sid is not None and sid != self.hash_key and sid in _sessions:
            raise exc.InvalidRequestError(
                f"Object '{_state_str(state)}' is already attached to session '{sid}' "
                f"(this is '{self.hash_key}')"
            )

    def _save_impl(self, state: InstanceState) -> None:
        if state.session_id == self.hash_key and state in self._new:
            return
        if state.session_id is not None:
            self._check_other_session(state)
        obj = state.obj()
        d = self._dispatch_obj()
        for fn in d.before_attach:
            fn(self, obj)
        self._insert_seq += 1
        state.insert_order = self._insert_seq
        state.session_id = self.hash_key
        self._new[state] = obj
        for fn in d.after_attach:
            fn(self, obj)
        for fn in d.transient_to_pending:
            fn(self, obj)

    def _update_impl(self, state: InstanceState, revert_deletion: bool = False) -> None:
        if state._deleted:
            if revert_deletion:
                state._deleted = False
            else:
                raise exc.InvalidRequestError(
                    f"Instance '{_state_str(state)}' has been deleted.  Use the make_transient() function "
                    "to send this object back to the transient state."
                )
        if state.session_id == self.hash_key:
            self._deleted.pop(state, None)
            return
        self._check_other_session(state)
        obj = state.obj()
        if self._has_listeners("before_attach"):
            self._dispatch_event("before_attach", self, obj)
        self._identity_map.add(state)
        state.session_id = self.hash_key
        if state.committed_state:
            state.modified = True
            self._identity_map._modified.add(state)
        if self._has_listeners("after_attach"):
            self._dispatch_event("after_attach", self, obj)

    def _register_loaded(self, state: InstanceState) -> None:
        """Loader hook: a persistent object just loaded into this Session (key already set)."""
        state.session_id = self.hash_key
        self._identity_map.add(state)

    def delete(self, instance: Any) -> None:
        """Mark a persistent object for deletion at the next flush; ``delete`` cascades follow
        (loading unloaded collections unless ``passive_deletes``)."""
        state = _instance_state(instance)
        if state.key is None:
            raise exc.InvalidRequestError(f"Instance '{_state_str(state)}' is not persisted")
        # collect the cascade first: loading collections may autoflush, which must not see the
        # object as deleted yet
        if self._transaction is None:
            self._autobegin_t()
        cascaded = list(_cascade.cascade_states(state, "delete", load=True))
        self._delete_impl(state, instance, head=True)
        for st in cascaded:
            self._delete_impl(st, st.obj(), head=False)

    def _delete_impl(self, state: InstanceState, obj: Any, head: bool) -> None:
        if state.key is None:
            if head:
                raise exc.InvalidRequestError(f"Instance '{_state_str(state)}' is not persisted")
            return
        if state._deleted:
            return
        if state.session_id != self.hash_key:
            self._check_other_session(state)
            existing = self._identity_map.get(state.key)
            if existing is not None and existing is not obj:
                raise exc.InvalidRequestError(
                    f"Can't attach instance {_state_str(state)}; another instance with key {state.key!r} "
                    "is already present in this session."
                )
            self._identity_map.add(state)
            state.session_id = self.hash_key
        if state in self._deleted:
            return
        self._deleted[state] = obj
        if self._has_listeners("persistent_to_deleted"):
            pass  # fired when the DELETE is flushed

    def expunge(self, instance: Any) -> None:
        """Remove an object (and its ``expunge`` cascades) from the Session."""
        state = _instance_state(instance)
        if state.session_id != self.hash_key:
            raise exc.InvalidRequestError(f"Instance {_state_str(state)} is not present in this Session")
        states = [state] + list(_cascade.cascade_states(state, "expunge"))
        self._expunge_states(states)

    def _expunge_states(self, states: Iterable[InstanceState], to_transient: bool = False) -> None:
        imap = self._identity_map
        for st in states:
            if st.session_id != self.hash_key:
                continue
            was_pending = st in self._new
            self._new.pop(st, None)
            self._deleted.pop(st, None)
            imap.discard(st)
            t = self._transaction
            while t is not None:
                t._new.pop(st, None)
                t._deleted.pop(st, None)
                t._dirty.pop(st, None)
                t = t._parent
            st._detach()
            if to_transient and st.key is not None:
                st.key = None
                st._deleted = False
            if was_pending:
                self._dispatch_event_state("pending_to_transient", st)
            elif st.key is not None:
                self._dispatch_event_state("persistent_to_detached", st)

    def expunge_all(self) -> None:
        """Remove every object from the Session (they become detached or transient)."""
        for st in list(self._new):
            st._detach()
        for obj in self._identity_map.values():
            st = obj.__dict__.get(STATE_KEY)
            if st is not None:
                st._detach()
        for st in list(self._deleted):
            st._detach()
        self._identity_map.clear()
        self._new.clear()
        self._deleted.clear()
