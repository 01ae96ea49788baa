"""``WriteOnlyMapped[T]`` / ``DynamicMapped[T]``: annotations that make a relationship load as a
write-only collection (``lazy="write_only"``) or a dynamic query (``lazy="dynamic"``).

Example::

    class User(Base):
        __tablename__ = "users"
        id: Mapped[int] = mapped_column(primary_key=True)
        posts: WriteOnlyMapped["Post"] = relationship()      # user.posts.add(...), .select()
        notes: DynamicMapped["Note"] = relationship()        # user.notes.filter(...).all()
"""
from __future__ import annotations

from typing import TypeVar

from .base import Mapped

_T = TypeVar("_T")

__all__ = ["WriteOnlyMapped", "DynamicMapped"]


class WriteOnlyMapped(Mapped[_T]):
    """``Mapped`` for a relationship that is never loaded as a whole: ``lazy="write_only"``."""

    __slots__ = ()
    _orm_lazy = "write_only"  # read by declarative when the relationship keeps the default lazy


class DynamicMapped(Mapped[_T]):
    """``Mapped`` for a legacy dynamic relationship (a query per access): ``lazy="dynamic"``."""

    __slots__ = ()
    _orm_lazy = "dynamic"
