"""Column-level expression nodes: columns, bound parameters, operators, labels, CASE, CAST, text.

Example::

    from orm import column, literal, and_
    expr = and_(column("a") == 5, column("b").like("x%"))
"""
from __future__ import annotations

import re
from typing import Any, Generic, Iterable, Optional, Sequence, TypeVar

from . import operators
from .base import AnonLabel, ClauseElement, Executable, _Uncacheable, _generative, anon_name
from .operators_mixin import ColumnOperators
from .type_api import NULLTYPE, TypeEngine, resolve_value_type, to_instance

_T = TypeVar("_T")

# Where a Boolean-typed value stands as a whole condition (see AsBoolean).
_BOOLEAN_CONTEXTS = frozenset({operators.and_, operators.or_, operators._asbool})


class ColumnElement(ColumnOperators, ClauseElement, Generic[_T]):
    """An expression that yields a value: a column, a bound parameter, ``a + b``, ``func.x()``."""

    __visit_name__ = "column_element"
    type: TypeEngine[Any] = NULLTYPE
    key: Optional[str] = None
    # a column-level element is "named" when it can be selected without a label
    _is_named = False
    primary_key = False
    foreign_keys: Any = frozenset()
    _proxies: tuple["ColumnElement[Any]", ...] = ()
    __hash__ = ClauseElement.__hash__

    # -- operators -------------------------------------------------------------------------------
    @property
    def comparator(self) -> TypeEngine.Comparator:
        try:
            return self.__dict__["_comparator"]
        except KeyError:
            comp = self.__dict__["_comparator"] = self.type.comparator_factory(self)
            return comp

    def operate(self, op: Any, *other: Any, **kwargs: Any) -> "ColumnElement[Any]":
        return self.comparator.operate(op, *other, **kwargs)

    def reverse_operate(self, op: Any, other: Any, **kwargs: Any) -> "ColumnElement[Any]":
        return self.comparator.reverse_operate(op, other, **kwargs)

    def __getattr__(self, key: str) -> Any:
        # Type-specific comparator methods (``JSON.as_string``, ``ARRAY.any``) reach the expression.
        if key.startswith("_") or key in ("comparator", "type"):
            raise AttributeError(key)
        comp = self.comparator
        try:
            return getattr(comp, key)
        except AttributeError:
            raise AttributeError(
                f"Neither {type(self).__name__!r} object nor {type(comp).__name__!r} object "
                f"has an attribute {key!r}"
            ) from None

    # -- naming ----------------------------------------------------------------------------------
    def label(self, name: Optional[str]) -> "Label[_T]":
        """``expr AS name``; ``label(None)`` gives an anonymous label."""
        return Label(name, self, self.type)

    @property
    def anon_label(self) -> str:
        return anon_name(getattr(self, "name", None) or "anon")

    def cast(self, type_: Any) -> "Cast[Any]":
        return Cast(self, type_)

    def self_group(self, against: Any = None) -> "ColumnElement[Any]":
        if against in _BOOLEAN_CONTEXTS and self._is_boolean_value():
            return AsBoolean(self)
        return self

    def _is_boolean_value(self) -> bool:
        """A Boolean-typed value that is not itself a comparison (a column, a constant, a bind)."""
        from orm.types import Boolean

        return isinstance(self.type, Boolean)

    def _negate(self) -> "ColumnElement[Any]":
        if self._is_boolean_value():
            return AsBoolean(self, negated=True)
        return UnaryExpression(self.self_group(against=operators.not_), operator=operators.not_,
                               type_=self.type)

    def _proxy_set(self) -> set["ColumnElement[Any]"]:
        """This column and every column it was derived from (aliases, subqueries)."""
        result = {self}
        for p in self._proxies:
            result |= p._proxy_set()
        return result

    def shares_lineage(self, other: "ColumnElement[Any]") -> bool:
        return bool(self._proxy_set() & other._proxy_set())

    def _make_proxy(self, selectable: Any, name: Optional[str] = None, key: Optional[str] = None) -> "ColumnClause[Any]":
        """A column of ``selectable`` (a subquery/alias) that stands for this expression."""
        name = name or getattr(self, "name", None) or self.anon_label
        col = ColumnClause(name, self.type, _selectable=selectable)
        col.key = key or name
        col._proxies = (self,)
        col.primary_key = self.primary_key
        col.foreign_keys = self.foreign_keys
        return col

    @property
    def expression(self) -> "ColumnElement[_T]":
        return self

    def _select_iterable(self) -> list["ColumnElement[Any]"]:
        return [self]

    @property
    def _from_objects(self) -> list[Any]:
        froms: list[Any] = []
        for child in self.get_children():
            for f in getattr(child, "_from_objects", ()):
                if f not in froms:
                    froms.append(f)
        return froms


