"""Calls: statements (``select``, ``session.query``), loader options, the session and result APIs,
builtins that iterate (``list``, ``map``, ``sorted(key=...)``), and calls of project functions.

A call of a function of the project walks its body again with the arguments' abstract values
(memoised per argument shape, at most :data:`MAX_CALL_DEPTH` calls deep): a helper that reads
``user.posts`` reports when a loop passes it the users of a query that did not eager-load them.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple, Optional

import libcst as cst

from analysis.flow.options import (COLUMN_FUNCTIONS, EMPTY, LOADER_FUNCTIONS, NEUTRAL_FUNCTIONS,
                                   merge)
from analysis.flow.values import (UNKNOWN, AttrRef, BoundCall, ClassRef, FunctionRef, Instance,
                                  LazyRef, LoaderOption, Mapping, ModelRef, ObjectOf, Origin, Row,
                                  Seq, Statement, Value, WriteOnly, join_all)
from analysis.flow.expressions import string_value
from analysis.flow.loaders import LoaderOptions

if TYPE_CHECKING:
    from analysis.flow.interpreter import Frame

MAX_CALL_DEPTH = 4

SELECT_FUNCTIONS = {"orm.select", "orm.future.select", "orm.Select"}
DML_FUNCTIONS = {"orm.insert", "orm.update", "orm.delete", "orm.dialects.postgresql.insert",
                 "orm.dialects.sqlite.insert", "orm.dialects.mysql.insert"}
ALIAS_FUNCTIONS = {"orm.aliased", "orm.with_polymorphic"}
# methods that return the same statement with more criteria / modifiers
CHAIN_METHODS = frozenset({
    "where", "filter", "filter_by", "order_by", "join", "outerjoin", "join_from",
    "outerjoin_from", "limit", "offset", "distinct", "group_by", "having", "execution_options",
    "select_from", "correlate", "correlate_except", "with_for_update", "params", "prefix_with",
    "suffix_with", "fetch", "slice", "add_cte", "with_hint", "with_statement_hint",
    "set_label_style", "enable_eagerloads", "autoflush", "populate_existing", "yield_per",
    "reset_joinpoint", "with_parent", "with_session", "enable_assertions", "with_labels",
    "apply_labels", "order_by", "distinct_on", "group_by", "with_transformation", "union",
    "union_all", "intersect", "except_", "limit", "offset", "filter", "execution_options",
})
FILTERING_METHODS = frozenset({"where", "filter", "filter_by", "limit", "offset", "slice",
                               "fetch", "having", "with_parent", "distinct", "group_by"})
ENTITY_METHODS = frozenset({"add_columns", "add_entity", "with_entities", "with_only_columns",
                            "values"})
QUERY_SINGLE = frozenset({"first", "one", "one_or_none", "scalar", "get", "get_or_404",
                          "first_or_404", "one_or_404", "scalar_one", "scalar_one_or_none"})
QUERY_OTHER = frozenset({"count"})
RESULT_SINGLE = frozenset({"first", "one", "one_or_none", "fetchone"})
RESULT_SCALAR = frozenset({"scalar", "scalar_one", "scalar_one_or_none"})
RESULT_SAME = frozenset({"unique", "tuples", "mappings", "yield_per", "columns", "freeze"})
RESULT_ALL = frozenset({"all", "fetchall", "fetchmany"})
ITERATING_BUILTINS = frozenset({"list", "tuple", "set", "frozenset", "sorted", "reversed", "iter"})
CONSUMING_BUILTINS = frozenset({"len", "sum", "any", "all"})
BUILTINS = ITERATING_BUILTINS | CONSUMING_BUILTINS | {"enumerate", "zip", "map", "filter", "min",
                                                     "max", "next", "getattr", "str", "repr",
                                                     "format", "print"}
ITERTOOLS = frozenset({"itertools.islice", "itertools.chain", "itertools.groupby",
                       "itertools.batched", "itertools.takewhile", "itertools.dropwhile"})
_SELECT_TEXT = re.compile(r"^\s*(\(\s*)*(select|with)\b", re.IGNORECASE)


_DICT_MAKERS = frozenset({"dict", "collections.defaultdict", "collections.OrderedDict"})


def _new_dict(func: cst.BaseExpression, qualified: Optional[str], node: cst.Call
              ) -> Optional[Mapping]:
    """``dict()`` / ``defaultdict(list)`` / ``OrderedDict()``: a new, empty dict."""
    name = qualified if qualified in _DICT_MAKERS else \
        func.value if isinstance(func, cst.Name) and func.value == "dict" else None
    if name is None:
        return None
    if name == "collections.defaultdict":
        factory = node.args[0].value if len(node.args) == 1 else None
        kind = factory.value if isinstance(factory, cst.Name) and \
            factory.value in ("list", "set") else None
        return Mapping(UNKNOWN, empty=True, factory=kind) if kind or not node.args else None
    return Mapping(UNKNOWN, empty=True) if not node.args else None


def _may_be_session_query(node: cst.Call, frame: "Frame") -> bool:
    """``x.query(...)`` of no known entity or column: Session.query() of an SQL expression
    (``func.count(...)``, ``table.c.id``) or a call on a session-named receiver.  Else it is some
    other client's query method (a DB-API driver's ``cursor.query(sql)``, a search index's
    ``index.query(author.name)``): Session.query() never takes SQL text nor a row's value."""
    func = node.func
    receiver = func.value if type(func) is cst.Attribute else None
    while type(receiver) is cst.Call:
        receiver = receiver.func
    text = receiver.value if type(receiver) is cst.Name else \
        receiver.attr.value if type(receiver) is cst.Attribute else ""
    positional = [arg.value for arg in node.args if arg.keyword is None]
    if any(_is_text(value) for value in positional):
        return False
    text = text.lower()
    if "session" in text or text == "db" or text.endswith("_db"):  # FastAPI's `db: Session`
        return True
    for arg in node.args:
        if arg.keyword is not None or \
                not isinstance(arg.value, (cst.Call, cst.Attribute, cst.Subscript)):
            continue
        root = arg.value
        while isinstance(root, (cst.Call, cst.Attribute, cst.Subscript)):
            root = root.func if type(root) is cst.Call else root.value
        # an expression over a row's object or a plain container holds values, not SQL
        if type(root) is cst.Name and \
                isinstance(frame.lookup(root.value), (Instance, Row, Seq, Mapping)):
            continue
        return True
    return False


