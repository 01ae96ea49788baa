"""Per-module facts for the model index, read with the standard ``ast`` parser.

The model index needs only a module's top level: imports, module-level assignments and class
bodies.  ``ast`` reads them about five times faster than libcst, and the facts are small picklable
data, so a process pool can extract them and a content-hash cache can keep them.  Rules work on
the libcst tree (:mod:`analysis.index.parse`); both see the same text.

Example::

    facts = extract_facts("from sqlalchemy.orm import DeclarativeBase\\n"
                          "class Base(DeclarativeBase): pass\\n", "app.db", False, "app/db.py")
    facts.imports["DeclarativeBase"]      # "sqlalchemy.orm.DeclarativeBase"
    facts.classes[0].bases[0].value       # "DeclarativeBase"
"""
from __future__ import annotations

import ast
import re
import warnings
from dataclasses import dataclass, field
from typing import Any, Optional

from analysis.findings import Position, Range
from analysis.index.library import star_exports
from analysis.index.model import InitSignature
from analysis.index.syntax import parse_python
from analysis.index.modules import absolute_import

TEXT_LIMIT = 240


@dataclass(frozen=True)
class Expr:
    """A small picture of an expression, enough to interpret mapping calls.

    ``kind`` is one of ``str``, ``const`` (numbers, bools, None; ``value`` holds it), ``name``
    (a dotted chain of names, ``value`` = ``"db.Column"``), ``attr`` (attribute of something that
    is not a name: ``func`` is the object, ``value`` the attribute), ``call`` (``func`` the callee,
    ``items`` the positional arguments, ``keywords`` the named ones; ``**kw`` is keyword ``"**"``),
    ``subscript`` (``func`` the base, ``items`` the indexes), ``union`` (``a | b``; ``items``),
    ``lambda`` (``items[0]`` the body), ``seq`` (list/tuple/set; ``items``), ``dict`` (``items`` are
    ``(key, value)`` Expr pairs) and ``other``.  ``text`` is the source (cut at 240 characters).
    """

    kind: str
    value: Any = None
    items: tuple = ()
    keywords: tuple = ()
    func: Optional["Expr"] = None
    text: str = ""
    range: Optional[Range] = None

    def keyword(self, name: str) -> Optional["Expr"]:
        for key, value in self.keywords:
            if key == name:
                return value
        return None

    @property
    def literal(self) -> Any:
        """The Python value of a ``str``/``const`` expression (None otherwise)."""
        return self.value if self.kind in ("str", "const") else None


@dataclass(frozen=True)
class AttrFact:
    """``key[: annotation] [= value]`` in a class body (or a ``@declared_attr`` method's return)."""

    key: str
    annotation: Optional[Expr]
    value: Optional[Expr]
    range: Range
    declared_attr: bool = False


@dataclass(frozen=True)
class MethodFact:
    name: str
    decorators: tuple[Expr, ...]
    range: Range
    returns: Optional[Expr] = None     # the expression of a lone/last ``return``
    annotation: Optional[Expr] = None  # the return annotation
    signature: Optional[InitSignature] = None   # for ``__init__`` only


@dataclass(frozen=True)
class ClassFact:
    name: str
    qualname: str
    bases: tuple[Expr, ...]
    keywords: tuple[tuple[str, Expr], ...]
    decorators: tuple[Expr, ...]
    attrs: tuple[AttrFact, ...]
    methods: tuple[MethodFact, ...]
    other_names: tuple[str, ...]       # nested classes, names assigned some other way
    range: Range                       # the class name


@dataclass(frozen=True)
class ImportFact:
    local: str                 # the name bound in the module ("*" for star imports)
    target: str                # absolute dotted target ("pkg.models.User", or the module for *)
    line: int                  # 0-based
    is_module: bool = False    # ``import a.b`` / ``import a.b as c`` (binds a module)


