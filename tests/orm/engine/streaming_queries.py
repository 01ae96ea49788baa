"""Queries of millions of rows that the three databases produce lazily, for the streaming tests
(sync in tests/orm/engine, async in tests/orm/asyncio)."""
from __future__ import annotations

import tracemalloc
from typing import Any, Callable

MILLIONS = 3_000_000
PEAK_BOUND = 4_000_000  # bytes; the rows of the whole result are > 600 MB as Python tuples


def big_query(dialect: str, n: int = 0, *, id_col: str = "n", pad_col: str = "pad") -> str:
    """``n`` rows of (``id_col`` 1..n, ``pad_col`` a 200-character string), produced lazily by
    the server.  By default millions; half a million on MariaDB, whose driver must read off the
    rest of a result closed early (still > 100 MB as Python tuples)."""
    n = n or (500_000 if dialect == "mysql" else MILLIONS)
    if dialect == "postgresql":
        return f"SELECT g AS {id_col}, repeat('x', 200) AS {pad_col} FROM generate_series(1, {n}) AS g"
    if dialect == "mysql":
        return f"SELECT seq AS {id_col}, repeat('x', 200) AS {pad_col} FROM seq_1_to_{n}"
    return (f"WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < {n}) "
            f"SELECT n AS {id_col}, printf('%200s', 'x') AS {pad_col} FROM c")


def traced_peak(fn: Callable[[], Any]) -> tuple[Any, int]:
    """``fn()``'s result and the peak of memory traced while it ran."""
    tracemalloc.start()
    try:
        out = fn()
        return out, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
