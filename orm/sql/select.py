"""``Select``, ``CompoundSelect`` (UNION / INTERSECT / EXCEPT) and ``TextualSelect``.

Example::

    stmt = select(users.c.id, users.c.name).where(users.c.name.like("a%")).order_by(users.c.id).limit(10)
"""
from __future__ import annotations

from typing import Any, Generic, Optional, Self, TypeVar

from . import coercions, operators
from .base import AnonLabel, ClauseElement, ColumnCollection, _generative, anon_name
from .elements import (
    BindParameter,
    ColumnClause,
    ColumnElement,
    Label,
    TextClause,
    and_,
)
from .selectable import FromClause, Join, SelectBase, _join_condition

LABEL_STYLE_NONE = "LABEL_STYLE_NONE"
LABEL_STYLE_TABLENAME_PLUS_COL = "LABEL_STYLE_TABLENAME_PLUS_COL"
LABEL_STYLE_DISAMBIGUATE_ONLY = "LABEL_STYLE_DISAMBIGUATE_ONLY"
LABEL_STYLE_DEFAULT = LABEL_STYLE_DISAMBIGUATE_ONLY

# typing: a Select is generic over the tuple of its row (``Select[tuple[int, str]]``)
_TP = TypeVar("_TP", bound=tuple[Any, ...])
_SC = TypeVar("_SC", bound="_SelectCommon")


def _offset_or_limit(value: Any, name: str) -> Any:
    if value is None:
        return None
    if isinstance(value, ClauseElement):
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(value)
        except (TypeError, ValueError):
            from orm import exc

            raise exc.ArgumentError(f"Query {name} must be an integer or SQL expression, got {value!r}") from None
    from orm.types import Integer

    return BindParameter(None, value, type_=Integer(), unique=True)


class _SelectCommon(SelectBase):
    _order_by_clauses: tuple[Any, ...] = ()
    _group_by_clauses: tuple[Any, ...] = ()
    _limit_clause: Any = None
    _offset_clause: Any = None
    _fetch_clause: Any = None
    _fetch_clause_options: Any = None
    _for_update_arg: Any = None
    _label_style = LABEL_STYLE_DEFAULT

    @_generative
    def order_by(self: _SC, *clauses: Any) -> None:
        """Add ORDER BY criteria; ``order_by(None)`` removes the existing ones."""
        if len(clauses) == 1 and clauses[0] is None:
            self._order_by_clauses = ()
        else:
            self._order_by_clauses = self._order_by_clauses + tuple(
                coercions.expect_order_by(c) for c in clauses
            )

    @_generative
    def group_by(self: _SC, *clauses: Any) -> None:
        if len(clauses) == 1 and clauses[0] is None:
            self._group_by_clauses = ()
        else:
            self._group_by_clauses = self._group_by_clauses + tuple(
                e for c in clauses for e in coercions.expect_group_by(c)
            )

    @_generative
    def limit(self: _SC, limit: Any) -> None:
        self._fetch_clause = self._fetch_clause_options = None
        self._limit_clause = _offset_or_limit(limit, "limit")

    @_generative
    def offset(self: _SC, offset: Any) -> None:
        self._offset_clause = _offset_or_limit(offset, "offset")

    @_generative
    def fetch(self: _SC, count: Any, with_ties: bool = False, percent: bool = False) -> None:
        self._limit_clause = None
        self._fetch_clause = _offset_or_limit(count, "fetch")
        self._fetch_clause_options = (with_ties, percent)

    def slice(self: _SC, start: int, stop: int) -> _SC:
        """LIMIT/OFFSET from Python slice bounds."""
        start = start or 0
        new = self.offset(start if start else None)
        return new.limit(max(stop - start, 0))

    @_generative
    def with_for_update(self: _SC, *, nowait: bool = False, read: bool = False, of: Any = None,
                        skip_locked: bool = False, key_share: bool = False) -> None:
        """``FOR UPDATE`` (``read=True``: ``FOR SHARE`` / ``LOCK IN SHARE MODE``)."""
        of_cols = None
        if of is not None:
            of_list = of if isinstance(of, (list, tuple)) else [of]
            of_cols = tuple(coercions._unwrap(o) for o in of_list)
        self._for_update_arg = ForUpdateArg(nowait=nowait, read=read, of=of_cols,
                                            skip_locked=skip_locked, key_share=key_share)

    @_generative
    def set_label_style(self: _SC, style: str) -> None:
        self._label_style = style

    def get_label_style(self) -> str:
        return self._label_style

    # set operations
    def union(self, *other: Any) -> "CompoundSelect":
        return CompoundSelect("UNION", self, *other)

    def union_all(self, *other: Any) -> "CompoundSelect":
        return CompoundSelect("UNION ALL", self, *other)

    def intersect(self, *other: Any) -> "CompoundSelect":
        return CompoundSelect("INTERSECT", self, *other)

    def intersect_all(self, *other: Any) -> "CompoundSelect":
        return CompoundSelect("INTERSECT ALL", self, *other)

    def except_(self, *other: Any) -> "CompoundSelect":
        return CompoundSelect("EXCEPT", self, *other)

    def except_all(self, *other: Any) -> "CompoundSelect":
        return CompoundSelect("EXCEPT ALL", self, *other)