@dataclass
class ModuleFacts:
    """What the index needs from one module.  Picklable; equal when the index-relevant parts are."""

    module: str
    path: str
    is_package: bool
    imports: dict[str, str] = field(default_factory=dict)   # local name -> dotted target
    import_list: tuple[ImportFact, ...] = ()
    star_imports: tuple[str, ...] = ()                       # absolute modules of `import *`
    assigns: dict[str, Expr] = field(default_factory=dict)  # module-level NAME = value
    defs: set[str] = field(default_factory=set)              # top-level names defined here
    classes: tuple[ClassFact, ...] = ()
    all_names: Optional[tuple[str, ...]] = None              # __all__ when a literal
    attr_assigns: tuple[tuple[str, str], ...] = ()           # `Base.query = ...`: (owner, attr)
    # module-level `NAME = callee(...)` of other callees: NAME -> the callee as written (a
    # project function may make a declarative base)
    call_assigns: dict[str, str] = field(default_factory=dict)
    # top-level functions that make a declarative base: name -> ("call", the returned
    # `declarative_base(...)` call) or ("class", the class they define and return)
    factories: dict[str, tuple[str, Any]] = field(default_factory=dict)
    # module-level `registry.map_imperatively(Cls, table, ...)` / `mapper(Cls, table, ...)`
    imperative: tuple[Expr, ...] = ()
    syntax_error: Optional[tuple[str, Range]] = None
    lines: int = 0
    # 0-based (first line, last line) of each top-level statement, decorators included: where
    # the libcst tree can be parsed piece by piece (analysis.index.chunks)
    statement_spans: tuple[tuple[int, int], ...] = ()
    # the module configures expire_on_commit (a session factory keeping objects loaded after
    # commit): the flow then does not expire loaded objects at session.commit()
    mentions_expire_on_commit: bool = False
    # module-level `NAME = <str/int/float/bool literal>` bound once: NAME -> its Python type
    constants: dict[str, str] = field(default_factory=dict)

    def index_key(self) -> tuple:
        """The parts that change the model index (positions included: ranges are reported)."""
        return (self.module, self.path, tuple(sorted(self.imports.items())), self.star_imports,
                tuple(sorted(self.assigns.items(), key=lambda kv: kv[0])),
                tuple(sorted(self.defs)), self.classes, self.all_names, self.attr_assigns,
                tuple(sorted(self.call_assigns.items())),
                tuple(sorted(self.factories.items(), key=lambda kv: kv[0])), self.imperative,
                self.mentions_expire_on_commit, tuple(sorted(self.constants.items())))


