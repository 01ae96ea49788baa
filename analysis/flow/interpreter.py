"""The statement walker: frames, assignments, branches, loops, function definitions.

One :class:`Analyzer` runs per checked module.  It walks the module's top-level code, then every
function and method once with unknown parameters ("standalone"), and walks a function again with
the abstract values of the arguments wherever a call passes it something the inference knows (an
object of a query result, a loop variable, a statement ...).  Expressions are evaluated by
:class:`analysis.flow.expressions.Expressions`, calls by :class:`analysis.flow.calls.Calls`.

Control flow is approximated in the usual, cheap way: both branches of an ``if`` are walked and
their bindings joined; a loop body is walked once, in a context that knows it repeats.
"""
from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING, Iterable, Optional

import libcst as cst

from analysis.flow.calls import Calls
from analysis.flow.events import ColumnRead, ModuleFlow, QueryRun, RelationshipRead, Site
from analysis.flow.expressions import Expressions
from analysis.flow.project import ProjectView
from analysis.flow.options import EMPTY, merge
from analysis.flow.values import (UNKNOWN, ClassRef, FunctionRef, Instance, Mapping, ModelRef,
                                  ObjectOf, Row, Seq, Value, join)

if TYPE_CHECKING:
    from analysis.index.model import ProjectIndex
    from analysis.index.parse import ModuleInfo

log = logging.getLogger("ormlens")

MAX_CALL_DEPTH = 4          # interprocedural: how many calls deep arguments are followed
MAX_STEPS = 200_000         # statements + calls walked per module (a safety net, never reached
                            # by ordinary code)


class BudgetExceeded(Exception):
    pass


class Frame:
    """The state of one running function body (or module body, or lambda)."""

    __slots__ = ("module", "env", "closure", "loop_depth", "tainted", "site", "depth", "returns",
                 "yields", "cls", "silent", "is_module", "done_reads", "warm", "held", "row_loops")

    def __init__(self, module: "ModuleInfo", env: Optional[dict] = None,
                 closure: Optional["Frame"] = None, loop_depth: int = 0,
                 tainted: Optional[set] = None, site: Optional[cst.CSTNode] = None,
                 depth: int = 0, cls: Optional[cst.ClassDef] = None, silent: bool = False,
                 is_module: bool = False) -> None:
        self.module = module
        self.env: dict[str, Value] = env if env is not None else {}
        self.closure = closure
        self.loop_depth = loop_depth
        self.tainted: set[str] = tainted if tainted is not None else set()
        self.site = site
        self.depth = depth
        self.returns: list[Value] = []
        self.yields: list[Value] = []
        self.cls = cls
        self.silent = silent
        self.is_module = is_module
        # relationships already read on an object expression (``("user", "posts")``): a second
        # read of a loaded relationship runs no SQL
        self.done_reads: dict[tuple, frozenset] = {}
        # entity qualname -> loader options of every row of it, loaded here and still held
        self.warm: dict[str, object] = {}
        self.held: set[str] = set()      # entities whose every row is loaded and held here
        self.row_loops = 0               # running loops over query rows (any statement run
                                         # inside runs once per row)

    def lookup(self, name: str) -> Optional[Value]:
        frame: Optional[Frame] = self
        while frame is not None:
            found = frame.env.get(name)
            if found is not None:
                return found
            frame = frame.closure
        return None


def merge_envs(primary: dict, other: dict, before: Optional[dict] = None) -> dict:
    """Bindings after two paths; ``before`` (loops): names new in the loop lose ``per_row``."""
    out: dict = {}
    for key in primary.keys() | other.keys():
        a = primary.get(key)
        b = other.get(key)
        if a is None:
            value = b
        elif b is None or a is b:
            value = a
        else:
            value = join(a, b)
        if before is not None and key not in before and value is not None:
            value = value.with_per_row(False)
        out[key] = value
    return out


def forget_reads(frame: Frame, name: str) -> None:
    """``name`` was bound again: reads through it are of another object now."""
    for key in [k for k, names in frame.done_reads.items() if name in names]:
        del frame.done_reads[key]


def _names_in(node: cst.CSTNode) -> list[str]:
    found: list[str] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if type(current) is cst.Name:
            found.append(current.value)
        elif type(current) is cst.Attribute:
            stack.append(current.value)
        else:
            stack.extend(current.children)
    return found


