"""ormlens findings as mypy errors: the translation table, and how they reach mypy's output.

The decisions are ``analysis``'s (``ormlens check`` gives the same findings on the same files);
this module maps each finding to one mypy error at the finding's line and column:

==========================  =====================  ==========================================
ormlens codes               mypy error code        what
==========================  =====================  ==========================================
ORM101-ORM106 (``ORM1``)    ``orm-n-plus-one``     lazy loads / queries per row, lazy load in
                                                   async code, raise/dynamic/deferred access
ORM201                      ``orm-query-type``     column compared with a value of another type
ORM202                      ``orm-unknown-column`` unknown attribute in filter_by / constructor
                                                   / order_by / where
ORM203-ORM206               ``orm-query-type``     loader option on a column, join without a
                                                   foreign-key path, ``session.get`` with a
                                                   wrong primary-key type, cartesian product
ORM301, ORM302 (``ORM3``)   ``orm-raw-sql``        ``text()`` against the schema, values spliced
                                                   into SQL text
ORM401 (``ORM4``)           ``orm-raw-sql``        SQL a target dialect cannot run
ORM000                      (none)                 a syntax error: mypy reports it itself
==========================  =====================  ==========================================

The message is the finding's, followed by its rule code: ``... (ORM101)``.  Every finding is an
*error* (``ormlens check`` fails on any finding too); ``# type: ignore[orm-n-plus-one]``,
``disable_error_code`` and ormlens' own ``# ormlens: ignore[ORM101]`` all silence it.

How errors reach mypy.  A plugin can report an error only from inside a hook, into the module
mypy is processing at that moment, and mypy calls no hook once per module; inside functions
without annotations it calls no type-checker hook at all, so hooks on the ORM expressions
themselves would lose most findings of untyped code (a module whose only ORM code is
``for u in session.query(User): u.posts`` in an unannotated function gives mypy no hook at all).
So the plugin gives each module that mentions the ORM (with the worker process of
:mod:`mypy_plugin.worker`: each project module) one anchor of its own: when mypy has parsed
the module (``get_additional_deps``, which sees the syntax tree), an empty class
``__ormlens_findings__`` is appended to its top level.  Semantic analysis calls the MRO hook on
every class, so on this one, with the module's context, and the hook reports every finding of the
module at its own position.  The class holds nothing, is checked like any empty class, and its
errors belong to the module's top level, which is also what the daemon re-processes when it drops
those errors: the anchor fires again and reports the module's findings as they are then.  The
daemon re-processes a module when something it depends on changes *type*; a model's ``lazy=`` or
a helper's body changes none, so each anchor carries a ``facts`` member typed with a digest of
what other modules' findings read from its module, and a module's top level depends on the
anchors of the modules its findings read (see :meth:`Reporter._link`).
Identical errors reported twice on one line (semantic analysis may pass over a module twice) are
shown once by mypy.

Example::

    translate(Finding(code="ORM101", ...))
    # MypyError(line=41, column=36, end_line=41, end_column=51, code=ORM_N_PLUS_ONE,
    #           message="`customer.orders` lazy-loads ... (ORM101)")
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable, Optional

from mypy.errorcodes import ErrorCode
from mypy.nodes import MDEF, Block, ClassDef, Context, MypyFile, PassStmt, SymbolTableNode, Var
from mypy.server.trigger import make_trigger
from mypy.types import LiteralType

from analysis.findings import Finding

from .errorcodes import ORM_N_PLUS_ONE, ORM_QUERY_TYPE, ORM_RAW_SQL, ORM_UNKNOWN_COLUMN
from .project import Project
from .state import project_of, shielded

# ormlens code (or prefix) -> mypy error code; the longest matching prefix wins; None: not reported
CODE_TABLE: dict[str, Optional[ErrorCode]] = {
    "ORM000": None,
    "ORM1": ORM_N_PLUS_ONE,
    "ORM2": ORM_QUERY_TYPE,
    "ORM202": ORM_UNKNOWN_COLUMN,
    "ORM3": ORM_RAW_SQL,
    "ORM4": ORM_RAW_SQL,
}


@dataclass(frozen=True)
class MypyError:
    """One error as mypy takes it: 1-based line, 0-based column (mypy prints column + 1), the
    end (mypy prints ``end_column`` as is: exclusive 0-based = inclusive 1-based)."""

    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    code: ErrorCode

    def context(self) -> Context:
        ctx = Context(line=self.line, column=self.column)
        ctx.end_line = self.end_line
        ctx.end_column = self.end_column
        return ctx


def error_code_of(code: str) -> Optional[ErrorCode]:
    """The mypy error code an ormlens rule code is reported under (None: not reported).

    Example: ``error_code_of("ORM202") is ORM_UNKNOWN_COLUMN``; ``error_code_of("ORM205") is
    ORM_QUERY_TYPE``; ``error_code_of("ORM000") is None``.
    """
    best: Optional[str] = None
    for prefix in CODE_TABLE:
        if code.startswith(prefix) and (best is None or len(prefix) > len(best)):
            best = prefix
    if best is None:
        return ORM_QUERY_TYPE if code.startswith("ORM") else None
    return CODE_TABLE[best]


def translate(finding: Finding) -> Optional[MypyError]:
    """The mypy error of one finding (None for codes mypy reports itself)."""
    code = error_code_of(finding.code)
    if code is None:
        return None
    start, end = finding.range.start, finding.range.end
    message = " ".join(finding.message.split())     # mypy messages are one line
    return MypyError(line=start.line + 1, column=start.column, end_line=end.line + 1,
                     end_column=end.column, message=f"{message} ({finding.code})", code=code)


# ------------------------------------------------------------------------------ reporting
ANCHOR = "__ormlens_findings__"


class Reporter:
    """Anchors the modules mypy parses and reports their findings, for one mypy process."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.trees: dict[str, MypyFile] = {}     # path -> the tree mypy parsed last
        self.fallback_done: set[str] = set()

    def parsed(self, tree: MypyFile) -> None:
        """mypy parsed ``tree``: give it an anchor when ORM rules can find something in it."""
        if not tree.path or tree.is_stub or not self.project.covers(tree.path):
            return
        path = os.path.abspath(tree.path)
        previous = self.trees.get(path)
        self.trees[path] = tree
        if previous is not None and previous is not tree:
            self.project.refresh()      # the daemon again: re-read what changed on disk
        # every module that mentions the ORM gets one (not only those with findings now): its
        # interface stays the same when findings come and go, and the daemon, which keeps
        # modules it does not re-parse, can report findings a change elsewhere brings
        if self.project.worker_mode():
            # whether the module mentions the ORM is the worker's to find out: mypy's process
            # does not read the project in a cold run (non-ORM modules cost the worker little)
            self.project.prefetch(path)
            anchored = bool(tree.defs)
        else:
            anchored = bool(tree.defs) and self.project.mentions_orm(path)
        if anchored and not any(isinstance(d, ClassDef) and d.name == ANCHOR for d in tree.defs):
            tree.defs.append(_anchor_class(tree))

    def errors(self, path: str) -> list[MypyError]:
        """The module's findings as mypy errors (``analysis`` caches them per content)."""
        return [e for e in map(translate, self.project.findings(path)) if e is not None]

    def anchor_fired(self, api: Any, cls: ClassDef) -> None:
        tree = api.modules.get(api.cur_mod_id)
        if tree is None or not tree.path:
            return
        # by path, not by tree: the daemon merges a re-parsed tree into the old tree object
        self._fail_all(api, tree.path)
        self._link(api, cls, os.path.abspath(tree.path))

    def _link(self, api: Any, cls: ClassDef, path: str) -> None:
        """For the daemon, which re-processes only what depends on a changed *type*: the anchor
        gets a member ``facts: Literal["<digest>"]`` that changes with what other modules'
        findings read from this one, and this module's top level depends on the anchors of the
        modules its findings read (models, helpers)."""
        if cls.info is None or cls.info.fullname == "":
            return
        facts = Var("facts", LiteralType(self.project.facts_digest(path),
                                         api.named_type("builtins.str")))
        facts.info = cls.info
        facts._fullname = cls.info.fullname + ".facts"
        cls.info.names["facts"] = SymbolTableNode(MDEF, facts, plugin_generated=True)
        for other in self.project.dependencies(path):
            tree = self.trees.get(other)
            if tree is not None and tree.fullname:
                api.add_plugin_dependency(make_trigger(f"{tree.fullname}.{ANCHOR}.facts"))

    def fallback_fired(self, api: Any) -> None:
        """A class or an assignment of a call in a module without the anchor: mypy's parallel
        mode parses modules again in its workers, without ``get_additional_deps``.  The first
        of these reports the module's findings (each module is processed once there)."""
        tree = api.modules.get(api.cur_mod_id)
        if tree is None or not tree.path or not self.project.covers(tree.path) or \
                any(isinstance(d, ClassDef) and d.name == ANCHOR for d in tree.defs):
            return
        path = os.path.abspath(tree.path)
        if path not in self.fallback_done:
            self.fallback_done.add(path)
            self._fail_all(api, path)

    def _fail_all(self, api: Any, path: str) -> None:
        for error in self.errors(path):
            # serious: reported also from inside a function without annotations
            api.fail(error.message, error.context(), serious=True, code=error.code)


