"""FROM-clause and SELECT nodes: tables, joins, aliases, subqueries, CTEs, SELECT, UNION.

Example::

    stmt = (
        select(users.c.name, func.count(addresses.c.id))
        .join_from(users, addresses)
        .group_by(users.c.name)
        .order_by(users.c.name)
    )
"""
from __future__ import annotations

from typing import Any, Iterable, Optional, Sequence

from . import coercions, operators
from .base import ClauseElement, ColumnCollection, Executable, _generative, anon_name
from .elements import (
    BooleanClauseList,
    ClauseList,
    ColumnClause,
    ColumnElement,
    Grouping,
    Label,
    TextClause,
    UnaryExpression,
    and_,
    literal,
)
from .type_api import NULLTYPE


class FromClause(ClauseElement):
    """Something that can appear in FROM: a table, a join, an alias, a subquery."""

    __visit_name__ = "fromclause"
    _is_from_clause = True
    is_selectable = True
    _is_derived = False
    named_with_column = False
    schema: Optional[str] = None

    @property
    def c(self) -> ColumnCollection:
        cols = self.__dict__.get("_columns")
        if cols is None:
            cols = self.__dict__["_columns"] = self._populate_columns()
        return cols

    columns = c

    def _populate_columns(self) -> ColumnCollection:
        return ColumnCollection()

    @property
    def primary_key(self) -> list[ColumnElement[Any]]:
        return [c for c in self.c if c.primary_key]

    @property
    def foreign_keys(self) -> set[Any]:
        fks: set[Any] = set()
        for c in self.c:
            fks.update(c.foreign_keys)
        return fks

    @property
    def _from_objects(self) -> list["FromClause"]:
        return [self]

    def _table_identity(self) -> Any:
        return ("from", id(self))

    def select(self) -> "Select":
        return Select(self)

    def join(self, right: Any, onclause: Any = None, isouter: bool = False, full: bool = False) -> "Join":
        """``self JOIN right ON onclause`` (the ON clause inferred from foreign keys when omitted)."""
        return Join(self, right, onclause, isouter=isouter, full=full)

    def outerjoin(self, right: Any, onclause: Any = None, full: bool = False) -> "Join":
        return Join(self, right, onclause, isouter=True, full=full)

    def alias(self, name: Optional[str] = None, flat: bool = False) -> "Alias":
        return Alias(self, name)

    def tablesample(self, sampling: Any, name: Optional[str] = None, seed: Any = None) -> Any:
        """``self AS name TABLESAMPLE ...``; see ``orm.sql.constructs.TableSample``."""
        from .constructs import TableSample

        return TableSample(self, sampling, name, seed)

    def is_derived_from(self, other: "FromClause") -> bool:
        return other is self

    def corresponding_column(self, column: ColumnElement[Any]) -> Optional[ColumnElement[Any]]:
        return self.c.corresponding_column(column)

    @property
    def entity_namespace(self) -> ColumnCollection:
        return self.c

    def _refresh_for_new_column(self) -> None:
        self.__dict__.pop("_columns", None)


class TableClause(FromClause):
    """A lightweight table: ``table("users", column("id"), column("name"))``."""

    __visit_name__ = "table"
    named_with_column = True

    def __init__(self, name: str, *columns: ColumnClause[Any], schema: Optional[str] = None) -> None:
        self.name = name
        self.fullname = f"{schema}.{name}" if schema else name
        self.schema = schema
        self._cols = ColumnCollection()
        for c in columns:
            self.append_column(c)

    def append_column(self, c: ColumnClause[Any]) -> None:
        c.table = self
        self._cols.add(c)

    def _populate_columns(self) -> ColumnCollection:
        return self._cols

    @property
    def c(self) -> ColumnCollection:  # type: ignore[override]
        return self._cols

    columns = c  # type: ignore[assignment]

    def _table_identity(self) -> Any:
        return ("table", self.schema, self.name)

    def _gen_cache_key(self, binds: list[Any]) -> Any:
        return ("table", self.schema, self.name)

    def insert(self) -> Any:
        from .dml import Insert

        return Insert(self)

    def update(self) -> Any:
        from .dml import Update

        return Update(self)

    def delete(self) -> Any:
        from .dml import Delete

        return Delete(self)

    def __repr__(self) -> str:
        return f"TableClause({self.name!r})"