def target_names(node: cst.CSTNode) -> list[str]:
    if isinstance(node, cst.Name):
        return [node.value]
    if isinstance(node, (cst.Tuple, cst.List)):
        out: list[str] = []
        for element in node.elements:
            out.extend(target_names(element.value))
        return out
    if isinstance(node, cst.StarredElement):
        return target_names(node.value)
    return []


class Analyzer(Calls, Expressions):
    """The flow inference of one module (see the module docstring)."""

    def __init__(self, module: "ModuleInfo", project: "ProjectIndex") -> None:
        self.module = module
        self.project = project
        self.view = ProjectView(module, project)
        self.flow = ModuleFlow(module)
        self.steps = 0
        self.globals: dict[tuple, Value] = {}
        self.active: list[cst.CSTNode] = []
        self.memo: dict[tuple, Value] = {}
        self.pending: list[FunctionRef] = []
        self.standalone_done: set[int] = set()
        # a partial module re-checked after an edit (analysis.incremental): only the functions
        # under these top-level statements are walked on their own (the others' findings are
        # kept from the previous check; they are in the tree for their names)
        self.only_under: Optional[set[int]] = getattr(module, "rerun_nodes", None)
        self.top: Optional[cst.CSTNode] = None
        self._seen: set[tuple] = set()

    # ------------------------------------------------------------------ entry point
    def run(self) -> ModuleFlow:
        if self.module.parse_error is not None:
            return self.flow
        try:
            top = Frame(self.module, is_module=True)
            self.walk_statements(self.module.module.body, top)
            while self.pending:
                fn = self.pending.pop(0)
                self.analyse_standalone(fn)
        except BudgetExceeded:
            self.flow.failed = "budget"
            log.info("flow inference of %s stopped: step budget exceeded", self.module.path)
        except RecursionError:
            self.flow.failed = "recursion"
            log.info("flow inference of %s stopped: expressions nested too deep",
                     self.module.path)
        self.flow.stats["steps"] = self.steps
        return self.flow

    def tick(self, amount: int = 1) -> None:
        self.steps += amount
        if self.steps > MAX_STEPS:
            raise BudgetExceeded()

    # ------------------------------------------------------------------ events
    def site(self, node: cst.CSTNode, frame: Frame) -> Optional[Site]:
        if frame.silent:
            return None
        if frame.site is None:
            if frame.module is not self.module:
                return None
            return Site(node, frame.module, node)
        return Site(node, frame.module, frame.site, via_call=True)

    def _once(self, key: tuple) -> bool:
        if key in self._seen:
            return False
        self._seen.add(key)
        return True

    def record_relationship(self, event: RelationshipRead) -> None:
        key = ("rel", id(event.where.node), id(event.where.site), event.strategy, event.per_row,
               event.is_async, event.identity_map, event.awaited,
               id(event.instance.origin.node) if event.instance.origin else None,
               tuple((m.qualname, r.key) for m, r in event.instance.path))
        if self._once(key):
            self.flow.relationship_reads.append(event)

    def record_column(self, event: ColumnRead) -> None:
        key = ("col", id(event.where.node), id(event.where.site), event.per_row, event.is_async)
        if self._once(key):
            self.flow.column_reads.append(event)

    def record_query_run(self, event: QueryRun) -> None:
        key = ("query", id(event.where.node), id(event.where.site), event.in_loop,
               event.row_dependent, event.dynamic, event.in_row_loop)
        if self._once(key):
            self.flow.queries.append(event)

    # ------------------------------------------------------------------ functions
    def self_value(self, fn: FunctionRef) -> Value:
        if fn.cls is None:
            return UNKNOWN
        model = self.project.models.get(f"{fn.module.module_name}.{fn.cls.name.value}")
        kind = self.view.function_kind(fn)
        if model is not None:
            return ModelRef(model) if kind == "classmethod" else Instance(model)
        cls = ClassRef(fn.cls, fn.module)
        return cls if kind == "classmethod" else ObjectOf(cls)

    def analyse_standalone(self, fn: FunctionRef) -> None:
        if id(fn.node) in self.standalone_done:
            return
        self.standalone_done.add(id(fn.node))
        frame = Frame(fn.module, closure=fn.closure, cls=fn.cls)
        params = list(fn.node.params.posonly_params) + list(fn.node.params.params)
        if fn.cls is not None and params and self.view.function_kind(fn) != "staticmethod":
            frame.env[params[0].name.value] = self.self_value(fn)
        self.active.append(fn.node)
        try:
            self.walk_suite(fn.node.body, frame)
        finally:
            self.active.pop()

    def schedule(self, node: cst.FunctionDef, frame: Frame, cls: Optional[cst.ClassDef]) -> None:
        """A ``def``: bound in the enclosing function, analysed standalone later."""
        ref = FunctionRef(node, frame.module, closure=None if frame.is_module else frame, cls=cls)
        if frame.module is self.module and not frame.silent and frame.depth == 0 and \
                (self.only_under is None or id(self.top) in self.only_under):
            self.pending.append(ref)
        if cls is None and not frame.is_module:
            frame.env[node.name.value] = ref

    # ------------------------------------------------------------------ statements
    def walk_suite(self, suite: cst.BaseSuite, frame: Frame) -> None:
        if type(suite) is cst.IndentedBlock:
            self.walk_statements(suite.body, frame)
        elif isinstance(suite, cst.SimpleStatementSuite):
            for small in suite.body:
                self.walk_small(small, frame)

    def walk_statements(self, body: Iterable[cst.CSTNode], frame: Frame) -> None:
        for stmt in body:
            if frame.is_module and frame.module is self.module:
                self.top = stmt
            self.walk_statement(stmt, frame)

    def walk_statement(self, stmt: cst.CSTNode, frame: Frame) -> None:
        self.tick()
        if type(stmt) is cst.SimpleStatementLine:
            for small in stmt.body:
                self.walk_small(small, frame)
        elif type(stmt) is cst.If:
            self.walk_if(stmt, frame)
        elif isinstance(stmt, cst.For):
            self.walk_for(stmt, frame)
        elif isinstance(stmt, cst.While):
            self.walk_while(stmt, frame)
        elif isinstance(stmt, (cst.Try, cst.TryStar)):
            self.walk_try(stmt, frame)
        elif isinstance(stmt, cst.With):
            for item in stmt.items:
                value = self.eval(item.item, frame)
                if item.asname is not None:
                    bound = value if isinstance(value, (Seq, Instance, Row)) else UNKNOWN
                    self.bind(item.asname.name, bound, frame)
            self.walk_suite(stmt.body, frame)
        elif isinstance(stmt, cst.FunctionDef):
            self.schedule(stmt, frame, None)
        elif isinstance(stmt, cst.ClassDef):
            for inner in stmt.body.body if isinstance(stmt.body, cst.IndentedBlock) else ():
                if isinstance(inner, cst.FunctionDef):
                    self.schedule(inner, frame, stmt)
                elif isinstance(inner, cst.ClassDef):
                    self.walk_statement(inner, frame)
        elif isinstance(stmt, cst.Match):
            self.eval(stmt.subject, frame)
            envs = []
            before = dict(frame.env)
            for case in stmt.cases:
                frame.env = dict(before)
                if case.guard is not None:
                    self.eval(case.guard, frame)
                self.walk_suite(case.body, frame)
                envs.append(frame.env)
            frame.env = before
            for env in envs:
                frame.env = merge_envs(frame.env, env)

    def walk_small(self, small: cst.CSTNode, frame: Frame) -> None:
        kind = type(small)
        if kind is cst.Expr:
            if not self.grow_list(small.value, frame):
                self.eval(small.value, frame)
            if _expires_all(small.value) and not self.project.expire_on_commit_configured:
                expire_loaded(frame)
        elif kind is cst.Assign:
            value = self.eval(small.value, frame)
            for target in small.targets:
                self.bind(target.target, value, frame, small.value)
        elif isinstance(small, cst.AnnAssign):
            if small.value is not None:
                value = self.eval(small.value, frame)
                self.bind(small.target, value, frame, small.value)
        elif isinstance(small, cst.AugAssign):
            value = self.eval(small.value, frame)
            if isinstance(small.target, cst.Name):
                old = frame.lookup(small.target.value)
                name = small.target.value
                if isinstance(old, Row) and isinstance(value, Row) and \
                        isinstance(small.operator, cst.AddAssign):
                    frame.env[name] = Row(old.items + value.items)
                elif old is not None and not isinstance(old, (Row,)):
                    frame.env[name] = UNKNOWN
                if frame.loop_depth and self.mentions_tainted(small.value, frame):
                    frame.tainted.add(name)
            else:
                self.eval_target_base(small.target, frame)
        elif isinstance(small, cst.Return):
            value = self.eval(small.value, frame) if small.value is not None else UNKNOWN
            if not _scalar_return(small.value):
                # `return None` / `return query.count()` beside `return query.all()`: the
                # caller iterates or reads attributes only of the other branch's value
                frame.returns.append(value)
        elif isinstance(small, cst.Raise):
            if small.exc is not None:
                self.eval(small.exc, frame)
        elif isinstance(small, cst.Assert):
            self.eval(small.test, frame)
        elif isinstance(small, cst.Del):
            for name in target_names(small.target):
                frame.env.pop(name, None)

    def grow_list(self, node: cst.BaseExpression, frame: Frame) -> bool:
        """``picked.append(obj)`` in a loop over rows: ``picked`` becomes a list of those rows'
        objects, so a later loop over it is a loop over rows (``[]`` then appends is the
        spelled-out comprehension).  False when ``node`` is not such a call (evaluate it)."""
        if type(node) is not cst.Call or type(node.func) is not cst.Attribute or \
                node.func.attr.value not in _GROW:
            return False
        if type(node.func.value) is cst.Subscript:
            return self.grow_grouped(node, frame)
        if type(node.func.value) is not cst.Name or \
                not frame.loop_depth and node.func.attr.value != "extend":
            return False
        name = node.func.value.value
        held = frame.lookup(name)
        if not (type(held) is Row and not held.items and not held.names) and \
                not (type(held) is Seq and held.kind == "list"):
            return False
        values = [self.eval(arg.value, frame) for arg in node.args]
        if not values or any(arg.keyword is not None or arg.star for arg in node.args):
            return True
        item = values[-1]
        if node.func.attr.value == "extend":
            item, rows = self.iterate(item, node.args[-1].value, frame)
            per_row = rows
        else:
            per_row = item.per_row
        if not per_row or not isinstance(item, (Instance, Row)):
            # something else goes in: the elements are unknown (and the list is no longer the
            # empty literal that a join with another list would let that list's rows replace)
            frame.env[name] = Seq(UNKNOWN, "list", from_rows=False)
            return True
        item = item.with_per_row(False)
        if type(held) is Seq:
            item = join(held.elem, item)
        frame.env[name] = Seq(item, "list", from_rows=True)
        return True

    def grow_grouped(self, node: cst.Call, frame: Frame) -> bool:
        """``groups[key].append(obj)`` on a ``defaultdict(list)`` in a loop over rows: its
        values are lists of those rows' objects."""
        subscript = node.func.value          # type: ignore[union-attr]
        base = subscript.value
        if type(base) is not cst.Name or not frame.loop_depth or len(node.args) != 1 or \
                node.func.attr.value not in ("append", "add"):  # type: ignore[union-attr]
            return False
        held = frame.lookup(base.value)
        if type(held) is not Mapping or held.factory is None:
            return False
        for element in subscript.slice:
            if isinstance(element.slice, cst.Index):
                self.eval(element.slice.value, frame)
        item = self.eval(node.args[0].value, frame)
        if not item.per_row or not isinstance(item, (Instance, Row)):
            frame.env[base.value] = Mapping(UNKNOWN, factory=held.factory)
            return True
        elem = item.with_per_row(False)
        if not held.empty and type(held.value) is Seq:
            elem = join(held.value.elem, elem)
        frame.env[base.value] = Mapping(Seq(elem, "list", from_rows=True), from_rows=True,
                                        factory=held.factory)
        return True

    def eval_target_base(self, target: cst.CSTNode, frame: Frame) -> None:
        """``a.b.c = ...`` / ``a[i] = ...``: only the base and the index are read; replacing a
        collection loads the old one first (a lazy load), setting a many-to-one loads nothing."""
        if isinstance(target, cst.Attribute):
            base = self.eval(target.value, frame)
            if isinstance(base, Instance):
                self.assign_relationship(base, target, frame)
        elif isinstance(target, cst.Subscript):
            self.eval(target.value, frame)
            for element in target.slice:
                if isinstance(element.slice, cst.Index):
                    self.eval(element.slice.value, frame)

    def bind(self, target: cst.CSTNode, value: Value, frame: Frame,
             source: Optional[cst.CSTNode] = None) -> None:
        if type(target) is cst.Name:
            frame.env[target.value] = value
            if frame.done_reads:
                forget_reads(frame, target.value)
            if type(value) is Seq and value.complete and type(value.elem) is Instance and \
                    value.elem.known and not value.per_row:
                key = value.elem.model.qualname
                frame.held.add(key)
                frame.warm[key] = merge(frame.warm[key], value.elem.opts) \
                    if key in frame.warm else value.elem.opts
            if frame.loop_depth or frame.tainted:
                if value.per_row or (source is not None and self.mentions_tainted(source, frame)):
                    frame.tainted.add(target.value)
                elif source is not None:
                    frame.tainted.discard(target.value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            elements = list(target.elements)
            starred = [i for i, e in enumerate(elements) if isinstance(e, cst.StarredElement)]
            if isinstance(value, Row) and not starred and len(value.items) == len(elements):
                items: list[Value] = list(value.items)
            else:
                items = [UNKNOWN] * len(elements)
            for element, item in zip(elements, items):
                self.bind(element.value, item, frame, None)
                if source is not None and frame.loop_depth and \
                        self.mentions_tainted(source, frame):
                    frame.tainted.update(target_names(element.value))
        elif isinstance(target, cst.StarredElement):
            self.bind(target.value, UNKNOWN, frame)
        else:
            self.eval_target_base(target, frame)
            self.store_item(target, value, frame)

    def store_item(self, target: cst.CSTNode, value: Value, frame: Frame) -> None:
        """``cache[key] = obj`` in a loop over rows: ``cache`` maps to those rows' objects (a
        later loop over its values is a loop over rows)."""
        if type(target) is not cst.Subscript or type(target.value) is not cst.Name or \
                not frame.loop_depth or not value.per_row or \
                not isinstance(value, (Instance, Row)):
            return
        name = target.value.value
        held = frame.lookup(name)
        if type(held) is not Mapping or held.factory is not None:
            return
        item = value.with_per_row(False)
        if not held.empty:
            item = join(held.value, item)
        frame.env[name] = Mapping(item, from_rows=True)

    def walk_if(self, stmt: cst.If, frame: Frame) -> None:
        self.eval(stmt.test, frame)
        before = dict(frame.env)
        reads_before = dict(frame.done_reads)
        self.walk_suite(stmt.body, frame)
        after_body, reads_body = frame.env, frame.done_reads
        frame.env, frame.done_reads = dict(before), reads_before
        if isinstance(stmt.orelse, cst.If):
            self.walk_if(stmt.orelse, frame)
        elif isinstance(stmt.orelse, cst.Else):
            self.walk_suite(stmt.orelse.body, frame)
        # the fall-through path first: a fix then extends the statement every path uses
        frame.env = merge_envs(frame.env, after_body)
        frame.done_reads = {k: v for k, v in frame.done_reads.items() if k in reads_body}

    def walk_loop_body(self, body: cst.BaseSuite, frame: Frame, before: dict) -> None:
        taint_before = set(frame.tainted)
        frame.loop_depth += 1
        try:
            self.walk_suite(body, frame)
        finally:
            frame.loop_depth -= 1
        frame.env = merge_envs(frame.env, before, before=before)
        if not frame.loop_depth:
            frame.tainted = taint_before

    def walk_for(self, stmt: cst.For, frame: Frame) -> None:
        iterable = self.eval(stmt.iter, frame)
        elem, rows = self.loop_element(iterable, stmt.iter, frame)
        taint = rows or self.mentions_tainted(stmt.iter, frame)
        before = dict(frame.env)
        taint_before = set(frame.tainted)
        frame.loop_depth += 1
        frame.row_loops += rows
        try:
            self.bind(stmt.target, elem, frame)
            names = target_names(stmt.target)
            if taint:
                frame.tainted.update(names)
            else:
                frame.tainted.difference_update(names)
            self.walk_suite(stmt.body, frame)
        finally:
            frame.loop_depth -= 1
            frame.row_loops -= rows
        frame.env = merge_envs(frame.env, before, before=before)
        if not frame.loop_depth:
            frame.tainted = taint_before
        if stmt.orelse is not None:
            self.walk_suite(stmt.orelse.body, frame)

    def walk_while(self, stmt: cst.While, frame: Frame) -> None:
        before = dict(frame.env)
        frame.loop_depth += 1
        try:
            self.eval(stmt.test, frame)
        finally:
            frame.loop_depth -= 1
        # `while queue:` / `while i < len(rows):` over a list of query rows
        rows = any(isinstance(frame.lookup(n), Seq) and frame.lookup(n).from_rows and
                   frame.lookup(n).kind == "list" for n in _names_in(stmt.test))
        frame.row_loops += rows
        try:
            self.walk_loop_body(stmt.body, frame, before)
        finally:
            frame.row_loops -= rows
        if stmt.orelse is not None:
            self.walk_suite(stmt.orelse.body, frame)

    def walk_try(self, stmt: cst.CSTNode, frame: Frame) -> None:
        self.walk_suite(stmt.body, frame)
        after_body = frame.env
        for handler in stmt.handlers:
            frame.env = dict(after_body)
            if handler.type is not None:
                self.eval(handler.type, frame)
            self.walk_suite(handler.body, frame)
            after_body = merge_envs(after_body, frame.env)
        frame.env = after_body
        if stmt.orelse is not None:
            self.walk_suite(stmt.orelse.body, frame)
        if stmt.finalbody is not None:
            self.walk_suite(stmt.finalbody.body, frame)



def _expires_all(node: cst.BaseExpression) -> bool:
    """``session.commit()`` / ``await session.rollback()`` / ``db.session.expire_all()``: with
    the default expire_on_commit every object of the session is expired, so its next attribute
    read, eager-loaded relationships included, runs SQL again."""
    if type(node) is cst.Await:
        node = node.expression
    if type(node) is not cst.Call or node.args or type(node.func) is not cst.Attribute or \
            node.func.attr.value not in ("commit", "rollback", "expire_all"):
        return False
    receiver = node.func.value
    text = receiver.value if type(receiver) is cst.Name else \
        receiver.attr.value if type(receiver) is cst.Attribute else ""
    return "session" in text.lower()


def expire_loaded(frame: Frame) -> None:
    """Every object the function holds is expired: what was loaded must load again (the
    statement's loader options no longer help, so no fix adds one)."""
    for name, value in list(frame.env.items()):
        expired = _expired(value)
        if expired is not value:
            frame.env[name] = expired
    frame.warm.clear()
    frame.held.clear()
    frame.done_reads.clear()


def _expired(value: Value) -> Value:
    if type(value) is Instance:
        if not value.known:
            return value
        origin = replace(value.origin, kind="expired") if value.origin.kind != "expired" \
            else value.origin
        return replace(value, opts=EMPTY, loaded=frozenset(), origin=origin)
    if type(value) is Seq:
        elem = _expired(value.elem)
        return value if elem is value.elem else replace(value, elem=elem)
    if type(value) is Row:
        items = tuple(_expired(i) for i in value.items)
        return value if all(a is b for a, b in zip(items, value.items)) else \
            replace(value, items=items)
    if type(value) is Mapping:
        inner = _expired(value.value)
        return value if inner is value.value else replace(value, value=inner)
    return value


# methods that put elements into a list (or set, deque) held in a name
_GROW = frozenset({"append", "add", "insert", "appendleft", "extend"})


def _scalar_return(node: Optional[cst.BaseExpression]) -> bool:
    """A returned value that is no entity nor collection: nothing, a constant, a count."""
    if node is None or isinstance(node, (cst.Integer, cst.Float, cst.SimpleString)):
        return True
    if isinstance(node, cst.Name):
        return node.value in ("None", "True", "False")
    return isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and \
        node.func.attr.value == "count" and not node.args

__all__ = ["Analyzer", "BudgetExceeded", "Frame", "MAX_CALL_DEPTH", "merge_envs",
           "target_names"]