class ForUpdateArg(ClauseElement):
    __visit_name__ = "for_update"
    _attrs = ("nowait", "read", "skip_locked", "key_share")
    _children = ("of",)

    def __init__(self, nowait: bool, read: bool, of: Any, skip_locked: bool, key_share: bool) -> None:
        self.nowait = nowait
        self.read = read
        self.of = of
        self.skip_locked = skip_locked
        self.key_share = key_share


class Select(_SelectCommon, Generic[_TP]):
    """``SELECT ... FROM ... WHERE ...``; build with :func:`select`."""

    __visit_name__ = "select"
    _children = (
        "_raw_columns", "_from_obj", "_where_criteria", "_having_criteria", "_order_by_clauses",
        "_group_by_clauses", "_limit_clause", "_offset_clause", "_fetch_clause", "_distinct_on",
        "_for_update_arg", "_correlate", "_correlate_except", "_orm_froms",
    )
    _attrs = ("_distinct", "_label_style", "_prefixes", "_suffixes", "_hints_key",
              "_fetch_clause_options", "_compile_options_key", "_orm_options_key")

    _where_criteria: tuple[Any, ...] = ()
    _having_criteria: tuple[Any, ...] = ()
    _from_obj: tuple[Any, ...] = ()
    _distinct = False
    _distinct_on: tuple[Any, ...] = ()
    _correlate: Optional[tuple[Any, ...]] = None
    _correlate_except: Optional[tuple[Any, ...]] = None
    _prefixes: tuple[Any, ...] = ()
    _suffixes: tuple[Any, ...] = ()
    _hints: tuple[Any, ...] = ()
    # ORM extension point: the ORM layer records entity information here.
    _compile_options: Any = None
    _propagate_attrs: dict[str, Any] = {}
    _with_options: tuple[Any, ...] = ()
    _orm_compiled = False  # built by the ORM compile step: its options are already applied
    # an entity loading through a with_polymorphic union (concrete inheritance): the ORM compile
    # step rewrites criteria on its tables to the union's columns, for str() too
    _orm_union_entity = False
    # ORM entities (orm.mapping.joins.select_entity): FROMs that stand for the tables of an entity
    # (the join of a joined-inheritance class), criteria an entity implies (single-table
    # discriminators, kept at the end of _where_criteria as SQLAlchemy renders them), and the
    # entity filter_by() reads.
    _orm_froms: tuple[Any, ...] = ()
    _orm_where: tuple[Any, ...] = ()
    _orm_where_keys: tuple[int, ...] = ()
    _filter_by_ns: Any = None
    _filter_by_first = True

    def __init__(self, *entities: Any) -> None:
        self._raw_entities = entities
        self._raw_columns = tuple(self._columns_of(entities))

    def _compiler(self, dialect: Any, **kw: Any) -> Any:
        # str() / compile() of an ORM select with loader options shows the SQL the session runs
        # (joinedload's JOIN, load_only's columns, with_expression's expression), as SQLAlchemy
        # does: the ORM compile step builds it (orm.session.context)
        if (self._with_options or self._orm_union_entity) and not self._orm_compiled and \
                self._propagate_attrs.get("compile_state_plugin") == "orm":
            from orm.session.context import ORMCompileState

            built = ORMCompileState(self).statement
            return dialect.statement_compiler(dialect, built, **kw)
        return super()._compiler(dialect, **kw)

    def _columns_of(self, entities: Any) -> list[Any]:
        cols: list[Any] = []
        for e in entities:
            plugin = getattr(e, "_orm_select_plugin", None)
            if plugin is not None:
                self._propagate_attrs = {"compile_state_plugin": "orm"}
                info = _orm_select_entity(e)
                if info is not None:
                    if info.whole_entity:
                        present = {id(c) for c in self.__dict__.get("_raw_columns", ())} | {id(c) for c in cols}
                        cols.extend(c for c in info.columns if id(c) not in present)
                    else:
                        cols.extend(info.columns)
                    self._add_orm_entity(info)
                    continue
            cols.extend(coercions.expect_columns_clause(e))
        return cols

    def _add_orm_entity(self, info: Any, namespace: bool = True) -> None:
        if info.entity is not None and getattr(info.entity, "_polymorphic_adapter", None) is not None \
                and not getattr(info.entity, "is_aliased_class", False):
            self._orm_union_entity = True
        if info.from_ is not None and not any(f is info.from_ for f in self._orm_froms):
            self._orm_froms = self._orm_froms + (info.from_,)
        if info.criterion is not None and id(info.entity) not in self._orm_where_keys:
            crit = info.criterion.self_group(against=operators._asbool)
            self._orm_where_keys = self._orm_where_keys + (id(info.entity),)
            self._orm_where = self._orm_where + (crit,)
            self._where_criteria = self._where_criteria + (crit,)
        if namespace and self._filter_by_ns is None and info.namespace is not None:
            self._filter_by_ns = info.namespace

    @property
    def _hints_key(self) -> Any:
        return self._hints

    @property
    def _orm_options_key(self) -> Any:
        # loader options change the SQL of an ORM select compiled directly (see _compiler): they
        # are part of its cache key then
        if not self._with_options or self._orm_compiled:
            return None
        return tuple(o._cache_key() if hasattr(o, "_cache_key") else id(o) for o in self._with_options)

    @property
    def _compile_options_key(self) -> Any:
        co = self._compile_options
        return None if co is None else co._cache_key()

    @_generative
    def options(self, *options: Any) -> None:
        """ORM loader options (``selectinload(User.posts)``, ``defer(User.bio)``, ...)."""
        self._with_options = self._with_options + options

    def from_statement(self, statement: Any) -> Any:
        """ORM: load this select's entities from the rows of ``statement`` (``text()``,
        ``text().columns()`` or another select) run as written (orm.session.from_statement)::

            select(User).from_statement(text("SELECT * FROM users WHERE name = :n"))
        """
        from orm.session.from_statement import FromStatement

        return FromStatement(self._raw_entities, statement, options=self._with_options,
                             execution_options=self._execution_options)

    # -- criteria --------------------------------------------------------------------------------
    @_generative
    def where(self, *whereclause: Any) -> None:
        """Add WHERE criteria, joined with AND."""
        new = tuple(coercions.expect_where(w).self_group(against=operators._asbool) for w in whereclause)
        n = len(self._orm_where)
        if n:
            # entity criteria stay last: WHERE <user criteria> AND employees.type IN (...)
            crit = self._where_criteria
            self._where_criteria = crit[:len(crit) - n] + new + crit[len(crit) - n:]
        else:
            self._where_criteria = self._where_criteria + new

    filter = where

    def filter_by(self, **kwargs: Any) -> "Select[_TP]":
        """``where(<entity>.key == value, ...)`` against the last joined entity (or the first)."""
        from orm import exc

        if self._filter_by_ns is not None:
            from orm.mapping import joins

            ns = self._filter_by_ns
            clauses = []
            for key, value in kwargs.items():
                attr = joins.namespace_attribute(ns, key)
                if attr is None:
                    raise exc.InvalidRequestError(
                        f'Entity namespace for "{joins.namespace_name(ns, self._filter_by_first)}" has no '
                        f'property "{key}"'
                    )
                clauses.append(attr == value)
            return self.where(*clauses)
        ns = self._filter_by_namespace()
        clauses = []
        for key, value in kwargs.items():
            try:
                col = getattr(ns, key) if not hasattr(ns, "get") else ns[key]
            except (AttributeError, KeyError):
                raise exc.InvalidRequestError(
                    f'Entity namespace for "{self._filter_by_entity_name()}" has no property "{key}"'
                ) from None
            clauses.append(col == value)
        return self.where(*clauses)

    def _filter_by_entity(self) -> Any:
        if self._from_obj:
            last = self._from_obj[-1]
            while isinstance(last, Join):
                last = last.right
            return last
        for c in self._raw_columns:
            froms = c._from_objects
            if froms:
                return froms[0]
        from orm import exc

        raise exc.InvalidRequestError("Can't use filter_by() on a SELECT with no FROM entity")

    def _filter_by_namespace(self) -> Any:
        ent = self._filter_by_entity()
        return getattr(ent, "entity_namespace", ent.c)

    def _filter_by_entity_name(self) -> str:
        ent = self._filter_by_entity()
        return str(getattr(ent, "name", ent))

    @_generative
    def having(self, *having: Any) -> None:
        self._having_criteria = self._having_criteria + tuple(
            coercions.expect_where(h).self_group(against=operators._asbool) for h in having
        )

    @_generative
    def distinct(self, *expr: Any) -> None:
        """``SELECT DISTINCT``; with expressions, PostgreSQL's ``DISTINCT ON (...)``."""
        if expr:
            self._distinct_on = self._distinct_on + tuple(coercions.literal_or_bind(e) for e in expr)
        self._distinct = True

    @property
    def whereclause(self) -> Optional[ColumnElement[bool]]:
        crit = self._where_criteria[:len(self._where_criteria) - len(self._orm_where)]
        if not crit:
            return None
        return and_(*crit)

    # -- columns ---------------------------------------------------------------------------------
    @_generative
    def add_columns(self, *entities: Any) -> None:
        self._raw_columns = self._raw_columns + tuple(self._columns_of(entities))
        self._raw_entities = self._raw_entities + entities

    def column(self, column: Any) -> "Select[Any]":
        return self.add_columns(column)

    @_generative
    def with_only_columns(self, *entities: Any, maintain_column_froms: bool = False) -> None:
        if len(entities) == 1 and isinstance(entities[0], (list, tuple)):
            entities = tuple(entities[0])
        if maintain_column_froms:
            self._from_obj = self._from_obj + tuple(
                f for f in self.columns_clause_froms if f not in self._from_obj
            )
        self._raw_columns = ()
        self._raw_columns = tuple(self._columns_of(entities))
        self._raw_entities = entities

    @property
    def columns_clause_froms(self) -> list[FromClause]:
        froms: list[FromClause] = []
        for c in self._raw_columns:
            for f in c._from_objects:
                f = self._orm_from_for(f)
                if f not in froms:
                    froms.append(f)
        return froms

    def _orm_from_for(self, f: Any) -> Any:
        """The entity FROM (a joined-inheritance join) standing for table ``f``, else ``f``."""
        for of in self._orm_froms:
            if _contains_from(of, f):
                return of
        return f

    # -- FROM ------------------------------------------------------------------------------------
    @_generative
    def select_from(self, *froms: Any) -> None:
        out = []
        for f in froms:
            info = _orm_select_entity(f) if getattr(f, "_orm_select_plugin", None) is not None else None
            if info is not None and info.entity is not None:
                from orm.mapping.joins import _selectable_of

                out.append(_selectable_of(info.entity))
                self._add_orm_entity(info)
            else:
                out.append(coercions.expect_from(f))
        self._from_obj = self._from_obj + tuple(out)

    def join(self, target: Any, onclause: Any = None, *, isouter: bool = False, full: bool = False) -> Self:
        """JOIN ``target`` to the FROM it can join to (by ``onclause`` or foreign keys)."""
        return self._join(None, target, onclause, isouter, full)

    def outerjoin(self, target: Any, onclause: Any = None, *, full: bool = False) -> Self:
        return self._join(None, target, onclause, True, full)

    def join_from(self, from_: Any, target: Any, onclause: Any = None, *, isouter: bool = False,
                  full: bool = False) -> Self:
        return self._join(from_, target, onclause, isouter, full)

    def outerjoin_from(self, from_: Any, target: Any, onclause: Any = None, *, full: bool = False) -> Self:
        return self._join(from_, target, onclause, True, full)

    def _join(self, left: Any, target: Any, onclause: Any, isouter: bool, full: bool) -> Any:
        from orm import exc

        spec = None
        if any(getattr(x, "_orm_select_plugin", None) is not None for x in (left, target, onclause)) \
                or isinstance(target, str):
            from orm.mapping.joins import join_target_and_onclause

            spec = join_target_and_onclause(left, target, onclause)
            right, onclause = spec.right, spec.onclause
            left_from = spec.left
        else:
            right = coercions.expect_from(target)
            left_from = coercions.expect_from(left) if left is not None else None
        new = self._generate()
        froms = list(new._from_obj)
        for f in new.columns_clause_froms + [new._orm_from_for(f) for w in new._where_criteria
                                             for f in w._from_objects]:
            if not any(_contains_from(g, f) for g in froms):
                froms.append(f)
        if left_from is not None:
            idx = next((i for i, f in enumerate(froms) if _contains_from(f, left_from)), None)
            base = froms[idx] if idx is not None else left_from
        else:
            idx, base = _find_left(froms, spec.secondary if spec is not None and spec.secondary is not None
                                   else right, onclause)
            if base is None:
                if spec is not None and spec.entity is not None:
                    raise exc.InvalidRequestError(
                        f"Don't know how to join to {spec.entity}. Please use the .select_from() method to "
                        "establish an explicit left side, as well as providing an explicit ON clause if not "
                        "present already to help resolve the ambiguity."
                    )
                raise exc.InvalidRequestError(
                    "Don't know how to join to "
                    f"{getattr(right, 'name', right)!r}; please use an ON clause to more clearly "
                    "establish the left side of this join"
                )
        if spec is not None and spec.extra is not None and onclause is None:
            # single-table subclass target: the inferred ON clause plus its discriminator
            onclause = and_(_join_condition(base, right), spec.extra)
        if spec is not None and spec.secondary is not None:
            if isouter or full:
                # base LEFT OUTER JOIN (secondary JOIN target ON ..) ON .., as SQLAlchemy nests it
                inner = Join(spec.secondary, right, onclause)
                j = Join(base, inner, spec.secondary_onclause, isouter=isouter, full=full)
            else:
                j = Join(Join(base, spec.secondary, spec.secondary_onclause), right, onclause)
        else:
            j = Join(base, right, onclause, isouter=isouter, full=full)
        # the join takes the place of its left side; FROMs now inside it are dropped
        out: list[Any] = []
        if idx is None:
            out.append(j)
        for i, f in enumerate(froms):
            if i == idx:
                out.append(j)
            elif not _contains_from(j, f):
                out.append(f)
        new._from_obj = tuple(out)
        if spec is not None and spec.entity is not None:
            new._filter_by_ns = spec.entity.entity
            new._filter_by_first = False
        elif spec is None or spec.entity is None:
            new._filter_by_ns = None
        return new

    # -- correlation -----------------------------------------------------------------------------
    @_generative
    def correlate(self, *fromclauses: Any) -> None:
        if len(fromclauses) == 1 and fromclauses[0] is None:
            self._correlate = ()
        else:
            self._correlate = (self._correlate or ()) + tuple(coercions.expect_from(f) for f in fromclauses)

    @_generative
    def correlate_except(self, *fromclauses: Any) -> None:
        if len(fromclauses) == 1 and fromclauses[0] is None:
            self._correlate_except = ()
        else:
            self._correlate_except = (self._correlate_except or ()) + tuple(
                coercions.expect_from(f) for f in fromclauses
            )

    @_generative
    def prefix_with(self, *prefixes: Any, dialect: str = "*") -> None:
        self._prefixes = self._prefixes + tuple((p, dialect) for p in prefixes)

    @_generative
    def suffix_with(self, *suffixes: Any, dialect: str = "*") -> None:
        self._suffixes = self._suffixes + tuple((s, dialect) for s in suffixes)

    @_generative
    def with_hint(self, selectable: Any, text: str, dialect_name: str = "*") -> None:
        self._hints = self._hints + ((selectable, text, dialect_name),)

    # -- introspection ---------------------------------------------------------------------------
    def _exported_columns(self) -> list[tuple[str, Any, ColumnElement[Any]]]:
        return [(key, name, col) for key, name, col, _ in self._columns_plus_names()]

    def _columns_plus_names(self) -> list[tuple[str, Any, ColumnElement[Any], bool]]:
        """(key, name, element, needs_label) for each column of the columns clause.

        Names follow SQLAlchemy 2.0's rules: a named column keeps its name; a repeated name gets
        a ``name_1`` label; unnamed expressions get anonymous labels (``count_1``, ``anon_1``).
        """
        memo = self.__dict__.get("_cpn")
        if memo is not None:
            return memo
        out: list[tuple[str, Any, ColumnElement[Any], bool]] = []
        used: dict[str, int] = {}
        # SQLAlchemy 2.0's disambiguation: a different column under a taken name gets its own
        # anonymous label (users.id, addresses.id AS id_1); the same element again, a wrapper
        # (CAST / type_coerce) or a column whose own label is taken gets a "dedupe" label
        # (users.id, users.id AS id__1)
        owners: dict[str, Any] = {}
        own_anon: dict[int, Any] = {}
        seen_anon: dict[int, Any] = {}
        style = self._label_style
        for col in self._raw_columns:
            needs_label = False
            if isinstance(col, Label):
                name: Any = col.name
                key = col.key or name
            elif isinstance(col, ColumnClause):
                if style == LABEL_STYLE_TABLENAME_PLUS_COL and col.table is not None and not col.is_literal:
                    tname = getattr(col.table, "name", None)
                    name = f"{tname}_{col.name}" if tname and isinstance(tname, str) else col.name
                    needs_label = name != col.name
                    key = name
                else:
                    name = col.name
                    key = col.key or name
            elif isinstance(col, TextClause):
                out.append((col.text, col.text, col, False))
                continue
            elif getattr(col, "_select_name", None) is not None:
                name, needs_label = col._select_name
                key = name
            else:
                base = getattr(col, "_anon_name_label", None) or getattr(col, "name", None)
                if getattr(col, "_is_named", False) and base:
                    name = base
                    key = getattr(col, "key", None) or name
                else:
                    base = base if isinstance(base, str) and type(base) is str else "anon"
                    if id(col) in seen_anon:
                        name = AnonLabel(base + "_")
                    else:
                        name = seen_anon[id(col)] = anon_name(base)
                    key = name
                    needs_label = True
            if type(name) is str and style != LABEL_STYLE_NONE:
                if name in used:
                    used[name] += 1
                    n = used[name]
                    new_key = f"{name}_{n}"
                    while new_key in used:
                        n += 1
                        new_key = f"{name}_{n}"
                    used[new_key] = 0
                    # the rendered label is numbered by the compiler (shared with bind names, so
                    # "users.id + :id_1 ..., users.id AS id_2"); the key stays "id_1"
                    if owners[name] is col or getattr(col, "_select_name", None) is not None \
                            and col._select_name[1] or id(col) in own_anon:
                        name = AnonLabel(name + "_")
                    else:
                        name = own_anon[id(col)] = AnonLabel(name)
                    key = new_key
                    needs_label = True
                else:
                    used[name] = 0
                    owners[name] = col
            out.append((key, name, col, needs_label))
        self.__dict__["_cpn"] = out
        return out

    def _generate(self) -> "Select":
        new = super()._generate()
        new.__dict__.pop("_cpn", None)
        return new

    @property
    def froms(self) -> list[FromClause]:
        return self.get_final_froms()

    def get_final_froms(self) -> list[FromClause]:
        """The FROM list as rendered: explicit FROMs and joins, then column and WHERE FROMs not
        already inside them."""
        froms: list[FromClause] = []
        for f in self._from_obj:
            if not any(_contains_from(g, f) for g in froms):
                froms.append(f)
        orm_froms = self._orm_froms
        for source in (self._raw_columns, self._where_criteria, self._having_criteria):
            for el in source:
                for f in getattr(el, "_from_objects", ()):
                    if orm_froms:
                        f = self._orm_from_for(f)
                    if not any(_contains_from(g, f) for g in froms):
                        froms.append(f)
        return froms

    @property
    def _from_objects(self) -> list[Any]:
        return []

    @property
    def column_descriptions(self) -> list[dict[str, Any]]:
        return [
            {"name": name, "type": col.type, "expr": col, "aliased": False}
            for key, name, col in self._exported_columns()
        ]


