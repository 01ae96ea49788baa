"""SQL functions: ``func.count()``, ``func.lower(x)``, ``func.my_schema.my_fn(...)``.

Known functions carry a return type (``count`` is Integer, ``now`` DateTime, ``coalesce`` the type of
its first argument); any other name is a generic function of unknown type.

Example::

    select(func.count(users.c.id), func.max(users.c.created_at))
"""
from __future__ import annotations

from typing import Any, Optional

from . import coercions
from .base import ClauseElement
from .elements import (
    ClauseList,
    ColumnElement,
    FunctionFilter,
    Over,
    WithinGroup,
    literal_column,
)
from .type_api import NULLTYPE, to_instance


class FunctionElement(ColumnElement[Any]):
    __visit_name__ = "function"
    _children = ("clause_expr",)
    _attrs = ("name", "packagenames", "type")
    packagenames: tuple[str, ...] = ()
    _has_args = True

    def __init__(self, *clauses: Any, type_: Any = None) -> None:
        from .elements import BindParameter

        # literal arguments are bound under the function's name: coalesce(x, :coalesce_1)
        args = []
        for c in clauses:
            c = coercions._unwrap(c)
            if c is None or isinstance(c, ClauseElement):
                args.append(coercions.literal_or_bind(c))
            else:
                args.append(BindParameter(getattr(self, "name", None) or "param", c, unique=True))
        self.clause_expr = ClauseList(*args, group=False, group_contents=True)
        self.clauses = self.clause_expr
        if type_ is not None:
            self.type = to_instance(type_)

    @property
    def _anon_name_label(self) -> str:
        return self.name  # type: ignore[attr-defined,no-any-return]

    @property
    def key(self) -> str:  # type: ignore[override]
        return self.name  # type: ignore[attr-defined,no-any-return]

    def over(self, partition_by: Any = None, order_by: Any = None, rows: Any = None, range_: Any = None) -> Over[Any]:
        """``fn(...) OVER (PARTITION BY ... ORDER BY ...)``."""
        return Over(self, partition_by=partition_by, order_by=order_by, rows=rows, range_=range_)

    def within_group(self, *order_by: Any) -> WithinGroup[Any]:
        return WithinGroup(self, *order_by)

    def filter(self, *criterion: Any) -> Any:
        if not criterion:
            return self
        return FunctionFilter(self, *criterion)

    def select(self) -> Any:
        from .select import Select

        return Select(self)

    def self_group(self, against: Any = None) -> ColumnElement[Any]:
        return self

    @property
    def _from_objects(self) -> list[Any]:
        return self.clause_expr._from_objects


class Function(FunctionElement):
    """A function by name, as produced by ``func.<name>(...)``."""

    def __init__(self, name: str, *clauses: Any, type_: Any = None, packagenames: tuple[str, ...] = ()) -> None:
        self.name = name
        self.packagenames = packagenames
        super().__init__(*clauses, type_=type_)


class GenericFunction(Function):
    """A function with a known name and return type; subclasses register in ``func``."""

    _register = True
    type: Any = NULLTYPE

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        if cls.__dict__.get("_register", True):
            identifier = cls.__dict__.get("identifier") or cls.__dict__.get("name") or cls.__name__
            cls.name = cls.__dict__.get("name", identifier)
            _registry[identifier.lower()] = cls

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        type_ = kwargs.pop("type_", None)
        self.packagenames = ()
        FunctionElement.__init__(self, *args)
        self.type = to_instance(type_) if type_ is not None else self._default_type(args)

    def _default_type(self, args: tuple[Any, ...]) -> Any:
        return to_instance(type(self).__dict__.get("type", None) or getattr(type(self), "_type_cls", None))


_registry: dict[str, type[GenericFunction]] = {}


class _ReturnTypeFromArgs(GenericFunction):
    """A function whose type is that of its first argument (``max``, ``coalesce``)."""

    _register = False

    def _default_type(self, args: tuple[Any, ...]) -> Any:
        for a in self.clause_expr.clauses:
            if a.type is not NULLTYPE:
                return a.type
        return NULLTYPE


def _int() -> Any:
    from orm.types import Integer

    return Integer