def table(name: str, *columns: ColumnClause[Any], schema: Optional[str] = None) -> TableClause:
    return TableClause(name, *columns, schema=schema)


class Join(FromClause):
    """``left [LEFT OUTER | FULL OUTER] JOIN right ON onclause``."""

    __visit_name__ = "join"
    _children = ("left", "right", "onclause")
    _attrs = ("isouter", "full")

    def __init__(self, left: Any, right: Any, onclause: Any = None, isouter: bool = False,
                 full: bool = False) -> None:
        self.left = coercions.expect_from(left)
        self.right = coercions.expect_from(right).self_group()
        if onclause is None:
            onclause = _join_condition(self.left, self.right)
        else:
            onclause = coercions.expect_where(onclause).self_group(against=operators._asbool)
        self.onclause = onclause
        self.isouter = isouter
        self.full = full

    def _populate_columns(self) -> ColumnCollection:
        cols = ColumnCollection()
        for side in (self.left, self.right):
            for c in side.c:
                table = getattr(c, "table", None)
                key = f"{table.name}_{c.key}" if table is not None and hasattr(table, "name") else c.key
                cols.add(c, key)
        return cols

    @property
    def _from_objects(self) -> list[FromClause]:
        return [self] + self.left._from_objects + self.right._from_objects

    def _table_identity(self) -> Any:
        return ("join", id(self))

    def is_derived_from(self, other: FromClause) -> bool:
        return other is self or self.left.is_derived_from(other) or self.right.is_derived_from(other)

    def self_group(self, against: Any = None) -> ClauseElement:
        return self

    def select(self) -> "Select":
        return Select(self.left, self.right).select_from(self)

    def alias(self, name: Optional[str] = None, flat: bool = False) -> Any:
        return self.select().subquery(name)


def _fk_pairs(a: FromClause, b: FromClause) -> list[tuple[ColumnElement[Any], ColumnElement[Any]]]:
    """(referenced column of a, foreign-key column of b) pairs where b's FKs point at a."""
    pairs = []
    for col in b.c:
        for fk in getattr(col, "foreign_keys", ()):
            target = fk.get_referent(a)
            if target is not None:
                pairs.append((target, col))
    return pairs


def _join_condition(left: FromClause, right: FromClause) -> ColumnElement[bool]:
    """The ON clause between two FROMs from their foreign keys (either direction)."""
    from orm import exc

    candidates_left = [left]
    if isinstance(left, Join):
        candidates_left = _join_leaves(left)
    found: list[tuple[ColumnElement[Any], ColumnElement[Any]]] = []
    for lf in reversed(candidates_left):
        # referenced column first whichever side holds the key: users.id = addresses.user_id
        found = _fk_pairs(lf, right) + _fk_pairs(right, lf)
        if found:
            break
    if not found:
        lname = getattr(left, "description", None) or getattr(left, "name", repr(left))
        rname = getattr(right, "description", None) or getattr(right, "name", repr(right))
        raise exc.NoForeignKeysError(
            f"Can't find any foreign key relationships between '{lname}' and '{rname}'."
        )
    # operate(), not ==: Python would let a Column on the right reverse "alias_col == column"
    crit = [a.operate(operators.eq, b) for a, b in found]
    return crit[0] if len(crit) == 1 else and_(*crit)


def _join_leaves(j: Join) -> list[FromClause]:
    out: list[FromClause] = []
    for side in (j.left, j.right):
        if isinstance(side, Join):
            out.extend(_join_leaves(side))
        else:
            out.append(side)
    return out


class AliasedReturnsRows(FromClause):
    """Base of Alias, Subquery and CTE: a FROM element with a name of its own."""

    _children = ("element",)
    _attrs = ("name",)
    _is_derived = True
    named_with_column = True

    def __init__(self, selectable: Any, name: Optional[str] = None) -> None:
        self.element = selectable
        if name is None:
            base = getattr(selectable, "name", None) if isinstance(selectable, TableClause) else None
            if base is None and getattr(selectable, "__visit_name__", "") == "subquery" \
                    and type(selectable.name) is str:
                base = selectable.name  # an anonymous alias of subquery 'pjoin' is pjoin_1
            name = anon_name(base or "anon")
        self.name = name

    @property
    def description(self) -> str:
        return self.name

    @property
    def original(self) -> Any:
        return self.element

    def _populate_columns(self) -> ColumnCollection:
        cols = ColumnCollection()
        for key, c in self.element.c.items() if hasattr(self.element.c, "items") else []:
            proxy = c._make_proxy(self, name=getattr(c, "name", key), key=key)
            cols.add(proxy, key)
        return cols

    def _table_identity(self) -> Any:
        return ("alias", id(self))

    def _gen_cache_key(self, binds: list[Any]) -> Any:
        memo = binds.anon_map  # type: ignore[attr-defined]
        ident = ("alias_ident", id(self))
        if ident in memo:
            return ("alias_ref", memo[ident])
        name = self.name
        if type(name) is not str:
            name = memo.setdefault(name, ("anon", len(memo)))
        memo[ident] = len(memo)
        return (type(self), name, self.element._gen_cache_key(binds), memo[ident])

    def is_derived_from(self, other: FromClause) -> bool:
        return other is self or self.element.is_derived_from(other)

    def self_group(self, against: Any = None) -> ClauseElement:
        return self