class _Converter:
    """ast nodes -> :class:`Expr`, with 0-based character positions."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self._encoded: dict[int, bytes] = {}

    def _col(self, line: int, byte_col: int) -> int:
        # ast columns count UTF-8 bytes; positions count characters
        if line >= len(self.lines):
            return byte_col
        raw = self.lines[line]
        if raw.isascii():
            return byte_col
        data = self._encoded.get(line)
        if data is None:
            data = self._encoded[line] = raw.encode("utf-8", "surrogatepass")
        return len(data[:byte_col].decode("utf-8", "replace"))

    def range(self, node: ast.AST) -> Range:
        line = node.lineno - 1
        end_line = (getattr(node, "end_lineno", None) or node.lineno) - 1
        end_col = getattr(node, "end_col_offset", None)
        start = Position(line, self._col(line, node.col_offset))
        end = Position(end_line, self._col(end_line, end_col if end_col is not None
                                           else node.col_offset))
        return Range(start, end)

    def text(self, rng: Range) -> str:
        if rng.start.line == rng.end.line:
            out = self.lines[rng.start.line][rng.start.column:rng.end.column]
        else:
            chunk = [self.lines[rng.start.line][rng.start.column:]]
            chunk.extend(self.lines[rng.start.line + 1:rng.end.line])
            chunk.append(self.lines[rng.end.line][:rng.end.column])
            out = "\n".join(chunk)
        return out if len(out) <= TEXT_LIMIT else out[:TEXT_LIMIT] + "..."

    def expr(self, node: Optional[ast.AST], depth: int = 0) -> Optional[Expr]:
        if node is None:
            return None
        rng = self.range(node)
        if depth > 12:
            return Expr("other", text=self.text(rng), range=rng)
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                return Expr("str", node.value, text=self.text(rng), range=rng)
            if isinstance(node.value, (int, float, bool, type(None), bytes)):
                return Expr("const", node.value, text=self.text(rng), range=rng)
            return Expr("other", text=self.text(rng), range=rng)
        dotted = _dotted(node)
        if dotted is not None:
            return Expr("name", dotted, text=dotted, range=rng)
        sub = depth + 1
        if isinstance(node, ast.Attribute):
            return Expr("attr", node.attr, func=self.expr(node.value, sub), text=self.text(rng),
                        range=rng)
        if isinstance(node, ast.Call):
            items = tuple(self.expr(a.value if isinstance(a, ast.Starred) else a, sub)
                          for a in node.args)
            keywords = tuple((k.arg or "**", self.expr(k.value, sub)) for k in node.keywords)
            return Expr("call", items=items, keywords=keywords, func=self.expr(node.func, sub),
                        text=self.text(rng), range=rng)
        if isinstance(node, ast.Subscript):
            index = node.slice
            elts = index.elts if isinstance(index, ast.Tuple) else [index]
            return Expr("subscript", items=tuple(self.expr(e, sub) for e in elts),
                        func=self.expr(node.value, sub), text=self.text(rng), range=rng)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            items: list[Expr] = []
            for side in (node.left, node.right):
                part = self.expr(side, sub)
                if part is not None and part.kind == "union":
                    items.extend(part.items)
                elif part is not None:
                    items.append(part)
            return Expr("union", items=tuple(items), text=self.text(rng), range=rng)
        if isinstance(node, ast.Lambda):
            return Expr("lambda", items=(self.expr(node.body, sub),), text=self.text(rng),
                        range=rng)
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return Expr("seq", items=tuple(self.expr(e, sub) for e in node.elts),
                        text=self.text(rng), range=rng)
        if isinstance(node, ast.Dict):
            pairs = tuple((self.expr(k, sub) if k is not None else Expr("other", text="**"),
                           self.expr(v, sub)) for k, v in zip(node.keys, node.values))
            return Expr("dict", items=pairs, text=self.text(rng), range=rng)
        return Expr("other", text=self.text(rng), range=rng)


# module-level assignments the index reads: bases, registries, Flask-SQLAlchemy objects, tables
INDEX_CALLS = frozenset({"declarative_base", "SQLAlchemy", "registry", "Table", "generate_base",
                         "as_declarative_base"})


# module-level calls that map a class imperatively (the builder checks what they resolve to)
IMPERATIVE_CALLS = frozenset({"map_imperatively", "mapper"})


def _callee_name(call: ast.Call) -> Optional[str]:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else None


def _index_relevant(value: Optional[ast.AST], aliases: dict[str, str]) -> bool:
    """Whether a module-level value can matter to the index (most assignments cannot, and
    converting thousands of them would dominate the cost of reading a module)."""
    if value is None:
        return False
    if isinstance(value, (ast.Name, ast.Attribute)):
        return True        # aliases: `Model = db.Model`
    if isinstance(value, ast.Call):
        func = value.func
        if isinstance(func, ast.Attribute):
            name = func.attr
        elif isinstance(func, ast.Name):
            name = aliases.get(func.id, func.id)
        else:
            return False
        return name in INDEX_CALLS
    return False


def _dotted(node: ast.AST) -> Optional[str]:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _name_range(conv: _Converter, node: ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
                ) -> Range:
    """The range of the name in ``class Name`` / ``def name`` (ast only gives the keyword's)."""
    line = node.lineno - 1
    raw = conv.lines[line] if line < len(conv.lines) else ""
    keyword = "class" if isinstance(node, ast.ClassDef) else "def"
    at = raw.find(keyword, conv._col(line, node.col_offset))
    col = raw.find(node.name, at + len(keyword)) if at >= 0 else -1
    if col < 0:
        col = conv._col(line, node.col_offset)
        return Range(Position(line, col), Position(line, col))
    return Range(Position(line, col), Position(line, col + len(node.name)))


def _top_level(body: list[ast.stmt]) -> list[ast.stmt]:
    """Statements at module level, including those inside top-level if/try/with blocks."""
    out: list[ast.stmt] = []
    stack = list(reversed(body))
    while stack:
        stmt = stack.pop()
        out.append(stmt)
        blocks: list[list[ast.stmt]] = []
        if isinstance(stmt, ast.If):
            blocks = [stmt.body, stmt.orelse]
        elif isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
            blocks = [stmt.body, stmt.orelse, stmt.finalbody]   # type: ignore[attr-defined]
            blocks.extend(h.body for h in stmt.handlers)        # type: ignore[attr-defined]
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            blocks = [stmt.body]
        for block in reversed(blocks):
            stack.extend(reversed(block))
    return out


def _init_signature(method: ast.FunctionDef | ast.AsyncFunctionDef, owner: str
                    ) -> InitSignature:
    """What keywords ``def __init__`` takes, and whether it hands ``**kwargs`` on to another
    ``__init__`` (``super().__init__(**kw)``, ``super(Cls, self).__init__(**kw)``,
    ``Base.__init__(self, **kw)``)."""
    args = method.args
    positional = [*args.posonlyargs, *args.args][1:]          # without self
    # `self` is the first parameter: positional-only when there are such, else the first arg
    keywords = [a.arg for a in (args.args if args.posonlyargs else args.args[1:])]
    keywords += [a.arg for a in args.kwonlyargs]
    forwards = False
    var_keyword = args.kwarg.arg if args.kwarg is not None else None
    if var_keyword is not None:
        for node in ast.walk(method):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr == "__init__" and any(
                        k.arg is None and isinstance(k.value, ast.Name) and
                        k.value.id == var_keyword for k in node.keywords):
                forwards = True
                break
    return InitSignature(owner, tuple(keywords), var_keyword is not None, forwards,
                         len(positional), args.vararg is not None)


def _class_fact(conv: _Converter, node: ast.ClassDef, qualname: str) -> ClassFact:
    attrs: list[AttrFact] = []
    methods: list[MethodFact] = []
    others: list[str] = []
    for stmt in _top_level(node.body):
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            attrs.append(AttrFact(stmt.target.id, conv.expr(stmt.annotation),
                                  conv.expr(stmt.value), conv.range(stmt.target)))
        elif isinstance(stmt, ast.Assign):
            value = conv.expr(stmt.value)
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    attrs.append(AttrFact(target.id, None, value, conv.range(target)))
                elif isinstance(target, (ast.Tuple, ast.List)):
                    others.extend(e.id for e in target.elts if isinstance(e, ast.Name))
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            decorators = tuple(conv.expr(d) for d in stmt.decorator_list)
            returns = None
            for inner in reversed(stmt.body):
                if isinstance(inner, ast.Return):
                    returns = conv.expr(inner.value)
                    break
            signature = _init_signature(stmt, qualname) if stmt.name == "__init__" else None
            methods.append(MethodFact(stmt.name, decorators, _name_range(conv, stmt), returns,
                                      conv.expr(stmt.returns), signature))
        elif isinstance(stmt, ast.ClassDef):
            others.append(stmt.name)
    return ClassFact(
        name=node.name,
        qualname=qualname,
        bases=tuple(conv.expr(b) for b in node.bases),
        keywords=tuple((k.arg or "**", conv.expr(k.value)) for k in node.keywords),
        decorators=tuple(conv.expr(d) for d in node.decorator_list),
        attrs=tuple(attrs),
        methods=tuple(methods),
        other_names=tuple(others),
        range=_name_range(conv, node),
    )


def _base_factory(conv: _Converter, func: ast.FunctionDef | ast.AsyncFunctionDef, module: str,
                  aliases: dict[str, str]) -> Optional[tuple[str, Any]]:
    """``("call", Expr)`` when ``func`` returns ``declarative_base(...)`` (directly or through
    a local name), ``("class", ClassFact)`` when it returns a class it defines that derives from
    something or is decorated (the builder decides whether that is a declarative base)."""
    body = _top_level(func.body)
    last = next((s for s in reversed(func.body) if isinstance(s, ast.Return)), None)
    if last is None or last.value is None:
        return None
    value: Optional[ast.AST] = last.value
    if isinstance(value, ast.Name):
        name = value.id
        for stmt in body:
            if isinstance(stmt, ast.ClassDef) and stmt.name == name and \
                    (stmt.bases or stmt.decorator_list):
                return "class", _class_fact(conv, stmt, f"{module}.{func.name}.<locals>.{name}")
            if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name
                                                    for t in stmt.targets):
                value = stmt.value
        if isinstance(value, ast.Name):
            return None
    if isinstance(value, ast.Call) and _index_relevant(value, aliases):
        expr = conv.expr(value)
        if expr is not None:
            return "call", expr
    return None


