"""Statements as the query rules see them: chains of method calls on ``select()``/``Query``.

Not a rule: shared by ORM2xx/ORM3xx.  :class:`StatementReader` turns an expression such as
``select(User.name).join(User.posts).where(Post.title == t)`` -- or a variable that holds one,
extended over a few assignments (``stmt = stmt.where(...)``) -- into a :class:`Statement`, and
:func:`interpret` replays its steps to know its FROM entities, the links between them (joins and
comparisons, as SQLAlchemy's "from linter" counts them), the entity ``filter_by()`` applies to
after each step, the labels it defines, and whether every part was understood.  Anything not
understood makes the picture incomplete, and the rules that need a complete picture stay silent.

Example::

    reader = StatementReader(scan)
    stmt = reader.statement(call, scope)        # Statement(kind="select", ...)
    graph = interpret(scan, stmt)
    graph.ok, [e.label for e in graph.nodes.values()], graph.connected()
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

from analysis.index.model import RelationshipInfo
from analysis.index.names import dotted_name
from analysis.rules.orm2_scan import EntityRef, ModuleScan, Scope

# functions whose arguments are SQL expressions and which add no FROM of their own
TRANSPARENT = frozenset({
    "orm.and_", "orm.or_", "orm.not_", "orm.cast", "orm.case", "orm.literal", "orm.bindparam",
    "orm.null", "orm.true", "orm.false", "orm.desc", "orm.asc", "orm.distinct", "orm.tuple_",
    "orm.extract", "orm.between", "orm.nulls_first", "orm.nulls_last", "orm.nullsfirst",
    "orm.nullslast", "orm.type_coerce", "orm.collate", "orm.label", "orm.over",
    "orm.within_group", "orm.any_", "orm.all_", "orm.funcfilter",
})
# a nested statement used as a value (subquery, EXISTS): its FROMs stay inside it
SUBQUERY_CALLS = frozenset({"orm.exists", "orm.select", "orm.union", "orm.union_all",
                            "orm.except_", "orm.intersect", "orm.lateral"})
# methods that execute and return Python values (rows, instances, scalars)
RESULT_METHODS = frozenset({"first", "one", "one_or_none", "scalar", "get", "all",
                            "scalar_one", "scalar_one_or_none", "fetchone", "fetchall",
                            "get_or_404", "first_or_404", "one_or_404", "count"})
# Python comparison operators that compare (SQLAlchemy's from linter links their sides)
COMPARISON_METHODS = frozenset({
    "in_", "not_in", "notin_", "like", "ilike", "not_like", "notlike", "not_ilike", "notilike",
    "between", "is_", "is_not", "isnot", "contains", "startswith", "endswith", "istartswith",
    "iendswith", "icontains", "is_distinct_from", "is_not_distinct_from", "isnot_distinct_from",
    "match", "regexp_match", "__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__",
})
# methods of a column expression that return another SQL expression
EXPRESSION_METHODS = COMPARISON_METHODS | frozenset({
    "desc", "asc", "label", "nulls_first", "nulls_last", "nullsfirst", "nullslast", "distinct",
    "collate", "concat", "cast", "regexp_replace", "any_", "all_", "bool_op", "astext",
    "as_string", "as_integer", "as_float", "as_boolean", "as_json", "as_numeric",
})
# relationship comparators: EXISTS subqueries correlated to the owner
RELATIONSHIP_SUBQUERIES = frozenset({"any", "has"})
EXECUTE_METHODS = frozenset({"execute", "scalars", "scalar", "stream", "stream_scalars",
                             "paginate"})
QUERY_TERMINALS = frozenset({"all", "first", "one", "one_or_none", "scalar", "count", "get",
                             "first_or_404", "one_or_404", "get_or_404", "paginate", "delete",
                             "update", "exists", "__iter__"})
_SKIP_STEPS = frozenset({
    "options", "limit", "offset", "execution_options", "with_for_update", "params", "all",
    "first", "one", "one_or_none", "scalar", "count", "unique", "yield_per", "enable_eagerloads",
    "prefix_with", "suffix_with", "with_hint", "with_statement_hint", "slice", "fetch",
    "first_or_404", "one_or_404", "paginate", "autoflush", "populate_existing", "set_label_style",
    "apply_labels", "with_labels", "order_by", "group_by", "having", "where", "filter",
    "filter_by", "distinct", "join", "outerjoin", "join_from", "outerjoin_from", "select_from",
    "scalars", "tuples", "mappings", "get", "get_or_404", "reduce_columns",
})


@dataclass
class Step:
    """One method call of a statement chain (``.where(...)``) and the scope it is written in."""

    name: str
    call: cst.Call
    scope: Scope


@dataclass
class Statement:
    """``kind``: ``select`` | ``query`` | ``update`` | ``delete`` | ``insert``.

    ``columns`` are the columns-clause arguments; ``steps`` the calls in order; ``extra`` the
    calls of other assignments that extend the same variable (their order is unknown).
    """

    kind: str
    origin: cst.CSTNode
    scope: Scope
    columns: list[cst.BaseExpression]
    steps: list[Step]
    extra: list[Step] = field(default_factory=list)
    origin_entity: Optional[EntityRef] = None   # User of ``User.query``


def flatten(node: cst.BaseExpression, scan: Optional[ModuleScan] = None,
            scope: Optional[Scope] = None
            ) -> tuple[cst.BaseExpression, list[tuple[str, cst.Call]]]:
    """``a.b(x).c(y)`` -> (``a``, [("b", call1), ("c", call2)]) in call order.

    With a ``scan``, a call of an ORM function through a module (``db.select(...)``,
    ``sa.orm.selectinload(...)``) is the base of the chain, not a method call on ``db``.
    """
    calls: list[tuple[str, cst.Call]] = []
    while isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        if scan is not None and scope is not None:
            name = scan.orm_name(node.func, scope)
            if name is not None and name.startswith("orm."):
                break
        calls.append((node.func.attr.value, node))
        node = node.func.value
    calls.reverse()
    return node, calls


class StatementReader:
    """Reads statements out of expressions (see the module docstring)."""

    def __init__(self, scan: ModuleScan) -> None:
        self.scan = scan

    def statement(self, node: cst.BaseExpression, scope: Scope, depth: int = 0
                  ) -> Optional[Statement]:
        """The statement ``node`` builds, or None.

        ``node`` is a chain on ``select()``/``update()``/... , on ``session.query(...)``, on
        ``Model.query``, or on a variable that holds one of these.
        """
        if depth > 4:
            return None
        base, calls = flatten(node, self.scan, scope)
        if calls and calls[0][0] == "query" and isinstance(base, (cst.Name, cst.Attribute)) \
                and self.scan.entity(base, scope) is None:
            # session.query(User).filter(...): the legacy Query
            query_call = calls[0][1]
            if any(a.star for a in query_call.args):
                return None
            args = [a.value for a in query_call.args if a.keyword is None]
            if not args:
                return None
            return Statement("query", query_call, scope, args,
                             [Step(n, c, scope) for n, c in calls[1:]])
        steps = [Step(name, call, scope) for name, call in calls]
        if isinstance(base, cst.Name):
            return self._through_variable(base, scope, steps, depth)
        origin = self._origin(base, scope)
        if origin is None:
            return None
        origin.steps = steps
        return origin

    def _origin(self, base: cst.BaseExpression, scope: Scope) -> Optional[Statement]:
        scan = self.scan
        if isinstance(base, cst.Call):
            name = scan.orm_name(base.func, scope)
            if name in ("orm.select", "orm.update", "orm.delete", "orm.insert"):
                columns = [a.value for a in base.args if a.keyword is None and a.star == ""]
                if any(a.star for a in base.args):
                    return None
                return Statement(name[4:], base, scope, columns, [])
            if name in ("orm.dialects.postgresql.insert", "orm.dialects.sqlite.insert",
                        "orm.dialects.mysql.insert"):
                columns = [a.value for a in base.args if a.keyword is None]
                return Statement("insert", base, scope, columns, [])
            return None
        if isinstance(base, cst.Attribute) and base.attr.value == "query":
            # Model.query (Flask-SQLAlchemy)
            entity = scan.entity(base.value, scope)
            if entity is not None:
                return Statement("query", base, scope, [base.value], [], origin_entity=entity)
            return None
        return None

    def _through_variable(self, name: cst.Name, scope: Scope, steps: list[Step], depth: int
                          ) -> Optional[Statement]:
        scan = self.scan
        owner, bindings = scan.lookup(name.value, scope)
        if owner is None or not bindings or name.value in owner.declared_global:
            return None
        origins: list[cst.BaseExpression] = []
        extensions: list[list[Step]] = []
        for binding in bindings:
            if binding.kind not in ("assign", "annassign") or binding.value is None:
                return None
            base, calls = flatten(binding.value, scan, owner)
            if isinstance(base, cst.Name) and base.value == name.value:
                extensions.append([Step(n, c, owner) for n, c in calls])
            else:
                origins.append(binding.value)
        if len(origins) != 1:
            return None
        inner = self.statement(origins[0], owner, depth + 1)
        if inner is None:
            return None
        own_ids = {id(s.call) for s in steps}
        for extension in extensions:
            if any(id(s.call) in own_ids for s in extension):
                continue          # the assignment this chain is part of
            inner.extra.extend(extension)
        inner.steps = inner.steps + steps
        return inner


# ------------------------------------------------------------------------------ references
@dataclass
class Refs:
    """What an expression refers to: entities, comparison links between them, labels."""

    entities: list[EntityRef] = field(default_factory=list)
    edges: list[tuple[tuple, tuple]] = field(default_factory=list)
    labels: set[str] = field(default_factory=set)
    ok: bool = True
    why: str = ""
    raw_sql: bool = False        # a text() fragment: links the collector cannot see

    def fail(self, why: str) -> None:
        if self.ok:
            self.ok = False
            self.why = why


def entity_key(entity: EntityRef) -> tuple:
    return (entity.model.qualname, entity.alias)


class RefCollector:
    """Collects the entities an SQL expression refers to (see :class:`Refs`)."""

    def __init__(self, scan: ModuleScan) -> None:
        self.scan = scan
        self._probing: set[int] = set()     # assignments being probed (`x = x.strip()`)

    def collect(self, node: cst.BaseExpression, scope: Scope, value_ok: bool) -> Refs:
        refs = Refs()
        self._visit(node, scope, value_ok, refs, 0)
        return refs

    def _visit(self, node: cst.BaseExpression, scope: Scope, value_ok: bool, refs: Refs,
               depth: int) -> None:
        if not refs.ok:
            return
        if depth > 40:
            refs.fail("nesting")
            return
        scan = self.scan
        d = depth + 1
        if isinstance(node, (cst.Integer, cst.Float, cst.SimpleString, cst.ConcatenatedString,
                             cst.FormattedString, cst.Imaginary)):
            return
        if isinstance(node, cst.Name):
            if node.value in ("True", "False", "None"):
                return
            entity = scan.entity(node, scope)
            if entity is not None:
                refs.entities.append(entity)
                return
            if value_ok and (self._plain_value(node, scope) or self._orm_class(node, scope)):
                return
            refs.fail(f"name {node.value}")
            return
        if isinstance(node, cst.Attribute):
            root = _root(node)
            direct = scan.attribute_ref(node, scope)
            if direct is not None and direct.attribute is None:
                # User.Event (a nested class), a method: not a column of the entity
                refs.fail(f"attribute {scan.code(node)}")
                return
            entity = scan.entity(node.value, scope) if root is not None else None
            if entity is None and root is not None:
                # User.__table__.c.id, Model.attr.comparator...: the root entity
                chain = node.value
                while isinstance(chain, cst.Attribute) and entity is None:
                    entity = scan.entity(chain.value, scope)
                    chain = chain.value
            if entity is not None:
                refs.entities.append(entity)
                return
            if value_ok and root is not None and self._plain_value(root, scope) and \
                    ".c." not in f".{dotted_name(node) or ''}.":
                return
            refs.fail(f"attribute {scan.code(node)}")
            return
        if isinstance(node, cst.Comparison):
            left = self.collect(node.left, scope, True)
            self._merge(refs, left)
            previous = left
            for target in node.comparisons:
                right = self.collect(target.comparator, scope, True)
                self._merge(refs, right)
                self._link(refs, previous, right)
                previous = right
            return
        if isinstance(node, cst.BinaryOperation):
            self._visit(node.left, scope, True, refs, d)
            self._visit(node.right, scope, True, refs, d)
            return
        if isinstance(node, cst.UnaryOperation):
            self._visit(node.expression, scope, True, refs, d)
            return
        if isinstance(node, cst.BooleanOperation):
            self._visit(node.left, scope, value_ok, refs, d)
            self._visit(node.right, scope, value_ok, refs, d)
            return
        if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
            for element in node.elements:
                if isinstance(element, cst.StarredElement):
                    if not value_ok:
                        refs.fail("starred")
                    continue
                self._visit(element.value, scope, True, refs, d)
            return
        if isinstance(node, cst.Subscript):
            self._visit(node.value, scope, False, refs, d)
            return
        if isinstance(node, cst.Call):
            self._call(node, scope, value_ok, refs, d)
            return
        if value_ok and not _mentions_names(node):
            return
        refs.fail(f"expression {type(node).__name__}")

    def _call(self, node: cst.Call, scope: Scope, value_ok: bool, refs: Refs, depth: int) -> None:
        scan = self.scan
        base, calls = flatten(node, scan, scope)
        if isinstance(base, cst.Call) and scan.orm_name(base.func, scope) in SUBQUERY_CALLS:
            return      # a nested statement (subquery, EXISTS): its FROMs stay inside it
        if value_ok and calls and calls[-1][0] in RESULT_METHODS:
            return      # session.get(...), query.first(): a Python value, bound at runtime
        name = scan.orm_name(node.func, scope)
        if name in ("orm.text", "orm.literal_column") and calls == []:
            refs.raw_sql = True      # SQL text adds no FROM (SQLAlchemy does not parse it)
            return
        if value_ok and self._orm_class(node.func, scope) and not _mentions_names_in_args(node):
            return          # String(50), an SQL type as cast()'s argument
        if name is not None and (name in TRANSPARENT or name.startswith("orm.func.")):
            for arg in node.args:
                if arg.keyword is not None and arg.keyword.value in ("type_", "else_"):
                    continue
                if name == "orm.label" and arg is node.args[0]:
                    label = _string(arg.value)
                    if label is not None:
                        refs.labels.add(label)
                    continue
                self._visit(arg.value, scope, True, refs, depth)
            return
        if isinstance(node.func, cst.Attribute):
            method = node.func.attr.value
            receiver = node.func.value
            attr = scan.attribute_ref(receiver, scope)
            if method in RELATIONSHIP_SUBQUERIES and attr is not None and \
                    isinstance(attr.attribute, RelationshipInfo):
                return      # EXISTS correlated to the owner: no FROM of the outer statement
            if method in EXPRESSION_METHODS:
                left = self.collect(receiver, scope, False)
                self._merge(refs, left)
                if method == "label" and node.args:
                    label = _string(node.args[0].value)
                    if label is not None:
                        refs.labels.add(label)
                    return
                right = Refs()
                for arg in node.args:
                    self._visit(arg.value, scope, True, right, depth)
                self._merge(refs, right)
                if method in COMPARISON_METHODS:
                    self._link(refs, left, right)
                return
        if value_ok and name is not None and not name.startswith("orm.") and \
                not _mentions_names_in_args(node):
            return          # a plain Python call such as date.today() or int(x)
        if value_ok and name is None and isinstance(node.func, cst.Attribute) and \
                not _mentions_names_in_args(node) and self._plain_value_expr(node.func, scope):
            return          # "".join(...), value.strip()
        refs.fail(f"call {scan.code(node)}")

    def _plain_value(self, node: cst.BaseExpression, scope: Scope) -> bool:
        """A name that holds a Python value (a bound parameter at runtime), not SQL."""
        if not isinstance(node, cst.Name):
            return False
        owner, bindings = self.scan.lookup(node.value, scope)
        if owner is None:
            return node.value not in self.scan.info.imports or \
                not self.scan.info.imports[node.value].startswith(("orm", "sqlalchemy"))
        for binding in bindings:
            if binding.kind in ("def", "class"):
                return False
            if binding.kind == "import":
                target = binding.target or ""
                if target.startswith(("orm", "sqlalchemy", "flask_sqlalchemy")) or \
                        self.scan.project.resolve_model(target) is not None:
                    return False
            if binding.kind in ("assign", "annassign") and binding.value is not None:
                if id(binding.value) in self._probing:
                    return False        # defined through itself: not known to be plain
                self._probing.add(id(binding.value))
                try:
                    if _mentions_names(binding.value) and not self._value_expression(
                            binding.value, owner):
                        return False
                finally:
                    self._probing.discard(id(binding.value))
        return True

    def _orm_class(self, node: cst.BaseExpression, scope: Scope) -> bool:
        """An ORM class used as a value (``String`` in ``cast(x, String)``), not a mapped one."""
        name = self.scan.orm_name(node, scope)
        if name is None or not name.startswith("orm."):
            return False
        last = name.rsplit(".", 1)[-1]
        return last[:1].isupper() and last not in ("Table", "Select", "TextClause")

    def _value_expression(self, node: cst.BaseExpression, scope: Scope) -> bool:
        """An expression that computes a Python value (no SQL construct inside)."""
        probe = Refs()
        self._visit(node, scope, True, probe, 30)
        return probe.ok and not probe.entities

    def _plain_value_expr(self, node: cst.BaseExpression, scope: Scope) -> bool:
        root = _root(node)
        return root is not None and self._plain_value(root, scope)

    @staticmethod
    def _merge(into: Refs, part: Refs) -> None:
        into.entities.extend(part.entities)
        into.edges.extend(part.edges)
        into.labels |= part.labels
        into.raw_sql = into.raw_sql or part.raw_sql
        if not part.ok:
            into.fail(part.why)

    @staticmethod
    def _link(into: Refs, left: Refs, right: Refs) -> None:
        for a in left.entities:
            for b in right.entities:
                if entity_key(a) != entity_key(b):
                    into.edges.append((entity_key(a), entity_key(b)))


def _root(node: cst.BaseExpression) -> Optional[cst.Name]:
    while isinstance(node, cst.Attribute):
        node = node.value
    return node if isinstance(node, cst.Name) else None


def _string(node: cst.BaseExpression) -> Optional[str]:
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _mentions_names(node: cst.CSTNode) -> bool:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Name) and current.value not in ("True", "False", "None"):
            return True
        stack.extend(current.children)
    return False


def _mentions_names_in_args(call: cst.Call) -> bool:
    return any(_mentions_names(arg.value) for arg in call.args)


# ------------------------------------------------------------------------------ interpretation
@dataclass
class JoinCheck:
    """A ``.join(Target)`` without ON clause and the FROM entities before it."""

    step: Step
    target: EntityRef
    candidates: list[EntityRef]


@dataclass
class FromGraph:
    """The FROM entities of a statement and what links them (see :func:`interpret`)."""

    nodes: dict[tuple, EntityRef] = field(default_factory=dict)
    edges: set[frozenset] = field(default_factory=set)
    labels: set[str] = field(default_factory=set)
    ok: bool = True
    why: str = ""
    joins: list[JoinCheck] = field(default_factory=list)
    filter_by_entity: dict[int, Optional[EntityRef]] = field(default_factory=dict)
    ok_at: dict[int, bool] = field(default_factory=dict)   # id(step call) -> complete so far
    first_entity: Optional[EntityRef] = None
    raw_sql: bool = False        # text() fragments: links nobody can see statically

    def add(self, entity: EntityRef) -> None:
        self.nodes.setdefault(entity_key(entity), entity)

    def link(self, a: tuple, b: tuple) -> None:
        if a != b:
            self.edges.add(frozenset((a, b)))

    def fail(self, why: str) -> None:
        if self.ok:
            self.ok = False
            self.why = why

    def components(self) -> list[list[EntityRef]]:
        """The groups of FROM entities linked together (one group: no cartesian product)."""
        parent = {k: k for k in self.nodes}

        def find(k: tuple) -> tuple:
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        for edge in self.edges:
            a, b = tuple(edge)
            if a in parent and b in parent:
                parent[find(a)] = find(b)
        groups: dict[tuple, list[EntityRef]] = {}
        for key, entity in self.nodes.items():
            groups.setdefault(find(key), []).append(entity)
        return list(groups.values())


def interpret(scan: ModuleScan, stmt: Statement) -> FromGraph:
    """Replay ``stmt``: FROM entities, links, joins to check, filter_by targets, labels."""
    graph = FromGraph()
    collector = RefCollector(scan)
    if stmt.kind not in ("select", "query"):
        graph.fail(f"{stmt.kind} statement")
        return graph
    for index, column in enumerate(stmt.columns):
        refs = collector.collect(column, stmt.scope, False)
        _absorb(graph, refs)
        if index == 0:
            entity = scan.entity(column, stmt.scope)
            attr = scan.attribute_ref(column, stmt.scope)
            if entity is None and attr is not None and attr.attribute is not None:
                entity = attr.entity        # select(User.name): filter_by applies to User
            graph.first_entity = entity
    select_from: Optional[EntityRef] = None
    joined: Optional[EntityRef] = None
    join_point_known = True
    # extensions of the same variable in other assignments: their order is unknown
    for step in stmt.extra:
        if step.name in ("join", "outerjoin", "join_from", "outerjoin_from", "select_from",
                         "with_only_columns", "add_columns", "add_entity"):
            join_point_known = False
        _apply(scan, collector, graph, step, check_joins=False)
    for step in stmt.steps:
        graph.ok_at[id(step.call)] = graph.ok
        if step.name == "filter_by":
            target = joined or select_from or graph.first_entity
            graph.filter_by_entity[id(step.call)] = target if join_point_known else None
        result = _apply(scan, collector, graph, step, check_joins=True)
        if step.name in ("join", "outerjoin", "join_from", "outerjoin_from"):
            joined = result
            if result is None:
                join_point_known = False
        elif step.name == "select_from":
            if select_from is None and joined is None:
                select_from = result
                if result is None:
                    join_point_known = False
        elif step.name in ("with_only_columns", "add_columns", "add_entity"):
            join_point_known = False
    return graph


def statement_graph(scan: ModuleScan, node: cst.BaseExpression, scope: Scope
                    ) -> tuple[Optional[Statement], Optional[FromGraph]]:
    """The statement ``node`` builds and its interpretation, memoised on the scan."""
    memo = scan.memo.setdefault("statement_graph", {})
    key = id(node)
    if key not in memo:
        stmt = StatementReader(scan).statement(node, scope)
        memo[key] = (stmt, interpret(scan, stmt) if stmt is not None else None)
    return memo[key]


def final_graph(scan: ModuleScan, call: cst.Call, scope: Scope) -> Optional[FromGraph]:
    """The interpretation of the whole statement ``call`` belongs to (later steps included)."""
    outer: cst.CSTNode = call
    while True:
        parent = scan.parent(outer)
        if isinstance(parent, cst.Attribute) and parent.value is outer:
            grand = scan.parent(parent)
            if isinstance(grand, cst.Call) and grand.func is parent:
                outer = grand
                continue
        break
    parent = scan.parent(outer)
    if isinstance(parent, cst.Assign) and len(parent.targets) == 1 and \
            isinstance(parent.targets[0].target, cst.Name):
        # stmt = select(...).order_by("x"); later stmt = stmt.join(...) counts too
        name = parent.targets[0].target
        stmt = StatementReader(scan).statement(cst.Name(name.value), scope)
        return interpret(scan, stmt) if stmt is not None else None
    _, graph = statement_graph(scan, outer, scope)      # type: ignore[arg-type]
    return graph


def _absorb(graph: FromGraph, refs: Refs) -> None:
    for entity in refs.entities:
        graph.add(entity)
    for a, b in refs.edges:
        graph.link(a, b)
    graph.labels |= refs.labels
    graph.raw_sql = graph.raw_sql or refs.raw_sql
    if not refs.ok:
        graph.fail(refs.why)


def _apply(scan: ModuleScan, collector: RefCollector, graph: FromGraph, step: Step,
           check_joins: bool) -> Optional[EntityRef]:
    """Apply one step to the graph; returns the entity a join/select_from step targets."""
    name, call, scope = step.name, step.call, step.scope
    args = [a for a in call.args]
    positional = [a.value for a in args if a.keyword is None and not a.star]
    if any(a.star for a in args) and name not in ("options",):
        graph.fail(f"*args in {name}")
        return None
    if name in ("where", "filter", "having", "order_by", "group_by", "distinct"):
        for value in positional:
            if name in ("order_by", "group_by") and _string(value) is not None:
                continue            # label references: checked by ORM202
            refs = collector.collect(value, scope, False)
            _absorb(graph, refs)
        return None
    if name == "filter_by":
        return None
    if name in ("add_columns", "add_entity", "with_only_columns"):
        for value in positional:
            _absorb(graph, collector.collect(value, scope, False))
        return None
    if name == "select_from":
        first: Optional[EntityRef] = None
        for value in positional:
            entity = scan.entity(value, scope)
            if entity is None:
                graph.fail("select_from of a non-entity")
                return None
            graph.add(entity)
            first = first or entity
        return first
    if name in ("join", "outerjoin"):
        return _join(scan, collector, graph, step, positional, check_joins)
    if name in ("join_from", "outerjoin_from"):
        if len(positional) < 2:
            graph.fail("join_from arguments")
            return None
        left = scan.entity(positional[0], scope)
        right = scan.entity(positional[1], scope)
        if left is None or right is None:
            graph.fail("join_from of a non-entity")
            return None
        graph.add(left)
        graph.add(right)
        graph.link(entity_key(left), entity_key(right))
        if len(positional) > 2:
            _absorb(graph, collector.collect(positional[2], scope, False))
        elif check_joins and graph.ok:
            graph.joins.append(JoinCheck(step, right, [left]))
        return right
    if name in _SKIP_STEPS:
        return None
    graph.fail(f"step {name}")
    return None


def _join(scan: ModuleScan, collector: RefCollector, graph: FromGraph, step: Step,
          positional: list[cst.BaseExpression], check_joins: bool) -> Optional[EntityRef]:
    scope = step.scope
    if not positional:
        graph.fail("join without target")
        return None
    target_node = positional[0]
    onclause = positional[1] if len(positional) > 1 else None
    for arg in step.call.args:
        if arg.keyword is not None and arg.keyword.value == "onclause":
            onclause = arg.value
    attr = scan.attribute_ref(target_node, scope)
    before = list(graph.nodes.values())
    if attr is not None and isinstance(attr.attribute, RelationshipInfo):
        target_model = scan.project.relationship_target(attr.attribute)
        if target_model is None:
            graph.fail("relationship target unknown")
            return None
        target = EntityRef(target_model)
        if onclause is not None:
            # join(User.posts.of_type(...)) etc. are not followed; an alias target is
            alias = scan.entity(onclause, scope)
            if alias is not None:
                target = alias
        graph.add(target)
        graph.link(entity_key(attr.entity), entity_key(target))
        graph.add(attr.entity)
        return target
    entity = scan.entity(target_node, scope)
    if entity is None:
        graph.fail("join to a non-entity")
        return None
    if onclause is not None:
        inner = scan.attribute_ref(onclause, scope)
        if inner is not None and isinstance(inner.attribute, RelationshipInfo):
            graph.add(inner.entity)
            graph.add(entity)
            graph.link(entity_key(inner.entity), entity_key(entity))
            return entity
        refs = collector.collect(onclause, scope, False)
        _absorb(graph, refs)
        graph.add(entity)
        # the ON clause links the target to what it mentions (and the join to its left side)
        for other in before:
            graph.link(entity_key(other), entity_key(entity))
        return entity
    if check_joins and graph.ok:
        graph.joins.append(JoinCheck(step, entity, before))
    graph.add(entity)
    for other in before:
        graph.link(entity_key(other), entity_key(entity))
    return entity


__all__ = ["EXECUTE_METHODS", "FromGraph", "JoinCheck", "QUERY_TERMINALS", "RefCollector",
           "Refs", "Statement", "StatementReader", "Step", "entity_key", "flatten", "interpret",
           "final_graph", "statement_graph"]
