"""``automap_base()``: mapped classes and relationships generated from a database's tables.

``Base.prepare(autoload_with=engine)`` reflects the tables, maps one class per table that has a
primary key (named by ``classname_for_table``, the table name by default) and adds relationships
from the foreign keys: a many-to-one on the referring class named after the referred class
(``address.user``) with its one-to-many backref on the other side (``user.address_collection``),
and a many-to-many for each association table (a table whose columns are exactly the columns of
its two foreign keys).  Classes declared on the base before ``prepare()`` (``__tablename__`` and
some attributes) are mapped to their reflected table, keeping what they declare.

Example::

    Base = automap_base()
    Base.prepare(autoload_with=engine)
    User, Address = Base.classes.users, Base.classes.address
    session.scalars(select(User).options(selectinload(User.address_collection)))
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from orm import exc
from orm.mapping import backref as _backref
from orm.mapping import relationship as _relationship
from orm.mapping.base import MANYTOMANY, MANYTOONE, ONETOMANY, _mapper_of
from orm.mapping.mapper import _PropsView

__all__ = ["automap_base", "AutomapBase", "classname_for_table", "name_for_scalar_relationship",
           "name_for_collection_relationship", "generate_relationship"]


def classname_for_table(base: type, tablename: str, table: Any) -> str:
    """The default class name of a reflected table: the table's name."""
    return str(tablename)


def name_for_scalar_relationship(base: type, local_cls: type, referred_cls: type, constraint: Any) -> str:
    """The default name of a many-to-one: the referred class's name, lowercased."""
    return referred_cls.__name__.lower()


def name_for_collection_relationship(base: type, local_cls: type, referred_cls: type, constraint: Any) -> str:
    """The default name of a collection: the referred class's name, lowercased, + ``_collection``."""
    return referred_cls.__name__.lower() + "_collection"


def generate_relationship(base: type, direction: Any, return_fn: Callable[..., Any], attrname: str,
                          local_cls: type, referred_cls: type, **kw: Any) -> Any:
    """Build the ``relationship()`` (or ``backref()``) automap adds; replace it to change the
    arguments (``return_fn`` is ``relationship`` or ``backref``)."""
    if return_fn is _backref:
        return return_fn(attrname, **kw)
    if return_fn is _relationship:
        return return_fn(referred_cls, **kw)
    raise TypeError(f"generate_relationship: unknown return_fn {return_fn!r}")


class Properties(_PropsView):
    """``Base.classes``: the generated classes by name (``Base.classes.users``, ``["users"]``);
    iterating yields the classes. The mapper's read-only properties view, writable: automap and
    users add classes to it."""

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__({})

    def __setattr__(self, key: str, value: Any) -> None:
        self._data[key] = value

    def __setitem__(self, key: str, value: Any) -> None:
        self._data[key] = value

    def __dir__(self) -> list[str]:
        return list(self._data)

    def __repr__(self) -> str:
        return f"Properties({self._data!r})"


_DEFERRED = "_orm_automap_deferred"


