"""Declarative entry points: ``DeclarativeBase``, ``declarative_base()``, ``registry``,
``declared_attr``."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, ClassVar, Optional

from orm import exc
from orm.sql.schema import Column, MetaData

from . import mapper as _mapper_mod
from .base import _mapper_of
from .mapper import Mapper, _configure_registry


def _declarative_constructor(self: Any, **kwargs: Any) -> None:
    """Set each keyword argument as an attribute; unknown names are a TypeError.

    Example: ``User(name="ed", fullname="Ed Jones")``.
    """
    _prepare_instance(self)
    cls_ = type(self)
    for k in kwargs:
        if not hasattr(cls_, k):
            raise TypeError(f"{k!r} is an invalid keyword argument for {cls_.__name__}")
        setattr(self, k, kwargs[k])


_declarative_constructor.__name__ = "__init__"


def _prepare_instance(self: Any) -> None:
    """What a declarative constructor does before setting attributes: mappers configured, the
    class's polymorphic identity written."""
    cls_ = type(self)
    if _mapper_mod._new_mappers:
        m = getattr(cls_, "__mapper__", None)
        if m is not None:
            m._check_configure()
    m = cls_.__dict__.get("__mapper__")
    if m is not None and (m._polymorphic_attr_key is not None or m.polymorphic_abstract):
        m._set_polymorphic_identity(self)


class declared_attr:
    """A class-level attribute computed per mapped class (on mixins and bases).

    Example::

        class TablenameMixin:
            @declared_attr.directive
            def __tablename__(cls) -> str:
                return cls.__name__.lower()

            @declared_attr
            def owner_id(cls) -> Mapped[int]:
                return mapped_column(ForeignKey("users.id"))
    """

    def __init__(self, fget: Callable[[Any], Any], cascading: bool = False) -> None:
        self.fget = fget
        self._cascading = cascading
        self.__doc__ = getattr(fget, "__doc__", None)
        self.__name__ = getattr(fget, "__name__", "declared_attr")

    def __get__(self, instance: Any, owner: Any) -> Any:
        return self.fget(owner)

    @classmethod
    def directive(cls, fget: Callable[[Any], Any]) -> "declared_attr":
        """For ``__tablename__``, ``__table_args__``, ``__mapper_args__``."""
        return cls(fget)

    @classmethod
    def cascading(cls, fget: Callable[[Any], Any]) -> "declared_attr":
        return cls(fget, cascading=True)


