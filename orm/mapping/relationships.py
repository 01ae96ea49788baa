"""``relationship()`` configuration: target resolution, direction from foreign keys, cascades.

Loading and in-Python synchronisation of the two sides belong to the Session layer; this module
decides *what* a relationship is (target mapper, direction, join columns), once, at
``configure_mappers()``.
"""
from __future__ import annotations

from typing import Any, Optional

from orm import exc
from orm.sql.elements import BinaryExpression, ColumnElement
from orm.sql.schema import Column, Table

from .base import MANYTOMANY, MANYTOONE, ONETOMANY, RelationshipDirection
from .properties import MappedColumn, MapperProperty

_CASCADE_ALL = ("save-update", "merge", "refresh-expire", "expunge", "delete")
_CASCADE_NAMES = frozenset(_CASCADE_ALL + ("delete-orphan", "all", "none"))

_LAZY = {"select", True, "joined", False, "selectin", "subquery", "raise", "raise_on_sql", "noload",
         None, "dynamic", "write_only", "immediate"}


class CascadeOptions(frozenset):  # type: ignore[type-arg]
    """The parsed ``cascade=`` of a relationship: ``"all, delete-orphan"`` -> a set of names, with
    ``save_update``, ``delete``, ``delete_orphan``, ``merge``, ``refresh_expire``, ``expunge`` flags."""

    def __new__(cls, value: Any = "save-update, merge") -> "CascadeOptions":
        if isinstance(value, str):
            names = [v.strip() for v in value.replace(",", " ").split()]
        else:
            names = list(value or ())
        bad = [n for n in names if n not in _CASCADE_NAMES]
        if bad:
            raise exc.ArgumentError(
                "Invalid cascade option(s): " + ", ".join(repr(b) for b in sorted(bad))
            )
        values = set(names)
        if "all" in values:
            values.discard("all")
            values.update(_CASCADE_ALL)
        if "none" in values:
            values.discard("none")
        self = super().__new__(cls, values)
        self.save_update = "save-update" in values
        self.delete = "delete" in values
        self.refresh_expire = "refresh-expire" in values
        self.merge = "merge" in values
        self.expunge = "expunge" in values
        self.delete_orphan = "delete-orphan" in values
        return self

    def __repr__(self) -> str:
        return f"CascadeOptions({','.join(sorted(self))!r})"


class _backref:
    """What ``backref("name", **kw)`` returns."""

    def __init__(self, name: str, kwargs: dict[str, Any]) -> None:
        self.name = name
        self.kwargs = kwargs


def backref(name: str, **kwargs: Any) -> _backref:
    """The reverse side of a relationship, created on the target class with these arguments.

    Example::

        children = relationship("Child", backref=backref("parent", lazy="joined"))
    """
    return _backref(name, kwargs)


