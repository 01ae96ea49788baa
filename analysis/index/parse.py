"""One parsed module for the rules: source, libcst tree, lazy metadata, imports, parse error.

The libcst tree is built only after the standard parser accepted the text: CPython's parser
rejects the pathological nesting that crashes libcst's native parser (more than ~1000 nested
brackets), and its messages are the ones users know.  Metadata (positions, parents, scopes) is
computed on first use, without libcst's defensive deep copy: most modules never need positions
(they have no finding), and scope analysis costs ten times the parse.

Example::

    info = parse_module_info(text, path="app/views.py", module_name="app.views")
    if info.parse_error is None:
        for node in info.module.body: ...
        info.range_of(node)            # 0-based Range
        qualified_name(call.func, info)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterator, Optional

import libcst as cst
from libcst.metadata import (MetadataWrapper, ParentNodeProvider, PositionProvider,
                             QualifiedNameProvider, ScopeProvider)

from analysis.findings import Position, Range
from analysis.index import chunks
from analysis.index.chunks import Assembled, Layout, module_layout
from analysis.index.facts import ModuleFacts, extract_facts
from analysis.index.source import content_hash, normalise_newlines
from analysis.index.tree import walk

if TYPE_CHECKING:
    from analysis.index.model import ProjectIndex

_EMPTY = Range(Position(0, 0), Position(0, 0))



@dataclass(eq=False)
class ModuleInfo:
    """A module as the rules see it.

    ``module`` is the libcst tree, built on first access (an empty module when the text does not
    parse).  ``parse_error`` is ``(message, Range)`` or None: Python's own parser's verdict, or
    libcst's once the tree was built (the two disagree only on exotic input).  ``imports`` maps
    local names to qualified targets (relative imports made absolute; through the project index
    when the workspace has one, so re-exports and ``import *`` are followed).  ``project`` is the
    workspace's index (None for a module parsed alone).
    """

    path: str
    module_name: str
    source: str
    content_hash: str
    facts: ModuleFacts
    project: Optional["ProjectIndex"] = field(default=None, repr=False)
    _tree: Optional[cst.Module] = field(default=None, repr=False)
    _parse_error: Optional[tuple[str, Range]] = field(default=None, repr=False)
    _wrapper: Optional[MetadataWrapper] = field(default=None, repr=False)
    _assembled: Optional[Assembled] = field(default=None, repr=False)
    _metadata: dict = field(default_factory=dict, repr=False)
    _layout: Any = field(default=None, repr=False)
    _lazy: Optional[Assembled] = field(default=None, repr=False)
    # a partial module (see sparse()): the whole one it was cut from
    whole: Optional["ModuleInfo"] = field(default=None, repr=False)
    # a partial module re-checked after an edit: ids of the top-level statements whose functions
    # the flow inference walks on their own (None: all; see analysis.incremental)
    rerun_nodes: Optional[set[int]] = field(default=None, repr=False)

    @property
    def module(self) -> cst.Module:
        """The libcst tree (parsed now if it was not yet).

        Big modules are assembled from their top-level statements parsed one by one and cached
        by text (analysis.index.chunks): after an edit only the edited statement is parsed again.
        A partial module (:meth:`sparse`) holds only some of the top-level statements.
        """
        if self._tree is None:
            tree = None
            if self._parse_error is None:
                layout = self.layout
                assembled = layout.assemble() if layout is not None else None
                if assembled is not None:
                    self._assembled = assembled
                    tree = assembled.module
                else:
                    tree, self._parse_error = parse_cst(self.source)
            self._tree = tree if tree is not None else cst.Module(body=[])
        return self._tree

    @property
    def layout(self) -> Optional[Layout]:
        """The module's pieces (analysis.index.chunks), None for small or unparsable modules."""
        if self._layout is None:
            layout = None
            if self.facts.syntax_error is None:
                layout = module_layout(self.source, self.facts.statement_spans)
            self._layout = layout if layout is not None else False
        return self._layout or None

    @property
    def partial(self) -> bool:
        """Whether :attr:`module` holds only some of the module's top-level statements."""
        return self.whole is not None

    def sparse(self, keep: set[int]) -> "ModuleInfo":
        """This module with only the pieces ``keep`` (indexes into ``layout.pieces``) in its
        tree; positions, source, facts and names are the whole module's.  Returns ``self``
        when every piece is kept or the pieces do not assemble.

        Rules run on it see only those statements; a ``def``/``class`` left out is still found
        by name (:meth:`top_statement`) when the flow inference follows a call into it.
        """
        layout = self.layout
        if layout is None or self._parse_error is not None or \
                len(keep) >= len(layout.pieces):
            return self
        assembled = layout.assemble(keep)
        if assembled is None:
            return self
        return ModuleInfo(path=self.path, module_name=self.module_name, source=self.source,
                          content_hash=self.content_hash, facts=self.facts, project=self.project,
                          _tree=assembled.module, _assembled=assembled,
                          _metadata={"lines": self.lines}, _layout=layout, whole=self)

    def top_statement(self, name: str) -> Optional[cst.CSTNode]:
        """The last top-level ``def``/``class`` of the module that binds ``name``, parsed alone
        if the tree does not hold it yet (its nodes then get positions here too); None when
        there is none or the module is parsed whole (look in :attr:`module` then)."""
        layout = self.layout
        if layout is None or self._parse_error is not None:
            return None
        found = layout.statement(name)
        if found is None:
            return None
        node, first, chunk, moved = found
        if self._assembled is not None:
            self._assembled.add(first, chunk, moved)
        elif self._tree is None:
            # no tree yet: positions of the pieces parsed so far, until one is needed
            if self._lazy is None:
                self._lazy = Assembled(module=cst.Module(body=[]), pieces=[], replaced={},
                                       complete=False)
            self._lazy.add(first, chunk, moved)
        else:
            return None         # parsed whole (libcst disagreed with the layout): not a piece
        return node

    @property
    def parse_error(self) -> Optional[tuple[str, Range]]:
        return self._parse_error

    @property
    def parsed(self) -> bool:
        """Whether the libcst tree was built already."""
        return self._tree is not None

    # ------------------------------------------------------------------ names
    @property
    def imports(self) -> dict[str, str]:
        if self.project is not None and self.module_name in self.project.module_imports:
            return self.project.module_imports[self.module_name]
        return self.facts.imports

    @property
    def defs(self) -> set[str]:
        return self.facts.defs

    @property
    def lines(self) -> list[str]:
        cached = self._metadata.get("lines")
        if cached is None:
            cached = self._metadata["lines"] = self.source.split("\n")
        return cached

    # ------------------------------------------------------------------ metadata
    @property
    def wrapper(self) -> MetadataWrapper:
        """libcst's MetadataWrapper over :attr:`module` (shares the tree: nodes are the same)."""
        if self._wrapper is None:
            self._wrapper = MetadataWrapper(self.module, unsafe_skip_copy=True)
        return self._wrapper

    def metadata(self, provider: Any) -> Any:
        """``wrapper.resolve(provider)``, cached (PositionProvider, ParentNodeProvider, ...)."""
        if provider not in self._metadata:
            self._metadata[provider] = self.wrapper.resolve(provider)
        return self._metadata[provider]

    @property
    def positions(self) -> Any:
        """node -> libcst CodeRange (1-based lines, 0-based columns)."""
        _ = self.module
        if self._assembled is not None:
            # per statement, cached with its text: an edit recomputes one statement's positions
            if PositionProvider not in self._metadata:
                self._metadata[PositionProvider] = self._assembled.positions()
            return self._metadata[PositionProvider]
        return self.metadata(PositionProvider)

    @property
    def parents(self) -> Any:
        return self.metadata(ParentNodeProvider)

    @property
    def scopes(self) -> Any:
        """libcst ScopeProvider results (expensive: about 10x a parse; avoid in hot rules)."""
        return self.metadata(ScopeProvider)

    @property
    def qualified_names(self) -> Any:
        return self.metadata(QualifiedNameProvider)

    def range_of(self, node: cst.CSTNode) -> Range:
        """The 0-based range of ``node`` in this module (zero range if it is not in the tree)."""
        if self._tree is None and self._lazy is not None:
            code_range = self._lazy.code_range(node)     # a piece parsed by top_statement()
            if code_range is not None:
                return Range(Position(code_range.start.line - 1, code_range.start.column),
                             Position(code_range.end.line - 1, code_range.end.column))
        try:
            code_range = self.positions.get(node)
        except RecursionError:
            # trees nested deeper than the interpreter's recursion limit have no positions
            self._metadata[PositionProvider] = {}
            return _EMPTY
        if code_range is None:
            return _EMPTY
        return Range(Position(code_range.start.line - 1, code_range.start.column),
                     Position(code_range.end.line - 1, code_range.end.column))

    def parent(self, node: cst.CSTNode) -> Optional[cst.CSTNode]:
        try:
            return self.parents.get(node)
        except RecursionError:
            self._metadata[ParentNodeProvider] = {}
            return None

    def nodes_at(self, line: int, column: int) -> list[cst.CSTNode]:
        """The nodes whose range contains the 0-based position, outermost first."""
        try:
            positions = self.positions
        except RecursionError:
            return []
        target = (line + 1, column)
        found = []
        for node, rng in positions.items():
            if (rng.start.line, rng.start.column) <= target <= (rng.end.line, rng.end.column):
                found.append((rng.start.line, rng.start.column, -rng.end.line, -rng.end.column,
                              node))
        found.sort(key=lambda item: item[:4])
        return [item[4] for item in found]

    def code_for(self, node: cst.CSTNode) -> str:
        """The source text of ``node``."""
        return self.module.code_for_node(node)

    def walk(self) -> Iterator[cst.CSTNode]:
        """Every node of the tree but layout (whitespace, punctuation), depth first, iterative:
        about 8x faster than following libcst's ``node.children`` (see analysis.index.tree)."""
        return walk(self.module)