class WrapsColumnExpression:
    """Marker for elements that wrap one column expression (labels, groupings)."""


_NO_VALUE: Any = type("_NoValue", (), {"__repr__": lambda self: "<no value>"})()


class BindParameter(ColumnElement[_T]):
    """A bound parameter: a value sent to the driver beside the SQL, never spliced into it.

    Example::

        bindparam("username", type_=String)
    """

    __visit_name__ = "bindparam"
    _attrs = ("_cache_name", "expanding", "literal_execute", "_type_key")
    inherit_cache = True

    def __init__(
        self,
        key: Optional[str],
        value: Any = _NO_VALUE,
        type_: Any = None,
        unique: bool = False,
        required: Any = None,
        callable_: Any = None,
        expanding: bool = False,
        literal_execute: bool = False,
        _compared_to_operator: Any = None,
        _compared_to_type: Any = None,
        quote: Any = None,
        isoutparam: bool = False,
    ) -> None:
        if required is None:
            # only a parameter created without any value must be given one at execution;
            # an explicit None (``literal(None)``, ``bindparam("x", None)``) is a value
            required = value is _NO_VALUE and callable_ is None
        if value is _NO_VALUE:
            value = None
        self.value = value
        self.callable = callable_
        self.required = required
        self.expanding = expanding
        self.literal_execute = literal_execute
        self.unique = unique or key is None
        self.key = key if key is not None else "param"
        self._orig_key = self.key
        if type_ is None:
            if expanding and value:
                check = value[0]
            else:
                check = value
            if _compared_to_type is not None:
                self.type = _compared_to_type.coerce_compared_value(_compared_to_operator, check)
            else:
                self.type = resolve_value_type(check)
        else:
            self.type = to_instance(type_)

    @property
    def _cache_name(self) -> Any:
        # unique binds get their names at compile time; the shape ignores their key
        return None if self.unique else self.key

    @property
    def _type_key(self) -> Any:
        return self.type._static_cache_key()

    @property
    def effective_value(self) -> Any:
        if self.callable is not None:
            return self.callable()
        return self.value

    def _gen_cache_key(self, binds: list["BindParameter[Any]"]) -> Any:
        binds.append(self)
        return (BindParameter, self._cache_name, self.expanding, self.literal_execute,
                self.type._static_cache_key(), self.unique and self._orig_key)

    def _with_value(self, value: Any, maintain_key: bool = False) -> "BindParameter[_T]":
        new = self._generate()
        new.value = value
        new.callable = None
        new.required = False
        return new

    def render_literal_execute(self) -> "BindParameter[_T]":
        new = self._generate()
        new.literal_execute = True
        return new

    def __repr__(self) -> str:
        return f"BindParameter({self.key!r}, {self.value!r}, type_={self.type!r})"


class TypeClause(ClauseElement):
    __visit_name__ = "typeclause"
    _attrs = ("type",)

    def __init__(self, type_: Any) -> None:
        self.type = to_instance(type_)


class TextClause(Executable, ClauseElement):
    """Literal SQL text with ``:name`` bound parameters.

    Example::

        text("SELECT * FROM users WHERE id = :id").bindparams(id=5)
    """

    __visit_name__ = "textclause"
    _attrs = ("text",)
    _children = ("_bind_list",)
    _is_text = True
    _bind_pattern = re.compile(r"(?<![:\w\x5c]):(\w+)(?!:)")
    key: Optional[str] = None
    type: TypeEngine[Any] = NULLTYPE
    _is_named = False

    def __init__(self, text: str) -> None:
        if not isinstance(text, str):
            from orm import exc

            raise exc.ArgumentError(f"text() expects a string, got {type(text).__name__}")
        self.text = text
        self._bindparams: dict[str, BindParameter[Any]] = {}
        for name in self._bind_pattern.findall(text):
            if name not in self._bindparams:
                self._bindparams[name] = BindParameter(name, None, required=True)

    @property
    def _bind_list(self) -> tuple[BindParameter[Any], ...]:
        return tuple(self._bindparams.values())

    @_generative
    def bindparams(self, *binds: BindParameter[Any], **names_to_values: Any) -> None:
        """Give values or types to the ``:name`` parameters."""
        params = dict(self._bindparams)
        for b in binds:
            if b.key not in params:
                from orm import exc

                raise exc.ArgumentError(f"This text() construct doesn't define a bound parameter named {b.key!r}")
            params[b.key] = b
        for name, value in names_to_values.items():
            if name not in params:
                from orm import exc

                raise exc.ArgumentError(f"This text() construct doesn't define a bound parameter named {name!r}")
            params[name] = params[name]._with_value(value)
            if params[name].type is NULLTYPE:
                params[name].type = resolve_value_type(value)
        self._bindparams = params

    def columns(self, *cols: Any, **types: Any) -> "TextualSelect":
        """Declare the result columns (``text(...).columns(id=Integer, name=String)``)."""
        from .selectable import TextualSelect

        columns: list[ColumnClause[Any]] = []
        for c in cols:
            if not isinstance(c, ColumnElement) and hasattr(c, "__clause_element__"):
                c = c.__clause_element__()  # a mapped attribute (User.id): its column
            columns.append(c if isinstance(c, ColumnElement) else ColumnClause(c))
        for name, typ in types.items():
            columns.append(ColumnClause(name, typ))
        return TextualSelect(self, columns)

    def self_group(self, against: Any = None) -> ClauseElement:
        if against is operators.in_op:
            return Grouping(self)  # type: ignore[arg-type]
        return self

    @property
    def _from_objects(self) -> list[Any]:
        return []

    def label(self, name: str) -> "Label[Any]":
        return Label(name, self, NULLTYPE)  # type: ignore[arg-type]

    def subquery(self, name: Optional[str] = None) -> Any:
        return self.columns().subquery(name)


