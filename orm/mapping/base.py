"""Shared names of the mapping layer: ``Mapped``, relationship directions, the state key."""
from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any, Generic, Optional, TypeVar, overload

_T = TypeVar("_T")

# The instance-dict key of an object's InstanceState.  SQLAlchemy's name, so that user code that
# filters ``obj.__dict__`` for it keeps working unchanged.
STATE_KEY = "_sa_instance_state"


class RelationshipDirection(enum.Enum):
    """Which side holds the foreign key: the target (ONETOMANY), the parent (MANYTOONE), or a
    ``secondary`` table (MANYTOMANY)."""

    ONETOMANY = 1
    MANYTOONE = 2
    MANYTOMANY = 3


ONETOMANY = RelationshipDirection.ONETOMANY
MANYTOONE = RelationshipDirection.MANYTOONE
MANYTOMANY = RelationshipDirection.MANYTOMANY


if TYPE_CHECKING:
    from orm.sql.elements import ColumnElement
    from orm.sql.operators_mixin import ColumnOperators

    class _SQLAttribute(ColumnOperators, Generic[_T]):
        """What type checkers see of ``User.name`` on the class: a SQL expression of ``_T``
        (operators, ``like()``, ``in_()``...), and for relationships ``any()``, ``has()``,
        ``of_type()``."""

        key: str
        class_: type
        property: Any
        parent: Any

        @property
        def expression(self) -> "ColumnElement[_T]": ...

        def __clause_element__(self) -> "ColumnElement[_T]": ...

        def label(self, name: Optional[str]) -> "ColumnElement[_T]": ...

        def any(self, criterion: Any = None, **kwargs: Any) -> "ColumnElement[bool]": ...

        def has(self, criterion: Any = None, **kwargs: Any) -> "ColumnElement[bool]": ...

        def of_type(self, entity: Any) -> "Mapped[_T]": ...
else:
    _SQLAttribute = Generic


class Mapped(_SQLAttribute[_T]):
    """The annotation of a mapped attribute: ``id: Mapped[int] = mapped_column(primary_key=True)``.

    On the class the attribute is an :class:`InstrumentedAttribute` (a SQL expression); on an
    instance it is the plain value of type ``_T``.
    """

    __slots__ = ()

    if TYPE_CHECKING:

        @overload
        def __get__(self, instance: None, owner: Any) -> "Mapped[_T]": ...

        @overload
        def __get__(self, instance: object, owner: Any) -> _T: ...

        def __get__(self, instance: Any, owner: Any) -> Any: ...

        def __set__(self, instance: Any, value: _T) -> None: ...


def _mapper_of(cls: Any) -> Any:
    """The Mapper of exactly this class (not of a mapped superclass), or None."""
    d = getattr(cls, "__dict__", None)
    return None if d is None else d.get("__mapper__")


def class_mapper(class_: Any, configure: bool = True) -> Any:
    """The Mapper of a mapped class; ``UnmappedClassError`` otherwise."""
    from orm import exc

    mapper = _mapper_of(class_) if isinstance(class_, type) else None
    if mapper is None:
        raise exc.UnmappedClassError(class_)
    if configure:
        mapper._check_configure()
    return mapper


def object_mapper(instance: Any) -> Any:
    from orm import exc

    mapper = _mapper_of(type(instance))
    if mapper is None:
        raise exc.UnmappedInstanceError(instance)
    return mapper