def _parent_key(model: ModelRef, key: cst.BaseExpression, frame: "Frame") -> bool:
    """``session.get(Author, book.author_id)`` for a book reached through ``author.books``: the
    key is the foreign key back to that very author, an object in the identity map (get()
    runs no SQL, whatever the number of books)."""
    if type(key) is not cst.Attribute or type(key.value) is not cst.Name:
        return False
    child = frame.lookup(key.value.value)
    if not isinstance(child, Instance) or child.parent is None or child.via is None or \
            child.via.direction != "ONETOMANY":
        return False
    parent = child.parent.model
    if model.model.qualname not in {m.qualname for m in parent.ancestors()}:
        return False
    tables = {m.tablename for m in parent.ancestors() if m.tablename}
    pks = {f"{m.tablename}.{c.name}" for m in parent.ancestors() if m.tablename
           for c in m.columns.values() if c.primary_key}
    if len(pks) != 1:
        return False
    links = [c for c in child.model.all_columns().values()
             if any(fk.rsplit(".", 1)[0] in tables for fk in c.foreign_keys)]
    column = child.model.all_columns().get(key.attr.value)
    if column is None or column not in links or not any(fk in pks for fk in column.foreign_keys):
        return False
    if len(links) == 1:
        return True
    # several foreign keys to the parent's table: the relationship names the one it follows
    via = child.via
    text = (via.foreign_keys_text or "") + (via.primaryjoin_text or "")
    return re.search(rf"\b{re.escape(column.key)}\b", text) is not None


def _is_text(node: cst.BaseExpression) -> bool:
    """A string literal, f-string, concatenation or ``"..." % x`` / ``"...".format(x)``."""
    if isinstance(node, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString)):
        return True
    if type(node) is cst.BinaryOperation and type(node.operator) in (cst.Modulo, cst.Add):
        return _is_text(node.left)
    return type(node) is cst.Call and type(node.func) is cst.Attribute and \
        node.func.attr.value == "format" and _is_text(node.func.value)


class Arg(NamedTuple):
    value: Value
    node: Optional[cst.CSTNode]
    tainted: bool