def _anchor_class(tree: MypyFile) -> ClassDef:
    """``class __ormlens_findings__: pass`` on the module's last line."""
    line = max((d.end_line or d.line for d in tree.defs), default=1)
    body = PassStmt()
    body.set_line(line, 0)
    block = Block([body])
    block.set_line(line, 0)
    anchor = ClassDef(ANCHOR, block)
    anchor.set_line(line, 0)
    return anchor


def _reporter(plugin: Any) -> Optional[Reporter]:
    project = project_of(plugin)
    if project is None:
        return None
    reporter = plugin.state.get("findings")
    if reporter is None or reporter.project is not project:
        reporter = plugin.state["findings"] = Reporter(project)
    return reporter


# ------------------------------------------------------------------------------ the hooks
@shielded(fallback=[])
def get_additional_deps(plugin: Any, file: MypyFile) -> list[tuple[int, str, int]]:
    reporter = _reporter(plugin)
    if reporter is not None:
        reporter.parsed(file)
    return []


# the anchor's name, and the run's options: the router asks once per name
FULLNAME_HOOKS = frozenset({"get_customize_class_mro_hook", "get_dynamic_class_hook"})


def _parallel(plugin: Any) -> bool:
    return (getattr(plugin.options, "num_workers", 0) or 0) > 0


def get_customize_class_mro_hook(plugin: Any, fullname: str) -> Optional[Callable[[Any], None]]:
    if fullname.endswith("." + ANCHOR):
        def anchor(ctx: Any) -> None:
            reporter = _reporter(plugin)
            if reporter is not None:
                reporter.anchor_fired(ctx.api, ctx.cls)
        return anchor
    return _fallback(plugin)


def get_dynamic_class_hook(plugin: Any, fullname: str) -> Optional[Callable[[Any], None]]:
    return _fallback(plugin)


def _fallback(plugin: Any) -> Optional[Callable[[Any], None]]:
    if not _parallel(plugin):
        return None

    def fallback(ctx: Any) -> None:
        reporter = _reporter(plugin)
        if reporter is not None:
            reporter.fallback_fired(ctx.api)
    return fallback


__all__ = ["ANCHOR", "CODE_TABLE", "FULLNAME_HOOKS", "MypyError", "Reporter", "error_code_of",
           "translate"]
