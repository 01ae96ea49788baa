"""Typing of mapped classes: the provider the router (``mypy_plugin.plugin``) asks for model hooks.

- semantic analysis (``semanal``): ``declarative_base()`` classes, facts of class bodies and of
  mapped classes, backref attributes;
- type checking: ``Column``/``mapped_column``/``relationship`` values typed as ``Mapped[...]``
  (``columns``, ``relationships``), the generated constructor signature (``constructor``),
  ``orm`` hybrids at class level (``hybrid``).

Each function below answers one mypy hook for a full name with a callback, or None.
"""
from __future__ import annotations

from functools import partial
from typing import Any, Callable, Optional

from mypy.nodes import MypyFile, TypeInfo, Var
from mypy.plugin import ReportConfigContext

from .. import names
from . import columns, constructor, deps, flask, hybrid, semanal
from .facts import declarative_root, is_library_base

# prefixes of names that are never mapped classes or hybrids: a quick no for most hook queries
_NOT_USER = ("builtins.", "typing.", "typing_extensions.", "orm.", "sqlalchemy.", "mypy_extensions.",
             "abc.", "collections.", "enum.", "dataclasses.", "functools.")


# the hooks below that answer from the full name alone (name tables), so the router may keep each
# answer (mypy_plugin/plugin.py); the others look into mypy's symbol tables, which fill up as
# analysis goes, and must be asked each time
FULLNAME_HOOKS = frozenset({"get_function_hook", "get_method_hook", "get_attribute_hook",
                            "get_class_decorator_hook", "get_customize_class_mro_hook"})


def get_dynamic_class_hook(plugin: Any, fullname: str) -> Optional[Callable[..., None]]:
    if fullname in names.DECLARATIVE_BASE_FUNC:
        return partial(semanal.declarative_base_hook, plugin)
    if fullname == names.FLASK_SQLALCHEMY or (
            not fullname.startswith(_NOT_USER) and _is_extension_class(plugin, fullname)):
        return partial(flask.extension_hook, plugin)
    if fullname in semanal.RECORDED_CALLS:
        return partial(semanal.record_class_body_call, plugin)
    owner, _, attr = fullname.rpartition(".")
    if attr in ("generate_base", *semanal.RECORDED_SHORT_NAMES) and _is_variable(plugin, owner):
        # ``mapper_registry.generate_base()``; ``db.Column(...)`` (Flask-SQLAlchemy's proxies)
        if attr == "generate_base":
            return partial(semanal.declarative_base_hook, plugin)
        return partial(semanal.record_class_body_call, plugin)
    if not fullname.startswith(_NOT_USER) and _is_variable(plugin, fullname):
        # ``name = Column(...)`` where ``Column`` is a variable (``functools.partial(db.Column,
        # ...)``): recorded whatever it holds; the type checker sees what the call gives
        return partial(semanal.record_class_body_call, plugin)
    return None


def get_customize_class_mro_hook(plugin: Any, fullname: str) -> Optional[Callable[..., None]]:
    # asked for every class before its body is analysed: ``@mapper_registry.mapped`` classes,
    # whose decorator mypy cannot name (it is a method of a variable), are recognised here
    return partial(semanal.registry_mapped_hook, plugin)


def get_base_class_hook(plugin: Any, fullname: str) -> Optional[Callable[..., None]]:
    if fullname.startswith(("builtins.", "typing.")):
        return None
    info = _type_info(plugin, fullname)
    if info is None:
        return None
    if is_library_base(info) or declarative_root(info) is not None:
        return partial(semanal.declarative_subclass_hook, plugin)
    return None


def get_class_decorator_hook(plugin: Any, fullname: str) -> Optional[Callable[..., None]]:
    if fullname in names.AS_DECLARATIVE:
        return partial(semanal.as_declarative_hook, plugin)
    if fullname in names.REGISTRY_MAPPED:
        return partial(semanal.mapped_decorator_hook, plugin)
    return None


