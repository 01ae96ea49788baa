"""The router: one mypy ``Plugin`` whose hooks ask a tuple of provider modules for callbacks.

A provider is a module (``mypy_plugin.models``, ...) that defines functions named like the
``Plugin`` hooks, taking the plugin first::

    def get_function_hook(plugin: OrmlensPlugin, fullname: str) -> Callable[[FunctionContext], Type] | None

For each hook mypy asks about, every provider that defines it is asked in ``PROVIDERS`` order.
When several answer, their callbacks are composed, so providers stay independent of each other:

- type hooks (function, method, attribute, class attribute) run in order, each one seeing the
  previous result as ``default_return_type`` / ``default_attr_type``;
- signature hooks likewise, through ``default_signature``;
- class hooks (base class, metaclass, decorator, dynamic class, MRO) all run; for
  ``get_class_decorator_hook_2`` the class is done only when every callback says so;
- ``get_type_analyze_hook``: the first provider that answers wins (there is no default to chain);
- ``get_additional_deps`` and ``get_additional_indirect_deps`` are concatenated;
  ``report_config_data`` is ``{provider: data}`` over the providers that return data.

Cost: mypy asks every hook for nearly every name it meets (on 20k lines, ~110k questions, almost
all answered "no").  A provider lists in ``FULLNAME_HOOKS`` the hooks whose answer depends on the
full name alone (name tables, not mypy's symbol tables, which fill up as analysis goes); for a hook
every provider lists there, the router composes the answer once per name and keeps it.

Robustness: the plugin must never crash mypy on user code. Every callback runs under a guard that,
when the provider raises, returns mypy's own answer (the ``default_*`` of the context, or nothing
for class hooks) - so a bug of ours costs typing precision, never the user's CI run. Tests set
``ORMLENS_MYPY_RAISE=1`` to let such bugs surface instead.

Only the hooks that change least across mypy releases are routed.
"""
from __future__ import annotations

import os
from types import ModuleType
from typing import Any, Callable

from mypy.nodes import MypyFile
from mypy.options import Options
from mypy.types import AnyType, TypeOfAny
from mypy.plugin import (
    AttributeContext,
    FunctionContext,
    FunctionSigContext,
    MethodContext,
    MethodSigContext,
    Plugin,
    ReportConfigContext,
)

from . import findings, incremental, models, queries

# H appends its providers here (queries, findings).
PROVIDERS: tuple[ModuleType, ...] = (models, queries, findings, incremental)

Callback = Callable[[Any], Any]
_UNKNOWN: Any = object()        # not asked yet (None is an answer: "no callback")

# hook name -> how callbacks of several providers are composed, and what the guard falls back to
_TYPE_HOOKS = {
    "get_function_hook": "default_return_type",
    "get_method_hook": "default_return_type",
    "get_attribute_hook": "default_attr_type",
    "get_class_attribute_hook": "default_attr_type",
}
_SIGNATURE_HOOKS = ("get_function_signature_hook", "get_method_signature_hook")
_CLASS_HOOKS = (
    "get_base_class_hook",
    "get_metaclass_hook",
    "get_class_decorator_hook",
    "get_dynamic_class_hook",
    "get_customize_class_mro_hook",
)


def _raise_errors() -> bool:
    return os.environ.get("ORMLENS_MYPY_RAISE") == "1"


def _guard_type(callback: Callback, default_field: str) -> Callback:
    def guarded(ctx: Any) -> Any:
        try:
            return callback(ctx)
        except Exception:
            if _raise_errors():
                raise
            return getattr(ctx, default_field)

    return guarded


def _guard_none(callback: Callback) -> Callback:
    def guarded(ctx: Any) -> Any:
        try:
            return callback(ctx)
        except Exception:
            if _raise_errors():
                raise
            return None

    return guarded


def _guard_bool(callback: Callback) -> Callback:
    def guarded(ctx: Any) -> bool:
        try:
            return callback(ctx) is not False
        except Exception:
            if _raise_errors():
                raise
            return True  # do not make mypy wait for a class we cannot handle

    return guarded


def _chain(callbacks: list[Callback], default_field: str) -> Callback:
    if len(callbacks) == 1:
        return callbacks[0]

    def chained(ctx: Any) -> Any:
        result = getattr(ctx, default_field)
        for callback in callbacks:
            result = callback(ctx._replace(**{default_field: result}))
        return result

    return chained


def _run_all(callbacks: list[Callback]) -> Callback:
    if len(callbacks) == 1:
        return callbacks[0]

    def run_all(ctx: Any) -> None:
        for callback in callbacks:
            callback(ctx)

    return run_all


def _all_done(callbacks: list[Callback]) -> Callback:
    def all_done(ctx: Any) -> bool:
        results = [callback(ctx) for callback in callbacks]  # every one runs, even after a False
        return all(results)

    return all_done


def _compose_type(field: str) -> Callable[[list[Callback]], Callback | None]:
    def compose(callbacks: list[Callback]) -> Callback | None:
        return _chain([_guard_type(c, field) for c in callbacks], field) if callbacks else None
    return compose


def _compose_class(callbacks: list[Callback]) -> Callback | None:
    return _run_all([_guard_none(c) for c in callbacks]) if callbacks else None


def _compose_decorator_2(callbacks: list[Callback]) -> Callback | None:
    return _all_done([_guard_bool(c) for c in callbacks]) if callbacks else None


