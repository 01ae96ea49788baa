"""The interpreter: a statement expression's ``ast`` evaluated against the shadow model.

Only what :mod:`analysis.reconstruct.api` whitelists is called, on real ``orm`` objects of the
shadow model, so the statement is the one the runtime would build.  Names are followed through
the function's assignments (:mod:`analysis.reconstruct.scope`) and the module's imports (any of
``orm``, ``sqlalchemy``, ``sqlalchemy.orm``, Flask-SQLAlchemy's ``db``); a value only known at run
time becomes a bound parameter named after its source, in value positions only.  Anything else
raises :class:`~analysis.reconstruct.values.Unsupported` (the caller shows no preview).

Example::

    interp = Interpreter(context, tree)
    stmt = interp.evaluate(call_node)        # an orm Select, Insert, ... or LegacyQuery
    interp.dynamic                           # {"user_id": DynamicValue("user_id")}
"""
from __future__ import annotations

import ast
import operator
from dataclasses import dataclass
from typing import Any, Optional

import orm

from analysis.index.model import ProjectIndex
from analysis.index.names import FLASK_CLASSES, canonical, flask_attribute, resolve_dotted
from analysis.reconstruct import api
from analysis.reconstruct.api import EXPANDING, MARKER, STRICT, VALUE, Spec
from analysis.reconstruct.legacy import SPECS as QUERY_SPECS
from analysis.reconstruct.legacy import LegacyQuery, get_statement
from analysis.reconstruct.operands import (BUILTINS, BoundMethod, Builtin, OpFunction,
                                           column_collection_type, fold, func_generator_type,
                                           inspect_entity, is_plain, is_sql, is_statement,
                                           is_table, looks_like_session, markers)
from analysis.reconstruct.scope import lookup
from analysis.reconstruct.source import SourceTree
from analysis.reconstruct.values import (ApiName, Dynamic, DynamicValue, ModuleRef, Receiver,
                                         RuntimeRefusal, Unsupported, UsesStatement, bind_name)
from analysis.shadow import ShadowModel

MAX_DEPTH = 60          # nested evaluations (assignments followed, sub-expressions)
MAX_STEPS = 4000        # nodes evaluated per statement
_BUILTIN_CONSTANTS = {"True": True, "False": False, "None": None}
_COMPARE = {ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt,
            ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge}
_SWAPPED = {ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.gt,
            ast.LtE: operator.ge, ast.Gt: operator.lt, ast.GtE: operator.le}
_BINARY = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "truediv",
           ast.FloorDiv: "floordiv", ast.Mod: "mod", ast.BitAnd: "and_", ast.BitOr: "or_",
           ast.BitXor: "xor", ast.LShift: "lshift", ast.RShift: "rshift"}
_STDLIB_VALUES = {"datetime.date", "datetime.datetime", "datetime.time", "datetime.timedelta",
                  "decimal.Decimal", "uuid.UUID"}


@dataclass
class ModuleContext:
    """What the interpreter needs about the module the expression is in."""

    module_name: str
    imports: dict[str, str]
    defs: set[str]
    project: ProjectIndex
    shadow: ShadowModel
    is_package: bool = False
    star_imports: tuple[str, ...] = ()      # modules of `from X import *`