class AutomapBase:
    """The base ``automap_base()`` returns: ``prepare()`` maps the database's tables."""

    __abstract__ = True
    classes: Properties
    by_module: Properties

    def __init_subclass__(cls, **kw: Any) -> None:
        # a class declared with __tablename__ waits for prepare(): its table is not reflected yet
        own = cls.__dict__
        if "__tablename__" in own and "__table__" not in own and not own.get("__abstract__", False):
            type.__setattr__(cls, "__abstract__", True)
            type.__setattr__(cls, _DEFERRED, True)
            _base_of(cls)._automap_declared.append(cls)
        super().__init_subclass__(**kw)

    @classmethod
    def prepare(cls, autoload_with: Any = None, engine: Any = None, reflect: bool = False,
                schema: Optional[str] = None, classname_for_table: Optional[Callable[..., str]] = None,
                modulename_for_table: Optional[Callable[..., Any]] = None, collection_class: Any = None,
                name_for_scalar_relationship: Optional[Callable[..., str]] = None,
                name_for_collection_relationship: Optional[Callable[..., str]] = None,
                generate_relationship: Optional[Callable[..., Any]] = None,
                reflection_options: Optional[dict[str, Any]] = None) -> None:
        """Reflect (with ``autoload_with``), then map every table not mapped yet and add the
        relationships its foreign keys imply.  May be called again (new tables only)."""
        base = _base_of(cls)
        bind = autoload_with if autoload_with is not None else (engine if reflect else None)
        if bind is not None:
            opts = dict(reflection_options or {})
            base.metadata.reflect(bind, schema=schema, extend_existing=True, **opts)
        names = _Naming(classname_for_table or _default("classname_for_table"),
                        name_for_scalar_relationship or _default("name_for_scalar_relationship"),
                        name_for_collection_relationship or _default("name_for_collection_relationship"),
                        generate_relationship or _default("generate_relationship"),
                        collection_class if collection_class is not None else list)

        by_table: dict[Any, type] = {}
        for declared in list(base._automap_declared):
            table = _find_table(base, declared.__dict__["__tablename__"], schema)
            if table is None:
                continue  # its table may arrive with a later prepare()
            base._automap_declared.remove(declared)
            type.__delattr__(declared, "__abstract__")
            type.__delattr__(declared, _DEFERRED)
            type.__setattr__(declared, "__table__", table)
            base.registry.map_declaratively(declared)
            by_table[table] = declared
        mapped_tables = {m.local_table for m in base.registry._mappers}
        done = base._automap_tables
        many_to_many = []
        for key, table in list(base.metadata.tables.items()):
            if key in done or (schema is not None and table.schema != schema):
                continue
            done.add(key)
            m2m = _many_to_many(table)
            if m2m is not None:
                many_to_many.append((table, m2m))
                continue
            if not list(table.primary_key) or table in mapped_tables:
                continue
            clsdict: dict[str, Any] = {"__table__": table}
            module = modulename_for_table(base, table.name, table) if modulename_for_table else None
            if module is not None:
                clsdict["__module__"] = module
            newname = names.classname(base, table.name, table)
            if module is None and newname in base.classes:
                import warnings

                warnings.warn(f"Ignoring duplicate class name '{newname}' received in automap base for table "
                              f"{table.key} without ``__module__`` being set; consider using the "
                              "``modulename_for_table`` hook", stacklevel=2)
                continue
            new_cls = type(newname, (base,), clsdict)
            if module is None:
                base.classes[newname] = new_cls
            node = base.by_module
            for token in new_cls.__module__.split("."):
                if token not in node:
                    node[token] = Properties()
                node = node[token]
            node[newname] = new_cls
            by_table[table] = new_cls
        all_by_table = {m.local_table: m.class_ for m in base.registry._mappers}
        for table, local_cls in by_table.items():
            _relationships_for_fks(base, local_cls, all_by_table, names)
        for table, (c1, c2) in many_to_many:
            _m2m_relationship(base, table, c1, c2, all_by_table, names)


class _Naming:
    def __init__(self, classname: Callable[..., str], scalar: Callable[..., str], collection: Callable[..., str],
                 generate: Callable[..., Any], collection_class: Any) -> None:
        self.classname = classname
        self.scalar = scalar
        self.collection = collection
        self.generate = generate
        self.collection_class = collection_class


def _default(name: str) -> Any:
    return globals()[name]


def _base_of(cls: type) -> Any:
    for klass in cls.__mro__:
        if "_automap_declared" in klass.__dict__:
            return klass
    raise exc.InvalidRequestError(f"{cls.__name__} is not a class of an automap_base()")


def _find_table(base: Any, name: str, schema: Optional[str]) -> Any:
    tables = base.metadata.tables
    for key in ((f"{schema}.{name}" if schema else name), name):
        if key in tables:
            return tables[key]
    return None


def _fk_constraints(table: Any) -> list[Any]:
    from orm.sql.constraints import ForeignKeyConstraint

    return [c for c in table.constraints if isinstance(c, ForeignKeyConstraint)]


def _many_to_many(table: Any) -> Optional[tuple[Any, Any]]:
    """An association table: exactly two foreign keys, which together cover all its columns."""
    fks = _fk_constraints(table)
    if len(fks) != 2:
        return None
    cols = {id(fk.parent) for c in fks for fk in c.elements}
    if cols != {id(c) for c in table.c}:
        return None
    return fks[0], fks[1]


def _has_attr(cls: type, name: str) -> bool:
    mapper = _mapper_of(cls)
    return (mapper is not None and name in mapper._props) or any(name in k.__dict__ for k in cls.__mro__[:-1])


