"""Small declarative helpers of ``sqlalchemy.orm``: ``reconstructor``, ``declarative_mixin``,
``synonym_for``, ``has_inherited_table``, ``add_mapped_attribute``, ``dynamic_loader``,
``create_session``.

Example::

    class User(Base):
        ...
        @reconstructor
        def init_on_load(self):
            self.cache = {}        # runs for objects the ORM loads (their __init__ does not run)

        @synonym_for("_name")
        @property
        def name(self):
            return self._name
"""
from __future__ import annotations

import weakref
from typing import Any, Callable, Optional

from orm import event

from .mapper import Mapper
from .properties import SynonymProperty, synonym

_MARK = "__sa_reconstructor__"


class _Reconstructor:
    """What ``@reconstructor`` leaves in the class body: the method itself (``__get__`` binds it as
    usual) that, once its class exists (``__set_name__``), listens to that class's ``load`` event.
    Only classes that have one pay for a listener on every loaded object."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn = fn
        setattr(fn, _MARK, True)
        self.__doc__ = fn.__doc__
        self.__wrapped__ = fn

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        return self.fn.__get__(instance, owner)

    def __call__(self, *args: Any, **kw: Any) -> Any:
        return self.fn(*args, **kw)

    def __set_name__(self, owner: type, name: str) -> None:
        fn = self.fn

        def on_load(target: Any, context: Any) -> None:
            # a subclass with a reconstructor of its own runs that one only (the nearest wins)
            if _reconstructor_of(type(target)) is fn:
                fn(target)

        event.listen(owner, "load", on_load, propagate=True)


def reconstructor(fn: Callable[..., Any]) -> Any:
    """Mark a method to run on each instance the ORM loads from a row (where ``__init__`` is not
    called); it takes only ``self``.  The nearest one in the class hierarchy is used."""
    return _Reconstructor(fn)


_FOUND: "weakref.WeakKeyDictionary[type, Any]" = weakref.WeakKeyDictionary()


def _reconstructor_of(cls: type) -> Optional[Callable[..., Any]]:
    """The nearest marked method of ``cls``'s hierarchy (looked up once per class)."""
    try:
        return _FOUND[cls]  # type: ignore[no-any-return]
    except KeyError:
        pass
    found = None
    for klass in cls.__mro__:
        found = next((v.fn for v in vars(klass).values() if isinstance(v, _Reconstructor)), None)
        if found is not None:
            break
    _FOUND[cls] = found
    return found


def declarative_mixin(cls: type) -> type:
    """Mark a class as a declarative mixin (for type checkers); the class is returned as is."""
    return cls


def synonym_for(name: str, map_column: bool = False) -> Callable[[Any], SynonymProperty]:
    """Decorator: the decorated descriptor (a ``@property``) becomes a synonym of attribute ``name``.

    Example::

        @synonym_for("job_status")
        @property
        def job_status_text(self):
            return "Status: " + self.job_status
    """
    def decorate(fn: Any) -> SynonymProperty:
        return synonym(name, map_column=map_column, descriptor=fn)  # type: ignore[no-any-return]

    return decorate


def has_inherited_table(cls: type) -> bool:
    """True when a base class of ``cls`` (not ``cls`` itself) has a mapped ``__table__``; used in
    ``declared_attr`` functions to decide between single-table inheritance and a table of its own."""
    for klass in cls.__mro__[1:]:
        if vars(klass).get("__table__") is not None:
            return True
    return False


def add_mapped_attribute(target: type, key: str, attr: Any) -> None:
    """Add a mapped attribute (``mapped_column()``, ``relationship()``, ...) to a mapped class after
    its creation, as assigning it on a ``DeclarativeBase`` subclass does."""
    from .decl_api import _add_attribute

    _add_attribute(target, key, attr)


def dynamic_loader(argument: Any = None, **kw: Any) -> Any:
    """``relationship(argument, lazy="dynamic", **kw)`` (legacy spelling)."""
    from .relationships import relationship

    return relationship(argument, lazy="dynamic", **kw)


def create_session(bind: Any = None, **kwargs: Any) -> Any:
    """A Session with autoflush and expire-on-commit off (the legacy factory's defaults)."""
    from orm.session import Session

    kwargs.setdefault("autoflush", False)
    kwargs.setdefault("expire_on_commit", False)
    return Session(bind=bind, **kwargs)


Synonym = SynonymProperty

__all__ = ["Synonym", "add_mapped_attribute", "create_session", "declarative_mixin", "dynamic_loader",
           "has_inherited_table", "reconstructor", "synonym_for"]
