"""Instrumented class attributes: ``User.name`` on the class, the plain value on an instance.

Reads of loaded values cost nothing: a column attribute is a *non-data* descriptor, so Python finds
``obj.__dict__["name"]`` first and only calls ``__get__`` when the key is missing (a new object whose
attribute was never set; later, an expired or deferred one).  Only attributes that must see writes
(``@validates``, synonyms) are data descriptors.
"""
from __future__ import annotations

from typing import Any, Optional

from orm.sql.operators_mixin import ColumnOperators

from .base import Mapped


class QueryableAttribute(Mapped[Any], ColumnOperators):
    """A mapped attribute seen from its class: ``User.name``.

    Behaves as the SQL expression of its property (``User.name == "ed"``, ``User.id.in_([1, 2])``,
    ``select(User.id, User.name)``) and tells what it maps: ``key``, ``class_``, ``parent`` (the
    Mapper), ``property`` (the MapperProperty).
    """

    __slots__ = ("class_", "key", "property", "parent", "_expr")
    # Select() marks statements selecting ORM entities/attributes as ORM statements.
    _orm_select_plugin = True
    is_attribute = True

    def __init__(self, class_: type, key: str, prop: Any, mapper: Any) -> None:
        self.class_ = class_
        self.key = key
        self.property = prop
        self.parent = mapper
        self._expr: Any = None

    # -- expression side ---------------------------------------------------------------------------
    def __clause_element__(self) -> Any:
        expr = self._expr
        if expr is None:
            expr = self._expr = self.property._expression_for(self)
        return expr

    @property
    def expression(self) -> Any:
        return self.__clause_element__()

    def operate(self, op: Any, *other: Any, **kwargs: Any) -> Any:
        return self.__clause_element__().operate(op, *other, **kwargs)

    def reverse_operate(self, op: Any, other: Any, **kwargs: Any) -> Any:
        return self.__clause_element__().reverse_operate(op, other, **kwargs)

    def label(self, name: Optional[str]) -> Any:
        return self.__clause_element__().label(name)

    def __getattr__(self, key: str) -> Any:
        # ``User.name.type``, ``User.data["k"].as_string()``... reach the column expression.
        if key.startswith("__") or key in QueryableAttribute.__slots__:
            raise AttributeError(key)
        try:
            return getattr(self.__clause_element__(), key)
        except AttributeError:
            raise AttributeError(
                f"{type(self).__name__!r} object associated with {self.class_.__name__}.{self.key} "
                f"has no attribute {key!r}"
            ) from None

    def __str__(self) -> str:
        return f"{self.class_.__name__}.{self.key}"

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.class_.__name__}.{self.key}>"

    # -- instance side -----------------------------------------------------------------------------
    def __get__(self, instance: Any, owner: Any) -> Any:
        if instance is None:
            return self
        # Reached only when the instance dict lacks the key: a never-set attribute reads as None.
        return self.property._missing_value(instance)


class InstrumentedAttribute(QueryableAttribute):
    """The class attribute installed for each mapped column or relationship."""

    __slots__ = ()


class ValidatedAttribute(InstrumentedAttribute):
    """An attribute with a ``@validates`` method: a data descriptor so that writes go through it."""

    __slots__ = ("_validator", "_state_key")

    def __init__(self, class_: type, key: str, prop: Any, mapper: Any, validator: Any) -> None:
        super().__init__(class_, key, prop, mapper)
        self._validator = validator

    def __get__(self, instance: Any, owner: Any) -> Any:
        if instance is None:
            return self
        try:
            return instance.__dict__[self.key]
        except KeyError:
            return self.property._missing_value(instance)

    def __set__(self, instance: Any, value: Any) -> None:
        instance.__dict__[self.key] = self._validator(instance, self.key, value)

    def __delete__(self, instance: Any) -> None:
        instance.__dict__.pop(self.key, None)


class SynonymAttribute(QueryableAttribute):
    """``synonym("name")``: another name for a mapped attribute, on the class and on instances."""

    __slots__ = ("_descriptor",)

    def __init__(self, class_: type, key: str, prop: Any, mapper: Any, descriptor: Any = None) -> None:
        super().__init__(class_, key, prop, mapper)
        self._descriptor = descriptor

    def __get__(self, instance: Any, owner: Any) -> Any:
        if instance is None:
            if self._descriptor is not None and hasattr(self._descriptor, "__get__"):
                res = self._descriptor.__get__(None, owner)
                if res is not self._descriptor:
                    return res
            return self
        if self._descriptor is not None:
            return self._descriptor.__get__(instance, owner)
        return getattr(instance, self.property.name)

    def __set__(self, instance: Any, value: Any) -> None:
        if self._descriptor is not None:
            self._descriptor.__set__(instance, value)
        else:
            setattr(instance, self.property.name, value)

    def __delete__(self, instance: Any) -> None:
        if self._descriptor is not None:
            self._descriptor.__delete__(instance)
        else:
            delattr(instance, self.property.name)