class Null(ColumnElement[None]):
    __visit_name__ = "null"

    def __init__(self) -> None:
        self.type = NULLTYPE


class _BooleanConstant(ColumnElement[bool]):
    value: bool

    def __init__(self) -> None:
        from orm.types import BOOLEANTYPE

        self.type = BOOLEANTYPE


class True_(_BooleanConstant):
    __visit_name__ = "true"
    value = True

    def _negate(self) -> "False_":
        return False_()


class False_(_BooleanConstant):
    __visit_name__ = "false"
    value = False

    def _negate(self) -> "True_":
        return True_()


class ClauseList(ClauseElement):
    """A comma (or operator) separated list of clauses."""

    __visit_name__ = "clauselist"
    _children = ("clauses",)
    _attrs = ("operator",)

    def __init__(self, *clauses: Any, operator: Any = operators.comma_op, group: bool = True,
                 group_contents: bool = True) -> None:
        from . import coercions

        self.operator = operator
        self.group = group
        self.clauses = tuple(
            coercions.expect_column_or_literal(c).self_group(against=operator) if group_contents
            else coercions.expect_column_or_literal(c)
            for c in clauses
        )

    def __iter__(self) -> Any:
        return iter(self.clauses)

    def __len__(self) -> int:
        return len(self.clauses)

    def self_group(self, against: Any = None) -> ClauseElement:
        if self.group and operators.is_precedent(self.operator, against):
            return Grouping(self)  # type: ignore[arg-type]
        return self

    @property
    def _from_objects(self) -> list[Any]:
        froms: list[Any] = []
        for c in self.clauses:
            for f in getattr(c, "_from_objects", ()):
                if f not in froms:
                    froms.append(f)
        return froms


class ExpressionClauseList(ColumnElement[Any]):
    """A typed, operator-joined list used as an expression (``tuple_``)."""

    __visit_name__ = "expression_clauselist"
    _children = ("clauses",)
    _attrs = ("operator",)

    def __init__(self, operator: Any, *clauses: Any, type_: Any = None) -> None:
        self.operator = operator
        self.clauses = tuple(clauses)
        self.type = to_instance(type_)


