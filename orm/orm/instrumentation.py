"""``ClassManager``: what the ORM knows about one instrumented class, seen as a mapping
attribute name -> instrumented attribute.

Example::

    from orm.orm.attributes import manager_of_class

    manager = manager_of_class(User)
    manager["name"]          # User.name
    manager.mapper is inspect(User)
"""
from __future__ import annotations

from typing import Any, Iterator

from orm.exc import UnmappedClassError


class ClassManager:
    """A read-only view over a mapped class's instrumented attributes and its mapper."""

    def __init__(self, mapper: Any) -> None:
        self.mapper = mapper
        self.class_ = mapper.class_

    @classmethod
    def of(cls, class_: Any) -> "ClassManager":
        mapper = getattr(class_, "__mapper__", None) if isinstance(class_, type) else None
        if mapper is None or mapper.class_ is not class_:
            raise UnmappedClassError(class_)
        return cls(mapper)

    @property
    def is_mapped(self) -> bool:
        return True

    def _keys(self) -> list[str]:
        return list(self.mapper.attrs.keys())

    def __getitem__(self, key: str) -> Any:
        if key not in self._keys():
            raise KeyError(key)
        return getattr(self.class_, key)

    def __contains__(self, key: object) -> bool:
        return key in self._keys()

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys())

    def keys(self) -> list[str]:
        return self._keys()

    def values(self) -> list[Any]:
        return [getattr(self.class_, k) for k in self._keys()]

    def items(self) -> list[tuple[str, Any]]:
        return [(k, getattr(self.class_, k)) for k in self._keys()]

    def new_instance(self) -> Any:
        """An instance created without calling ``__init__`` (as the ORM does for loaded rows)."""
        from orm.mapping.state import instance_state

        obj = self.class_.__new__(self.class_)
        instance_state(obj)
        return obj

    def has_state(self, instance: Any) -> bool:
        from orm.mapping.base import STATE_KEY

        return STATE_KEY in getattr(instance, "__dict__", {})

    def __repr__(self) -> str:
        return f"<ClassManager of {self.class_.__name__}>"


__all__ = ["ClassManager"]