def _contains_from(outer: Any, inner: Any) -> bool:
    if outer is inner:
        return True
    if isinstance(outer, Join):
        return _contains_from(outer.left, inner) or _contains_from(outer.right, inner)
    return False


def _find_left(froms: list[Any], right: Any, onclause: Any) -> tuple[Optional[int], Any]:
    """Which FROM ``right`` joins to: the one the ON clause mentions, else the one with a FK path."""
    if onclause is not None:
        mentioned = getattr(coercions.expect_where(onclause), "_from_objects", [])
        for i, f in enumerate(froms):
            for m in mentioned:
                if m is not right and _contains_from(f, m):
                    return i, f
        if len(froms) >= 1:
            return 0, froms[0]
        return None, None
    for i, f in enumerate(froms):
        try:
            _join_condition(f, right)
        except Exception:
            continue
        return i, f
    return None, None


_select_entity: Any = None


def _orm_select_entity(obj: Any) -> Any:
    global _select_entity
    if _select_entity is None:
        from orm.mapping.joins import select_entity

        _select_entity = select_entity
    return _select_entity(obj)


class CompoundSelect(_SelectCommon):
    """``SELECT ... UNION SELECT ...`` (also UNION ALL, INTERSECT, EXCEPT)."""

    __visit_name__ = "compound_select"
    _children = ("selects", "_order_by_clauses", "_group_by_clauses", "_limit_clause", "_offset_clause",
                 "_fetch_clause", "_for_update_arg")
    _attrs = ("keyword", "_fetch_clause_options")

    def __init__(self, keyword: str, *selects: Any) -> None:
        self.keyword = keyword
        parts = []
        for s in selects:
            s = coercions._unwrap(s)
            if isinstance(s, CompoundSelect) or getattr(s, "_order_by_clauses", ()) or getattr(s, "_limit_clause", None) is not None:
                parts.append(s.self_group())
            else:
                parts.append(s)
        self.selects = tuple(parts)
        n = None
        for s in self.selects:
            cols = s._exported_columns()
            if n is None:
                n = len(cols)
            elif len(cols) != n:
                from orm import exc

                raise exc.ArgumentError(
                    f"All selectables passed to CompoundSelect must have identical numbers of columns; "
                    f"select #1 has {n} columns, select #{self.selects.index(s) + 1} has {len(cols)}"
                )

    def _exported_columns(self) -> list[tuple[str, Any, ColumnElement[Any]]]:
        return self.selects[0]._exported_columns()

    def self_group(self, against: Any = None) -> ClauseElement:
        from .selectable import SelectStatementGrouping

        return SelectStatementGrouping(self)


