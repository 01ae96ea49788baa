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
from typing import Any, Optional

from analysis.index.model import ModelInfo
from analysis.reconstruct.interpreter import Interpreter, ModuleContext
from analysis.reconstruct.source import source_tree
from analysis.reconstruct.values import Dynamic, Unsupported
from analysis.shadow import ShadowModel


class _ClassBodyInterpreter(Interpreter):
    """Names as the argument sees them.

    Code in the class body (``primaryjoin=(followers.c.follower_id == id)``) sees the class
    attributes assigned *before* it, then the module's names; a lambda's body and a string (which
    the ORM evaluates against its registry) see the module's names and the models, then (strings
    only) the class's columns."""

    def __init__(self, context: ModuleContext, tree: Any, cls: Optional[type], model: ModelInfo,
                 mode: str, line: int, namespace: Optional[dict[str, Any]] = None) -> None:
        super().__init__(context, tree)
        self.cls = cls
        self.model = model
        self.mode = mode          # "code" | "lambda" | "string"
        self.line = line          # 0-based line of the relationship() in the class body
        self.namespace = namespace  # the class body being built (its Column objects)

    def _Name(self, node: ast.Name) -> Any:
        attribute = self.model.attribute(node.id)
        if attribute is not None and self.mode == "code" and \
                attribute.range.start.line < self.line:
            return self._class_attribute(node.id, attribute)
        value = super()._Name(node)
        if isinstance(value, Dynamic):
            if attribute is not None and self.mode == "string":
                return self._class_attribute(node.id, attribute)
            raise Unsupported(f"unknown name {node.id} in a relationship argument")
        return value

    def _class_attribute(self, key: str, attribute: Any) -> Any:
        if self.namespace is not None:
            if key in self.namespace and type(self.namespace[key]).__name__ == "Column":
                return self.namespace[key]
            raise Unsupported(f"{key} is not a column of the class body")
        if attribute.is_relationship:
            return self._mapped_attribute(self.cls, key, self.cls)
        # a column is the Column itself (an instrumented attribute would configure the mappers
        # being configured)
        return self._class_body_column(key)


    def _class_body_column(self, key: str) -> Any:
        for model in self.model.ancestors():
            col = model.columns.get(key)
            if col is None:
                continue
            table = self.shadow.tables.get(model.tablename or "")
            if table is not None and col.name in table.c:
                return table.c[col.name]
            break
        raise Unsupported(f"no column {key} in the class body")


def evaluate_argument(shadow: ShadowModel, model: ModelInfo, text: str, line: int = 1 << 30
                      ) -> Any:
    """The orm value of relationship-argument source ``text`` of ``model``, written on 0-based
    ``line`` of the class body (raises on anything the whitelist does not cover: the
    relationship is then left out of the shadow model)."""
    expression, quoted = _expression_text(text)
    mode = "string" if quoted else "code"
    tree = source_tree(expression)
    if tree.tree is None or len(tree.tree.body) != 1 or not isinstance(tree.tree.body[0], ast.Expr):
        raise Unsupported(f"cannot read {text!r}")
    node = tree.tree.body[0].value
    if isinstance(node, ast.Lambda):
        if node.args.args or node.args.vararg or node.args.kwarg:
            raise Unsupported("lambda with arguments")
        node = node.body
        mode = "lambda"
    project = shadow.project
    context = ModuleContext(model.module, project.module_imports.get(model.module, {}),
                            project.module_defs.get(model.module, set()), project, shadow)
    cls = shadow.class_for(model.qualname)
    if cls is None:
        raise Unsupported(f"{model.qualname} is not mapped")
    interpreter = _ClassBodyInterpreter(context, tree, cls, model, mode, line)
    value = interpreter.evaluate(node)
    if interpreter.dynamic:
        raise Unsupported("run-time values in a relationship argument")
    return value


def evaluate_class_body(shadow: ShadowModel, model: ModelInfo, tree: Any, node: ast.AST,
                        line: int, namespace: dict[str, Any]) -> Any:
    """The orm value of expression ``node`` (of ``tree``, the model's module) written in the
    class body of ``model`` on 0-based ``line``, while the class is being built: earlier class
    attributes are the Column objects of ``namespace``, as in the real class body."""
    project = shadow.project
    context = ModuleContext(model.module, project.module_imports.get(model.module, {}),
                            project.module_defs.get(model.module, set()), project, shadow)
    interpreter = _ClassBodyInterpreter(context, tree, None, model, "code", line, namespace)
    value = interpreter.evaluate(node)
    if interpreter.dynamic:
        raise Unsupported("run-time values in a class body expression")
    return value


def _expression_text(text: str) -> tuple[str, bool]:
    """The Python expression ``text`` stands for (a string literal's content, else itself), and
    whether it was a string."""
    stripped = text.strip()
    try:
        parsed = ast.parse(stripped, mode="eval").body
    except SyntaxError as exc:
        raise Unsupported(f"cannot parse {text!r}") from exc
    if isinstance(parsed, ast.Constant) and isinstance(parsed.value, str):
        return parsed.value.strip(), True
    return stripped, False


__all__ = ["evaluate_argument", "evaluate_class_body"]