class BooleanClauseList(ColumnElement[bool]):
    """``a AND b AND c`` / ``a OR b``.

    Example::

        and_(users.c.id > 5, users.c.name == "x")
    """

    __visit_name__ = "boolean_clauselist"
    _children = ("clauses",)
    _attrs = ("operator",)

    def __init__(self, operator: Any, clauses: Sequence[ColumnElement[Any]]) -> None:
        from orm.types import BOOLEANTYPE

        self.operator = operator
        self.clauses = tuple(clauses)
        self.type = BOOLEANTYPE

    @classmethod
    def _construct(cls, operator: Any, clauses: Iterable[Any]) -> ColumnElement[Any]:
        from . import coercions

        continue_on = True_ if operator is operators.and_ else False_
        skip_on = False_ if operator is operators.and_ else True_
        flat: list[ColumnElement[Any]] = []
        for c in clauses:
            if c is None:
                continue
            c = coercions.expect_where(c)
            if isinstance(c, AsBoolean) and not c.negated and isinstance(c.element, _BooleanConstant):
                c = c.element  # where(false()) kept as a condition; still a constant here
            if isinstance(c, continue_on):
                continue
            if isinstance(c, skip_on):
                return c
            if isinstance(c, BooleanClauseList) and c.operator is operator:
                flat.extend(c.clauses)
            else:
                flat.append(c)
        if not flat:
            return continue_on() if clauses else cls(operator, ())
        if len(flat) == 1:
            return flat[0].self_group(against=operators.comma_op)
        return cls(operator, [c.self_group(against=operator) for c in flat])

    def self_group(self, against: Any = None) -> ColumnElement[Any]:
        if not self.clauses:
            return self
        if operators.is_precedent(self.operator, against):
            return Grouping(self)
        return self

    def _negate(self) -> ColumnElement[Any]:
        return UnaryExpression(self.self_group(against=operators.not_), operator=operators.not_,
                               type_=self.type)

    @property
    def _from_objects(self) -> list[Any]:
        froms: list[Any] = []
        for c in self.clauses:
            for f in c._from_objects:
                if f not in froms:
                    froms.append(f)
        return froms


def and_(*clauses: Any) -> ColumnElement[bool]:
    """``a AND b``: ``and_(users.c.id > 5, users.c.name == "x")``."""
    return BooleanClauseList._construct(operators.and_, clauses)


def or_(*clauses: Any) -> ColumnElement[bool]:
    """``a OR b``: ``or_(users.c.id == 1, users.c.id == 2)``."""
    return BooleanClauseList._construct(operators.or_, clauses)


def not_(clause: Any) -> ColumnElement[bool]:
    """``NOT clause`` (or the negated comparison: ``not_(a == b)`` is ``a != b``)."""
    from . import coercions

    return coercions.expect_where(clause).operate(operators.inv)


class BinaryExpression(ColumnElement[_T]):
    """``left <operator> right``."""

    __visit_name__ = "binary"
    _children = ("left", "right")
    _attrs = ("operator", "negate", "_modifiers_key")

    def __init__(self, left: ColumnElement[Any], right: Any, operator: Any, type_: Any = None,
                 negate: Any = None, modifiers: Optional[dict[str, Any]] = None) -> None:
        self.left = left.self_group(against=operator)
        self.right = right.self_group(against=operator) if isinstance(right, ClauseElement) else right
        self.operator = operator
        self.type = to_instance(type_)
        self.negate = negate
        self.modifiers = modifiers or {}

    @property
    def _modifiers_key(self) -> tuple[Any, ...]:
        return tuple(sorted(self.modifiers.items())) if self.modifiers else ()

    def __bool__(self) -> bool:
        # ``col1 == col2`` used in an ``if`` (or a dict key test) compares identity, as SQLAlchemy does.
        if self.operator in (operators.eq, operators.ne):
            same = hash(self.left) == hash(self.right) and self.left is self.right
            return same if self.operator is operators.eq else not same
        raise TypeError("Boolean value of this clause is not defined")

    def self_group(self, against: Any = None) -> ColumnElement[Any]:
        if operators.is_precedent(self.operator, against):
            return Grouping(self)
        return self

    def _negate(self) -> ColumnElement[Any]:
        if self.negate is not None:
            negated = BinaryExpression(self.left, self.right, self.negate, type_=self.type,
                                       negate=self.operator, modifiers=self.modifiers)
            if self.negate is operators.not_in_op:
                return Grouping(negated)
            return negated
        return UnaryExpression(self.self_group(against=operators.inv), operator=operators.not_,
                               type_=self.type)

    @property
    def _from_objects(self) -> list[Any]:
        froms = list(self.left._from_objects)
        for f in getattr(self.right, "_from_objects", ()):
            if f not in froms:
                froms.append(f)
        return froms


