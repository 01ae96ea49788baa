"""``orm.ext.mutable``: values changed in place (a JSON dict, a list) that mark their owner dirty.

The unit of work sees a change when an attribute is *assigned*; ``user.data["k"] = 1`` changes the
dict but assigns nothing.  A ``Mutable`` value remembers the objects (and attribute keys) holding it
and, on each in-place change, calls ``flag_modified`` on them, so the next flush writes an UPDATE.

Plain values become mutable ones where they enter an object: when a row is loaded or refreshed, and
when a value is assigned (``coerce``).  ``as_mutable(type)`` does this for the columns declared
with that type object; ``associate_with(type_class)`` for every column of that type class.

Example::

    from orm.ext.mutable import MutableDict

    class Doc(Base):
        __tablename__ = "docs"
        id = Column(Integer, primary_key=True)
        data = Column(MutableDict.as_mutable(JSON))

    doc = session.get(Doc, 1)
    doc.data["title"] = "new"      # doc is now in session.dirty
    session.commit()               # UPDATE docs SET data=? WHERE docs.id = ?
"""
from __future__ import annotations

import weakref
from typing import Any, Iterable, Optional, TypeVar

from orm import event
from orm.session.attributes_api import flag_modified

__all__ = ["Mutable", "MutableBase", "MutableDict", "MutableList", "MutableSet"]

_T = TypeVar("_T")


class MutableBase:
    """What every mutable value shares: its parents and how plain values are converted."""

    @property
    def _parents(self) -> "weakref.WeakKeyDictionary[Any, str]":
        """The objects holding this value -> the attribute key they hold it under (weakly: the
        value must not keep its owners alive)."""
        parents = self.__dict__.get("_parents_map") if hasattr(self, "__dict__") else None
        if parents is None:
            parents = weakref.WeakKeyDictionary()
            object.__setattr__(self, "_parents_map", parents)
        return parents

    @classmethod
    def coerce(cls, key: str, value: Any) -> Any:
        """Convert a plain value assigned to (or loaded into) attribute ``key``; subclasses accept
        their plain counterpart.  None stays None; anything else is refused."""
        if value is None:
            return None
        raise ValueError(f"Attribute '{key}' does not accept objects of type {type(value)}")

    @classmethod
    def _listen_on_attribute(cls, attribute: Any, coerce: bool, parent_cls: type) -> None:
        """Track the values of ``attribute`` (an instrumented attribute of ``parent_cls``): convert
        them where they enter an object and record the object as their parent."""
        key = attribute.key
        if parent_cls is not attribute.class_:
            return  # a subclass's mapper sees the inherited attribute: its base already listens

        def adopt(target: Any, value: Any) -> Any:
            if value is not None and coerce and not isinstance(value, cls):
                value = cls.coerce(key, value)
            if isinstance(value, MutableBase):
                value._parents[target] = key
            return value

        def on_load(target: Any, *args: Any) -> None:
            d = target.__dict__
            if key in d:
                value = adopt(target, d[key])
                if value is not d[key]:
                    d[key] = value
                    # the converted value is what was loaded: not a change
                    committed = getattr(_state(target), "committed_state", None)
                    if committed is not None:
                        committed.pop(key, None)

        def on_refresh(target: Any, context: Any, attrs: Optional[Iterable[str]]) -> None:
            if attrs is None or key in attrs:
                on_load(target)

        def on_set(target: Any, value: Any, oldvalue: Any, initiator: Any) -> Any:
            if value is oldvalue:
                return value
            value = adopt(target, value)
            if isinstance(oldvalue, MutableBase):
                oldvalue._parents.pop(target, None)
            return value

        event.listen(parent_cls, "load", on_load, propagate=True)
        event.listen(parent_cls, "refresh", on_refresh, propagate=True)
        event.listen(parent_cls, "refresh_flush", on_refresh, propagate=True)
        event.listen(attribute, "set", on_set, retval=True, propagate=True)


def _state(obj: Any) -> Any:
    from orm.mapping.mapper import _instance_state

    return _instance_state(obj)


class Mutable(MutableBase):
    """Base of mutable scalar values: subclasses call ``self.changed()`` after each change."""

    def changed(self) -> None:
        """Mark every object holding this value as modified (their next flush writes it)."""
        for parent, key in list(self._parents.items()):
            flag_modified(parent, key)

    @classmethod
    def associate_with_attribute(cls, attribute: Any) -> None:
        """Track one mapped attribute (``Doc.data``)."""
        cls._listen_on_attribute(attribute, True, attribute.class_)

    @classmethod
    def associate_with(cls, sqltype: type) -> None:
        """Track every column, of every mapper configured from now on, whose type is an instance
        of the type class ``sqltype``."""

        def on_configured(mapper: Any, class_: type) -> None:
            for prop in mapper.column_attrs:
                if isinstance(prop.columns[0].type, sqltype):
                    cls.associate_with_attribute(getattr(class_, prop.key))

        event.listen(_mapper_cls(), "mapper_configured", on_configured)

    @classmethod
    def as_mutable(cls, sqltype: Any) -> Any:
        """Return ``sqltype`` (a type object, or a class to instantiate) and track every column
        declared with exactly that object in mappers configured from now on.

        Example::

            data = Column(MutableList.as_mutable(JSON))
        """
        from orm.sql.type_api import to_instance

        sqltype = to_instance(sqltype)

        def on_configured(mapper: Any, class_: type) -> None:
            for prop in mapper.column_attrs:
                if prop.columns[0].type is sqltype:
                    cls.associate_with_attribute(getattr(class_, prop.key))

        event.listen(_mapper_cls(), "mapper_configured", on_configured)
        return sqltype