def _relationships_for_fks(base: Any, local_cls: type, by_table: dict[Any, type], names: _Naming) -> None:
    table = _mapper_of(local_cls).local_table
    for constraint in _fk_constraints(table):
        fks = constraint.elements
        referred_cls = by_table.get(fks[0].column.table)
        if referred_cls is None:
            continue
        if local_cls is not referred_cls and issubclass(local_cls, referred_cls):
            continue  # joined inheritance: the FK is the inherit condition
        rel_name = names.scalar(base, local_cls, referred_cls, constraint)
        back_name = names.collection(base, referred_cls, local_cls, constraint)
        o2m_kw: dict[str, Any] = {}
        ondelete = (constraint.ondelete or "").lower()
        if False in {fk.parent.nullable for fk in fks}:
            # a child can't exist without its parent: the collection owns its members
            o2m_kw["cascade"] = "all, delete-orphan"
            if ondelete == "cascade":
                o2m_kw["passive_deletes"] = True
        elif ondelete == "set null":
            o2m_kw["passive_deletes"] = True
        make_backref = not _has_attr(referred_cls, back_name)
        local_cols = [fk.parent for fk in fks]
        if not _has_attr(local_cls, rel_name):
            back = names.generate(base, ONETOMANY, _backref, back_name, referred_cls, local_cls,
                                  collection_class=names.collection_class, **o2m_kw) if make_backref else None
            rel = names.generate(base, MANYTOONE, _relationship, rel_name, local_cls, referred_cls,
                                 foreign_keys=local_cols, backref=back, remote_side=[fk.column for fk in fks])
            if rel is not None:
                if not make_backref:  # only the declared side names this one, as SQLAlchemy
                    _declared_rel(referred_cls, back_name).back_populates = rel_name
                setattr(local_cls, rel_name, rel)
        elif make_backref:
            rel = names.generate(base, ONETOMANY, _relationship, back_name, referred_cls, local_cls,
                                 foreign_keys=local_cols, back_populates=rel_name,
                                 collection_class=names.collection_class, **o2m_kw)
            if rel is not None:
                _declared_rel(local_cls, rel_name).back_populates = back_name
                setattr(referred_cls, back_name, rel)


def _declared_rel(cls: type, name: str) -> Any:
    mapper = _mapper_of(cls)
    prop = mapper._props.get(name) if mapper is not None else None
    if prop is None or not getattr(prop, "is_relationship", False):
        raise exc.ArgumentError(
            f"automap: {cls.__name__}.{name} is declared but is not a relationship, while automap "
            f"would place a relationship there; rename it or pass name_for_*_relationship"
        )
    return prop


def _m2m_relationship(base: Any, table: Any, c1: Any, c2: Any, by_table: dict[Any, type], names: _Naming) -> None:
    from orm.sql import and_

    local_cls = by_table.get(c1.elements[0].column.table)
    referred_cls = by_table.get(c2.elements[0].column.table)
    if local_cls is None or referred_cls is None:
        return
    rel_name = names.collection(base, local_cls, referred_cls, c1)
    back_name = names.collection(base, referred_cls, local_cls, c2)
    make_backref = not _has_attr(referred_cls, back_name)
    overlaps = "__*" if table in by_table else None
    first = and_(*[fk.column == fk.parent for fk in c1.elements])
    second = and_(*[fk.column == fk.parent for fk in c2.elements])
    if not _has_attr(local_cls, rel_name):
        back = names.generate(base, MANYTOMANY, _backref, back_name, referred_cls, local_cls,
                              collection_class=names.collection_class, overlaps=overlaps) if make_backref else None
        rel = names.generate(base, MANYTOMANY, _relationship, rel_name, local_cls, referred_cls, overlaps=overlaps,
                             secondary=table, primaryjoin=first, secondaryjoin=second, backref=back,
                             collection_class=names.collection_class)
        if rel is not None:
            if not make_backref:  # only the declared side names this one, as SQLAlchemy
                _declared_rel(referred_cls, back_name).back_populates = rel_name
            setattr(local_cls, rel_name, rel)
    elif make_backref:
        rel = names.generate(base, MANYTOMANY, _relationship, back_name, referred_cls, local_cls, overlaps=overlaps,
                             secondary=table, primaryjoin=second, secondaryjoin=first, back_populates=rel_name,
                             collection_class=names.collection_class)
        if rel is not None:
            _declared_rel(local_cls, rel_name).back_populates = back_name
            setattr(referred_cls, back_name, rel)


def automap_base(declarative_base: Any = None, **kw: Any) -> Any:
    """A declarative base whose ``prepare()`` maps the tables of a database.

    ``declarative_base`` may be an existing base (``DeclarativeBase`` subclass or
    ``declarative_base()`` result) to extend; otherwise ``kw`` go to ``declarative_base()``.

    Example::

        Base = automap_base()
        class User(Base):                      # optional: declare some classes yourself
            __tablename__ = "users"
            addresses = relationship("address", collection_class=set)
        Base.prepare(autoload_with=engine)
    """
    if declarative_base is None:
        from orm.mapping import declarative_base as make_base

        declarative_base = make_base(**kw)
    return type(declarative_base.__name__, (AutomapBase, declarative_base), {
        "__abstract__": True, "classes": Properties(), "by_module": Properties(),
        "_automap_declared": [], "_automap_tables": set(),
    })
