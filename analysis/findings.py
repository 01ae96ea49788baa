"""What the checker reports: plain, immutable data every front-end converts from.

Positions are 0-based (line and column in characters of the line, as libcst and the LSP count
them); the CLI adds 1 when it prints.  A finding may carry a fix (text edits in its own file or
others) and related locations (the query that produced a loop's iterable, say).

Example::

    Finding(code="ORM101", name="lazy-load-in-loop", severity="warning",
            message="`user.posts` lazy-loads once per row of the loop over `users` (N+1)",
            path="app/views.py", range=Range(Position(12, 8), Position(12, 18)))
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Optional

Severity = Literal["error", "warning", "info", "hint"]


@dataclass(frozen=True, order=True)
class Position:
    line: int
    column: int


@dataclass(frozen=True, order=True)
class Range:
    start: Position
    end: Position

    @classmethod
    def of(cls, line: int, column: int, end_line: int, end_column: int) -> "Range":
        return cls(Position(line, column), Position(end_line, end_column))


@dataclass(frozen=True)
class TextEdit:
    """Replace ``range`` of ``path`` with ``new_text`` (an empty range inserts)."""

    path: str
    range: Range
    new_text: str


@dataclass(frozen=True)
class Fix:
    """A suggested change; ``safe`` means applying it cannot change behaviour beyond the intent."""

    title: str
    edits: tuple[TextEdit, ...]
    safe: bool = True


@dataclass(frozen=True)
class RelatedLocation:
    path: str
    range: Range
    message: str


@dataclass(frozen=True)
class Finding:
    code: str                     # stable rule code, e.g. "ORM101"
    name: str                     # rule name, e.g. "lazy-load-in-loop"
    severity: Severity
    message: str
    path: str
    range: Range
    fix: Optional[Fix] = None
    related: tuple[RelatedLocation, ...] = field(default=())

    @property
    def family(self) -> str:
        """``ORM1`` for ``ORM101``: the rule family the labelled corpus scores by."""
        return self.code[:4]


__all__ = ["Finding", "Fix", "Position", "Range", "RelatedLocation", "Severity", "TextEdit"]
