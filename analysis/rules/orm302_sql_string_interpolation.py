"""ORM302 sql-string-interpolation: raw SQL built from runtime values instead of binds."""
from __future__ import annotations

import re
from typing import Iterable, Optional

import libcst as cst

from analysis.findings import Finding, Position, Range, RelatedLocation
from analysis.rules.base import Rule, RuleContext
from analysis.rules.orm2_scan import ModuleScan, Scope, module_scan
from analysis.rules.orm3_sources import constant_string, raw_sql_calls
from analysis.sqlcheck import is_statement

_SAFE_CALLS = frozenset({"int", "float", "len", "bool", "abs", "round"})
_PLACEHOLDER_TEXT = re.compile(r"^(?:[:@$]?\w*|\?|%s|[,\s]*)$")
_PLACEHOLDER_START = re.compile(r"^\s*(?:[:@$]\w*|\?|%s)")
_SAFE_ATTRIBUTES = ("__tablename__", "__table__.name", "__table__.fullname")
_HEADER = '''from sqlalchemy import String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))

'''


class SqlStringInterpolation(Rule):
    """Raw SQL assembled from runtime values with an f-string, `%`, `.format()` or `+`.

    ## What it does
    Looks at the SQL string given to `text()`, `exec_driver_sql()` or `execute()`: when it is
    built by interpolating or concatenating a value that is not a constant (an f-string
    `{name}`, `"..." % value`, `"...".format(value)`, `"..." + value`, also through a variable
    assembled over a few statements), the value becomes part of the SQL text.  Constants,
    numbers made with `int()`/`len()`, a model's `__tablename__`, loop variables over a
    constant list of names, and placeholder lists such as `", ".join(f":id{i}" for i in ...)`
    are not reported.

    ## Why is this bad?
    A value spliced into SQL text is an SQL injection when it comes from a user, and a syntax
    error when it contains a quote (`O'Brien`).  Bind parameters send the value apart from the
    SQL: the database never parses it, and the statement's plan can be cached.

    ## Example
    ```python
    session.execute(text(f"SELECT * FROM users WHERE name = '{name}'"))
    ```

    ## Use instead
    ```python
    session.execute(text("SELECT * FROM users WHERE name = :name"), {"name": name})
    ```

    ## Fix safety
    No fix is offered: the parameter names and the params dictionary need the author.
    """

    code = "ORM302"
    name = "sql-string-interpolation"
    severity = "warning"

    VALID = [
        _HEADER + '''
BASE = "SELECT id FROM users"
TABLES = ("users", "posts")


def fine(session: Session, ids: list[int], limit: int):
    session.execute(text(BASE + " WHERE name = :n"), {"n": "x"})
    session.execute(text(f"{BASE} ORDER BY id"))
    session.execute(text(f"SELECT * FROM {User.__tablename__} LIMIT {int(limit)}"))
    marks = ", ".join(f":id{i}" for i in range(len(ids)))
    session.execute(text(f"SELECT * FROM users WHERE id IN ({marks})"),
                    {f"id{i}": v for i, v in enumerate(ids)})
    for table in TABLES:
        session.execute(text(f"DELETE FROM {table}"))
    session.execute(text("SELECT 1"))
''',
    ]
    INVALID = [
        _HEADER + '''
def broken(session: Session, name: str, order: str, conn):
    session.execute(text(f"SELECT * FROM users WHERE name = '{name}'"))  # error
    session.execute(text("SELECT * FROM users WHERE name = '%s'" % name))  # error
    session.execute(text("SELECT * FROM users ORDER BY {}".format(order)))  # error
    session.execute(text("SELECT * FROM users ORDER BY " + order))  # error
    conn.exec_driver_sql(f"DELETE FROM users WHERE name = '{name}'")  # error
    sql = "SELECT * FROM users"
    sql += f" WHERE name = '{name}'"
    session.execute(text(sql))  # error
''',
    ]

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        scan = module_scan(ctx)
        reported: set[int] = set()
        for raw in raw_sql_calls(scan):
            if raw.sql_node is None:
                continue
            found = _interpolation(scan, raw.sql_node, raw.scope, 0)
            if found is not None:
                reported.add(id(raw.sql_node))
                yield self._finding(ctx, raw.call, found, "text()" if raw.kind == "text"
                                    else "exec_driver_sql()")
        for call, scope, method in scan.calls_named("execute"):
            positional = [a.value for a in call.args if a.keyword is None and not a.star]
            if not positional or id(positional[0]) in reported:
                continue
            sql_node = positional[0]
            if not _looks_like_sql(scan, sql_node, scope):
                continue
            found = _interpolation(scan, sql_node, scope, 0)
            if found is not None:
                yield self._finding(ctx, call, found, f"{method}()")

    @staticmethod
    def _finding(ctx: RuleContext, call: cst.Call, found: tuple[cst.CSTNode, str],
                 where: str) -> Finding:
        node, how = found
        code = " ".join(ctx.module.code_for(node).split())
        code = code if len(code) <= 40 else code[:37] + "..."
        whole = ctx.range_of(call)
        start = whole.start
        if isinstance(call.func, cst.Attribute) and where != "text()":
            start = ctx.range_of(call.func.attr).start
        related = ()
        node_range = ctx.range_of(node)
        if node_range.start.line != start.line:
            related = (RelatedLocation(ctx.path, node_range, "the value is spliced in here"),)
        return ctx.finding(Range(start, Position(whole.end.line, whole.end.column)), (
            f"{where} SQL is built with {how} from `{code}`: the value becomes SQL text "
            f"(injection, quoting errors); pass it as a bind parameter (`:name` and a "
            f"parameters dict)"), related=related)


