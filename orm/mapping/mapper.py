"""``Mapper``: the link between a Python class and the table(s) it maps, and ``configure_mappers()``."""
from __future__ import annotations

import weakref
from typing import Any, Iterator, Optional

from orm import exc
from orm.sql.base import ColumnCollection
from orm.sql.schema import Column

from . import inheritance as _inh
from .base import STATE_KEY, _mapper_of
from .properties import ColumnProperty, MapperProperty

# Registries with mappers that still need configure(); a plain flag keeps the check in hot paths
# (object construction) to one global read.
_new_mappers = False
_registries: "weakref.WeakSet[Any]" = weakref.WeakSet()


class _PropsView:
    """Read-only, ordered view of mapper properties: ``mapper.attrs.name``, ``mapper.attrs["name"]``,
    ``.keys()``, ``.values()``, ``.items()``; iterating yields the properties."""

    __slots__ = ("_data",)

    def __init__(self, data: dict[str, Any]) -> None:
        object.__setattr__(self, "_data", data)

    def __getattr__(self, key: str) -> Any:
        try:
            return self._data[key]
        except KeyError:
            raise AttributeError(key) from None

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __iter__(self) -> Iterator[Any]:
        return iter(list(self._data.values()))

    def __len__(self) -> int:
        return len(self._data)

    def get(self, key: str, default: Any = None) -> Any:
        return self._data.get(key, default)

    def keys(self) -> list[str]:
        return list(self._data)

    def values(self) -> list[Any]:
        return list(self._data.values())

    def items(self) -> list[tuple[str, Any]]:
        return list(self._data.items())

    def __repr__(self) -> str:
        return f"ImmutableProperties({self._data!r})"


class _ClassClauseElement:
    """``__clause_element__`` of a mapped class: works on the class (``select(User)``), and is
    absent on instances so that an instance is never mistaken for a SQL expression."""

    def __get__(self, instance: Any, owner: Any) -> Any:
        if instance is not None:
            raise AttributeError("__clause_element__")
        mapper = getattr(owner, "__mapper__", None)
        if mapper is None:
            raise AttributeError("__clause_element__")
        return mapper.__clause_element__