class UnaryExpression(ColumnElement[_T]):
    """``NOT x``, ``-x``, ``x DESC``, ``DISTINCT x``, ``EXISTS (...)``."""

    __visit_name__ = "unary"
    _children = ("element",)
    _attrs = ("operator", "modifier")

    def __init__(self, element: Any, operator: Any = None, modifier: Any = None, type_: Any = None,
                 wraps_column_expression: bool = False) -> None:
        self.operator = operator
        self.modifier = modifier
        self.element = element.self_group(against=operator or modifier)
        self.type = to_instance(type_) if type_ is not None else getattr(element, "type", NULLTYPE)

    def self_group(self, against: Any = None) -> ColumnElement[Any]:
        if self.operator and operators.is_precedent(self.operator, against):
            return Grouping(self)
        return self

    def _negate(self) -> ColumnElement[Any]:
        from orm.types import Boolean

        if self.operator is operators.not_:
            return self.element.element if isinstance(self.element, Grouping) else self.element
        if isinstance(self.type, Boolean):
            return UnaryExpression(self.self_group(against=operators.inv), operator=operators.not_,
                                   type_=self.type)
        return UnaryExpression(self, operator=operators.inv, type_=self.type)

    @property
    def _from_objects(self) -> list[Any]:
        return list(getattr(self.element, "_from_objects", ()))

    @property
    def _select_name(self) -> Any:
        # -users.id stays named "id", without a label
        el = self.element
        if self.operator in (operators.neg, operators.distinct_op) and getattr(el, "_is_named", False) \
                and type(getattr(el, "name", None)) is str:
            return (el.name, False)
        return None

    @property
    def _order_by_label_element(self) -> Any:
        if self.modifier in (operators.desc_op, operators.asc_op, operators.nulls_first_op,
                             operators.nulls_last_op):
            return getattr(self.element, "_order_by_label_element", None)
        return None


class AsBoolean(UnaryExpression[bool]):
    """A Boolean-typed value used as a whole condition (``WHERE flag``, ``a AND flag``, ``NOT flag``).

    Rendered ``flag`` / ``NOT flag`` where the database has a boolean type, ``flag = 1`` /
    ``flag = 0`` where it has not (SQLite, MySQL).
    """

    __visit_name__ = "as_boolean"
    _attrs = ("negated",)

    def __init__(self, element: Any, negated: bool = False) -> None:
        self.element = element
        self.negated = negated
        self.operator = operators.not_ if negated else None
        self.modifier = None
        self.type = element.type

    def self_group(self, against: Any = None) -> ColumnElement[Any]:
        return self

    def _negate(self) -> ColumnElement[Any]:
        return AsBoolean(self.element, not self.negated)

    @property
    def _select_name(self) -> Any:
        name = getattr(self.element, "name", None)
        return (name, False) if type(name) is str else None


class Grouping(ColumnElement[_T]):
    """Parentheses around an expression."""

    __visit_name__ = "grouping"
    _children = ("element",)

    def __init__(self, element: Any) -> None:
        self.element = element
        self.type = getattr(element, "type", NULLTYPE)

    def self_group(self, against: Any = None) -> "Grouping[_T]":
        return self

    def _negate(self) -> ColumnElement[Any]:
        inner = self.element
        if isinstance(inner, BinaryExpression):
            negated = inner._negate()
            return negated if isinstance(negated, Grouping) else Grouping(negated)
        if hasattr(inner, "_negate"):
            return inner._negate().self_group(against=operators.not_)
        return UnaryExpression(self, operator=operators.not_)

    @property
    def _from_objects(self) -> list[Any]:
        return list(getattr(self.element, "_from_objects", ()))

    @property
    def key(self) -> Optional[str]:  # type: ignore[override]
        return getattr(self.element, "key", None)

    @property
    def name(self) -> Optional[str]:
        return getattr(self.element, "name", None)

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("_") or attr in ("element", "type"):
            raise AttributeError(attr)
        return getattr(self.element, attr)


class Label(ColumnElement[_T]):
    """``expr AS name``."""

    __visit_name__ = "label"
    _children = ("element",)
    _attrs = ("name",)
    _is_named = True

    def __init__(self, name: Optional[str], element: Any, type_: Any = None) -> None:
        from . import coercions

        element = coercions.expect_column_or_literal(element)
        while isinstance(element, Label):
            element = element.element
        self.name = name if name is not None else anon_name(getattr(element, "name", None) or "anon")
        self.key = self.name
        self.element = element
        self.type = to_instance(type_) if type_ is not None else element.type

    @property
    def _order_by_label_element(self) -> "Label[_T]":
        return self

    def self_group(self, against: Any = None) -> ColumnElement[Any]:
        # (a || b) = :param_1 -- outside the columns clause a label renders as its grouped element
        inner = self.element.self_group(against=against)
        if inner is self.element:
            return self
        new = self._generate()
        new.element = inner
        return new

    @property
    def _from_objects(self) -> list[Any]:
        return list(self.element._from_objects)

    @property
    def primary_key(self) -> bool:  # type: ignore[override]
        return bool(getattr(self.element, "primary_key", False))

    def _make_proxy(self, selectable: Any, name: Optional[str] = None, key: Optional[str] = None) -> "ColumnClause[Any]":
        col = super()._make_proxy(selectable, name=name or self.name, key=key)
        col._proxies = (self, self.element)
        return col