class Alias(AliasedReturnsRows):
    """``table AS name``."""

    __visit_name__ = "alias"


def alias(selectable: Any, name: Optional[str] = None, flat: bool = False) -> Any:
    return coercions.expect_from(selectable).alias(name)


class Subquery(AliasedReturnsRows):
    """``(SELECT ...) AS name``."""

    __visit_name__ = "subquery"

    def _populate_columns(self) -> ColumnCollection:
        cols = ColumnCollection()
        for key, name, c in self.element._exported_columns():
            proxy = c._make_proxy(self, name=name, key=key)
            cols.add(proxy, key)
        return cols


class CTE(AliasedReturnsRows):
    """``WITH name AS (SELECT ...)``; ``recursive=True`` for ``WITH RECURSIVE``."""

    __visit_name__ = "cte"
    _attrs = ("name", "recursive")
    _children = ("element", "_union_parts")

    def __init__(self, selectable: Any, name: Optional[str] = None, recursive: bool = False) -> None:
        super().__init__(selectable, name)
        self.recursive = recursive
        self._union_parts: tuple[Any, ...] = ()
        self._base = self
        self._latest = self

    def _populate_columns(self) -> ColumnCollection:
        cols = ColumnCollection()
        for key, name, c in self.element._exported_columns():
            cols.add(c._make_proxy(self, name=name, key=key), key)
        return cols

    def _compound(self, kind: str, *others: Any) -> "CTE":
        """The recursive form: ``cte.union_all(select(...))``.  The result shares the base CTE's
        name and columns; the base remembers it, so references through the base's columns render
        the complete definition."""
        from .select import CompoundSelect

        base = self._base
        new = CTE(CompoundSelect(kind, self.element, *others), self.name, self.recursive)
        new.__dict__["_columns"] = base.c
        new._base = base
        base._latest = new
        return new

    def union(self, *others: Any) -> "CTE":
        return self._compound("UNION", *others)

    def union_all(self, *others: Any) -> "CTE":
        return self._compound("UNION ALL", *others)

    def _table_identity(self) -> Any:
        return ("cte", id(self._base))

    def alias(self, name: Optional[str] = None, flat: bool = False) -> "Alias":
        return Alias(self, name)


class HasCTE:
    """Mixin: ``.cte()`` and ``.add_cte()``."""

    def cte(self, name: Optional[str] = None, recursive: bool = False, nesting: bool = False) -> CTE:
        return CTE(self, name, recursive)


class ReturnsRows(ClauseElement):
    is_selectable = True


class SelectBase(HasCTE, Executable, ReturnsRows):
    """Common to SELECT, UNION and textual SELECT."""

    _is_select_statement = True

    def subquery(self, name: Optional[str] = None) -> Subquery:
        """``(SELECT ...) AS name`` to use in FROM."""
        return Subquery(self, name)

    def alias(self, name: Optional[str] = None, flat: bool = False) -> Subquery:
        return self.subquery(name)

    def scalar_subquery(self) -> "ScalarSelect":
        """This SELECT as a column expression: ``(SELECT max(x) FROM t)``."""
        return ScalarSelect(self)

    as_scalar = scalar_subquery

    def label(self, name: Optional[str]) -> Label[Any]:
        return self.scalar_subquery().label(name)

    def exists(self) -> "Exists":
        return Exists(self)

    def lateral(self, name: Optional[str] = None) -> "Lateral":
        return Lateral(self, name)

    @property
    def selected_columns(self) -> ColumnCollection:
        cols = ColumnCollection()
        for key, name, c in self._exported_columns():
            cols.add(c, key)
        return cols

    def _exported_columns(self) -> list[tuple[str, str, ColumnElement[Any]]]:
        raise NotImplementedError()

    @property
    def _from_objects(self) -> list[Any]:
        return []

    def self_group(self, against: Any = None) -> ClauseElement:
        return SelectStatementGrouping(self)

    @property
    def c(self) -> Any:
        from orm import exc

        raise exc.InvalidRequestError(
            "SELECT statement has no .c collection; use .selected_columns or .subquery().c"
        )


