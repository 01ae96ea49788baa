"""Which top-level statements of a module the rules need: the others are never parsed with libcst.

Every rule finds ORM code: a query built or run, a session, a mapped class or one of its
attributes, a relationship or deferred column read, raw SQL, a ``func.`` call.  A ``def`` or
``class`` (a *piece*, see :mod:`analysis.index.chunks`) that mentions none of these, and that
calls nothing of its module that does, cannot give a finding, and the flow inference reaches it
by name when a call leads into it.  The libcst parse costs about ten times the standard parser's,
so leaving such pieces out of the tree the rules walk is most of what a whole-project check can
save.

A piece is a *seed* when its text, with string literals and comments blanked (docstrings talk
about sessions; an f-string's expressions stay), contains

- an ORM word (``session``, ``select(``, ``query``, ``execute(``, ``text(``, ``func.``, a loader
  option, ...),
- a mapped class, table or Flask-SQLAlchemy object (or a local alias of one) followed by ``.``
  or ``(``,
- ``.name`` of a relationship, deferred column or hybrid attribute of the project.

Kept are the seeds; every piece that names ORM code (it gets rows or mapped objects from it,
calls their methods, runs it in a loop), where ORM code is a kept piece, or a name the module
imports or assigns that is ORM code itself (a function of another project module whose piece is
a seed there, a class with such a method, a module with such functions, ``stmt =
select(...)``); every piece a kept piece names (a class or helper: the rules resolve names and
annotations through it); and all statements that are not ``def``/``class`` (imports,
assignments: the module's context).  The tests compare these findings with those of whole
modules on the rule examples, the labelled corpus and our own cases, each padded with ordinary
code.

Example::

    keep = relevant_pieces(info, project, names_of)      # None: keep the whole module
    checked = info.sparse(keep) if keep is not None else info
"""
from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING, Callable, Optional

from analysis.index.chunks import Layout, module_layout

if TYPE_CHECKING:
    from analysis.index.model import ProjectIndex
    from analysis.index.parse import ModuleInfo

# words of code that builds, runs or reads ORM queries, or raw SQL (matched against the sets of
# names of a piece: one regex alternation searched over every piece cost more than all the rest)
_ORM_WORDS = frozenset({
    "sqlalchemy", "query", "scalar", "scalars", "filter_by", "engine", "selectinload",
    "joinedload", "subqueryload", "immediateload", "raiseload", "lazyload", "defaultload",
    "noload", "contains_eager", "load_only", "undefer", "defer", "with_parent", "aliased",
    "awaitable_attrs", "paginate", "stream", "stream_scalars", "column_property",
    "literal_column", "create_engine", "exec_driver_sql"})
# ... when followed by ``(`` or ``.`` (``select(``, ``func.``)
_ORM_ACCESSED = frozenset({"select", "execute", "text", "insert", "update", "delete", "union",
                           "union_all", "exists", "options", "func", "db", "orm"})
_ORM_SUFFIXES = ("session", "Session", "_or_404")          # db_session, AsyncSession
# comments, and string literals with their prefix: blanked before matching, f-strings aside
_BLANK = re.compile(
    r"#[^\n]*|"
    r"(?<![\w])([rRbBuUfF]{0,2})(?:\'\'\'[\s\S]*?\'\'\'|\"\"\"[\s\S]*?\"\"\"|'(?:\\.|[^'\\\n])*'|"
    r"\"(?:\\.|[^\"\\\n])*\")")
_NOT_NEWLINE = re.compile(r"[^\n]")
_WORD = re.compile(r"[A-Za-z_]\w*")
_ATTRIBUTE = re.compile(r"\.\s*([A-Za-z_]\w*)")
_ACCESSED = re.compile(r"([A-Za-z_]\w*)\s*[.(]")
_HEADER = re.compile(r"^(?:async[ \t]+)?def[ \t]+\w+|^class[ \t]+\w+", re.MULTILINE)

_PROJECT: dict[int, tuple] = {}
_LOCK = threading.Lock()


def blank_strings(text: str) -> str:
    """``text`` with comments and plain string literals replaced by spaces (newlines kept).

    f-strings are kept: their expressions are code (``f"{len(user.posts)}"``).
    """
    def replace(match: re.Match) -> str:
        prefix = match.group(1)
        if prefix and ("f" in prefix or "F" in prefix):
            return match.group(0)
        return _NOT_NEWLINE.sub(" ", match.group(0))

    return _BLANK.sub(replace, text)


