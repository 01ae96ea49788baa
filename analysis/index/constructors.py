"""Which ``__init__`` a mapped class's constructor call runs, read from the class hierarchy.

Declarative mapping gives a class the registry's default constructor (keywords = the class's
attributes) only when nothing in its MRO defines ``__init__``: a ``declarative_base()`` class
carries that constructor in its own namespace, a direct ``DeclarativeBase`` subclass gets it
when its own MRO defines none.  A class's own ``def __init__`` wins, and passes unnamed keywords
on only when it forwards ``**kwargs`` to ``super().__init__``.  The result is the chain of
:class:`~analysis.index.model.InitSignature` a keyword runs through (see
:attr:`ModelInfo.constructor <analysis.index.model.ModelInfo>`), or None when something the
index cannot see may define the constructor (a class decorator, a dataclass, an ``__init__``
assigned, a base outside the project, ``declarative_base(constructor=...)``).

Example::

    resolver = ConstructorResolver(builder)
    resolver.constructor("app.models.User")      # () -> the declarative default constructor
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Union

from analysis.index.facts import ClassFact, Expr
from analysis.index.model import InitSignature

if TYPE_CHECKING:
    from analysis.index.builder import _Builder

DEFAULT = "default"
UNKNOWN = "unknown"
# what a class's own namespace says about __init__: nothing (None), the declarative default,
# something the index cannot read, or a `def __init__`
OwnInit = Union[None, str, InitSignature]

BASE_CLASSES = {"orm.DeclarativeBase", "orm.DeclarativeBaseNoMeta"}
# library classes without an __init__ of their own in a model's MRO
_NEUTRAL = {"object", "typing.Generic", "abc.ABC", "orm.DeclarativeBase",
            "orm.DeclarativeBaseNoMeta", "orm.ext.asyncio.AsyncAttrs", "typing_extensions.Generic"}
# class decorators that leave __init__ alone
_HARMLESS_DECORATORS = {"orm.declarative_mixin"}


class ConstructorResolver:
    """Computes :attr:`ModelInfo.constructor` for the classes of one index build."""

    def __init__(self, builder: "_Builder") -> None:
        self.b = builder
        self._mro: dict[str, list[str]] = {}
        self._own: dict[str, OwnInit] = {}

    # ------------------------------------------------------------------ MRO
    def mro(self, qualname: str, stack: tuple = ()) -> list[str]:
        """C3 linearisation over the resolved bases (depth-first when C3 fails); classes
        outside the project are leaves."""
        if qualname in self._mro:
            return self._mro[qualname]
        if qualname in stack or len(stack) > 40:
            return [qualname]
        bases = list(self.b.class_bases.get(qualname, ()))
        if qualname not in self.b.classes and qualname in self.b.base_cls:
            bases = [self.b.base_cls[qualname]]        # declarative_base(cls=Mixin)
        inner = stack + (qualname,)
        sequences = [list(self.mro(base, inner)) for base in bases] + [list(bases)]
        merged = _c3(sequences)
        if merged is None:
            merged = []
            for sequence in sequences[:-1]:
                merged.extend(c for c in sequence if c not in merged)
        result = [qualname, *[c for c in merged if c != qualname]]
        self._mro[qualname] = result
        return result

    # ------------------------------------------------------------------ one class
    def own_init(self, qualname: str) -> OwnInit:
        """What ``qualname``'s own namespace holds as ``__init__``."""
        if qualname in self._own:
            return self._own[qualname]
        self._own[qualname] = UNKNOWN        # cycles: give up rather than recurse
        result = self._read_own(qualname)
        self._own[qualname] = result
        return result

    def _read_own(self, qualname: str) -> OwnInit:
        b = self.b
        if qualname in b.classes:
            cf, module = b.classes[qualname]
            return self._own_of_class(qualname, cf, module)
        if qualname in b.base_flavor or qualname == "flask_sqlalchemy.Model":
            return self._declarative_base_init(qualname)
        if qualname in _NEUTRAL:
            return None
        return UNKNOWN      # MappedAsDataclass (a dataclass __init__) or a class we cannot read

    def _own_of_class(self, qualname: str, cf: ClassFact, module: str) -> OwnInit:
        b = self.b
        for deco in cf.decorators:
            target = deco.func if deco.kind == "call" and deco.func is not None else deco
            name = b.resolve(target, module) or ""
            if name == "orm.as_declarative":
                # the decorator returns a new class holding the registry's constructor
                return UNKNOWN if deco.kind == "call" and deco.keyword("constructor") \
                    is not None else DEFAULT
            if name in _HARMLESS_DECORATORS:
                continue
            if name.rsplit(".", 1)[-1] == "mapped" and name.rsplit(".", 1)[0] in b.registries:
                continue            # registry.mapped: maps, the class keeps its __init__
            return UNKNOWN          # @dataclass, @mapped_as_dataclass, anything else
        if any(attr.key == "__init__" for attr in cf.attrs):
            return UNKNOWN
        for method in cf.methods:
            if method.name == "__init__":
                if method.decorators or method.signature is None:
                    return UNKNOWN
                return method.signature
        if any(base in BASE_CLASSES for base in b.class_bases.get(qualname, ())):
            # DeclarativeBase.__init_subclass__ installs the registry's constructor on the
            # direct subclass when nothing in its MRO defines __init__
            if all(self.own_init(c) is None for c in self.mro(qualname)[1:]):
                return DEFAULT
        return None

    def _declarative_base_init(self, qualname: str) -> OwnInit:
        """``declarative_base()`` / ``registry().generate_base()`` / Flask's ``db.Model``: the
        class holds the registry's constructor unless ``constructor=`` says otherwise."""
        if qualname == "flask_sqlalchemy.Model":
            return DEFAULT
        module, _, name = qualname.rpartition(".")
        facts = self.b.facts.get(module)
        value = facts.assigns.get(name) if facts is not None else None
        for call in self._construction_calls(value, module):
            if call.keyword("**") is not None:
                return UNKNOWN
            given = call.keyword("constructor")
            if given is not None:
                # constructor=None: no __init__ in the namespace, the MRO goes on
                return None if given.kind == "const" and given.value is None else UNKNOWN
        return DEFAULT

    def _construction_calls(self, value: Optional[Expr], module: str) -> list[Expr]:
        """The calls that made a base: ``declarative_base(...)``, ``registry(...).generate_base
        (...)`` (both calls), ``reg.generate_base(...)`` with ``reg = registry(...)``."""
        out: list[Expr] = []
        if value is None or value.kind != "call" or value.func is None:
            return out
        out.append(value)
        func = value.func
        if func.kind == "attr" and func.func is not None and func.func.kind == "call":
            out.append(func.func)
        elif func.kind == "name" and "." in func.value:
            owner = self.b.resolve(Expr("name", func.value.rsplit(".", 1)[0]), module) or ""
            owner_module, _, owner_name = owner.rpartition(".")
            facts = self.b.facts.get(owner_module)
            registry = facts.assigns.get(owner_name) if facts is not None else None
            if registry is not None and registry.kind == "call":
                out.append(registry)
        return out

    # ------------------------------------------------------------------ the chain
    def constructor(self, qualname: str) -> Optional[tuple[InitSignature, ...]]:
        """The ``__init__`` chain of a constructor call on ``qualname`` (see module docstring)."""
        chain: list[InitSignature] = []
        for cls in self.mro(qualname):
            own = self.own_init(cls)
            if own is None:
                continue
            if own == DEFAULT:
                return tuple(chain)
            if not isinstance(own, InitSignature):
                return None
            chain.append(own)
            if not (own.var_keyword and own.forwards):
                return tuple(chain)
        if qualname in self.b.imperative.by_class:
            return None     # imperative mapping installs no constructor: object.__init__
        # nothing defines __init__: the registry installs its default constructor
        return tuple(chain)


def _c3(sequences: list[list[str]]) -> Optional[list[str]]:
    sequences = [list(s) for s in sequences if s]
    out: list[str] = []
    while sequences:
        for sequence in sequences:
            head = sequence[0]
            if not any(head in other[1:] for other in sequences):
                break
        else:
            return None
        out.append(head)
        sequences = [[c for c in s if c != head] for s in sequences]
        sequences = [s for s in sequences if s]
    return out


__all__ = ["ConstructorResolver"]
