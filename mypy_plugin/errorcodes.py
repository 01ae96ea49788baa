"""The error codes the ormlens mypy plugin reports under (``[orm-...]`` in mypy's output).

They are mypy ``ErrorCode`` objects in the category ``ormlens``, so users can silence or enable them
the usual way: ``# type: ignore[orm-n-plus-one]``, ``disable_error_code = orm-raw-sql``.

Example::

    ctx.api.fail('"User" has no column "nmae"', ctx.context, code=ORM_UNKNOWN_COLUMN)
"""
from __future__ import annotations

from mypy.errorcodes import ErrorCode

CATEGORY = "ormlens"

ORM_QUERY_TYPE = ErrorCode(
    "orm-query-type",
    "A query or mapping uses a value whose type does not fit the column (ORM2xx type findings)",
    CATEGORY,
)
ORM_UNKNOWN_COLUMN = ErrorCode(
    "orm-unknown-column",
    "A mapped class has no column or relationship of that name (filter_by, constructor, order_by)",
    CATEGORY,
)
ORM_N_PLUS_ONE = ErrorCode(
    "orm-n-plus-one",
    "A query per row: lazy loads or queries inside loops (ORM1xx findings)",
    CATEGORY,
)
ORM_RAW_SQL = ErrorCode(
    "orm-raw-sql",
    "Raw SQL that does not fit the schema or dialect, or values spliced into SQL text (ORM3xx)",
    CATEGORY,
)

ALL = (ORM_QUERY_TYPE, ORM_UNKNOWN_COLUMN, ORM_N_PLUS_ONE, ORM_RAW_SQL)
