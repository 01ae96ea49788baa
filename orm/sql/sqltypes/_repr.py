"""``repr`` of a type in constructor form, leaving out arguments at their defaults.

``Numeric(10, 2)`` shows as ``Numeric(precision=10, scale=2)``, as in SQLAlchemy; error messages
("... with datatype Numeric(precision=10, scale=2)") read the same.
"""
from __future__ import annotations

import inspect
from typing import Any

_MISSING = object()
_SIGNATURES: dict[type, list[tuple[str, Any]]] = {}


def _params(cls: type) -> list[tuple[str, Any]]:
    params = _SIGNATURES.get(cls)
    if params is None:
        params = []
        try:
            sig = inspect.signature(cls.__init__)  # type: ignore[misc]
        except (TypeError, ValueError):
            sig = None
        if sig is not None:
            for p in list(sig.parameters.values())[1:]:
                if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY):
                    params.append((p.name, p.default))
        _SIGNATURES[cls] = params
    return params


def generic_repr(self: Any) -> str:
    args = []
    for name, default in _params(type(self)):
        value = self.__dict__.get(name, _MISSING)
        if value is _MISSING or value == default:
            continue
        args.append(f"{name}={value!r}")
    return f"{type(self).__name__}({', '.join(args)})"
