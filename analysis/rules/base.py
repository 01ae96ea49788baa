"""The rule framework: :class:`Rule`, :class:`RuleContext`, suppression comments, the runner.

A rule is one small class in its own module ``analysis/rules/orm<code>_<name>.py``::

    class LazyLoadInLoop(Rule):
        '''What it does / Why is this bad / Example / Use instead / Fix safety (markdown).'''

        code = "ORM101"
        name = "lazy-load-in-loop"
        severity = "warning"
        VALID = ['''...a module that must give no ORM101...''']
        INVALID = ['''...a module; every line marked `# error` gets one ORM101...''']

        def check(self, ctx: RuleContext) -> Iterable[Finding]:
            for node in ...:
                yield ctx.finding(node, "`user.posts` lazy-loads once per row (N+1)")

Example markers (checked by tests/analysis/rules/test_examples.py): in INVALID examples, a line
ending with the comment ``# error`` must get exactly one finding of the rule starting on that line;
a comment line made of carets under a code line (``#     ^^^^^^^^^^``) additionally pins the
start column of that finding to the first caret and, when the carets end before the line does, its
end column to the last caret + 1.  No other line may get a finding of the rule.  VALID examples
must give none.

Suppression on the finding's first line: ``# ormlens: ignore[ORM101]`` (several codes separated by
commas, prefixes like ``ORM1`` allowed), ``# ormlens: ignore`` (every rule), ``# noqa: ORM101`` and
a bare ``# noqa``.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Iterable, Optional, Sequence, Union

import libcst as cst

from analysis.config import Config
from analysis.findings import Finding, Fix, Range, RelatedLocation, Severity

if TYPE_CHECKING:
    from analysis.index.model import ProjectIndex
    from analysis.index.parse import ModuleInfo

log = logging.getLogger("ormlens")


class Rule:
    """Base class of every rule; subclasses set ``code``, ``name``, ``severity`` and the examples.

    ``requires_orm_text``: when True (the default) the rule is skipped on modules that mention
    nothing ORM-related (see :func:`analysis.workspace.mentions_orm`); a rule that can find
    something in any module sets it to False.  ``runs_on_broken``: the rule also runs on modules
    that do not parse (their tree is empty; only ORM000 needs that).
    """

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    severity: ClassVar[Severity] = "warning"
    VALID: ClassVar[list[str]] = []
    INVALID: ClassVar[list[str]] = []
    requires_orm_text: ClassVar[bool] = True
    runs_on_broken: ClassVar[bool] = False

    def check(self, ctx: "RuleContext") -> Iterable[Finding]:
        raise NotImplementedError

    @classmethod
    def summary(cls) -> str:
        """The first line of the docstring."""
        doc = (cls.__doc__ or "").strip()
        return doc.splitlines()[0].strip() if doc else cls.name

    def __repr__(self) -> str:
        return f"<rule {self.code} {self.name}>"


@dataclass
class RuleContext:
    """What a rule sees: the module, the project's model index, the configuration.

    ``ctx.finding(node, message)`` makes a :class:`Finding` of the running rule at a libcst node
    (or a :class:`Range`).  ``ctx.flow`` is the per-module inference of :mod:`analysis.flow`,
    computed once and shared by every rule of the module.  ``ctx.shared`` is a per-module dict
    rules may use to share other expensive results (key them by a module-unique string).
    """

    module: "ModuleInfo"
    project: "ProjectIndex"
    config: Config
    rule: Optional[Rule] = None
    shared: dict = field(default_factory=dict)

    @property
    def path(self) -> str:
        return self.module.path

    @property
    def flow(self) -> Any:
        if "flow" not in self.shared:
            factory = _flow_factory()
            self.shared["flow"] = factory(self.module, self.project) if factory else None
        return self.shared["flow"]

    def range_of(self, node_or_range: Union[cst.CSTNode, Range]) -> Range:
        if isinstance(node_or_range, Range):
            return node_or_range
        return self.module.range_of(node_or_range)

    def finding(self, node_or_range: Union[cst.CSTNode, Range], message: str,
                fix: Optional[Fix] = None, related: Sequence[RelatedLocation] = (),
                path: Optional[str] = None) -> Finding:
        """A finding of the running rule (code, name and configured severity filled in)."""
        rule = self.rule
        if rule is None:
            raise RuntimeError("RuleContext.finding() called outside a rule's check()")
        return Finding(code=rule.code, name=rule.name,
                       severity=self.config.severity_of(rule.code, rule.severity),  # type: ignore
                       message=message, path=path or self.path,
                       range=self.range_of(node_or_range), fix=fix, related=tuple(related))


def _flow_factory() -> Optional[Callable[[Any, Any], Any]]:
    """B's module inference (analysis.flow.module_flow), when that package provides one."""
    try:
        from analysis import flow   # noqa: PLC0415 - optional, owned by another part
    except ImportError:
        return None
    except Exception as exc:   # noqa: BLE001 - a broken flow package must not stop the rules
        log.warning("analysis.flow failed to import: %s: %s", type(exc).__name__, exc)
        return None
    for attr in ("module_flow", "analyse_module", "analyze_module", "infer_module"):
        factory = getattr(flow, attr, None)
        if callable(factory):
            return factory
    return None