def _looks_like_sql(scan: ModuleScan, node: cst.BaseExpression, scope: Scope) -> bool:
    """A plain-string execute() argument whose constant head reads as SQL."""
    head = _constant_head(scan, node, scope, 0)
    return head is not None and is_statement(head)


def _constant_head(scan: ModuleScan, node: cst.BaseExpression, scope: Scope, depth: int
                   ) -> Optional[str]:
    if depth > 6:
        return None
    if isinstance(node, cst.FormattedString):
        text = "".join(p.value for p in node.parts if isinstance(p, cst.FormattedStringText))
        return text
    if isinstance(node, cst.BinaryOperation):
        return _constant_head(scan, node.left, scope, depth + 1)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and \
            node.func.attr.value == "format":
        return constant_string(scan, node.func.value, scope)
    if isinstance(node, cst.Name):
        owner, bindings = scan.lookup(node.value, scope)
        for binding in bindings:
            value = binding.value if binding.kind in ("assign", "annassign") else None
            if value is not None:
                return _constant_head(scan, value, owner or scope, depth + 1)
        return None
    return constant_string(scan, node, scope)


def _interpolation(scan: ModuleScan, node: cst.BaseExpression, scope: Scope, depth: int
                   ) -> Optional[tuple[cst.CSTNode, str]]:
    """The first non-constant value spliced into the SQL expression ``node``, and how."""
    if depth > 6:
        return None
    if isinstance(node, cst.FormattedString):
        for part in node.parts:
            if isinstance(part, cst.FormattedStringExpression) and \
                    not _safe_value(scan, part.expression, scope):
                return part.expression, "an f-string"
        return None
    if isinstance(node, cst.ConcatenatedString):
        return _interpolation(scan, node.left, scope, depth + 1) or \
            _interpolation(scan, node.right, scope, depth + 1)
    if isinstance(node, cst.BinaryOperation):
        if isinstance(node.operator, cst.Add):
            for side in (node.left, node.right):
                if isinstance(side, (cst.FormattedString, cst.BinaryOperation, cst.Call,
                                     cst.ConcatenatedString)):
                    found = _interpolation(scan, side, scope, depth + 1)
                    if found:
                        return found
                elif not _safe_value(scan, side, scope):
                    return side, "`+` concatenation"
            return None
        if isinstance(node.operator, cst.Modulo) and \
                constant_string(scan, node.left, scope) is not None:
            values = node.right.elements if isinstance(node.right, cst.Tuple) else None
            items = [e.value for e in values] if values is not None else [node.right]
            for item in items:
                if not _safe_value(scan, item, scope):
                    return item, "`%` formatting"
        return None
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and \
            node.func.attr.value == "format" and \
            constant_string(scan, node.func.value, scope) is not None:
        for arg in node.args:
            if not _safe_value(scan, arg.value, scope):
                return arg.value, "`.format()`"
        return None
    if isinstance(node, cst.Name):
        owner, bindings = scan.lookup(node.value, scope)
        if owner is None:
            return None
        for binding in bindings:
            piece: Optional[cst.BaseExpression] = None
            if binding.kind in ("assign", "annassign"):
                piece = binding.value
            elif isinstance(binding.node, cst.AugAssign) and \
                    isinstance(binding.node.operator, cst.AddAssign):
                piece = binding.node.value
                if not isinstance(piece, (cst.FormattedString, cst.BinaryOperation, cst.Call,
                                          cst.SimpleString, cst.ConcatenatedString)) and \
                        not _safe_value(scan, piece, owner):
                    return piece, "`+=` concatenation"
            if piece is not None:
                found = _interpolation(scan, piece, owner, depth + 1)
                if found:
                    return found
        return None
    return None


