"""``association_proxy()``: an attribute that reads and writes one attribute of the objects a
relationship holds, as if they were the values themselves.

``User.keywords = association_proxy("user_keywords", "keyword")`` makes ``user.keywords`` a live
list of ``uk.keyword`` for each ``uk`` in ``user.user_keywords``; appending a value builds the
intermediary object with ``creator`` (default: ``TargetClass(keyword=value)``).  Over a
many-to-one relationship the proxy is a single value.  On the class the proxy builds SQL from the
relationship's ``any()``/``has()``: ``User.keywords == "x"``, ``.any(...)``, ``.has(...)``,
``.contains(obj)``.

Example::

    class User(Base):
        __tablename__ = "user"
        id: Mapped[int] = mapped_column(primary_key=True)
        kw: Mapped[list["Keyword"]] = relationship()
        keywords: AssociationProxy[list[str]] = association_proxy("kw", "keyword")

    user.keywords.append("cheese")           # user.kw gets Keyword(keyword="cheese")
    select(User).where(User.keywords.any(Keyword.keyword.like("ch%")))
"""
from __future__ import annotations

from collections.abc import MutableMapping, MutableSequence, MutableSet
from typing import Any, Callable, Iterable, Iterator, Optional

from orm import exc
from orm.orm.base import InspectionAttrExtensionType
from orm.sql.operators_mixin import ColumnOperators

__all__ = ["association_proxy", "AssociationProxy", "AssociationProxyInstance", "ObjectAssociationProxyInstance",
           "ColumnAssociationProxyInstance", "AmbiguousAssociationProxyInstance", "AssociationProxyExtensionType",
           "ASSOCIATION_PROXY"]


class AssociationProxyExtensionType(InspectionAttrExtensionType):
    ASSOCIATION_PROXY = "ASSOCIATION_PROXY"


ASSOCIATION_PROXY = AssociationProxyExtensionType.ASSOCIATION_PROXY

_DATACLASS_KW = ("init", "repr", "default", "default_factory", "compare", "kw_only", "hash", "dataclass_metadata")


def association_proxy(target_collection: str, attr: str, *, creator: Optional[Callable[..., Any]] = None,
                      getset_factory: Any = None, proxy_factory: Any = None, proxy_bulk_set: Any = None,
                      info: Optional[dict[Any, Any]] = None, cascade_scalar_deletes: bool = False,
                      create_on_none_assignment: bool = False, **dataclass_kw: Any) -> "AssociationProxy":
    """A view of ``attr`` of the objects in the relationship ``target_collection``.

    Example::

        keywords = association_proxy("user_keywords", "keyword",
                                     creator=lambda kw: UserKeyword(keyword=Keyword(kw)))
    """
    return AssociationProxy(target_collection, attr, creator=creator, getset_factory=getset_factory,
                            proxy_factory=proxy_factory, proxy_bulk_set=proxy_bulk_set, info=info,
                            cascade_scalar_deletes=cascade_scalar_deletes,
                            create_on_none_assignment=create_on_none_assignment, **dataclass_kw)


