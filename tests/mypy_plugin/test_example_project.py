"""``examples/mypy_project``: mypy with the plugin, configured as the README shows, reports exactly
these errors - ormlens' findings (also in functions without annotations), the model and query
typing - and the same again from its cache on a second run."""
from __future__ import annotations

import contextlib
import os
from pathlib import Path

from mypy import api as mypy_api

from runner import ROOT

PROJECT = ROOT / "examples" / "mypy_project"

EXPECTED = [
    'bookshop/catalogue.py:17:12: error: Incompatible return value type (got "Book | None", expected "Book")  [return-value]',
    "bookshop/catalogue.py:21:13: error: List comprehension has incompatible type List[str]; expected List[int]  [misc]",
    "bookshop/catalogue.py:32:34: error: `author.books` lazy-loads Author.books once per row (N+1 queries); eager-load it on the query, e.g. `selectinload(Author.books)` (ORM101)  [orm-n-plus-one]",
    'bookshop/catalogue.py:37:52: error: `Book.price` holds Decimal values (Numeric) but is compared with `"10"` of type str (ORM201)  [orm-query-type]',
    "bookshop/catalogue.py:41:55: error: `Author(nationality=...)`: `Author` has no attribute `nationality`, the constructor raises TypeError (ORM202)  [orm-unknown-column]",
    "bookshop/catalogue.py:47:44: error: filter_by(writen_on=...): `Review` has no attribute `writen_on` (did you mean `written_on`?) (ORM202)  [orm-unknown-column]",
    'bookshop/models.py:39:26: error: "stars" is annotated "Mapped[int]" but its SQL type String holds "str" values  [orm-query-type]',
    "bookshop/views.py:9:14: error: get(Author, str(author_id)): the primary key `id` holds int values, not str (ORM205)  [orm-query-type]",
    "bookshop/views.py:16:33: error: `book.author` lazy-loads Book.author once per row (N+1 queries); eager-load it on the query, e.g. `selectinload(Book.author)` (ORM101)  [orm-n-plus-one]",
    "bookshop/views.py:21:28: error: text() SQL is built with an f-string from `term`: the value becomes SQL text (injection, quoting errors); pass it as a bind parameter (`:name` and a parameters dict) (ORM302)  [orm-raw-sql]",
    "bookshop/views.py:25:28: error: text(): table `sales` is not mapped by any model or Table in the project (ORM301)  [orm-raw-sql]",
]


def _mypy(cache: Path) -> tuple[list[str], int]:
    """``mypy`` run in the example's directory with no arguments: its pyproject.toml says all."""
    os.environ["ORMLENS_MYPY_RAISE"] = "1"
    try:
        with contextlib.chdir(PROJECT):
            stdout, stderr, status = mypy_api.run(["--cache-dir", str(cache), "--no-error-summary"])
    finally:
        os.environ.pop("ORMLENS_MYPY_RAISE", None)
    assert stderr == "", stderr
    return sorted(stdout.splitlines()), status


def test_example_project_reports_the_expected_errors(tmp_path: Path) -> None:
    lines, status = _mypy(tmp_path / "cache")
    assert status == 1
    assert lines == sorted(EXPECTED)
    # incremental: nothing changed, the same errors from mypy's cache
    again, status = _mypy(tmp_path / "cache")
    assert (again, status) == (lines, 1)
