"""Checker configuration: ``[tool.ormlens]`` of ``pyproject.toml``.

Keys: ``dialects`` (list of dialect names for SQL previews and portability rules), ``select`` and
``ignore`` (rule codes or prefixes: ``"ORM1"`` selects every N+1 rule, ``"ALL"`` everything),
``severity`` (code -> ``"error" | "warning" | "info" | "hint"``), ``exclude`` (glob patterns of
paths not to check, relative to the project root).

Example::

    [tool.ormlens]
    dialects = ["postgresql", "sqlite"]
    ignore = ["ORM4"]
    severity = { ORM101 = "error" }

    config = Config.load("/path/to/project")
    config.enabled("ORM101")      # True
"""
from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Optional

SEVERITIES = ("error", "warning", "info", "hint")
DEFAULT_DIALECTS = ("sqlite", "postgresql", "mysql")
DEFAULT_EXCLUDE = (".git", ".ormlens_cache", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", "node_modules",
                   "__pycache__", "build", "dist", "site-packages", ".mypy_cache",
                   ".pytest_cache", ".eggs", "*.egg-info")


class ConfigError(ValueError):
    """A configuration value of the wrong shape; the message names the key and the file."""


@dataclass(frozen=True)
class Config:
    dialects: tuple[str, ...] = DEFAULT_DIALECTS
    select: tuple[str, ...] = ()          # empty: every rule
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    source: Optional[str] = None          # the pyproject.toml it came from

    # --------------------------------------------------------------------------- loading
    @classmethod
    def load(cls, root: str | Path | None) -> "Config":
        """The ``[tool.ormlens]`` table of ``root``'s pyproject.toml (searched upward).

        Defaults when there is none.  Raises :class:`ConfigError` for a malformed file or value.
        """
        if root is None:
            return cls()
        start = Path(root).resolve()
        if start.is_file():
            start = start.parent
        for directory in (start, *start.parents):
            candidate = directory / "pyproject.toml"
            if candidate.is_file():
                return cls.from_file(candidate)
        return cls()

    @classmethod
    def from_file(cls, path: str | Path) -> "Config":
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read: {exc}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
        table = data.get("tool", {}).get("ormlens", {})
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.ormlens] must be a table")
        return cls.from_dict(table, source=str(path))

    @classmethod
    def from_dict(cls, table: dict[str, Any], source: Optional[str] = None) -> "Config":
        """Validate a ``[tool.ormlens]``-shaped mapping (also what editors send as settings)."""
        where = f"{source}: " if source else ""
        known = {f.name for f in fields(cls)} - {"source"}
        unknown = sorted(set(table) - known)
        if unknown:
            raise ConfigError(f"{where}unknown [tool.ormlens] key(s): {', '.join(unknown)} "
                              f"(known: {', '.join(sorted(known))})")
        values: dict[str, Any] = {"source": source}
        for key in ("dialects", "select", "ignore", "exclude"):
            if key in table:
                values[key] = _string_list(table[key], key, where)
        if "severity" in table:
            severity = table["severity"]
            if not isinstance(severity, dict):
                raise ConfigError(f"{where}severity must be a table of code = level")
            for code, level in severity.items():
                if level not in SEVERITIES:
                    raise ConfigError(f"{where}severity of {code} must be one of "
                                      f"{', '.join(SEVERITIES)}, not {level!r}")
            values["severity"] = {str(k).upper(): v for k, v in severity.items()}
        for key in ("select", "ignore"):
            if key in values:
                values[key] = tuple(code.upper() for code in values[key])
        return cls(**values)

    def with_overrides(self, **changes: Any) -> "Config":
        """A copy with some values replaced (None values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    # --------------------------------------------------------------------------- queries
    def enabled(self, code: str) -> bool:
        """Whether rule ``code`` runs: selected (prefix match; empty = all) and not ignored.

        The longer matching prefix wins, so ``select=["ORM1"], ignore=["ORM103"]`` keeps ORM101.
        """
        code = code.upper()
        selected = _longest(code, self.select) if self.select else 0
        if self.select and selected < 0:
            return False
        ignored = _longest(code, self.ignore)
        if ignored < 0:
            return True
        return selected > ignored

    def severity_of(self, code: str, default: str) -> str:
        return self.severity.get(code.upper(), default)

    def excluded(self, relative_path: str) -> bool:
        """Whether a path (relative to the root, ``/``-separated) matches an exclude pattern."""
        parts = relative_path.split("/")
        for pattern in (*DEFAULT_EXCLUDE, *self.exclude):
            if fnmatch.fnmatch(relative_path, pattern) or \
                    any(fnmatch.fnmatch(part, pattern) for part in parts):
                return True
        return False

    def fingerprint(self) -> tuple:
        return (self.dialects, self.select, self.ignore, tuple(sorted(self.severity.items())))


def _longest(code: str, prefixes: tuple[str, ...]) -> int:
    best = -1
    for prefix in prefixes:
        if prefix == "ALL":
            best = max(best, 0)
        elif code.startswith(prefix):
            best = max(best, len(prefix))
    return best


def _string_list(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}{key} must be a list of strings, not {value!r}")
    return tuple(value)


__all__ = ["Config", "ConfigError", "DEFAULT_DIALECTS", "SEVERITIES"]