class registry:
    """A set of mapped classes sharing a MetaData and a class-name namespace for
    ``relationship("Name")`` strings.

    Example::

        reg = registry()

        @reg.mapped
        class User:
            __tablename__ = "users"
            id = Column(Integer, primary_key=True)

        Base = reg.generate_base()
    """

    def __init__(self, *, metadata: Optional[MetaData] = None, class_registry: Optional[dict[str, Any]] = None,
                 type_annotation_map: Optional[dict[Any, Any]] = None,
                 constructor: Callable[..., None] = _declarative_constructor) -> None:
        self.metadata = metadata if metadata is not None else MetaData()
        self._class_registry: dict[str, Any] = class_registry if class_registry is not None else {}
        self.type_annotation_map: dict[Any, Any] = dict(type_annotation_map or {})
        self.constructor = constructor
        self._mappers: list[Mapper] = []
        self._new_mappers = False
        _mapper_mod._registries.add(self)

    # -- mapping ------------------------------------------------------------------------------------
    def mapped(self, cls: type) -> type:
        """Class decorator: map ``cls`` declaratively (``__tablename__`` + columns)."""
        from .decl_scan import map_declaratively

        map_declaratively(cls, self)
        return cls

    def mapped_as_dataclass(self, cls: Optional[type] = None, **dataclass_args: Any) -> Any:
        """Class decorator: make ``cls`` a dataclass (``MappedAsDataclass``'s rules and class
        arguments), then map it::

            @reg.mapped_as_dataclass(kw_only=True)
            class User:
                __tablename__ = "users"
                id: Mapped[int] = mapped_column(primary_key=True, init=False)
                name: Mapped[str]
        """
        from .decl_dataclass import make_dataclass_and_map

        if cls is None:
            return lambda klass: make_dataclass_and_map(self, klass, dataclass_args)
        return make_dataclass_and_map(self, cls, dataclass_args)

    def map_declaratively(self, cls: type) -> Mapper:
        from .decl_scan import map_declaratively

        return map_declaratively(cls, self)

    def map_imperatively(self, class_: type, local_table: Any = None, **kw: Any) -> Mapper:
        """Classical mapping of ``class_`` to a Table: ``reg.map_imperatively(User, users_table)``."""
        return Mapper(class_, local_table, registry=self, **kw)

    def generate_base(self, mapper: Any = None, cls: Any = object, name: str = "Base",
                      metaclass: Any = None) -> Any:
        """A declarative base class bound to this registry (what ``declarative_base()`` returns)."""
        if metaclass is None:
            metaclass = DeclarativeMeta
        bases = cls if isinstance(cls, tuple) else (cls,)
        d: dict[str, Any] = {"registry": self, "metadata": self.metadata, "_orm_declarative_base": True,
                             "__doc__": getattr(bases[0], "__doc__", None)}
        if self.constructor is not None and all(b is object or "__init__" not in b.__dict__ for b in bases):
            d["__init__"] = self.constructor
        if mapper is not None:
            d["__mapper_cls__"] = mapper
        return metaclass(name, bases, d)

    def as_declarative_base(self, **kw: Any) -> Callable[[type], Any]:
        def decorate(cls: type) -> Any:
            kw["cls"] = cls
            kw["name"] = cls.__name__
            return self.generate_base(**kw)

        return decorate

    # -- bookkeeping ----------------------------------------------------------------------------------
    def _add_mapper(self, mapper: Mapper) -> None:
        self._mappers.append(mapper)
        self._new_mappers = True
        cls = mapper.class_
        for key in (cls.__name__, f"{cls.__module__}.{cls.__qualname__}"):
            existing = self._class_registry.get(key)
            if existing is None or existing is cls:
                self._class_registry[key] = cls
            elif isinstance(existing, _MultipleClasses):
                existing.add(cls)
            else:
                self._class_registry[key] = _MultipleClasses(key, [existing, cls])

    @property
    def mappers(self) -> frozenset[Mapper]:
        return frozenset(self._mappers)

    def configure(self, cascade: bool = False) -> None:
        """Configure this registry's mappers (resolve relationships); see ``configure_mappers()``."""
        if not self._new_mappers:
            return
        _configure_registry(self._mappers)
        self._new_mappers = False

    _configure = configure

    def dispose(self, cascade: bool = False) -> None:
        """Forget every mapping of this registry (the classes become unmapped)."""
        for m in self._mappers:
            cls = m.class_
            for key in list(m._props):
                if key in cls.__dict__:
                    type.__delattr__(cls, key)
            for key in ("__mapper__", "__clause_element__", "_orm_select_plugin"):
                if key in cls.__dict__:
                    type.__delattr__(cls, key)
        self._mappers.clear()
        self._class_registry.clear()
        self._new_mappers = False
        _mapper_mod._recompute_flag()

    def _resolve_name(self, text: str, prop: Any, what: str) -> Any:
        """Evaluate a relationship() string argument: a class name, table name or expression."""
        from .relationships import RelationshipProperty

        ns = _ResolverNamespace(self)
        target = text.strip()
        try:
            if target.isidentifier() or all(p.isidentifier() for p in target.split(".")):
                value = ns[target] if target.isidentifier() else eval(target, {"__builtins__": {}}, ns)  # noqa: S307
            else:
                value = eval(target, {"__builtins__": {}}, ns)  # noqa: S307 - model-author strings
        except _NameNotFound as err:
            where = f"relationship {prop.parent.class_.__name__}.{prop.key}" if isinstance(prop, RelationshipProperty) \
                else f"{prop.parent.class_.__name__}.{prop.key}"
            raise exc.InvalidRequestError(
                f"When initializing mapper {prop.parent}, expression {text!r} failed to locate a name "
                f"({err.name!r}) for the {what!r} argument of {where}.  If this is a class name, consider "
                f"adding this relationship() to the {prop.parent.class_!r} class after both dependent "
                "classes have been defined."
            ) from None
        except _MultipleClassesError as err:
            raise exc.InvalidRequestError(
                f"Multiple classes found for path {err.name!r} in the registry of this declarative base, "
                f"used by {prop}.  Please use a fully module-qualified path."
            ) from None
        return value


