"""``sqlalchemy.orm.strategy_options``: loader options and :class:`Load`.

Example::

    from orm.orm.strategy_options import Load, selectinload
"""
from __future__ import annotations

from orm.session.strategy_options import (
    Load,
    contains_eager,
    defaultload,
    defer,
    immediateload,
    joinedload,
    lazyload,
    load_only,
    noload,
    raiseload,
    selectin_polymorphic,
    selectinload,
    subqueryload,
    undefer,
    undefer_group,
    with_expression,
)

__all__ = [
    "Load", "contains_eager", "defaultload", "defer", "immediateload", "joinedload", "lazyload", "load_only",
    "noload", "raiseload", "selectin_polymorphic", "selectinload", "subqueryload", "undefer", "undefer_group",
    "with_expression",
]