class ColumnClause(ColumnElement[_T]):
    """A named column, optionally of a table: ``column("name")``, ``table.c.name``."""

    __visit_name__ = "column"
    _attrs = ("name", "is_literal", "_table_key")
    _is_named = True
    is_literal = False
    onupdate = default = server_default = server_onupdate = None

    def __init__(self, text: str, type_: Any = None, is_literal: bool = False, _selectable: Any = None) -> None:
        self.name = text
        self.key = text
        self.type = to_instance(type_)
        self.is_literal = is_literal
        self.table = _selectable

    @property
    def _table_key(self) -> Any:
        t = self.table
        if t is None:
            return None
        return t._table_identity()

    @property
    def _from_objects(self) -> list[Any]:
        return [self.table] if self.table is not None else []

    def _gen_cache_key(self, binds: list[Any]) -> Any:
        t = self.table
        if t is None:
            tkey = None
        else:
            tkey = t._gen_cache_key(binds) if getattr(t, "_is_derived", False) else t._table_identity()
        name = self.name
        if type(name) is AnonLabel:
            name = binds.anon_map.setdefault(name, ("anon", len(binds.anon_map)))  # type: ignore[attr-defined]
        return (type(self), name, self.is_literal, tkey, self.type._static_cache_key())

    def __hash__(self) -> int:
        return id(self)


def column(text: str, type_: Any = None, is_literal: bool = False, _selectable: Any = None) -> ColumnClause[Any]:
    """A free-standing column: ``select(column("a")).select_from(table("t"))``."""
    return ColumnClause(text, type_, is_literal, _selectable)


def literal_column(text: str, type_: Any = None) -> ColumnClause[Any]:
    """Literal SQL text used as a column (no quoting): ``literal_column("'%'")``."""
    return ColumnClause(text, type_, is_literal=True)


def literal(value: Any, type_: Any = None, literal_execute: bool = False) -> BindParameter[Any]:
    """A bound value used as an expression: ``select(literal("x"))``."""
    return BindParameter(None, value, type_=type_, unique=True, literal_execute=literal_execute)


def bindparam(key: Optional[str], value: Any = _NO_VALUE, type_: Any = None, unique: bool = False,
              required: Any = None, callable_: Any = None, expanding: bool = False,
              literal_execute: bool = False) -> BindParameter[Any]:
    """A named bound parameter: ``users.c.id == bindparam("uid")``."""
    return BindParameter(key, value, type_=type_, unique=unique, required=required,
                         callable_=callable_, expanding=expanding, literal_execute=literal_execute)


def null() -> Null:
    return Null()


def true() -> True_:
    return True_()


def false() -> False_:
    return False_()


class Case(ColumnElement[_T]):
    """``CASE WHEN ... THEN ... ELSE ... END``.

    Example::

        case((users.c.age < 18, "minor"), else_="adult")
    """

    __visit_name__ = "case"
    _children = ("value", "whens", "else_")

    def __init__(self, *whens: Any, value: Any = None, else_: Any = None) -> None:
        from . import coercions

        if len(whens) == 1 and isinstance(whens[0], dict):
            pairs = list(whens[0].items())
        elif len(whens) == 1 and isinstance(whens[0], list):
            pairs = list(whens[0])
        else:
            pairs = list(whens)
        if value is not None:
            self.value = coercions.expect_column_or_literal(value)
            self.whens = tuple(
                (coercions.literal_or_bind(w, self.value.type), coercions.literal_or_bind(r))
                for w, r in pairs
            )
        else:
            self.value = None
            self.whens = tuple(
                (_group_when(coercions.expect_where(w)), coercions.literal_or_bind(r)) for w, r in pairs
            )
        self.else_ = coercions.literal_or_bind(else_) if else_ is not None else None
        type_ = NULLTYPE
        for _, r in self.whens:
            if r.type is not NULLTYPE:
                type_ = r.type
                break
        if type_ is NULLTYPE and self.else_ is not None:
            type_ = self.else_.type
        self.type = type_

    def get_children(self) -> Any:
        if self.value is not None:
            yield self.value
        for w, r in self.whens:
            yield w
            yield r
        if self.else_ is not None:
            yield self.else_


def _group_when(cond: Any) -> Any:
    """WHEN conditions are parenthesised: ``CASE WHEN (a > b) THEN ...``."""
    if isinstance(cond, (BinaryExpression, BooleanClauseList, UnaryExpression)):
        return Grouping(cond)
    return cond


def case(*whens: Any, value: Any = None, else_: Any = None) -> Case[Any]:
    return Case(*whens, value=value, else_=else_)