class _NameNotFound(NameError):
    pass


class _MultipleClassesError(Exception):
    def __init__(self, name: str) -> None:
        self.name = name


class _MultipleClasses:
    def __init__(self, key: str, classes: list[type]) -> None:
        self.key = key
        self.classes = classes

    def add(self, cls: type) -> None:
        self.classes.append(cls)


class _ModuleNamespace:
    """``"models.User"`` in a relationship string: attribute access walks module-qualified names."""

    def __init__(self, reg: registry, prefix: str) -> None:
        self._reg = reg
        self._prefix = prefix

    def __getattr__(self, key: str) -> Any:
        full = f"{self._prefix}.{key}"
        found = self._reg._class_registry.get(full)
        if found is not None:
            return found
        if any(k.startswith(full + ".") for k in self._reg._class_registry):
            return _ModuleNamespace(self._reg, full)
        raise _NameNotFound(full, name=full)


class _ResolverNamespace(dict):  # type: ignore[type-arg]
    def __init__(self, reg: registry) -> None:
        super().__init__()
        self.reg = reg

    def __missing__(self, key: str) -> Any:
        reg = self.reg
        found = reg._class_registry.get(key)
        if isinstance(found, _MultipleClasses):
            raise _MultipleClassesError(key)
        if found is not None:
            return found
        table = reg.metadata.tables.get(key)
        if table is not None:
            return table
        if any(k.startswith(key + ".") for k in reg._class_registry):
            return _ModuleNamespace(reg, key)
        import orm
        from . import relationships

        for ns in (relationships._EXPR_HELPERS, vars(orm)):
            if key in ns:
                return ns[key]
        raise _NameNotFound(key, name=key)


class DeclarativeMeta(type):
    """Metaclass of ``declarative_base()`` classes: maps each subclass, and maps attributes assigned
    after the class statement (``User.addresses = relationship(...)``)."""

    def __init__(cls, name: str, bases: tuple[type, ...], d: dict[str, Any], **kw: Any) -> None:
        super().__init__(name, bases, d)
        if "_orm_declarative_base" in d:
            return
        reg = getattr(cls, "registry", None)
        if not isinstance(reg, registry):
            raise exc.InvalidRequestError(f"Declarative base class has no 'registry' attribute, or registry is not a registry")
        from .decl_scan import map_declaratively

        map_declaratively(cls, reg)

    def __setattr__(cls, key: str, value: Any) -> None:
        _add_attribute(cls, key, value)

    def __delattr__(cls, key: str) -> None:
        _del_attribute(cls, key)


class DeclarativeAttributeIntercept(type):
    """Metaclass of ``DeclarativeBase``: only intercepts attribute assignment on mapped classes."""

    def __setattr__(cls, key: str, value: Any) -> None:
        _add_attribute(cls, key, value)

    def __delattr__(cls, key: str) -> None:
        _del_attribute(cls, key)


def _add_attribute(cls: Any, key: str, value: Any) -> None:
    from .properties import MappedColumn, MapperProperty

    mapper = _mapper_of(cls)
    if mapper is not None and isinstance(value, (Column, MappedColumn, MapperProperty)):
        if isinstance(value, MappedColumn):
            value = value.make_column(key)
        mapper.add_property(key, value)
        return
    type.__setattr__(cls, key, value)


def _del_attribute(cls: Any, key: str) -> None:
    mapper = _mapper_of(cls)
    if mapper is not None and key in mapper._props and mapper._props[key].parent is mapper:
        raise exc.InvalidRequestError(f"Can't un-map individual mapped attribute {cls.__name__}.{key}")
    type.__delattr__(cls, key)


