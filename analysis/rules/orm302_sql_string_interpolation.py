"""ORM302 sql-string-interpolation: raw SQL built from runtime values instead of binds."""
from __future__ import annotations

import re
import string
from typing import Iterable, Optional, Union

import libcst as cst

from analysis.findings import Finding, Position, Range, RelatedLocation
from analysis.rules.base import Rule, RuleContext
from analysis.rules.orm2_scan import ModuleScan, Scope, module_scan
from analysis.rules.orm3_sources import constant_string, raw_sql_calls
from analysis.sqlcheck import is_statement

_SAFE_CALLS = frozenset({"int", "float", "len", "bool", "abs", "round"})
# functions that make a value an SQL literal (`literal_string(s)`, `quote(s)`, `escape_like`)
_QUOTING = re.compile(r"quot|escap|literal|sanitiz", re.IGNORECASE)
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
    assembled over a few statements with `+=`) at a place where SQL takes a literal -- after a
    comparison operator, `LIKE`, `IN (`, `VALUES (`, `LIMIT`, or inside quotes -- the value
    becomes part of the SQL text where a bind parameter belongs.  Constants, numbers (`%d`,
    `int()`, `len()`, int-typed names), a model's `__tablename__`, loop variables over a
    constant list, and placeholder lists such as `", ".join(f":id{i}" for i in ...)` are not
    reported; neither are table or column names and whole clauses spliced in (they cannot be
    bind parameters).

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
from enum import Enum

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


def settings(session: Session, threshold, column: str, zone):
    # a session setting takes no bind parameter; a CASE branch is often a column
    session.execute(text(f"SET pg_trgm.similarity_threshold = {threshold}"))
    session.execute(text(f"SET LOCAL TIME ZONE '{zone.key}'"))
    session.execute(text(f"SELECT CASE WHEN id > 0 THEN {column} ELSE {column} END FROM users"))


class Unit(str, Enum):
    day = "day"
    week = "week"

    def interval(self):
        return text(f"'1 {self.value}'::interval")


def quote_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def quoted(session: Session, name: str, unique: bool, limit):
    # escaped on purpose, or one of two constants
    session.execute(text(f"SELECT * FROM users WHERE name = {quote_literal(name)}"))
    session.execute(text(f"SELECT * FROM users WHERE id = {'1' if unique else '2'}"))
    session.execute(text(f"SELECT * FROM users WHERE id > {len(name) * 0.5} LIMIT {limit - 1}"))


def enum_values(session: Session, unit: Unit):
    # an enum's values are the program's own constants
    session.execute(text(f"SELECT * FROM users WHERE name = '{unit.value}'"))
    session.execute(text(f"SELECT * FROM users WHERE name = '{unit}'"))
    session.execute(text(f"SELECT * FROM users WHERE name = '{Unit.day.value}'"))


def identifiers(session: Session, table: str, column: str, where: str):
    # names and whole clauses cannot be bind parameters: not reported
    session.execute(text(f"SELECT {column} FROM {table} WHERE {where}"))
    session.execute(text("SELECT * FROM users ORDER BY " + column))
    session.execute(text("INSERT INTO %s (name) VALUES (:n)" % table), {"n": "x"})
    session.execute(text("SELECT * FROM users LIMIT %d" % len(table)))
''',
    ]
    INVALID = [
        _HEADER + '''
def broken(session: Session, name: str, order: str, conn):
    session.execute(text(f"SELECT * FROM users WHERE name = '{name}'"))  # error
    session.execute(text("SELECT * FROM users WHERE name = '%s'" % name))  # error
    session.execute(text("SELECT * FROM users WHERE id = {}".format(order)))  # error
    session.execute(text("SELECT * FROM users WHERE name LIKE '" + name + "%'"))  # error
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
        related: tuple[RelatedLocation, ...] = ()
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


