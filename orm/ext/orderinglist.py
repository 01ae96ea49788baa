"""orm.ext.orderinglist: a relationship list that keeps a position attribute of its members in
step with their index in the list.

Give the relationship ``collection_class=ordering_list("position")`` and an ``order_by`` on that
column (the list trusts the order it was loaded in).  Appending numbers a new member after the
last one; inserting, removing, popping, deleting or assigning an index renumbers the members, so the
next flush writes the new positions.

Example::

    class Slide(Base):
        __tablename__ = "slide"
        id: Mapped[int] = mapped_column(primary_key=True)
        bullets: Mapped[list["Bullet"]] = relationship(
            order_by="Bullet.position", collection_class=ordering_list("position"))

    class Bullet(Base):
        __tablename__ = "bullet"
        id: Mapped[int] = mapped_column(primary_key=True)
        slide_id: Mapped[int] = mapped_column(ForeignKey("slide.id"))
        position: Mapped[int]

    s = Slide(bullets=[Bullet(), Bullet()])   # positions 0, 1
    s.bullets.insert(0, Bullet())             # positions 0, 1, 2 (the old ones moved down)

Behaviour matched with SQLAlchemy (tests/orm/features/test_ext_orderinglist.py): slice assignment
renumbers every member; a member that
already has a position keeps it on ``append`` (and when the collection is assigned or loaded)
unless ``reorder_on_append=True``; ``sort()`` does not renumber (call ``reorder()``).
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Optional

from orm.exc import ArgumentError
from orm.mapping.collections import InstrumentedList

OrderingFunc = Callable[[int, Any], Any]

__all__ = ["OrderingList", "count_from_0", "count_from_1", "count_from_n_factory", "ordering_list"]


def count_from_0(index: int, collection: object) -> int:
    """Positions 0, 1, 2, ... (the default)."""
    return index


def count_from_1(index: int, collection: object) -> int:
    """Positions 1, 2, 3, ..."""
    return index + 1


def count_from_n_factory(start: int) -> OrderingFunc:
    """An ordering function numbering from ``start``: ``count_from_n_factory(10)`` gives 10, 11, ..."""

    def numbered(index: int, collection: object) -> int:
        return index + start

    numbered.__name__ = f"count_from_{start}"
    return numbered


class OrderingList(InstrumentedList):
    """The instrumented list of a relationship built by :func:`ordering_list`.

    Class attributes (set on the subclass :func:`ordering_list` returns) say which attribute holds
    the position, how an index becomes a position and whether ``append`` renumbers members that
    already have one.  Members are numbered through ``setattr``, so the changes are ordinary
    attribute changes the next flush writes.
    """

    ordering_attr: str = ""
    ordering_func: OrderingFunc = staticmethod(count_from_0)  # type: ignore[assignment]
    reorder_on_append: bool = False

    def __init__(self, items: Iterable[Any] = ()) -> None:
        super().__init__(items)
        # loading goes through ``append`` in SQLAlchemy: members without a position (or all of
        # them with reorder_on_append) are numbered as they arrive
        for index, entity in enumerate(list.__iter__(self)):
            self._order_entity(index, entity, self.reorder_on_append)

    # -- numbering ----------------------------------------------------------------------------------
    def _order_entity(self, index: int, entity: Any, reorder: bool = True) -> None:
        have = getattr(entity, self.ordering_attr)
        if have is not None and not reorder:
            return
        should_be = type(self).ordering_func(index, self)
        if have != should_be:
            setattr(entity, self.ordering_attr, should_be)

    def reorder(self) -> None:
        """Give every member the position of its index (after ``sort()`` or manual changes)."""
        for index, entity in enumerate(list.__iter__(self)):
            self._order_entity(index, entity, True)

    _reorder = reorder

    # -- list operations ----------------------------------------------------------------------------
    def append(self, item: Any) -> None:
        super().append(item)
        self._order_entity(len(self) - 1, list.__getitem__(self, -1), self.reorder_on_append)

    def _raw_append(self, item: Any) -> None:
        """Append without numbering."""
        super().append(item)

    def insert(self, index: Any, item: Any) -> None:
        super().insert(index, item)
        self.reorder()

    def remove(self, item: Any) -> None:
        super().remove(item)
        self.reorder()

    def pop(self, index: Any = -1) -> Any:
        item = super().pop(index)
        self.reorder()
        return item

    def __delitem__(self, index: Any) -> None:
        super().__delitem__(index)
        self.reorder()

    def __setitem__(self, index: Any, value: Any) -> None:
        if isinstance(index, slice):
            # the members move around: SQLAlchemy ends with every member renumbered
            super().__setitem__(index, list(value))
            self.reorder()
            return
        i = range(len(self))[index]  # IndexError as a list gives it
        super().__setitem__(i, value)
        self._order_entity(i, list.__getitem__(self, i), True)

    # -- bulk assignment and the other side of a bidirectional relationship ------------------------
    def _sa_bulk_fill(self, items: list[Any]) -> None:
        """``parent.children = [...]``: each member is appended (numbered if it has no position)."""
        for item in items:
            list.append(self, item)
            self._order_entity(len(self) - 1, item, self.reorder_on_append)

    def _sa_append_from_backref(self, item: Any) -> None:
        super()._sa_append_from_backref(item)
        self._order_entity(len(self) - 1, list.__getitem__(self, -1), self.reorder_on_append)

    def _sa_remove_from_backref(self, item: Any) -> None:
        super()._sa_remove_from_backref(item)
        self.reorder()


def ordering_list(attr: str, count_from: Optional[int] = None, ordering_func: Optional[OrderingFunc] = None,
                  reorder_on_append: bool = False) -> type[OrderingList]:
    """The ``collection_class`` of a relationship whose members' ``attr`` is their list position.

    ``count_from`` numbers from that integer (0 by default); ``ordering_func(index, collection)``
    computes any other position value and wins over ``count_from``; ``reorder_on_append=True``
    renumbers members that already have a position when they are appended or loaded.

    Example::

        bullets = relationship(Bullet, order_by=Bullet.position,
                               collection_class=ordering_list("position", count_from=1))
    """
    if not isinstance(attr, str) or not attr:
        raise ArgumentError(f"ordering_list() needs the name of the position attribute, got {attr!r}")
    if ordering_func is None:
        if count_from is None or count_from == 0:
            ordering_func = count_from_0
        elif count_from == 1:
            ordering_func = count_from_1
        elif isinstance(count_from, int):
            ordering_func = count_from_n_factory(count_from)
        else:
            raise ArgumentError(f"ordering_list(count_from=) takes an integer, got {count_from!r}")
    elif not callable(ordering_func):
        raise ArgumentError(f"ordering_list(ordering_func=) takes a function (index, collection), "
                            f"got {ordering_func!r}")
    return type("OrderingList", (OrderingList,), {
        "ordering_attr": attr, "ordering_func": staticmethod(ordering_func),
        "reorder_on_append": bool(reorder_on_append), "__module__": __name__,
    })
