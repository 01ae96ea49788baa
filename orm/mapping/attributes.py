"""Instrumented class attributes: ``User.name`` on the class, the plain value on an instance.

Reads of loaded values cost nothing: a column attribute is a *non-data* descriptor, so Python finds
``obj.__dict__["name"]`` first and only calls ``__get__`` when the key is missing (a new object whose
attribute was never set, an expired or deferred one).  Writes are recorded by the class's
``__setattr__`` hook (:mod:`orm.mapping.instrumentation`).  Attributes that must see writes
(``@validates``, attribute event listeners, synonyms) are data descriptors, and so are
relationships: setting one keeps the other side in step (``back_populates``/``backref``) and
cascades the new object into the session.
"""
from __future__ import annotations

from typing import Any, Optional

from orm.sql.operators_mixin import ColumnOperators

from .base import STATE_KEY, Mapped
from .state import NO_VALUE, History, InstanceState


class QueryableAttribute(Mapped[Any], ColumnOperators):
    """A mapped attribute seen from its class: ``User.name``.

    Behaves as the SQL expression of its property (``User.name == "ed"``, ``User.id.in_([1, 2])``,
    ``select(User.id, User.name)``) and tells what it maps: ``key``, ``class_``, ``parent`` (the
    Mapper), ``property`` (the MapperProperty).
    """

    # _validator and _listeners live here so that every subclass has the same layout and an
    # attribute can switch class (plain -> evented) when a listener is added.
    __slots__ = ("class_", "key", "property", "parent", "_expr", "_validator", "_listeners", "_comparator")
    # Select() marks statements selecting ORM entities/attributes as ORM statements.
    _orm_select_plugin = True
    is_attribute = True

    def __init__(self, class_: type, key: str, prop: Any, mapper: Any) -> None:
        self.class_ = class_
        self.key = key
        self.property = prop
        self.parent = mapper
        self._expr: Any = None
        self._validator: Any = None
        self._listeners: Any = None  # AttributeEvents once someone listens

    # -- expression side ---------------------------------------------------------------------------
    def __clause_element__(self) -> Any:
        expr = self._expr
        if expr is None:
            expr = self._expr = self.property._expression_for(self)
        return expr

    @property
    def expression(self) -> Any:
        return self.__clause_element__()

    @property
    def comparator(self) -> Any:
        """The attribute's PropComparator (its ``comparator_factory``'s, else the default one)."""
        from .prop_comparator import ColumnComparator, aliased_entity_of, comparator_of

        cmp = comparator_of(self)
        if cmp is None:
            cmp = ColumnComparator(self.property, self.parent, aliased_entity_of(self))
        return cmp

    def operate(self, op: Any, *other: Any, **kwargs: Any) -> Any:
        if getattr(self.property, "comparator_factory", None) is not None:
            cmp = _custom_comparator(self)
            if cmp is not None:
                from .prop_comparator import operate_through

                return operate_through(cmp, op, other, kwargs)
        return self.__clause_element__().operate(op, *other, **kwargs)

    def reverse_operate(self, op: Any, other: Any, **kwargs: Any) -> Any:
        if getattr(self.property, "comparator_factory", None) is not None:
            cmp = _custom_comparator(self)
            if cmp is not None:
                from .prop_comparator import reverse_operate_through

                return reverse_operate_through(cmp, op, other, kwargs)
        return self.__clause_element__().reverse_operate(op, other, **kwargs)

    def label(self, name: Optional[str]) -> Any:
        return self.__clause_element__().label(name)

    def __getattr__(self, key: str) -> Any:
        # ``User.name.type``, ``User.data["k"].as_string()``... reach the column expression.
        if key.startswith("__") or key in QueryableAttribute.__slots__:
            raise AttributeError(key)
        if not key.startswith("_") and getattr(self.property, "comparator_factory", None) is not None:
            # methods a comparator_factory defines (``Word.text.some_method()``)
            cmp = _custom_comparator(self)
            if cmp is not None and hasattr(type(cmp), key):
                return getattr(cmp, key)
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
        # Reached only when the instance dict lacks the key.
        return _missing_column(self, instance)

    # -- history helpers (SQLAlchemy's attribute impl API) ------------------------------------------
    def get_history(self, instance: Any, passive: Any = None) -> History:
        from .mapper import _instance_state

        return _instance_state(instance)._history(self.key)


def _custom_comparator(attr: QueryableAttribute) -> Any:
    from .prop_comparator import comparator_of

    return comparator_of(attr)


