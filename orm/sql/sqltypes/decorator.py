"""Types built by users: TypeDecorator, UserDefinedType, Variant (``with_variant``), PickleType."""
from __future__ import annotations

import pickle
import warnings
from typing import Any, Callable, ClassVar, Optional

from ..type_api import ExternalType, TypeEngine, to_instance
from . import _literals
from .string import LargeBinary

_warned_uncached: set[type] = set()


def _uncacheable(type_: Any) -> Exception:
    from ..base import _Uncacheable

    cls = type(type_)
    if getattr(cls, "cache_ok", None) is None and cls not in _warned_uncached:
        _warned_uncached.add(cls)
        from orm.exc import SAWarning

        warnings.warn(
            f"{cls.__name__} {type_!r} will not produce a cache key because the ``cache_ok`` "
            f"attribute is not set to True. Set cache_ok = True on the class when its state is "
            f"fully described by its constructor arguments, or False to silence this warning.",
            SAWarning,
            stacklevel=4,
        )
    return _Uncacheable()


class TypeDecorator(ExternalType, TypeEngine[Any]):
    """Add Python-side behaviour to an existing type (``impl``).

    ``process_bind_param`` runs before the impl's own driver conversion and
    ``process_result_value`` after it, so a decorator over ``DateTime`` still gets SQLite's text
    conversion.  ``load_dialect_impl`` may choose a different impl per dialect.

    Example::

        class JSONEncodedDict(TypeDecorator):
            impl = VARCHAR
            cache_ok = True

            def process_bind_param(self, value, dialect):
                return None if value is None else json.dumps(value)

            def process_result_value(self, value, dialect):
                return None if value is None else json.loads(value)
    """

    __visit_name__ = "type_decorator"
    impl: Any = None
    cache_ok: ClassVar[Optional[bool]] = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        impl = type(self).__dict__.get("impl") or getattr(type(self), "impl", None)
        if impl is None:
            raise AssertionError(
                "TypeDecorator implementations require a class-level variable 'impl' which "
                "refers to the class of type being decorated"
            )
        self.impl = to_instance(impl, *args, **kwargs)

    # -- the impl stands in for this type in most respects ---------------------------------------
    @property
    def impl_instance(self) -> TypeEngine[Any]:
        return self.impl  # type: ignore[no-any-return]

    @property
    def python_type(self) -> type:
        return self.impl.python_type  # type: ignore[no-any-return]

    @property
    def _type_affinity(self) -> type[TypeEngine[Any]]:  # type: ignore[override]
        return self.impl._type_affinity  # type: ignore[no-any-return]

    @property
    def comparator_factory(self) -> Any:  # type: ignore[override]
        return self.impl.comparator_factory

    @property
    def hashable(self) -> bool:  # type: ignore[override]
        return bool(self.impl.hashable)

    def __getattr__(self, key: str) -> Any:
        # ``MyString(50).length``: attributes of the impl read through, as in SQLAlchemy.
        if key.startswith("__") or key in ("impl", "_dialect_impls"):
            raise AttributeError(key)
        impl = self.__dict__.get("impl")
        if impl is None:
            raise AttributeError(key)
        return getattr(impl, key)

    def coerce_compared_value(self, op: Any, value: Any) -> TypeEngine[Any]:
        """Values compared with this type get this type, so ``process_bind_param`` applies."""
        return self

    def compare_values(self, x: Any, y: Any) -> bool:
        return self.impl.compare_values(x, y)  # type: ignore[no-any-return]

    def copy(self) -> "TypeDecorator":
        new = self.__class__.__new__(self.__class__)
        new.__dict__.update({k: v for k, v in self.__dict__.items() if k != "_dialect_impls"})
        return new

    # -- hooks users override -------------------------------------------------------------------
    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        """Python value -> value for the impl (override)."""
        return value

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        """Value from the impl -> Python value (override)."""
        return value

    def process_literal_param(self, value: Any, dialect: Any) -> Any:
        """Python value -> value for the impl's literal rendering (override)."""
        return value

    def load_dialect_impl(self, dialect: Any) -> TypeEngine[Any]:
        """The impl to use on ``dialect`` (override to choose per dialect)."""
        return self.impl  # type: ignore[no-any-return]

    # -- machinery ------------------------------------------------------------------------------
    def type_engine(self, dialect: Any) -> TypeEngine[Any]:
        """The type this decorator stores as on ``dialect``, as written (the DDL renders it)."""
        return self.load_dialect_impl(dialect)

    def _impl_for(self, dialect: Any) -> TypeEngine[Any]:
        # the dialect-level impl whose driver conversions the decorator's hooks wrap
        return self.load_dialect_impl(dialect).dialect_impl(dialect)

    def _overrides(self, name: str) -> bool:
        return getattr(type(self), name) is not getattr(TypeDecorator, name)

    def bind_processor(self, dialect: Any) -> Optional[Callable[[Any], Any]]:
        inner = self._impl_for(dialect).bind_processor(dialect)
        if not self._overrides("process_bind_param"):
            return inner
        fn = self.process_bind_param
        if inner is None:
            def process(value: Any) -> Any:
                return fn(value, dialect)
        else:
            def process(value: Any) -> Any:
                return inner(fn(value, dialect))
        return process

    def result_processor(self, dialect: Any, coltype: Any) -> Optional[Callable[[Any], Any]]:
        inner = self._impl_for(dialect).result_processor(dialect, coltype)
        if not self._overrides("process_result_value"):
            return inner
        fn = self.process_result_value
        if inner is None:
            def process(value: Any) -> Any:
                return fn(value, dialect)
        else:
            def process(value: Any) -> Any:
                return fn(inner(value), dialect)
        return process

    def literal_processor(self, dialect: Any) -> Optional[Callable[[Any], str]]:
        inner = self._impl_for(dialect).literal_processor(dialect)
        if inner is None:
            return None
        if self._overrides("process_literal_param"):
            fn = self.process_literal_param
        elif self._overrides("process_bind_param"):
            fn = self.process_bind_param
        else:
            return inner

        def process(value: Any) -> str:
            return inner(fn(value, dialect))

        return process

    def _static_cache_key(self) -> tuple[Any, ...]:
        if type(self).cache_ok is not True:
            raise _uncacheable(self)
        return super()._static_cache_key() + (self.impl._static_cache_key(),)

    def __repr__(self) -> str:
        inner = repr(self.impl)
        args = inner[inner.index("("):] if "(" in inner else "()"
        return type(self).__name__ + args


