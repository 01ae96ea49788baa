"""Mapper properties for columns: ``mapped_column()``, ``column_property()``, ``synonym()``, and
the ``@validates`` decorator."""
from __future__ import annotations

from typing import Any, Callable, Optional

from orm.sql.operators_mixin import ColumnOperators
from orm.sql.schema import _NOT_SET, Column

from .attributes import SynonymAttribute


class MapperProperty:
    """One named attribute of a Mapper: a column, a relationship, a synonym..."""

    #: dataclasses.field() options given to the construct (MappedAsDataclass, decl_dataclass.py)
    _dataclass_options: dict[str, Any] = {}

    key: str = ""
    parent: Any = None  # the Mapper
    comparator_factory: Any = None  # a PropComparator class (orm.mapping.prop_comparator)
    is_relationship = False
    is_column = False
    doc: Optional[str] = None
    info: dict[str, Any]

    def _attach(self, mapper: Any, key: str) -> None:
        self.parent = mapper
        self.key = key

    @property
    def class_attribute(self) -> Any:
        return getattr(self.parent.class_, self.key)

    def _instrument(self, mapper: Any, validator: Any = None) -> Any:
        """The descriptor to install on the mapped class."""
        from .instrumentation import attribute_for

        return attribute_for(self, mapper, validator)

    def _missing_value(self, instance: Any) -> Any:
        return None

    def _expression_for(self, attr: Any) -> Any:
        from orm import exc

        raise exc.InvalidRequestError(f"{self} has no SQL expression")

    def _post_configure(self) -> None:
        pass

    def __repr__(self) -> str:
        owner = self.parent.class_.__name__ if self.parent is not None else "?"
        return f"<{type(self).__name__} {owner}.{self.key}>"

    def __str__(self) -> str:
        owner = self.parent.class_.__name__ if self.parent is not None else "?"
        return f"{owner}.{self.key}"


class ColumnProperty(MapperProperty):
    """A mapped column (or SQL expression): ``mapper.attrs.name.columns[0]`` is the Column.

    With joined-table inheritance one property can map several columns that share a name
    (``managers.id`` and ``employees.id``); ``columns[0]`` is the most specific one.
    """

    is_column = True

    def __init__(self, *columns: Any, deferred: bool = False, group: Optional[str] = None,
                 raiseload: bool = False, active_history: bool = False, doc: Optional[str] = None,
                 info: Optional[dict[str, Any]] = None, expire_on_flush: bool = True,
                 comparator_factory: Any = None, **kw: Any) -> None:
        self.columns = list(columns)
        self.comparator_factory = comparator_factory
        self.deferred = deferred
        self.group = group
        self.raiseload = raiseload
        self.active_history = active_history
        self.expire_on_flush = expire_on_flush
        self.doc = doc
        self.info = info or {}

    @property
    def expression(self) -> Any:
        return self.columns[0]

    @property
    def _is_table_column(self) -> bool:
        return isinstance(self.columns[0], Column)

    def _expression_for(self, attr: Any) -> Any:
        parent = self.parent
        adapt = parent._polymorphic_adapter if parent is not None and parent.with_polymorphic else None
        if adapt is not None:
            # concrete inheritance: the class's attributes read its with_polymorphic union
            # (Employee.name is pjoin.name), as SQLAlchemy's polymorphic adapter renders them
            return adapt(self.columns[0])
        return self.columns[0]


from .prop_comparator import ColumnComparator  # noqa: E402

ColumnProperty.Comparator = ColumnComparator  # type: ignore[attr-defined]


def column_property(column: Any, *additional_columns: Any, deferred: bool = False,
                    group: Optional[str] = None, raiseload: bool = False, active_history: bool = False,
                    doc: Optional[str] = None, info: Optional[dict[str, Any]] = None,
                    expire_on_flush: bool = True, comparator_factory: Any = None,
                    **kw: Any) -> ColumnProperty:
    """Map a column or a SQL expression as an attribute.

    Example::

        fullname = column_property(firstname + " " + lastname)
    """
    from orm.sql import coercions

    cols = [coercions._unwrap(c) for c in (column, *additional_columns)]
    prop = ColumnProperty(*cols, deferred=deferred, group=group, raiseload=raiseload,
                          active_history=active_history, doc=doc, info=info, expire_on_flush=expire_on_flush,
                          comparator_factory=comparator_factory)
    prop._dataclass_options = {k: kw[k] for k in _DATACLASS_KEYS if k in kw}
    return prop


def deferred(column: Any, *additional_columns: Any, group: Optional[str] = None, raiseload: bool = False,
             **kw: Any) -> ColumnProperty:
    """A column property loaded on first access rather than with its object."""
    return column_property(column, *additional_columns, deferred=True, group=group, raiseload=raiseload, **kw)


_DATACLASS_KEYS = ("init", "repr", "default", "default_factory", "compare", "kw_only", "hash",
                   "dataclass_metadata")

# Keyword arguments of mapped_column() that configure the ORM attribute, not the Column.
_ORM_ONLY_KW = ("deferred", "deferred_group", "deferred_raiseload", "active_history", "sort_order",
                "init", "repr", "default_factory", "compare", "kw_only", "use_existing_column", "hash",
                "dataclass_metadata")


