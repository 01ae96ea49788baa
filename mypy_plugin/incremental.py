"""Incremental mode: a module whose findings may have changed is not left "fresh" in mypy's cache.

mypy (2.x) keeps each module's errors in its cache and prints them again, without processing the
module, while the module and its dependencies' interfaces are unchanged.  Findings also depend on
things mypy does not see: the ORM facts of models in other files (``lazy="selectin"`` changes no
type), the bodies of helpers the flow analysis reads, the configuration, the checker's version.

``report_config_data`` is mypy's way for a plugin to add to a module's cache key: when the value
it returns differs from the one stored, the module is processed again (and, since the value is
part of the module's interface hash, the modules that import it too).  For each project module
the value is :meth:`Project.inputs_key`: the plugin/checker fingerprint, the configuration and,
for modules that mention the ORM, the model index (positions left out) and the current hashes of
the files its last check read.  Those files are remembered between runs in
``<cache_dir>/ormlens/<module>.json``; without that record the module is processed again.  The
record also keeps the key and a digest of the project's state (every project file's size and
mtime, the configuration, the plugin): when that state is the same, the key is too, and a warm
run answers without reading the project.

Example: run mypy, change ``lazy="select"`` to ``lazy="selectin"`` in ``models.py``, run again:
``views.py`` is processed again and its ``orm-n-plus-one`` error goes away.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any, Optional

from .state import project_of, shielded

_SAFE = re.compile(r"[^A-Za-z0-9_.-]")
FORMAT = 2


def _record_path(plugin: Any, module: str) -> Optional[Path]:
    cache_dir = getattr(plugin.options, "cache_dir", None)
    if not cache_dir or cache_dir == os.devnull:
        return None
    return Path(cache_dir) / "ormlens" / (_SAFE.sub("_", module) + ".json")


def _load_record(plugin: Any, module: str, path: str) -> Optional[dict[str, Any]]:
    record = _record_path(plugin, module)
    if record is None:
        return None
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    # anything unexpected: unknown, so the module is processed again (never trusted)
    if not isinstance(data, dict) or data.get("format") != FORMAT or \
            data.get("path") != os.path.abspath(path):
        return None
    reads = data.get("reads")
    if not isinstance(reads, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                              for k, v in reads.items()):
        return None
    return data


def _store_record(plugin: Any, module: str, path: str, reads: dict[str, str], key: Any,
                  state: str) -> None:
    record = _record_path(plugin, module)
    if record is None:
        return
    data = {"format": FORMAT, "path": os.path.abspath(path), "reads": reads, "key": key,
            "state": state}
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        # written whole or not at all: a concurrent or interrupted run must not leave half a file
        fd, temporary = tempfile.mkstemp(dir=record.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            json.dump(data, stream)
        os.replace(temporary, record)
    except OSError:
        pass        # no record: the next run processes the module again, nothing is lost


@shielded(fallback="unavailable")      # differs from any real key: the module is processed again
def report_config_data(plugin: Any, ctx: Any) -> Any:
    """mypy asks at cache-check time (``ctx.is_check``) and when writing the module's cache."""
    project = project_of(plugin)
    if project is None or not project.covers(ctx.path):
        return None
    if ctx.is_check:
        data = _load_record(plugin, ctx.id, ctx.path)
        if data is None:
            return "unknown"            # never equal to a stored key: processed again
        if data.get("state") == project.state_digest():
            return data.get("key")      # nothing changed since it was computed: no index needed
        return project.inputs_key(ctx.path, data["reads"])
    reads = project.reads(ctx.path)
    if reads is None and (project.prefetched(ctx.path) or project.mentions_orm(ctx.path)):
        project.findings(ctx.path)       # processed without an anchor: learn what it reads
        reads = project.reads(ctx.path)
    reads = reads or {}
    key = project.inputs_key(ctx.path, reads)
    _store_record(plugin, ctx.id, ctx.path, reads, key, project.state_digest())
    return key


__all__ = ["report_config_data"]
