"""``PropComparator``: how a mapped attribute behaves in SQL expressions, replaceable per
attribute with ``comparator_factory=`` (``column_property()``, ``deferred()``, ``synonym()``).

Comparison operators and methods written on a class attribute (``Word.text == "x"``,
``Word.text.like(...)``, ``Word.text.some_method()``) go to the attribute's comparator; an operator
the comparator does not redefine applies to its ``__clause_element__()``.

Example::

    class CaseInsensitiveComparator(ColumnProperty.Comparator):
        def __eq__(self, other):
            return func.lower(self.__clause_element__()) == func.lower(other)

    class SearchWord(Base):
        __tablename__ = "searchword"
        id = mapped_column(Integer, primary_key=True)
        word = mapped_column(String)
        word_insensitive = column_property(func.lower(word), comparator_factory=CaseInsensitiveComparator)

    select(SearchWord).where(SearchWord.word_insensitive == "Trucks")
    # WHERE lower(lower(searchword.word)) = lower(:lower_1)
"""
from __future__ import annotations

from typing import Any, Optional

from orm.sql import operators as ops
from orm.sql.operators_mixin import ColumnOperators


class PropComparator(ColumnOperators):
    """The SQL side of one mapped attribute read from one entity (the mapper, or an aliased
    entity given as ``adapt_to_entity``).  Subclasses define ``__clause_element__()`` and the
    operators they change."""

    __hash__ = object.__hash__

    def __init__(self, prop: Any, parentmapper: Any, adapt_to_entity: Any = None) -> None:
        self.prop = prop
        self._parententity = adapt_to_entity if adapt_to_entity is not None else parentmapper
        self._adapt_to_entity = adapt_to_entity

    @property
    def parent(self) -> Any:
        """The Mapper, or the aliased entity, this comparator reads the attribute from."""
        return self._parententity

    @property
    def info(self) -> dict[str, Any]:
        return self.prop.info  # type: ignore[no-any-return]

    @property
    def adapter(self) -> Optional[Any]:
        """A function rewriting an expression of the mapped table against the aliased entity
        (None for the mapped class itself)."""
        ent = self._adapt_to_entity
        return None if ent is None else ent._adapt_element

    def adapt_to_entity(self, adapt_to_entity: Any) -> "PropComparator":
        """This comparator for an aliased entity."""
        return self.__class__(self.prop, self._parententity, adapt_to_entity)

    def __clause_element__(self) -> Any:
        raise NotImplementedError(f"{self!r}")

    @property
    def expression(self) -> Any:
        return self.__clause_element__()

    def operate(self, op: Any, *other: Any, **kwargs: Any) -> Any:
        # as in SQLAlchemy, the base comparator knows only the operators a subclass defines
        raise NotImplementedError(str(op))

    def reverse_operate(self, op: Any, other: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(str(op))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} for {self.prop}>"

    # last: inside the class body this name shadows the builtin decorator
    @property
    def property(self) -> Any:
        return self.prop


class ColumnComparator(PropComparator):
    """``ColumnProperty.Comparator``: the attribute's column (or SQL expression), adapted to the
    aliased entity it is read from."""

    def __clause_element__(self) -> Any:
        col = self.prop.columns[0]
        ent = self._adapt_to_entity
        return col if ent is None else ent._adapt_element(col)

    def operate(self, op: Any, *other: Any, **kwargs: Any) -> Any:
        return self.__clause_element__().operate(op, *other, **kwargs)

    def reverse_operate(self, op: Any, other: Any, **kwargs: Any) -> Any:
        return self.__clause_element__().reverse_operate(op, other, **kwargs)

    def __getattr__(self, key: str) -> Any:
        # ``.type``, JSON/ARRAY element methods...: those of the column expression
        if key.startswith("__"):
            raise AttributeError(key)
        return getattr(self.__clause_element__(), key)


# Python's operators: applied to the comparator itself, so that its __eq__ / __lt__ / ... run
_PY_OPS = frozenset([ops.eq, ops.ne, ops.lt, ops.le, ops.gt, ops.ge, ops.add, ops.sub, ops.mul,
                     ops.truediv, ops.floordiv, ops.mod, ops.neg, ops.inv, ops.getitem])
# the other operators: the ColumnOperators method that produces each, which a comparator may
# redefine (``like_op`` with ``_pattern="startswith"`` comes from ``startswith()``)
_OP_METHODS = {
    ops.like_op: "like", ops.ilike_op: "ilike", ops.not_like_op: "not_like",
    ops.not_ilike_op: "not_ilike", ops.in_op: "in_", ops.not_in_op: "not_in", ops.is_: "is_",
    ops.is_not: "is_not", ops.is_distinct_from: "is_distinct_from",
    ops.is_not_distinct_from: "is_not_distinct_from", ops.concat_op: "concat",
    ops.match_op: "match", ops.regexp_match_op: "regexp_match", ops.between_op: "between",
    ops.collate: "collate", ops.asc_op: "asc", ops.desc_op: "desc",
    ops.nulls_first_op: "nulls_first", ops.nulls_last_op: "nulls_last",
    ops.distinct_op: "distinct", ops.and_: "__and__", ops.or_: "__or__",
}


def operate_through(cmp: PropComparator, op: Any, other: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """``attr <op> other`` for an attribute with a comparator_factory: the comparator's own
    definition of the operator when it has one, else its ``operate()``."""
    if op in _PY_OPS:
        return op(cmp, *other)
    name = _OP_METHODS.get(op)
    if name is not None:
        pattern = kwargs.get("_pattern")
        if pattern is not None:
            name = ("i" if op is ops.ilike_op else "") + pattern
        if getattr(type(cmp), name, None) is not getattr(ColumnOperators, name, None):
            return getattr(cmp, name)(*other, **{k: v for k, v in kwargs.items() if k != "_pattern"})
    return cmp.operate(op, *other, **kwargs)


def reverse_operate_through(cmp: PropComparator, op: Any, other: Any, kwargs: dict[str, Any]) -> Any:
    if op in _PY_OPS:
        return op(other, cmp)  # Python reflects it to the comparator's __eq__ / __rsub__ / ...
    return cmp.reverse_operate(op, other, **kwargs)


def comparator_of(attr: Any) -> Optional[PropComparator]:
    """The ``comparator_factory`` comparator of a class attribute (made once per attribute), or
    None when its property has none."""
    try:
        # object.__getattribute__: an unset slot must not reach the attribute's __getattr__
        return object.__getattribute__(attr, "_comparator")  # type: ignore[no-any-return]
    except AttributeError:
        pass
    prop = attr.property
    factory = getattr(prop, "comparator_factory", None)
    cmp = None
    if factory is not None and getattr(prop, "is_relationship", False):
        of_type = getattr(attr, "_of_type", None)
        kw = {"of_type": of_type} if of_type is not None else {}
        if getattr(attr, "_extra_criteria", ()):
            kw["extra_criteria"] = attr._extra_criteria
        cmp = factory(prop, attr.parent, aliased_entity_of(attr), **kw)
    elif factory is not None:
        target = prop
        if getattr(prop, "is_synonym", False) or type(prop).__name__ == "SynonymProperty":
            # a synonym's comparator reads the attribute it stands for
            target = attr.parent._props.get(prop.name, prop)
        cmp = factory(target, attr.parent, aliased_entity_of(attr))
    attr._comparator = cmp
    return cmp


def aliased_entity_of(attr: Any) -> Any:
    """The aliased entity an attribute is read from (``ua.name``), or None."""
    try:
        return object.__getattribute__(attr, "_aliased_entity")
    except AttributeError:
        return None
