"""The on-disk cache of findings between runs of ``ormlens check`` (``.ormlens_cache/``).

A file's cached findings are reused when its text, the text of every module the rules read
while checking it (helpers, model methods: recorded through ``project.module_loader``), the
model index, the configuration and the checker itself are all unchanged.  The cache is JSON (a
pickle in a checked-out repository would be code anyone could plant); anything unexpected in it
makes it ignored, never trusted.

Example::

    cache = FindingsCache.load(root, engine=engine_fingerprint(), config=..., project=...)
    cached = cache.get("app/views.py", text_hash, current_hash_of)   # list[Finding] | None
    cache.put("app/views.py", text_hash, deps={"app/models.py": "ab12..."}, findings=[...])
    cache.save()
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Callable, Optional

from analysis.findings import Finding, Fix, Position, Range, RelatedLocation, TextEdit

CACHE_DIR = ".ormlens_cache"
CACHE_FILE = "check-v1.json"
FORMAT = 1
_ENGINE: Optional[str] = None


def engine_fingerprint() -> str:
    """Changes whenever a source file of the checker (analysis/, orm/) changes."""
    global _ENGINE
    if _ENGINE is None:
        digest = hashlib.blake2b(digest_size=16)
        here = Path(__file__).resolve().parents[2]
        for package in ("analysis", "orm"):
            for path in sorted((here / package).rglob("*.py")):
                stat = path.stat()
                digest.update(f"{path.relative_to(here)}:{stat.st_size}:{stat.st_mtime_ns}\n"
                              .encode())
        _ENGINE = digest.hexdigest()
    return _ENGINE


def fingerprint(value: Any) -> str:
    """A digest of a value made of tuples, strings, numbers and dataclasses (the model index's
    facts, the configuration).  ``repr`` depends on the content only; a pickle would also
    depend on which equal objects happen to be shared (facts read by worker processes)."""
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"),
                           digest_size=16).hexdigest()


def _range(data: list) -> Range:
    a, b, c, d = (int(x) for x in data)
    return Range(Position(a, b), Position(c, d))


def _flat(rng: Range) -> list[int]:
    return [rng.start.line, rng.start.column, rng.end.line, rng.end.column]


def finding_to_json(f: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {"code": f.code, "name": f.name, "severity": f.severity,
                           "message": f.message, "path": f.path, "range": _flat(f.range)}
    if f.fix is not None:
        out["fix"] = {"title": f.fix.title, "safe": f.fix.safe,
                      "edits": [[e.path, _flat(e.range), e.new_text] for e in f.fix.edits]}
    if f.related:
        out["related"] = [[r.path, _flat(r.range), r.message] for r in f.related]
    return out


def finding_from_json(data: dict[str, Any]) -> Finding:
    fix = None
    if data.get("fix") is not None:
        raw = data["fix"]
        fix = Fix(str(raw["title"]), tuple(TextEdit(str(p), _range(r), str(t))
                                           for p, r, t in raw["edits"]), bool(raw["safe"]))
    related = tuple(RelatedLocation(str(p), _range(r), str(m)) for p, r, m in
                    data.get("related", ()))
    severity = data["severity"]
    if severity not in ("error", "warning", "info", "hint"):
        raise ValueError(f"bad severity {severity!r}")
    return Finding(code=str(data["code"]), name=str(data["name"]), severity=severity,
                   message=str(data["message"]), path=str(data["path"]),
                   range=_range(data["range"]), fix=fix, related=related)


class FindingsCache:
    """Findings per file (relative paths), valid for one engine/config/index fingerprint."""

    def __init__(self, directory: Optional[Path], header: dict[str, str]) -> None:
        self.directory = directory
        self.header = header
        self.files: dict[str, dict[str, Any]] = {}
        self.hits = 0
        self.dirty = False

    @classmethod
    def load(cls, directory: Optional[Path], **header: str) -> "FindingsCache":
        cache = cls(directory, {k: str(v) for k, v in header.items()})
        if directory is None:
            return cache
        try:
            data = json.loads((directory / CACHE_FILE).read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                return cache
            if data.get("header") != cache.header or not isinstance(data.get("files"), dict):
                return cache        # another engine, configuration or model index
            for rel, entry in data["files"].items():
                if isinstance(rel, str) and isinstance(entry, dict) and \
                        isinstance(entry.get("hash"), str) and \
                        isinstance(entry.get("deps"), dict) and \
                        isinstance(entry.get("findings"), list):
                    cache.files[rel] = entry
        except (OSError, ValueError, TypeError):
            pass
        return cache

    def get(self, rel: str, text_hash: str, hash_of: Callable[[str], Optional[str]]
            ) -> Optional[list[Finding]]:
        """The cached findings of ``rel`` when it and its dependencies are unchanged."""
        entry = self.files.get(rel)
        if entry is None or entry["hash"] != text_hash:
            return None
        for dep, dep_hash in entry["deps"].items():
            if hash_of(dep) != dep_hash:
                return None
        try:
            findings = [finding_from_json(f) for f in entry["findings"]]
        except (KeyError, TypeError, ValueError):
            return None
        self.hits += 1
        return findings

    def put(self, rel: str, text_hash: str, deps: dict[str, str],
            findings: list[Finding]) -> None:
        self.files[rel] = {"hash": text_hash, "deps": deps,
                           "findings": [finding_to_json(f) for f in findings]}
        self.dirty = True

    def save(self) -> None:
        """Write the cache (atomically); a read-only or missing directory is not an error."""
        if self.directory is None or not self.dirty:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            ignore = self.directory / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# created by ormlens\n*\n", encoding="utf-8")
            data = {"format": FORMAT, "header": self.header, "files": self.files}
            handle, temp = tempfile.mkstemp(dir=self.directory, prefix=".check-", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, separators=(",", ":"))
            os.replace(temp, self.directory / CACHE_FILE)
            self.dirty = False
        except OSError:
            pass


__all__ = ["CACHE_DIR", "FindingsCache", "engine_fingerprint", "finding_from_json",
           "finding_to_json", "fingerprint"]
