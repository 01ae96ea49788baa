"""Bound parameters, literal values and SQL constants (``NULL``, ``true``/``false``), and literal
SQL text (``text()``), whose ``:name`` parameters are bound parameters too.

Example::

    from orm import bindparam, literal, text
    stmt = text("SELECT * FROM users WHERE id = :id").bindparams(id=5)
"""
from __future__ import annotations

import re
from typing import Any, Optional, TypeVar

from . import operators
from .base import ClauseElement, Executable, _generative
from .elements import ColumnClause, ColumnElement, Grouping, Label
from .type_api import NULLTYPE, TypeEngine, resolve_value_type, to_instance

_T = TypeVar("_T")


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


def text(text: str) -> TextClause:
    """Literal SQL with ``:name`` bound parameters: ``text("SELECT * FROM t WHERE id = :id")``."""
    return TextClause(text)
