"""What the interpreter's expressions evaluate to, besides real ``orm`` objects and constants.

* :class:`Dynamic` — a value only known when the code runs (a parameter, a call, ``form.x.data``).
  In a value position it becomes a bound parameter named after its source (``user_id``).
* :class:`DynamicValue` — the stand-in value of such a parameter in a preview's ``params``.
* :class:`ApiName` — a dotted name of the ORM API not yet looked up (``orm.func``, ``orm``).
* :class:`ModuleRef` — a project module (``import app.models as models``).
* :class:`Receiver` — something statements are executed on (``session``, ``db.session``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_NOT_WORD = re.compile(r"[^A-Za-z0-9_]+")


class Unsupported(Exception):
    """The expression is outside the whitelist (or refers to something unknown): no preview."""


class RuntimeRefusal(Unsupported):
    """``orm`` itself refused a whitelisted construct: the code would fail when it runs."""


class UsesStatement(Unsupported):
    """A method the whitelist does not list, called on a finished statement (``stmt.compile()``):
    the code uses the statement rather than building it.  Raised for ``node``; when the cursor's
    outermost candidate is that call, the statement inside it is the preview."""

    def __init__(self, message: str, node: object) -> None:
        super().__init__(message)
        self.node = node


@dataclass(frozen=True)
class Dynamic:
    """A value not known statically; ``source`` is its expression text."""

    source: str
    name: str


@dataclass(frozen=True)
class DynamicValue:
    """The value of a bound parameter filled at run time (``repr``: ``<user_id>``)."""

    source: str

    def __repr__(self) -> str:
        return f"<{self.source}>"

    def __str__(self) -> str:
        return repr(self)


@dataclass(frozen=True)
class ApiName:
    """A canonical dotted name of the ORM API (``orm.select``, ``orm.func``, ``orm.dialects``)."""

    dotted: str


@dataclass(frozen=True)
class ModuleRef:
    """A module of the project (or any module that is not the ORM's)."""

    dotted: str


@dataclass(frozen=True)
class Receiver:
    """Something ``.query()``/``.execute()`` is called on (a session); ``source`` is its text."""

    source: str


def bind_name(source: str) -> str:
    """A bound parameter name for the expression text ``source``.

    ``user_id`` -> ``user_id``; ``self.user_id`` -> ``user_id``; ``form.email.data`` ->
    ``form_email_data``; ``get_id()`` -> ``get_id``; ``data["name"]`` -> ``data_name``.
    """
    text = source.strip()
    for prefix in ("self.", "cls."):
        if text.startswith(prefix) and len(text) > len(prefix):
            text = text[len(prefix):]
    text = text.split("(", 1)[0] if text.endswith(")") and "(" in text else text
    name = _NOT_WORD.sub("_", text).strip("_")
    name = re.sub("_+", "_", name)
    if not name:
        return "param"
    if name[0].isdigit():
        name = "p_" + name
    return name[:40]


__all__ = ["ApiName", "Dynamic", "DynamicValue", "ModuleRef", "Receiver", "RuntimeRefusal",
           "Unsupported", "UsesStatement",
           "bind_name"]
