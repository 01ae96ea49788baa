"""Declarative bases made by a project function: ``Base = make_base("plugin", 3)``.

Large projects hand each plugin its own base from a factory (a function that returns
``declarative_base(...)``, or a class it defines with ``@as_declarative``/``DeclarativeBase``).
The facts of each module record such functions (:attr:`ModuleFacts.factories`) and the
module-level assignments from calls (:attr:`ModuleFacts.call_assigns`); here the two are joined:
an assignment from a factory's ``declarative_base(...)`` is read as that call (its names
resolved in the factory's module), and one from a factory's class becomes an alias of that
class, which the builder classifies like any other.

Example::

    found = FactoryBases.find(builder)
    found.values       # [("app.models.Base", <declarative_base(...) Expr>, "app.db")]
    found.aliases      # {"plugins.series.Base": "app.db.versioned_base.<locals>.Versioned"}
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from analysis.index.facts import ClassFact, Expr

if TYPE_CHECKING:
    from analysis.index.builder import _Builder


@dataclass
class FactoryBases:
    values: list[tuple[str, Expr, str]] = field(default_factory=list)
    classes: dict[str, tuple[ClassFact, str]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)

    @classmethod
    def find(cls, builder: "_Builder") -> "FactoryBases":
        out = cls()
        for module, facts in builder.facts.items():
            for name, callee in facts.call_assigns.items():
                target = builder.raw(callee, module)
                owner, _, function = target.rpartition(".")
                owner_facts = builder.facts.get(owner)
                made = owner_facts.factories.get(function) if owner_facts is not None else None
                if made is None:
                    continue
                kind, value = made
                if kind == "call":
                    out.values.append((f"{module}.{name}", value, owner))
                elif isinstance(value, ClassFact):
                    out.classes[value.qualname] = (value, owner)
                    out.aliases[f"{module}.{name}"] = value.qualname
        return out


__all__ = ["FactoryBases"]