def _setup_declarative_base(cls: Any) -> None:
    d = cls.__dict__
    reg = d.get("registry")
    metadata = d.get("metadata")
    tam = d.get("type_annotation_map")
    if reg is None:
        reg = registry(metadata=metadata, type_annotation_map=tam)
    else:
        if not isinstance(reg, registry):
            raise exc.InvalidRequestError(
                f"Declarative base class {cls.__name__} has a 'registry' attribute that is not a registry"
            )
        if metadata is not None and metadata is not reg.metadata:
            raise exc.InvalidRequestError(
                f"Declarative base class {cls.__name__} has both a 'registry' and a 'metadata' attribute; "
                "pass the MetaData to the registry instead"
            )
        if tam:
            reg.type_annotation_map.update(tam)
    type.__setattr__(cls, "registry", reg)
    type.__setattr__(cls, "metadata", reg.metadata)
    type.__setattr__(cls, "_orm_declarative_base", True)
    if "__init__" not in d and reg.constructor is not None:
        type.__setattr__(cls, "__init__", reg.constructor)


class _DeclarativeBaseMixin:
    def __init_subclass__(cls, **kw: Any) -> None:
        if cls.__module__ == __name__:  # DeclarativeBase / DeclarativeBaseNoMeta themselves
            return
        if any(b in _BASE_ROOTS for b in cls.__bases__):
            _setup_declarative_base(cls)
        else:
            from .decl_scan import map_declaratively

            map_declaratively(cls, cls.registry)  # type: ignore[attr-defined]
        super().__init_subclass__(**kw)


class DeclarativeBase(_DeclarativeBaseMixin, metaclass=DeclarativeAttributeIntercept):
    """Base of 2.0-style declarative classes.

    Example::

        class Base(DeclarativeBase):
            type_annotation_map = {str: String(255)}

        class User(Base):
            __tablename__ = "users"
            id: Mapped[int] = mapped_column(primary_key=True)
            name: Mapped[str]

        Base.metadata.create_all(engine)
    """

    if TYPE_CHECKING:
        registry: ClassVar[registry]
        metadata: ClassVar[MetaData]
        type_annotation_map: ClassVar[dict[Any, Any]]
        __mapper__: ClassVar[Mapper]
        __table__: ClassVar[Any]
        __tablename__: Any
        __table_args__: Any
        __mapper_args__: Any

        def __init__(self, **kw: Any) -> None: ...


class DeclarativeBaseNoMeta(_DeclarativeBaseMixin):
    """``DeclarativeBase`` without a metaclass (for combining with other metaclasses)."""

    if TYPE_CHECKING:
        registry: ClassVar[registry]
        metadata: ClassVar[MetaData]
        __mapper__: ClassVar[Mapper]
        __table__: ClassVar[Any]

        def __init__(self, **kw: Any) -> None: ...


_BASE_ROOTS = (DeclarativeBase, DeclarativeBaseNoMeta)


def declarative_base(*, metadata: Optional[MetaData] = None, mapper: Any = None, cls: Any = object,
                     name: str = "Base", class_registry: Optional[dict[str, Any]] = None,
                     type_annotation_map: Optional[dict[Any, Any]] = None,
                     constructor: Callable[..., None] = _declarative_constructor,
                     metaclass: Any = None) -> Any:
    """A base class for 1.x-style declarative classes.

    Example::

        Base = declarative_base()

        class User(Base):
            __tablename__ = "users"
            id = Column(Integer, primary_key=True)
            name = Column(String(50))
    """
    return registry(metadata=metadata, class_registry=class_registry, type_annotation_map=type_annotation_map,
                    constructor=constructor).generate_base(mapper=mapper, cls=cls, name=name, metaclass=metaclass)


def as_declarative(**kw: Any) -> Callable[[type], Any]:
    """Class decorator form of ``declarative_base()``."""
    reg_kw = {k: kw.pop(k) for k in ("metadata", "class_registry", "type_annotation_map", "constructor") if k in kw}
    return registry(**reg_kw).as_declarative_base(**kw)

