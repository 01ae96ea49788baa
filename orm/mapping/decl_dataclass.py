"""Dataclass-style declarative mapping: ``MappedAsDataclass``.

Each class below the base is made a Python dataclass before it is mapped: its annotated
attributes become the fields (``__init__`` arguments in order, ``__repr__``, ``__eq__``), and the
dataclass options given to ``mapped_column()`` / ``relationship()`` / ``column_property()`` ...
(``init``, ``default``, ``default_factory``, ``repr``, ``compare``, ``kw_only``, ``hash``) shape
each field.  Class keywords (``init``, ``repr``, ``eq``, ``order``, ``unsafe_hash``,
``match_args``, ``kw_only``, ``dataclass_callable``) go to ``dataclasses.dataclass``; given on
the base they apply to every class below it.

Example::

    class Base(MappedAsDataclass, DeclarativeBase):
        pass

    class User(Base):
        __tablename__ = "users"
        id: Mapped[int] = mapped_column(init=False, primary_key=True)
        name: Mapped[str]
        nickname: Mapped[Optional[str]] = mapped_column(default=None)
        addresses: Mapped[list["Address"]] = relationship(default_factory=list)

    User("ed")      # User(id=None, name='ed', nickname=None, addresses=[])

A Python dataclasses error (a field without a default after one with a default, ...) is raised
as ``InvalidRequestError`` naming the class, as SQLAlchemy does.
"""
from __future__ import annotations

import dataclasses
import inspect
import warnings
from typing import Any, dataclass_transform

from orm import exc

from .composite import composite
from .properties import _DATACLASS_KEYS as DATACLASS_KEYS  # the field() options constructs accept
from .properties import MappedColumn, column_property, deferred, mapped_column, synonym
from .query_expression import query_expression
from .relationships import RelationshipProperty, relationship

_CLASS_KEYS = ("init", "repr", "eq", "order", "unsafe_hash", "match_args", "kw_only",
               "dataclass_callable")
_NOT_GIVEN: Any = dataclasses.MISSING


def split_dataclass_options(kw: dict[str, Any]) -> dict[str, Any]:
    """Removes the dataclass field options from a constructor's keywords and returns them."""
    return {k: kw.pop(k) for k in DATACLASS_KEYS if k in kw}


def _field_options(value: Any) -> dict[str, Any]:
    from orm.sql.schema import Column

    from .properties import MappedColumn

    if isinstance(value, MappedColumn):
        opts = {k: v for k, v in value.orm_kw.items() if k in DATACLASS_KEYS}
        if "default" in value.kw:  # the Column's default is the field's default too
            opts["default"] = value.kw["default"]
        return opts
    if isinstance(value, Column):
        return {}
    return dict(getattr(value, "_dataclass_options", None) or {})


def _field(opts: dict[str, Any]) -> Any:
    kw: dict[str, Any] = {}
    for k, v in opts.items():
        if k == "dataclass_metadata":
            kw["metadata"] = v
        else:
            kw[k] = v
    return dataclasses.field(**kw)


@dataclass_transform(field_specifiers=(MappedColumn, RelationshipProperty, mapped_column, relationship,
                                       column_property, deferred, synonym, composite, query_expression))
class MappedAsDataclass:
    """Mixin making each mapped class below a declarative base a Python dataclass.

    Example::

        class Base(MappedAsDataclass, DeclarativeBase, kw_only=True):
            pass
    """

    def __init_subclass__(cls, init: Any = _NOT_GIVEN, repr: Any = _NOT_GIVEN, eq: Any = _NOT_GIVEN,
                          order: Any = _NOT_GIVEN, unsafe_hash: Any = _NOT_GIVEN,
                          match_args: Any = _NOT_GIVEN, kw_only: Any = _NOT_GIVEN,
                          dataclass_callable: Any = _NOT_GIVEN, **kw: Any) -> None:
        given = dict(init=init, repr=repr, eq=eq, order=order, unsafe_hash=unsafe_hash,
                     match_args=match_args, kw_only=kw_only, dataclass_callable=dataclass_callable)
        inherited = getattr(cls, "_orm_dataclass_args", {})
        args = {k: (inherited.get(k, _NOT_GIVEN) if v is _NOT_GIVEN else v) for k, v in given.items()}
        args = {k: v for k, v in args.items() if v is not _NOT_GIVEN}
        type.__setattr__(cls, "_orm_dataclass_args", args)
        # every class is made a dataclass: the declarative base too (as SQLAlchemy does: its
        # __eq__ is the one classes with eq=False inherit), mixins and abstract classes (their
        # fields are inherited)
        _make_dataclass(cls, args)
        super().__init_subclass__(**kw)


def mapped_as_dataclass(registry: Any, **dataclass_args: Any) -> Any:
    """The function form of ``registry.mapped_as_dataclass()``::

        @mapped_as_dataclass(reg)
        class User:
            ...
    """
    return registry.mapped_as_dataclass(None, **dataclass_args)