class count(GenericFunction):
    """``count(x)``; ``func.count()`` is ``count(*)``."""

    def __init__(self, expression: Any = None, **kwargs: Any) -> None:
        if expression is None:
            expression = literal_column("*")
        super().__init__(expression, **kwargs)

    def _default_type(self, args: tuple[Any, ...]) -> Any:
        from orm.types import Integer

        return Integer()


class max(_ReturnTypeFromArgs):  # noqa: A001
    pass


class min(_ReturnTypeFromArgs):  # noqa: A001
    pass


class sum(_ReturnTypeFromArgs):  # noqa: A001
    pass


class coalesce(_ReturnTypeFromArgs):
    pass


class lower(_ReturnTypeFromArgs):
    pass


class upper(_ReturnTypeFromArgs):
    pass


class _Typed(GenericFunction):
    _register = False
    _type_name = "Integer"

    def _default_type(self, args: tuple[Any, ...]) -> Any:
        import orm.types as t

        return getattr(t, self._type_name)()


class avg(_ReturnTypeFromArgs):
    def _default_type(self, args: tuple[Any, ...]) -> Any:
        from orm.types import Integer, Numeric

        t = super()._default_type(args)
        if isinstance(t, Integer):
            return Numeric()
        return t


class length(_Typed):
    _type_name = "Integer"


char_length = type("char_length", (_Typed,), {"_type_name": "Integer"})


class now(_Typed):
    _type_name = "DateTime"


class current_timestamp(_Typed):
    _type_name = "DateTime"
    _has_args = False


class current_date(_Typed):
    _type_name = "Date"
    _has_args = False


class current_time(_Typed):
    _type_name = "Time"
    _has_args = False


class localtimestamp(_Typed):
    _type_name = "DateTime"
    _has_args = False


class localtime(_Typed):
    _type_name = "DateTime"
    _has_args = False


class current_user(_Typed):
    _type_name = "String"
    _has_args = False


class session_user(_Typed):
    _type_name = "String"
    _has_args = False


class user(_Typed):
    _type_name = "String"
    _has_args = False


class concat(_Typed):
    _type_name = "String"


class random(GenericFunction):
    pass


class row_number(_Typed):
    _type_name = "Integer"


class rank(_Typed):
    _type_name = "Integer"


class dense_rank(_Typed):
    _type_name = "Integer"


class percent_rank(_Typed):
    _type_name = "Numeric"


class cume_dist(_Typed):
    _type_name = "Numeric"


class ntile(_Typed):
    _type_name = "Integer"


class lag(_ReturnTypeFromArgs):
    pass


class lead(_ReturnTypeFromArgs):
    pass


class first_value(_ReturnTypeFromArgs):
    pass


class last_value(_ReturnTypeFromArgs):
    pass


class array_agg(GenericFunction):
    def _default_type(self, args: tuple[Any, ...]) -> Any:
        from orm.types import ARRAY

        first = self.clause_expr.clauses[0].type if self.clause_expr.clauses else NULLTYPE
        if first is NULLTYPE:
            return NULLTYPE
        return ARRAY(first)


class group_concat(_Typed):
    _type_name = "String"


class string_agg(_Typed):
    _type_name = "String"


class _FunctionGenerator:
    """``func``: attribute access builds a function call.

    Example::

        func.count(users.c.id)      # count(users.id)
        func.my_schema.fn(1)        # my_schema.fn(:fn_1)
    """

    def __init__(self, names: tuple[str, ...] = ()) -> None:
        self.__names = names

    def __getattr__(self, name: str) -> "_FunctionGenerator":
        if name.startswith("__"):
            raise AttributeError(name)
        if name.endswith("_"):
            name = name[:-1]
        return _FunctionGenerator(self.__names + (name,))

    def __call__(self, *args: Any, **kwargs: Any) -> FunctionElement:
        names = self.__names
        if len(names) == 1:
            cls = _registry.get(names[0].lower())
            if cls is not None:
                return cls(*args, **kwargs)
        if not names:
            raise TypeError("func() requires a function name")
        return Function(names[-1], *args, type_=kwargs.get("type_"), packagenames=tuple(names[:-1]))


func = _FunctionGenerator()
