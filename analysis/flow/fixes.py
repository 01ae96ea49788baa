"""Fixes for the N+1 findings: add a loader option to the statement that loaded the rows.

``select(Post).order_by(Post.id)`` with a lazy ``post.author`` read per row becomes
``select(Post).order_by(Post.id).options(selectinload(Post.author))`` (an existing ``.options(...)``
call of the chain gets one more argument instead), a nested path becomes the chained
``selectinload(User.posts).selectinload(Post.comments)``, and the loader function is imported the
way the module already imports the ORM (``from sqlalchemy.orm import ...`` or ``from orm import
...``: extended when the module has one, added after the last import otherwise).

Example::

    fix = eager_load_fix(read, project)        # a Fix, or None when the statement is out of reach
    new_text = apply_edits(text, fix.edits)
"""
from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Iterable, Optional, Sequence

import libcst as cst

from analysis.findings import Fix, Position, Range, TextEdit
from analysis.flow.options import EAGER
from analysis.flow.report import source_of
from analysis.index.names import canonical, dotted_name

if TYPE_CHECKING:
    from analysis.flow.events import ColumnRead, RelationshipRead
    from analysis.flow.values import Origin
    from analysis.index.model import ModelInfo, ProjectIndex
    from analysis.index.parse import ModuleInfo