class UserDefinedType(ExternalType, TypeEngine[Any]):
    """A type of your own: say its DDL in ``get_col_spec`` and convert values in the processors.

    Example::

        class Point(UserDefinedType):
            cache_ok = True

            def get_col_spec(self, **kw):
                return "POINT"
    """

    __visit_name__ = "user_defined"
    cache_ok: ClassVar[Optional[bool]] = None

    def get_col_spec(self, **kw: Any) -> str:
        raise NotImplementedError(f"{type(self).__name__} must implement get_col_spec()")

    def coerce_compared_value(self, op: Any, value: Any) -> TypeEngine[Any]:
        return self

    def _static_cache_key(self) -> tuple[Any, ...]:
        if type(self).cache_ok is not True:
            raise _uncacheable(self)
        return super()._static_cache_key()


# -- Variant --------------------------------------------------------------------------------------
_variant_classes: dict[type, type] = {}


class Variant:
    """Mixin of the types ``with_variant`` returns: the same type, replaced on some dialects.

    The result stays an instance of the original class (``String(50).with_variant(...)`` is still a
    ``String``), as in SQLAlchemy 2.0.

    Example::

        Column("data", JSON().with_variant(JSONB(), "postgresql"))
    """

    _variant_mapping: dict[str, TypeEngine[Any]]

    @classmethod
    def wrap(cls, base: TypeEngine[Any], variant: TypeEngine[Any],
             dialect_names: tuple[str, ...]) -> TypeEngine[Any]:
        from orm.exc import ArgumentError

        if not dialect_names:
            raise ArgumentError("with_variant() requires at least one dialect name")
        if isinstance(variant, Variant) and variant._variant_mapping:
            raise ArgumentError("can't pass a type that already has variants as a dialect-level type to with_variant()")
        mapping = dict(getattr(base, "_variant_mapping", None) or {})
        for name in dialect_names:
            if name in mapping:
                raise ArgumentError(f"Dialect '{name}' is already present in the mapping for this {base!r}")
            mapping[name] = variant
        base_cls = type(base)
        new_cls = base_cls if isinstance(base, Variant) else _variant_class(base_cls)
        new = base.adapt(new_cls)
        new.__dict__["_variant_mapping"] = mapping
        return new

    def _gen_dialect_impl(self, dialect: Any) -> TypeEngine[Any]:
        chosen = self._variant_mapping.get(_literals.dialect_name(dialect))
        if chosen is not None:
            return chosen.dialect_impl(dialect)
        return super()._gen_dialect_impl(dialect)  # type: ignore[misc, no-any-return]

    def _static_cache_key(self) -> tuple[Any, ...]:
        base = super()._static_cache_key()  # type: ignore[misc]
        return tuple(base) + tuple(
            (name, t._static_cache_key()) for name, t in sorted(self._variant_mapping.items())
        )


def _variant_class(base_cls: type) -> type:
    cls = _variant_classes.get(base_cls)
    if cls is None:
        cls = type(base_cls.__name__, (Variant, base_cls),
                   {"__module__": base_cls.__module__, "__qualname__": base_cls.__qualname__})
        _variant_classes[base_cls] = cls
    return cls


# -- PickleType -----------------------------------------------------------------------------------
class PickleType(TypeDecorator):
    """Any picklable Python object, stored with ``pickle`` in a ``LargeBinary`` column.

    Example::

        Column("state", PickleType)
    """

    impl = LargeBinary
    cache_ok = True

    def __init__(self, protocol: int = pickle.HIGHEST_PROTOCOL, pickler: Any = None,
                 comparator: Optional[Callable[[Any, Any], bool]] = None, impl: Any = None) -> None:
        self.protocol = protocol
        self.pickler = pickler or pickle
        self.comparator = comparator
        super().__init__()
        if impl is not None:
            self.impl = to_instance(impl)

    @property
    def python_type(self) -> type:
        return object

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        return self.pickler.dumps(value, self.protocol)

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        return self.pickler.loads(bytes(value))

    def compare_values(self, x: Any, y: Any) -> bool:
        if self.comparator is not None:
            return self.comparator(x, y)
        return bool(x == y)

    def _static_cache_key(self) -> tuple[Any, ...]:
        return (PickleType, self.protocol, id(self.pickler), self.impl._static_cache_key())

    def __repr__(self) -> str:
        return "PickleType()"
