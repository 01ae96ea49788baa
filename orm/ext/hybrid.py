"""Hybrid attributes: one definition that is a Python value on instances and a SQL expression on
the class.

Example::

    from orm.ext.hybrid import hybrid_property, hybrid_method

    class Interval(Base):
        __tablename__ = "interval"
        id: Mapped[int] = mapped_column(primary_key=True)
        start: Mapped[int]
        end: Mapped[int]

        @hybrid_property
        def length(self) -> int:
            return self.end - self.start

        @hybrid_method
        def contains(self, point: int) -> bool:
            return (self.start <= point) & (point <= self.end)

    Interval(start=5, end=10).length                        # 5
    select(Interval).where(Interval.length > 10)            # WHERE interval."end" - interval.start > :param_1
    select(Interval.length)                                 # SELECT interval."end" - interval.start AS length

``.expression`` supplies a different SQL form, ``.setter`` / ``.deleter`` the write side,
``.comparator`` a custom :class:`Comparator`; ``.inplace`` lets those decorators keep one name.
"""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Callable, Generic, Optional, TypeVar, overload

from orm.sql.operators_mixin import ColumnOperators

_T = TypeVar("_T")
_R = TypeVar("_R")

HYBRID_PROPERTY = "HYBRID_PROPERTY"
HYBRID_METHOD = "HYBRID_METHOD"


def _unwrap_fn(fn: Any) -> Any:
    # ``@x.inplace.expression`` over ``@classmethod``: the function inside
    return fn.__func__ if isinstance(fn, (classmethod, staticmethod)) else fn


class HybridExpression(ColumnOperators):
    """A hybrid read from its class: the SQL expression, named after the hybrid so that
    ``select(User.fullname)`` labels the column ``fullname``."""

    __slots__ = ("expression", "name", "owner", "_comparator", "property")
    _orm_select_plugin = True
    is_attribute = True  # the query layer keys its result column by ``key``

    @property
    def key(self) -> str:
        return self.name

    def __init__(self, expression: Any, name: str, owner: Any, comparator: Any = None, prop: Any = None) -> None:
        self.expression = expression
        self.name = name
        self.owner = owner
        self._comparator = comparator
        self.property = prop  # the hybrid_property

    def __clause_element__(self) -> Any:
        from orm.sql import coercions

        if self._comparator is not None:
            return coercions._unwrap(self._comparator)
        return coercions._unwrap(self.expression)

    def _orm_select_column(self) -> Any:
        """The column ``select()`` renders: unnamed expressions get the hybrid's name as label."""
        el = self.__clause_element__()
        if getattr(el, "_is_named", False) or getattr(el, "name", None) is not None:
            return el
        return el.label(self.name)

    def operate(self, op: Any, *other: Any, **kwargs: Any) -> Any:
        if self._comparator is not None:
            # through the Python operator, so a comparator's own __eq__ / __lt__ ... applies
            return op(self._comparator, *other, **kwargs)
        return self.__clause_element__().operate(op, *other, **kwargs)

    def reverse_operate(self, op: Any, other: Any, **kwargs: Any) -> Any:
        if self._comparator is not None:
            return op(other, self._comparator, **kwargs)
        return self.__clause_element__().reverse_operate(op, other, **kwargs)

    def label(self, name: Optional[str]) -> Any:
        return self.__clause_element__().label(name)

    def __getattr__(self, key: str) -> Any:
        # methods of a custom comparator or of the expression (``.desc()`` is an operator)
        if key.startswith("__"):
            raise AttributeError(key)
        target = self._comparator if self._comparator is not None else self.__clause_element__()
        return getattr(target, key)

    def __str__(self) -> str:
        # as a mapped attribute prints: ``User.fullname``
        return f"{getattr(self.owner, '__name__', self.owner)}.{self.name}"

    def __repr__(self) -> str:
        return f"<hybrid {self}>"