def _safe_value(scan: ModuleScan, node: cst.BaseExpression, scope: Scope) -> bool:
    """A value that cannot carry SQL: a constant, a number, a table name, placeholders."""
    if isinstance(node, (cst.Integer, cst.Float)):
        return True
    if constant_string(scan, node, scope) is not None:
        return True
    if isinstance(node, cst.Name):
        if node.value in ("True", "False", "None"):
            return True
        value = scan.single_value(node.value, scope)
        owner, bindings = scan.lookup(node.value, scope)
        if value is not None and owner is not None:
            return _safe_value(scan, value, owner)
        if len(bindings) == 1 and isinstance(bindings[0].node, cst.For):
            loop = bindings[0].node
            return isinstance(loop.iter, (cst.List, cst.Tuple, cst.Set, cst.Name)) and \
                constant_items(scan, loop.iter, owner or scope)
        value_type = scan.value_type(node, scope)
        return value_type is not None and bool(value_type.names) and \
            value_type.names <= {"int", "float", "bool"}
    if isinstance(node, cst.Attribute):
        text = scan.code(node, 200)
        return text.endswith(_SAFE_ATTRIBUTES)
    if isinstance(node, cst.Call):
        if isinstance(node.func, cst.Name) and node.func.value in _SAFE_CALLS and \
                not scan.is_local(node.func.value, scope):
            return True
        if isinstance(node.func, cst.Attribute) and node.func.attr.value == "join" and \
                constant_string(scan, node.func.value, scope) is not None and node.args:
            return _placeholders(scan, node.args[0].value, scope)
        return False
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return _safe_value(scan, node.left, scope) and _safe_value(scan, node.right, scope)
    return False


def constant_items(scan: ModuleScan, node: cst.BaseExpression, scope: Scope) -> bool:
    """A list/tuple (or a name bound to one) of constant strings."""
    if isinstance(node, cst.Name):
        value = scan.single_value(node.value, scope)
        owner, _ = scan.lookup(node.value, scope)
        return value is not None and constant_items(scan, value, owner or scope)
    if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        return all(not isinstance(e, cst.StarredElement) and
                   constant_string(scan, e.value, scope) is not None for e in node.elements)
    return False


def _placeholders(scan: ModuleScan, node: cst.BaseExpression, scope: Scope) -> bool:
    """An iterable of bind placeholders: ``f":id{i}" for i in ...``, ``["?"] * n``."""
    if isinstance(node, (cst.GeneratorExp, cst.ListComp)):
        elt = node.elt
        if isinstance(elt, cst.FormattedString):
            texts = [p.value for p in elt.parts if isinstance(p, cst.FormattedStringText)]
            return bool(texts) and _PLACEHOLDER_START.match(texts[0]) is not None and \
                all(_PLACEHOLDER_TEXT.match(t) for t in texts)
        value = constant_string(scan, elt, scope)
        return value is not None and _PLACEHOLDER_START.match(value) is not None
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Multiply):
        return _placeholders(scan, node.left, scope) or _placeholders(scan, node.right, scope)
    if isinstance(node, (cst.List, cst.Tuple)):
        return all(not isinstance(e, cst.StarredElement) and
                   _PLACEHOLDER_START.match(constant_string(scan, e.value, scope) or "#")
                   for e in node.elements)
    value = constant_string(scan, node, scope)
    return value is not None and all(ch in "?,% s" for ch in value)