class RelationshipProperty(MapperProperty):
    """A relationship between two mapped classes (configuration part).

    After ``configure_mappers()``: ``mapper`` / ``entity`` (the target Mapper), ``target`` (its
    table), ``direction``, ``uselist``, ``secondary``, ``local_columns``, ``remote_side``,
    ``synchronize_pairs`` ((parent column, child column) pairs that copy the key),
    ``secondary_synchronize_pairs`` for many-to-many, ``cascade``.
    """

    is_relationship = True

    def __init__(self, argument: Any = None, secondary: Any = None, *, uselist: Optional[bool] = None,
                 back_populates: Optional[str] = None, backref: Any = None, lazy: Any = "select",
                 foreign_keys: Any = None, primaryjoin: Any = None, secondaryjoin: Any = None,
                 order_by: Any = False, viewonly: bool = False, cascade: Any = "save-update, merge",
                 remote_side: Any = None, passive_deletes: Any = False, post_update: bool = False,
                 single_parent: bool = False, innerjoin: Any = False, collection_class: Any = None,
                 join_depth: Optional[int] = None, doc: Optional[str] = None, info: Optional[dict[str, Any]] = None,
                 cascade_backrefs: bool = False, sync_backref: Optional[bool] = None,
                 overlaps: Optional[str] = None, enable_typechecks: bool = True,
                 active_history: bool = False, passive_updates: bool = True, omit_join: Any = None,
                 distinct_target_key: Any = None, query_class: Any = None, bake_queries: Any = True,
                 comparator_factory: Any = None, **kw: Any) -> None:
        if kw:
            raise exc.ArgumentError(f"relationship() got unexpected keyword argument(s): {sorted(kw)!r}")
        self.argument = argument
        self.secondary_argument = secondary
        self._user_uselist = uselist
        self.back_populates = back_populates
        self.backref = backref
        if back_populates and backref:
            raise exc.ArgumentError("backref and back_populates keyword arguments are mutually exclusive")
        self.lazy = lazy
        self._foreign_keys_arg = foreign_keys
        self._primaryjoin_arg = primaryjoin
        self._secondaryjoin_arg = secondaryjoin
        self._order_by_arg = order_by
        self.viewonly = viewonly
        self._cascade_arg = cascade
        # parse now: an invalid cascade string fails where it is written
        self.cascade = CascadeOptions(cascade) if not viewonly else CascadeOptions("none")
        self._remote_side_arg = remote_side
        self.passive_deletes = passive_deletes
        self.post_update = post_update
        self.single_parent = single_parent
        self.innerjoin = innerjoin
        self.collection_class = collection_class
        self.join_depth = join_depth
        self.doc = doc
        self.info = info or {}
        self.sync_backref = sync_backref
        self.overlaps = overlaps
        self.passive_updates = passive_updates
        self.active_history = active_history
        self.query_class = query_class
        self.comparator_factory = comparator_factory
        # set by declarative from a Mapped[List["X"]] annotation when no argument is given
        self._annotation_target: Any = None
        self._annotation_collection: Any = None
        self._configured = False
        self._backref_done = False
        self._mapper: Any = None
        self._direction: Optional[RelationshipDirection] = None
        self.uselist: Optional[bool] = uselist
        self.secondary: Any = None
        self.primaryjoin: Any = None
        self.secondaryjoin: Any = None
        self.order_by: Any = False
        self.local_columns: set[Any] = set()
        self.remote_side: set[Any] = set()
        self._foreign_cols: set[Any] = set()
        self.synchronize_pairs: list[tuple[Any, Any]] = []
        self.secondary_synchronize_pairs: list[tuple[Any, Any]] = []
        self._reverse_property: set[Any] = set()

    # -- names -------------------------------------------------------------------------------------
    @property
    def mapper(self) -> Any:
        """The target Mapper (resolving mappers on first use)."""
        if self._mapper is None and self.parent is not None:
            self.parent._check_configure()
            if self._mapper is None:
                self._mapper = self._resolve_target()
        return self._mapper

    @property
    def direction(self) -> Optional[RelationshipDirection]:
        if self._direction is None and self.parent is not None:
            self.parent._check_configure()
        return self._direction

    @property
    def entity(self) -> Any:
        return self.mapper

    @property
    def target(self) -> Any:
        return None if self.mapper is None else self.mapper.persist_selectable

    @property
    def _where(self) -> str:
        return f"relationship {self.parent.class_.__name__}.{self.key}"

    def _validate_static(self) -> None:
        """Checks that need only the parent and key (run when the class is mapped)."""
        if self.lazy not in _LAZY:
            raise exc.ArgumentError(
                f"Invalid lazy={self.lazy!r} on {self._where}; expected one of 'select', 'joined', "
                "'selectin', 'subquery', 'raise', 'raise_on_sql', 'noload', 'dynamic', 'write_only'"
            )

    def _missing_value(self, instance: Any) -> Any:
        # a never-set relationship of an object not loaded from the database: empty / None
        if self.uselist is None:
            self.parent._check_configure()
        if self.uselist:
            coll = (self.collection_class or list)()
            instance.__dict__[self.key] = coll
            return coll
        return None

    def _expression_for(self, attr: Any) -> Any:
        # the join condition, carrying the comparator behind ==, any(), has(), of_type() ...
        from .comparators import relationship_clause

        self.parent._check_configure()
        return relationship_clause(self, attr)

    # -- configuration -----------------------------------------------------------------------------
    def _resolve_arg(self, value: Any, what: str) -> Any:
        """Strings are evaluated against the registry's classes and tables; callables are called."""
        if isinstance(value, str):
            return self.parent.registry._resolve_name(value, self, what)
        if callable(value) and not isinstance(value, type) and not hasattr(value, "__clause_element__") \
                and not isinstance(value, (ColumnElement, Table)):
            return value()
        return value

    def _resolve_target(self) -> Any:
        from .base import _mapper_of

        arg = self.argument if self.argument is not None else self._annotation_target
        if arg is None:
            raise exc.ArgumentError(
                f"relationship() on {self.parent.class_.__name__}.{self.key} has no target: pass the "
                "class (or its name) as the first argument, or annotate it as Mapped[\"Target\"]"
            )
        target = self._resolve_arg(arg, "argument")
        if hasattr(target, "class_") and _mapper_of(getattr(target, "class_", None)) is target:
            return target
        mapper = _mapper_of(target) if isinstance(target, type) else None
        if mapper is None:
            raise exc.ArgumentError(
                f"relationship() target {target!r} of {self._where} is not a mapped class"
            )
        return mapper

    def _setup(self) -> None:
        """Resolve target, join condition, direction; validate.  Raises naming class and attribute."""
        if self._configured:
            return
        parent = self.parent
        self._mapper = self._resolve_target()
        if self.secondary_argument is not None:
            sec = self._resolve_arg(self.secondary_argument, "secondary")
            sec = getattr(sec, "__table__", sec)
            self.secondary = sec
        if self._primaryjoin_arg is not None:
            self.primaryjoin = _as_expr(self._resolve_arg(self._primaryjoin_arg, "primaryjoin"))
        if self._secondaryjoin_arg is not None:
            self.secondaryjoin = _as_expr(self._resolve_arg(self._secondaryjoin_arg, "secondaryjoin"))
        self._foreign_cols = set(_column_list(self._resolve_arg(self._foreign_keys_arg, "foreign_keys")))
        self.remote_side = set(_column_list(self._resolve_arg(self._remote_side_arg, "remote_side")))
        self.order_by = self._resolve_order_by()
        if self.secondary is not None:
            self._setup_many_to_many()
        else:
            self._setup_direct()
        if self._user_uselist is None:
            self.uselist = self._direction is not MANYTOONE
        else:
            self.uselist = self._user_uselist
        self._validate_cascade()
        self._configured = True

    def _resolve_order_by(self) -> Any:
        from orm.sql import coercions

        ob = self._order_by_arg
        if ob is False or ob is None:
            return False
        ob = self._resolve_arg(ob, "order_by")
        items = ob if isinstance(ob, (list, tuple)) else [ob]
        return [coercions._unwrap(o) for o in items]

    def _setup_many_to_many(self) -> None:
        parent_t, target_t, sec = self.parent.persist_selectable, self.target, self.secondary
        if self.primaryjoin is None:
            pairs = _fk_pairs(sec, parent_t, self._foreign_cols)
            if parent_t is target_t:
                pairs = [p for p in pairs if not self.remote_side or p[1] not in self.remote_side][:1] or pairs
            self.primaryjoin = self._join_from_pairs(pairs, parent_t, sec, "primaryjoin")
            self.synchronize_pairs = [(p, c) for c, p in pairs]
        else:
            self.synchronize_pairs = [(p, c) for c, p in _pairs_in_expr(self.primaryjoin, sec)]
        if self.secondaryjoin is None:
            pairs = _fk_pairs(sec, target_t, self._foreign_cols)
            if parent_t is target_t:
                used = {c for _, c in self.synchronize_pairs}
                pairs = [p for p in pairs if p[0] not in used] or pairs
            self.secondaryjoin = self._join_from_pairs(pairs, target_t, sec, "secondaryjoin")
            self.secondary_synchronize_pairs = [(p, c) for c, p in pairs]
        else:
            self.secondary_synchronize_pairs = [(p, c) for c, p in _pairs_in_expr(self.secondaryjoin, sec)]
        self._direction = MANYTOMANY
        self.local_columns = {p for p, _ in self.synchronize_pairs}
        self.remote_side = {c for _, c in self.synchronize_pairs} | {c for _, c in self.secondary_synchronize_pairs}

    def _join_from_pairs(self, pairs: list[tuple[Any, Any]], table: Any, sec: Any, which: str) -> Any:
        from orm.sql.elements import and_

        if not pairs:
            raise exc.NoForeignKeysError(
                f"Could not determine join condition between parent/child tables on {self._where} - "
                f"there are no foreign keys linking the secondary table '{sec.name}' to '{table.name}'.  "
                f"Ensure that referencing columns are associated with a ForeignKey or "
                f"ForeignKeyConstraint, or specify '{which}'."
            )
        if len({c for c, _ in pairs}) > 1 and len({r for _, r in pairs}) < len(pairs):
            raise exc.AmbiguousForeignKeysError(
                f"Could not determine join condition between parent/child tables on {self._where} - "
                f"there are multiple foreign key paths linking '{sec.name}' and '{table.name}'.  "
                f"Specify the 'foreign_keys' argument, or '{which}'."
            )
        exprs = [referred == col for col, referred in pairs]
        return exprs[0] if len(exprs) == 1 else and_(*exprs)

    def _setup_direct(self) -> None:
        parent_t, target_t = self.parent.persist_selectable, self.target
        if self.primaryjoin is not None:
            pairs = _pairs_in_expr(self.primaryjoin, None, self._foreign_cols)
            if not pairs:
                raise exc.ArgumentError(
                    f"Could not locate any relevant foreign key columns for primary join condition "
                    f"'{self.primaryjoin}' on {self._where}.  Ensure that referencing columns are "
                    "associated with a ForeignKey or ForeignKeyConstraint, or are annotated in the join "
                    "condition with the foreign() annotation, or pass foreign_keys=."
                )
            fk_cols = {c for c, _ in pairs}
            parent_cols = set(_columns_of(parent_t))
            target_cols = set(_columns_of(target_t))
        else:
            child_to_parent = _fk_pairs(target_t, parent_t, self._foreign_cols)
            parent_to_child = _fk_pairs(parent_t, target_t, self._foreign_cols)
            if _same_table(parent_t, target_t):
                pairs = child_to_parent
            else:
                pairs = child_to_parent + parent_to_child
            if not pairs:
                raise exc.NoForeignKeysError(
                    f"Could not determine join condition between parent/child tables on {self._where} - "
                    f"there are no foreign keys linking these tables ('{_name(parent_t)}' and "
                    f"'{_name(target_t)}').  Ensure that referencing columns are associated with a "
                    "ForeignKey or ForeignKeyConstraint, or specify a 'primaryjoin' expression."
                )
            fk_cols = {c for c, _ in pairs}
            groups = {_constraint_of(c, r) for c, r in pairs}
            if len(groups) > 1:
                raise exc.AmbiguousForeignKeysError(
                    f"Could not determine join condition between parent/child tables on {self._where} - "
                    "there are multiple foreign key paths linking the tables.  Specify the "
                    "'foreign_keys' argument, providing a list of those columns which should be counted "
                    "as containing a foreign key reference to the parent table."
                )
            parent_cols = set(_columns_of(parent_t))
            target_cols = set(_columns_of(target_t))
            from orm.sql.elements import and_

            exprs = [r == c for c, r in pairs]
            self.primaryjoin = exprs[0] if len(exprs) == 1 else and_(*exprs)
        if _same_table(parent_t, target_t):
            # adjacency list: many-to-one when remote_side names the referred (usually pk) columns
            referred_cols = {r for _, r in pairs}
            if self.remote_side and (self.remote_side & referred_cols):
                self._direction = MANYTOONE
                self.synchronize_pairs = [(r, c) for c, r in pairs]
                self.local_columns = {c for c, _ in pairs}
            else:
                self._direction = ONETOMANY
                self.synchronize_pairs = [(r, c) for c, r in pairs]
                self.local_columns = referred_cols
                if not self.remote_side:
                    self.remote_side = {c for c, _ in pairs}
            return
        fk_in_target = any(c in target_cols for c in fk_cols)
        fk_in_parent = any(c in parent_cols for c in fk_cols)
        if fk_in_target and not fk_in_parent:
            self._direction = ONETOMANY
            self.synchronize_pairs = [(r, c) for c, r in pairs]
            self.local_columns = {r for _, r in pairs}
            self.remote_side = self.remote_side or {c for c, _ in pairs}
        elif fk_in_parent and not fk_in_target:
            self._direction = MANYTOONE
            self.synchronize_pairs = [(r, c) for c, r in pairs]
            self.local_columns = {c for c, _ in pairs}
            self.remote_side = self.remote_side or {r for _, r in pairs}
        else:
            raise exc.ArgumentError(
                f"Can't determine relationship direction for {self._where} - foreign key columns are "
                "present in both the parent and the child's mapped tables.  Specify 'foreign_keys' "
                "argument."
            )

    def _validate_cascade(self) -> None:
        if self.cascade.delete_orphan and self._direction in (MANYTOONE, MANYTOMANY) and not self.single_parent:
            kind = "many-to-one" if self._direction is MANYTOONE else "many-to-many"
            raise exc.ArgumentError(
                f"For {kind} relationship {self.parent.class_.__name__}.{self.key}, delete-orphan "
                "cascade is normally configured only on the \"one\" side of a one-to-many relationship, "
                f"and not on the \"many\" side of a {kind} relationship.  To force this relationship to "
                "allow a particular object to be referenced by only a single parent object at a time, "
                "set the single_parent=True flag."
            )

    def _setup_back_populates(self) -> None:
        """Link with the reverse side named by ``back_populates``; runs after every _setup()."""
        if not self.back_populates:
            return
        target = self.mapper
        other = target._props.get(self.back_populates)
        if other is None or not getattr(other, "is_relationship", False):
            what = "has no property" if other is None else "has no relationship"
            raise exc.InvalidRequestError(
                f"back_populates={self.back_populates!r} on {self._where}: mapper '{target}' "
                f"{what} '{self.back_populates}'.  Add a relationship named '{self.back_populates}' to "
                f"class {target.class_.__name__}, or correct the name."
            )
        if not other._configured:
            other._setup()
        if not self.parent.class_ is other.mapper.class_ and not issubclass(self.parent.class_, other.mapper.class_) \
                and not issubclass(other.mapper.class_, self.parent.class_):
            raise exc.ArgumentError(
                f"{self._where} has back_populates={self.back_populates!r}, but "
                f"{target.class_.__name__}.{self.back_populates} refers to class "
                f"{other.mapper.class_.__name__}, not {self.parent.class_.__name__}"
            )
        self._reverse_property.add(other)
        other._reverse_property.add(self)

    def _generate_backref(self) -> None:
        if not self.backref:
            return
        if isinstance(self.backref, str):
            name, kw = self.backref, {}
        elif isinstance(self.backref, _backref):
            name, kw = self.backref.name, dict(self.backref.kwargs)
        else:
            name, kw = self.backref[0], dict(self.backref[1])
        target = self.mapper
        if name in target._props:
            raise exc.ArgumentError(
                f"Error creating backref '{name}' on {self._where}: property of that name exists on "
                f"mapper '{target}'"
            )
        if self.secondary is not None:
            kw.setdefault("primaryjoin", self.secondaryjoin)
            kw.setdefault("secondaryjoin", self.primaryjoin)
        else:
            kw.setdefault("primaryjoin", self.primaryjoin)
            if self._foreign_cols:
                kw.setdefault("foreign_keys", list(self._foreign_cols))
            if self._direction is ONETOMANY and _same_table(self.parent.persist_selectable, self.target):
                kw.setdefault("remote_side", list(self.local_columns))
        kw.setdefault("viewonly", self.viewonly)
        kw.setdefault("post_update", self.post_update)
        kw["back_populates"] = self.key
        self.back_populates = name
        rel = RelationshipProperty(self.parent.class_, self.secondary, **kw)
        target.add_property(name, rel)
        rel._setup()
        # the new side also needs foreign columns from the join when they were inferred
        if self.secondary is None and not rel._foreign_cols:
            rel._foreign_cols = {c for c in _columns_with_fks(self.primaryjoin)}


