"""``sqlalchemy.orm.query``: the legacy :class:`Query`.

Example::

    from orm.orm.query import Query

    q: Query[User] = session.query(User).filter_by(name="ed")
"""
from __future__ import annotations

from orm.mapping.util import AliasedClass
from orm.session.from_statement import FromStatement
from orm.session.query import Query

__all__ = ["AliasedClass", "FromStatement", "Query"]