class Cast(ColumnElement[_T]):
    """``CAST(expr AS type)``."""

    __visit_name__ = "cast"
    _children = ("clause", "typeclause")

    def __init__(self, expression: Any, type_: Any) -> None:
        from . import coercions

        self.type = to_instance(type_)
        self.clause = coercions.literal_or_bind(expression, self.type)
        self.typeclause = TypeClause(self.type)

    @property
    def _from_objects(self) -> list[Any]:
        return list(self.clause._from_objects)

    @property
    def _select_name(self) -> Any:
        # CAST(users.id AS ...) AS id: the cast keeps its column's name, as a label
        name = getattr(self.clause, "name", None) if getattr(self.clause, "_is_named", False) else None
        return (name, True) if name and type(name) is str else None


def cast(expression: Any, type_: Any) -> Cast[Any]:
    """``CAST(expression AS type)``: ``cast(users.c.id, String)``."""
    return Cast(expression, type_)


class TypeCoerce(ColumnElement[_T]):
    """An expression given a Python-side type without SQL CAST."""

    __visit_name__ = "type_coerce"
    _children = ("clause",)
    _attrs = ("type",)

    def __init__(self, expression: Any, type_: Any) -> None:
        from . import coercions

        self.type = to_instance(type_)
        self.clause = coercions.literal_or_bind(expression, self.type)

    @property
    def _from_objects(self) -> list[Any]:
        return list(self.clause._from_objects)

    def self_group(self, against: Any = None) -> ColumnElement[Any]:
        inner = self.clause.self_group(against=against)
        if inner is not self.clause:
            return TypeCoerce(inner, self.type)
        return self

    _select_name = Cast._select_name


def type_coerce(expression: Any, type_: Any) -> TypeCoerce[Any]:
    return TypeCoerce(expression, type_)


class Extract(ColumnElement[int]):
    """``EXTRACT(field FROM expr)``."""

    __visit_name__ = "extract"
    _children = ("expr",)
    _attrs = ("field",)

    def __init__(self, field: str, expr: Any) -> None:
        from orm.types import Integer
        from . import coercions

        self.type = Integer()
        self.field = field
        self.expr = coercions.expect_column_or_literal(expr)


def extract(field: str, expr: Any) -> Extract:
    return Extract(field, expr)


class Tuple(ColumnElement[Any]):
    """``(a, b)``: ``tuple_(t.c.a, t.c.b).in_([(1, 2), (3, 4)])``."""

    __visit_name__ = "tuple"
    _children = ("clauses",)

    def __init__(self, *clauses: Any, types: Any = None) -> None:
        from orm.types import TupleType
        from . import coercions

        types = types or [None] * len(clauses)
        self.clauses = tuple(coercions.literal_or_bind(c, to_instance(t) if t else None)
                             for c, t in zip(clauses, types))
        self.type = TupleType(*[c.type for c in self.clauses])

    def self_group(self, against: Any = None) -> "Tuple":
        return self


def tuple_(*clauses: Any, types: Any = None) -> Tuple:
    return Tuple(*clauses, types=types)


class Over(ColumnElement[_T]):
    """A window function: ``func.row_number().over(partition_by=..., order_by=...)``."""

    __visit_name__ = "over"
    _children = ("element", "partition_by", "order_by", "_frame_binds")
    _attrs = ("_frame_shape",)

    def __init__(self, element: Any, partition_by: Any = None, order_by: Any = None,
                 range_: Any = None, rows: Any = None) -> None:
        from . import coercions

        self.element = element
        self.type = element.type
        self.partition_by = (
            ClauseList(*_as_list(partition_by), group=False) if partition_by is not None else None
        )
        self.order_by = (
            ClauseList(*[coercions.expect_order_by(o) for o in _as_list(order_by)], group=False)
            if order_by is not None else None
        )
        if range_ is not None and rows is not None:
            from orm import exc

            raise exc.ArgumentError("'range_' and 'rows' are mutually exclusive")
        self.range_ = self._interpret(range_)
        self.rows = self._interpret(rows)
        from orm.types import Integer

        frame = self.range_ or self.rows or ()
        self._frame_binds = tuple(BindParameter(None, abs(v), type_=Integer(), unique=True)
                                  for v in frame if v)

    @property
    def _frame_shape(self) -> Any:
        def sign(v: Any) -> Any:
            return None if v is None else (v > 0) - (v < 0)

        kind = "range" if self.range_ is not None else "rows" if self.rows is not None else None
        frame = self.range_ or self.rows or (None, None)
        return (kind, sign(frame[0]), sign(frame[1]))

    @staticmethod
    def _interpret(rng: Any) -> Optional[tuple[Any, Any]]:
        if rng is None:
            return None
        lo, hi = rng
        for v in (lo, hi):
            if v is not None and not isinstance(v, int):
                from orm import exc

                raise exc.ArgumentError("Integer or None expected for range value")
        return (lo, hi)

    @property
    def _from_objects(self) -> list[Any]:
        froms: list[Any] = []
        for c in self.get_children():
            for f in c._from_objects:  # type: ignore[attr-defined]
                if f not in froms:
                    froms.append(f)
        return froms


