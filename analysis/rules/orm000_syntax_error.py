"""ORM000 syntax-error: a file the checker cannot parse."""
from __future__ import annotations

from typing import Iterable

from analysis.findings import Finding
from analysis.rules.base import Rule, RuleContext


class SyntaxErrorRule(Rule):
    """A file that does not parse as Python, so nothing else in it is checked.

    ## What it does
    Reports the first syntax error of a module (the position and message of Python's own parser),
    or a file that cannot be read as text.

    ## Why is this bad?
    Every other rule needs the syntax tree: a file that does not parse is a file whose N+1 queries,
    type errors and raw SQL go unchecked.  The other files of the project are still checked, and
    the models of this file are missing from the model index until it parses again.

    ## Example
    ```python
    def recent(session:
        return session.scalars(select(Post))
    ```

    ## Use instead
    ```python
    def recent(session):
        return session.scalars(select(Post))
    ```

    ## Fix safety
    No fix is offered: only the author knows what the code was meant to say.
    """

    code = "ORM000"
    name = "syntax-error"
    severity = "error"
    requires_orm_text = False
    runs_on_broken = True

    VALID = [
        "from sqlalchemy import select\n\nstmt = select(1)\n",
        "# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n",
        "",
    ]
    INVALID = [
        "from sqlalchemy import select\n\ndef recent(session:  # error\n    return 1\n",
        "x = [1, 2  # error\ny = 3\n",
        "class User(Base)  # error\n    id = 1\n",
    ]

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        error = ctx.module.parse_error
        if error is None:
            return
        message, rng = error
        yield ctx.finding(rng, f"cannot parse this file: {message}")