Piece = Union[str, cst.BaseExpression]
# the SQL text right before a spliced value says whether the value stands where a literal would
# (after an operator, inside quotes, in VALUES/IN lists, LIMIT): there a bind parameter fits.
# (not THEN/ELSE: a CASE branch as often yields a column or an expression as a value)
_VALUE_POSITION = re.compile(
    r"(?:=|<|>|\bLIKE|\bILIKE|\bIN\s*\(|\bVALUES\s*\(|\bBETWEEN|\bBETWEEN\s+\S+\s+AND"
    r"|\bLIMIT|\bOFFSET|\bIS(?:\s+NOT)?)\s*$", re.IGNORECASE)
# `SET name = value` / `SET name TO value` sets a session setting: PostgreSQL takes no bind
# parameter there (set_config() is the way), so the advice would not apply
_SETTING = re.compile(r"^\s*SET\s+(?:SESSION\s+|LOCAL\s+|GLOBAL\s+)?"
                      r"(?:TIME\s+ZONE|[\w.@]+\s*(?:=|TO))\s*'?$", re.IGNORECASE)
_IN_LIST = re.compile(r"\b(?:VALUES|IN)\s*\([^()]*,\s*$", re.IGNORECASE)
_PERCENT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?([sdifrxXeEgGc%])")


def _interpolation(scan: ModuleScan, node: cst.BaseExpression, scope: Scope, depth: int
                   ) -> Optional[tuple[cst.CSTNode, str]]:
    """The first non-constant value spliced into the SQL ``node`` where a literal belongs."""
    pieces: list[tuple[Piece, str, Scope]] = []
    if not _pieces(scan, node, scope, pieces, "", 0):
        return None
    text = ""
    for piece, how, where in pieces:
        if isinstance(piece, str):
            text += piece
            continue
        if not _safe_value(scan, piece, where) and _value_position(text):
            return piece, how
        text += "?"
    return None


def _value_position(text: str) -> bool:
    if _SETTING.match(text):
        return False
    if text.count("'") % 2 == 1:
        return True             # inside a quoted SQL string
    return _VALUE_POSITION.search(text) is not None or _IN_LIST.search(text) is not None


def _pieces(scan: ModuleScan, node: cst.BaseExpression, scope: Scope,
            out: list[tuple[Piece, str, Scope]], how: str, depth: int) -> bool:
    """Flatten a string expression into literal text and spliced values; False: not a
    string built from visible parts (a call result, a parameter)."""
    if depth > 8:
        return False
    constant = constant_string(scan, node, scope) if not isinstance(node, cst.Name) else None
    if constant is not None:
        out.append((constant, how, scope))
        return True
    if isinstance(node, cst.FormattedString):
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                out.append((part.value, how, scope))
            elif isinstance(part, cst.FormattedStringExpression):
                out.append((part.expression, "an f-string", scope))
        return True
    if isinstance(node, cst.ConcatenatedString):
        return _pieces(scan, node.left, scope, out, how, depth + 1) and \
            _pieces(scan, node.right, scope, out, how, depth + 1)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        if not _pieces(scan, node.left, scope, out, how, depth + 1):
            return False
        if _string_like(node.right):
            return _pieces(scan, node.right, scope, out, how, depth + 1)
        out.append((node.right, "`+` concatenation", scope))
        return True
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Modulo):
        template = constant_string(scan, node.left, scope)
        if template is None:
            return False
        return _percent(template, node.right, scope, out)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and \
            node.func.attr.value == "format":
        template = constant_string(scan, node.func.value, scope)
        if template is None:
            return False
        return _format(template, node, scope, out)
    if isinstance(node, cst.Name):
        return _name_pieces(scan, node, scope, out, depth)
    return False


def _string_like(node: cst.BaseExpression) -> bool:
    return isinstance(node, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString,
                             cst.BinaryOperation)) or \
        isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and \
        node.func.attr.value == "format"