def make_dataclass_and_map(registry: Any, cls: Any, dataclass_args: dict[str, Any]) -> Any:
    unknown = set(dataclass_args) - set(_CLASS_KEYS)
    if unknown:
        raise TypeError(f"mapped_as_dataclass() got unexpected keyword argument(s): {sorted(unknown)}")
    _make_dataclass(cls, dataclass_args)
    registry.map_declaratively(cls)
    return cls


def _make_dataclass(cls: Any, args: dict[str, Any]) -> None:
    from orm.sql.schema import Column

    from .properties import MappedColumn, MapperProperty

    d = cls.__dict__
    if "__annotations__" not in d:
        type.__setattr__(cls, "__annotations__", {})
    anns = d["__annotations__"]
    saved: dict[str, Any] = {}
    order = list(d)
    borrowed = _borrow_from_plain_mixins(cls, anns)
    for name in list(anns):
        if name.startswith("__") and name.endswith("__"):
            continue
        value = d.get(name, _NOT_GIVEN)
        if isinstance(value, (MappedColumn, MapperProperty, Column)):
            # the field stands in for the ORM construct while dataclasses reads the class, then
            # the construct goes back for declarative to map
            saved[name] = value
            type.__setattr__(cls, name, _field(_field_options(value)))
    dc_args = {k: v for k, v in args.items() if k != "dataclass_callable"}
    make = args.get("dataclass_callable", dataclasses.dataclass)
    try:
        make(cls, **dc_args)
    except (TypeError, ValueError) as e:
        raise exc.InvalidRequestError(
            f"Python dataclasses error encountered when creating dataclass for {cls.__name__!r}: "
            f"{e!r}. Please refer to Python dataclasses documentation for additional information."
        ) from e
    finally:
        for name, value in saved.items():
            if name in borrowed:
                # the mixin keeps defining the attribute: declarative copies it from there
                type.__delattr__(cls, name)
                del anns[name]
            else:
                type.__setattr__(cls, name, value)
        type.__setattr__(cls, "_orm_dataclass_order", tuple(order))
    dc_init = cls.__dict__.get("__init__")
    if dc_init is not None and args.get("init", True):
        type.__setattr__(cls, "__init__", _with_mapper_setup(dc_init))


def _borrow_from_plain_mixins(cls: Any, anns: dict[str, Any]) -> set[str]:
    """Mapped attributes of superclasses that are not dataclasses (a plain mixin): SQLAlchemy 2.0
    makes them fields of the class, with a deprecation warning (an error from 2.1); so do we.
    They are placed in the class while dataclasses reads it, and taken away after."""
    from orm.sql.schema import Column

    from .base import _mapper_of
    from .properties import MappedColumn, MapperProperty

    fields: set[str] = set()
    for k in cls.__mro__[1:]:
        fields.update(getattr(k, "__dataclass_fields__", {}))
    borrowed: dict[str, tuple[Any, Any]] = {}
    for k in cls.__mro__[1:]:
        if k is object or dataclasses.is_dataclass(k) or _mapper_of(k) is not None or \
                k.__module__.startswith("orm."):
            continue
        for name, ann in k.__dict__.get("__annotations__", {}).items():
            value = k.__dict__.get(name)
            if name in anns or name in fields or name in borrowed or \
                    not isinstance(value, (MappedColumn, MapperProperty, Column)):
                continue
            borrowed[name] = (ann, value)
            warnings.warn(
                f"When transforming {cls} to a dataclass, attribute(s) {name!r} originates from "
                f"superclass {k}, which is not a dataclass.  This usage is deprecated and will "
                "raise an error in SQLAlchemy 2.1.  When declaring SQLAlchemy Declarative "
                "Dataclasses, ensure that all mixin classes and other superclasses which include "
                "attributes are also a subclass of MappedAsDataclass.", DeprecationWarning,
                stacklevel=4)
    if borrowed:
        # before the class's own fields, as inherited fields would be
        own = dict(anns)
        anns.clear()
        anns.update({name: ann for name, (ann, _) in borrowed.items()})
        anns.update(own)
        for name, (_, value) in borrowed.items():
            type.__setattr__(cls, name, value)
    return set(borrowed)


def _with_mapper_setup(dc_init: Any) -> Any:
    """The dataclass ``__init__``, after what the declarative constructor does first (mappers
    configured, the polymorphic identity set)."""
    from .decl_api import _prepare_instance

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        _prepare_instance(self)
        dc_init(self, *args, **kwargs)

    __init__.__name__ = dc_init.__name__
    __init__.__qualname__ = dc_init.__qualname__
    __init__.__doc__ = dc_init.__doc__
    # the signature of the fields, without their Mapped[...] annotations (as SQLAlchemy's)
    sig = inspect.signature(dc_init)
    __init__.__signature__ = sig.replace(  # type: ignore[attr-defined]
        parameters=[p.replace(annotation=inspect.Parameter.empty) for p in sig.parameters.values()],
        return_annotation=inspect.Signature.empty)
    return __init__