class AssociationProxy:
    """The descriptor ``association_proxy()`` returns; per mapped class it acts through an
    :class:`AssociationProxyInstance` (``User.keywords`` on the class is that instance)."""

    is_attribute = True
    is_mapper = is_property = is_aliased_class = is_instance = is_clause_element = is_selectable = False
    extension_type = ASSOCIATION_PROXY

    def __init__(self, target_collection: str, attr: str, *, creator: Optional[Callable[..., Any]] = None,
                 getset_factory: Any = None, proxy_factory: Any = None, proxy_bulk_set: Any = None,
                 info: Optional[dict[Any, Any]] = None, cascade_scalar_deletes: bool = False,
                 create_on_none_assignment: bool = False, **dataclass_kw: Any) -> None:
        unknown = set(dataclass_kw) - set(_DATACLASS_KW)
        if unknown:
            raise exc.ArgumentError(f"association_proxy() got unexpected keyword argument(s): {sorted(unknown)}")
        if not isinstance(target_collection, str) or not isinstance(attr, str):
            raise exc.ArgumentError(
                "association_proxy() takes the names of the relationship and of the attribute to proxy, "
                f"got {target_collection!r}, {attr!r}"
            )
        self.target_collection = target_collection
        self.value_attr = attr
        self.creator = creator
        self.getset_factory = getset_factory
        self.proxy_factory = proxy_factory
        self.proxy_bulk_set = proxy_bulk_set
        self.cascade_scalar_deletes = cascade_scalar_deletes
        self.create_on_none_assignment = create_on_none_assignment
        self.info = info if info is not None else {}
        self.owning_class: Optional[type] = None
        # where an instance keeps its collection view (one per proxy object)
        self.key = f"_AssociationProxy_{target_collection}_{id(self)}"
        self._by_class: dict[type, AssociationProxyInstance] = {}

    def __set_name__(self, owner: type, name: str) -> None:
        if self.owning_class is None:
            self.owning_class = owner
        self.name = name

    def __get__(self, instance: Any, owner: Any) -> Any:
        if instance is None:
            return self.for_class(owner)
        return self.for_class(type(instance)).get(instance)

    def __set__(self, instance: Any, values: Any) -> None:
        self.for_class(type(instance)).set(instance, values)

    def __delete__(self, instance: Any) -> None:
        self.for_class(type(instance)).delete(instance)

    def for_class(self, class_: type, obj: Any = None) -> "AssociationProxyInstance":
        """The proxy as seen from ``class_`` (its relationship, target class and value attribute)."""
        got = self._by_class.get(class_)
        if got is None:
            got = self._by_class[class_] = AssociationProxyInstance.for_proxy(self, class_)
        return got

    def _default_getset(self, collection_class: Any) -> tuple[Callable[[Any], Any], Callable[..., None]]:
        attr = self.value_attr

        def getter(target: Any) -> Any:
            return getattr(target, attr) if target is not None else None

        if collection_class is dict:
            def dict_setter(target: Any, key: Any, value: Any) -> None:
                setattr(target, attr, value)

            return getter, dict_setter

        def setter(target: Any, value: Any) -> None:
            setattr(target, attr, value)

        return getter, setter

    def __repr__(self) -> str:
        return f"AssociationProxy({self.target_collection!r}, {self.value_attr!r})"


