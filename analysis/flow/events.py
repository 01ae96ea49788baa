"""What the flow inference observed in a module: the facts the ORM1xx rules report on.

Each event knows where it happened (``node`` in ``module``) and where to report it in the module
being checked (``site``): the same node, or — when the code ran in a function of another module
called from here — the call in this module that led there.

Example::

    flow = module_flow(module_info, project)
    for access in flow.relationship_reads:
        if access.per_row and access.strategy == "select": ...
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional

import libcst as cst

if TYPE_CHECKING:
    from analysis.flow.values import Instance, Statement
    from analysis.index.model import ColumnInfo, RelationshipInfo
    from analysis.index.parse import ModuleInfo


@dataclass(frozen=True, eq=False)
class Site:
    """Where an event happened and where it is reported."""

    node: cst.CSTNode               # the node in ``module``
    module: "ModuleInfo"
    site: cst.CSTNode               # the node in the checked module
    via_call: bool = False          # True when ``site`` is a call leading to ``node``


@dataclass(frozen=True, eq=False)
class RelationshipRead:
    """``obj.rel`` read on an object loaded by a query the inference saw.

    ``strategy`` is how the read behaves (``"select"`` = a lazy load with SQL, ``"raise"``,
    ``"raise_on_sql"``, ``"noload"``, ``"dynamic"``, ``"write_only"``, or an eager strategy).
    ``identity_map``: a many-to-one back to an object already loaded (no SQL).  ``awaited``: read
    as ``await obj.awaitable_attrs.rel``.  ``executes``: for dynamic relationships, the read is
    followed by something that runs its query (iteration, ``.all()``, ``.count()`` ...).
    """

    where: Site
    instance: "Instance"
    rel: "RelationshipInfo"
    strategy: str
    per_row: bool
    is_async: bool
    identity_map: bool = False
    awaited: bool = False
    executes: bool = False


@dataclass(frozen=True, eq=False)
class ColumnRead:
    """A deferred column read on an object loaded by a query the inference saw."""

    where: Site
    instance: "Instance"
    column: "ColumnInfo"
    per_row: bool
    is_async: bool


@dataclass(frozen=True, eq=False)
class QueryRun:
    """A statement executed (``session.get``, ``.first()``, ``session.scalars(...)``, iteration
    of a legacy Query ...).  ``in_loop``: inside a loop (or a function called from one);
    ``row_dependent``: its criteria use the rows of a loop over query results;
    ``in_row_loop``: the loop runs over query rows, so even a row-independent statement runs
    once per row (``session.get`` of a fixed key excepted: the identity map answers it)."""

    where: Site
    what: str                       # "get", "first", "scalars", "iterate", ...
    in_loop: bool
    row_dependent: bool
    statement: Optional["Statement"] = None
    dynamic: bool = False           # the query of a dynamic / write-only relationship
    in_row_loop: bool = False       # inside a loop over query rows (runs once per row)
    # relationships loaded with one SELECT per row while this statement's rows load
    # (immediateload / lazy="immediate"): "Author.books"
    immediate: tuple = ()


@dataclass
class ModuleFlow:
    """Everything the inference observed in one module (see the module docstring)."""

    module: "ModuleInfo"
    relationship_reads: list[RelationshipRead] = field(default_factory=list)
    column_reads: list[ColumnRead] = field(default_factory=list)
    queries: list[QueryRun] = field(default_factory=list)
    failed: Optional[str] = None    # the inference stopped early (budget, internal error)
    stats: dict[str, Any] = field(default_factory=dict)


__all__ = ["ColumnRead", "ModuleFlow", "QueryRun", "RelationshipRead", "Site"]