def _project_names(project: "ProjectIndex") -> tuple[frozenset, frozenset, frozenset]:
    """(names that count followed by ``.``/``(``: mapped classes, tables, Flask-SQLAlchemy
    objects; attribute names worth a finding; names that count anywhere)."""
    key = id(project)
    with _LOCK:
        found = _PROJECT.get(key)
    if found is not None and found[0] is project:
        return found[1]
    classes = {m.name for m in project.models.values()}
    classes.update(m.name for m in project.abstract.values())
    attributes: set[str] = set()
    for model in project.models.values():
        attributes.update(model.relationships)
        attributes.update(k for k, c in model.columns.items() if c.deferred or c.kind == "hybrid")
    # tables (``users.c.name``, ``select(users)``) and Flask-SQLAlchemy objects (``db.session``)
    # count when used like classes are: followed by ``.`` or ``(``
    classes.update(t.qualname_of_variable.rsplit(".", 1)[-1] for t in project.tables.values()
                   if t.qualname_of_variable)
    classes.update(name.rsplit(".", 1)[-1] for name in project.flask_dbs)
    value = (frozenset(classes), frozenset(attributes), frozenset())
    digest = hash((value[0], value[1], frozenset(project.models), frozenset(project.abstract)))
    with _LOCK:
        if len(_PROJECT) > 8:
            _PROJECT.clear()
        _PROJECT[key] = (project, value, digest)
    return value


_EMPTY: frozenset = frozenset()


class _PieceText:
    """What the matching needs of one piece of blanked text (computed when first asked): the
    names in it, and whether an ORM word is in it."""

    __slots__ = ("text", "start", "stop", "_words", "_attributes", "_accessed", "_orm_word")

    def __init__(self, text: str, start: int = 0, stop: Optional[int] = None) -> None:
        self.text = text
        self.start = start
        self.stop = len(text) if stop is None else stop
        self._words: Optional[set] = None
        self._attributes: Optional[set] = None
        self._accessed: Optional[set] = None
        self._orm_word: Optional[bool] = None

    @classmethod
    def of_text(cls, text: str) -> "_PieceText":
        return cls(blank_strings(text))

    @property
    def words(self) -> set:
        if self._words is None:
            self._words = set(_WORD.findall(self.text, self.start, self.stop))
        return self._words

    @property
    def attributes(self) -> set:
        if self._attributes is None:
            self._attributes = set(_ATTRIBUTE.findall(self.text, self.start, self.stop))
        return self._attributes

    @property
    def accessed(self) -> set:
        if self._accessed is None:
            self._accessed = set(_ACCESSED.findall(self.text, self.start, self.stop))
        return self._accessed

    @property
    def orm_word(self) -> bool:
        if self._orm_word is None:
            words = self.words
            self._orm_word = not words.isdisjoint(_ORM_WORDS) or \
                not self.accessed.isdisjoint(_ORM_ACCESSED) or \
                any(word.endswith(_ORM_SUFFIXES) for word in words)
        return self._orm_word



def _piece_texts(layout: Layout) -> list[_PieceText]:
    """:class:`_PieceText` of every piece, over one blanked copy of the module's text."""
    cached = getattr(layout, "_relevance_texts", None)
    if cached is not None:
        return cached
    blanked = blank_strings(layout.text)
    pieces = layout.pieces
    if any(p.kind != "context" for p in pieces):
        parts = []
        position = 0
        for piece in pieces:
            if piece.kind == "context":
                continue
            # a def's or class's own name (``class User(Base)``) is no use of it
            header = _HEADER.search(blanked, piece.start, piece.stop)
            if header is not None:
                parts.append(blanked[position:header.start()])
                parts.append(" " * (header.end() - header.start()))
                position = header.end()
        parts.append(blanked[position:])
        blanked = "".join(parts)
    texts = [_PieceText(blanked, p.start, p.stop) for p in pieces]
    layout._relevance_texts = texts    # type: ignore[attr-defined]
    return texts


def _is_seed(piece: _PieceText, classes: frozenset, attributes: frozenset,
             words: frozenset = _EMPTY) -> bool:
    return piece.orm_word or not piece.accessed.isdisjoint(classes) or \
        not piece.attributes.isdisjoint(attributes) or not piece.words.isdisjoint(words)


def _local_classes(facts, project: "ProjectIndex", classes: frozenset) -> frozenset:
    """The mapped class names of the project plus this module's aliases of them
    (``from app.models import User as U``)."""
    extra = {local for local, target in facts.imports.items()
             if project.resolve_symbol(target) in project.models or
             project.resolve_symbol(target) in project.abstract}
    return classes | extra if extra else classes


def names_digest(project: "ProjectIndex") -> int:
    """A digest of what the relevance of a module's text depends on in ``project`` (mapped
    classes, tables, attribute names): equal across index rebuilds that changed none of them
    (an edit that only moved a model)."""
    while True:
        _project_names(project)
        with _LOCK:
            found = _PROJECT.get(id(project))
        if found is not None and found[0] is project:
            return found[2]