def relationship(argument: Any = None, secondary: Any = None, **kw: Any) -> Any:
    """A relationship to another mapped class.

    Example::

        class User(Base):
            __tablename__ = "users"
            id = Column(Integer, primary_key=True)
            addresses = relationship("Address", back_populates="user", cascade="all, delete-orphan")
    """
    from .decl_dataclass import split_dataclass_options

    dc = split_dataclass_options(kw)
    prop = RelationshipProperty(argument, secondary, **kw)
    prop._dataclass_options = dc  # MappedAsDataclass field options (orm.mapping.decl_dataclass)
    return prop


# -- helpers -------------------------------------------------------------------------------------

def _as_expr(value: Any) -> Any:
    from orm.sql import coercions

    return coercions.expect_where(value)


def _column_list(value: Any) -> list[Any]:
    from orm.sql import coercions

    if value is None:
        return []
    items = value if isinstance(value, (list, tuple, set, frozenset)) else [value]
    # a mapped_column() named in the class body (remote_side=[id]) stands for the Column it made
    return [coercions._unwrap(getattr(v, "column", v) if isinstance(v, MappedColumn) else v) for v in items]


def _columns_of(selectable: Any) -> list[Any]:
    return list(selectable.c)


def _name(selectable: Any) -> str:
    return getattr(selectable, "name", None) or str(selectable)


