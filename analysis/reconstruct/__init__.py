"""Reconstruction: the statement an expression of user code builds, rebuilt with real ``orm``
objects of the shadow model (never by importing or running the code).

Example::

    context = ModuleContext(info.module_name, info.imports, info.defs, project, shadow_model(project))
    found = reconstruct_at(context, source_tree(info.source), line=12, column=20)
    if found is not None:
        print(found.statement)          # the orm Select / Insert / ... the runtime would execute
        found.range, found.dynamic      # where it is; run-time values as named parameters

The cursor may be anywhere in the statement expression (the whole method chain, any argument, the
name it is assigned to, or a name holding it) or on the call that executes it
(``session.execute(stmt)``, ``session.scalars(...).all()``): the outermost expression that is a
statement wins.
Expressions outside the whitelist of :mod:`analysis.reconstruct.api` give None, never a guess.
"""
from __future__ import annotations

import ast
import logging
from dataclasses import dataclass, field
from typing import Any, Optional

from analysis.findings import Range
from analysis.reconstruct.interpreter import Interpreter, ModuleContext
from analysis.reconstruct.legacy import LegacyQuery
from analysis.reconstruct.source import SourceTree, source_tree
from analysis.reconstruct.values import DynamicValue, Unsupported, UsesStatement

log = logging.getLogger("ormlens")
_CANDIDATES = (ast.Call, ast.Name, ast.Attribute, ast.Subscript, ast.NamedExpr)
# session/connection methods that run the statement given as their first argument
EXECUTE_METHODS = frozenset({"execute", "scalars", "scalar", "stream", "stream_scalars"})


@dataclass
class Reconstruction:
    """A rebuilt statement.

    ``statement``: what the runtime executes (a legacy query's terminal method applied);
    ``kind``: "select" | "insert" | "update" | "delete"; ``legacy``: built by the ``Query`` API;
    ``dynamic``: bound parameter name -> stand-in of a value known only at run time;
    ``notes``: what the reader should know (a conditional refinement was included).
    """

    statement: Any
    kind: str
    legacy: bool
    range: Range
    source: str
    dynamic: dict[str, DynamicValue] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    terminal: Optional[str] = None


def statement_kind(value: Any) -> Optional[str]:
    """"select" / "insert" / "update" / "delete" for an executable statement, else None."""
    if isinstance(value, LegacyQuery):
        return "select"
    if getattr(value, "is_dml", False) is True:
        for kind in ("insert", "update", "delete"):
            if getattr(value, f"is_{kind}", False) is True:
                return kind
        return None
    name = type(value).__name__
    if name in ("Select", "CompoundSelect", "TextualSelect") and \
            getattr(value, "supports_execution", False):
        return "select"
    return None


def module_names(tree: SourceTree, module_name: str, is_package: bool,
                 imports: dict[str, str], defs: set[str]) -> tuple[dict[str, str], set[str]]:
    """Imports and top-level definitions of a module that does not parse as a whole, read from
    its top-level blocks that do (those given win)."""
    from analysis.reconstruct.scope import scope_of

    imports, defs = dict(imports), set(defs)
    for block in tree.blocks():
        scope = scope_of(tree, block, module_name, is_package)
        for name, bindings in scope.bindings.items():
            for binding in bindings:
                if binding.kind == "import" and binding.target and name not in imports:
                    imports[name] = binding.target
                elif binding.kind in ("def", "assign"):
                    defs.add(name)
    return imports, defs


def candidates_at(tree: SourceTree, line: int, column: int) -> list[ast.AST]:
    """Expressions that may be the statement at the position, outermost first."""
    chain = tree.chain_at(line, column)
    out: list[ast.AST] = []
    for index, node in enumerate(chain):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            nxt = chain[index + 1] if index + 1 < len(chain) else None
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if nxt is not None and any(nxt is t for t in targets):
                out.append(node.value)
        if isinstance(node, _CANDIDATES):
            out.append(node)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in EXECUTE_METHODS and node.args and \
                not isinstance(node.args[0], ast.Starred):
            # `session.execute(stmt)`: on the call itself, the statement it runs
            out.append(node.args[0])
    return out


def reconstruct_at(context: ModuleContext, tree: SourceTree, line: int, column: int
                   ) -> Optional[Reconstruction]:
    """The statement expression at the 0-based position, rebuilt; None when there is none."""
    found = _reconstruct_at(context, tree, line, column, frozenset())
    if found is not None and found.dynamic:
        # a run-time parameter named like a column an INSERT/UPDATE sets otherwise
        # (`values(name="ed", email=name)`): rebuilt with those names taken
        from analysis.reconstruct.runtime import dml_bind_names

        taken = dml_bind_names(found.statement)
        if taken & set(found.dynamic):
            found = _reconstruct_at(context, tree, line, column, frozenset(taken))
    return found


def _reconstruct_at(context: ModuleContext, tree: SourceTree, line: int, column: int,
                    reserved: frozenset[str]) -> Optional[Reconstruction]:
    interpreter = Interpreter(context, tree, reserved)
    for node in candidates_at(tree, line, column):
        try:
            value = interpreter.evaluate(node)
        except UsesStatement as exc:
            if exc.node is node:
                continue        # `stmt.compile()`: the statement inside is the preview
            log.debug("no preview at %s: %s", type(node).__name__, exc)
            return None
        except Unsupported as exc:
            # the expression builds something the preview cannot rebuild (or the runtime would
            # refuse): showing a part of it would be a guess
            log.debug("no preview at %s: %s", type(node).__name__, exc)
            return None
        except Exception:   # the interpreter must never take its caller down
            log.debug("reconstruction failed", exc_info=True)
            return None
        found = _found(interpreter, tree, node, value)
        if found is not None:
            return found
        # not a statement (a session call, a column): the statement may be inside it
    return None


def reconstruct_node(context: ModuleContext, tree: SourceTree, node: ast.AST
                     ) -> Optional[Reconstruction]:
    """``node`` (an expression of ``tree``) rebuilt, or None."""
    return _attempt(Interpreter(context, tree), tree, node)


def _attempt(interpreter: Interpreter, tree: SourceTree, node: ast.AST
             ) -> Optional[Reconstruction]:
    try:
        value = interpreter.evaluate(node)
    except Exception:   # Unsupported, or anything else: no reconstruction, never a crash
        log.debug("no reconstruction of %s", type(node).__name__, exc_info=True)
        return None
    return _found(interpreter, tree, node, value)


def _found(interpreter: Interpreter, tree: SourceTree, node: ast.AST, value: Any
           ) -> Optional[Reconstruction]:
    kind = statement_kind(value)
    if kind is None:
        return None
    legacy = isinstance(value, LegacyQuery)
    statement = value.executed if legacy else value
    return Reconstruction(statement=statement, kind=kind, legacy=legacy, range=tree.range(node),
                          source=tree.segment(node), dynamic=dict(interpreter.dynamic),
                          notes=list(interpreter.notes),
                          terminal=value.terminal if legacy else None)


__all__ = ["ModuleContext", "Reconstruction", "candidates_at", "module_names", "reconstruct_at",
           "reconstruct_node", "source_tree", "statement_kind"]
