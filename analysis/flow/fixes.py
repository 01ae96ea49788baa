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

from typing import TYPE_CHECKING, Iterable, Optional, Sequence

import libcst as cst

from analysis.findings import Fix, Position, Range, TextEdit
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


def eager_load_fix(read: "RelationshipRead", project: "ProjectIndex") -> Optional[Fix]:
    """Add ``selectinload`` for the path of ``read`` to the statement that loaded its root."""
    inst = read.instance
    steps = list(inst.path) + [(inst.model, read.rel)]
    names = " -> ".join(f"{model.name}.{rel.key}" for model, rel in steps)
    return _loader_fix(inst.origin, steps, project, "selectinload",
                       f"Eager-load {names} with selectinload()", None)


def undefer_fix(read: "ColumnRead", project: "ProjectIndex") -> Optional[Fix]:
    """Add ``undefer(Model.column)`` (after ``defaultload`` steps for nested objects)."""
    inst = read.instance
    steps = list(inst.path)
    leaf = (inst.model, read.column.key)
    return _loader_fix(inst.origin, steps, project, "defaultload",
                       f"Load {inst.model.name}.{read.column.key} with the rows (undefer)", leaf)


def _loader_fix(origin: Optional["Origin"], steps: Sequence[tuple], project: "ProjectIndex",
                loader: str, title: str, undefer_leaf: Optional[tuple]) -> Optional[Fix]:
    if origin is None or origin.kind not in ("select", "query"):
        return None
    module = origin.module
    imports: list[str] = []
    parts: list[str] = []
    for position, (model, rel) in enumerate(steps):
        owner = _class_text(module, model, project, imports,
                            origin.entity_text if position == 0 else None)
        if owner is None:
            return None
        parts.append(f"{owner}.{rel.key}")
    first_function = loader if steps else "undefer"
    function_text = _function_text(module, first_function, imports)
    if function_text is None:
        return None
    if steps:
        option = f"{function_text}({parts[0]})" + "".join(f".{loader}({p})" for p in parts[1:])
    else:
        option = ""
    if undefer_leaf is not None:
        model, key = undefer_leaf
        owner = _class_text(module, model, project, imports,
                            origin.entity_text if not steps else None)
        if owner is None:
            return None
        option = f"{option}.undefer({owner}.{key})" if option else \
            f"{function_text}({owner}.{key})"
    edits = [_statement_edit(module, origin.node, option)]
    if edits[0] is None:
        return None
    if imports:
        edits.extend(_import_edits(module, imports))
    return Fix(title=title, edits=tuple(e for e in edits if e is not None), safe=True)


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


def _import_edits(module: "ModuleInfo", lines: list[str]) -> list[TextEdit]:
    """Extend ``from <package> import ...`` statements, or add lines after the imports."""
    body = module.module.body
    remaining = list(lines)
    extend_edits: list[TextEdit] = []
    for stmt in body:
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            if not isinstance(small, cst.ImportFrom) or isinstance(small.names, cst.ImportStar) \
                    or small.relative or small.module is None:
                continue
            package = dotted_name(small.module)
            for line in list(remaining):
                prefix = f"from {package} import "
                if line.startswith(prefix) and "." not in line[len(prefix):]:
                    name = line[len(prefix):]
                    last = small.names[-1]
                    anchor = last.asname.name if last.asname is not None else last.name
                    end = module.range_of(anchor).end
                    extend_edits.append(TextEdit(module.path, Range(end, end), f", {name}"))
                    remaining.remove(line)
    if remaining:
        line = _after_imports(module)
        text = "".join(f"{item}\n" for item in remaining)
        extend_edits.append(TextEdit(module.path, Range(Position(line, 0), Position(line, 0)),
                                     text))
    return extend_edits


def _after_imports(module: "ModuleInfo") -> int:
    """The 0-based line after the module's last top-level import (or its docstring)."""
    last: Optional[cst.CSTNode] = None
    for position, stmt in enumerate(module.module.body):
        if isinstance(stmt, cst.SimpleStatementLine):
            first = stmt.body[0] if stmt.body else None
            if isinstance(first, (cst.Import, cst.ImportFrom)):
                last = stmt
            elif position == 0 and isinstance(first, cst.Expr) and \
                    isinstance(first.value, (cst.SimpleString, cst.ConcatenatedString)):
                last = stmt
    if last is None:
        return 0
    return module.range_of(last).end.line + 1


def _is_dotted(text: str) -> bool:
    return all(part.isidentifier() for part in text.split("."))


__all__ = ["apply_edits", "eager_load_fix", "undefer_fix"]
