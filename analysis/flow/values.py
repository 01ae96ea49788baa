"""Abstract values: what the flow inference says a name or expression holds.

The inference is deliberately small: it only tracks what the N+1 rules need.  Anything else is
:data:`UNKNOWN`, and an unknown value never produces a finding (precision first).

- :class:`ModelRef` — a mapped class itself (``User``, ``aliased(User)``).
- :class:`AttrRef` — a class-level mapped attribute (``User.posts``), used by loader options.
- :class:`Statement` — a ``select(User)...`` or a legacy ``session.query(User)...`` /
  Flask ``User.query...``, with the loader options attached to each entity.
- :class:`Seq` — many values: a query result, a relationship collection, a list built from them.
- :class:`Instance` — one mapped object, with the loader options that apply to it, where it came
  from (for fixes) and whether it changes on every iteration of a running loop (``per_row``).
- :class:`Row` — a result row or a tuple (``select(User, Address)`` rows, ``enumerate`` pairs).
- :class:`Mapping` — a dict whose values are known (``{u.id: u for u in users}``).
- :class:`LoaderOption` — a loader option (``selectinload(User.posts).selectinload(...)``).
- :class:`FunctionRef` / :class:`ClassRef` / :class:`ModuleRef` — project code being called.

Example::

    Instance(model=user_model, opts=EMPTY, origin=None).related(posts_rel, child_opts)
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Optional

import libcst as cst

from analysis.flow.options import EMPTY, OptNode

if TYPE_CHECKING:
    from analysis.index.model import ModelInfo, RelationshipInfo
    from analysis.index.parse import ModuleInfo


class Value:
    """Base of every abstract value."""

    __slots__ = ()
    per_row = False

    def with_per_row(self, per_row: bool) -> "Value":
        return self


class _Unknown(Value):
    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()


@dataclass(frozen=True, eq=False)
class ModelRef(Value):
    """A mapped class (or an ``aliased()`` of one)."""

    model: "ModelInfo"


@dataclass(frozen=True, eq=False)
class AttrRef(Value):
    """``Model.key`` at class level: a column, relationship, or other attribute of the class."""

    model: "ModelInfo"
    key: str
    attribute: Any = None          # ColumnInfo | RelationshipInfo | None
    of_type: Optional["ModelInfo"] = None


@dataclass(frozen=True, eq=False)
class Origin:
    """The statement expression that produced a value (a fix adds loader options to it)."""

    node: cst.CSTNode
    module: "ModuleInfo"
    kind: str                      # "select" | "query" | "get"
    entity_node: Optional[cst.CSTNode] = None   # how the root entity is written there

    @property
    def entity_text(self) -> Optional[str]:
        """``"User"``, ``"models.User"``: the source of the root entity (None when unknown)."""
        if self.entity_node is None:
            return None
        from analysis.flow.report import source_of
        return source_of(self.module, self.entity_node)


@dataclass(frozen=True, eq=False)
class Statement(Value):
    """A SELECT of ORM entities not yet executed (or a legacy Query, executed when iterated).

    ``entities`` holds one ModelInfo per selected element (None for a column or expression);
    ``opts`` the loader options of each entity; ``kind`` is ``"select"`` or ``"query"``.
    ``dynamic`` marks a query of a ``lazy="dynamic"`` / write-only relationship.
    """

    kind: str
    entities: tuple
    opts: tuple
    node: cst.CSTNode
    module: "ModuleInfo"
    entity_nodes: tuple = ()       # the expression of each entity (for fixes)
    tainted: bool = False          # its criteria depend on the rows of a running loop
    dynamic: Optional[Any] = None  # the Instance whose dynamic relationship this queries
    dynamic_node: Optional[cst.CSTNode] = None
    per_row: bool = False
    is_dml: bool = False
    filtered: bool = False         # WHERE / LIMIT / ...: not every row of the entity
    populate: bool = False         # populate_existing: reloads objects already in the session
    pinned: frozenset = frozenset()  # (entity qualname, key) compared with one value: x == v
    single: bool = False           # at most one row (primary key pinned, LIMIT 1)

    def with_per_row(self, per_row: bool) -> "Value":
        return self if self.per_row == per_row else replace(self, per_row=per_row)

    def origin(self, index: int = 0) -> Origin:
        entity = self.entity_nodes[index] if index < len(self.entity_nodes) else None
        return Origin(self.node, self.module, self.kind, entity)


@dataclass(frozen=True, eq=False)
class Instance(Value):
    """One mapped object.

    ``opts`` are the loader options that apply at its level; ``origin`` the statement that loaded
    the root object and ``path`` the ``(model, relationship)`` steps from that root to this object
    (for the chained option a fix writes).  ``parent``/``via`` say through which relationship of
    which object it was reached.  ``per_row``: the object differs on every iteration of a loop
    that is running where the value is used.  ``is_async``: loaded through an ``AsyncSession``.
    ``loaded`` holds relationship keys known to be loaded on this object (``awaitable_attrs``,
    ``session.refresh(obj, [...])``).  ``row_models``: the other entities selected in the same
    row (``select(User, Address)``): a many-to-one to one of them is in the identity map.
    """

    model: "ModelInfo"
    opts: OptNode = EMPTY
    origin: Optional[Origin] = None
    path: tuple = ()
    parent: Optional["Instance"] = None
    via: Optional["RelationshipInfo"] = None
    per_row: bool = False
    is_async: bool = False
    loaded: frozenset = frozenset()
    row_models: frozenset = frozenset()  # qualnames of the other entities of its result row
    pinned: frozenset = frozenset()      # its keys the query compared with one value

    @property
    def known(self) -> bool:
        """True when the query that loaded it was seen (so its loader options are known)."""
        return self.origin is not None

    def with_per_row(self, per_row: bool) -> "Value":
        return self if self.per_row == per_row else replace(self, per_row=per_row)

    def with_loaded(self, key: str) -> "Instance":
        return replace(self, loaded=self.loaded | {key})


@dataclass(frozen=True, eq=False)
class Seq(Value):
    """Many values of one kind: ``kind`` is ``"rows"`` (a Result of rows), ``"scalars"``
    (a ScalarResult), ``"list"`` (a list, tuple, collection, comprehension) or ``"pages"``
    (a Flask-SQLAlchemy Pagination).  ``from_rows``: built from query rows (so a loop over it is a
    loop over rows).  ``query_node``: the expression that executes the query when iterated.
    """

    elem: Value
    kind: str = "list"
    per_row: bool = False
    from_rows: bool = True
    is_async: bool = False
    complete: bool = False         # every row of its entity (an unfiltered query)
    single: bool = False           # at most one element

    def with_per_row(self, per_row: bool) -> "Value":
        return self if self.per_row == per_row else replace(self, per_row=per_row)


@dataclass(frozen=True, eq=False)
class Row(Value):
    """A tuple: result rows (``names`` are the entity class names, for ``row.User``) or plain
    tuples (``enumerate`` pairs, tuple literals)."""

    items: tuple
    names: tuple = ()
    per_row: bool = False

    def with_per_row(self, per_row: bool) -> "Value":
        if self.per_row == per_row:
            return self
        return replace(self, items=tuple(i.with_per_row(per_row) for i in self.items),
                       per_row=per_row)


@dataclass(frozen=True, eq=False)
class Mapping(Value):
    """A dict whose values are known; ``from_rows``: built from query rows.  ``empty``: a dict
    just made (``{}``, ``dict()``, ``defaultdict(list)``) that a loop may fill; ``factory``:
    ``"list"``/``"set"`` for a ``defaultdict`` whose values are collections."""

    value: Value
    per_row: bool = False
    from_rows: bool = False
    empty: bool = False
    factory: Optional[str] = None


@dataclass(frozen=True, eq=False)
class LoaderOption(Value):
    """Loader options: ``root`` is the entity the path starts at (None for string paths and
    wildcards), ``tree`` the options relative to it, ``leaf`` the path a chained call extends."""

    root: Optional["ModelInfo"]
    tree: OptNode
    leaf: tuple = ()
    leaf_model: Optional["ModelInfo"] = None
    bound: bool = False            # built from Load(Model): its wildcards stay at their level


@dataclass(frozen=True, eq=False)
class Awaitable(Value):
    """``obj.awaitable_attrs`` or ``obj.awaitable_attrs.rel`` (AsyncAttrs)."""

    instance: Instance
    key: Optional[str] = None
    node: Optional[cst.CSTNode] = None


@dataclass(frozen=True, eq=False)
class WriteOnly(Value):
    """A ``lazy="write_only"`` collection of a known object."""

    instance: Instance
    rel: Any
    node: cst.CSTNode


@dataclass(frozen=True, eq=False)
class FunctionRef(Value):
    """A function (or method) defined in the project: its node, module, closure and class."""

    node: cst.FunctionDef
    module: "ModuleInfo"
    closure: Any = None            # the Frame it was defined in (nested functions)
    cls: Optional[cst.ClassDef] = None
    bound: Optional[Value] = None  # the receiver of a bound method (self / cls)
    lambda_node: Optional[cst.Lambda] = None


@dataclass(frozen=True, eq=False)
class ClassRef(Value):
    """A non-mapped class of the project (its methods can be called through instances)."""

    node: cst.ClassDef
    module: "ModuleInfo"


@dataclass(frozen=True, eq=False)
class ObjectOf(Value):
    """An instance of a project class that is not mapped (``self`` in a service class)."""

    cls: ClassRef


@dataclass(frozen=True, eq=False)
class ModuleRef(Value):
    """A project module imported as a name (``from app import helpers``)."""

    name: str


@dataclass(frozen=True, eq=False)
class LazyRef(Value):
    """A function, class or value of another module, not parsed yet (``kind``: ``"def"``,
    ``"class"``, ``"assign"``); ``orm``: its text mentions ORM query words or relationships."""

    module: str
    name: str
    kind: str
    orm: bool = False


@dataclass(frozen=True, eq=False)
class BoundCall(Value):
    """``receiver.method`` before it is called (a method of a value the inference knows)."""

    receiver: Value
    name: str
    node: cst.CSTNode = field(default=None)  # type: ignore[assignment]


def is_interesting(value: Value) -> bool:
    """Values worth following into a called function."""
    if type(value) is Mapping and value.empty:
        return False
    return isinstance(value, (Instance, Seq, Statement, Row, Mapping, LoaderOption, ModelRef))


def join(a: Value, b: Value) -> Value:
    """What a name holds after two branches assigned ``a`` and ``b`` (prefers ``a`` for fixes).

    Loader options are united: a branch that eager-loads never makes a finding appear.
    """
    if a is b:
        return a
    if isinstance(a, Instance) and isinstance(b, Instance) and a.model is b.model:
        from analysis.flow.options import union
        return replace(a, opts=union(a.opts, b.opts), per_row=a.per_row and b.per_row,
                       is_async=a.is_async or b.is_async, loaded=a.loaded & b.loaded,
                       origin=a.origin if (a.origin is not None) == (b.origin is not None)
                       else None)
    if isinstance(a, Statement) and isinstance(b, Statement) and a.kind == b.kind and \
            len(a.entities) == len(b.entities) and \
            all(x is y for x, y in zip(a.entities, b.entities)):
        from analysis.flow.options import union
        return replace(a, opts=tuple(union(x, y) for x, y in zip(a.opts, b.opts)),
                       tainted=a.tainted or b.tainted, per_row=a.per_row and b.per_row)
    if isinstance(a, Seq) and a.kind == "list" and _empty_literal(b):
        return a              # `picked = []` before a loop that appends rows' objects
    if isinstance(b, Seq) and b.kind == "list" and _empty_literal(a):
        return b
    if isinstance(a, Seq) and isinstance(b, Seq) and a.kind == b.kind:
        return replace(a, elem=join(a.elem, b.elem), per_row=a.per_row and b.per_row,
                       from_rows=a.from_rows and b.from_rows)
    if isinstance(a, Row) and isinstance(b, Row) and len(a.items) == len(b.items):
        return replace(a, items=tuple(join(x, y) for x, y in zip(a.items, b.items)),
                       per_row=a.per_row and b.per_row)
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        if b.empty and not a.empty:
            return a              # `cache = {}` before a loop that stores rows' objects
        if a.empty and not b.empty:
            return b
        return replace(a, value=join(a.value, b.value), from_rows=a.from_rows and b.from_rows)
    if isinstance(a, LoaderOption) and isinstance(b, LoaderOption) and a.root is b.root:
        from analysis.flow.options import union
        return replace(a, tree=union(a.tree, b.tree))
    return UNKNOWN


def _empty_literal(value: Value) -> bool:
    return type(value) is Row and not value.items and not value.names


def join_all(values: list[Value]) -> Value:
    if not values:
        return UNKNOWN
    out = values[0]
    for value in values[1:]:
        out = join(out, value)
    return out


__all__ = ["AttrRef", "Awaitable", "BoundCall", "ClassRef", "FunctionRef", "Instance", "LazyRef",
           "LoaderOption", "Mapping", "ModelRef", "ModuleRef", "ObjectOf", "Origin", "Row", "Seq",
           "Statement", "UNKNOWN", "Value", "WriteOnly", "is_interesting", "join", "join_all"]
