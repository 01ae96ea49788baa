"""Expression evaluation: names, attributes (relationship reads), subscripts, comprehensions.

Every expression is evaluated (even when its value is unknown) so that the reads inside it are
seen: ``f"{post.author.name}"`` reads ``post.author``.  Comprehensions and generator expressions
run their element expression once per row, so the objects they bind are ``per_row`` there.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Optional

import libcst as cst

from analysis.flow.events import ColumnRead, QueryRun, RelationshipRead
from analysis.flow.options import EMPTY, child, column_deferred, merge, strategy_for
from analysis.flow.values import (UNKNOWN, AttrRef, Awaitable, BoundCall, ClassRef, FunctionRef,
                                  Instance, LazyRef, Mapping, ModelRef, ModuleRef, ObjectOf, Row,
                                  Seq, Statement, Value, WriteOnly, join, join_all)

if TYPE_CHECKING:
    from analysis.flow.interpreter import Frame
    from analysis.index.model import RelationshipInfo

# calls whose arguments make a query cover a batch of rows, not one row per iteration
BATCH_METHODS = frozenset({"in_", "not_in", "notin_", "offset", "limit", "slice", "paginate",
                           "fetch", "any_", "all_", "tuple_"})
_CONSTANTS = (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString, cst.ConcatenatedString)
_ROW_ATTRS = {"_mapping", "t", "_t", "tuple", "_tuple"}


_ROLES: dict[type, int] = {}


def _subexpressions(node: cst.CSTNode):
    """The direct sub-expressions of common nodes (libcst's ``children`` runs a visitor)."""
    kind = type(node)
    if kind is cst.BinaryOperation:
        return (node.left, node.right)
    if kind is cst.Comparison:
        return (node.left, *(c.comparator for c in node.comparisons))
    if kind is cst.UnaryOperation:
        return (node.expression,)
    if kind is cst.FormattedString:
        return tuple(p.expression for p in node.parts
                     if type(p) is cst.FormattedStringExpression)
    if kind is cst.Arg or kind is cst.Element or kind is cst.StarredElement:
        return (node.value,)
    if kind is cst.StarredDictElement:
        return (node.value,)
    if kind is cst.DictElement:
        return (node.key, node.value)
    if kind is cst.SubscriptElement:
        return (node.slice,)
    if kind is cst.Index:
        return (node.value,)
    if kind is cst.Slice:
        return tuple(p for p in (node.lower, node.upper, node.step) if p is not None)
    if kind is cst.Ellipsis or kind is cst.SimpleString or kind is cst.ConcatenatedString:
        return ()
    return node.children


def _role(kind: type) -> int:
    """1: an expression to evaluate; 2: a container of expressions; 0: anything else (the ABC
    checks of libcst's base classes are slow, so the answer is cached per node type)."""
    if issubclass(kind, cst.BaseExpression):
        return 1
    if issubclass(kind, (cst.Arg, cst.Element, cst.BaseDictElement, cst.ComparisonTarget,
                         cst.BaseFormattedStringContent, cst.SubscriptElement, cst.BaseSlice,
                         cst.FormattedStringExpression)):
        return 2
    return 0


def is_constant(node: Optional[cst.CSTNode]) -> bool:
    if isinstance(node, _CONSTANTS):
        return True
    if isinstance(node, cst.UnaryOperation) and isinstance(node.expression, cst.Integer):
        return True
    return isinstance(node, cst.Name) and node.value in ("None", "True", "False")


def string_value(node: Optional[cst.CSTNode]) -> Optional[str]:
    if isinstance(node, cst.SimpleString):
        try:
            value = node.evaluated_value
        except Exception:   # noqa: BLE001 - odd prefixes: not a plain string
            return None
        return value if isinstance(value, str) else None
    return None


class Expressions:
    """Mixin of :class:`analysis.flow.interpreter.Analyzer`: evaluating expressions."""

    # ------------------------------------------------------------------ dispatch
    def eval(self, node: cst.CSTNode, frame: "Frame") -> Value:
        kind = type(node)
        if kind is cst.Name:
            return self.eval_name(node, frame)
        if kind is cst.Attribute:
            return self.attribute_of(self.eval(node.value, frame), node.attr.value, node, frame)
        if kind is cst.Call:
            return self.eval_call(node, frame)
        if kind in _CONSTANTS:
            return UNKNOWN
        if kind is cst.Await:
            return self.eval_await(node, frame)
        if kind is cst.Subscript:
            return self.eval_subscript(node, frame)
        if kind in (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp):
            return self.eval_comprehension(node, frame)
        if kind is cst.Lambda:
            ref = FunctionRef(node, frame.module, closure=frame,  # type: ignore[arg-type]
                              lambda_node=node)
            self.walk_lambda(ref, frame)
            return ref
        if kind in (cst.List, cst.Tuple, cst.Set):
            return self.eval_sequence(node, frame)
        if kind is cst.Dict:
            values = []
            for element in node.elements:
                if isinstance(element, cst.DictElement):
                    self.eval(element.key, frame)
                    values.append(self.eval(element.value, frame))
                else:
                    self.eval(element.value, frame)
            return Mapping(join_all(values)) if values else Mapping(UNKNOWN, empty=True)
        if kind is cst.BooleanOperation:
            left = self.eval(node.left, frame)
            right = self.eval(node.right, frame)
            if isinstance(node.operator, cst.Or) and _is_empty(node.right):
                return left
            if isinstance(node.operator, cst.And):
                return right
            return join(left, right)
        if kind is cst.IfExp:
            self.eval(node.test, frame)
            body = self.eval(node.body, frame)
            orelse = self.eval(node.orelse, frame)
            if _is_empty(node.orelse):
                return body
            if _is_empty(node.body):
                return orelse
            return join(body, orelse)
        if kind is cst.NamedExpr:
            value = self.eval(node.value, frame)
            self.bind(node.target, value, frame, node.value)
            return value
        if kind is cst.Yield:
            return self.eval_yield(node, frame)
        if kind is cst.FormattedString:
            self.eval_fstring(node, frame)
            return UNKNOWN
        self.eval_children(node, frame)
        return UNKNOWN

    def eval_fstring(self, node: cst.FormattedString, frame: "Frame") -> None:
        """``f"{obj}"`` formats a mapped object with its ``__str__`` (``{obj!r}``: its
        ``__repr__``), which may read relationships: run that method on the object."""
        for part in node.parts:
            if type(part) is not cst.FormattedStringExpression:
                continue
            value = self.eval(part.expression, frame)
            if part.format_spec:
                for spec in part.format_spec:
                    if type(spec) is cst.FormattedStringExpression:
                        self.eval(spec.expression, frame)
            if type(value) is Instance:
                self.call_dunder(value, "__repr__" if part.conversion == "r" else "__str__",
                                 part.expression, frame)

    def call_dunder(self, inst: Instance, name: str, node: cst.CSTNode, frame: "Frame") -> None:
        """A special method the language calls implicitly (``str(obj)``, an f-string)."""
        fn = self.view.find_method(inst.model, name, eager=inst.known)
        if fn is not None:
            self.call_function(replace(fn, bound=inst), [], {}, node, frame)

    def eval_children(self, node: cst.CSTNode, frame: "Frame") -> None:
        for child_node in _subexpressions(node):
            role = _ROLES.get(type(child_node))
            if role is None:
                role = _ROLES[type(child_node)] = _role(type(child_node))
            if role == 1:
                self.eval(child_node, frame)
            elif role == 2:
                self.eval_children(child_node, frame)

    def walk_lambda(self, ref: FunctionRef, frame: "Frame") -> None:
        """A lambda's body, read once where it is written (its parameters unknown): code
        passed to callbacks such as ``session.run_sync(lambda s: ...)`` is seen too."""
        from analysis.flow.interpreter import Frame
        if frame.depth >= 3:
            return
        inner = Frame(frame.module, closure=frame, site=frame.site, depth=frame.depth + 1,
                      silent=frame.silent)
        self.eval(ref.lambda_node.body, inner)

    def eval_sequence(self, node: cst.CSTNode, frame: "Frame") -> Value:
        items: list[Value] = []
        for element in node.elements:
            value = self.eval(element.value, frame)
            if isinstance(element, cst.StarredElement):
                if isinstance(value, Row):
                    items.extend(value.items)
                else:
                    items.append(UNKNOWN)
            else:
                items.append(value)
        return Row(tuple(items))

    def eval_yield(self, node: cst.Yield, frame: "Frame") -> Value:
        if isinstance(node.value, cst.From):
            source = self.eval(node.value.item, frame)
            elem, _ = self.iterate(source, node.value.item, frame)
            frame.yields.append(elem)
        elif node.value is not None:
            frame.yields.append(self.eval(node.value, frame))
        else:
            frame.yields.append(UNKNOWN)
        return UNKNOWN

    # ------------------------------------------------------------------ names
    def eval_name(self, node: cst.Name, frame: "Frame") -> Value:
        found = frame.lookup(node.value)
        if found is not None:
            return found
        if node.value in ("None", "True", "False", "self", "cls"):
            return UNKNOWN
        return self.settle(self.global_value(frame.module, node.value))

    def settle(self, value: Value) -> Value:
        """A value of another module: assigned ORM values are evaluated, others stay lazy."""
        if isinstance(value, LazyRef) and value.kind == "assign":
            if not value.orm:
                return UNKNOWN
            info = self.view.load(value.module)
            return self.global_value(info, value.name) if info is not None else UNKNOWN
        return value

    def global_value(self, info, name: str) -> Value:
        key = (id(info), name)
        cached = self.globals.get(key)
        if cached is not None:
            return cached
        self.globals[key] = UNKNOWN           # a name defined through itself stays unknown
        value, assigned = self.view.resolve_name(info, name)
        if assigned is not None:
            from analysis.flow.interpreter import Frame
            value = self.eval(assigned[1], Frame(info, silent=True, is_module=True))
        self.globals[key] = value
        return value

    # ------------------------------------------------------------------ attributes
    def attribute_of(self, base: Value, name: str, node: cst.CSTNode, frame: "Frame") -> Value:
        if isinstance(base, Instance):
            return self.read_attribute(base, name, node, frame)
        if isinstance(base, ModelRef):
            return self.class_attribute(base, name, node, frame)
        if isinstance(base, Row):
            if name in base.names:
                return base.items[base.names.index(name)]
            if name in _ROW_ATTRS:
                return base
            return BoundCall(base, name, node)
        if isinstance(base, Seq) and base.kind == "pages" and name == "items":
            return replace(base, kind="list")
        if isinstance(base, ModuleRef):
            return self.settle(self.view.module_attribute(base, name))
        if isinstance(base, LazyRef) and base.kind == "class":
            base = self.view.force(base)
        if isinstance(base, Awaitable) and base.key is None:
            return Awaitable(base.instance, name, node)
        if isinstance(base, (ObjectOf, ClassRef)):
            cls = base.cls if isinstance(base, ObjectOf) else base
            fn = self.view.method_of_class(cls.node, cls.module, name, depth=0)
            if fn is not None:
                bound = replace(fn, bound=base)
                if self.view.function_kind(fn) == "property":
                    return self.call_function(bound, [], {}, node, frame)
                return bound
        return BoundCall(base, name, node)

    def class_attribute(self, base: ModelRef, name: str, node: cst.CSTNode,
                        frame: "Frame") -> Value:
        model = base.model
        attribute = model.attribute(name)
        if name == "query" and attribute is None:
            # Flask-SQLAlchemy's Model.query / a scoped_session.query_property()
            entity = node.value if isinstance(node, cst.Attribute) else None
            return Statement("query", (model,), (EMPTY,), node, frame.module, (entity,))
        if attribute is None:
            fn = self.view.find_method(model, name, eager=True)
            if fn is not None:
                return replace(fn, bound=base)
        return AttrRef(model, name, attribute)

    def read_attribute(self, inst: Instance, key: str, node: cst.CSTNode, frame: "Frame",
                       record: bool = True, awaited: bool = False) -> Value:
        """``inst.key``: a relationship read (an event), a column, a property, a method."""
        attribute = inst.model.attribute(key)
        if attribute is not None and attribute.is_relationship:
            return self.read_relationship(inst, attribute, node, frame, record, awaited)
        if attribute is not None:
            if attribute.kind == "hybrid":
                fn = self.view.find_method(inst.model, key, eager=inst.known)
                if fn is not None:
                    return self.call_function(replace(fn, bound=inst), [], {}, node, frame)
                return UNKNOWN
            if record and inst.known and key not in inst.loaded and \
                    column_deferred(inst.opts, attribute):
                where = self.site(node, frame)
                if where is not None:
                    self.record_column(ColumnRead(where, inst, attribute, inst.per_row,
                                                  inst.is_async))
            return UNKNOWN
        if key == "awaitable_attrs":
            return Awaitable(inst)
        fn = self.view.find_method(inst.model, key, eager=inst.known)
        if fn is not None:
            bound = replace(fn, bound=inst)
            if self.view.function_kind(fn) == "property":
                return self.call_function(bound, [], {}, node, frame)
            return bound
        return UNKNOWN

    def read_relationship(self, inst: Instance, rel: "RelationshipInfo", node: cst.CSTNode,
                          frame: "Frame", record: bool, awaited: bool) -> Value:
        strategy = "loaded" if rel.key in inst.loaded else strategy_for(inst.opts, rel)
        read_key = _read_key(node, rel.key) if strategy in ("select", "raise", "raise_on_sql") \
            and not awaited else None
        if read_key is not None:
            if read_key[0] in frame.done_reads:
                strategy = "loaded"
            else:
                frame.done_reads[read_key[0]] = read_key[1]
        if record and inst.known:
            where = self.site(node, frame)
            if where is not None:
                self.record_relationship(RelationshipRead(
                    where, inst, rel, strategy, inst.per_row, inst.is_async,
                    identity_map=_back_to_parent(inst, rel) or
                    self.one_target(inst, rel, frame), awaited=awaited))
        target = self.project.relationship_target(rel)
        if strategy == "write_only":
            return WriteOnly(inst, rel, node)
        if _inverse_of_via(inst, rel):
            # `book.author` for a book reached through `author.books`: the identity map hands
            # back that very author, the same object on every row, whose `books` are loaded
            parent = inst.parent
            return parent.with_loaded(inst.via.key)     # type: ignore[union-attr]
        if target is None:
            return UNKNOWN
        if strategy == "dynamic":
            return Statement("query", (target,), (EMPTY,), node, frame.module, (),
                             dynamic=inst, dynamic_node=node, tainted=inst.per_row)
        related = Instance(target, child(inst.opts, rel.key), inst.origin,
                           inst.path + ((inst.model, rel),), parent=inst, via=rel,
                           is_async=inst.is_async)
        if rel.is_collection:
            return Seq(related, "list", per_row=inst.per_row, from_rows=True,
                       is_async=inst.is_async)
        return related.with_per_row(inst.per_row)

    def one_target(self, inst: Instance, rel: "RelationshipInfo", frame: "Frame") -> bool:
        """A many-to-one that needs no SQL per row: every row of its target is loaded and held
        here, or the query pinned the foreign key (every row points at the same object)."""
        if rel.is_collection:
            return False
        if rel.direction in ("ONETOMANY", "MANYTOMANY"):
            # uselist=False from the side without the foreign key: the lazy loader SELECTs by
            # the other table's foreign key, it cannot look the object up by primary key
            return False
        if rel.target_qualname in frame.held:
            return True
        if not inst.pinned:
            return False
        if rel.key in inst.pinned:
            return True
        target = self.project.relationship_target(rel)
        if target is None:
            return False
        tables = {m.tablename for m in target.ancestors() if m.tablename}
        for column in inst.model.all_columns().values():
            if column.key in inst.pinned and any(fk.rsplit(".", 1)[0] in tables
                                                 for fk in column.foreign_keys):
                return True
        return False

    def assign_relationship(self, inst: Instance, target: cst.Attribute, frame: "Frame") -> None:
        attribute = inst.model.attribute(target.attr.value)
        if attribute is None or not attribute.is_relationship:
            return
        if attribute.is_collection and strategy_for(inst.opts, attribute) in (
                "select", "raise", "raise_on_sql"):
            self.read_relationship(inst, attribute, target, frame, record=True, awaited=False)
            return
        key = _read_key(target, attribute.key)
        if key is not None:
            frame.done_reads[key[0]] = key[1]      # set here: later reads run no SQL

    # ------------------------------------------------------------------ await
    def eval_await(self, node: cst.Await, frame: "Frame") -> Value:
        inner = node.expression
        if isinstance(inner, cst.Call):
            return self.eval_call(inner, frame, awaited=True)
        value = self.eval(inner, frame)
        if isinstance(value, Awaitable) and value.key is not None:
            # `await obj.awaitable_attrs.rel`: loads (once) without a greenlet error
            inst = value.instance
            result = self.read_attribute(inst, value.key, value.node or inner, frame,
                                         record=True, awaited=True)
            holder = inner.value.value if isinstance(inner, cst.Attribute) and \
                isinstance(inner.value, cst.Attribute) else None
            if isinstance(holder, cst.Name) and frame.lookup(holder.value) is inst:
                frame.env[holder.value] = inst.with_loaded(value.key)
            return result
        return value

    # ------------------------------------------------------------------ subscripts
    def eval_subscript(self, node: cst.Subscript, frame: "Frame") -> Value:
        base = self.eval(node.value, frame)
        index: Optional[cst.CSTNode] = None
        is_slice = False
        for element in node.slice:
            if isinstance(element.slice, cst.Index):
                index = element.slice.value
                self.eval(index, frame)
            else:
                is_slice = True
                self.eval_children(element.slice, frame)
        varying = frame.loop_depth > 0 and not is_slice and not is_constant(index)
        if isinstance(base, Seq):
            if is_slice:
                return base
            return base.elem.with_per_row(base.per_row or varying)
        if isinstance(base, Row):
            if isinstance(index, cst.Integer):
                position = int(index.value, 0)
                if 0 <= position < len(base.items):
                    return base.items[position]
            name = string_value(index)
            if name is not None and name in base.names:
                return base.items[base.names.index(name)]
            if isinstance(base, Row) and index is not None:
                model = self.eval(index, frame)
                if isinstance(model, ModelRef) and model.model.name in base.names:
                    return base.items[base.names.index(model.model.name)]
            return UNKNOWN
        if isinstance(base, Mapping):
            return base.value.with_per_row(base.per_row or varying)
        if isinstance(base, Statement) and base.kind == "query":
            self.record_query(node, "getitem", base, frame)
            elem = self.result_elem(base, scalars=False, is_async=False, frame=frame)
            if is_slice:
                return Seq(elem, "list", from_rows=True)
            return elem.with_per_row(varying)
        return UNKNOWN

    # ------------------------------------------------------------------ comprehensions
    def eval_comprehension(self, node: cst.CSTNode, frame: "Frame") -> Value:
        saved_env = frame.env
        saved_taint = frame.tainted
        saved_depth = frame.loop_depth
        saved_rows = frame.row_loops
        frame.env = dict(saved_env)
        frame.tainted = set(saved_taint)
        rows_any = False
        try:
            comp: Optional[cst.CompFor] = node.for_in
            while comp is not None:
                source = self.eval(comp.iter, frame)
                elem, rows = self.loop_element(source, comp.iter, frame)
                rows_any = rows_any or rows
                taint = rows or self.mentions_tainted(comp.iter, frame)
                frame.loop_depth += 1
                frame.row_loops += rows
                self.bind(comp.target, elem, frame)
                from analysis.flow.interpreter import target_names
                if taint:
                    frame.tainted.update(target_names(comp.target))
                for condition in comp.ifs:
                    self.eval(condition.test, frame)
                comp = comp.inner_for_in
            if isinstance(node, cst.DictComp):
                self.eval(node.key, frame)
                value = self.eval(node.value, frame)
                return Mapping(value.with_per_row(False), from_rows=rows_any)
            value = self.eval(node.elt, frame)
            return Seq(value.with_per_row(False), "list", from_rows=rows_any)
        finally:
            frame.env = saved_env
            frame.tainted = saved_taint
            frame.loop_depth = saved_depth
            frame.row_loops = saved_rows

    # ------------------------------------------------------------------ iteration and results
    def loop_element(self, value: Value, node: cst.CSTNode, frame: "Frame") -> tuple[Value, bool]:
        """What a loop over ``value`` binds (``per_row`` unless there is at most one element)
        and whether it runs over query rows."""
        elem, rows = self.iterate(value, node, frame)
        if isinstance(value, (Seq, Statement)) and value.single:
            return elem, False
        if type(value) is Row:
            # a display of values (`for doc in [ticket.brief, ticket.review]`): the loop runs
            # as often as the source spells out, whatever the data; its objects are not rows
            return elem, rows
        return elem.with_per_row(True), rows

    def iterate(self, value: Value, node: cst.CSTNode, frame: "Frame") -> tuple[Value, bool]:
        """``(element, over_rows)``: what a loop over ``value`` binds, and whether those are
        query rows (or built from them)."""
        if isinstance(value, Seq):
            if value.kind == "pages":
                return value.elem, True
            return value.elem, value.from_rows
        if isinstance(value, Statement):
            if value.kind == "query":
                self.record_query(node, "iterate", value, frame)
                return self.result_elem(value, scalars=False, is_async=False, frame=frame), True
            return UNKNOWN, False
        if isinstance(value, Row) and not value.names:
            return join_all(list(value.items)), False
        return UNKNOWN, False

    def result_elem(self, stmt: Statement, scalars: bool, is_async: bool,
                    frame: Optional["Frame"] = None) -> Value:
        """One row of ``stmt``: an object (scalars, or a Query of one entity) or a Row.

        Objects of an entity whose every row this function already loaded with eager options
        (and still holds) come from the identity map with those relationships loaded, unless
        the statement asks for ``populate_existing``.
        """
        items: list[Value] = []
        models = [m for m in stmt.entities if m is not None]
        for position, model in enumerate(stmt.entities):
            if model is None:
                items.append(UNKNOWN)
            else:
                origin = stmt.origin(position)
                if stmt.dynamic is not None:
                    origin = replace(origin, kind="dynamic")
                others = frozenset(m.qualname for m in models if m is not model)
                opts = stmt.opts[position]
                if frame is not None and not stmt.populate and model.qualname in frame.warm:
                    opts = merge(opts, frame.warm[model.qualname])
                pinned = frozenset(key for owner, key in stmt.pinned if owner == model.qualname)
                items.append(Instance(model, opts, origin, (), is_async=is_async,
                                      row_models=others, pinned=pinned))
        if not items:
            return UNKNOWN
        if scalars or (stmt.kind == "query" and len(items) == 1):
            return items[0]
        names = tuple(m.name if m is not None else None for m in stmt.entities)
        return Row(tuple(items), names)

    def record_query(self, node: cst.CSTNode, what: str, stmt: Optional[Statement],
                     frame: "Frame", depends: bool = False) -> bool:
        """Record a statement execution; returns whether it depends on the loop's rows."""
        row_dependent = depends or (stmt is not None and stmt.tainted)
        where = self.site(node, frame)
        if where is not None:
            self.record_query_run(QueryRun(where, what, frame.loop_depth > 0, row_dependent,
                                           stmt, dynamic=stmt is not None and
                                           stmt.dynamic is not None,
                                           in_row_loop=frame.row_loops > 0,
                                           immediate=_immediate(stmt, what)))
        return row_dependent

    # ------------------------------------------------------------------ taint
    def mentions_tainted(self, node: Optional[cst.CSTNode], frame: "Frame") -> bool:
        """Does ``node`` use a value that changes with the rows of a running loop?"""
        if node is None or not frame.tainted:
            return False
        tainted = frame.tainted
        stack: list[cst.CSTNode] = [node]
        while stack:
            current = stack.pop()
            kind = type(current)
            if kind is cst.Name:
                if current.value in tainted:
                    return True
            elif kind is cst.Attribute:
                stack.append(current.value)
            elif kind is cst.Call:
                func = current.func
                if type(func) is cst.Attribute and func.attr.value in BATCH_METHODS:
                    stack.append(func.value)
                    continue
                stack.append(func)
                stack.extend(a.value for a in current.args)
            elif kind is cst.Subscript:
                stack.append(current.value)
                stack.extend(current.slice)
            elif kind in _CONSTANTS:
                continue
            else:
                stack.extend(_subexpressions(current))
        return False


def _read_key(node: cst.CSTNode, key: str) -> Optional[tuple]:
    """``((object text, relationship), names)`` for a read like ``user.posts`` or
    ``rows[i].User.posts``; None when the object expression is not a plain chain."""
    if type(node) is not cst.Attribute:
        return None
    parts: list[str] = []
    names: list[str] = []
    current = node.value
    depth = 0
    while depth < 8:
        depth += 1
        kind = type(current)
        if kind is cst.Name:
            parts.append(current.value)
            names.append(current.value)
            return ((".".join(reversed(parts)), key), frozenset(names))
        if kind is cst.Attribute:
            parts.append(current.attr.value)
            current = current.value
        elif kind is cst.Subscript and len(current.slice) == 1 and \
                type(current.slice[0].slice) is cst.Index:
            index = current.slice[0].slice.value
            if type(index) is cst.Name:
                names.append(index.value)
                parts.append(f"[{index.value}]")
            elif type(index) is cst.Integer:
                parts.append(f"[{index.value}]")
            else:
                return None
            current = current.value
        else:
            return None
    return None


# executions that load at most one row: an immediate load then runs once
_ONE_ROW = frozenset({"first", "one", "one_or_none", "scalar", "scalar_one", "scalar_one_or_none",
                      "get", "get_or_404", "first_or_404", "one_or_404", "count"})


def _immediate(stmt: Optional[Statement], what: str) -> tuple:
    """The relationships ``stmt`` loads with one SELECT per row as its rows load
    (``immediateload(...)`` or ``lazy="immediate"``), as ``"Author.books"``."""
    if stmt is None or stmt.single or what in _ONE_ROW or stmt.kind not in ("select", "query"):
        return ()
    found = []
    for model, opts in zip(stmt.entities, stmt.opts):
        if model is None:
            continue
        for rel in model.all_relationships().values():
            if strategy_for(opts, rel) == "immediate":
                found.append(f"{model.name}.{rel.key}")
    return tuple(found)


def _is_empty(node: cst.CSTNode) -> bool:
    if isinstance(node, cst.Name) and node.value == "None":
        return True
    if isinstance(node, (cst.List, cst.Tuple, cst.Set)) and not node.elements:
        return True
    if isinstance(node, cst.Dict) and not node.elements:
        return True
    return isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and \
        node.func.value in ("list", "tuple", "set", "dict") and not node.args


def _back_to_parent(inst: Instance, rel: "RelationshipInfo") -> bool:
    """A many-to-one whose target is already in the identity map: the object ``inst`` was reached
    from (``user.posts`` -> ``post.author``), or another entity of the same result row."""
    if rel.is_collection or rel.direction in ("ONETOMANY", "MANYTOMANY"):
        # a one-to-one read from the side without the foreign key SELECTs by that key: the
        # identity map cannot answer it (only many-to-one reads are primary-key lookups)
        return False
    if rel.target_qualname is not None and rel.target_qualname in inst.row_models:
        return True
    return _inverse_of_via(inst, rel)


def _inverse_of_via(inst: Instance, rel: "RelationshipInfo") -> bool:
    """``rel`` is the many-to-one back to the object ``inst`` was reached from."""
    if rel.is_collection or rel.direction in ("ONETOMANY", "MANYTOMANY"):
        return False
    if inst.parent is None or inst.via is None:
        return False
    parent = inst.parent.model
    if rel.target_qualname not in {m.qualname for m in parent.ancestors()} and \
            rel.target_qualname != parent.qualname:
        return False
    via = inst.via
    return (via.back_populates == rel.key or rel.back_populates == via.key or
            via.backref == rel.key or rel.backref == via.key)


__all__ = ["BATCH_METHODS", "Expressions", "is_constant", "string_value"]
