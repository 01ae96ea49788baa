"""``sqlalchemy.orm.session``: Session, sessionmaker and the functions on object lifecycle.

Example::

    from orm.orm.session import Session, sessionmaker, object_session, make_transient
"""
from __future__ import annotations

from orm.mapping.base import object_mapper
from orm.mapping.state import InstanceState
from orm.session import (
    IdentityMap,
    IdentitySet,
    ORMExecuteState,
    Session,
    SessionTransaction,
    close_all_sessions,
    make_transient,
    make_transient_to_detached,
    object_session,
    sessionmaker,
)
from orm.session.from_statement import FromStatement
from orm.session.query import Query

from .base import object_state

__all__ = [
    "FromStatement", "IdentityMap", "IdentitySet", "InstanceState", "ORMExecuteState", "Query", "Session",
    "SessionTransaction", "close_all_sessions", "make_transient", "make_transient_to_detached",
    "object_mapper", "object_session", "object_state", "sessionmaker",
]
