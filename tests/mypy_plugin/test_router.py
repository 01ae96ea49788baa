"""The router's memo of answers that depend on the full name alone (``FULLNAME_HOOKS``)."""
from __future__ import annotations

import sys
import types

import pytest
from mypy.options import Options
from mypy.plugin import FunctionContext

from mypy_plugin import findings, queries

router = sys.modules["mypy_plugin.plugin"]


def _context(default: object) -> FunctionContext:
    return FunctionContext(arg_types=[], arg_kinds=[], callee_arg_names=[], arg_names=[],
                           default_return_type=default, args=[], context=None, api=None)  # type: ignore[arg-type]


def _provider(name: str, suffix: str, asked: list[str], by_name: bool) -> types.ModuleType:
    provider = types.ModuleType(name)

    def get_function_hook(plugin: object, fullname: str):  # type: ignore[no-untyped-def]
        asked.append(f"{name}:{fullname}")
        return (lambda ctx: ctx.default_return_type + suffix) if fullname.startswith("m.") else None

    provider.get_function_hook = get_function_hook  # type: ignore[attr-defined]
    if by_name:
        provider.FULLNAME_HOOKS = frozenset({"get_function_hook"})  # type: ignore[attr-defined]
    return provider


def test_a_hook_every_provider_answers_by_name_is_asked_once_per_name(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(router, "PROVIDERS", (_provider("a", "+a", asked, True),
                                              _provider("b", "+b", asked, True)))
    plugin = router.OrmlensPlugin(Options())
    for _ in range(3):
        assert plugin.get_function_hook("m.f")(_context("T")) == "T+a+b"
        assert plugin.get_function_hook("x.g") is None
    assert asked == ["a:m.f", "b:m.f", "a:x.g", "b:x.g"]


def test_a_hook_one_provider_answers_from_mypys_state_is_asked_every_time(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(router, "PROVIDERS", (_provider("a", "+a", asked, True),
                                              _provider("b", "+b", asked, False)))
    plugin = router.OrmlensPlugin(Options())
    for _ in range(2):
        assert plugin.get_function_hook("m.f")(_context("T")) == "T+a+b"   # order kept
    assert asked == ["a:m.f", "b:m.f"] * 2


def test_our_name_only_answers_are_declared_for_hooks_they_define() -> None:
    for provider in (queries, findings):
        for hook in provider.FULLNAME_HOOKS:
            assert callable(getattr(provider, hook))
