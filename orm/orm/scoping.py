"""``sqlalchemy.orm.scoping``: :class:`scoped_session`.

Example::

    from orm.orm.scoping import scoped_session

    Session = scoped_session(sessionmaker(bind=engine))
"""
from __future__ import annotations

from orm.session.scoping import scoped_session
from orm.session.session import Session

ScopedSession = scoped_session

__all__ = ["ScopedSession", "Session", "scoped_session"]
