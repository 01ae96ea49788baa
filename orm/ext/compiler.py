"""``orm.ext.compiler``: user-written SQL for custom constructs, or for existing ones per dialect.

``@compiles(ElementClass)`` registers a function ``fn(element, compiler, **kw) -> str`` that the
compilers call instead of their own ``visit_<name>`` method whenever they meet an instance of
``ElementClass`` (or of a subclass that registers nothing itself).  ``@compiles(ElementClass,
"postgresql")`` registers for one dialect only; the dialect-less registration (or the construct's
own rendering, for an existing construct) serves every other dialect.  Works for SQL expressions
(``ColumnElement``, ``FunctionElement``, ``ClauseElement``), executable statements, DDL elements
(``ExecutableDDLElement``) and types (``TypeEngine``).

Example::

    from orm.ext.compiler import compiles
    from orm.sql.expression import ColumnClause, Insert

    class MyColumn(ColumnClause):
        inherit_cache = True

    @compiles(MyColumn)
    def _render_mycolumn(element, compiler, **kw):
        return "[%s]" % element.name

    @compiles(Insert, "sqlite")
    def _insert_or_ignore(insert, compiler, **kw):
        return compiler.visit_insert(insert.prefix_with("OR IGNORE"), **kw)

The compilers look the registration up as ``type(element)._compiler_hook`` (see
``SQLCompiler.process``, ``DDLCompiler.process`` and ``GenericTypeCompiler.process``).

Caching: a compiled form is reused for statements of the same *shape*, and the shape of a node is
what its class declares (``_children`` / ``_attrs``).  A class of yours that adds attributes of its
own is therefore compiled afresh every time, unless it says that its parent's shape describes it
(``inherit_cache = True``, as in SQLAlchemy) or declares ``_children`` / ``_attrs`` itself.
"""
from __future__ import annotations

from typing import Any, Callable, TypeVar

from orm import exc

__all__ = ["compiles", "deregister"]

_F = TypeVar("_F", bound=Callable[..., Any])

_HOOK = "_compiler_hook"


class _Dispatcher:
    """The functions registered for one class, by dialect name (``None``: every other dialect)."""

    def __init__(self, class_: type) -> None:
        self.class_ = class_
        self.specs: dict[Any, Callable[..., str]] = {}

    def __call__(self, element: Any, compiler: Any, **kw: Any) -> str:
        fn = self.specs.get(getattr(compiler.dialect, "name", None)) or self.specs.get(None)
        if fn is not None:
            return fn(element, compiler, **kw)
        # Nothing for this dialect: what rendered the class before it registered anything, i.e. a
        # parent class's registration, else the compiler's own visit method (a built-in construct,
        # or a user class that kept a built-in parent's ``__visit_name__``).
        for klass in self.class_.__mro__[1:]:
            parent = klass.__dict__.get(_HOOK)
            if parent is not None:
                return parent(element, compiler, **kw)  # type: ignore[no-any-return]
        visit = getattr(compiler, "visit_" + str(getattr(element, "__visit_name__", "")), None)
        try:
            if visit is None:
                raise AttributeError
            return visit(element, **kw)  # type: ignore[no-any-return]
        except AttributeError:
            # a user class the built-in rendering cannot take (FunctionElement without a name)
            if self.class_.__module__.split(".")[0] == "orm":
                raise
            raise exc.UnsupportedCompilationError(
                compiler, type(element),
                message=f"{type(element)} construct has no default compilation handler.") from None


def compiles(class_: type, *dialects: str) -> Callable[[_F], _F]:
    """Decorator: ``fn(element, compiler, **kw)`` renders instances of ``class_`` (for the named
    dialects only, when any are given).

    ``compiler.process(child, **kw)`` renders a child element; pass ``**kw`` on so that flags such
    as ``literal_binds`` reach it.  For an existing construct, ``compiler.visit_<name>(element,
    **kw)`` is its built-in rendering.

    Example::

        class utcnow(FunctionElement):
            type = DateTime()
            inherit_cache = True

        @compiles(utcnow, "postgresql")
        def _pg_utcnow(element, compiler, **kw):
            return "TIMEZONE('utc', CURRENT_TIMESTAMP)"
    """
    if not isinstance(class_, type):
        raise exc.ArgumentError(f"compiles() takes a class of SQL construct or type, got {class_!r}")
    for name in dialects:
        if not isinstance(name, str) or not name:
            raise exc.ArgumentError(f"compiles() dialect names must be non-empty strings, got {name!r}")

    def decorate(fn: _F) -> _F:
        if not callable(fn):
            raise exc.ArgumentError(f"@compiles decorates a function, got {fn!r}")
        dispatcher = class_.__dict__.get(_HOOK)
        if dispatcher is None:
            dispatcher = _Dispatcher(class_)
            setattr(class_, _HOOK, dispatcher)
            _guard_cache(class_)
        for name in dialects or (None,):
            dispatcher.specs[name] = fn
        return fn

    return decorate


def deregister(class_: type) -> None:
    """Forget every function ``@compiles`` registered for ``class_``: its instances render as
    before (a custom class without its own rendering raises ``UnsupportedCompilationError``)."""
    if _HOOK in class_.__dict__:
        delattr(class_, _HOOK)
    guard = class_.__dict__.get("_gen_cache_key")
    if getattr(guard, "_compiles_guard", False):
        delattr(class_, "_gen_cache_key")


# -- cache safety ----------------------------------------------------------------------------------

def _cache_safe(klass: type) -> bool:
    """A class whose declared shape describes its instances: ours, one saying ``inherit_cache =
    True``, or one declaring its own children/attributes."""
    if klass.__module__.split(".")[0] == "orm":
        return True
    d = klass.__dict__
    if d.get("inherit_cache") is True or "_children" in d or "_attrs" in d:
        return True
    return False


def _guard_cache(class_: type) -> None:
    """Make user classes (``class_`` and its subclasses) that do not declare their shape
    uncacheable, so two instances with different attributes never share a compiled form."""
    if class_.__module__.split(".")[0] == "orm" or "_gen_cache_key" in class_.__dict__:
        return  # a built-in construct, or a class that computes its own key
    original = getattr(class_, "_gen_cache_key", None)
    if original is None:
        return  # a type: types carry no statement cache key of this kind
    from orm.sql.base import _Uncacheable

    safe: dict[type, bool] = {}

    def _gen_cache_key(self: Any, binds: Any) -> Any:
        klass = type(self)
        ok = safe.get(klass)
        if ok is None:
            ok = safe[klass] = all(_cache_safe(k) for k in klass.__mro__
                                   if k is not object and issubclass(k, class_))
        if not ok:
            raise _Uncacheable()
        try:
            return original(self, binds)
        except AttributeError:
            # the parent's shape names an attribute this class never sets (a FunctionElement
            # subclass without ``name``): compile it afresh rather than fail
            raise _Uncacheable() from None

    _gen_cache_key._compiles_guard = True  # type: ignore[attr-defined]
    class_._gen_cache_key = _gen_cache_key  # type: ignore[attr-defined]