def _compose_analyze(callbacks: list[Callback]) -> Callback | None:
    if not callbacks:
        return None
    first = callbacks[0]

    def analyze(ctx: Any) -> Any:
        try:
            return first(ctx)
        except Exception:
            if _raise_errors():
                raise
            return AnyType(TypeOfAny.from_error)

    return analyze


_COMPOSE: dict[str, Callable[[list[Callback]], Callback | None]] = {
    **{hook: _compose_type(field) for hook, field in _TYPE_HOOKS.items()},
    **{hook: _compose_type("default_signature") for hook in _SIGNATURE_HOOKS},
    **{hook: _compose_class for hook in _CLASS_HOOKS},
    "get_class_decorator_hook_2": _compose_decorator_2,
    "get_type_analyze_hook": _compose_analyze,
}


class OrmlensPlugin(Plugin):
    """The ormlens plugin as mypy sees it: a router over ``PROVIDERS``."""

    def __init__(self, options: Options) -> None:
        super().__init__(options)
        # hook name -> the providers' functions for it, looked up once
        self._providers: dict[str, list[Callable[..., Any]]] = {}
        by_name_only: dict[str, bool] = {}
        for provider in PROVIDERS:
            fullname_hooks: frozenset[str] = getattr(provider, "FULLNAME_HOOKS", frozenset())
            for name in dir(provider):
                if name.startswith("get_") or name == "report_config_data":
                    function = getattr(provider, name)
                    if callable(function):
                        self._providers.setdefault(name, []).append(function)
                        by_name_only[name] = by_name_only.get(name, True) and name in fullname_hooks
        # hook -> fullname -> composed answer, for the hooks every provider answers by name alone
        # (a hook some provider answers from mypy's state is composed anew each time)
        self._answers: dict[str, dict[str, Callback | None]] = {
            hook: {} for hook, only in by_name_only.items() if only}
        self.state: dict[str, Any] = {}  # providers' per-plugin state, keyed by provider

    @property
    def modules(self) -> dict[str, MypyFile]:
        """The modules of this build so far (mypy sets them before analysis starts)."""
        return self._modules or {}

    def _callbacks(self, hook: str, fullname: str) -> list[Callback]:
        found = []
        for function in self._providers.get(hook, ()):
            callback = function(self, fullname)
            if callback is not None:
                found.append(callback)
        return found

    def _hook(self, hook: str, fullname: str) -> Callback | None:
        answers = self._answers.get(hook)
        if answers is None:
            if hook not in self._providers:
                return None
            callbacks = self._callbacks(hook, fullname)
            return _COMPOSE[hook](callbacks) if callbacks else None
        answer = answers.get(fullname, _UNKNOWN)
        if answer is _UNKNOWN:
            callbacks = self._callbacks(hook, fullname)
            answer = answers[fullname] = _COMPOSE[hook](callbacks) if callbacks else None
        return answer

    # -- type hooks ---------------------------------------------------------------------------
    def get_function_hook(self, fullname: str) -> Callable[[FunctionContext], Any] | None:
        return self._hook("get_function_hook", fullname)

    def get_method_hook(self, fullname: str) -> Callable[[MethodContext], Any] | None:
        return self._hook("get_method_hook", fullname)

    def get_attribute_hook(self, fullname: str) -> Callable[[AttributeContext], Any] | None:
        return self._hook("get_attribute_hook", fullname)

    def get_class_attribute_hook(self, fullname: str) -> Callable[[AttributeContext], Any] | None:
        return self._hook("get_class_attribute_hook", fullname)

    # -- signature hooks ----------------------------------------------------------------------
    def get_function_signature_hook(self, fullname: str) -> Callable[[FunctionSigContext], Any] | None:
        return self._hook("get_function_signature_hook", fullname)

    def get_method_signature_hook(self, fullname: str) -> Callable[[MethodSigContext], Any] | None:
        return self._hook("get_method_signature_hook", fullname)

    # -- class hooks --------------------------------------------------------------------------
    def get_base_class_hook(self, fullname: str) -> Callback | None:
        return self._hook("get_base_class_hook", fullname)

    def get_metaclass_hook(self, fullname: str) -> Callback | None:
        return self._hook("get_metaclass_hook", fullname)

    def get_class_decorator_hook(self, fullname: str) -> Callback | None:
        return self._hook("get_class_decorator_hook", fullname)

    def get_dynamic_class_hook(self, fullname: str) -> Callback | None:
        return self._hook("get_dynamic_class_hook", fullname)

    def get_customize_class_mro_hook(self, fullname: str) -> Callback | None:
        return self._hook("get_customize_class_mro_hook", fullname)

    def get_class_decorator_hook_2(self, fullname: str) -> Callback | None:
        return self._hook("get_class_decorator_hook_2", fullname)

    def get_type_analyze_hook(self, fullname: str) -> Callback | None:
        return self._hook("get_type_analyze_hook", fullname)

    # -- whole-module hooks -------------------------------------------------------------------
    def get_additional_deps(self, file: MypyFile) -> list[tuple[int, str, int]]:
        deps: list[tuple[int, str, int]] = []
        for function in self._providers.get("get_additional_deps", ()):
            deps.extend(function(self, file))
        return deps

    def get_additional_indirect_deps(self, file: MypyFile) -> set[str]:
        deps: set[str] = set()
        for function in self._providers.get("get_additional_indirect_deps", ()):
            deps |= set(function(self, file))
        return deps

    def report_config_data(self, ctx: ReportConfigContext) -> Any:
        data = {}
        for function in self._providers.get("report_config_data", ()):
            value = function(self, ctx)
            if value is not None:
                data[function.__module__.rsplit(".", 1)[-1]] = value
        return data or None