def _tables_of(selectable: Any) -> list[Any]:
    from orm.sql.selectable import Join, _join_leaves

    if isinstance(selectable, Join):
        return list(_join_leaves(selectable))
    return [selectable]


def _same_table(a: Any, b: Any) -> bool:
    return bool(set(map(id, _tables_of(a))) & set(map(id, _tables_of(b))))


def _fk_pairs(referencing: Any, referred: Any, only: set[Any]) -> list[tuple[Any, Any]]:
    """(fk column in ``referencing``, referred column in ``referred``) for every foreign key."""
    pairs = []
    referred_tables = _tables_of(referred)
    for t in _tables_of(referencing):
        for col in t.c:
            if only and col not in only:
                continue
            for fk in getattr(col, "foreign_keys", ()):
                for rt in referred_tables:
                    try:
                        target = fk.get_referent(rt)
                    except exc.SQLAlchemyError:
                        target = None
                    if target is not None:
                        pairs.append((col, target))
    return pairs


def _constraint_of(col: Any, referred: Any) -> Any:
    for fk in col.foreign_keys:
        if fk.column is referred:
            con = getattr(fk, "constraint", None)
            return id(con) if con is not None else (id(col), id(referred))
    return (id(col), id(referred))


def _binary_pairs(expr: Any) -> list[tuple[Any, Any]]:
    from orm.sql import operators as ops

    out: list[tuple[Any, Any]] = []

    def visit(e: Any) -> None:
        if isinstance(e, BinaryExpression):
            if e.operator is ops.eq and isinstance(e.left, Column) and isinstance(e.right, Column):
                out.append((e.left, e.right))
                return
        for child in getattr(e, "clauses", ()) or ():
            visit(child)
        inner = getattr(e, "element", None)
        if isinstance(inner, ColumnElement):
            visit(inner)

    visit(expr)
    return out


