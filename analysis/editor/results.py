"""What the editor features answer: plain data the language server converts to the protocol.

Every function in ``analysis.editor`` decides *what* to show (a hover's markdown, where a
``relationship("Post")`` string points, which names complete) and returns these dataclasses; the
server only translates them (``server/convert.py``).  Positions are 0-based, columns in characters,
as in :mod:`analysis.findings`.

Example::

    Hover(markdown="**User.name**: `String(50)`, NOT NULL", range=Range.of(4, 10, 4, 14))
    Location(path="app/models.py", range=Range.of(12, 6, 12, 10))
    Completion(label="email", kind="column", detail="String(120)", insert_text="email=")
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Optional

from analysis.findings import Finding, Range, TextEdit

CompletionKind = Literal["column", "relationship", "class", "attribute", "table", "keyword"]
ActionKind = Literal["quickfix", "source", "refactor"]


@dataclass(frozen=True)
class Hover:
    """Markdown shown for a position; ``range`` is the expression it describes (highlighted)."""

    markdown: str
    range: Optional[Range] = None


@dataclass(frozen=True)
class Location:
    """A place in a file: where a class, attribute or column is defined or referred to."""

    path: str
    range: Range


@dataclass(frozen=True)
class Completion:
    """One completion item. ``insert_text`` defaults to the label; ``replace`` is the range it
    replaces (the part of a string typed so far), else the editor's word at the cursor."""

    label: str
    kind: CompletionKind
    detail: str = ""
    insert_text: Optional[str] = None
    documentation: str = ""
    sort_text: Optional[str] = None
    replace: Optional[Range] = None   # text the item replaces (a string's typed part); None: word


@dataclass(frozen=True)
class Command:
    """A command the client asks the server to run (``workspace/executeCommand``)."""

    title: str
    name: str
    arguments: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Action:
    """A code action: text edits to apply and/or a command to run.

    ``finding`` is the finding the action resolves (quick fixes and suppressions), so the client can
    tie it to the diagnostic it shows.
    """

    title: str
    kind: ActionKind
    edits: tuple[TextEdit, ...] = ()
    command: Optional[Command] = None
    finding: Optional[Finding] = None
    preferred: bool = False
    source_kind: str = field(default="")   # sub-kind suffix, e.g. "ormlens.showSql"

    @property
    def full_kind(self) -> str:
        """``quickfix``, or ``source.ormlens.showSql`` when a sub-kind is given."""
        return f"{self.kind}.{self.source_kind}" if self.source_kind else self.kind


__all__ = ["Action", "ActionKind", "Command", "Completion", "CompletionKind", "Hover", "Location"]
