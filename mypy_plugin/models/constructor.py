"""The constructor of declarative models: ``User(name="ed", posts=[...])`` with typed keywords.

SQLAlchemy's default constructor sets each keyword argument as an attribute. mypy sees it as
``__init__(self, **kw: Any)`` (``DeclarativeBase``) or not at all (``declarative_base()``), so
``User(name=5)`` passed. The generated signature names every mapped attribute of the class and
its bases and mixins (columns, relationships, backrefs, ``Mapped[...]`` annotations) as an
optional keyword with its instance-level type.

Which keywords exist is the checker's decision, not this module's: the default constructor
accepts any attribute of the class (properties and plain class attributes too), and ``analysis``
(rule ORM202) reports the others as ``orm-unknown-column``, as ``ormlens check`` does. So the
signature ends in ``*args: Any, **kwargs: Any``: unknown names and positional arguments are
reported once, by that rule, not a second time as ``call-arg``.

A class that defines ``__init__`` itself (or inherits one from its own classes) keeps it, and
``MappedAsDataclass`` models keep the dataclass constructor SQLAlchemy's typing gives them.

Example::

    reveal_type(User)  # def (*args: Any, id: int = ..., name: str | None = ..., **kwargs: Any) -> User
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from mypy.nodes import ARG_NAMED_OPT, ARG_STAR, ARG_STAR2, TypeInfo, Var
from mypy.plugin import FunctionSigContext
from mypy.types import AnyType, CallableType, FunctionLike, Type, TypeOfAny

from .. import names
from .coltypes import sql_type_instance, strip_none
from .columns import mapped_value
from .facts import class_facts, declarative_root, is_declarative_base, is_library_base


def applies_to(info: TypeInfo) -> bool:
    """Whether instantiating ``info`` runs the declarative default constructor."""
    if declarative_root(info) is None or is_declarative_base(info) or class_facts(info).get("abstract"):
        return False
    if any(class_facts(base).get("dataclass") for base in info.mro):
        return False
    # a base mypy cannot see (a missing import, ``declarative_base(cls=<unknown>)``) may define
    # the ``__init__`` that really runs: its keywords and their types are unknown
    if any(base.fallback_to_any for base in info.mro):
        return False
    for base in info.mro:
        if base.fullname in names.MAPPED_AS_DATACLASS:
            return False
        if "__init__" in base.names:
            return is_library_base(base) or base.fullname == "builtins.object"
    return True


def mapped_parameters(info: TypeInfo) -> dict[str, Type]:
    """attribute -> instance-level type, for every mapped attribute along the MRO."""
    found: dict[str, Type] = {}
    for base in reversed(info.mro):
        if names.library_of(base.fullname) is not None or base.fullname == "builtins.object":
            continue
        for name, sym in base.names.items():
            if name.startswith("__") or not isinstance(sym.node, Var):
                continue
            value = mapped_value(sym.node.type)
            if value is not None:
                # ``Mapped[Text | None]``: a SQL type written where the Python type belongs (reported
                # once at the annotation, orm-query-type); its values are not Text objects
                if sql_type_instance(strip_none(value)) is not None:
                    value = AnyType(TypeOfAny.special_form)
                found[name] = value
            else:
                found.pop(name, None)  # redefined as something else below
    return found


def constructor_hook(info: TypeInfo) -> Callable[[FunctionSigContext], FunctionLike]:
    def signature(ctx: FunctionSigContext) -> FunctionLike:
        default = ctx.default_signature
        if not isinstance(default, CallableType):
            return default
        params = mapped_parameters(info)
        anything = AnyType(TypeOfAny.special_form)
        return default.copy_modified(
            arg_types=[anything, *params.values(), anything],
            arg_kinds=[ARG_STAR, *([ARG_NAMED_OPT] * len(params)), ARG_STAR2],
            arg_names=["args", *params, "kwargs"],
        )

    return signature


def lookup_model(plugin: Any, fullname: str) -> Optional[TypeInfo]:
    try:
        sym = plugin.lookup_fully_qualified(fullname)
    except (AssertionError, KeyError):
        return None
    node = sym.node if sym is not None else None
    return node if isinstance(node, TypeInfo) and applies_to(node) else None