def _mapper_cls() -> type:
    from orm.mapping.mapper import Mapper

    return Mapper


class MutableDict(Mutable, dict):  # type: ignore[type-arg]
    """A dict that reports its changes (``d[k] = v``, ``del``, ``update``, ``pop``, ...)."""

    def __setitem__(self, key: Any, value: Any) -> None:
        dict.__setitem__(self, key, value)
        self.changed()

    def __delitem__(self, key: Any) -> None:
        dict.__delitem__(self, key)
        self.changed()

    def setdefault(self, key: Any, default: Any = None) -> Any:
        had = key in self
        result = dict.setdefault(self, key, default)
        if not had:
            self.changed()
        return result

    def update(self, *a: Any, **kw: Any) -> None:
        dict.update(self, *a, **kw)
        self.changed()

    def pop(self, *arg: Any) -> Any:
        result = dict.pop(self, *arg)
        self.changed()
        return result

    def popitem(self) -> Any:
        result = dict.popitem(self)
        self.changed()
        return result

    def clear(self) -> None:
        dict.clear(self)
        self.changed()

    def __ior__(self, other: Any) -> "MutableDict":  # type: ignore[override]
        self.update(other)
        return self

    @classmethod
    def coerce(cls, key: str, value: Any) -> Any:
        if isinstance(value, cls):
            return value
        if isinstance(value, dict):
            return cls(value)
        return Mutable.coerce(key, value)

    # pickled as a plain dict's items; parents are not part of the value
    def __getstate__(self) -> dict[Any, Any]:
        return dict(self)

    def __setstate__(self, state: dict[Any, Any]) -> None:
        dict.update(self, state)


class MutableList(Mutable, list):  # type: ignore[type-arg]
    """A list that reports its changes (item and slice assignment, append, extend, insert, pop,
    remove, sort, reverse, ``+=``, ``*=``)."""

    def __setitem__(self, index: Any, value: Any) -> None:
        list.__setitem__(self, index, value)
        self.changed()

    def __delitem__(self, index: Any) -> None:
        list.__delitem__(self, index)
        self.changed()

    def append(self, x: Any) -> None:
        list.append(self, x)
        self.changed()

    def extend(self, x: Iterable[Any]) -> None:
        list.extend(self, x)
        self.changed()

    def __iadd__(self, x: Iterable[Any]) -> "MutableList":  # type: ignore[override]
        self.extend(x)
        return self

    def __imul__(self, n: Any) -> "MutableList":  # type: ignore[override]
        list.__imul__(self, n)
        self.changed()
        return self

    def insert(self, i: Any, x: Any) -> None:
        list.insert(self, i, x)
        self.changed()

    def pop(self, *arg: Any) -> Any:
        result = list.pop(self, *arg)
        self.changed()
        return result

    def remove(self, i: Any) -> None:
        list.remove(self, i)
        self.changed()

    def clear(self) -> None:
        list.clear(self)
        self.changed()

    def sort(self, **kw: Any) -> None:
        list.sort(self, **kw)
        self.changed()

    def reverse(self) -> None:
        list.reverse(self)
        self.changed()

    @classmethod
    def coerce(cls, key: str, value: Any) -> Any:
        if isinstance(value, cls):
            return value
        if isinstance(value, list):
            return cls(value)
        return Mutable.coerce(key, value)

    def __reduce_ex__(self, proto: Any) -> Any:
        return (self.__class__, (list(self),))


class MutableSet(Mutable, set):  # type: ignore[type-arg]
    """A set that reports its changes (add, discard, remove, pop, clear and the in-place
    operators)."""

    def update(self, *arg: Any) -> None:
        set.update(self, *arg)
        self.changed()

    def intersection_update(self, *arg: Any) -> None:
        set.intersection_update(self, *arg)
        self.changed()

    def difference_update(self, *arg: Any) -> None:
        set.difference_update(self, *arg)
        self.changed()

    def symmetric_difference_update(self, *arg: Any) -> None:
        set.symmetric_difference_update(self, *arg)
        self.changed()

    def __ior__(self, other: Any) -> "MutableSet":  # type: ignore[override]
        self.update(other)
        return self

    def __iand__(self, other: Any) -> "MutableSet":  # type: ignore[override]
        self.intersection_update(other)
        return self

    def __ixor__(self, other: Any) -> "MutableSet":  # type: ignore[override]
        self.symmetric_difference_update(other)
        return self

    def __isub__(self, other: Any) -> "MutableSet":  # type: ignore[override]
        self.difference_update(other)
        return self

    def add(self, elem: Any) -> None:
        set.add(self, elem)
        self.changed()

    def remove(self, elem: Any) -> None:
        set.remove(self, elem)
        self.changed()

    def discard(self, elem: Any) -> None:
        set.discard(self, elem)
        self.changed()

    def pop(self, *arg: Any) -> Any:
        result = set.pop(self, *arg)
        self.changed()
        return result

    def clear(self) -> None:
        set.clear(self)
        self.changed()

    @classmethod
    def coerce(cls, key: str, value: Any) -> Any:
        if isinstance(value, cls):
            return value
        if isinstance(value, set):
            return cls(value)
        return Mutable.coerce(key, value)

    def __reduce_ex__(self, proto: Any) -> Any:
        return (self.__class__, (list(self),))