class MappedColumn(ColumnOperators):
    """What ``mapped_column()`` returns: a Column to be, completed by declarative from the
    attribute's name and its ``Mapped[...]`` annotation (type, nullability).

    Used in an expression inside the class body (``fullname = column_property(first + " " +
    last)``) it makes its Column right away; declarative then completes that same Column.
    """

    is_relationship = False
    __hash__ = object.__hash__

    def __clause_element__(self) -> Column:
        col = self.__dict__.get("column")
        if col is None:
            col = self.column = Column(*self.args, **self.kw)
        return col

    def operate(self, op: Any, *other: Any, **kwargs: Any) -> Any:
        return op(self.__clause_element__(), *other, **kwargs)

    def reverse_operate(self, op: Any, other: Any, **kwargs: Any) -> Any:
        return op(other, self.__clause_element__(), **kwargs)

    def __init__(self, *args: Any, **kw: Any) -> None:
        self.orm_kw = {k: kw.pop(k) for k in _ORM_ONLY_KW if k in kw}
        if "insert_default" in kw:
            ins = kw.pop("insert_default")
            if kw.get("default") is None:
                kw["default"] = ins
        self.args = args
        self.kw = kw
        self._creation_order = _next_order()

    @property
    def has_explicit_type(self) -> bool:
        from orm.sql.type_api import TypeEngine

        if "type_" in self.kw:
            return True
        for a in self.args:
            if isinstance(a, TypeEngine) or (isinstance(a, type) and issubclass(a, TypeEngine)):
                return True
        return False

    @property
    def has_explicit_nullable(self) -> bool:
        return self.kw.get("nullable", _NOT_SET) is not _NOT_SET

    def make_column(self, key: str, type_: Any = None, nullable: Any = _NOT_SET) -> Column:
        early = self.__dict__.get("column")
        if early is not None and early.table is None:
            # made for a class-body expression: complete it, so the expression refers to it
            if not early.name:
                early.name = key
            if early.key is None:
                early.key = early.name
            if type_ is not None and not self.has_explicit_type:
                early.type = type_
                early.__dict__.pop("_comparator", None)
            if nullable is not _NOT_SET and "nullable" not in self.kw:
                early.nullable = nullable
            return early  # type: ignore[no-any-return]
        kw = dict(self.kw)
        args = list(self.args)
        if type_ is not None and not self.has_explicit_type:
            insert_at = 1 if args and isinstance(args[0], str) else 0
            args.insert(insert_at, type_)
        if nullable is not _NOT_SET and "nullable" not in kw:
            kw["nullable"] = nullable
        col = Column(*args, **kw)
        if not col.name:
            col.name = key
        if col.key is None:
            col.key = col.name
        self.column = col  # what remote_side=[id] / foreign_keys=[...] written in the class body mean
        return col

    def _property_kw(self) -> dict[str, Any]:
        o = self.orm_kw
        return {"deferred": o.get("deferred", False), "group": o.get("deferred_group"),
                "raiseload": o.get("deferred_raiseload", False), "active_history": o.get("active_history", False)}


_order = [0]


def _next_order() -> int:
    _order[0] += 1
    return _order[0]


def mapped_column(*args: Any, **kw: Any) -> Any:
    """A mapped column for declarative classes; type and nullability may come from the annotation.

    Example::

        class User(Base):
            __tablename__ = "users"
            id: Mapped[int] = mapped_column(primary_key=True)
            name: Mapped[str] = mapped_column(String(50))        # NOT NULL
            nickname: Mapped[Optional[str]]                      # nullable, type from annotation
            team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    """
    return MappedColumn(*args, **kw)


class SynonymProperty(MapperProperty):
    """``synonym("name")``: a second attribute name for a mapped attribute."""

    def __init__(self, name: str, map_column: Optional[bool] = None, descriptor: Any = None,
                 comparator_factory: Any = None, doc: Optional[str] = None, info: Optional[dict[str, Any]] = None) -> None:
        self.name = name
        self.map_column = map_column
        self.descriptor = descriptor
        self.comparator_factory = comparator_factory
        self.doc = doc
        self.info = info or {}

    def _instrument(self, mapper: Any, validator: Any = None) -> Any:
        return SynonymAttribute(mapper.class_, self.key, self, mapper, self.descriptor)

    def _expression_for(self, attr: Any) -> Any:
        from orm import exc

        target = self.parent._props.get(self.name)
        if target is None:
            raise exc.InvalidRequestError(
                f"synonym() attribute {self.parent.class_.__name__}.{self.key} refers to "
                f"'{self.name}', which is not a mapped attribute of {self.parent.class_.__name__}"
            )
        return target._expression_for(attr)

    def _post_configure(self) -> None:
        from orm import exc

        if self.name not in self.parent._props:
            raise exc.ArgumentError(
                f"synonym() attribute {self.parent.class_.__name__}.{self.key} refers to "
                f"'{self.name}', which is not a mapped attribute of {self.parent.class_.__name__}"
            )


def synonym(name: str, map_column: Optional[bool] = None, descriptor: Any = None,
            comparator_factory: Any = None, doc: Optional[str] = None, info: Optional[dict[str, Any]] = None,
            **kw: Any) -> SynonymProperty:
    """Another attribute name for the mapped attribute ``name``.

    Example::

        job_status = Column(String(50))
        status = synonym("job_status")
    """
    prop = SynonymProperty(name, map_column=map_column, descriptor=descriptor,
                           comparator_factory=comparator_factory, doc=doc, info=info)
    prop._dataclass_options = {k: kw[k] for k in _DATACLASS_KEYS if k in kw}
    return prop


def validates(*names: str, include_removes: bool = False, include_backrefs: bool = True) -> Callable[[Any], Any]:
    """Mark a method as the validator of the named attributes; it returns the value to store.

    Example::

        @validates("email")
        def validate_email(self, key, address):
            if "@" not in address:
                raise ValueError("failed simple email validation")
            return address
    """

    def wrap(fn: Any) -> Any:
        fn.__orm_validates__ = (names, {"include_removes": include_removes, "include_backrefs": include_backrefs})
        return fn

    return wrap