def get_function_hook(plugin: Any, fullname: str) -> Optional[Callable[..., Any]]:
    if fullname in names.COLUMN or fullname in names.MAPPED_COLUMN_FUNC:
        return partial(columns.column_hook, plugin)
    if fullname in names.RELATIONSHIP_FUNC or fullname in names.DYNAMIC_LOADER_FUNC:
        return partial(columns.relationship_hook, plugin)
    if fullname in names.DEFERRED_FUNC or fullname in names.COLUMN_PROPERTY_FUNC:
        return partial(columns.property_hook, plugin)
    return None


def get_method_hook(plugin: Any, fullname: str) -> Optional[Callable[..., Any]]:
    # ``db.Column(...)``: a call of the class through an object is reported as a method call
    if fullname in names.FLASK_RELATIONSHIP_METHODS:
        return partial(columns.relationship_hook, plugin)
    if fullname == names.PARTIAL_CALL:
        return partial(columns.partial_column_hook, plugin)
    if fullname.rpartition(".")[2] in names.FLASK_RELATIONSHIP_METHOD_NAMES and not fullname.startswith(_NOT_USER):
        # ``db = MySQLAlchemy()``: mypy names the method after the subclass of the extension. The
        # callback, not this lookup, checks that the receiver is one, so the answer depends on the
        # name alone and the router may keep it (FULLNAME_HOOKS)
        return partial(flask.subclass_relationship_hook, plugin)
    return get_function_hook(plugin, fullname)


def get_attribute_hook(plugin: Any, fullname: str) -> Optional[Callable[..., Any]]:
    owner, _, attr = fullname.rpartition(".")
    if owner == names.FLASK_SQLALCHEMY and not attr.startswith("_"):
        return partial(flask.proxied_name, plugin, attr)
    return None


def get_function_signature_hook(plugin: Any, fullname: str) -> Optional[Callable[..., Any]]:
    if fullname.startswith(_NOT_USER):
        return None
    info = constructor.lookup_model(plugin, fullname)
    return constructor.constructor_hook(info) if info is not None else None


def get_class_attribute_hook(plugin: Any, fullname: str) -> Optional[Callable[..., Any]]:
    if fullname.startswith(_NOT_USER):
        return None
    return hybrid.lookup_hybrid(plugin, fullname)


def get_additional_deps(plugin: Any, file: MypyFile) -> list[tuple[int, str, int]]:
    # mypy hands each parsed tree here before analysing it: the one chance to make ``db.Model``
    # bases resolvable (see ``flask``)
    flask.rewrite_model_bases(plugin, file)
    return deps.additional_deps(plugin, file)


def report_config_data(plugin: Any, ctx: ReportConfigContext) -> Any:
    backrefs = deps.config_data(plugin, ctx.id, ctx.is_check)
    if not ctx.is_check and flask.parse_again(plugin, ctx.id):
        # written with the module's cache, never reported when it is read: mypy drops the cache
        # entry and parses the module where get_additional_deps rewrites it (see ``flask``)
        return {"backrefs": backrefs, "flask": "parse again"}
    return backrefs


def _is_variable(plugin: Any, fullname: str) -> bool:
    try:
        sym = plugin.lookup_fully_qualified(fullname) if fullname else None
    except (AssertionError, KeyError):
        return False
    return sym is not None and isinstance(sym.node, Var)


def _is_extension_class(plugin: Any, fullname: str) -> bool:
    """A subclass of Flask-SQLAlchemy's extension class (``db = MySQLAlchemy()``)."""
    info = _type_info(plugin, fullname)
    return info is not None and info.has_base(names.FLASK_SQLALCHEMY)


def _type_info(plugin: Any, fullname: str) -> Optional[TypeInfo]:
    try:
        sym = plugin.lookup_fully_qualified(fullname)
    except (AssertionError, KeyError):
        return None
    return sym.node if sym is not None and isinstance(sym.node, TypeInfo) else None