class AssociationProxyInstance(ColumnOperators):
    """An association proxy seen from one mapped class: knows the relationship (``local_attr``),
    the target class and its proxied attribute (``remote_attr``), and whether it is ``scalar``."""

    _target_is_object = False
    __hash__ = object.__hash__

    def __init__(self, parent: AssociationProxy, owning_class: type, target_class: type, value_attr: str) -> None:
        self.parent = parent
        self.key = parent.key
        self.owning_class = owning_class
        self.target_collection = parent.target_collection
        self.target_class = target_class
        self.value_attr = value_attr
        self.collection_class: Any = None

    @classmethod
    def for_proxy(cls, parent: AssociationProxy, owning_class: type) -> "AssociationProxyInstance":
        from orm.mapping.base import _mapper_of

        mapper = None
        for klass in owning_class.__mro__:
            mapper = _mapper_of(klass)
            if mapper is not None:
                break
        if mapper is None:
            raise exc.InvalidRequestError(
                f"association proxy {parent.target_collection!r}.{parent.value_attr!r} is on "
                f"{owning_class.__name__}, which is not mapped"
            )
        mapper._check_configure()
        prop = mapper._props.get(parent.target_collection)
        if prop is None or not getattr(prop, "is_relationship", False):
            raise exc.InvalidRequestError(
                f"association proxy of {owning_class.__name__}: {parent.target_collection!r} is not a "
                "relationship of the class; association_proxy() takes the relationship's name first"
            )
        target_class = prop.mapper.class_
        target_attr = getattr(target_class, parent.value_attr, None)
        value_prop = getattr(target_attr, "property", None)
        if isinstance(target_attr, AssociationProxyInstance):
            kind: type = ObjectAssociationProxyInstance
        elif value_prop is not None and getattr(value_prop, "is_relationship", False):
            kind = ObjectAssociationProxyInstance
        elif value_prop is not None:
            kind = ColumnAssociationProxyInstance
        else:
            kind = AmbiguousAssociationProxyInstance
        return kind(parent, owning_class, target_class, parent.value_attr)  # type: ignore[no-any-return]

    # -- what it proxies --------------------------------------------------------------------------
    @property
    def _rel_prop(self) -> Any:
        from orm.mapping.base import _mapper_of

        return _mapper_of(self.owning_class)._props[self.target_collection]

    @property
    def scalar(self) -> bool:
        """True over a many-to-one / one-to-one relationship: the proxy is one value."""
        return not self._rel_prop.uselist

    @property
    def local_attr(self) -> Any:
        """The relationship attribute on the owning class (``User.user_keywords``)."""
        return getattr(self.owning_class, self.target_collection)

    @property
    def remote_attr(self) -> Any:
        """The proxied attribute on the target class (``UserKeyword.keyword``)."""
        return getattr(self.target_class, self.value_attr)

    @property
    def attr(self) -> tuple[Any, Any]:
        """``(local_attr, remote_attr)``: ``select(User).join(*User.keywords.attr)``."""
        return self.local_attr, self.remote_attr

    @property
    def info(self) -> dict[Any, Any]:
        return self.parent.info

    @property
    def _target_proxy(self) -> Optional["AssociationProxyInstance"]:
        got = getattr(self.target_class, self.value_attr, None)
        return got if isinstance(got, AssociationProxyInstance) else None

    @property
    def _value_is_scalar(self) -> bool:
        prop = getattr(self.remote_attr, "property", None)
        return prop is not None and getattr(prop, "is_relationship", False) and not prop.uselist

    def __clause_element__(self) -> Any:
        raise NotImplementedError(
            f"The association proxy {self.owning_class.__name__} -> {self.target_collection}.{self.value_attr} "
            "can't be used as a plain SQL expression; compare it (==, any(), has(), contains()) or "
            "select its remote_attr after a join on .attr"
        )

    # -- instances --------------------------------------------------------------------------------
    def get(self, obj: Any) -> Any:
        if obj is None:
            return self
        if self.scalar:
            target = getattr(obj, self.target_collection)
            return None if target is None else getattr(target, self.value_attr)
        d = obj.__dict__
        cached = d.get(self.key)
        if cached is not None and cached[0] is self:
            return cached[1]
        proxy = self._new(lambda: getattr(obj, self.target_collection))
        d[self.key] = (self, proxy)  # not a mapped attribute: kept out of change tracking
        return proxy

    def set(self, obj: Any, values: Any) -> None:
        if self.scalar:
            creator = self.parent.creator or self.target_class
            target = getattr(obj, self.target_collection)
            if target is None:
                if values is None and not self.parent.create_on_none_assignment:
                    return
                setattr(obj, self.target_collection, creator(values))
            else:
                setattr(target, self.value_attr, values)
                if values is None and self.parent.cascade_scalar_deletes:
                    setattr(obj, self.target_collection, None)
            return
        proxy = self.get(obj)
        if proxy is not values:
            proxy._bulk_replace(self, values)

    def delete(self, obj: Any) -> None:
        if self.scalar:
            target = getattr(obj, self.target_collection)
            if target is not None:
                delattr(target, self.value_attr)
        delattr(obj, self.target_collection)

    def _creator(self) -> Callable[..., Any]:
        # without a creator the target class is called with the value (a dict: key, value)
        # positionally, as SQLAlchemy does: give it an __init__ taking them, or pass creator=
        return self.parent.creator or self.target_class

    def _new(self, lazy_collection: Callable[[], Any]) -> Any:
        coll = lazy_collection()
        kind = _duck_type(coll)
        if kind is None:
            raise exc.InvalidRequestError(
                f"association proxy {self.owning_class.__name__}.{self.target_collection}: the relationship "
                f"holds a {type(coll).__name__}, not a list, set or dict"
            )
        self.collection_class = kind
        creator = self._creator()
        if self.parent.proxy_factory is not None:
            return self.parent.proxy_factory(lazy_collection, creator, self.value_attr, self)
        if self.parent.getset_factory is not None:
            getter, setter = self.parent.getset_factory(kind, self)
        else:
            getter, setter = self.parent._default_getset(kind)
        proxy_cls = {list: _AssociationList, set: _AssociationSet, dict: _AssociationDict}[kind]
        return proxy_cls(lazy_collection, creator, getter, setter, self)

    def _set(self, proxy: Any, values: Iterable[Any]) -> None:
        if self.parent.proxy_bulk_set is not None:
            self.parent.proxy_bulk_set(proxy, values)
        elif self.collection_class is list:
            proxy.extend(values)
        elif self.collection_class in (set, dict):
            proxy.update(values)
        else:
            raise exc.ArgumentError("no proxy_bulk_set given for a custom collection class")

    # -- SQL --------------------------------------------------------------------------------------
    def _criterion_exists(self, criterion: Any = None, **kwargs: Any) -> Any:
        """EXISTS through the relationship: ``any()`` over a collection, ``has()`` over a
        many-to-one, around the criterion on the target (itself proxied when the value attribute
        is another association proxy)."""
        is_has = kwargs.pop("is_has", None)
        local = self.local_attr
        rel = local.any if self._rel_prop.uselist else local.has
        inner_proxy = self._target_proxy
        if inner_proxy is not None:
            return rel(inner_proxy._criterion_exists(criterion, **kwargs))
        if self._target_is_object:
            remote = self.remote_attr
            prop = remote.property
            value_expr = (remote.any if prop.uselist else remote.has)(criterion, **kwargs)
        else:
            if kwargs:
                raise exc.ArgumentError("Can't apply keyword arguments to column-targeted association proxy; use ==")
            if is_has and criterion is not None:
                raise exc.ArgumentError("Non-empty has() not allowed for column-targeted association proxy; use ==")
            value_expr = criterion
        return rel(value_expr)

    def any(self, criterion: Any = None, **kwargs: Any) -> Any:
        """EXISTS: some proxied value matches (``User.keywords.any(Keyword.keyword == "x")``)."""
        if self._target_proxy is None and self.scalar and (not self._target_is_object or self._value_is_scalar):
            raise exc.InvalidRequestError("'any()' not implemented for scalar attributes. Use has().")
        return self._criterion_exists(criterion, is_has=False, **kwargs)

    def has(self, criterion: Any = None, **kwargs: Any) -> Any:
        """EXISTS for a scalar proxy (``Order.customer_name.has()``)."""
        if self._target_proxy is None and (not self.scalar or (self._target_is_object and not self._value_is_scalar)):
            raise exc.InvalidRequestError("'has()' not implemented for collections. Use any().")
        return self._criterion_exists(criterion, is_has=True, **kwargs)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.parent!r})"


