"""The rule registry: every ``Rule`` subclass of the ``analysis/rules/orm*.py`` modules.

Example::

    from analysis.rules import all_rules, rules_for, check_source
    [r.code for r in all_rules()]                 # ["ORM000", "ORM101", ...]
    rules_for(config)                             # instances of the enabled rules
    check_source("import sqlalchemy\\nx = (", select=["ORM000"])   # findings of a lone module
"""
from __future__ import annotations

import importlib
import logging
import pkgutil
from pathlib import Path
from typing import Iterable, Optional, Sequence

from analysis.config import Config
from analysis.findings import Finding
from analysis.rules.base import (Rule, RuleContext, RuleFailure, is_suppressed, run_rules,
                                 suppressed_codes)

log = logging.getLogger("ormlens")
_PACKAGE_DIR = Path(__file__).resolve().parent
_RULES: Optional[list[type[Rule]]] = None
LOAD_ERRORS: list[str] = []


def _load() -> list[type[Rule]]:
    found: dict[str, type[Rule]] = {}
    for info in sorted(pkgutil.iter_modules([str(_PACKAGE_DIR)]), key=lambda i: i.name):
        if not info.name.startswith("orm") or info.ispkg:
            continue
        # only our own package's modules are imported here (never user code)
        try:
            module = importlib.import_module(f"{__name__}.{info.name}")
        except Exception as exc:   # noqa: BLE001 - a broken rule module must not stop the others
            message = f"cannot load rule module {info.name}: {type(exc).__name__}: {exc}"
            log.warning("%s", message)
            LOAD_ERRORS.append(message)
            continue
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Rule) and value is not Rule and \
                    value.__module__ == module.__name__ and value.code:
                if value.code in found and found[value.code] is not value:
                    message = f"duplicate rule code {value.code} in {info.name}"
                    log.warning("%s", message)
                    LOAD_ERRORS.append(message)
                    continue
                found[value.code] = value
    return [found[code] for code in sorted(found)]


def all_rules() -> list[type[Rule]]:
    """Every registered rule class, sorted by code."""
    global _RULES
    if _RULES is None:
        _RULES = _load()
    return list(_RULES)


def rule_by_code(code: str) -> Optional[type[Rule]]:
    for rule in all_rules():
        if rule.code == code.upper():
            return rule
    return None


def rules_for(config: Config, only: Optional[Iterable[str]] = None) -> list[Rule]:
    """Instances of the rules ``config`` enables (ORM000 runs unless explicitly ignored).

    ``only`` restricts to these codes (the example tests run one rule at a time).
    """
    wanted = {c.upper() for c in only} if only is not None else None
    out = []
    for rule in all_rules():
        if wanted is not None and rule.code not in wanted:
            continue
        if config.enabled(rule.code) or (rule.code == "ORM000" and not any(
                rule.code.startswith(c) for c in config.ignore)):
            out.append(rule())
    return out


def check_source(source: str, select: Optional[Sequence[str]] = None, path: str = "example.py",
                 config: Optional[Config] = None) -> list[Finding]:
    """Findings on one standalone module (its own models only): what the rule examples use."""
    from analysis.workspace import Workspace

    ws = Workspace(None, config=config or Config())
    ws.set_document(path, source)
    return ws.check(path, only=select)


__all__ = ["LOAD_ERRORS", "Rule", "RuleContext", "RuleFailure", "all_rules", "check_source",
           "is_suppressed", "rule_by_code", "rules_for", "run_rules", "suppressed_codes"]
