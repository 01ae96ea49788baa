"""``sessionmaker``: a configured Session factory.

Example::

    Session = sessionmaker(bind=engine, expire_on_commit=False)
    with Session() as session: ...
    with Session.begin() as session:      # commits at the end of the block
        session.add(user)
"""
from __future__ import annotations

from typing import Any, Optional

from orm import exc

from .session import Session


class sessionmaker:
    """A configurable Session factory.

    Example::

        Session = sessionmaker(bind=engine, expire_on_commit=False)
        with Session() as session: ...
        with Session.begin() as session:      # commits at the end of the block
            session.add(user)
    """

    @staticmethod
    def _dispatch_redirect(target: Any, identifier: str) -> Any:
        # event.listen(a_sessionmaker, ...) listens on the Session subclass it creates
        if isinstance(target, sessionmaker):
            return target.class_
        return None

    def __init__(self, bind: Any = None, *, class_: type = Session, autoflush: bool = True,
                 expire_on_commit: bool = True, info: Optional[dict[Any, Any]] = None, **kw: Any) -> None:
        if not (isinstance(class_, type) and issubclass(class_, Session)) and class_ is not Session:
            if not callable(class_):
                raise exc.ArgumentError(f"class_ must be a Session class, got {class_!r}")
        kw["bind"] = bind
        kw["autoflush"] = autoflush
        kw["expire_on_commit"] = expire_on_commit
        if info is not None:
            kw["info"] = info
        self.kw = kw
        self.class_ = type(class_.__name__, (class_,), {})

    def __call__(self, **local_kw: Any) -> Session:
        """A new Session; keyword arguments override the factory's configuration."""
        for k, v in self.kw.items():
            if k == "info" and "info" in local_kw:
                merged = dict(v)
                merged.update(local_kw["info"])
                local_kw["info"] = merged
            else:
                local_kw.setdefault(k, v)
        return self.class_(**local_kw)

    def begin(self) -> "_MakerBegin":
        """A context manager: a new Session with a transaction, committed at the end of the block
        (rolled back on an exception), then closed."""
        return _MakerBegin(self)

    def configure(self, **new_kw: Any) -> None:
        """Change the factory's configuration (``Session.configure(bind=engine)``)."""
        self.kw.update(new_kw)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.kw.items())
        return f"{type(self).__name__}(class_={self.class_.__name__!r}, {args})"


class _MakerBegin:
    def __init__(self, maker: sessionmaker) -> None:
        self.maker = maker
        self.session: Any = None
        self.tx: Any = None

    def __enter__(self) -> Session:
        self.session = self.maker()
        self.tx = self.session.begin()
        return self.session

    def __exit__(self, exc_type: Any, exc_value: Any, tb: Any) -> None:
        try:
            self.tx.__exit__(exc_type, exc_value, tb)
        finally:
            self.session.close()


__all__ = ["sessionmaker"]