class TextualSelect(SelectBase):
    """``text(...).columns(...)``: textual SQL with known result columns."""

    __visit_name__ = "textual_select"
    _children = ("element", "column_args")

    def __init__(self, text: TextClause, columns: list[ColumnClause[Any]]) -> None:
        self.element = text
        self.column_args = tuple(columns)

    def _exported_columns(self) -> list[tuple[str, Any, ColumnElement[Any]]]:
        return [(c.key or c.name, c.name, c) for c in self.column_args]

    def bindparams(self, *binds: Any, **kw: Any) -> "TextualSelect":
        return TextualSelect(self.element.bindparams(*binds, **kw), list(self.column_args))


def union(*selects: Any) -> CompoundSelect:
    return CompoundSelect("UNION", *selects)


def union_all(*selects: Any) -> CompoundSelect:
    return CompoundSelect("UNION ALL", *selects)


def intersect(*selects: Any) -> CompoundSelect:
    return CompoundSelect("INTERSECT", *selects)


def intersect_all(*selects: Any) -> CompoundSelect:
    return CompoundSelect("INTERSECT ALL", *selects)


def except_(*selects: Any) -> CompoundSelect:
    return CompoundSelect("EXCEPT", *selects)


def except_all(*selects: Any) -> CompoundSelect:
    return CompoundSelect("EXCEPT ALL", *selects)


from .constructors import select  # noqa: E402,F401 - select() and its typed overloads