def _note_constant(facts: ModuleFacts, name: str, value: Optional[ast.AST],
                   rebound: set) -> None:
    """Record ``name = <literal>`` as a typed constant; a name bound twice is none."""
    if name in facts.defs or name in rebound:
        rebound.add(name)
        facts.constants.pop(name, None)
        return
    if isinstance(value, ast.Constant) and type(value.value) in (str, int, float, bool):
        facts.constants[name] = type(value.value).__name__


# `expire_on_commit=False`, `"expire_on_commit": flag` (Flask session_options): anything but True
_KEEPS_LOADED = re.compile(r"expire_on_commit['\"]?\s*[=:](?!\s*True\b)")


def extract_facts(text: str, module: str, is_package: bool, path: str) -> ModuleFacts:
    """Read the index facts of one module's source ``text`` (never raises on bad syntax)."""
    facts = ModuleFacts(module=module, path=path, is_package=is_package,
                        lines=text.count("\n") + 1,
                        mentions_expire_on_commit="expire_on_commit" in text and
                        _KEEPS_LOADED.search(text) is not None)
    try:
        with warnings.catch_warnings():
            # the user's invalid escapes and `is` literals are not ours to warn about
            warnings.simplefilter("ignore")
            tree = parse_python(text, filename=path)
    except SyntaxError as exc:
        line = max((exc.lineno or 1) - 1, 0)
        col = max((exc.offset or 1) - 1, 0)
        facts.syntax_error = (exc.msg or "invalid syntax", Range(Position(line, col),
                                                                 Position(line, col)))
        return facts
    except (ValueError, RecursionError, MemoryError) as exc:
        # null bytes, nesting deeper than the parser allows
        facts.syntax_error = (str(exc) or type(exc).__name__, Range(Position(0, 0),
                                                                    Position(0, 0)))
        return facts
    conv = _Converter(text)
    imports: list[ImportFact] = []
    stars: list[str] = []
    classes: list[ClassFact] = []
    attr_assigns: list[tuple[str, str]] = []
    imperative: list[Expr] = []
    aliases: dict[str, str] = {}
    rebound: set[str] = set()
    facts.statement_spans = tuple(
        (min([stmt.lineno, *(d.lineno for d in getattr(stmt, "decorator_list", ()))]) - 1,
         (stmt.end_lineno or stmt.lineno) - 1) for stmt in tree.body)
    try:
        statements = _top_level(tree.body)
        for stmt in statements:
            if isinstance(stmt, ast.Import):
                for alias in stmt.names:
                    if alias.asname:
                        imports.append(ImportFact(alias.asname, alias.name, stmt.lineno - 1, True))
                    else:
                        # `import a.b` binds `a`; `a.b.X` then reads through it
                        head = alias.name.split(".")[0]
                        imports.append(ImportFact(head, head, stmt.lineno - 1, True))
            elif isinstance(stmt, ast.ImportFrom):
                base = absolute_import(module, is_package, stmt.level, stmt.module)
                for alias in stmt.names:
                    if alias.asname:
                        aliases[alias.asname] = alias.name
                    if alias.name == "*":
                        stars.append(base)
                        # `from sqlalchemy import *`: the library's names, bound here in order
                        # (a later explicit import still wins, as at runtime)
                        for name in star_exports(base) or ():
                            imports.append(ImportFact(name, f"{base}.{name}", stmt.lineno - 1))
                        continue
                    target = f"{base}.{alias.name}" if base else alias.name
                    imports.append(ImportFact(alias.asname or alias.name, target,
                                              stmt.lineno - 1))
            elif isinstance(stmt, ast.ClassDef):
                classes.append(_class_fact(conv, stmt, f"{module}.{stmt.name}"))
                facts.defs.add(stmt.name)
            elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                facts.defs.add(stmt.name)
                factory = _base_factory(conv, stmt, module, aliases)
                if factory is not None:
                    facts.factories[stmt.name] = factory
            elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and \
                    _callee_name(stmt.value) in IMPERATIVE_CALLS:
                mapping = conv.expr(stmt.value)
                if mapping is not None:
                    imperative.append(mapping)
            elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                value = conv.expr(stmt.value) if _index_relevant(stmt.value, aliases) or (
                    any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets)) \
                    else None
                callee = _dotted(stmt.value.func) if value is None and \
                    isinstance(stmt.value, ast.Call) else None
                for target in targets:
                    if isinstance(target, ast.Name):
                        _note_constant(facts, target.id, stmt.value, rebound)
                        facts.defs.add(target.id)
                        if callee is not None:
                            facts.call_assigns[target.id] = callee
                        if value is not None:
                            facts.assigns[target.id] = value
                            if target.id == "__all__" and value.kind == "seq":
                                facts.all_names = tuple(i.value for i in value.items
                                                        if i is not None and i.kind == "str")
                    elif isinstance(target, (ast.Tuple, ast.List)):
                        facts.defs.update(e.id for e in target.elts if isinstance(e, ast.Name))
                    elif isinstance(target, ast.Attribute):
                        owner = _dotted(target.value)
                        if owner is not None:
                            attr_assigns.append((owner, target.attr))
    except RecursionError:
        # pathologically nested expressions: keep what was read so far
        pass
    for imp in imports:
        facts.imports[imp.local] = imp.target
    facts.import_list = tuple(imports)
    facts.star_imports = tuple(stars)
    facts.classes = tuple(classes)
    facts.attr_assigns = tuple(attr_assigns)
    facts.imperative = tuple(imperative)
    return facts


__all__ = ["AttrFact", "ClassFact", "Expr", "ImportFact", "MethodFact", "ModuleFacts",
           "extract_facts"]
