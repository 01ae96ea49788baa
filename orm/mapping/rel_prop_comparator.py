"""``RelationshipProperty.Comparator``: the PropComparator of a relationship attribute, the base
class of ``relationship(..., comparator_factory=...)``.  A subclass redefines operators or adds
methods; ``User.addresses <op> x`` and ``User.addresses.method(...)`` reach it, read from the class
or an aliased entity.

Example::

    class AddressComparator(RelationshipProperty.Comparator):
        def with_email(self, pattern):
            return self.any(Address.email.like(pattern))

        def __eq__(self, other):
            if isinstance(other, str):          # user.addresses == "a@b.c": any address with it
                return self.any(Address.email == other)
            return super().__eq__(other)

    class User(Base):
        ...
        addresses = relationship(Address, comparator_factory=AddressComparator)

    select(User).where(User.addresses.with_email("%@example.com"))
"""
from __future__ import annotations

from typing import Any

from .comparators import RelationshipComparator
from .prop_comparator import PropComparator


class RelationshipPropComparator(PropComparator):
    """SQL of a relationship read from its mapper or an aliased entity: ``==``/``!=`` against an
    object or None, ``contains()``, ``any()``, ``has()``, ``of_type()``."""

    def __init__(self, prop: Any, parentmapper: Any, adapt_to_entity: Any = None, of_type: Any = None,
                 extra_criteria: Any = ()) -> None:
        super().__init__(prop, parentmapper, adapt_to_entity)
        self._parentmapper = parentmapper
        self._of_type = of_type
        self._extra_criteria = tuple(extra_criteria)
        self._rel = RelationshipComparator(prop, self._parententity, of_type, None, self._extra_criteria)

    @property
    def entity(self) -> Any:
        """The target entity (Mapper, or the ``of_type()`` entity's)."""
        return self._rel.target

    @property
    def mapper(self) -> Any:
        """The target class's Mapper."""
        return self.prop.mapper

    def adapt_to_entity(self, adapt_to_entity: Any) -> "RelationshipPropComparator":
        return self.__class__(self.prop, self._parentmapper, adapt_to_entity, of_type=self._of_type)

    def __clause_element__(self) -> Any:
        # the join condition, read from the parent entity
        return self._rel.parent_condition()

    def operate(self, op: Any, *other: Any, **kwargs: Any) -> Any:
        return self._rel.operate(op, *other, **kwargs)

    def reverse_operate(self, op: Any, other: Any, **kwargs: Any) -> Any:
        return self._rel.operate(op, other, **kwargs)

    def __eq__(self, other: Any) -> Any:  # type: ignore[override]
        return self._rel.eq(other)

    def __ne__(self, other: Any) -> Any:  # type: ignore[override]
        return self._rel.ne(other)

    __hash__ = PropComparator.__hash__

    def any(self, criterion: Any = None, **kwargs: Any) -> Any:
        return self._rel.any(criterion, **kwargs)

    def has(self, criterion: Any = None, **kwargs: Any) -> Any:
        return self._rel.has(criterion, **kwargs)

    def contains(self, other: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        return self._rel.contains(other, **kwargs)

    def of_type(self, class_: Any) -> Any:
        """The relationship narrowed to ``class_`` (an attribute, usable in joins and options;
        its comparator is again this class)."""
        return self._rel.of_type(class_)

    def and_(self, *criteria: Any) -> Any:
        """The relationship with extra criteria for its joins and loader options."""
        return self._rel.and_(*criteria)