def _missing_column(attr: QueryableAttribute, instance: Any) -> Any:
    """Value of an unloaded column attribute: None for new objects; for objects with an identity
    the expired/deferred attributes are loaded from the database."""
    d = instance.__dict__
    st = d.get(STATE_KEY)
    if st is None or st.key is None or getattr(attr.property, "is_query_expression", False):
        # a query_expression() is loaded only by a query's with_expression(), never on access
        return attr.property._missing_value(instance)
    key = attr.key
    if key in st.expired_attributes:
        keys = set(st.expired_attributes)
    else:
        keys = {key}
    load_attributes(st, keys)
    try:
        return d[key]
    except KeyError:
        return None


def load_attributes(state: InstanceState, keys: Any) -> None:
    """Load ``keys`` of a persistent object through its session (the read side's refresh loader);
    a detached object raises ``DetachedInstanceError``."""
    from orm import exc

    session = state.session
    if session is None:
        raise exc.DetachedInstanceError(
            f"Instance {_instance_str(state)} is not bound to a Session; attribute refresh "
            "operation cannot proceed"
        )
    session._load_attributes(state, keys)


def _instance_str(state: Any) -> str:
    return f"<{state.class_.__name__} at 0x{id(state.obj()):x}>"


class InstrumentedAttribute(QueryableAttribute):
    """The class attribute installed for each mapped column or relationship."""

    __slots__ = ()


class ValidatedAttribute(InstrumentedAttribute):
    """An attribute with a ``@validates`` method: a data descriptor so that writes go through it."""

    __slots__ = ()

    def __init__(self, class_: type, key: str, prop: Any, mapper: Any, validator: Any) -> None:
        super().__init__(class_, key, prop, mapper)
        self._validator = validator

    def __get__(self, instance: Any, owner: Any) -> Any:
        if instance is None:
            return self
        try:
            return instance.__dict__[self.key]
        except KeyError:
            return _missing_column(self, instance)

    def __set__(self, instance: Any, value: Any) -> None:
        if self._validator is not None:
            value = self._validator(instance, self.key, value)
        if self._listeners is not None:
            from orm.session.events import fire_set

            d = instance.__dict__
            value = fire_set(self, instance, value, d.get(self.key, NO_VALUE))
        instance.__dict__[self.key] = value

    def __delete__(self, instance: Any) -> None:
        instance.__dict__.pop(self.key, None)


class EventedAttribute(ValidatedAttribute):
    """A column attribute with ``set`` listeners (switched to from InstrumentedAttribute)."""

    __slots__ = ()


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


class RelationshipAttribute(InstrumentedAttribute):
    """A relationship on instances: a collection (list/set/dict) or a single related object.

    Setting it (or changing the collection) updates the other side when it is loaded, cascades
    the related object into the parent's session (``save-update``), and records history for the
    flush.
    """

    __slots__ = ()

    def __get__(self, instance: Any, owner: Any) -> Any:
        if instance is None:
            return self
        d = instance.__dict__
        try:
            return d[self.key]
        except KeyError:
            return _load_relationship(self, instance, d)

    def __set__(self, instance: Any, value: Any) -> None:
        from . import relationship_sync as sync

        prop = self.property
        if prop.uselist is None:
            prop.parent._check_configure()
        if prop.uselist:
            sync.set_collection(self, instance, value)
        else:
            sync.set_scalar(self, instance, value)

    def __delete__(self, instance: Any) -> None:
        from . import relationship_sync as sync

        prop = self.property
        if prop.uselist:
            sync.set_collection(self, instance, [])
            instance.__dict__.pop(self.key, None)
        else:
            sync.set_scalar(self, instance, None)


def _load_relationship(attr: RelationshipAttribute, instance: Any, d: dict[str, Any]) -> Any:
    """Value of an unloaded relationship: loaded by its loader strategy for objects with an
    identity; an empty collection / None for new objects."""
    from .mapper import _instance_state

    prop = attr.property
    if prop.uselist is None:
        prop.parent._check_configure()
    st = d.get(STATE_KEY)
    if st is None:
        st = _instance_state(instance)
    if st.key is not None:
        strategy = getattr(prop, "_strategy", None)
        if strategy is None and _import_loaders():
            strategy = getattr(prop, "_strategy", None)
        if strategy is not None:
            return strategy.load(st, None)
    if prop.uselist:
        from .collections import new_collection

        coll = new_collection(prop, st)
        d[attr.key] = coll
        return coll
    return None


_loaders_imported = False


def _import_loaders() -> bool:
    """The read side installs ``prop._strategy`` on relationships when it is imported."""
    global _loaders_imported
    if _loaders_imported:
        return False
    _loaders_imported = True
    try:
        import orm.session.strategies  # noqa: F401
    except ImportError:
        return False
    return True


__all__ = ["QueryableAttribute", "InstrumentedAttribute", "ValidatedAttribute", "EventedAttribute",
           "SynonymAttribute", "RelationshipAttribute", "load_attributes", "History", "InstanceState"]