def _pairs_in_expr(expr: Any, fk_table: Any, foreign: Optional[set[Any]] = None) -> list[tuple[Any, Any]]:
    """(foreign column, referred column) pairs of ``a == b`` comparisons in a join condition."""
    pairs = []
    for a, b in _binary_pairs(expr):
        for c, r in ((a, b), (b, a)):
            if foreign:
                if c in foreign and r not in foreign:
                    pairs.append((c, r))
                    break
            elif fk_table is not None:
                if c.table is fk_table and r.table is not fk_table:
                    pairs.append((c, r))
                    break
            elif any(fk.column is r for fk in c.foreign_keys):
                pairs.append((c, r))
                break
    return pairs


def _columns_with_fks(expr: Any) -> list[Any]:
    return [c for a, b in _binary_pairs(expr) for c in (a, b) if c.foreign_keys]


def foreign(expr: Any) -> Any:
    """Marks the foreign column of a custom ``primaryjoin`` (accepted; direction is inferred from
    ForeignKey objects and ``foreign_keys=``)."""
    return expr


def remote(expr: Any) -> Any:
    """Marks the remote column of a custom ``primaryjoin`` (accepted; see ``remote_side=``)."""
    return expr


_EXPR_HELPERS = {"foreign": foreign, "remote": remote}


from .rel_prop_comparator import RelationshipPropComparator  # noqa: E402

RelationshipProperty.Comparator = RelationshipPropComparator  # type: ignore[attr-defined]