def _name_pieces(scan: ModuleScan, node: cst.Name, scope: Scope,
                 out: list[tuple[Piece, str, Scope]], depth: int) -> bool:
    """A variable's string: its assignment, then the ``+=`` that extend it (in order)."""
    owner, bindings = scan.lookup(node.value, scope)
    if owner is None or not bindings:
        return False
    first = bindings[0]
    if first.kind not in ("assign", "annassign") or first.value is None:
        return False
    if not _pieces(scan, first.value, owner, out, "", depth + 1):
        return False
    for binding in bindings[1:]:
        extension = binding.node
        if not isinstance(extension, cst.AugAssign) or \
                not isinstance(extension.operator, cst.AddAssign):
            return False        # reassigned: which value reaches the SQL is not known
        value = extension.value
        if _string_like(value):
            if not _pieces(scan, value, owner, out, "`+=` concatenation", depth + 1):
                return False
        else:
            out.append((value, "`+=` concatenation", owner))
    return True


def _percent(template: str, values: cst.BaseExpression, scope: Scope,
             out: list[tuple[Piece, str, Scope]]) -> bool:
    if isinstance(values, cst.Tuple):
        items: list[cst.BaseExpression] = [e.value for e in values.elements]
    else:
        items = [values]
    named = {}
    if isinstance(values, cst.Dict):
        for element in values.elements:
            if isinstance(element, cst.DictElement) and \
                    isinstance(element.key, cst.SimpleString):
                named[element.key.evaluated_value] = element.value
    position = 0
    last = 0
    for match in _PERCENT.finditer(template):
        out.append((template[last:match.start()], "", scope))
        last = match.end()
        kind = match.group(2)
        if kind == "%":
            out.append(("%", "", scope))
            continue
        if match.group(1):
            value = named.get(match.group(1))
        else:
            value = items[position] if position < len(items) else None
            position += 1
        if value is None:
            return False
        if kind in "sr":
            out.append((value, "`%` formatting", scope))
        else:
            out.append(("0", "", scope))     # %d, %f: only numbers get through
    out.append((template[last:], "", scope))
    return True


def _format(template: str, call: cst.Call, scope: Scope,
            out: list[tuple[Piece, str, Scope]]) -> bool:
    positional = [a.value for a in call.args if a.keyword is None and not a.star]
    keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
    if any(a.star for a in call.args):
        return False
    auto = 0
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        return False
    for literal, field, spec, _conversion in fields:
        out.append((literal, "", scope))
        if field is None:
            continue
        head = re.split(r"[.\[]", field, maxsplit=1)[0]
        if head == "":
            value = positional[auto] if auto < len(positional) else None
            auto += 1
        elif head.isdigit():
            index = int(head)
            value = positional[index] if index < len(positional) else None
        else:
            value = keywords.get(head)
        if value is None:
            return False
        if spec and spec[-1:] in ("d", "f", "e", "g", "x", "n", "%"):
            out.append(("0", "", scope))
        else:
            out.append((value, "`.format()`", scope))
    return True


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
        return _safe_type(scan, node, scope)
    if isinstance(node, cst.Attribute):
        text = scan.code(node, 200)
        return text.endswith(_SAFE_ATTRIBUTES) or _enum_value(scan, node, scope)
    if isinstance(node, cst.IfExp):
        return _safe_value(scan, node.body, scope) and _safe_value(scan, node.orelse, scope)
    if isinstance(node, cst.Call):
        if isinstance(node.func, cst.Name) and node.func.value in _SAFE_CALLS and \
                not scan.is_local(node.func.value, scope):
            return True
        callee = node.func.attr.value if isinstance(node.func, cst.Attribute) else \
            node.func.value if isinstance(node.func, cst.Name) else ""
        if _QUOTING.search(callee):
            return True     # the author quotes or escapes the value on purpose
        if isinstance(node.func, cst.Attribute) and node.func.attr.value == "join" and \
                constant_string(scan, node.func.value, scope) is not None and node.args:
            return _placeholders(scan, node.args[0].value, scope)
        return False
    if isinstance(node, cst.BinaryOperation):
        both = _safe_value(scan, node.left, scope) and _safe_value(scan, node.right, scope)
        if isinstance(node.operator, cst.Add) or both:
            return both
        # arithmetic with a number: a number (str supports only `*` by an int, `%`)
        numeric = (isinstance(node.left, (cst.Integer, cst.Float)) or
                   isinstance(node.right, (cst.Integer, cst.Float)))
        if isinstance(node.operator, (cst.Subtract, cst.Divide, cst.FloorDivide, cst.Power)):
            return numeric
        if isinstance(node.operator, cst.Multiply):
            return isinstance(node.left, cst.Float) or isinstance(node.right, cst.Float)
    return False