class Mapper:
    """Maps a class to a table (or, with joined inheritance, to a join of tables).

    Example::

        mapper = inspect(User)            # or User.__mapper__
        mapper.local_table, mapper.columns.name, mapper.primary_key
        [r.key for r in mapper.relationships]
    """

    _orm_select_plugin = True
    is_mapper = True
    is_aliased_class = False

    def __init__(self, class_: type, local_table: Any = None, properties: Optional[dict[str, Any]] = None, *,
                 registry: Any = None, inherits: Any = None, primary_key: Any = None,
                 polymorphic_on: Any = None, polymorphic_identity: Any = None,
                 include_properties: Any = None, exclude_properties: Any = None, column_prefix: str = "",
                 inherit_condition: Any = None, concrete: bool = False, version_id_col: Any = None,
                 version_id_generator: Any = None, eager_defaults: Any = "auto", with_polymorphic: Any = None, polymorphic_load: Any = None,
                 polymorphic_abstract: bool = False, confirm_deleted_rows: bool = True,
                 batch: bool = True, always_refresh: bool = False, allow_partial_pks: bool = True,
                 passive_deletes: bool = False, passive_updates: bool = True, validators: Any = None,
                 _property_order: Optional[list[str]] = None, **kw: Any) -> None:
        if kw:
            raise exc.ArgumentError(f"Mapper for {class_.__name__} got unexpected argument(s): {sorted(kw)!r}")
        if _mapper_of(class_) is not None:
            raise exc.ArgumentError(f"Class '{class_.__qualname__}' already has a primary mapper defined.")
        self.class_ = class_
        self.registry = registry
        self.local_table = local_table
        self.concrete = concrete
        self.version_id_col = version_id_col  # resolved below, once the columns are mapped
        self.version_id_generator: Any = version_id_generator
        self.eager_defaults = eager_defaults
        self.with_polymorphic = with_polymorphic
        self.polymorphic_load = polymorphic_load
        self.polymorphic_abstract = polymorphic_abstract
        self.confirm_deleted_rows = confirm_deleted_rows
        self.batch = batch
        self.always_refresh = always_refresh
        self.allow_partial_pks = allow_partial_pks
        self.passive_deletes = passive_deletes
        self.passive_updates = passive_updates
        self.include_properties = include_properties
        self.exclude_properties = exclude_properties
        self.column_prefix = column_prefix
        self.polymorphic_identity = polymorphic_identity
        # one identity -> mapper dict per hierarchy, shared by all its mappers (as in SQLAlchemy)
        self.polymorphic_map: dict[Any, Mapper] = {}
        self.validators: dict[str, Any] = dict(validators or {})
        self._inheriting_mappers: list[Mapper] = []
        self._polymorphic_cache: dict[str, Any] = {}  # SELECT shapes; cleared when a subclass is mapped
        self.configured = False
        _fire_config_event("instrument_class", self)  # before the class gets its attributes

        # -- inheritance ---------------------------------------------------------------------------
        if inherits is not None and not isinstance(inherits, Mapper):
            inherits = _mapper_of(inherits)
        self.inherits: Optional[Mapper] = inherits
        if inherits is not None:
            if self.local_table is None:
                self.local_table = inherits.local_table
            inherits._inheriting_mappers.append(self)
            self.polymorphic_map = inherits.polymorphic_map
            for m in inherits.iterate_to_root():
                m._polymorphic_cache.clear()
            if self.local_table is inherits.local_table or concrete:
                self.persist_selectable = self.local_table if concrete else inherits.persist_selectable
                self.inherit_condition = None
            else:
                from orm.sql.selectable import Join, _join_condition

                cond = inherit_condition
                if cond is None:
                    try:
                        cond = _join_condition(inherits.local_table, self.local_table)
                    except exc.SQLAlchemyError as err:
                        raise exc.ArgumentError(
                            f"Can't determine the inherit condition between inherited table "
                            f"'{inherits.local_table.name}' and inheriting table '{self.local_table.name}' "
                            f"of class {class_.__name__}: {err}.  Add a ForeignKey to "
                            f"'{inherits.local_table.name}' or specify inherit_condition."
                        ) from None
                self.inherit_condition = cond
                self.persist_selectable = Join(inherits.persist_selectable, self.local_table, cond)
            self.base_mapper: Mapper = inherits.base_mapper
            if polymorphic_on is None and not concrete:
                # a concrete class selects its own table alone: no discriminator there
                polymorphic_on = inherits.polymorphic_on
        else:
            if self.local_table is None:
                raise exc.ArgumentError(f"Mapper for class {class_.__name__} has no table")
            self.persist_selectable = self.local_table
            self.inherit_condition = None
            self.base_mapper = self
        self.mapped_table = self.persist_selectable
        # the class of identity keys: a concrete class's rows live in its own table, so its primary
        # keys are its own (SQLAlchemy's _identity_class)
        self._identity_class: type = (
            inherits._identity_class if inherits is not None and not concrete else class_
        )
        self.tables = _leaf_tables(self.persist_selectable)

        # -- properties ----------------------------------------------------------------------------
        self._props: dict[str, MapperProperty] = {}
        self._columntoproperty: dict[Any, ColumnProperty] = {}
        explicit = dict(properties or {})
        if inherits is not None and not concrete:
            for key, prop in inherits._props.items():
                if isinstance(prop, ColumnProperty):
                    newp = ColumnProperty(*prop.columns, deferred=prop.deferred, group=prop.group,
                                          raiseload=prop.raiseload, active_history=prop.active_history,
                                          doc=prop.doc, info=prop.info)
                    self._add_prop(key, newp, inherited=True)
                elif key not in explicit:
                    # relationships/synonyms of the superclass are shared, not copied
                    self._props[key] = prop
        for key, value in explicit.items():
            if isinstance(value, Column) or (isinstance(value, (list, tuple)) and value and isinstance(value[0], Column)):
                cols = list(value) if isinstance(value, (list, tuple)) else [value]
                value = ColumnProperty(*cols)
            if isinstance(value, ColumnProperty) and key in self._props and isinstance(self._props[key], ColumnProperty):
                old = self._props[key]
                value.columns = value.columns + [c for c in old.columns if c not in value.columns]
            self._add_prop(key, value)
        mapped_cols = {c for p in self._props.values() if isinstance(p, ColumnProperty) for c in p.columns}
        single = inherits is not None and self.local_table is inherits.local_table
        # single-table inheritance: the shared table's other columns belong to sibling classes
        for col in self.local_table.c if self.local_table is not None and not single else ():
            if col in mapped_cols:
                continue
            key = column_prefix + col.key
            if include_properties is not None and col.key not in include_properties:
                continue
            if exclude_properties is not None and col.key in exclude_properties:
                continue
            existing = self._props.get(key)
            if isinstance(existing, ColumnProperty) and inherits is not None:
                # joined inheritance: 'id' maps managers.id and employees.id together
                existing.columns.insert(0, col)
                self._columntoproperty[col] = existing
                continue
            if existing is not None and not isinstance(existing, ColumnProperty):
                # explicitly named property wins; the column stays unmapped under this key
                continue
            self._add_prop(key, ColumnProperty(col))
        if _property_order:
            order = {k: i for i, k in enumerate(_property_order)}
            self._props = dict(sorted(self._props.items(), key=lambda kv: order.get(kv[0], len(order))))

        # -- primary key ---------------------------------------------------------------------------
        if primary_key is not None:
            from orm.sql import coercions

            pk = [coercions._unwrap(c) for c in (primary_key if isinstance(primary_key, (list, tuple)) else [primary_key])]
            if isinstance(pk[0], str):
                pk = [self.local_table.c[k] for k in pk]
        elif inherits is not None and not concrete:
            pk = list(inherits.primary_key)
        else:
            pk = [c for c in self.persist_selectable.primary_key]
        if not pk:
            raise exc.ArgumentError(
                f"Mapper {self} could not assemble any primary key columns for mapped table "
                f"'{getattr(self.persist_selectable, 'name', self.persist_selectable)}' "
                f"(class {class_.__name__} maps no column with primary_key=True; declare one, or pass "
                "__mapper_args__ = {'primary_key': [...]})"
            )
        self.primary_key: tuple[Any, ...] = tuple(pk)
        self._configure_version(version_id_col, version_id_generator)

        # -- polymorphism --------------------------------------------------------------------------
        if isinstance(polymorphic_on, str):
            prop = self._props.get(polymorphic_on)
            if prop is None or not isinstance(prop, ColumnProperty):
                raise exc.ArgumentError(
                    f"polymorphic_on={polymorphic_on!r} of class {class_.__name__} names no mapped column"
                )
            polymorphic_on = prop.columns[0]
        elif polymorphic_on is not None:
            from orm.sql import coercions

            polymorphic_on = coercions._unwrap(polymorphic_on)
        self.polymorphic_on = polymorphic_on
        _inh.map_union_discriminator(self)
        if polymorphic_identity is not None:
            self.polymorphic_map[polymorphic_identity] = self
        self.single = inherits is not None and self.local_table is inherits.local_table
        # the attribute that holds the discriminator; new objects get their identity written there
        pol_prop = self._columntoproperty.get(polymorphic_on) if polymorphic_on is not None else None
        self._polymorphic_attr_key: Optional[str] = (
            pol_prop.key if pol_prop is not None and polymorphic_identity is not None
            and not getattr(pol_prop, "_no_instrument", False) else None
        )

        # -- instrument the class ------------------------------------------------------------------
        type.__setattr__(class_, "__mapper__", self)
        if "__clause_element__" not in class_.__dict__:
            type.__setattr__(class_, "__clause_element__", _ClassClauseElement())
        type.__setattr__(class_, "_orm_select_plugin", True)
        for key, prop in self._props.items():
            if prop.parent is self and not getattr(prop, "_no_instrument", False):
                self._instrument_prop(key, prop)
        if concrete and inherits is not None:
            _inh.hide_concrete_inherited(self)
        for key, prop in list(self._props.items()):
            if getattr(prop, "is_relationship", False) and prop.parent is self:
                prop._validate_static()
        if registry is not None:
            registry._add_mapper(self)
        _mark_new()

    # -- versioning -------------------------------------------------------------------------------
    def _configure_version(self, col: Any, generator: Any) -> None:
        """``version_id_col`` / ``version_id_generator``: the column whose value every UPDATE and
        DELETE checks (``WHERE version = :old``) and, unless the generator is ``False`` (the
        database sets it), advances.  A subclass inherits its base's versioning."""
        inherits = self.inherits
        if col is None and inherits is not None:
            col = inherits.version_id_col
            if generator is None:
                generator = inherits.version_id_generator
        self._version_id_prop: Optional[ColumnProperty] = None
        if col is None:
            self.version_id_col = None
            self.version_id_generator = _next_version if generator is None else generator
            return
        if isinstance(col, str):
            prop = self._props.get(col)
            if not isinstance(prop, ColumnProperty):
                raise exc.ArgumentError(
                    f"version_id_col={col!r} of class {self.class_.__name__} names no mapped column"
                )
            col = prop.columns[0]
        else:
            from orm.sql import coercions

            col = coercions._unwrap(col)
        prop = self._columntoproperty.get(col)
        if prop is None:
            raise exc.ArgumentError(
                f"version_id_col {col!r} of class {self.class_.__name__} is not a column mapped by "
                f"{self}; pass one of its mapped columns"
            )
        if generator is None:
            generator = _next_version
        elif generator is not False and not callable(generator):
            raise exc.ArgumentError(
                f"version_id_generator of class {self.class_.__name__} must be a callable "
                f"(old version -> new version) or False (the database generates versions), "
                f"got {generator!r}"
            )
        self.version_id_col = col
        self.version_id_generator = generator
        self._version_id_prop = prop

    # -- properties -------------------------------------------------------------------------------
    def _add_prop(self, key: str, prop: MapperProperty, inherited: bool = False) -> None:
        prop._attach(self, key)
        self._props[key] = prop
        if isinstance(prop, ColumnProperty):
            for c in prop.columns:
                self._columntoproperty[c] = prop

    def _instrument_prop(self, key: str, prop: MapperProperty) -> None:
        validator = self.validators.get(key)
        attr = prop._instrument(self, validator)
        type.__setattr__(self.class_, key, attr)
        for sub in self._inheriting_mappers:
            if key not in sub._props and not sub.concrete:
                sub._props[key] = prop

    def add_property(self, key: str, prop: Any) -> None:
        """Add a property after the class is mapped (``User.addresses = relationship(...)``)."""
        if isinstance(prop, Column):
            if prop.table is None:
                if not prop.name:
                    prop.name = key
                if prop.key is None:
                    prop.key = prop.name
                self.local_table.append_column(prop)
            prop = ColumnProperty(prop)
        if isinstance(prop, ColumnProperty) and key in self._props and isinstance(self._props[key], ColumnProperty):
            prop.columns = prop.columns + [c for c in self._props[key].columns if c not in prop.columns]
        self._add_prop(key, prop)
        self._instrument_prop(key, prop)
        for m in self.self_and_descendants:
            m._polymorphic_cache.clear()  # a new column changes what select(cls) lists
        if getattr(prop, "is_relationship", False):
            prop._validate_static()
        for sub in self._inheriting_mappers:
            if not sub.concrete:
                sub._props.setdefault(key, prop)
        self.configured = False
        _mark_new()

    def get_property(self, key: str, _configure_mappers: bool = False) -> Any:
        if _configure_mappers:
            self._check_configure()
        try:
            return self._props[key]
        except KeyError:
            raise exc.InvalidRequestError(f"Mapper '{self}' has no property '{key}'.") from None

    def get_property_by_column(self, column: Any) -> Any:
        return self._columntoproperty[column]

    def has_property(self, key: str) -> bool:
        return key in self._props

    @property
    def attrs(self) -> _PropsView:
        """All mapped attributes by key (configures mappers first, as in SQLAlchemy)."""
        self._check_configure()
        return _PropsView(self._props)

    @property
    def all_orm_descriptors(self) -> _PropsView:
        return _PropsView({k: getattr(self.class_, k) for k in self._props})

    @property
    def column_attrs(self) -> _PropsView:
        self._check_configure()
        return _PropsView({k: p for k, p in self._props.items() if isinstance(p, ColumnProperty)})

    @property
    def relationships(self) -> _PropsView:
        self._check_configure()
        return _PropsView({k: p for k, p in self._props.items() if getattr(p, "is_relationship", False)})

    @property
    def synonyms(self) -> _PropsView:
        from .properties import SynonymProperty

        return _PropsView({k: p for k, p in self._props.items() if isinstance(p, SynonymProperty)})

    @property
    def columns(self) -> ColumnCollection:
        """The mapped columns by attribute key (``mapper.columns.name``); alias ``mapper.c``."""
        cc = ColumnCollection()
        for key, prop in self._props.items():
            if isinstance(prop, ColumnProperty):
                cc.add(prop.columns[0], key)
        return cc

    c = columns

    @property
    def entity(self) -> type:
        return self.class_

    @property
    def mapper(self) -> "Mapper":
        return self

    @property
    def selectable(self) -> Any:
        return self.persist_selectable

    def __clause_element__(self) -> Any:
        return self.persist_selectable

    @property
    def self_and_descendants(self) -> list["Mapper"]:
        out = [self]
        for m in self._inheriting_mappers:
            out.extend(m.self_and_descendants)
        return out

    def iterate_to_root(self) -> Iterator["Mapper"]:
        m: Optional[Mapper] = self
        while m is not None:
            yield m
            m = m.inherits

    def isa(self, other: "Mapper") -> bool:
        return any(m is other for m in self.iterate_to_root())

    def common_parent(self, other: "Mapper") -> bool:
        return self.base_mapper is other.base_mapper

    # -- inheritance (see inheritance.py) -----------------------------------------------------------
    @property
    def polymorphic_identities(self) -> list[Any]:
        """Discriminator values of this class and its subclasses."""
        return _inh.identities(self)

    @property
    def _single_table_criterion(self) -> Any:
        return _inh.single_table_criterion(self)

    @property
    def _with_polymorphic_mappers(self) -> list["Mapper"]:
        """The mappers a plain ``select(cls)`` loads (``with_polymorphic`` mapper argument)."""
        got = self._polymorphic_cache.get("mappers")
        if got is None:
            got = _inh.polymorphic_mappers(self, None) if self.with_polymorphic else [self]
            # subclasses mapped with polymorphic_load="inline" come along in every SELECT
            inline = [m for m in self.self_and_descendants[1:] if m.polymorphic_load == "inline"]
            if inline:
                got = _inh.polymorphic_mappers(self, list({id(m): m for m in got[1:] + inline}.values()))
            self._polymorphic_cache["mappers"] = got
        return got  # type: ignore[no-any-return]

    @property
    def _with_polymorphic_selectable(self) -> Any:
        """The FROM of a plain ``select(cls)``."""
        got = self._polymorphic_cache.get("selectable")
        if got is None:
            mappers = self._with_polymorphic_mappers
            union = _inh.union_selectable(self)
            if union is not None:
                got = union
            else:
                got = self.persist_selectable if len(mappers) == 1 else _inh.polymorphic_selectable(self, mappers)
            self._polymorphic_cache["selectable"] = got
        return got

    def _polymorphic_select_columns(self) -> list[_inh.EntityColumn]:
        """The columns of ``select(cls)``, in order: ``EntityColumn(expr, column, prop, mapper)``."""
        got = self._polymorphic_cache.get("columns")
        if got is None:
            got = _inh.select_columns(self._with_polymorphic_mappers)
            adapt = self._polymorphic_adapter
            if adapt is not None:
                got = _inh.adapt_entity_columns(got, adapt)
            self._polymorphic_cache["columns"] = got
        return got  # type: ignore[no-any-return]

    @property
    def _union_column_adapter(self) -> Any:
        """The union adapter as an object with ``column(col)`` (the relationship comparators'
        interface), or None."""
        got = self._polymorphic_cache.get("col_adapter", _NOTHING)
        if got is _NOTHING:
            got = self._polymorphic_cache["col_adapter"] = _inh.union_column_adapter(self)
        return got

    @property
    def _polymorphic_adapter(self) -> Any:
        """``with_polymorphic=("*", pjoin)``: a function rewriting a column of this hierarchy's tables
        to ``pjoin``'s column of the same name (None for other nodes); None without such a FROM."""
        got = self._polymorphic_cache.get("adapter", _NOTHING)
        if got is _NOTHING:
            got = self._polymorphic_cache["adapter"] = _inh.union_adapter(self)
        return got

    _entity_columns = _polymorphic_select_columns

    def _set_polymorphic_identity(self, obj: Any) -> None:
        """Write this class's discriminator value into ``obj`` (new objects; flush of unset ones)."""
        if self.polymorphic_abstract:
            _inh.check_abstract(self)
        if self._polymorphic_attr_key is not None:
            obj.__dict__[self._polymorphic_attr_key] = self.polymorphic_identity

    def polymorphic_iterator(self) -> Iterator["Mapper"]:
        return iter(self.self_and_descendants)

    def primary_key_from_instance(self, instance: Any) -> tuple[Any, ...]:
        d = instance.__dict__
        return tuple(d.get(self._columntoproperty[c].key) for c in self.primary_key)

    def identity_key_from_primary_key(self, pk: Any, identity_token: Any = None) -> tuple[Any, ...]:
        return (self._identity_class, tuple(pk), identity_token)

    # -- configuration ------------------------------------------------------------------------------
    def _check_configure(self) -> None:
        if _new_mappers:
            reg = self.registry
            if reg is None:
                configure_mappers()
            elif reg._new_mappers:
                reg.configure()
                _recompute_flag()

    def _post_configure(self) -> None:
        for key, prop in list(self._props.items()):
            if prop.parent is self:
                prop._post_configure()

    def __repr__(self) -> str:
        name = getattr(self.local_table, "description", None) or getattr(self.local_table, "name", "?")
        return f"Mapper[{self.class_.__name__}({name})]"

    def __str__(self) -> str:
        return repr(self)