class hybrid_property(Generic[_T]):
    """A property whose class-level access gives a SQL expression.

    Example::

        @hybrid_property
        def fullname(self) -> str:
            return self.first + " " + self.last

        @fullname.inplace.setter
        def _fullname_setter(self, value: str) -> None:
            self.first, self.last = value.split(" ", 1)

        @fullname.inplace.expression
        @classmethod
        def _fullname_expression(cls) -> ColumnElement[str]:
            return cls.first + " " + cls.last
    """

    is_attribute = True
    extension_type = HYBRID_PROPERTY

    def __init__(self, fget: Callable[[Any], _T], fset: Optional[Callable[[Any, Any], None]] = None,
                 fdel: Optional[Callable[[Any], None]] = None, expr: Optional[Callable[[Any], Any]] = None,
                 custom_comparator: Optional[Callable[[Any], Any]] = None,
                 update_expr: Optional[Callable[[Any, Any], Any]] = None) -> None:
        self.fget = fget
        self.fset = fset
        self.fdel = fdel
        self.expr = _unwrap_fn(expr) if expr is not None else None
        self.custom_comparator = _unwrap_fn(custom_comparator) if custom_comparator is not None else None
        self.update_expr = _unwrap_fn(update_expr) if update_expr is not None else None
        self.__name__: str = getattr(fget, "__name__", "hybrid")
        self.__doc__ = getattr(fget, "__doc__", None)

    # -- descriptor ---------------------------------------------------------------------------------
    if TYPE_CHECKING:

        @overload
        def __get__(self, instance: None, owner: Any) -> "HybridExpression": ...

        @overload
        def __get__(self, instance: object, owner: Any) -> _T: ...

    def __get__(self, instance: Any, owner: Any) -> Any:
        if instance is None:
            if owner is None:
                return self
            return self._expression_of(owner)
        return self.fget(instance)

    def _expression_of(self, owner: Any) -> HybridExpression:
        if self.custom_comparator is not None:
            comp = self.custom_comparator(owner)
            return HybridExpression(comp, self.__name__, owner, comparator=comp, prop=self)
        fn = self.expr if self.expr is not None else self.fget
        return HybridExpression(fn(owner), self.__name__, owner, prop=self)

    def __set__(self, instance: Any, value: Any) -> None:
        if self.fset is None:
            raise AttributeError(f"hybrid property {self.__name__!r} of {type(instance).__name__} has no setter")
        self.fset(instance, value)

    def __delete__(self, instance: Any) -> None:
        if self.fdel is None:
            raise AttributeError(f"hybrid property {self.__name__!r} of {type(instance).__name__} has no deleter")
        self.fdel(instance)

    # -- decorators ---------------------------------------------------------------------------------
    def _copy(self, **kw: Any) -> "hybrid_property[_T]":
        new = hybrid_property.__new__(type(self))
        new.__dict__.update(self.__dict__)
        for k, v in kw.items():
            setattr(new, k, _unwrap_fn(v) if k in ("expr", "custom_comparator", "update_expr") else v)
        return new

    def getter(self, fget: Callable[[Any], _T]) -> "hybrid_property[_T]":
        return self._copy(fget=fget)

    def setter(self, fset: Callable[[Any, Any], None]) -> "hybrid_property[_T]":
        """A copy with ``fset`` as the write side (``obj.attr = value``)."""
        return self._copy(fset=fset)

    def deleter(self, fdel: Callable[[Any], None]) -> "hybrid_property[_T]":
        return self._copy(fdel=fdel)

    def expression(self, expr: Callable[[Any], Any]) -> "hybrid_property[_T]":
        """A copy whose class-level form is ``expr(cls)``."""
        return self._copy(expr=expr)

    def comparator(self, comparator: Callable[[Any], Any]) -> "hybrid_property[_T]":
        """A copy whose class-level form is the :class:`Comparator` ``comparator(cls)`` returns."""
        return self._copy(custom_comparator=comparator)

    def update_expression(self, meth: Callable[[Any, Any], Any]) -> "hybrid_property[_T]":
        """A copy that, in ``update(cls).values({cls.attr: value})``, sets the columns ``meth(cls,
        value)`` returns as ``[(column, value), ...]``."""
        return self._copy(update_expr=meth)

    @property
    def overrides(self) -> "hybrid_property[_T]":
        """This hybrid, to redefine parts of it in a subclass (``@Base.attr.overrides.expression``)."""
        return self

    @property
    def inplace(self) -> "_InPlace[_T]":
        """Decorators that modify this hybrid instead of copying it, so the decorated functions
        can have other names: ``@attr.inplace.setter def _attr_setter(self, value): ...``."""
        return _InPlace(self)

    def __repr__(self) -> str:
        return f"<hybrid_property {self.__name__}>"


