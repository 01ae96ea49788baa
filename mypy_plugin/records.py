"""Small JSON records the plugin keeps beside mypy's cache (``<cache_dir>/ormlens-*.json``):
what one run learnt that the next run needs before mypy's cache can tell it (backref
dependencies, which imported ``db`` is Flask-SQLAlchemy's).

Losing a record costs a later run some work, never a wrong answer, so every error is swallowed.

Example::

    path = record_path(options.cache_dir, "ormlens-models.json")
    write_record(path, {"format": 3, "needs": {}})
    read_record(path)          # {"format": 3, "needs": {}}; None when absent or unreadable
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Optional


def record_path(cache_dir: Optional[str], name: str) -> Optional[Path]:
    """Where the record ``name`` lives; None when mypy keeps no cache (``--cache-dir=/dev/null``)."""
    return Path(cache_dir) / name if cache_dir and cache_dir != os.devnull else None


def read_record(path: Optional[Path]) -> Any:
    if path is None:
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_record(path: Optional[Path], data: Any) -> None:
    """Replace the record atomically (a parallel mypy run never reads half a file)."""
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            json.dump(data, stream, sort_keys=True)
        os.replace(temporary, path)
    except OSError:
        pass


__all__ = ["read_record", "record_path", "write_record"]