class Calls(LoaderOptions):
    """Mixin of :class:`analysis.flow.interpreter.Analyzer`: evaluating calls."""

    # ------------------------------------------------------------------ entry
    def eval_call(self, node: cst.Call, frame: "Frame", awaited: bool = False) -> Value:
        self.tick()
        func = node.func
        head = _head(func)
        if head is not None and frame.lookup(head) is None:
            if isinstance(func, cst.Name) and func.value in BUILTINS and \
                    func.value not in frame.module.imports and \
                    func.value not in frame.module.defs:
                return self.call_builtin(func.value, node, frame)
            qualified = self.view.canonical(frame.module, func)
            if qualified is not None and qualified.startswith("orm."):
                known = self.call_orm(qualified, node, frame)
                if known is not None:
                    return known
            if qualified in ITERTOOLS:
                return self.call_itertools(qualified, node, frame)
            made = _new_dict(func, qualified, node)
            if made is not None:
                return made
        callee = self.eval(func, frame)
        args, kwargs = self.eval_args(node, frame)
        return self.call_value(callee, node, args, kwargs, frame, awaited)

    def eval_args(self, node: cst.Call, frame: "Frame") -> tuple[list[Arg], dict[str, Arg]]:
        args: list[Arg] = []
        kwargs: dict[str, Arg] = {}
        open_ended = False
        for arg in node.args:
            value = self.eval(arg.value, frame)
            tainted = value.per_row or self.mentions_tainted(arg.value, frame)
            if arg.star == "*":
                if isinstance(value, Row) and not open_ended:
                    args.extend(Arg(item, None, tainted) for item in value.items)
                else:
                    open_ended = True
                    args.append(Arg(value, arg.value, tainted))
            elif arg.star == "**":
                continue
            elif arg.keyword is not None:
                kwargs[arg.keyword.value] = Arg(value, arg.value, tainted)
            elif not open_ended:
                args.append(Arg(value, arg.value, tainted))
        return args, kwargs

    def call_value(self, callee: Value, node: cst.Call, args: list[Arg], kwargs: dict[str, Arg],
                   frame: "Frame", awaited: bool = False) -> Value:
        if isinstance(callee, LazyRef):
            # another module's function: parsed only when it can matter here
            if callee.kind == "def" and not callee.orm and not _carries(args, kwargs):
                return UNKNOWN
            callee = self.view.force(callee)
        if isinstance(callee, FunctionRef):
            return self.call_function(callee, args, kwargs, node, frame)
        if isinstance(callee, BoundCall):
            return self.call_method(callee.receiver, callee.name, node, args, kwargs, frame,
                                    awaited)
        if isinstance(callee, ClassRef):
            return ObjectOf(callee)
        return UNKNOWN

    # ------------------------------------------------------------------ orm constructors
    def call_orm(self, name: str, node: cst.Call, frame: "Frame") -> Optional[Value]:
        if name in SELECT_FUNCTIONS:
            return self.make_statement("select", node, node.args, frame)
        if name in LOADER_FUNCTIONS or name in COLUMN_FUNCTIONS or name in NEUTRAL_FUNCTIONS \
                or name == "orm.Load":
            args, kwargs = self.eval_args(node, frame)
            return self.make_option(name, args, kwargs)
        if name in ALIAS_FUNCTIONS:
            args, _ = self.eval_args(node, frame)
            return args[0].value if args and isinstance(args[0].value, ModelRef) else UNKNOWN
        if name == "orm.text":
            self.eval_args(node, frame)
            text = _literal_text(node)
            is_select = text is not None and bool(_SELECT_TEXT.match(text))
            return Statement("text", (), (), node, frame.module, is_dml=not is_select)
        if name in DML_FUNCTIONS:
            self.eval_args(node, frame)
            return Statement("dml", (), (), node, frame.module, is_dml=True)
        return None

    def make_statement(self, kind: str, node: cst.Call, arguments, frame: "Frame") -> Statement:
        entities: list = []
        texts: list = []
        for arg in arguments:
            value = self.eval(arg.value, frame)
            if arg.keyword is not None or arg.star == "**":
                continue
            if arg.star == "*":
                entities.append(None)
                texts.append(None)
                continue
            items = value.items if isinstance(value, Row) and \
                isinstance(arg.value, (cst.List, cst.Tuple)) else (value,)
            for position, item in enumerate(items):
                if isinstance(item, ModelRef):
                    entities.append(item.model)
                    texts.append(arg.value.elements[position].value if len(items) > 1 or
                                 isinstance(arg.value, (cst.List, cst.Tuple)) else arg.value)
                else:
                    entities.append(None)
                    texts.append(None)
        return Statement(kind, tuple(entities), tuple(EMPTY for _ in entities), node,
                         frame.module, tuple(texts), tainted=self.mentions_tainted(node, frame))

    # ------------------------------------------------------------------ methods
    def call_method(self, recv: Value, name: str, node: cst.Call, args: list[Arg],
                    kwargs: dict[str, Arg], frame: "Frame", awaited: bool) -> Value:
        if isinstance(recv, Statement):
            return self.statement_method(recv, name, node, args, kwargs, frame)
        if isinstance(recv, Seq):
            return self.result_method(recv, name, node, args, kwargs, frame)
        if isinstance(recv, Mapping):
            if name in ("get", "pop", "setdefault"):
                varying = frame.loop_depth > 0 and bool(args) and args[0].tainted
                return recv.value.with_per_row(recv.per_row or varying)
            if name == "values":
                return Seq(recv.value, "list", from_rows=recv.from_rows)
            if name == "items":
                return Seq(Row((UNKNOWN, recv.value)), "list", from_rows=recv.from_rows)
            return UNKNOWN
        if isinstance(recv, LoaderOption):
            return self.option_method(recv, name, args, kwargs)
        if isinstance(recv, AttrRef):
            if name in ("of_type", "and_"):
                target = args[0].value if args else UNKNOWN
                of_type = target.model if name == "of_type" and isinstance(target, ModelRef) \
                    else recv.of_type
                return replace(recv, of_type=of_type)
            return UNKNOWN
        if isinstance(recv, WriteOnly):
            if name == "select":
                target = self.project.relationship_target(recv.rel)
                if target is None:
                    return UNKNOWN
                return Statement("select", (target,), (EMPTY,), node, frame.module,
                                 (), dynamic=recv.instance, dynamic_node=recv.node,
                                 tainted=recv.instance.per_row)
            return UNKNOWN
        if isinstance(recv, (Instance, Row, ModelRef, ObjectOf, ClassRef)):
            return UNKNOWN
        return self.session_method(recv, name, node, args, kwargs, frame, awaited)

    def statement_method(self, stmt: Statement, name: str, node: cst.Call, args: list[Arg],
                         kwargs: dict[str, Arg], frame: "Frame") -> Value:
        if name == "options":
            return self.apply_options(stmt, args, node, frame)
        if name in CHAIN_METHODS:
            tainted = stmt.tainted or any(a.tainted for a in args) or \
                any(a.tainted for a in kwargs.values())
            if name in ("limit", "offset", "slice", "fetch"):
                tainted = stmt.tainted
            populate = stmt.populate or name == "populate_existing" or (
                name == "execution_options" and "populate_existing" in kwargs and
                isinstance(kwargs["populate_existing"].node, cst.Name) and
                kwargs["populate_existing"].node.value == "True")
            pinned = stmt.pinned
            if name in ("where", "filter", "filter_by"):
                pinned = pinned | self.pinned_keys(stmt, name, node, kwargs, frame)
            single = stmt.single or (name in ("limit", "fetch") and len(args) == 1 and
                                     isinstance(args[0].node, cst.Integer) and
                                     args[0].node.value in ("0", "1"))
            if not single:
                single = any(_pk_pinned(model, pinned) for model in stmt.entities
                             if model is not None) and len(stmt.entities) == 1
            return replace(stmt, node=node, tainted=tainted, populate=populate,
                           filtered=stmt.filtered or name in FILTERING_METHODS, pinned=pinned,
                           single=single)
        if name in ENTITY_METHODS:
            entities = list(stmt.entities) if name in ("add_columns", "add_entity") else []
            for arg in args:
                entities.append(arg.value.model if isinstance(arg.value, ModelRef) else None)
            opts = tuple(stmt.opts[i] if i < len(stmt.opts) and name in ("add_columns",
                                                                        "add_entity") else EMPTY
                         for i in range(len(entities)))
            return replace(stmt, entities=tuple(entities), opts=opts, node=node)
        if stmt.kind != "query":
            return UNKNOWN
        if name == "all":
            depends = self.record_query(node, name, stmt, frame)
            return Seq(self.result_elem(stmt, False, False, frame), "list",
                       per_row=frame.loop_depth > 0 and depends, from_rows=True,
                       complete=not stmt.filtered, single=stmt.single)
        if name in QUERY_SINGLE:
            depends = self.record_query(node, name, stmt, frame,
                                        depends=any(a.tainted for a in args))
            elem = self.result_elem(stmt, False, False, frame)
            if name.startswith("scalar"):
                elem = _first_item(elem)
            return elem.with_per_row(frame.loop_depth > 0 and depends)
        if name in QUERY_OTHER:
            self.record_query(node, name, stmt, frame)
            return UNKNOWN
        if name == "paginate":
            self.record_query(node, name, stmt, frame)
            return Seq(self.result_elem(stmt, False, False, frame), "pages", from_rows=True)
        return UNKNOWN

    def pinned_keys(self, stmt: Statement, name: str, node: cst.Call,
                    kwargs: dict[str, Arg], frame: "Frame") -> frozenset:
        """``(entity, key)`` pairs the criteria compare with a single value that does not
        change with the rows: ``where(Post.user_id == uid)``, ``filter_by(user_id=uid)``."""
        found: set = set()
        if name == "filter_by":
            entity = next((m for m in reversed(stmt.entities) if m is not None), None)
            if entity is not None:
                for key, arg in kwargs.items():
                    if not arg.tainted and not isinstance(arg.value, AttrRef):
                        found.add((entity.qualname, key))
            return frozenset(found)
        stack = [a.value for a in node.args if a.keyword is None]
        while stack:
            current = stack.pop()
            if type(current) is cst.Call and self.view.canonical(frame.module, current.func) \
                    == "orm.and_":
                stack.extend(a.value for a in current.args)
                continue
            if type(current) is not cst.Comparison or len(current.comparisons) != 1 or \
                    type(current.comparisons[0].operator) is not cst.Equal:
                continue
            sides = (current.left, current.comparisons[0].comparator)
            for this, other in (sides, sides[::-1]):
                if type(this) is not cst.Attribute or self.mentions_tainted(other, frame):
                    continue
                ref = self.eval(this, frame)
                if isinstance(ref, AttrRef) and ref.attribute is not None and \
                        not isinstance(self.eval(other, frame), AttrRef):
                    found.add((ref.model.qualname, ref.key))
        return frozenset(found)

    def result_method(self, seq: Seq, name: str, node: cst.Call, args: list[Arg],
                      kwargs: dict[str, Arg], frame: "Frame") -> Value:
        if seq.kind in ("rows", "scalars"):
            if name == "scalars" and seq.kind == "rows":
                return replace(seq, elem=_first_item(seq.elem), kind="scalars")
            if name in RESULT_SCALAR and seq.kind == "rows":
                return _first_item(seq.elem).with_per_row(seq.per_row)
            if name in RESULT_ALL:
                return replace(seq, kind="list")
            if name in RESULT_SINGLE:
                return seq.elem.with_per_row(seq.per_row)
            if name in RESULT_SAME:
                return seq
            if name == "partitions":
                return Seq(replace(seq, kind="list"), "list", per_row=seq.per_row)
            return UNKNOWN
        if seq.kind == "pages":
            if name in ("next", "prev"):
                return seq
            return UNKNOWN
        if name == "pop":
            return seq.elem.with_per_row(seq.per_row or frame.loop_depth > 0)
        if name == "copy":
            return seq
        if name == "sort" and "key" in kwargs:
            self.apply_per_element(kwargs["key"].value, seq.elem, seq.from_rows, node, frame)
        return UNKNOWN

    # ------------------------------------------------------------------ the session API
    def session_method(self, recv: Value, name: str, node: cst.Call, args: list[Arg],
                       kwargs: dict[str, Arg], frame: "Frame", awaited: bool) -> Value:
        first = args[0].value if args else None
        if name == "exec" and isinstance(first, Statement):
            # SQLModel's Session.exec: scalars for one entity, rows for several
            name = "scalars" if len(first.entities) == 1 else "execute"
        if name in ("scalars", "stream_scalars", "execute", "stream", "scalar", "paginate",
                    "first_or_404", "one_or_404") and isinstance(first, Statement):
            if first.is_dml:
                return UNKNOWN
            depends = self.record_query(node, name, first, frame,
                                        depends=any(a.tainted for a in args[1:]) or
                                        any(a.tainted for a in kwargs.values()))
            if first.kind == "text":
                # rows of a raw SELECT: a loop over them is a loop over rows
                return Seq(UNKNOWN, "rows", per_row=frame.loop_depth > 0 and depends,
                           from_rows=True)
            per_row = frame.loop_depth > 0 and depends
            is_async = awaited or name.startswith("stream")
            if name in ("scalar", "first_or_404", "one_or_404"):
                return self.result_elem(first, True, is_async, frame).with_per_row(per_row)
            complete = not first.filtered
            if name in ("scalars", "stream_scalars"):
                return Seq(self.result_elem(first, True, is_async, frame), "scalars",
                           per_row=per_row, is_async=is_async, complete=complete,
                           single=first.single)
            if name == "paginate":
                return Seq(self.result_elem(first, True, is_async, frame), "pages",
                           per_row=per_row)
            return Seq(self.result_elem(first, False, is_async, frame), "rows", per_row=per_row,
                       is_async=is_async, complete=complete, single=first.single)
        if name in ("get", "get_one", "get_or_404") and isinstance(first, ModelRef):
            return self.session_get(first, node, args, kwargs, frame, awaited)
        if name == "query" and args:
            if any(isinstance(a.value, (ModelRef, AttrRef)) for a in args):
                return self.make_statement("query", node, node.args, frame)
            if not _may_be_session_query(node, frame):
                return UNKNOWN
            return Statement("query", tuple(None for _ in args), tuple(EMPTY for _ in args), node,
                             frame.module, tainted=any(a.tainted for a in args))
        if name in ("refresh", "merge") and args and isinstance(first, Instance) or \
                name == "merge" and args and args[0].tainted:
            # both SELECT the object again (merge unless load=False)
            load = kwargs.get("load")
            if not (name == "merge" and load is not None and isinstance(load.node, cst.Name) and
                    load.node.value == "False"):
                self.record_query(node, name, None, frame, depends=args[0].tainted)
            if name == "refresh":
                self.mark_refreshed(node, first, args, kwargs, frame)
        return UNKNOWN

    def session_get(self, model: ModelRef, node: cst.Call, args: list[Arg],
                    kwargs: dict[str, Arg], frame: "Frame", awaited: bool) -> Value:
        depends = any(a.tainted for a in args[1:]) or any(a.tainted for a in kwargs.values())
        opts = EMPTY
        options = kwargs.get("options")
        if options is not None:
            probe = Statement("select", (model.model,), (EMPTY,), node, frame.module)
            probe = self.apply_options(probe, [options], node, frame)
            opts = probe.opts[0]
        # every row of the entity is loaded and held here: get() finds the object in the
        # identity map without SQL (unless it is asked to reload or lock it)
        in_map = (model.model.qualname in frame.held or
                  len(node.args) > 1 and _parent_key(model, node.args[1].value, frame)) and \
            "populate_existing" not in kwargs and "with_for_update" not in kwargs
        if not in_map:
            self.record_query(node, "get", None, frame, depends=depends)
        origin = Origin(node, frame.module, "get", args[0].node)
        if model.model.qualname in frame.warm:
            opts = merge(opts, frame.warm[model.model.qualname])
        return Instance(model.model, opts, origin, (), per_row=frame.loop_depth > 0 and depends,
                        is_async=awaited)

    def mark_refreshed(self, node: cst.Call, inst: Instance, args: list[Arg],
                       kwargs: dict[str, Arg], frame: "Frame") -> None:
        names = kwargs.get("attribute_names") or (args[1] if len(args) > 1 else None)
        holder = node.args[0].value if node.args else None
        if names is None or not isinstance(holder, cst.Name) or names.node is None:
            return
        keys = [string_value(e.value) for e in getattr(names.node, "elements", ())]
        updated = inst
        for key in keys:
            if key:
                updated = updated.with_loaded(key)
        frame.env[holder.value] = updated

    # ------------------------------------------------------------------ builtins
    def call_builtin(self, name: str, node: cst.Call, frame: "Frame") -> Value:
        args, kwargs = self.eval_args(node, frame)
        if not args:
            return UNKNOWN
        first = args[0]
        if name in ITERATING_BUILTINS:
            elem, rows = self.iterate(first.value, first.node, frame)
            if name == "sorted" and "key" in kwargs:
                self.apply_per_element(kwargs["key"].value, *self.loop_element(
                    first.value, first.node, frame), node, frame)
            return Seq(elem, "list", per_row=first.value.per_row, from_rows=rows,
                       single=getattr(first.value, "single", False))
        if name in CONSUMING_BUILTINS:
            self.iterate(first.value, first.node, frame)
            return UNKNOWN
        if name == "enumerate":
            elem, rows = self.iterate(first.value, first.node, frame)
            return Seq(Row((UNKNOWN, elem)), "list", from_rows=rows)
        if name == "zip":
            pairs = [self.iterate(a.value, a.node, frame) for a in args]
            return Seq(Row(tuple(e for e, _ in pairs)), "list",
                       from_rows=any(r for _, r in pairs))
        if name in ("map", "filter") and len(args) >= 2:
            elem, rows = self.loop_element(args[1].value, args[1].node, frame)
            result = self.apply_per_element(first.value, elem, rows, node, frame)
            return Seq(result.with_per_row(False) if name == "map" else
                       elem.with_per_row(False), "list", from_rows=rows)
        if name in ("min", "max"):
            if len(args) == 1:
                elem, rows = self.loop_element(first.value, first.node, frame)
                if "key" in kwargs:
                    self.apply_per_element(kwargs["key"].value, elem, rows, node, frame)
                return elem.with_per_row(False)
            return UNKNOWN
        if name in ("str", "repr", "format", "print"):
            # the special method the builtin calls on a mapped object may read relationships
            for arg in args if name == "print" else args[:1]:
                if isinstance(arg.value, Instance):
                    self.call_dunder(arg.value, "__repr__" if name == "repr" else "__str__",
                                     node, frame)
            return UNKNOWN
        if name == "next":
            elem, _ = self.iterate(first.value, first.node, frame)
            return elem.with_per_row(first.value.per_row)
        if name == "getattr" and len(args) >= 2 and isinstance(first.value, Instance):
            key = string_value(args[1].node)
            if key is not None:
                return self.read_attribute(first.value, key, node, frame)
        return UNKNOWN

    def call_itertools(self, name: str, node: cst.Call, frame: "Frame") -> Value:
        """``islice``/``chain``/``groupby``/``batched``: the elements of the rows stay rows."""
        args, kwargs = self.eval_args(node, frame)
        if not args:
            return UNKNOWN
        if name == "itertools.chain":
            pairs = [self.iterate(a.value, a.node, frame) for a in args]
            return Seq(join_all([e for e, _ in pairs]), "list",
                       from_rows=all(r for _, r in pairs))
        elem, rows = self.iterate(args[0].value, args[0].node, frame)
        if name == "itertools.groupby":
            if "key" in kwargs or len(args) > 1:
                key = kwargs["key"] if "key" in kwargs else args[1]
                self.apply_per_element(key.value, *self.loop_element(
                    args[0].value, args[0].node, frame), node, frame)
            return Seq(Row((UNKNOWN, Seq(elem, "list", from_rows=rows))), "list",
                       from_rows=rows)
        if name == "itertools.batched":
            return Seq(Seq(elem, "list", from_rows=rows), "list", from_rows=rows)
        return Seq(elem, "list", from_rows=rows)

    def apply_per_element(self, fn: Value, elem: Value, rows: bool, node: cst.Call,
                          frame: "Frame") -> Value:
        """``map(f, rows)``, ``sorted(rows, key=f)``: ``f`` runs once per element."""
        if not isinstance(fn, FunctionRef):
            return UNKNOWN
        frame.loop_depth += 1
        frame.row_loops += rows
        try:
            return self.call_function(fn, [Arg(elem, None, rows)], {}, node, frame)
        finally:
            frame.loop_depth -= 1
            frame.row_loops -= rows

    # ------------------------------------------------------------------ project functions
    def call_function(self, fn: FunctionRef, args: list[Arg], kwargs: dict[str, Arg],
                      node: cst.CSTNode, frame: "Frame") -> Value:
        from analysis.flow.interpreter import Frame

        # one level of recursion is followed: a tree walk reads its children per node
        if frame.depth >= MAX_CALL_DEPTH or self.active.count(fn.node) >= 2:
            return UNKNOWN
        self.tick(3)
        if fn.lambda_node is not None:
            params = fn.lambda_node.params
            kind = "function"
        else:
            params = fn.node.params
            kind = self.view.function_kind(fn)
        positional = list(params.posonly_params) + list(params.params)
        env: dict[str, Value] = {}
        tainted: set[str] = set()
        if fn.bound is not None and kind != "staticmethod" and positional:
            env[positional[0].name.value] = fn.bound
            if fn.bound.per_row:
                tainted.add(positional[0].name.value)
            positional = positional[1:]
        elif fn.cls is not None and fn.bound is None and kind != "staticmethod" and positional:
            positional = positional[1:]
        for param, arg in zip(positional, args):
            env[param.name.value] = arg.value
            if arg.tainted:
                tainted.add(param.name.value)
        names = {p.name.value for p in positional} | {p.name.value for p in params.kwonly_params}
        for key, arg in kwargs.items():
            if key in names:
                env[key] = arg.value
                if arg.tainted:
                    tainted.add(key)
        # arguments the inference knows nothing about cannot make the callee's findings differ
        # from its own module's standalone analysis: walk it silently, once, for its result
        cached = fn.lambda_node is None and self.view.is_cached(fn)
        silent = frame.silent or not (tainted or _carries(args, kwargs) or
                                      isinstance(fn.bound, (Instance, Seq)) or
                                      (frame.row_loops and not cached))
        site = None
        if not silent and fn.module is not self.module:
            site = frame.site if frame.site is not None else node
        key = (id(fn.node), _signature(fn.bound),
               tuple(sorted((k, _signature(v)) for k, v in env.items())), frozenset(tainted),
               frame.loop_depth > 0 and not silent, id(site) if site is not None else None,
               silent, frame.row_loops > 0 and not silent)
        if key in self.memo:
            return self.memo[key]
        self.memo[key] = UNKNOWN
        callee = Frame(fn.module, env, closure=fn.closure, loop_depth=frame.loop_depth,
                       tainted=tainted, site=site, depth=frame.depth + 1, cls=fn.cls,
                       silent=silent)
        callee.row_loops = 0 if silent else frame.row_loops
        self.active.append(fn.node)
        try:
            if fn.lambda_node is not None:
                result = self.eval(fn.lambda_node.body, callee)
            else:
                self.walk_suite(fn.node.body, callee)
                if callee.yields:
                    result = Seq(join_all(callee.yields).with_per_row(False), "list",
                                 from_rows=True)
                else:
                    result = join_all(callee.returns)
        finally:
            self.active.pop()
        self.memo[key] = result
        return result