class Interpreter:
    """Evaluates expressions of one module (see the module docstring)."""

    def __init__(self, context: ModuleContext, tree: SourceTree,
                 reserved: frozenset[str] = frozenset()) -> None:
        self.context = context
        self.reserved = reserved      # bind names the statement itself uses (DML values)
        self.tree = tree
        self.shadow = context.shadow
        self.project = context.project
        self.binds: dict[tuple[str, bool], Any] = {}     # (source, expanding) -> BindParameter
        self.dynamic: dict[str, DynamicValue] = {}       # bind name -> its stand-in value
        self.notes: list[str] = []
        self.entities_used: list[Any] = []
        self._depth = 0
        self._steps = 0
        self._following: set[int] = set()
        self._memo: dict[int, tuple[bool, Any]] = {}

    # ------------------------------------------------------------------------- entry
    def evaluate(self, node: ast.AST) -> Any:
        """The value of expression ``node`` (raises Unsupported); memoised per node."""
        memo = self._memo.get(id(node))
        if memo is not None:
            if memo[0]:
                return memo[1]
            raise memo[1]
        try:
            value = self._evaluate(node)
        except Unsupported as exc:
            self._memo[id(node)] = (False, exc)
            raise
        except Exception as exc:   # orm refused the construct (ArgumentError, TypeError, ...)
            failure = RuntimeRefusal(f"{type(exc).__name__}: {exc}")
            self._memo[id(node)] = (False, failure)
            raise failure from exc
        self._memo[id(node)] = (True, value)
        return value

    def _evaluate(self, node: ast.AST) -> Any:
        self._steps += 1
        if self._steps > MAX_STEPS:
            raise Unsupported("expression too large")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise Unsupported("expression nested too deeply")
            method = getattr(self, "_" + type(node).__name__, None)
            if method is None:
                raise Unsupported(f"{type(node).__name__} expressions are not interpreted")
            return method(node)
        finally:
            self._depth -= 1

    # ------------------------------------------------------------------------- literals
    def _Constant(self, node: ast.Constant) -> Any:
        if node.value is Ellipsis:
            raise Unsupported("...")
        return node.value

    def _JoinedStr(self, node: ast.JoinedStr) -> Any:
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                return Dynamic(self.tree.segment(node), bind_name(self.tree.segment(part.value)))
        return "".join(p.value for p in node.values if isinstance(p, ast.Constant))

    def _List(self, node: ast.List) -> Any:
        return [self.evaluate(e) for e in self._elements(node.elts)]

    def _Tuple(self, node: ast.Tuple) -> Any:
        return tuple(self.evaluate(e) for e in self._elements(node.elts))

    def _Set(self, node: ast.Set) -> Any:
        items = [self.evaluate(e) for e in self._elements(node.elts)]
        try:
            return set(items)
        except TypeError as exc:
            raise Unsupported("unhashable set item") from exc

    def _Dict(self, node: ast.Dict) -> Any:
        out = {}
        for key, value in zip(node.keys, node.values):
            if key is None:
                raise Unsupported("** in a dict display")
            k = self.evaluate(key)
            if isinstance(k, Dynamic):
                raise Unsupported("dynamic dict key")
            try:
                out[k] = self.evaluate(value)
            except TypeError as exc:
                raise Unsupported("unhashable key") from exc
        return out

    def _elements(self, elts: list) -> list:
        if any(isinstance(e, ast.Starred) for e in elts):
            raise Unsupported("starred element")
        return elts

    def _NamedExpr(self, node: ast.NamedExpr) -> Any:
        return self.evaluate(node.value)

    # ------------------------------------------------------------------------- names
    def _Name(self, node: ast.Name) -> Any:
        name = node.id
        resolution = lookup(self.tree, node, name, self.context.module_name,
                            self.context.is_package)
        if resolution.comprehension:
            return self._dynamic(node)
        binding = resolution.binding
        if binding is None:
            return self._free_name(name, node)
        module_scope = isinstance(resolution.scope.node, ast.Module) if resolution.scope else False
        if binding.kind in ("import", "def") and module_scope:
            return self._free_name(name, node)
        if module_scope and binding.kind == "assign":
            # a module-level Table(...) or SQLAlchemy() object the index knows by its name
            known = self._classify(f"{self.context.module_name}.{name}")
            if isinstance(known, ModuleRef) or is_table(known):
                return known
        if binding.kind == "param" or binding.kind == "target":
            return self._dynamic(node)
        if binding.kind == "import":
            return self._classify(canonical(binding.target or name)) or self._dynamic(node)
        if binding.kind != "assign" or binding.value is None:
            raise Unsupported(f"{name} is bound by {binding.kind}")
        refinement = any(isinstance(n, ast.Name) and n.id == name
                         for n in ast.walk(binding.value))
        if resolution.in_loop or (resolution.conditional and not refinement):
            # which value it holds depends on the run: a run-time value (refused where the
            # SQL's shape depends on it, a named parameter where a value goes)
            return self._dynamic(node)
        if resolution.conditional:
            line = binding.start[0]
            note = f"includes the conditional refinement of {name} on line {line}"
            if note not in self.notes:
                self.notes.append(note)
        key = id(binding.value)
        if key in self._following:
            raise Unsupported(f"{name} refers to itself")
        self._following.add(key)
        try:
            value = self.evaluate(binding.value)
        finally:
            self._following.discard(key)
        if isinstance(value, Dynamic):
            return self._dynamic(node)      # named after the variable, not its expression
        return value

    def _free_name(self, name: str, node: ast.AST) -> Any:
        if name in _BUILTIN_CONSTANTS:
            return _BUILTIN_CONSTANTS[name]
        ctx = self.context
        if name in BUILTINS and name not in ctx.imports and name not in ctx.defs:
            return Builtin(name)
        if name not in ctx.imports and name not in ctx.defs:
            for star in ctx.star_imports:
                # `from sqlalchemy import *`: the ORM names it exports
                dotted = canonical(f"{star}.{name}")
                if dotted.startswith("orm.") and (api.function(dotted) or api.value(dotted) or
                                                  api.sql_type(dotted)):
                    return self._classify(dotted)
            return self._dynamic(node)
        dotted = resolve_dotted(name, ctx.module_name, ctx.imports, ctx.defs,
                                self.project.flask_dbs, self.project.resolve_symbol)
        found = self._classify(dotted)
        if found is not None:
            return found
        if name in ctx.defs:
            # a module-level value of this module that the scope did not see (e.g. a function)
            raise Unsupported(f"{name} is not a value the preview can read")
        return self._dynamic(node)

    def _classify(self, dotted: str) -> Any:
        """What a fully qualified, canonical name stands for (None: nothing the ORM knows)."""
        if dotted == "orm" or dotted.startswith("orm."):
            real = api.value(dotted)
            if real is None:
                real = api.sql_type(dotted)
            return real if real is not None else ApiName(dotted)
        project = self.project
        if dotted in project.models:
            cls = self.shadow.class_for(dotted)
            if cls is None:
                raise Unsupported(f"model {dotted} could not be rebuilt")
            return cls
        table = self.shadow.table_variables.get(dotted)
        if table is not None and table in self.shadow.tables:
            return self.shadow.tables[table]
        if dotted in FLASK_CLASSES:
            raise Unsupported("the SQLAlchemy() class")
        if dotted in project.flask_dbs:
            return ModuleRef(dotted)
        if dotted.startswith("flask_sqlalchemy."):
            # db.session, db.paginate, ...: things statements are run with
            return Receiver(dotted)
        if dotted in project.module_imports or any(
                m.startswith(dotted + ".") for m in project.module_imports):
            return ModuleRef(dotted)
        return None

    def _dynamic(self, node: ast.AST) -> Dynamic:
        source = self.tree.segment(node)
        return Dynamic(source, bind_name(source))

    # ------------------------------------------------------------------------- attributes
    def _Attribute(self, node: ast.Attribute) -> Any:
        base = self.evaluate(node.value)
        return self.attribute(base, node.attr, node)

    def attribute(self, base: Any, attr: str, node: ast.AST) -> Any:
        if isinstance(base, Dynamic):
            return self._dynamic(node)
        if isinstance(base, Receiver):
            raise Unsupported(f"{base.source}.{attr}")
        if isinstance(base, ApiName):
            return self._classify(canonical(f"{base.dotted}.{attr}"))
        if isinstance(base, ModuleRef):
            if base.dotted in self.project.flask_dbs:
                dotted = flask_attribute(attr)       # db.select -> orm.select
            else:
                dotted = canonical(self.project.resolve_symbol(f"{base.dotted}.{attr}"))
            found = self._classify(dotted)
            if found is None:
                return self._dynamic(node)
            return found
        if isinstance(base, LegacyQuery):
            if base.terminal is not None:
                return self._dynamic(node)      # an attribute of a loaded object or row
            if attr == "statement":
                return base.query.statement
            raise Unsupported(f"Query.{attr}")
        if isinstance(base, func_generator_type()):
            return getattr(base, attr)
        if isinstance(base, type) and base in self.shadow.models:
            return self._mapped_attribute(base, attr, base)
        insp = inspect_entity(base) if type(base).__name__ == "AliasedClass" else None
        if insp is not None and getattr(insp, "is_aliased_class", False):
            return self._mapped_attribute(insp.mapper.class_, attr, base)
        if isinstance(base, (int, float, str, bytes, bool, type(None), list, tuple, dict, set)):
            raise Unsupported(f"attribute {attr} of a Python value")
        collection = column_collection_type()
        if collection is not None and isinstance(base, collection):
            try:
                return getattr(base, attr)
            except (AttributeError, KeyError) as exc:
                raise Unsupported(f"no column {attr}") from exc
        if attr in api.ATTRIBUTES and hasattr(base, attr):
            return getattr(base, attr)
        if attr in api.METHODS and callable(getattr(base, attr, None)):
            return BoundMethod(base, attr)
        raise Unsupported(f"attribute {attr} of {type(base).__name__}")

    def _mapped_attribute(self, cls: type, attr: str, owner: Any) -> Any:
        model = self.shadow.model_of(cls)
        if model is None:
            raise Unsupported("unknown mapped class")
        if attr == "__table__" and owner is cls:
            return cls.__table__  # type: ignore[attr-defined]
        info = model.attribute(attr)
        if info is None:
            if attr == "query" and owner is cls:
                # Flask-SQLAlchemy's Model.query (or a query_property): a Query of the class
                return LegacyQuery.of([owner])
            raise Unsupported(f"{model.name}.{attr} is not a mapped attribute")
        kind = getattr(info, "kind", "column")
        rebuilt = kind in ("column", "synonym") or info.is_relationship or (
            kind == "column_property" and model.qualname not in self.shadow.incomplete)
        if not rebuilt:
            raise Unsupported(f"{model.name}.{attr} ({kind}) is not rebuilt")
        try:
            return getattr(owner, attr)
        except Exception as exc:   # the attribute was dropped from the shadow model
            raise Unsupported(f"{model.name}.{attr}: {exc}") from exc

    def _Subscript(self, node: ast.Subscript) -> Any:
        base = self.evaluate(node.value)
        if isinstance(node.slice, ast.Slice):
            if isinstance(base, LegacyQuery):
                lower = self.prepare(self.evaluate(node.slice.lower), VALUE) \
                    if node.slice.lower is not None else 0
                upper = self.prepare(self.evaluate(node.slice.upper), VALUE) \
                    if node.slice.upper is not None else None
                if node.slice.step is not None or upper is None:
                    raise Unsupported("query slice without an upper bound")
                return base.call("slice", [lower, upper], {})
            raise Unsupported("slice")
        key = self.evaluate(node.slice)
        if isinstance(base, Dynamic):
            return self._dynamic(node)
        if isinstance(base, (list, tuple, dict, str)) and not isinstance(key, Dynamic):
            try:
                return base[key]
            except (IndexError, KeyError, TypeError) as exc:
                raise Unsupported("constant subscript") from exc
        if isinstance(base, (list, tuple, dict, str, int, float)):
            raise Unsupported("dynamic subscript of a Python value")
        collection = column_collection_type()
        if collection is not None and isinstance(base, collection):
            if isinstance(key, Dynamic):
                raise Unsupported("dynamic column name")
            try:
                return base[key]
            except (KeyError, IndexError, TypeError) as exc:
                raise Unsupported(f"no column {key!r}") from exc
        if is_sql(base):
            return base[self.prepare(key, VALUE)]
        raise Unsupported(f"subscript of {type(base).__name__}")

    # ------------------------------------------------------------------------- operators
    def _Compare(self, node: ast.Compare) -> Any:
        if len(node.ops) != 1:
            raise Unsupported("chained comparison")
        op_type = type(node.ops[0])
        if op_type not in _COMPARE:
            raise Unsupported(f"{op_type.__name__} does not build SQL")
        left = self.evaluate(node.left)
        right = self.evaluate(node.comparators[0])
        return self._binary(left, right, _COMPARE[op_type], _SWAPPED[op_type], node)

    def _BinOp(self, node: ast.BinOp) -> Any:
        name = _BINARY.get(type(node.op))
        if name is None:
            raise Unsupported(f"{type(node.op).__name__} operator")
        left = self.evaluate(node.left)
        right = self.evaluate(node.right)
        forward = getattr(operator, name)

        def reflected(a: Any, b: Any) -> Any:   # b <op> a, with the SQL operand a
            method = getattr(a, f"__r{name.rstrip('_')}__", None)
            if method is None:
                raise Unsupported("no reflected operator")
            result = method(b)
            if result is NotImplemented:
                raise Unsupported("operator not supported")
            return result

        return self._binary(left, right, forward, reflected, node)

    def _binary(self, left: Any, right: Any, forward: Any, swapped: Any, node: ast.AST) -> Any:
        left_sql, right_sql = is_sql(left), is_sql(right)
        if left_sql:
            return forward(left, self.prepare(right, VALUE))
        if right_sql:
            # a Python value on the left: Python asks the SQL operand's reflected operator
            if isinstance(left, Dynamic):
                return swapped(right, self.prepare(left, VALUE))
            return forward(self.prepare(left, VALUE), right)
        if isinstance(left, Dynamic) or isinstance(right, Dynamic):
            return self._dynamic(node)
        if is_plain(left) and is_plain(right):
            return fold(forward, left, right)
        raise Unsupported("operator on values the preview does not know")

    def _UnaryOp(self, node: ast.UnaryOp) -> Any:
        operand = self.evaluate(node.operand)
        if isinstance(node.op, ast.Not):
            raise Unsupported("Python `not` does not build SQL")
        if isinstance(operand, Dynamic):
            return self._dynamic(node)
        if isinstance(node.op, ast.Invert) and is_sql(operand):
            return ~operand
        if isinstance(node.op, ast.USub):
            if is_sql(operand) or isinstance(operand, (int, float)) and \
                    not isinstance(operand, bool):
                return -operand
        if isinstance(node.op, ast.UAdd) and isinstance(operand, (int, float)):
            return operand
        raise Unsupported("unary operator")

    def _BoolOp(self, node: ast.BoolOp) -> Any:
        for value in node.values:
            if is_sql(self.evaluate(value)):
                raise Unsupported("Python and/or do not build SQL (use and_()/or_())")
        return self._dynamic(node)

    def _run_time_value(self, node: ast.AST) -> Any:
        """Comprehensions, conditional expressions, awaits: values computed when the code runs."""
        return self._dynamic(node)

    _ListComp = _SetComp = _DictComp = _GeneratorExp = _IfExp = _Await = _run_time_value

    # ------------------------------------------------------------------------- calls
    def _Call(self, node: ast.Call) -> Any:
        func = node.func
        if isinstance(func, ast.Attribute):
            receiver = self.evaluate(func.value)
            return self.method_call(receiver, func.attr, node)
        callee = self.evaluate(func)
        return self.call_value(callee, node)

    def call_value(self, callee: Any, node: ast.Call) -> Any:
        if isinstance(callee, ApiName):
            found = api.function(callee.dotted)
            if found is not None:
                fn, spec = found
                args, kwargs = self.arguments(node, spec)
                return fn(*args, **kwargs)
            type_class = api.sql_type(callee.dotted)
            if type_class is not None:
                args, kwargs = self.arguments(node, Spec((STRICT,), other_keywords=STRICT))
                return type_class(*args, **kwargs)
            raise Unsupported(f"{callee.dotted} is not in the preview whitelist")
        if isinstance(callee, func_generator_type()):
            args, kwargs = self.arguments(node, Spec((VALUE,), {"type_": STRICT}))
            return callee(*args, **kwargs)
        if isinstance(callee, type) and api.is_sql_type(callee):
            args, kwargs = self.arguments(node, Spec((STRICT,), other_keywords=STRICT))
            return callee(*args, **kwargs)
        if isinstance(callee, OpFunction):
            args, kwargs = self.arguments(node, Spec((VALUE,)))
            return callee.fn(*args, **kwargs)
        if isinstance(callee, BoundMethod):
            return self._invoke(callee.obj, callee.name, node)
        if isinstance(callee, Builtin):
            return self._builtin(callee.name, node)
        if isinstance(callee, Dynamic):
            if self._stdlib(callee.source):
                value = self._stdlib_value(callee.source, node)
                if value is not None:
                    return value
            return self._dynamic(node)
        if isinstance(callee, ModuleRef):
            return self._dynamic(node)
        raise Unsupported("call of something the preview does not know")

    def method_call(self, receiver: Any, name: str, node: ast.Call) -> Any:
        if isinstance(receiver, LegacyQuery) and receiver.terminal is not None:
            return self._dynamic(node)          # a method of a loaded object or of the rows
        if isinstance(receiver, LegacyQuery):
            spec = QUERY_SPECS.get(name)
            if spec is None:
                raise Unsupported(f"Query.{name}()")
            args, kwargs = self.arguments(node, spec)
            return receiver.call(name, args, kwargs)
        if isinstance(receiver, (Dynamic, Receiver)):
            if isinstance(receiver, Dynamic) and self._stdlib(f"{receiver.source}.{name}"):
                value = self._stdlib_value(f"{receiver.source}.{name}", node)
                if value is not None:
                    return value
            if name == "query" and node.args:
                return self._legacy_query(node)
            if name == "get" and isinstance(receiver, Receiver) or \
                    name == "get" and looks_like_session(receiver):
                return self._session_get(node)
            # anything else a session does with its arguments: not a statement
            return self._dynamic(node)
        if isinstance(receiver, (ApiName, ModuleRef)):
            return self.call_value(self.attribute(receiver, name, node.func), node)
        if isinstance(receiver, func_generator_type()):
            return self.call_value(getattr(receiver, name), node)
        if isinstance(receiver, type) and receiver in self.shadow.models:
            raise Unsupported(f"{receiver.__name__}.{name}()")
        return self._invoke(receiver, name, node)

    def _invoke(self, obj: Any, name: str, node: ast.Call) -> Any:
        if isinstance(obj, (int, float, str, bytes, bool, type(None), list, tuple, dict, set)):
            return self._dynamic(node)      # "%{}%".format(q): a value computed at run time
        spec = api.METHODS.get(name)
        if spec is None:
            if is_statement(obj) and callable(getattr(obj, name, None)):
                raise UsesStatement(f".{name}() uses the statement", node)
            raise Unsupported(f".{name}() is not in the preview whitelist")
        method = getattr(obj, name, None)
        if method is None or not callable(method):
            raise Unsupported(f"{type(obj).__name__} has no {name}()")
        if name in ("in_", "not_in", "notin_") and len(node.args) == 1 and not node.keywords:
            value = self.evaluate(node.args[0])
            return method(self.prepare(value, EXPANDING))
        args, kwargs = self.arguments(node, spec)
        result = method(*args, **kwargs)
        if name in ("op", "bool_op"):
            return OpFunction(result)
        return result

    def arguments(self, node: ast.Call, spec: Spec) -> tuple[list, dict]:
        args: list[Any] = []
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                values = self.evaluate(arg.value)
                if not isinstance(values, (list, tuple)):
                    raise Unsupported("*args of a value the preview does not know")
                for value in values:
                    args.append(self.prepare(value, spec.mode(len(args))))
                continue
            args.append(self.prepare(self.evaluate(arg), spec.mode(len(args))))
        kwargs: dict[str, Any] = {}
        for keyword in node.keywords:
            if keyword.arg is None:
                values = self.evaluate(keyword.value)
                if not isinstance(values, dict) or not all(isinstance(k, str) for k in values):
                    raise Unsupported("**kwargs of a value the preview does not know")
                items = list(values.items())
            else:
                items = [(keyword.arg, self.evaluate(keyword.value))]
            for key, value in items:
                mode = spec.keyword_mode(key)
                if mode is None:
                    raise Unsupported(f"keyword {key}=")
                kwargs[key] = self.prepare(value, mode, key)
        return args, kwargs

    # ------------------------------------------------------------------------- values
    def prepare(self, value: Any, mode: str, name_hint: Optional[str] = None) -> Any:
        """A value ready to be passed to orm in an argument of ``mode``."""
        if mode == MARKER:
            return markers(value, self)
        if isinstance(value, Dynamic):
            if mode == STRICT:
                raise Unsupported(f"{value.source} is only known at run time")
            return self.bind(value, expanding=(mode == EXPANDING))
        if isinstance(value, (ApiName, ModuleRef, Receiver, OpFunction, BoundMethod, Builtin)):
            raise Unsupported("an API name used as a value")
        if isinstance(value, (list, tuple, set, dict)):
            return markers(value, self)
        return value

    def bind(self, value: Dynamic, expanding: bool = False) -> Any:
        key = (value.source, expanding)
        bound = self.binds.get(key)
        if bound is None:
            name = value.name
            taken = {b.key for b in self.binds.values()} | self.reserved
            number = 2
            while name in taken:
                name = f"{value.name}_{number}"
                number += 1
            bound = orm.bindparam(name, expanding=expanding) if expanding else orm.bindparam(name)
            self.binds[key] = bound
            self.dynamic[name] = DynamicValue(value.source)
        return bound

    # ------------------------------------------------------------------------- legacy
    def _legacy_query(self, node: ast.Call) -> LegacyQuery:
        args, kwargs = self.arguments(node, Spec((STRICT,)))
        if kwargs or not args:
            raise Unsupported("query() arguments")
        for arg in args:
            if not (inspect_entity(arg) is not None or is_sql(arg)):
                raise Unsupported("query() of something that is not an entity or column")
        return LegacyQuery.of(args)

    def _session_get(self, node: ast.Call) -> LegacyQuery:
        """``session.get(User, ident)``: the primary-key load it runs (when not in the identity
        map), as a finished legacy query."""
        args, kwargs = self.arguments(node, Spec((STRICT, MARKER), {"options": STRICT}))
        if len(args) != 2 or set(kwargs) - {"options"}:
            raise Unsupported("get() arguments")
        entity, ident = args
        base = orm.select(entity)
        if kwargs.get("options"):
            base = base.options(*kwargs["options"])
        query = LegacyQuery.of([entity])
        return LegacyQuery(query.query, "session.get", get_statement((entity,), ident, base))

    def _builtin(self, name: str, node: ast.Call) -> Any:
        """``dict(name=...)``, ``list((...))``, ``tuple([...])`` of values the preview knows."""
        if name == "dict":
            if node.args:
                raise Unsupported("dict() with positional arguments")
            out = {}
            for keyword in node.keywords:
                if keyword.arg is None:
                    raise Unsupported("dict(**kwargs)")
                out[keyword.arg] = self.evaluate(keyword.value)
            return out
        if node.keywords or len(node.args) != 1:
            raise Unsupported(f"{name}() arguments")
        items = self.evaluate(node.args[0])
        if not isinstance(items, (list, tuple)):
            raise Unsupported(f"{name}() of a value the preview does not know")
        return list(items) if name == "list" else tuple(items)

    def _stdlib(self, source: str) -> bool:
        head = source.split(".")[0]
        target = self.context.imports.get(head)
        return target is not None and (target + source[len(head):]) in _STDLIB_VALUES

    def _stdlib_value(self, source: str, node: ast.Call) -> Any:
        """``datetime.date(2024, 1, 1)`` and friends with constant arguments: their value."""
        import datetime
        import decimal
        import uuid

        head = source.split(".")[0]
        target = self.context.imports.get(head, head) + source[len(head):]
        constructors = {"datetime.date": datetime.date, "datetime.datetime": datetime.datetime,
                        "datetime.time": datetime.time, "datetime.timedelta": datetime.timedelta,
                        "decimal.Decimal": decimal.Decimal, "uuid.UUID": uuid.UUID}
        fn = constructors.get(target)
        if fn is None:
            return None
        try:
            args = [self.evaluate(a) for a in node.args]
            kwargs = {k.arg: self.evaluate(k.value) for k in node.keywords if k.arg}
        except Unsupported:
            return None
        if len(kwargs) != len(node.keywords) or not all(
                isinstance(v, (int, float, str)) and not isinstance(v, bool)
                for v in [*args, *kwargs.values()]):
            return None
        try:
            return fn(*args, **kwargs)
        except (TypeError, ValueError, ArithmeticError):
            return None


__all__ = ["Interpreter", "ModuleContext"]