class Lateral(AliasedReturnsRows):
    __visit_name__ = "lateral"

    def _populate_columns(self) -> ColumnCollection:
        cols = ColumnCollection()
        for key, name, c in self.element._exported_columns():
            cols.add(c._make_proxy(self, name=name, key=key), key)
        return cols


class SelectStatementGrouping(ClauseElement):
    __visit_name__ = "select_statement_grouping"
    _children = ("element",)
    _is_select_statement = True

    def __init__(self, element: Any) -> None:
        self.element = element

    def self_group(self, against: Any = None) -> "SelectStatementGrouping":
        return self

    def _exported_columns(self) -> Any:
        return self.element._exported_columns()

    @property
    def _from_objects(self) -> list[Any]:
        return []


class ScalarSelect(ColumnElement[Any]):
    """A SELECT used as a column value."""

    __visit_name__ = "scalar_select"
    _children = ("element",)

    def __init__(self, element: Any) -> None:
        self.element = element
        cols = element._exported_columns()
        self.type = cols[0][2].type if cols else NULLTYPE

    def self_group(self, against: Any = None) -> "ScalarSelect":
        return self

    @property
    def _from_objects(self) -> list[Any]:
        return []

    def where(self, *crit: Any) -> "ScalarSelect":
        return ScalarSelect(self.element.where(*crit))

    def correlate(self, *froms: Any) -> "ScalarSelect":
        return ScalarSelect(self.element.correlate(*froms))


class Exists(UnaryExpression[bool]):
    """``EXISTS (SELECT ...)``: ``exists().where(...)`` or ``select(...).exists()``."""

    __visit_name__ = "exists"

    def __init__(self, element: Any = None) -> None:
        from orm.types import BOOLEANTYPE

        if element is None:
            element = Select(literal_column_star())
        elif not isinstance(element, (SelectBase, ScalarSelect)):
            element = Select(element)
        if isinstance(element, ScalarSelect):
            element = element.element
        self.operator = operators.exists
        self.modifier = None
        self.element = element
        self.type = BOOLEANTYPE

    def _regroup(self, fn: Any) -> "Exists":
        return Exists(fn(self.element))

    def where(self, *clauses: Any) -> "Exists":
        return self._regroup(lambda s: s.where(*clauses))

    def select_from(self, *froms: Any) -> "Exists":
        return self._regroup(lambda s: s.select_from(*froms))

    def correlate(self, *froms: Any) -> "Exists":
        return self._regroup(lambda s: s.correlate(*froms))

    def correlate_except(self, *froms: Any) -> "Exists":
        return self._regroup(lambda s: s.correlate_except(*froms))

    def select(self) -> "Select":
        return Select(self)

    @property
    def _from_objects(self) -> list[Any]:
        return []

    def self_group(self, against: Any = None) -> ColumnElement[Any]:
        # EXISTS binds loosest: parenthesised inside NOT / AND / OR / comparisons, bare as a whole
        # WHERE criterion: NOT (EXISTS (...)), (EXISTS (...)) AND x
        if against is operators._asbool or not operators.is_precedent(operators.exists, against):
            return self
        return Grouping(self)


def literal_column_star() -> ColumnClause[Any]:
    from .elements import literal_column

    return literal_column("*")


def exists(*args: Any) -> Exists:
    """``EXISTS (SELECT * ...)``: ``exists().where(addresses.c.user_id == users.c.id)``; a SELECT
    given whole is the subquery itself: ``exists(select(addresses.c.id).where(...))``."""
    if len(args) == 1:
        return Exists(args[0])  # a SELECT as it is; a column becomes SELECT <column>
    if args:
        return Exists(Select(*args))
    return Exists()


from .select import CompoundSelect, Select, TextualSelect, except_, except_all, intersect, intersect_all, select, union, union_all  # noqa: E402