# ---------------------------------------------------------------------- helpers
def _head(node: cst.CSTNode) -> Optional[str]:
    while isinstance(node, cst.Attribute):
        node = node.value
    return node.value if isinstance(node, cst.Name) else None


def _carries(args: list[Arg], kwargs: dict[str, Arg]) -> bool:
    """Do the arguments hold ORM values (or depend on the rows of a running loop)?"""
    for arg in list(args) + list(kwargs.values()):
        if arg.tainted or isinstance(arg.value, (Instance, Seq, Statement, Row, Mapping,
                                                 LoaderOption)):
            return True
    return False


def _pk_pinned(model, pinned: frozenset) -> bool:
    """Does ``pinned`` compare every primary-key column of ``model`` with one value?"""
    keys = [c.key for c in model.primary_key]
    return bool(keys) and all((model.qualname, k) in pinned for k in keys)


def _first_item(value: Value) -> Value:
    if isinstance(value, Row) and value.items:
        return value.items[0]
    return value


def _literal_text(node: cst.Call) -> Optional[str]:
    if not node.args:
        return None
    value = node.args[0].value
    if isinstance(value, cst.SimpleString):
        return string_value(value)
    if isinstance(value, cst.ConcatenatedString):
        try:
            text = value.evaluated_value
        except Exception:   # noqa: BLE001
            return None
        return text if isinstance(text, str) else None
    return None


def _signature(value: Optional[Value]):
    if value is None:
        return None
    if isinstance(value, Instance):
        return ("I", value.model.qualname, id(value.opts), value.per_row, value.is_async,
                id(value.origin.node) if value.origin else None, len(value.path), value.loaded)
    if isinstance(value, Seq):
        return ("S", value.kind, _signature(value.elem), value.per_row, value.from_rows)
    if isinstance(value, Statement):
        return ("T", value.kind, id(value.node), tuple(id(o) for o in value.opts), value.tainted)
    if isinstance(value, Row):
        return ("R", tuple(_signature(i) for i in value.items))
    if isinstance(value, ModelRef):
        return ("M", value.model.qualname)
    if isinstance(value, (LoaderOption, Mapping)):
        return (type(value).__name__, id(value))
    return type(value).__name__


__all__ = ["Arg", "Calls", "MAX_CALL_DEPTH"]