class _InPlace(Generic[_T]):
    __slots__ = ("attr",)

    def __init__(self, attr: hybrid_property[_T]) -> None:
        self.attr = attr

    def _set(self, key: str, fn: Any) -> hybrid_property[_T]:
        setattr(self.attr, key, _unwrap_fn(fn) if key in ("expr", "custom_comparator", "update_expr") else fn)
        return self.attr

    def getter(self, fget: Callable[[Any], _T]) -> hybrid_property[_T]:
        return self._set("fget", fget)

    def setter(self, fset: Callable[[Any, Any], None]) -> hybrid_property[_T]:
        return self._set("fset", fset)

    def deleter(self, fdel: Callable[[Any], None]) -> hybrid_property[_T]:
        return self._set("fdel", fdel)

    def expression(self, expr: Any) -> hybrid_property[_T]:
        return self._set("expr", expr)

    def comparator(self, comparator: Any) -> hybrid_property[_T]:
        return self._set("custom_comparator", comparator)

    def update_expression(self, meth: Any) -> hybrid_property[_T]:
        return self._set("update_expr", meth)


class hybrid_method(Generic[_R]):
    """A method that, called on the class, builds a SQL expression.

    Example::

        @hybrid_method
        def older_than(self, age: int) -> bool:
            return self.age > age

        select(User).where(User.older_than(30))
    """

    is_attribute = True
    extension_type = HYBRID_METHOD

    def __init__(self, func: Callable[..., _R], expr: Optional[Callable[..., Any]] = None) -> None:
        self.func = func
        self.expr = _unwrap_fn(expr) if expr is not None else func
        self.__name__: str = getattr(func, "__name__", "hybrid")
        self.__doc__ = getattr(func, "__doc__", None)

    def __get__(self, instance: Any, owner: Any) -> Callable[..., Any]:
        if instance is None:
            return functools.partial(self.expr, owner)
        return functools.partial(self.func, instance)

    def expression(self, expr: Callable[..., Any]) -> "hybrid_method[_R]":
        """A copy whose class-level form is ``expr(cls, *args)``."""
        return hybrid_method(self.func, expr)

    @property
    def inplace(self) -> "_InPlaceMethod[_R]":
        return _InPlaceMethod(self)


class _InPlaceMethod(Generic[_R]):
    __slots__ = ("attr",)

    def __init__(self, attr: hybrid_method[_R]) -> None:
        self.attr = attr

    def expression(self, expr: Any) -> hybrid_method[_R]:
        self.attr.expr = _unwrap_fn(expr)
        return self.attr


class Comparator(ColumnOperators):
    """Base of custom hybrid comparators: wraps an expression; override ``operate`` (or ``__eq__``)
    to change how comparisons render.

    Example::

        class CaseInsensitive(Comparator):
            def __eq__(self, other):
                return func.lower(self.__clause_element__()) == func.lower(other)

        @word.inplace.comparator
        @classmethod
        def _word_comparator(cls):
            return CaseInsensitive(cls._word)
    """

    def __init__(self, expression: Any) -> None:
        self.expression = expression

    def __clause_element__(self) -> Any:
        from orm.sql import coercions

        return coercions._unwrap(self.expression)

    def operate(self, op: Any, *other: Any, **kwargs: Any) -> Any:
        return op(self.expression, *other, **kwargs)

    def reverse_operate(self, op: Any, other: Any, **kwargs: Any) -> Any:
        return op(other, self.expression, **kwargs)

    def __hash__(self) -> int:
        return id(self)


__all__ = ["Comparator", "HYBRID_METHOD", "HYBRID_PROPERTY", "HybridExpression", "hybrid_method", "hybrid_property"]
