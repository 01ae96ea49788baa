"""The root of the expression language: ``ClauseElement``.

Nodes are data.  Each node class declares once which attributes hold child nodes (``_children``) and
which plain attributes are part of its shape (``_attrs``).  From those two tuples come traversal
(``get_children``), structural comparison (``compare``), the statement-cache key
(``_generate_cache_key``) and ``repr``.  A node never holds SQL text; the compilers produce it.
"""
from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any, Callable, Concatenate, Iterator, Optional, ParamSpec, TypeVar

if TYPE_CHECKING:
    from .compiler.base import Compiled
    from .elements import BindParameter

_Self = TypeVar("_Self", bound="ClauseElement")

_anon_counter = itertools.count(1)


class ClauseElement:
    """Base of every SQL expression node."""

    __visit_name__ = "clause"
    _children: tuple[str, ...] = ()
    _attrs: tuple[str, ...] = ()
    _is_executable = False
    is_clause_element = True
    is_selectable = False
    _is_from_clause = False
    _is_select_statement = False
    _is_text = False
    supports_execution = False

    # -- traversal -------------------------------------------------------------------------------
    def get_children(self) -> Iterator["ClauseElement"]:
        for name in self._children:
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, (tuple, list)):
                for item in value:
                    if isinstance(item, ClauseElement):
                        yield item
                    elif isinstance(item, tuple):
                        yield from (i for i in item if isinstance(i, ClauseElement))
            elif isinstance(value, ClauseElement):
                yield value

    def _walk(self) -> Iterator["ClauseElement"]:
        """Every node below (and including) this one, depth first."""
        stack = [self]
        seen: set[int] = set()
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            yield node
            stack.extend(node.get_children())

    # -- cache key -------------------------------------------------------------------------------
    def _gen_cache_key(self, binds: list["BindParameter[Any]"]) -> Any:
        """A hashable description of this node's shape; bound values go to ``binds`` instead."""
        parts: list[Any] = [type(self)]
        for name in self._attrs:
            value = getattr(self, name)
            if type(value) is AnonLabel:
                # Anonymous names differ per object but not per shape: number them per key.
                anon = binds.anon_map  # type: ignore[attr-defined]
                value = anon.setdefault(value, ("anon", len(anon)))
            parts.append(_plain_key(value))
        for name in self._children:
            parts.append(_child_key(getattr(self, name), binds))
        return tuple(parts)

    def _generate_cache_key(self) -> Optional[tuple[Any, list["BindParameter[Any]"]]]:
        """``(key, binds)``: statements with equal keys compile to the same SQL; ``binds`` lists the
        bound parameters in traversal order so that a cached compiled form can take new values."""
        binds: list[BindParameter[Any]] = _KeyBinds()
        try:
            key = self._gen_cache_key(binds)
            hash(key)
        except _Uncacheable:
            return None
        except TypeError:
            return None
        overrides = self.__dict__.get("_bind_overrides")
        if overrides:
            binds[:] = [_overridden(b, overrides) for b in binds]
        return key, binds

    def compare(self, other: Any) -> bool:
        """Structural equality, including bound values."""
        if not isinstance(other, ClauseElement):
            return False
        a = self._generate_cache_key()
        b = other._generate_cache_key()
        if a is None or b is None:
            return self is other
        return a[0] == b[0] and [p.value for p in a[1]] == [p.value for p in b[1]]

    # -- generative helpers ----------------------------------------------------------------------
    def _generate(self: _Self) -> _Self:
        new = self.__class__.__new__(self.__class__)
        new.__dict__ = self.__dict__.copy()
        new.__dict__.pop("_memo", None)
        return new

    def _clone(self: _Self, **kw: Any) -> _Self:
        return self._generate()

    def params(self: _Self, *optionaldict: dict[str, Any], **kwargs: Any) -> _Self:
        """A copy with the values of named bound parameters replaced.

        Example::

            stmt = select(users).where(text("id > :x")).params(x=3)

        The tree is shared, not copied: the new values are kept on the copy and take the place of
        the originals wherever the statement's values are read (its cache key's bind list, and so
        ``construct_params()``), which keeps columns, aliases and subqueries intact.
        """
        values = dict(*optionaldict, **kwargs)
        new = self._generate()
        new.__dict__["_bind_overrides"] = {**self.__dict__.get("_bind_overrides", {}), **values}
        return new

    def self_group(self, against: Any = None) -> "ClauseElement":
        return self

    # -- compilation -----------------------------------------------------------------------------
    def compile(
        self,
        bind: Any = None,
        dialect: Any = None,
        *,
        compile_kwargs: Optional[dict[str, Any]] = None,
        **kw: Any,
    ) -> "Compiled":
        """Compile for ``dialect`` (or the engine/connection ``bind``'s dialect).

        Example::

            print(select(users).compile(dialect=postgresql.dialect()))
        """
        if dialect is None:
            if bind is not None:
                dialect = bind.dialect
            else:
                from .compiler.base import default_dialect

                dialect = default_dialect()
        return self._compiler(dialect, compile_kwargs=compile_kwargs or {}, **kw)

    def _compiler(self, dialect: Any, **kw: Any) -> "Compiled":
        return dialect.statement_compiler(dialect, self, **kw)

    def __str__(self) -> str:
        return str(self.compile())

    def __repr__(self) -> str:
        return f"<{type(self).__module__}.{type(self).__name__} at 0x{id(self):x}; {self}>"

    def __bool__(self) -> bool:
        raise TypeError("Boolean value of this clause is not defined")

    def _execute_on_connection(self, connection: Any, distilled_params: Any, execution_options: Any) -> Any:
        from orm import exc

        raise exc.ObjectNotExecutableError(self)