_NOTHING: Any = object()


def _next_version(version: Any) -> int:
    """The default ``version_id_generator``: 1 for a new row, then counts up."""
    return (version or 0) + 1


def _leaf_tables(selectable: Any) -> list[Any]:
    from .relationships import _tables_of

    return _tables_of(selectable)


def _mark_new() -> None:
    global _new_mappers
    _new_mappers = True


def _recompute_flag() -> None:
    global _new_mappers
    _new_mappers = any(r._new_mappers for r in list(_registries))


def configure_mappers() -> None:
    """Resolve every relationship of every registry (targets, directions, join conditions, backrefs)
    and check the mappings; errors name the class and attribute at fault.  Runs by itself before
    the first object of a mapped class is created, and from ``mapper.attrs``/``relationships``."""
    global _new_mappers
    if not _new_mappers:
        return
    try:
        for reg in list(_registries):
            if reg._new_mappers:
                reg.configure()
    finally:
        _recompute_flag()


def _configure_registry(mappers: list[Mapper]) -> None:
    from .relationships import RelationshipProperty

    pending = [m for m in mappers if not m.configured]
    if not pending:
        return
    # __declare_first__ of the classes (ConcreteBase builds its unions here); it may map more
    # classes (AbstractConcreteBase's base), which this pass configures too
    for m in pending:
        hook = getattr(m.class_, "__declare_first__", None)
        if hook is not None:
            hook()
    pending = [m for m in mappers if not m.configured]
    # mapper configuration events, in SQLAlchemy's order: before_configured once, then per mapper
    # before_mapper_configured (EXT_SKIP leaves the mapper for a later pass), mapper_configured once
    # each mapper is configured, after_configured last
    _fire_config_event("before_configured", None, pending)
    from orm.orm.base import EXT_SKIP

    pending = [m for m in pending if not _skipped(m, EXT_SKIP)]
    rels: list[RelationshipProperty] = []
    for m in pending:
        for key, prop in list(m._props.items()):
            if isinstance(prop, RelationshipProperty) and prop.parent is m:
                rels.append(prop)
    for rel in rels:
        rel._setup()
    for rel in list(rels):
        if not rel._backref_done:
            rel._backref_done = True
            rel._generate_backref()
    for rel in rels:
        rel._setup_back_populates()
    for m in pending:
        m._post_configure()
    for m in pending:
        m.configured = True
    for m in pending:
        _fire_config_event("mapper_configured", m)
    _fire_config_event("after_configured", None, pending)


