"""``select()``: the SELECT constructor, typed so that the row type follows its arguments
(``select(User.id, User.name)`` is a ``Select[tuple[int, str]]`` to type checkers).

Example::

    select(users.c.id, users.c.name).where(users.c.id == 5)
    select(User).where(User.name == "ed")
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, Union, overload

from .select import Select

_T0 = TypeVar("_T0")
_T1 = TypeVar("_T1")
_T2 = TypeVar("_T2")
_T3 = TypeVar("_T3")
_T4 = TypeVar("_T4")
_T5 = TypeVar("_T5")
_T6 = TypeVar("_T6")
_T7 = TypeVar("_T7")
_T8 = TypeVar("_T8")
_T9 = TypeVar("_T9")

if TYPE_CHECKING:
    from orm.mapping.base import Mapped
    from orm.mapping.util import AliasedClass

    from .elements import ColumnElement as _CE

    # what select() takes for one typed column: a mapped class (its objects), an aliased class,
    # a mapped attribute or a typed SQL expression
    _TCCA = Union[type[_T0], "AliasedClass[_T0]", "Mapped[_T0]", "_CE[_T0]"]


@overload
def select(__ent0: "_TCCA[_T0]") -> "Select[tuple[_T0]]": ...


@overload
def select(__ent0: "_TCCA[_T0]", __ent1: "_TCCA[_T1]") -> "Select[tuple[_T0, _T1]]": ...


@overload
def select(__ent0: "_TCCA[_T0]", __ent1: "_TCCA[_T1]", __ent2: "_TCCA[_T2]") -> "Select[tuple[_T0, _T1, _T2]]": ...


@overload
def select(__ent0: "_TCCA[_T0]", __ent1: "_TCCA[_T1]", __ent2: "_TCCA[_T2]",
           __ent3: "_TCCA[_T3]") -> "Select[tuple[_T0, _T1, _T2, _T3]]": ...


@overload
def select(__ent0: "_TCCA[_T0]", __ent1: "_TCCA[_T1]", __ent2: "_TCCA[_T2]", __ent3: "_TCCA[_T3]",
           __ent4: "_TCCA[_T4]") -> "Select[tuple[_T0, _T1, _T2, _T3, _T4]]": ...


@overload
def select(__ent0: "_TCCA[_T0]", __ent1: "_TCCA[_T1]", __ent2: "_TCCA[_T2]", __ent3: "_TCCA[_T3]",
           __ent4: "_TCCA[_T4]", __ent5: "_TCCA[_T5]") -> "Select[tuple[_T0, _T1, _T2, _T3, _T4, _T5]]": ...


@overload
def select(__ent0: "_TCCA[_T0]", __ent1: "_TCCA[_T1]", __ent2: "_TCCA[_T2]", __ent3: "_TCCA[_T3]",
           __ent4: "_TCCA[_T4]", __ent5: "_TCCA[_T5]",
           __ent6: "_TCCA[_T6]") -> "Select[tuple[_T0, _T1, _T2, _T3, _T4, _T5, _T6]]": ...


@overload
def select(__ent0: "_TCCA[_T0]", __ent1: "_TCCA[_T1]", __ent2: "_TCCA[_T2]", __ent3: "_TCCA[_T3]",
           __ent4: "_TCCA[_T4]", __ent5: "_TCCA[_T5]", __ent6: "_TCCA[_T6]",
           __ent7: "_TCCA[_T7]") -> "Select[tuple[_T0, _T1, _T2, _T3, _T4, _T5, _T6, _T7]]": ...


@overload
def select(__ent0: "_TCCA[_T0]", __ent1: "_TCCA[_T1]", __ent2: "_TCCA[_T2]", __ent3: "_TCCA[_T3]",
           __ent4: "_TCCA[_T4]", __ent5: "_TCCA[_T5]", __ent6: "_TCCA[_T6]", __ent7: "_TCCA[_T7]",
           __ent8: "_TCCA[_T8]") -> "Select[tuple[_T0, _T1, _T2, _T3, _T4, _T5, _T6, _T7, _T8]]": ...


@overload
def select(__ent0: "_TCCA[_T0]", __ent1: "_TCCA[_T1]", __ent2: "_TCCA[_T2]", __ent3: "_TCCA[_T3]",
           __ent4: "_TCCA[_T4]", __ent5: "_TCCA[_T5]", __ent6: "_TCCA[_T6]", __ent7: "_TCCA[_T7]",
           __ent8: "_TCCA[_T8]",
           __ent9: "_TCCA[_T9]") -> "Select[tuple[_T0, _T1, _T2, _T3, _T4, _T5, _T6, _T7, _T8, _T9]]": ...


@overload
def select(*entities: Any) -> "Select[Any]": ...


def select(*entities: Any) -> "Select[Any]":
    """Build a SELECT from columns, tables, expressions (and, with the ORM, mapped classes).

    Example::

        select(users.c.id, users.c.name).where(users.c.id == 5)
    """
    return Select(*entities)
