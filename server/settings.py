"""Client settings (``initializationOptions``, ``workspace/didChangeConfiguration``) -> overrides.

Editors send settings in several shapes: nested (``{"ormlens": {"dialects": [...]}}``), the section
itself (``{"dialects": [...]}``) or flat dotted keys (``{"ormlens.dialects": [...]}``).  All are
accepted; a value of the wrong type is reported (``problems``) and ignored, never fatal.

Example::

    s = Settings.parse({"ormlens": {"dialects": ["postgresql"], "debounceMs": 100}})
    s.dialects == ("postgresql",); s.debounce_ms == 100
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

DEFAULT_DEBOUNCE_MS = 300
SECTION = "ormlens"
_KEYS = ("dialects", "select", "ignore", "debounceMs", "severity")


@dataclass(frozen=True)
class Settings:
    """What the client configured; ``None`` means "not set here, use [tool.ormlens]"."""

    dialects: Optional[tuple[str, ...]] = None
    select: Optional[tuple[str, ...]] = None
    ignore: Optional[tuple[str, ...]] = None
    severity: Optional[dict[str, str]] = None
    debounce_ms: int = DEFAULT_DEBOUNCE_MS
    problems: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def parse(cls, raw: Any) -> "Settings":
        section = _section(raw)
        problems: list[str] = []
        values: dict[str, Any] = {}
        for key in ("dialects", "select", "ignore"):
            if section.get(key) is not None:
                items = _string_list(section[key])
                if items is None:
                    problems.append(f"ormlens.{key} must be a list of strings, got {section[key]!r}")
                else:
                    values[key] = items
        if section.get("severity") is not None:
            sev = section["severity"]
            if isinstance(sev, dict) and all(isinstance(k, str) and isinstance(v, str)
                                             for k, v in sev.items()):
                values["severity"] = dict(sev)
            else:
                problems.append(f"ormlens.severity must map rule codes to severities, got {sev!r}")
        if section.get("debounceMs") is not None:
            ms = section["debounceMs"]
            if isinstance(ms, (int, float)) and not isinstance(ms, bool) and 0 <= ms <= 60_000:
                values["debounce_ms"] = int(ms)
            else:
                problems.append(f"ormlens.debounceMs must be a number of milliseconds "
                                f"between 0 and 60000, got {ms!r}")
        return cls(**values, problems=tuple(problems))


def _section(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        return {}
    if isinstance(raw.get(SECTION), dict):
        return raw[SECTION]
    flat = {k[len(SECTION) + 1:]: v for k, v in raw.items()
            if isinstance(k, str) and k.startswith(SECTION + ".")}
    if flat:
        return flat
    return {k: v for k, v in raw.items() if k in _KEYS}


def _string_list(value: Any) -> Optional[tuple[str, ...]]:
    if isinstance(value, str):   # "sqlite, postgresql" from a plain text setting
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


__all__ = ["DEFAULT_DEBOUNCE_MS", "SECTION", "Settings"]