def _skipped(mapper: Mapper, skip: Any) -> bool:
    """Whether a before_mapper_configured listener (with retval=True) answered EXT_SKIP; the
    listeners after it are not called."""
    from orm.session.events import mapper_listeners

    return any(fn(mapper, mapper.class_) is skip for fn in mapper_listeners(mapper, "before_mapper_configured"))


def _fire_config_event(name: str, mapper: Optional[Mapper], mappers: Any = ()) -> list[Any]:
    """Run the listeners of a mapper configuration event; their return values.  Per-mapper events
    reach listeners on Mapper, on the class and (propagating) on its bases; the once-per-pass
    ones (``mapper is None``) listeners on Mapper and on any base class of the mappers configured."""
    from orm.session.events import mapper_listeners

    if mapper is not None:
        return [fn(mapper, mapper.class_) for fn in mapper_listeners(mapper, name)]
    calls: dict[int, Any] = {}  # a listener on Mapper or on a shared base: once per pass
    for m in mappers:
        for fn in mapper_listeners(m, name):
            calls.setdefault(id(fn), fn)
    return [fn() for fn in calls.values()]


def _instance_state(instance: Any) -> Any:
    """The InstanceState of a mapped object (created on first request)."""
    try:
        return instance.__dict__[STATE_KEY]
    except KeyError:
        from .state import InstanceState

        mapper = _mapper_of(type(instance))
        if mapper is None:
            for klass in type(instance).__mro__:
                mapper = _mapper_of(klass)
                if mapper is not None:
                    break
        if mapper is None:
            raise exc.UnmappedInstanceError(instance) from None
        st = instance.__dict__[STATE_KEY] = InstanceState(instance, mapper)
        return st
    except AttributeError:
        raise exc.UnmappedInstanceError(instance) from None