def _overridden(bind: Any, overrides: dict[str, Any]) -> Any:
    """``bind`` with the value ``params()`` gave its key (named binds only, as SQLAlchemy)."""
    if bind.unique or bind.key not in overrides:
        return bind
    new = bind._with_value(overrides[bind.key])
    new._replaces = getattr(bind, "_replaces", bind)
    return new


class _KeyBinds(list):  # type: ignore[type-arg]
    """The bind list of a cache-key traversal, plus its numbering of anonymous names."""

    def __init__(self) -> None:
        super().__init__()
        self.anon_map: dict[str, tuple[str, int]] = {}


class _Uncacheable(Exception):
    """Raised inside key generation by a node that cannot be cached."""


def _plain_key(value: Any) -> Any:
    if isinstance(value, (list, dict, set)):
        if isinstance(value, dict):
            return tuple(sorted((k, _plain_key(v)) for k, v in value.items()))
        return tuple(_plain_key(v) for v in value)
    from .type_api import TypeEngine

    if isinstance(value, TypeEngine):
        return value._static_cache_key()
    return value


def _child_key(value: Any, binds: list["BindParameter[Any]"]) -> Any:
    if value is None:
        return None
    if isinstance(value, ClauseElement):
        return value._gen_cache_key(binds)
    if isinstance(value, (tuple, list)):
        return tuple(_child_key(v, binds) for v in value)
    return _plain_key(value)


class Executable:
    """Mixin for statements that can be run by ``Connection.execute``."""

    _is_executable = True
    supports_execution = True
    _execution_options: dict[str, Any] = {}

    def execution_options(self, **kw: Any) -> Any:
        """A copy with execution options (``stream_results``, ``yield_per``, ...) added."""
        new = self._generate()  # type: ignore[attr-defined]
        new._execution_options = {**self._execution_options, **kw}
        return new

    def get_execution_options(self) -> dict[str, Any]:
        return dict(self._execution_options)

    def _execute_on_connection(self, connection: Any, distilled_params: Any, execution_options: Any) -> Any:
        return connection._execute_clauseelement(self, distilled_params, execution_options)


_S = TypeVar("_S")
_P = ParamSpec("_P")


def _generative(fn: Callable[Concatenate[_S, _P], None]) -> Callable[Concatenate[_S, _P], _S]:
    """Decorator: run ``fn`` on a copy of ``self`` and return the copy (immutable builders).

    Typed so that ``select(User.id).where(...)`` stays ``Select[tuple[int]]`` for type checkers
    (``self`` of methods on shared bases is annotated with a bound TypeVar)."""

    def wrapper(self: Any, /, *args: Any, **kw: Any) -> Any:
        new = self._generate()
        fn(new, *args, **kw)
        return new

    wrapper.__name__ = fn.__name__
    wrapper.__qualname__ = fn.__qualname__
    wrapper.__doc__ = fn.__doc__
    return wrapper


class ColumnCollection:
    """An ordered, name-addressable collection of columns (``table.c``).

    Example::

        users.c.id, users.c["name"], list(users.c), "id" in users.c
    """

    __slots__ = ("_colset", "_index")

    def __init__(self, columns: Optional[list[tuple[str, Any]]] = None) -> None:
        self._colset: list[tuple[str, Any]] = []
        self._index: dict[str, Any] = {}
        for key, col in columns or ():
            self.add(col, key)

    def add(self, column: Any, key: Optional[str] = None) -> None:
        key = key if key is not None else column.key
        if key in self._index:
            self._colset = [(k, c) for k, c in self._colset if k != key]
        self._colset.append((key, column))
        self._index[key] = column

    def __getattr__(self, key: str) -> Any:
        try:
            return self._index[key]
        except KeyError:
            raise AttributeError(key) from None

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, int):
            return self._colset[key][1]
        if isinstance(key, tuple):
            return ReadOnlyColumnCollection([(k, self._index[k]) for k in key])
        return self._index[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self._index.get(key, default)

    def __contains__(self, key: Any) -> bool:
        if isinstance(key, str):
            return key in self._index
        return any(c is key for _, c in self._colset)

    def contains_column(self, col: Any) -> bool:
        return any(c is col for _, c in self._colset)

    def __iter__(self) -> Iterator[Any]:
        return iter([c for _, c in self._colset])

    def __len__(self) -> int:
        return len(self._colset)

    def keys(self) -> list[str]:
        return [k for k, _ in self._colset]

    def values(self) -> list[Any]:
        return [c for _, c in self._colset]

    def items(self) -> list[tuple[str, Any]]:
        return list(self._colset)

    def __getstate__(self) -> Any:
        return self._colset

    def __setstate__(self, state: Any) -> None:
        self._colset = state
        self._index = dict(state)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(k for k, _ in self._colset)})"

    def corresponding_column(self, column: Any) -> Any:
        """The column of this collection derived from ``column`` (through aliases/subqueries)."""
        for _, c in self._colset:
            if c is column:
                return c
        targets = column._proxy_set()
        for _, c in self._colset:
            if c._proxy_set() & targets:
                return c
        return None


class ReadOnlyColumnCollection(ColumnCollection):
    __slots__ = ()


class AnonLabel(str):
    """An anonymous name (``anon_1``, ``count_1``): unique per object, numbered per statement by the
    compiler in order of appearance."""

    __slots__ = ("base",)
    base: str

    def __new__(cls, base: str = "anon") -> "AnonLabel":
        self = super().__new__(cls, f"%({next(_anon_counter)} {base})s")
        self.base = base
        return self

    def __reduce__(self) -> Any:
        return (AnonLabel, (self.base,))


def anon_name(base: str = "anon") -> AnonLabel:
    return AnonLabel(base)