class ObjectAssociationProxyInstance(AssociationProxyInstance):
    """A proxy whose values are mapped objects (the value attribute is a relationship)."""

    _target_is_object = True

    def contains(self, other: Any, **kw: Any) -> Any:
        """``User.keywords.contains(kw)``: some intermediary object refers to ``kw``."""
        inner = self._target_proxy
        if inner is not None:
            return self._criterion_exists_raw(inner.contains(other) if not inner.scalar else inner == other)
        if self.scalar and not self._value_is_scalar:
            return self.local_attr.has(getattr(self.target_class, self.value_attr).contains(other))
        if self.scalar and self._value_is_scalar:
            raise exc.InvalidRequestError("contains() doesn't apply to a scalar object endpoint; use ==")
        return self._criterion_exists_raw(None, **{self.value_attr: other})

    def _criterion_exists_raw(self, criterion: Any, **kw: Any) -> Any:
        local = self.local_attr
        return (local.any if self._rel_prop.uselist else local.has)(criterion, **kw)

    def __eq__(self, obj: Any) -> Any:  # type: ignore[override]
        from orm.sql import or_

        expr = self.local_attr.has(**{self.value_attr: obj})
        if obj is None:
            return or_(expr, self.local_attr == None)  # noqa: E711 - SQL IS NULL
        return expr

    def __ne__(self, obj: Any) -> Any:  # type: ignore[override]
        return self.local_attr.has(getattr(self.target_class, self.value_attr) != obj)


class ColumnAssociationProxyInstance(AssociationProxyInstance):
    """A proxy whose values are column values: every operator becomes EXISTS through the
    relationship (``User.keywords == "x"``, ``User.keywords.like("x%")``)."""

    def __eq__(self, other: Any) -> Any:  # type: ignore[override]
        from orm.sql import or_

        expr = self._criterion_exists(self.remote_attr == other)
        if other is None:  # no related row at all counts as NULL too
            return or_(expr, self.local_attr == None)  # noqa: E711
        return expr

    def operate(self, op: Any, *other: Any, **kwargs: Any) -> Any:
        return self._criterion_exists(self.remote_attr.operate(op, *other, **kwargs))