def module_orm_names(text: str, facts, project: "ProjectIndex") -> frozenset[str]:
    """The top-level names of a module that are ORM code by themselves: its seed ``def``s and
    ``class``es, and module-level names assigned an ORM value (``stmt = select(User)``).

    Used for the modules another one imports (one level: what those import is not followed,
    as the flow inference's own summaries do).
    """
    if facts.syntax_error is not None:
        return frozenset()
    classes, attributes, words = _project_names(project)
    classes = _local_classes(facts, project, classes)
    out: set[str] = set()
    layout = module_layout(text, facts.statement_spans, min_lines=0)
    if layout is not None:
        texts = _piece_texts(layout)
        for piece in layout.pieces:
            if piece.kind == "context" or not piece.name:
                continue
            found = texts[piece.index]
            if piece.kind == "class":
                # a class is ORM code when a method is: its column declarations
                # (``server_default=func.now()``) are no code another module runs
                found = _PieceText.of_text(_methods_text(layout.piece_text(piece.index)))
            if _is_seed(found, classes, attributes, words):
                out.add(piece.name)
    elif _PieceText.of_text(text).orm_word:
        out.update(facts.defs)          # one statement: the module is what it says
    for name, value in facts.assigns.items():
        if value is not None and _is_seed(_PieceText.of_text(value.text), classes,
                                          attributes, words):
            out.add(name)
    return frozenset(out)


_INDENTED_DEF = re.compile(r"^([ \t]+)(?:async[ \t]+)?def[ \t]")


def _methods_text(text: str) -> str:
    """The lines of the ``def`` blocks nested in a class's text (the rest blank)."""
    out: list[str] = []
    indent: Optional[int] = None
    for line in text.split("\n"):
        stripped = line.strip()
        depth = len(line) - len(line.lstrip(" \t"))
        if indent is not None and stripped and depth <= indent:
            indent = None
        found = _INDENTED_DEF.match(line)
        if indent is None and found is not None:
            indent = len(found.group(1))
        out.append(line if indent is not None else "")
    return "\n".join(out)


def relevant_pieces(info: "ModuleInfo", project: "ProjectIndex",
                    names_of: Callable[[str], Optional[frozenset[str]]]) -> Optional[set[int]]:
    """The pieces of ``info`` the rules need (indexes into ``info.layout.pieces``), or None
    when they need all of it.

    ``names_of(module_name)`` gives :func:`module_orm_names` of another project module (None
    when it is not a project module).
    """
    layout: Optional[Layout] = info.layout
    facts = info.facts
    if layout is None or info.parse_error is not None:
        return None
    definitions = [p for p in layout.pieces if p.kind != "context"]
    if len(definitions) < 2:
        return None
    for star in facts.star_imports:
        if star in project.module_paths:
            return None            # names this module cannot list: keep everything
    classes, attributes, _ = _project_names(project)
    classes = _local_classes(facts, project, classes)
    # names of ORM code: what this module imports that is ORM code there, what it assigns at
    # module level from ORM values, and (below) its own kept functions and classes
    orm_names: set[str] = set()
    for local, target in info.imports.items():
        resolved = project.resolve_symbol(target)
        if resolved in project.module_paths:            # a module object
            if names_of(resolved):
                orm_names.add(local)
            continue
        module, _, name = resolved.rpartition(".")
        if module in project.module_paths:
            names = names_of(module)
            if names is not None and name in names:
                orm_names.add(local)
    for name, value in facts.assigns.items():
        if value is not None and _is_seed(_PieceText.of_text(value.text), classes, attributes):
            orm_names.add(name)
    texts = _piece_texts(layout)
    defined: dict[str, list[int]] = {}
    for piece in definitions:
        defined.setdefault(piece.name, []).append(piece.index)
    local = frozenset(defined)
    references = {p.index: texts[p.index].words & local for p in layout.pieces}
    kept = {p.index for p in definitions if _is_seed(texts[p.index], classes, attributes,
                                                      _EMPTY)}
    for piece in layout.pieces:
        # module-level code with ORM values may call any function it names with them
        if piece.kind == "context" and \
                _is_seed(texts[piece.index], classes, attributes, frozenset(orm_names)):
            for name in references[piece.index]:
                kept.update(defined[name])
    # code that names ORM code: it gets rows or mapped objects from it (and calls their
    # methods, passes them on) or runs it per row (to a fixed point over this module's names).
    # No loop of its own is needed: a method of a model may loop over a relationship and query
    # per row, reported where the caller calls it
    changed = True
    while changed:
        changed = False
        names = frozenset(orm_names | {layout.pieces[i].name for i in kept})
        for piece in definitions:
            if piece.index not in kept and not texts[piece.index].words.isdisjoint(names):
                kept.add(piece.index)
                changed = True
    # what kept pieces name (classes, helpers: the rules read their annotations), transitively
    frontier = list(kept)
    while frontier:
        index = frontier.pop()
        for name in references[index]:
            for other in defined[name]:
                if other not in kept:
                    kept.add(other)
                    frontier.append(other)
    if len(kept) == len(definitions):
        return None
    kept.update(p.index for p in layout.pieces if p.kind == "context")
    return kept


__all__ = ["blank_strings", "module_orm_names", "names_digest", "relevant_pieces"]