def apply_edits(text: str, edits: Iterable[TextEdit]) -> str:
    """``text`` with ``edits`` (0-based ranges of one file) applied, last position first.

    Example: ``apply_edits("ab", [TextEdit("f.py", Range.of(0, 1, 0, 1), "X")])`` -> ``"aXb"``.
    """
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)

    def offset(position: Position) -> int:
        line = min(max(position.line, 0), len(lines) - 1) if lines else 0
        if position.line >= len(lines):
            return len(text)
        return offsets[line] + min(position.column, len(lines[line]))

    ordered = sorted(edits, key=lambda e: (offset(e.range.start), offset(e.range.end)),
                     reverse=True)
    for edit in ordered:
        start, end = offset(edit.range.start), offset(edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    return text


def eager_load_fix(read: "RelationshipRead", project: "ProjectIndex",
                   finding_path: Optional[str] = None) -> Optional[Fix]:
    """Add ``selectinload`` for the path of ``read`` to the statement that loaded its root.

    Steps the query already eager-loads become ``defaultload`` (two strategies on one path are
    an error); a leaf the query explicitly made lazy (``lazyload``/``raiseload``/``noload``) has
    that option replaced instead.
    """
    inst = read.instance
    steps = list(inst.path) + [(inst.model, read.rel)]
    names = " -> ".join(f"{model.name}.{rel.key}" for model, rel in steps)
    functions = []
    for explicit in _explicit_strategies(inst):
        if explicit is None:
            functions.append("selectinload")
        elif explicit in EAGER:
            functions.append("defaultload")
        else:
            return None      # an intermediate step explicitly lazy: reported on its own
    leaf = inst.opts.get(read.rel.key)
    title = f"Eager-load {names} with selectinload()"
    if leaf is not None and leaf.strategy is not None:
        return _replace_fix(inst.origin, steps, project, ("lazyload", "raiseload", "noload"),
                            "selectinload", title, finding_path)
    functions.append("selectinload")
    return _loader_fix(inst.origin, steps, functions, project, title, None, finding_path)


def undefer_fix(read: "ColumnRead", project: "ProjectIndex",
                finding_path: Optional[str] = None) -> Optional[Fix]:
    """Add ``undefer(Model.column)`` (after ``defaultload`` steps for nested objects), or turn
    the query's own ``defer(Model.column)`` into ``undefer``."""
    inst = read.instance
    steps = list(inst.path)
    title = f"Load {inst.model.name}.{read.column.key} with the rows (undefer)"
    if read.column.key in inst.opts.defer:
        return _replace_fix(inst.origin, steps + [(inst.model, read.column)], project,
                            ("defer",), "undefer", title, finding_path)
    return _loader_fix(inst.origin, steps, ["defaultload"] * len(steps), project, title,
                       (inst.model, read.column.key), finding_path)


def _explicit_strategies(inst) -> list:
    """For each step of ``inst.path``: the strategy the query's options set on it, or None."""
    out = []
    current = inst
    while current.parent is not None and current.via is not None:
        found = current.parent.opts.get(current.via.key)
        out.append(found.strategy if found is not None else None)
        current = current.parent
    out.reverse()
    return out


def _loader_fix(origin: Optional["Origin"], steps: Sequence[tuple], functions: Sequence[str],
                project: "ProjectIndex", title: str, undefer_leaf: Optional[tuple],
                finding_path: Optional[str]) -> Optional[Fix]:
    if origin is None or origin.kind not in ("select", "query"):
        return None
    module = origin.module
    imports: list[str] = []
    parts = _step_texts(origin, steps, project, imports)
    if parts is None:
        return None
    option = ""
    if steps:
        first = _function_text(module, functions[0], imports)
        if first is None:
            return None
        option = f"{first}({parts[0]})" + "".join(
            f".{function}({part})" for function, part in zip(functions[1:], parts[1:]))
    if undefer_leaf is not None:
        model, key = undefer_leaf
        owner = _class_text(module, model, project, imports,
                            origin.entity_text if not steps else None)
        if owner is None:
            return None
        if option:
            option = f"{option}.undefer({owner}.{key})"
        else:
            function = _function_text(module, "undefer", imports)
            if function is None:
                return None
            option = f"{function}({owner}.{key})"
    edit = _statement_edit(module, origin.node, option)
    if edit is None:
        return None
    return Fix(title=title, edits=(edit, *_import_edits(module, imports)),
               safe=_local(origin, finding_path))


def _replace_fix(origin: Optional["Origin"], steps: Sequence[tuple], project: "ProjectIndex",
                 old: tuple, new: str, title: str, finding_path: Optional[str]) -> Optional[Fix]:
    """Rename the query's own ``old(...)`` option on the leaf of ``steps`` to ``new``."""
    if origin is None or origin.kind not in ("select", "query"):
        return None
    module = origin.module
    imports: list[str] = []
    parts = _step_texts(origin, steps, project, imports)
    if parts is None:
        return None
    target = parts[-1]
    key = target.rsplit(".", 1)[-1]
    for call in _calls_in(origin.node):
        func = call.func
        name = func.attr if isinstance(func, cst.Attribute) else func
        if not isinstance(name, cst.Name) or name.value not in old or not call.args:
            continue
        first = call.args[0].value
        text = source_of(module, first)
        if text != target and text.strip("'\"") != key:
            continue
        if isinstance(func, cst.Attribute):
            replacement: Optional[str] = new
        else:
            replacement = _function_text(module, new, imports)
        if replacement is None:
            return None
        rng = module.range_of(name)
        edits = [TextEdit(module.path, rng, replacement), *_import_edits(module, imports)]
        return Fix(title=title, edits=tuple(edits), safe=_local(origin, finding_path))
    return None


def _local(origin: "Origin", finding_path: Optional[str]) -> bool:
    """A fix editing a statement of another file changes what every caller of that file's
    function loads: offered, but not as a safe fix."""
    return finding_path is None or origin.module.path == finding_path


def _calls_in(node: cst.CSTNode) -> list[cst.Call]:
    found: list[cst.Call] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Call):
            found.append(current)
        stack.extend(current.children)
    return found


def _step_texts(origin: "Origin", steps: Sequence[tuple], project: "ProjectIndex",
                imports: list[str]) -> Optional[list[str]]:
    parts: list[str] = []
    for position, (model, attribute) in enumerate(steps):
        owner = _class_text(origin.module, model, project, imports,
                            origin.entity_text if position == 0 else None)
        if owner is None:
            return None
        parts.append(f"{owner}.{attribute.key}")
    return parts


