"""``join()`` / ``outerjoin()`` of ``sqlalchemy.orm``: a JOIN between entities, built outside a
statement, whose ON clause may be a relationship.

Example::

    from orm.orm import join, outerjoin

    j = join(User, Address, User.addresses)          # users JOIN addresses ON users.id = ...
    j = j.outerjoin(Order, Address.orders)           # ... LEFT OUTER JOIN orders ON ...
    select(User).select_from(j)

The left and right sides are mapped classes, aliased entities or Core FROMs; the ON clause is a
relationship attribute (``of_type()`` too), a SQL expression, or omitted (foreign keys decide).
A many-to-many relationship joins through its secondary table, aliased, nested in parentheses for
an outer join, as SQLAlchemy renders it.
"""
from __future__ import annotations

from typing import Any

from orm.sql.elements import and_
from orm.sql.selectable import Join, _join_condition


class ORMJoin(Join):
    """A Join made by ``orm.join()``; ``.join()`` / ``.outerjoin()`` extend it with ORM targets."""

    def join(self, right: Any, onclause: Any = None, isouter: bool = False, full: bool = False,
             **kw: Any) -> "ORMJoin":
        return join(self, right, onclause, isouter=isouter, full=full)

    def outerjoin(self, right: Any, onclause: Any = None, full: bool = False, **kw: Any) -> "ORMJoin":
        return join(self, right, onclause, isouter=True, full=full)


def _from(x: Any) -> Any:
    from orm.sql import coercions

    from .util import entity_of

    ent = entity_of(x)
    if ent is not None:
        return ent.selectable if ent.is_aliased_class else ent._with_polymorphic_selectable
    return coercions.expect_from(x)


def join(left: Any, right: Any, onclause: Any = None, isouter: bool = False, full: bool = False) -> ORMJoin:
    """``left JOIN right ON onclause``, the ON clause a relationship, an expression or inferred.

    Example::

        select(User).select_from(join(User, Address, User.addresses))
    """
    from .joins import join_target_and_onclause

    spec = join_target_and_onclause(left, right, onclause)
    base = _from(left)
    target, on = spec.right, spec.onclause
    if on is None:
        on = _join_condition(base, spec.secondary if spec.secondary is not None else target)
        if spec.extra is not None:
            on = and_(on, spec.extra)  # a single-table subclass: its discriminator too
    if spec.secondary is not None:
        if isouter or full:
            inner = Join(spec.secondary, target, on)
            return ORMJoin(base, inner, spec.secondary_onclause, isouter=isouter, full=full)
        return ORMJoin(Join(base, spec.secondary, spec.secondary_onclause), target, on)
    return ORMJoin(base, target, on, isouter=isouter, full=full)


def outerjoin(left: Any, right: Any, onclause: Any = None, full: bool = False) -> ORMJoin:
    """``left LEFT OUTER JOIN right ON onclause`` (see :func:`join`).

    Example::

        select(User).select_from(outerjoin(User, Address, User.addresses))
    """
    return join(left, right, onclause, isouter=True, full=full)