def parse_module_info(text: str, path: str = "<string>", module_name: str = "module",
                      is_package: bool = False, facts: Optional[ModuleFacts] = None,
                      project: Optional["ProjectIndex"] = None, lazy: bool = False
                      ) -> ModuleInfo:
    """Parse ``text`` (never raises for bad source: see ``parse_error``).

    ``lazy=True`` builds the libcst tree only when ``.module`` is first read.
    """
    text = normalise_newlines(text)
    digest = content_hash(text)
    if facts is None:
        facts = extract_facts(text, module_name, is_package, path)
    info = ModuleInfo(path=path, module_name=module_name, source=text, content_hash=digest,
                      facts=facts, project=project, _parse_error=facts.syntax_error)
    if not lazy:
        _ = info.module
    return info


def parse_cst(text: str) -> tuple[Optional[cst.Module], Optional[tuple[str, Range]]]:
    """libcst's tree of ``text``, or ``(None, (message, range))``."""
    try:
        tree = cst.parse_module(text)
        chunks.note_parsed(text.count("\n") + 1)
        return tree, None
    except cst.ParserSyntaxError as exc:
        message = str(exc.message).removeprefix("parser error: ")
        line = max(exc.raw_line - 1, 0)
        position = Position(line, max(exc.raw_column, 0))
        return None, (message, Range(position, position))
    except SyntaxError as exc:     # libcst's CSTValidationError (string + bytes, ...)
        return None, (str(exc) or "invalid syntax", _EMPTY)
    except (RecursionError, MemoryError, ValueError) as exc:
        return None, (f"cannot parse: {type(exc).__name__} {exc}".strip(), _EMPTY)


__all__ = ["ModuleInfo", "parse_cst", "parse_module_info"]
