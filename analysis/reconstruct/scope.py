"""What a name holds where it is used: the assignments of one function (or module) in order.

Statements are often assembled over a few lines::

    stmt = select(User)
    if name:
        stmt = stmt.where(User.name == name)     # a conditional refinement: applied, noted
    return session.scalars(stmt)

:func:`lookup` finds the binding a use of a name sees: the last assignment before it in the same
function, with whether it sits in a branch (``if``/``except``/``match``) or a loop that does not
also hold the use.  Function parameters, loop and ``with`` targets are values known only at run
time.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Optional

from analysis.reconstruct.source import SourceTree

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.Module)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


@dataclass(frozen=True)
class Binding:
    """``kind``: "assign" (``value`` set), "param", "target" (loop/with/except/unpacking),
    "import" (``target`` = dotted module path), "def", "global", "augassign", "delete"."""

    name: str
    kind: str
    stmt: ast.AST
    start: tuple[int, int]
    end: tuple[int, int]
    blocks: tuple[tuple[int, str, str], ...]   # (id of compound stmt, field, "loop"|"cond"|"plain")
    value: Optional[ast.expr] = None
    target: Optional[str] = None


@dataclass
class Scope:
    node: ast.AST
    bindings: dict[str, list[Binding]]


@dataclass(frozen=True)
class Resolution:
    """What :func:`lookup` found.  ``binding`` is None for a free name (module imports, builtins);
    ``conditional``/``in_loop``: the binding sits in a branch / loop that the use is not in."""

    binding: Optional[Binding]
    scope: Optional[Scope]
    conditional: bool = False
    in_loop: bool = False
    comprehension: bool = False   # bound by a comprehension or lambda around the use


def _pos(node: ast.AST) -> tuple[int, int]:
    return (node.lineno, node.col_offset)  # type: ignore[attr-defined]


def _end(node: ast.AST) -> tuple[int, int]:
    return (node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]


def _block_fields(stmt: ast.stmt) -> list[tuple[str, list, str]]:
    if isinstance(stmt, (ast.For, ast.AsyncFor, ast.While)):
        return [("body", stmt.body, "loop"), ("orelse", stmt.orelse, "loop")]
    if isinstance(stmt, ast.If):
        return [("body", stmt.body, "cond"), ("orelse", stmt.orelse, "cond")]
    if isinstance(stmt, (ast.With, ast.AsyncWith)):
        return [("body", stmt.body, "plain")]
    if isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
        out = [("body", stmt.body, "plain")]
        out += [(f"handler{i}", h.body, "cond") for i, h in enumerate(stmt.handlers)]
        out += [("orelse", stmt.orelse, "cond"), ("finalbody", stmt.finalbody, "plain")]
        return out
    if isinstance(stmt, ast.Match):
        return [(f"case{i}", c.body, "cond") for i, c in enumerate(stmt.cases)]
    return []


def _names(target: ast.AST) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [n for elt in target.elts for n in _names(elt)]
    if isinstance(target, ast.Starred):
        return _names(target.value)
    return []


def _parallel(target: ast.AST, value: ast.AST) -> bool:
    return isinstance(target, (ast.Tuple, ast.List)) and \
        isinstance(value, (ast.Tuple, ast.List)) and len(target.elts) == len(value.elts) and \
        all(isinstance(e, ast.Name) for e in target.elts) and \
        not any(isinstance(e, ast.Starred) for e in value.elts)


class _ScopeBuilder:
    def __init__(self, module_name: str, is_package: bool) -> None:
        self.bindings: dict[str, list[Binding]] = {}
        self.module_name = module_name
        self.is_package = is_package

    def add(self, name: str, kind: str, stmt: ast.AST, blocks: tuple, value=None,
            target=None) -> None:
        self.bindings.setdefault(name, []).append(
            Binding(name, kind, stmt, _pos(stmt), _end(stmt), blocks, value, target))

    def visit(self, body: list, blocks: tuple) -> None:
        for stmt in body:
            self.statement(stmt, blocks)
            for field, stmts, kind in _block_fields(stmt):
                self.visit(stmts, blocks + ((id(stmt), field, kind),))

    def statement(self, stmt: ast.stmt, blocks: tuple) -> None:
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    self.add(target.id, "assign", stmt, blocks, value=stmt.value)
                elif _parallel(target, stmt.value):
                    # `a1, a2 = aliased(Address), aliased(Address)`: element by element
                    for element, value in zip(target.elts, stmt.value.elts):  # type: ignore
                        self.add(element.id, "assign", stmt, blocks, value=value)
                else:
                    for name in _names(target):
                        self.add(name, "target", stmt, blocks)
        elif isinstance(stmt, ast.AnnAssign):
            if isinstance(stmt.target, ast.Name) and stmt.value is not None:
                self.add(stmt.target.id, "assign", stmt, blocks, value=stmt.value)
        elif isinstance(stmt, ast.AugAssign):
            for name in _names(stmt.target):
                self.add(name, "augassign", stmt, blocks)
        elif isinstance(stmt, (ast.For, ast.AsyncFor)):
            for name in _names(stmt.target):
                self.add(name, "target", stmt, blocks)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            for item in stmt.items:
                if item.optional_vars is not None:
                    for name in _names(item.optional_vars):
                        self.add(name, "target", stmt, blocks)
        elif isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
            for handler in stmt.handlers:
                if handler.name:
                    self.add(handler.name, "target", handler, blocks)
        elif isinstance(stmt, ast.Import):
            for alias in stmt.names:
                if alias.asname:
                    self.add(alias.asname, "import", stmt, blocks, target=alias.name)
                else:
                    head = alias.name.split(".")[0]
                    self.add(head, "import", stmt, blocks, target=head)
        elif isinstance(stmt, ast.ImportFrom):
            base = self._absolute(stmt.module or "", stmt.level)
            for alias in stmt.names:
                if alias.name != "*":
                    self.add(alias.asname or alias.name, "import", stmt, blocks,
                             target=f"{base}.{alias.name}" if base else alias.name)
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self.add(stmt.name, "def", stmt, blocks)
        elif isinstance(stmt, (ast.Global, ast.Nonlocal)):
            for name in stmt.names:
                self.add(name, "global", stmt, blocks)
        elif isinstance(stmt, ast.Delete):
            for target in stmt.targets:
                for name in _names(target):
                    self.add(name, "delete", stmt, blocks)
        if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self._walrus(stmt, blocks)

    def _walrus(self, stmt: ast.stmt, blocks: tuple) -> None:
        stack = [c for c in ast.iter_child_nodes(stmt) if not isinstance(c, ast.stmt)]
        while stack:
            node = stack.pop()
            if isinstance(node, ast.NamedExpr) and isinstance(node.target, ast.Name):
                self.add(node.target.id, "assign", stmt, blocks, value=node.value)
            if isinstance(node, (ast.Lambda,) + _COMPREHENSIONS):
                continue
            stack.extend(c for c in ast.iter_child_nodes(node) if not isinstance(c, ast.stmt))

    def _absolute(self, module: str, level: int) -> str:
        if level == 0:
            return module
        parts = self.module_name.split(".")
        if not self.is_package:
            parts = parts[:-1]
        if level > 1:
            parts = parts[:len(parts) - (level - 1)] if level - 1 <= len(parts) else []
        base = ".".join(parts)
        return f"{base}.{module}" if module and base else (module or base)


def scope_of(tree: SourceTree, node: ast.AST, module_name: str = "module",
             is_package: bool = False) -> Scope:
    """The bindings of the function, lambda or module ``node`` (cached on the tree)."""
    cached = tree.scopes.get(id(node))
    if isinstance(cached, Scope):
        return cached
    builder = _ScopeBuilder(module_name, is_package)
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        args = node.args
        for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs,
                    *([args.vararg] if args.vararg else []),
                    *([args.kwarg] if args.kwarg else [])]:
            builder.add(arg.arg, "param", node, ())
    if isinstance(node, ast.Lambda):
        pass
    else:
        builder.visit(node.body, ())  # type: ignore[attr-defined]
    scope = Scope(node, builder.bindings)
    tree.scopes[id(node)] = scope
    return scope


def _blocks_of(tree: SourceTree, use: ast.AST, scope_node: ast.AST) -> tuple:
    """The (compound statement, field, kind) path from ``scope_node`` down to ``use``."""
    path = []
    child = use
    for parent in tree.ancestors(use):
        if parent is scope_node:
            break
        if isinstance(parent, ast.stmt):
            for field, stmts, kind in _block_fields(parent):
                if any(s is child for s in stmts):
                    path.append((id(parent), field, kind))
                    break
        child = parent
    return tuple(reversed(path))


def lookup(tree: SourceTree, use: ast.AST, name: str, module_name: str = "module",
           is_package: bool = False) -> Resolution:
    """The binding the name ``name`` at node ``use`` sees (see the module docstring)."""
    scopes: list[ast.AST] = []
    for parent in tree.ancestors(use):
        if isinstance(parent, _COMPREHENSIONS):
            if any(name in _names(gen.target) for gen in parent.generators):
                return Resolution(None, None, comprehension=True)
        if isinstance(parent, _SCOPES):
            scopes.append(parent)
    if not scopes:
        return Resolution(None, None)
    use_pos = _pos(use)
    for depth, scope_node in enumerate(scopes):
        scope = scope_of(tree, scope_node, module_name, is_package)
        bindings = scope.bindings.get(name)
        if not bindings:
            continue
        if isinstance(scope_node, ast.Lambda):
            return Resolution(bindings[-1], scope, comprehension=True)
        if depth == 0 and not isinstance(scope_node, ast.Module):
            before = [b for b in bindings if b.kind == "param" or b.end <= use_pos]
            if not before:
                return Resolution(bindings[0], scope, conditional=True)
            chosen = before[-1]
            use_blocks = _blocks_of(tree, use, scope_node)
            later_in_loop = _loop_carried(bindings, chosen, use_blocks, use_pos)
            conditional, in_loop = _relative(chosen.blocks, use_blocks)
            return Resolution(chosen, scope, conditional, in_loop or later_in_loop)
        if isinstance(scope_node, ast.Module) and depth == 0:
            before = [b for b in bindings if b.end <= use_pos]
            if not before:
                return Resolution(None, None)
            chosen = before[-1]
            conditional, in_loop = _relative(chosen.blocks, _blocks_of(tree, use, scope_node))
            return Resolution(chosen, scope, conditional, in_loop)
        # an enclosing function or the module: the value at call time is the last one
        chosen = bindings[-1]
        conditional, in_loop = _relative(chosen.blocks, ())
        if len(bindings) > 1 and chosen.kind == "assign" and not isinstance(scope_node, ast.Module):
            conditional = True
        return Resolution(chosen, scope, conditional, in_loop)
    return Resolution(None, None)


def _relative(binding_blocks: tuple, use_blocks: tuple) -> tuple[bool, bool]:
    common = 0
    for a, b in zip(binding_blocks, use_blocks):
        if a != b:
            break
        common += 1
    extra = binding_blocks[common:]
    return any(kind == "cond" for _, _, kind in extra), any(kind == "loop" for _, _, kind in extra)


def _loop_carried(bindings: list[Binding], chosen: Binding, use_blocks: tuple,
                  use_pos: tuple[int, int]) -> bool:
    """True when the use sits in a loop that re-binds the name after it (the value then also
    comes from the previous iteration)."""
    loops = [block for block in use_blocks if block[2] == "loop"]
    if not loops:
        return False
    for binding in bindings:
        if binding.start > use_pos and any(block in binding.blocks for block in loops):
            return True
    return False


__all__ = ["Binding", "Resolution", "Scope", "lookup", "scope_of"]
