"""``sqlalchemy.orm.collections``: collection classes for relationships.

Example::

    from orm.orm.collections import attribute_keyed_dict

    class Item(Base):
        ...
        notes: Mapped[dict[str, "Note"]] = relationship(collection_class=attribute_keyed_dict("keyword"))
"""
from __future__ import annotations

from typing import Any, Callable

from orm.mapping.collections import (
    InstrumentedList,
    InstrumentedSet,
    KeyFuncDict,
    MappedCollection,
    attribute_keyed_dict,
    attribute_mapped_collection,
    column_keyed_dict,
    column_mapped_collection,
    keyfunc_mapping,
    mapped_collection,
)

from .base import NO_KEY

InstrumentedDict = KeyFuncDict


class collection:  # noqa: N801 - SQLAlchemy's name
    """Decorators that label the methods of a custom collection class.

    orm instruments a ``collection_class`` through its list, set or dict base (subclasses of those
    are supported, their decorated methods keep working as plain methods); the labels are recorded
    as ``_sa_instrument_role`` for code that reads them.

    Example::

        class MyList(list):
            @collection.appender
            def add(self, item):
                self.append(item)
    """

    @staticmethod
    def _role(role: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def mark(fn: Callable[..., Any]) -> Callable[..., Any]:
            fn._sa_instrument_role = role  # type: ignore[attr-defined]
            return fn

        return mark

    appender = staticmethod(_role.__func__("appender"))  # type: ignore[attr-defined]
    remover = staticmethod(_role.__func__("remover"))  # type: ignore[attr-defined]
    iterator = staticmethod(_role.__func__("iterator"))  # type: ignore[attr-defined]
    converter = staticmethod(_role.__func__("converter"))  # type: ignore[attr-defined]

    @staticmethod
    def internally_instrumented(fn: Callable[..., Any]) -> Callable[..., Any]:
        fn._sa_instrumented = True  # type: ignore[attr-defined]
        return fn

    @staticmethod
    def adds(arg: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return collection._role(f"adds:{arg}")

    @staticmethod
    def removes(arg: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return collection._role(f"removes:{arg}")

    @staticmethod
    def replaces(arg: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return collection._role(f"replaces:{arg}")

    @staticmethod
    def removes_return() -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return collection._role("removes_return")


__all__ = [
    "InstrumentedDict", "InstrumentedList", "InstrumentedSet", "KeyFuncDict", "MappedCollection", "NO_KEY",
    "attribute_keyed_dict", "attribute_mapped_collection", "collection", "column_keyed_dict",
    "column_mapped_collection", "keyfunc_mapping", "mapped_collection",
]