def _safe_type(scan: ModuleScan, node: cst.BaseExpression, scope: Scope) -> bool:
    """A value typed as a number, a bool or a project enum (its values are the enum's own
    constants)."""
    value_type = scan.value_type(node, scope)
    if value_type is not None and bool(value_type.names) and \
            value_type.names <= {"int", "float", "bool"}:
        return True
    if not isinstance(node, cst.Name) or not scan.project.enums:
        return False
    owner, bindings = scan.lookup(node.value, scope)
    annotations = [b.annotation for b in bindings if b.kind in ("param", "annassign")]
    if owner is None or len(annotations) != len(bindings) or not annotations:
        return False
    return all(a is not None and _names_enum(scan, a, owner) for a in annotations)


def _names_enum(scan: ModuleScan, annotation: cst.BaseExpression, scope: Scope) -> bool:
    """``Colour``, ``"Colour"``, ``Colour | None``, ``Optional[Colour]`` for a project enum."""
    if isinstance(annotation, cst.SimpleString):
        try:
            annotation = cst.parse_expression(str(annotation.evaluated_value).strip())
        except Exception:       # noqa: BLE001 - an unparsable string annotation says nothing
            return False
    if isinstance(annotation, cst.BinaryOperation) and isinstance(annotation.operator, cst.BitOr):
        sides = [annotation.left, annotation.right]
        return any(_names_enum(scan, s, scope) for s in sides) and all(
            _names_enum(scan, s, scope) or isinstance(s, cst.Name) and s.value == "None"
            for s in sides)
    if isinstance(annotation, cst.Subscript) and len(annotation.slice) == 1 and \
            isinstance(annotation.slice[0].slice, cst.Index) and \
            scan.qualify(scan.code(annotation.value, 80), scope) in ("typing.Optional",
                                                                   "Optional"):
        return _names_enum(scan, annotation.slice[0].slice.value, scope)
    if isinstance(annotation, (cst.Name, cst.Attribute)):
        return scan.qualify(scan.code(annotation, 200), scope) in scan.project.enums
    return False


def _enum_value(scan: ModuleScan, node: cst.Attribute, scope: Scope) -> bool:
    """``self.value`` in a method of an enum, ``Colour.RED.value``, ``colour.value`` of an
    enum-typed name: one of the enum's constants."""
    base = node.value
    if isinstance(base, cst.Name) and base.value in ("self", "cls"):
        owner = scope
        while owner is not None and owner.kind != "class":
            owner = owner.parent
        if owner is not None and isinstance(owner.node, cst.ClassDef):
            qualname = f"{scan.info.module_name}.{owner.node.name.value}"
            return qualname in scan.project.enums and node.attr.value in ("value", "name")
        return False
    if isinstance(base, cst.Name):
        return _safe_type(scan, base, scope) and node.attr.value in ("value", "name")
    root = base
    while isinstance(root, cst.Attribute):
        root = root.value
    if isinstance(root, cst.Name):
        qualified = scan.orm_name(root, scope)
        return qualified in scan.project.enums
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
