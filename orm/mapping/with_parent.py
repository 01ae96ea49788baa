"""``with_parent(instance, Parent.children)``: the WHERE criterion that selects what a
relationship of one object holds, with that object's column values bound, for queries written by
hand (``select(Address).where(with_parent(user, User.addresses))``).

It is the lazy loader's criterion (``orm.session.strategies``): the parent-side columns of the join
condition become bound parameters; a many-to-many's association table is aliased, as in
SQLAlchemy, so it can't collide with the same table elsewhere in the statement.
"""
from __future__ import annotations

from typing import Any

from orm import exc

__all__ = ["with_parent"]


def with_parent(instance: Any, prop: Any, from_entity: Any = None) -> Any:
    """Criterion for the rows ``prop`` of ``instance`` refers to.

    ``prop`` is a relationship attribute (``User.addresses``); ``from_entity`` an alias of the
    target to express the criterion against.

    Example::

        stmt = select(Address).where(with_parent(some_user, User.addresses))
        # WHERE :param_1 = addresses.user_id    ({'param_1': some_user.id})
    """
    from orm.sql.literals import BindParameter

    from .adapt import ColumnAdapter, replace
    from .base import _mapper_of
    from .mapper import _instance_state

    rel = getattr(prop, "property", None)
    if rel is None or not getattr(rel, "is_relationship", False):
        raise exc.ArgumentError(f"with_parent() takes a relationship attribute such as User.addresses, got {prop!r}")
    rel.parent._check_configure()
    state = _instance_state(instance)
    if not any(m is rel.parent for m in state.mapper.iterate_to_root()):
        raise exc.InvalidRequestError(
            f"with_parent(): {type(instance).__name__} is not a {rel.parent.class_.__name__}, the parent of {prop}"
        )
    from orm.session.strategies import _equality_pairs, _is_local, _ordered

    local_cols: list[Any] = []
    for a, b in _equality_pairs(rel.primaryjoin):
        for c in (a, b):
            if _is_local(rel, c) and not any(c is x for x in local_cols):
                local_cols.append(c)
    if not local_cols:
        local_cols = list(rel.local_columns)
    parent = _mapper_of(type(instance)) or rel.parent
    binds: dict[int, Any] = {}
    for col in _ordered(rel.primaryjoin, local_cols):
        key = parent._columntoproperty[col].key
        binds[id(col)] = BindParameter("param", getattr(instance, key), type_=col.type, unique=True)
    crit = replace(rel.primaryjoin, lambda n: binds.get(id(n)))
    if rel.secondaryjoin is not None:
        from orm.sql import and_

        crit = and_(crit, rel.secondaryjoin)
        alias = ColumnAdapter(rel.secondary.alias())
        crit = alias.traverse(crit)
    if from_entity is not None:
        from orm.inspection import inspect

        insp = inspect(from_entity)
        sel = getattr(insp, "selectable", None)
        if sel is not None and sel is not rel.mapper.persist_selectable:
            crit = ColumnAdapter(sel).traverse(crit)
    return crit