class AmbiguousAssociationProxyInstance(AssociationProxyInstance):
    """A proxy whose value attribute is not mapped on the target class (a plain Python
    attribute): instances work, SQL comparisons are refused."""

    def _refuse(self, *a: Any, **kw: Any) -> Any:
        raise AttributeError(
            f"Association proxy {self.owning_class.__name__}.{self.target_collection}.{self.value_attr} "
            f"refers to an attribute {self.value_attr!r} that is not mapped on {self.target_class.__name__}; "
            "it can't be used in SQL"
        )

    __eq__ = __ne__ = any = has = _refuse  # type: ignore[assignment]

    def operate(self, op: Any, *other: Any, **kwargs: Any) -> Any:
        return self._refuse()


def _duck_type(coll: Any) -> Any:
    if isinstance(coll, list):
        return list
    if isinstance(coll, (set, frozenset)):
        return set
    if isinstance(coll, dict):
        return dict
    for kind, marker in ((list, "append"), (set, "add"), (dict, "keys")):
        if hasattr(coll, marker):
            return kind
    return None


# -- the instance-side views ----------------------------------------------------------------------
class _AssociationCollection:
    def __init__(self, lazy_collection: Callable[[], Any], creator: Callable[..., Any], getter: Callable[..., Any],
                 setter: Callable[..., Any], parent: AssociationProxyInstance) -> None:
        self.lazy_collection = lazy_collection
        self.creator = creator
        self.getter = getter
        self.setter = setter
        self.parent = parent

    @property
    def col(self) -> Any:
        return self.lazy_collection()  # the relationship's live collection (may be replaced)

    def __len__(self) -> int:
        return len(self.col)

    def __bool__(self) -> bool:
        return bool(self.col)

    __hash__ = None  # type: ignore[assignment]  # mutable views are not hashable


class _AssociationList(_AssociationCollection, MutableSequence):  # type: ignore[misc]
    """``user.keywords``: the values of the related objects, as a list."""

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self.getter(o) for o in self.col[index]]
        return self.getter(self.col[index])

    def __setitem__(self, index: Any, value: Any) -> None:
        if not isinstance(index, slice):
            self.setter(self.col[index], value)
            return
        col = self.col
        start, stop, step = index.indices(len(col))
        values = list(value)
        if step == 1:
            for _ in range(max(stop - start, 0)):
                del col[start]
            for i, v in enumerate(values):
                col.insert(start + i, self.creator(v))
            return
        targets = list(range(start, stop, step))
        if len(values) != len(targets):
            raise ValueError(f"attempt to assign sequence of size {len(values)} to extended slice of size {len(targets)}")
        for i, v in zip(targets, values):
            self.setter(col[i], v)

    def __delitem__(self, index: Any) -> None:
        del self.col[index]

    def __iter__(self) -> Iterator[Any]:
        return (self.getter(o) for o in list(self.col))

    def __contains__(self, value: object) -> bool:
        return any(self.getter(o) == value for o in self.col)

    def insert(self, index: int, value: Any) -> None:
        self.col.insert(index, self.creator(value))

    def append(self, value: Any) -> None:
        self.col.append(self.creator(value))

    def remove(self, value: Any) -> None:
        col = self.col
        for i, o in enumerate(col):
            if self.getter(o) == value:
                del col[i]
                return
        raise ValueError("value not in list")

    def pop(self, index: int = -1) -> Any:
        return self.getter(self.col.pop(index))

    def clear(self) -> None:
        del self.col[:]

    def reverse(self) -> None:
        raise NotImplementedError("reverse() of an association proxy list; reverse the relationship's list")

    def sort(self, *a: Any, **kw: Any) -> None:
        raise NotImplementedError("sort() of an association proxy list; sort the relationship's list")

    def copy(self) -> list[Any]:
        return list(self)

    def _bulk_replace(self, assoc: AssociationProxyInstance, values: Iterable[Any]) -> None:
        values = list(values)
        self.clear()
        assoc._set(self, values)

    def __eq__(self, other: object) -> bool:
        return list(self) == other

    def __ne__(self, other: object) -> bool:
        return list(self) != other

    def __lt__(self, other: list[Any]) -> bool:
        return list(self) < other

    def __le__(self, other: list[Any]) -> bool:
        return list(self) <= other

    def __gt__(self, other: list[Any]) -> bool:
        return list(self) > other

    def __ge__(self, other: list[Any]) -> bool:
        return list(self) >= other

    def __add__(self, other: Any) -> list[Any]:
        return list(self) + list(other)

    def __radd__(self, other: Any) -> list[Any]:
        return list(other) + list(self)

    def __mul__(self, n: int) -> list[Any]:
        return list(self) * n

    __rmul__ = __mul__

    def __iadd__(self, values: Iterable[Any]) -> "_AssociationList":
        self.extend(values)
        return self

    def __repr__(self) -> str:
        return repr(list(self))


