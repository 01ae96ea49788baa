"""``scoped_session``: one Session per thread (or per scope function), behind a proxy.

Example::

    Session = scoped_session(sessionmaker(bind=engine))
    Session.add(user)          # the current thread's Session
    Session.commit()
    Session.remove()           # close it; the next call makes a new one
"""
from __future__ import annotations

import threading
from typing import Any, Callable, Optional

from orm import exc

from .session import Session, sessionmaker

_PROXIED = (
    "add", "add_all", "begin", "begin_nested", "close", "reset", "commit", "connection", "delete",
    "execute", "expire", "expire_all", "expunge", "expunge_all", "flush", "get", "get_one", "get_bind",
    "is_modified", "bulk_save_objects", "bulk_insert_mappings", "bulk_update_mappings", "merge",
    "query", "refresh", "rollback", "scalar", "scalars", "in_transaction", "in_nested_transaction",
    "get_transaction", "get_nested_transaction", "invalidate",
)
_PROXIED_ATTRS = ("bind", "dirty", "deleted", "new", "identity_map", "is_active", "autoflush",
                  "no_autoflush", "info", "expire_on_commit")


class scoped_session:
    """A registry of Sessions, one per scope (the current thread by default), that proxies the
    Session API to the current one."""

    @staticmethod
    def _dispatch_redirect(target: Any, identifier: str) -> Any:
        if isinstance(target, scoped_session):
            factory = target.session_factory
            return factory.class_ if isinstance(factory, sessionmaker) else Session
        return None

    def __init__(self, session_factory: Any, scopefunc: Optional[Callable[[], Any]] = None) -> None:
        if not callable(session_factory):
            raise exc.ArgumentError(f"scoped_session() needs a Session factory, got {session_factory!r}")
        self.session_factory = session_factory
        self._scopefunc = scopefunc
        self._local = threading.local()
        self._by_scope: dict[Any, Any] = {}

    @property
    def registry(self) -> "scoped_session":
        return self

    def has(self) -> bool:
        """Whether the current scope has a Session already."""
        if self._scopefunc is not None:
            return self._scopefunc() in self._by_scope
        return hasattr(self._local, "value")

    def _get(self) -> Any:
        if self._scopefunc is not None:
            return self._by_scope.get(self._scopefunc())
        return getattr(self._local, "value", None)

    def _set(self, session: Any) -> None:
        if self._scopefunc is not None:
            self._by_scope[self._scopefunc()] = session
        else:
            self._local.value = session

    def __call__(self, **kw: Any) -> Any:
        """The current scope's Session (created on first use; keyword arguments only then)."""
        current = self._get()
        if kw:
            if current is not None:
                raise exc.InvalidRequestError(
                    "Scoped session is already present; no new arguments may be specified."
                )
            current = self.session_factory(**kw)
            self._set(current)
            return current
        if current is None:
            current = self.session_factory()
            self._set(current)
        return current

    def remove(self) -> None:
        """Close the current scope's Session and forget it."""
        current = self._get()
        if current is not None:
            current.close()
        if self._scopefunc is not None:
            self._by_scope.pop(self._scopefunc(), None)
        elif hasattr(self._local, "value"):
            del self._local.value

    def configure(self, **kw: Any) -> None:
        """Reconfigure the factory (only before the current scope has a Session)."""
        if self.has():
            import warnings

            warnings.warn("At least one scoped session is already present.  configure() can not "
                          "affect sessions that have already been created.", exc.SAWarning, stacklevel=2)
        self.session_factory.configure(**kw)

    def query_property(self, query_cls: Any = None) -> Any:
        """A class attribute giving a Query of the class from the current Session
        (``User.query.filter_by(...)``)."""
        registry = self

        class _QueryProperty:
            def __get__(self, instance: Any, owner: Any) -> Any:
                mapper = getattr(owner, "__mapper__", None)
                if mapper is None:
                    return None
                session = registry()
                if query_cls is not None:
                    return query_cls(mapper, session=session)
                return session.query(mapper)

        return _QueryProperty()


def _make_method(name: str) -> Any:
    def method(self: scoped_session, *args: Any, **kw: Any) -> Any:
        return getattr(self(), name)(*args, **kw)

    method.__name__ = name
    method.__doc__ = f"Proxy for ``Session.{name}()`` of the current scope's Session."
    return method


def _make_property(name: str) -> Any:
    def fget(self: scoped_session) -> Any:
        return getattr(self(), name)

    def fset(self: scoped_session, value: Any) -> None:
        setattr(self(), name, value)

    return property(fget, fset, doc=f"Proxy for ``Session.{name}``.")


for _name in _PROXIED:
    setattr(scoped_session, _name, _make_method(_name))
for _name in _PROXIED_ATTRS:
    setattr(scoped_session, _name, _make_property(_name))


def _contains(self: scoped_session, instance: Any) -> bool:
    return instance in self()


def _iter(self: scoped_session) -> Any:
    return iter(self())


scoped_session.__contains__ = _contains  # type: ignore[attr-defined,operator]
scoped_session.__iter__ = _iter  # type: ignore[attr-defined]

__all__ = ["scoped_session"]