class WithinGroup(ColumnElement[_T]):
    __visit_name__ = "withingroup"
    _children = ("element", "order_by")

    def __init__(self, element: Any, *order_by: Any) -> None:
        from . import coercions

        self.element = element
        self.type = element.type
        self.order_by = ClauseList(*[coercions.expect_order_by(o) for o in order_by], group=False)

    def over(self, **kw: Any) -> Over[_T]:
        return Over(self, **kw)


class FunctionFilter(ColumnElement[_T]):
    __visit_name__ = "funcfilter"
    _children = ("func", "criterion")

    def __init__(self, func: Any, *criterion: Any) -> None:
        self.func = func
        self.type = func.type
        self.criterion = and_(*criterion)

    def over(self, **kw: Any) -> Over[_T]:
        return Over(self, **kw)


class CollationClause(ColumnElement[Any]):
    __visit_name__ = "collation"
    _attrs = ("collation",)

    def __init__(self, collation: str) -> None:
        self.collation = collation


def collate(expression: Any, collation: str) -> ColumnElement[Any]:
    from . import coercions

    return coercions.expect_column_or_literal(expression).collate(collation)


def distinct(expr: Any) -> ColumnElement[Any]:
    from . import coercions

    return coercions.expect_column_or_literal(expr).distinct()


def between(expr: Any, lower: Any, upper: Any, symmetric: bool = False) -> ColumnElement[bool]:
    from . import coercions

    return coercions.expect_column_or_literal(expr).between(lower, upper, symmetric=symmetric)


def _order_modifier(expr: Any, modifier: Any) -> ColumnElement[Any]:
    """``expr DESC`` etc.; a string names a label or column of the enclosing SELECT (``desc("cnt")``)."""
    from . import coercions

    element = coercions.expect_order_by(expr)
    if isinstance(element, ColumnElement):
        return element.operate(modifier)
    return UnaryExpression(element, modifier=modifier)


def asc(expr: Any) -> ColumnElement[Any]:
    return _order_modifier(expr, operators.asc_op)


def desc(expr: Any) -> ColumnElement[Any]:
    return _order_modifier(expr, operators.desc_op)


def nulls_first(expr: Any) -> ColumnElement[Any]:
    return _order_modifier(expr, operators.nulls_first_op)


def nulls_last(expr: Any) -> ColumnElement[Any]:
    return _order_modifier(expr, operators.nulls_last_op)


def over(element: Any, partition_by: Any = None, order_by: Any = None, range_: Any = None,
         rows: Any = None) -> Over[Any]:
    return Over(element, partition_by=partition_by, order_by=order_by, range_=range_, rows=rows)


def within_group(element: Any, *order_by: Any) -> WithinGroup[Any]:
    return WithinGroup(element, *order_by)


def funcfilter(func: Any, *criterion: Any) -> FunctionFilter[Any]:
    return FunctionFilter(func, *criterion)


def any_(expr: Any) -> ColumnElement[Any]:
    from . import coercions

    return coercions.expect_column_or_literal(expr).any_()


def all_(expr: Any) -> ColumnElement[Any]:
    from . import coercions

    return coercions.expect_column_or_literal(expr).all_()


def text(text: str) -> TextClause:
    """Literal SQL with ``:name`` bound parameters: ``text("SELECT * FROM t WHERE id = :id")``."""
    return TextClause(text)


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, ClauseList):
        return list(value.clauses)
    return [value]


__all__ = [
    "ColumnElement", "BindParameter", "TextClause", "Null", "True_", "False_", "ClauseList",
    "BooleanClauseList", "BinaryExpression", "UnaryExpression", "Grouping", "Label", "ColumnClause",
    "Case", "Cast", "TypeCoerce", "Extract", "Tuple", "Over", "WithinGroup", "FunctionFilter",
    "and_", "or_", "not_", "column", "literal_column", "literal", "bindparam", "null", "true",
    "false", "case", "cast", "type_coerce", "extract", "tuple_", "collate", "distinct", "between",
    "asc", "desc", "nulls_first", "nulls_last", "over", "within_group", "funcfilter", "any_",
    "all_", "text", "_Uncacheable",
]