class _AssociationSet(_AssociationCollection, MutableSet):  # type: ignore[misc]
    """``user.tags``: the values of the related objects, as a set."""

    def __contains__(self, value: object) -> bool:
        return any(self.getter(o) == value for o in self.col)

    def __iter__(self) -> Iterator[Any]:
        seen = []
        for o in list(self.col):
            v = self.getter(o)
            if v not in seen:
                seen.append(v)
                yield v

    def __len__(self) -> int:
        return len(self.col)

    def add(self, value: Any) -> None:
        if value not in self:
            self.col.add(self.creator(value))

    def discard(self, value: Any) -> None:
        col = self.col
        for o in list(col):
            if self.getter(o) == value:
                col.remove(o)
                return

    def remove(self, value: Any) -> None:
        if value not in self:
            raise KeyError(value)
        self.discard(value)

    def pop(self) -> Any:
        col = self.col
        if not col:
            raise KeyError("pop from an empty set")
        return self.getter(col.pop())

    def update(self, *others: Iterable[Any]) -> None:
        for other in others:
            for v in other:
                self.add(v)

    def clear(self) -> None:
        self.col.clear()

    def copy(self) -> set[Any]:
        return set(self)

    @classmethod
    def _from_iterable(cls, it: Iterable[Any]) -> set[Any]:
        return set(it)  # set operators (|, &, -) give plain sets, as SQLAlchemy's

    def union(self, *others: Iterable[Any]) -> set[Any]:
        return set(self).union(*others)

    def intersection(self, *others: Iterable[Any]) -> set[Any]:
        return set(self).intersection(*others)

    def difference(self, *others: Iterable[Any]) -> set[Any]:
        return set(self).difference(*others)

    def issubset(self, other: Iterable[Any]) -> bool:
        return set(self).issubset(other)

    def issuperset(self, other: Iterable[Any]) -> bool:
        return set(self).issuperset(other)

    def __eq__(self, other: object) -> bool:
        return set(self) == other

    def __ne__(self, other: object) -> bool:
        return set(self) != other

    def _bulk_replace(self, assoc: AssociationProxyInstance, values: Iterable[Any]) -> None:
        wanted = list(values or ())
        for v in set(self) - set(wanted):
            self.discard(v)
        for v in wanted:
            self.add(v)

    def __repr__(self) -> str:
        return repr(set(self))


class _AssociationDict(_AssociationCollection, MutableMapping):  # type: ignore[misc]
    """``user.notes``: key -> value of the related objects, over a keyed-dict relationship; new
    keys build an object with ``creator(key, value)``."""

    def __getitem__(self, key: Any) -> Any:
        return self.getter(self.col[key])

    def __setitem__(self, key: Any, value: Any) -> None:
        col = self.col
        if key in col:
            self.setter(col[key], key, value)
        else:
            col[key] = self.creator(key, value)

    def __delitem__(self, key: Any) -> None:
        del self.col[key]

    def __contains__(self, key: object) -> bool:
        return key in self.col

    def __iter__(self) -> Iterator[Any]:
        return iter(list(self.col.keys()))

    def clear(self) -> None:
        self.col.clear()

    def copy(self) -> dict[Any, Any]:
        return dict(self.items())

    def __eq__(self, other: object) -> bool:
        return dict(self) == other

    def __ne__(self, other: object) -> bool:
        return dict(self) != other

    def _bulk_replace(self, assoc: AssociationProxyInstance, values: Any) -> None:
        values = dict(values or {})
        for key in [k for k in self if k not in values]:
            del self[key]
        for key, value in values.items():
            self[key] = value

    def __repr__(self) -> str:
        return repr(dict(self))

