"""Moving single objects between lifecycle states outside the Session API: ``object_session``,
``make_transient``, ``make_transient_to_detached``, and ``close_all_sessions``."""
from __future__ import annotations

from typing import Any, Optional

from orm import exc
from orm.mapping.state import _sessions

from .session import Session, _instance_state, _state_str


def object_session(instance: Any) -> Optional[Session]:
    """The Session an object belongs to, or None."""
    try:
        state = _instance_state(instance)
    except exc.NoInspectionAvailable:
        raise exc.UnmappedInstanceError(instance) from None
    return state.session  # type: ignore[no-any-return]


def make_transient(instance: Any) -> None:
    """Make an object transient: removed from its Session, identity forgotten (attribute values
    stay; expired ones are dropped)."""
    state = _instance_state(instance)
    sess = state.session
    if sess is not None:
        sess._expunge_states([state])
    state._detach()
    state.key = None
    state._deleted = False
    state._was_deleted = False
    state.committed_state.clear()
    state.expired_attributes.clear()
    state.modified = False


def make_transient_to_detached(instance: Any) -> None:
    """Give a transient object its identity from its primary key attributes, as detached (as if
    it had been loaded and the session closed)."""
    state = _instance_state(instance)
    if state.session_id is not None or state.key is not None:
        raise exc.InvalidRequestError("Given object must be transient")
    mapper = state.mapper
    pk = mapper.primary_key_from_instance(instance)
    if None in pk:
        raise exc.InvalidRequestError(
            f"Instance {_state_str(state)} has a NULL identity key.  If this is an auto-generated "
            "value, check that the database table allows generation of new primary key values, and "
            "that the mapped Column object is configured to expect these generated values."
        )
    state.key = mapper.identity_key_from_primary_key(pk)
    d = instance.__dict__
    for key in mapper._props:
        if key not in d and getattr(mapper._props[key], "is_column", False):
            state.expired_attributes.add(key)
    state.committed_state.clear()
    state.modified = False


def close_all_sessions() -> None:
    """Close every Session in memory."""
    for sess in list(_sessions.values()):
        sess.close()


__all__ = ["object_session", "make_transient", "make_transient_to_detached", "close_all_sessions"]
