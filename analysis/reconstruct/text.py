"""Relationship arguments written as source (``order_by="Post.created.desc()"``,
``remote_side=[id]``, ``primaryjoin=lambda: ...``) interpreted for the shadow model.

The ORM evaluates such strings with ``eval``; the checker never does: the text is parsed and run
through the same whitelisted interpreter as statements.  A bare name is first a column of the
class being mapped (``remote_side=[id]`` names the class body's ``id``), then a model or an ORM
name of the model's module.

Example::

    evaluate_argument(shadow, post_model, '"Post.created.desc()"')   # an orm UnaryExpression
"""
from __future__ import annotations

import ast
from typing import Any

from analysis.index.model import ModelInfo
from analysis.reconstruct.interpreter import Interpreter, ModuleContext
from analysis.reconstruct.source import source_tree
from analysis.reconstruct.values import Dynamic, Unsupported
from analysis.shadow import ShadowModel


class _ClassBodyInterpreter(Interpreter):
    """Names resolve to the mapped class's own attributes first (the class body's scope)."""

    def __init__(self, context: ModuleContext, tree: Any, cls: type, model: ModelInfo) -> None:
        super().__init__(context, tree)
        self.cls = cls
        self.model = model

    def _Name(self, node: ast.Name) -> Any:
        if self.model.attribute(node.id) is not None:
            return self._mapped_attribute(self.cls, node.id, self.cls)
        value = super()._Name(node)
        if isinstance(value, Dynamic):
            raise Unsupported(f"unknown name {node.id} in a relationship argument")
        return value


def evaluate_argument(shadow: ShadowModel, model: ModelInfo, text: str) -> Any:
    """The orm value of relationship-argument source ``text`` of ``model`` (raises on anything
    the whitelist does not cover: the relationship is then left out of the shadow model)."""
    expression = _expression_text(text)
    tree = source_tree(expression)
    if tree.tree is None or len(tree.tree.body) != 1 or not isinstance(tree.tree.body[0], ast.Expr):
        raise Unsupported(f"cannot read {text!r}")
    node = tree.tree.body[0].value
    if isinstance(node, ast.Lambda):
        if node.args.args or node.args.vararg or node.args.kwarg:
            raise Unsupported("lambda with arguments")
        node = node.body
    project = shadow.project
    context = ModuleContext(model.module, project.module_imports.get(model.module, {}),
                            project.module_defs.get(model.module, set()), project, shadow)
    cls = shadow.class_for(model.qualname)
    if cls is None:
        raise Unsupported(f"{model.qualname} is not mapped")
    interpreter = _ClassBodyInterpreter(context, tree, cls, model)
    value = interpreter.evaluate(node)
    if interpreter.dynamic:
        raise Unsupported("run-time values in a relationship argument")
    return value


def _expression_text(text: str) -> str:
    """The Python expression ``text`` stands for: a string literal's content, else itself."""
    stripped = text.strip()
    try:
        parsed = ast.parse(stripped, mode="eval").body
    except SyntaxError as exc:
        raise Unsupported(f"cannot parse {text!r}") from exc
    if isinstance(parsed, ast.Constant) and isinstance(parsed.value, str):
        return parsed.value.strip()
    return stripped


__all__ = ["evaluate_argument"]