# ------------------------------------------------------------------------------ suppression
_IGNORE = re.compile(r"#\s*ormlens:\s*ignore(?:\[([^\]]*)\])?", re.IGNORECASE)
_NOQA = re.compile(r"#\s*noqa(?::\s*([A-Z0-9, ]+))?", re.IGNORECASE)


def suppressed_codes(line: str) -> Optional[set[str]]:
    """The codes a line's comments suppress: None for none, ``{"*"}`` for all.

    Example: ``suppressed_codes("x = 1  # noqa: ORM101, ORM2")`` -> ``{"ORM101", "ORM2"}``.
    """
    if "#" not in line:
        return None
    codes: set[str] = set()
    found = False
    for regex in (_IGNORE, _NOQA):
        for match in regex.finditer(line):
            found = True
            listed = match.group(1)
            if not listed or not listed.strip():
                codes.add("*")
            else:
                codes.update(c.strip().upper() for c in listed.split(",") if c.strip())
    return codes if found else None


def is_suppressed(finding: Finding, lines: Sequence[str]) -> bool:
    line_no = finding.range.start.line
    if not 0 <= line_no < len(lines):
        return False
    codes = suppressed_codes(lines[line_no])
    if not codes:
        return False
    return "*" in codes or any(finding.code.startswith(c) for c in codes)


# ------------------------------------------------------------------------------ runner
@dataclass
class RuleFailure:
    """A rule that raised on a module (logged; the other rules' findings still count)."""

    code: str
    path: str
    error: str


def run_rules(module: "ModuleInfo", project: "ProjectIndex", config: Config,
              rules: Iterable[Rule], failures: Optional[list[RuleFailure]] = None,
              orm_text: bool = True) -> list[Finding]:
    """Every finding of ``rules`` on ``module``, suppression comments applied, sorted.

    A rule that raises is logged (and recorded in ``failures``); the others still run.
    ``orm_text=False`` skips the rules that need ORM names in the module.
    """
    findings: list[Finding] = []
    shared: dict = {}
    active = [r for r in rules if orm_text or not r.requires_orm_text]
    if any(not r.runs_on_broken for r in active) and module.parse_error is None:
        _ = module.module          # build the tree now: libcst may find an error ast did not
    broken = module.parse_error is not None
    for rule in active:
        if broken and not rule.runs_on_broken:
            continue
        ctx = RuleContext(module=module, project=project, config=config, rule=rule,
                          shared=shared)
        try:
            produced = list(rule.check(ctx) or ())
        except Exception as exc:   # noqa: BLE001 - one broken rule must not hide the others
            log.warning("rule %s failed on %s: %s: %s", rule.code, module.path,
                        type(exc).__name__, exc, exc_info=log.isEnabledFor(logging.DEBUG))
            if failures is not None:
                failures.append(RuleFailure(rule.code, module.path, f"{type(exc).__name__}: {exc}"))
            continue
        findings.extend(f for f in produced if isinstance(f, Finding))
    lines = module.lines
    kept = [f for f in findings if f.path != module.path or not is_suppressed(f, lines)]
    kept.sort(key=lambda f: (f.path, f.range.start, f.range.end, f.code))
    # the same finding produced twice (by two paths of one rule) is reported once
    unique: list[Finding] = []
    seen: set = set()
    for f in kept:
        key = (f.path, f.range, f.code, f.message)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


__all__ = ["Rule", "RuleContext", "RuleFailure", "is_suppressed", "run_rules", "suppressed_codes"]