# ---------------------------------------------------------------------- the statement
def _statement_edit(module: "ModuleInfo", node: cst.CSTNode, option: str) -> Optional[TextEdit]:
    current = node
    while isinstance(current, cst.Call) and isinstance(current.func, cst.Attribute):
        if current.func.attr.value == "options" and current.args:
            last = current.args[-1].value
            end = module.range_of(last).end
            return TextEdit(module.path, Range(end, end), f", {option}")
        current = current.func.value
    rng = module.range_of(node)
    if rng.end == Position(0, 0):
        return None
    return TextEdit(module.path, Range(rng.end, rng.end), f".options({option})")


# ---------------------------------------------------------------------- names and imports
def _class_text(module: "ModuleInfo", model: "ModelInfo", project: "ProjectIndex",
                imports: list[str], written: Optional[str]) -> Optional[str]:
    if written and _is_dotted(written):
        return written
    for local, target in module.imports.items():
        if project.resolve_symbol(target) == model.qualname:
            return local
    if model.module == module.module_name and model.name in module.defs:
        return model.name
    if model.name in module.defs or model.name in module.imports:
        return None         # the name means something else here
    line = f"from {model.module} import {model.name}"
    if line not in imports:
        imports.append(line)
    return model.name


def _function_text(module: "ModuleInfo", function: str, imports: list[str]) -> Optional[str]:
    wanted = f"orm.{function}"
    for local, target in module.imports.items():
        if canonical(target) == wanted:
            return local
    for local, target in module.imports.items():
        if target in ("sqlalchemy.orm", "orm"):
            return f"{local}.{function}"
    if function in module.defs or function in module.imports:
        return None
    package = _orm_package(module)
    imports.append(f"from {package} import {function}")
    return function


def _orm_package(module: "ModuleInfo") -> str:
    targets = list(module.imports.values())
    if any(t == "orm" or t.startswith("orm.") for t in targets) and \
            not any(t.startswith("sqlalchemy") for t in targets):
        return "orm"
    return "sqlalchemy.orm"


_IMPORTS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _top_imports(module: "ModuleInfo") -> tuple[list, int]:
    """The module's top-level ``from X import ...`` statements as ``(package, node)`` and the
    0-based line after its last top-level import (or docstring); cached per module."""
    found = _IMPORTS.get(module)
    if found is not None:
        return found
    froms: list = []
    last: Optional[cst.CSTNode] = None
    for position, stmt in enumerate(module.module.body):
        if type(stmt) is not cst.SimpleStatementLine or not stmt.body:
            continue
        first = stmt.body[0]
        if type(first) is cst.ImportFrom:
            last = stmt
            if type(first.names) is not cst.ImportStar and not first.relative and \
                    first.module is not None:
                froms.append((dotted_name(first.module), first))
        elif type(first) is cst.Import:
            last = stmt
        elif position == 0 and type(first) is cst.Expr and \
                type(first.value) in (cst.SimpleString, cst.ConcatenatedString):
            last = stmt
    line = module.range_of(last).end.line + 1 if last is not None else 0
    found = (froms, line)
    _IMPORTS[module] = found
    return found


def _import_edits(module: "ModuleInfo", lines: list[str]) -> list[TextEdit]:
    """Extend ``from <package> import ...`` statements, or add lines after the imports."""
    froms, after = _top_imports(module)
    remaining = list(lines)
    edits: list[TextEdit] = []
    for package, node in froms:
        prefix = f"from {package} import "
        for line in list(remaining):
            if line.startswith(prefix) and "." not in line[len(prefix):]:
                last = node.names[-1]
                anchor = last.asname.name if last.asname is not None else last.name
                end = module.range_of(anchor).end
                edits.append(TextEdit(module.path, Range(end, end), f", {line[len(prefix):]}"))
                remaining.remove(line)
    if remaining:
        text = "".join(f"{item}\n" for item in remaining)
        edits.append(TextEdit(module.path, Range(Position(after, 0), Position(after, 0)), text))
    return edits


def _is_dotted(text: str) -> bool:
    return all(part.isidentifier() for part in text.split("."))


__all__ = ["apply_edits", "eager_load_fix", "undefer_fix"]
