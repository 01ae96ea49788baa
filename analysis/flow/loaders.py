"""Loader options as values: ``selectinload(User.posts).joinedload(Post.comments)``,
``Load(User).raiseload("*")``, ``defer``/``undefer``/``load_only``, and ``.options(...)`` applied to
a statement (each option goes to the entity its path starts at).

Options the inference cannot read (a variable it does not know, a helper it cannot follow) make
the affected level ``opaque``: anything may be loaded there, so nothing is reported.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Optional

import libcst as cst

from analysis.flow.expressions import string_value
from analysis.flow.options import (COLUMN_FUNCTIONS, COLUMN_METHODS, EMPTY, LOADER_METHODS,
                                   NEUTRAL_FUNCTIONS, OPAQUE, add_path, at_path, make_opaque,
                                   merge, set_columns, set_wildcard)
from analysis.flow.values import (UNKNOWN, AttrRef, LoaderOption, ModelRef, Row, Seq, Statement,
                                  Value)

if TYPE_CHECKING:
    from analysis.flow.calls import Arg
    from analysis.flow.interpreter import Frame


class LoaderOptions:
    """Mixin of :class:`analysis.flow.interpreter.Analyzer`: loader option values."""

    def make_option(self, name: str, args: list["Arg"], kwargs: dict[str, "Arg"]) -> LoaderOption:
        if name == "orm.Load":
            model = args[0].value if args else UNKNOWN
            if isinstance(model, ModelRef):
                return LoaderOption(model.model, EMPTY, (), model.model, bound=True)
            return LoaderOption(None, OPAQUE)
        if name in NEUTRAL_FUNCTIONS:
            return LoaderOption(None, EMPTY)
        base = LoaderOption(None, EMPTY)
        short = name.split(".", 1)[1]
        if name in COLUMN_FUNCTIONS:
            return self.column_option(base, short, args)
        return self.loader_option(base, _strategy(short, kwargs), args)

    def loader_option(self, base: LoaderOption, strategy: Optional[str],
                      args: list["Arg"]) -> LoaderOption:
        if not args:
            return replace(base, tree=make_opaque(base.tree, base.leaf))
        root, leaf_model = base.root, base.leaf_model
        keys: list[str] = []
        for arg in args:
            text = string_value(arg.node)
            value = arg.value
            if text == "*":
                if strategy is None:
                    return base
                return replace(base, tree=set_wildcard(base.tree, base.leaf, strategy,
                                                       bound=base.bound))
            if text is not None:
                keys.extend(part for part in text.split(".") if part)
                continue
            if isinstance(value, AttrRef) and value.attribute is not None and \
                    value.attribute.is_relationship:
                if root is None and not base.leaf and not keys:
                    root = value.model
                keys.append(value.key)
                target = self.project.relationship_target(value.attribute)
                leaf_model = value.of_type or target
                continue
            if isinstance(value, AttrRef):
                # a loader option on a column (an ORM2 mistake): changes nothing here
                return replace(base, root=root or value.model)
            return replace(base, root=root, tree=make_opaque(base.tree, base.leaf))
        path = base.leaf + tuple(keys)
        strategies = [None] * len(base.leaf) + [strategy] * len(keys)
        return LoaderOption(root, add_path(base.tree, path, strategies), path, leaf_model,
                            bound=base.bound)

    def column_option(self, base: LoaderOption, kind: str, args: list["Arg"]) -> LoaderOption:
        root = base.root
        path = base.leaf
        keys: list[str] = []
        for arg in args:
            text = string_value(arg.node)
            if text is not None:
                keys.append(text.rsplit(".", 1)[-1])
                continue
            value = arg.value
            if isinstance(value, AttrRef):
                if root is None and not base.leaf:
                    root = value.model
                if value.attribute is not None and value.attribute.is_relationship:
                    path = path + (value.key,)
                else:
                    keys.append(value.key)
                continue
            return replace(base, root=root, tree=make_opaque(base.tree, base.leaf))
        if kind == "undefer_group":
            keys = ["*"]
        return replace(base, root=root, tree=set_columns(base.tree, path, kind, keys))

    def option_method(self, base: LoaderOption, name: str, args: list["Arg"],
                      kwargs: dict[str, "Arg"]) -> Value:
        if name in LOADER_METHODS:
            return self.loader_option(base, _strategy(name, kwargs), args)
        if name in COLUMN_METHODS:
            return self.column_option(base, name, args)
        if name == "options":
            tree = base.tree
            for arg in args:
                for sub in _flatten(arg.value):
                    if isinstance(sub, LoaderOption):
                        tree = at_path(tree, base.leaf, lambda n, t=sub.tree: merge(n, t))
                    else:
                        tree = make_opaque(tree, base.leaf)
            return replace(base, tree=tree)
        return UNKNOWN

    def apply_options(self, stmt: Statement, args: list["Arg"], node: cst.Call,
                      frame: "Frame") -> Statement:
        opts = list(stmt.opts)
        for arg in args:
            for value in _flatten(arg.value):
                if not isinstance(value, LoaderOption):
                    opts = [make_opaque(o) for o in opts]
                    continue
                index = _entity_index(stmt, value.root)
                if index is not None:
                    opts[index] = merge(opts[index], value.tree)
        tainted = stmt.tainted or any(a.tainted for a in args)
        return replace(stmt, opts=tuple(opts), node=node, tainted=tainted)



# ---------------------------------------------------------------------- helpers
def _strategy(name: str, kwargs: dict[str, "Arg"]) -> Optional[str]:
    strategy = LOADER_METHODS.get(name)
    if name == "raiseload":
        sql_only = kwargs.get("sql_only")
        if sql_only is not None and isinstance(sql_only.node, cst.Name) and \
                sql_only.node.value == "True":
            return "raise_on_sql"
    return strategy




def _flatten(value: Value) -> list[Value]:
    if isinstance(value, Row):
        out: list[Value] = []
        for item in value.items:
            out.extend(_flatten(item))
        return out
    if isinstance(value, Seq):
        return _flatten(value.elem)
    return [value]




def _entity_index(stmt: Statement, root) -> Optional[int]:
    if root is None:
        for index, entity in enumerate(stmt.entities):
            if entity is not None:
                return index
        return None
    for index, entity in enumerate(stmt.entities):
        if entity is None:
            continue
        if entity is root or root.qualname in {m.qualname for m in entity.ancestors()} or \
                entity.qualname in {m.qualname for m in root.ancestors()}:
            return index
    return None




__all__ = ["LoaderOptions"]
