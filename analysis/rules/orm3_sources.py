"""Where a module's raw SQL is: ``text()`` and ``exec_driver_sql()`` calls and their strings.

Not a rule: shared by ORM301/ORM302/ORM401.  :func:`raw_sql_calls` finds the calls,
:func:`constant_string` evaluates the SQL argument when it is made of constants only (literals,
``+`` of constants, names assigned a constant once), :func:`text_call_of` follows an executed
statement back to its ``text()`` (through variables, ``.bindparams()``, ``from_statement()``).

Example::

    for raw in raw_sql_calls(scan):
        raw.kind, raw.sql_node, constant_string(scan, raw.sql_node, raw.scope)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Optional

import libcst as cst

from analysis.rules.orm2_scan import ModuleScan, Scope
from analysis.rules.orm2_statements import flatten

_TEXT_STEPS = frozenset({"bindparams", "columns", "execution_options"})
_FROM_STATEMENT_STEPS = frozenset({"options", "execution_options"})


@dataclass
class RawSql:
    """A ``text(...)`` (kind ``text``) or ``x.exec_driver_sql(...)`` (kind ``driver``) call."""

    kind: str
    call: cst.Call
    scope: Scope
    sql_node: Optional[cst.BaseExpression]


@dataclass
class ExecutedText:
    """The ``text()`` an executed statement comes from, and the binds given a value on the way."""

    raw: RawSql
    bound: set[str] = field(default_factory=set)
    opaque_binds: bool = False      # bindparams(*objects) / params(**kw): names unknown


def raw_sql_calls(scan: ModuleScan) -> list[RawSql]:
    """Every text()/exec_driver_sql() call of the module (memoised on the scan)."""
    memo = scan.memo.setdefault("raw_sql_calls", {})
    if "all" not in memo:
        found: list[RawSql] = []
        for call, scope in scan.calls:
            raw = _raw_sql(scan, call, scope)
            if raw is not None:
                found.append(raw)
        memo["all"] = found
    return memo["all"]


def _raw_sql(scan: ModuleScan, call: cst.Call, scope: Scope) -> Optional[RawSql]:
    func = call.func
    if isinstance(func, cst.Attribute) and func.attr.value == "exec_driver_sql":
        return RawSql("driver", call, scope, _first_arg(call, "statement"))
    if isinstance(func, (cst.Name, cst.Attribute)) and scan.orm_name(func, scope) == "orm.text":
        return RawSql("text", call, scope, _first_arg(call, "text"))
    return None


def _first_arg(call: cst.Call, keyword: str) -> Optional[cst.BaseExpression]:
    for arg in call.args:
        if arg.keyword is None and not arg.star:
            return arg.value
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg.value
    return None


def constant_string(scan: ModuleScan, node: Optional[cst.BaseExpression], scope: Scope,
                    depth: int = 0) -> Optional[str]:
    """The value of a string expression made only of constants, else None."""
    if node is None or depth > 8:
        return None
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        memo = scan.memo.setdefault("constant_string", {})
        found = memo.get(id(node))
        if found is not None and found[0] is node:
            return found[1]
        value = _literal(scan, node, scope, depth)
        memo[id(node)] = (node, value)
        return value
    if isinstance(node, cst.FormattedString):
        if any(isinstance(part, cst.FormattedStringExpression) for part in node.parts):
            return None
        if "b" in node.prefix.lower():
            return None
        return "".join(part.value for part in node.parts
                       if isinstance(part, cst.FormattedStringText))
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        left = constant_string(scan, node.left, scope, depth + 1)
        if left is None:
            return None
        right = constant_string(scan, node.right, scope, depth + 1)
        return left + right if right is not None else None
    if isinstance(node, cst.Name):
        bound = scan.single_value(node.value, scope)
        if bound is None:
            return None
        owner, _ = scan.lookup(node.value, scope)
        return constant_string(scan, bound, owner or scope, depth + 1)
    return None


def _literal(scan: ModuleScan, node: cst.BaseExpression, scope: Scope, depth: int
             ) -> Optional[str]:
    try:
        value = node.evaluated_value        # type: ignore[attr-defined]
    except Exception:   # noqa: BLE001 - f-string parts in a concatenation have no value
        value = None
    if isinstance(value, str):
        return value
    if isinstance(node, cst.ConcatenatedString):
        left = constant_string(scan, node.left, scope, depth + 1)
        right = constant_string(scan, node.right, scope, depth + 1)
        return left + right if left is not None and right is not None else None
    return None


def text_call_of(scan: ModuleScan, node: cst.BaseExpression, scope: Scope, depth: int = 0
                 ) -> Optional[ExecutedText]:
    """The text() an executed expression is, when it is one (through variables and
    ``.bindparams()``/``.columns()``, or ``select(...).from_statement(text(...))``)."""
    if depth > 5:
        return None
    if isinstance(node, cst.Name):
        value = scan.single_value(node.value, scope)
        owner, _ = scan.lookup(node.value, scope)
        if value is None or owner is None:
            return None
        return text_call_of(scan, value, owner, depth + 1)
    if not isinstance(node, cst.Call):
        return None
    base, calls = flatten(node, scan, scope)
    raw = _raw_sql(scan, base, scope) if isinstance(base, cst.Call) else None
    if raw is not None and raw.kind == "text":
        if any(name not in _TEXT_STEPS for name, _ in calls):
            return None
        executed = ExecutedText(raw)
        for name, call in calls:
            if name == "bindparams":
                bound_names(scan, call, scope, executed)
        return executed
    if isinstance(base, cst.Call) and scan.orm_name(base.func, scope) == "orm.select":
        inner: Optional[ExecutedText] = None
        for name, call in calls:
            if name == "from_statement" and call.args and inner is None:
                inner = text_call_of(scan, call.args[0].value, scope, depth + 1)
                if inner is None:
                    return None
            elif name not in _FROM_STATEMENT_STEPS:
                return None
        return inner
    return None


def bound_names(scan: ModuleScan, call: cst.Call, scope: Scope, into: ExecutedText) -> None:
    for arg in call.args:
        if arg.keyword is not None:
            into.bound.add(arg.keyword.value)
        elif arg.star:
            into.opaque_binds = True
        elif isinstance(arg.value, cst.Call) and arg.value.args and \
                scan.orm_name(arg.value.func, scope) == "orm.bindparam":
            name = constant_string(scan, arg.value.args[0].value, scope)
            if name is None:
                into.opaque_binds = True
            else:
                into.bound.add(name)
        else:
            into.opaque_binds = True


def parameter_keys(scan: ModuleScan, node: cst.BaseExpression, scope: Scope, depth: int = 0
                   ) -> Optional[list[set[str]]]:
    """The key sets of the parameter dictionaries passed to an execute() (one per row), or
    None when they are not all literal."""
    if depth > 5:
        return None
    if isinstance(node, cst.Dict):
        keys: set[str] = set()
        for item in node.elements:
            if not isinstance(item, cst.DictElement):
                return None
            key = constant_string(scan, item.key, scope)
            if key is None:
                return None
            keys.add(key)
        return [keys]
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and \
            node.func.value == "dict" and not scan.is_local("dict", scope):
        if any(a.keyword is None for a in node.args):
            return None
        return [{a.keyword.value for a in node.args if a.keyword is not None}]
    if isinstance(node, (cst.List, cst.Tuple)):
        out: list[set[str]] = []
        for element in node.elements:
            if isinstance(element, cst.StarredElement):
                return None
            inner = parameter_keys(scan, element.value, scope, depth + 1)
            if inner is None:
                return None
            out.extend(inner)
        return out or None
    if isinstance(node, (cst.ListComp, cst.GeneratorExp)):
        return parameter_keys(scan, node.elt, scope, depth + 1)
    if isinstance(node, cst.Name):
        value = scan.single_value(node.value, scope)
        owner, _ = scan.lookup(node.value, scope)
        if value is None or owner is None or _mutated(node.value, owner.node):
            return None
        return parameter_keys(scan, value, owner, depth + 1)
    return None


_MUTATORS = frozenset({"update", "setdefault", "__setitem__", "append", "extend", "insert"})


def _mutated(name: str, body: cst.CSTNode) -> bool:
    """``params["id"] = ...``, ``params.update(...)``, ``rows.append({...})`` in the scope's
    body: the dictionary (or list) a name was assigned gets keys the assignment does not show."""
    found = False

    class Finder(cst.CSTVisitor):
        def visit_Subscript(self, node: cst.Subscript) -> Optional[bool]:
            nonlocal found
            if isinstance(node.value, cst.Name) and node.value.value == name and \
                    id(node) in stored:
                found = True
            return None

        def visit_Call(self, node: cst.Call) -> Optional[bool]:
            nonlocal found
            func = node.func
            if isinstance(func, cst.Attribute) and func.attr.value in _MUTATORS and \
                    isinstance(func.value, cst.Name) and func.value.value == name:
                found = True
            return None

    stored: set[int] = set()

    class Targets(cst.CSTVisitor):
        def visit_AssignTarget(self, node: cst.AssignTarget) -> Optional[bool]:
            stored.add(id(node.target))
            return None

        def visit_AugAssign(self, node: cst.AugAssign) -> Optional[bool]:
            stored.add(id(node.target))
            return None

    body.visit(Targets())
    body.visit(Finder())
    return found


def iter_executions(scan: ModuleScan) -> Iterator[tuple[cst.Call, Scope, str]]:
    """``x.execute(...)``-like calls: execute, scalars, scalar, stream, stream_scalars."""
    yield from scan.calls_named("execute", "scalars", "scalar", "stream", "stream_scalars")


__all__ = ["ExecutedText", "RawSql", "bound_names", "constant_string", "iter_executions", "parameter_keys",
           "raw_sql_calls", "text_call_of"]
