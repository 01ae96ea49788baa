"""The ``ormlens`` command: ``check``, ``sql``, ``rules``, ``lsp``.

    ormlens check [PATH ...] [--format text|json|sarif] [--select CODES] [--ignore CODES]
                  [--dialect NAME] [--jobs N] [--config PYPROJECT] [--exit-zero] [--quiet]
                  [--no-cache]
    ormlens sql FILE:LINE[:COL] [--dialect NAME ...] [--format text|json]   (exit 1: no query
                there)
    ormlens rules [CODE]
    ormlens lsp [server options]        # the language server over stdio (python -m server)

Exit status: 0 nothing found, 1 findings, 2 usage, configuration or internal error.  Lines and
columns are 1-based on the command line and in every output.

Example::

    $ ormlens check app/
    app/views.py:12:9: ORM101 `user.posts` lazy-loads once per row of the loop over `users` (N+1)
    Found 1 finding (1 warning) in 1 file; checked 14 files.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any, Optional, Sequence

from analysis.config import Config, ConfigError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
PROGRESS_MIN_FILES = 40


class UsageError(Exception):
    """Bad command-line input (exit status 2, message on stderr)."""


def _codes(values: Optional[list[str]]) -> Optional[tuple[str, ...]]:
    if not values:
        return None
    out = []
    for value in values:
        out.extend(part.strip().upper() for part in value.split(",") if part.strip())
    return tuple(out)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ormlens", description="Static checks and SQL previews for SQLAlchemy-style code.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="check files for N+1 queries, query type errors, raw SQL",
                           description="Check Python files (default: the project) and report "
                                       "findings.  Exit 0 clean, 1 findings, 2 error.")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories")
    check.add_argument("--format", choices=("text", "json", "sarif"), default="text")
    check.add_argument("--select", action="append", metavar="CODES",
                       help="only these rule codes or prefixes (comma separated; ORM1 = family)")
    check.add_argument("--ignore", action="append", metavar="CODES",
                       help="skip these rule codes or prefixes")
    check.add_argument("--dialect", action="append", metavar="NAME",
                       help="target dialect(s) for portability rules (repeatable)")
    check.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                       help="parallel processes (default: the CPU count)")
    check.add_argument("--config", metavar="PYPROJECT", help="read [tool.ormlens] from this file")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    check.add_argument("--quiet", "-q", action="store_true", help="no summary line")
    check.add_argument("--no-progress", action="store_true", help="never draw a progress bar")
    check.add_argument("--no-cache", action="store_true",
                       help="neither read nor write .ormlens_cache (findings of unchanged files)")
    check.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE")

    sql = sub.add_parser("sql", help="show the SQL of the query expression at FILE:LINE[:COL]",
                         description="Rebuild the statement at a position and compile it per "
                                     "dialect (1-based line and column).")
    sql.add_argument("location", metavar="FILE:LINE[:COL]")
    sql.add_argument("--dialect", action="append", metavar="NAME",
                     help="dialect(s) to show (repeatable; default: the configured ones)")
    sql.add_argument("--format", choices=("text", "json"), default="text")

    rules = sub.add_parser("rules", help="list the rules, or show one rule's documentation")
    rules.add_argument("code", nargs="?", help="a rule code, e.g. ORM101")

    sub.add_parser("lsp", help="run the language server over stdio (options: python -m server "
                               "--help)", add_help=False)
    return parser


# ---------------------------------------------------------------------------------- helpers
def project_root(paths: Sequence[str]) -> Path:
    """The directory holding the nearest pyproject.toml above the first path (or the cwd).

    Without one: the current directory when every path is under it, else the paths' common
    parent.
    """
    start = Path(paths[0]).resolve() if paths else Path.cwd()
    if start.is_file():
        start = start.parent
    for directory in (start, *start.parents):
        if (directory / "pyproject.toml").is_file():
            return directory
    cwd = Path.cwd().resolve()
    resolved = [Path(p).resolve() for p in paths] or [cwd]
    if all(p == cwd or cwd in p.parents for p in resolved):
        return cwd
    common = Path(os.path.commonpath([str(p if p.is_dir() else p.parent) for p in resolved]))
    return common


class ProgressBar:
    """``[#####     ] 120/300 files`` redrawn on stderr (only on a terminal, for long runs)."""

    def __init__(self, stream: Any, label: str) -> None:
        self.stream = stream
        self.label = label
        self.last = 0.0
        self.drawn = False

    def __call__(self, done: int, total: int, _path: str) -> None:
        now = time.monotonic()
        if total < PROGRESS_MIN_FILES or (now - self.last < 0.1 and done < total):
            return
        self.last = now
        width = 30
        filled = int(width * done / max(total, 1))
        self.stream.write(f"\r{self.label} [{'#' * filled}{' ' * (width - filled)}] "
                          f"{done}/{total} files")
        self.stream.flush()
        self.drawn = True

    def clear(self) -> None:
        if self.drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.drawn = False


def _load_config(args: argparse.Namespace, root: Path) -> Config:
    config = Config.from_file(args.config) if getattr(args, "config", None) else Config.load(root)
    overrides: dict[str, Any] = {}
    if getattr(args, "dialect", None):
        overrides["dialects"] = tuple(d.strip() for v in args.dialect for d in v.split(",")
                                      if d.strip())
    if getattr(args, "select", None):
        overrides["select"] = _codes(args.select)
    if getattr(args, "ignore", None):
        overrides["ignore"] = (*config.ignore, *(_codes(args.ignore) or ()))
    return config.with_overrides(**overrides)


# ---------------------------------------------------------------------------------- commands
def cmd_check(args: argparse.Namespace, stdout: Any, stderr: Any) -> int:
    from analysis.output import render_json, render_sarif, render_text
    from analysis.rules import LOAD_ERRORS, all_rules
    from analysis.workspace import Workspace

    for path in args.paths:
        if not os.path.exists(path):
            raise UsageError(f"no such file or directory: {path}")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    root = project_root(args.paths)
    if not args.paths and Path.cwd().resolve() != root:
        args.paths = ["."]      # from a sub-directory: check it (models are found through imports)
    config = _load_config(args, root)
    known = {r.code for r in all_rules()}
    for code in (*config.select, *config.ignore):
        if code != "ALL" and not any(k.startswith(code) for k in known) and \
                not code.startswith("ORM"):
            raise UsageError(f"unknown rule code or prefix: {code}")
    ws = Workspace(root, config=config)
    show_progress = not args.no_progress and stderr.isatty()
    bar = ProgressBar(stderr, "indexing") if show_progress else None
    started = time.perf_counter()
    ws.index(progress=bar, jobs=args.jobs, paths=args.paths or None)
    if bar is not None:
        bar.clear()
        bar = ProgressBar(stderr, "checking")
    results = ws.check_all(args.paths or None, jobs=args.jobs, progress=bar,
                           cache=not args.no_cache)
    if bar is not None:
        bar.clear()
    elapsed = time.perf_counter() - started
    for message in LOAD_ERRORS:
        stderr.write(f"ormlens: warning: {message}\n")
    for failure in ws.failures:
        stderr.write(f"ormlens: internal error in rule {failure.code} on {failure.path}: "
                     f"{failure.error} (other rules' findings are reported)\n")
    cwd = os.getcwd()
    if args.format == "json":
        report = render_json(results, cwd)
    elif args.format == "sarif":
        report = json.dumps(render_sarif(results, all_rules(), root=cwd), indent=2) + "\n"
    else:
        report = render_text(results, cwd, summary=not args.quiet)
        if not args.quiet and results:
            lines = sum((ws.module_lines(p) for p in results), 0)
            report = report.rstrip("\n") + f" ({lines} lines in {elapsed:.2f} s)\n"
    if args.output:
        Path(args.output).write_text(report, encoding="utf-8")
    else:
        stdout.write(report)
    found = any(results.values())
    return EXIT_FINDINGS if found and not args.exit_zero else EXIT_CLEAN


def parse_location(text: str) -> tuple[str, int, Optional[int]]:
    """``FILE:LINE[:COL]`` (1-based) -> ``(file, line, column or None)``."""
    parts = text.rsplit(":", 2)
    try:
        if len(parts) == 3 and parts[2].isdigit() and parts[1].isdigit():
            return parts[0], int(parts[1]), int(parts[2])
        head, _, line = text.rpartition(":")
        if head and line.isdigit():
            return head, int(line), None
    except ValueError:
        pass
    raise UsageError(f"expected FILE:LINE[:COL] (1-based), got {text!r}")


def preview_json(preview: Any) -> dict[str, Any]:
    """``{"<dialect>": {"sql", "params", "transpiled", "extra": [...], "error"?}}``."""
    to_json = getattr(preview, "to_json", None)
    if callable(to_json):
        return to_json()
    return dict(preview) if isinstance(preview, dict) else {}


def _param_text(value: Any) -> str:
    # run-time values come as "<source expression>": shown as written, not as a string literal
    if isinstance(value, str) and value.startswith("<") and value.endswith(">"):
        return value
    return repr(value)


def render_preview_text(data: dict[str, Any]) -> str:
    """One block per dialect: ``-- sqlite``, the SQL, its parameters, the eager loads' SQL."""
    blocks = []
    for dialect, entry in data.items():
        heading = f"-- {dialect}" + (" (transpiled)" if entry.get("transpiled") else "")
        lines = [heading]
        if entry.get("error"):
            lines.append(f"-- cannot run on {dialect}: {entry['error']}")
        if entry.get("sql"):
            lines.append(str(entry["sql"]).rstrip())
        if entry.get("params"):
            lines.append("-- params: " + ", ".join(f"{k}={_param_text(v)}"
                                                   for k, v in entry["params"].items()))
        for extra in entry.get("extra") or ():
            lines.append(f"-- then ({extra.get('description', 'eager load')}):")
            lines.append(str(extra.get("sql", "")).rstrip())
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def cmd_sql(args: argparse.Namespace, stdout: Any, stderr: Any) -> int:
    from analysis.workspace import Workspace

    path, line, column = parse_location(args.location)
    if not os.path.isfile(path):
        raise UsageError(f"no such file: {path}")
    if line < 1 or (column is not None and column < 1):
        raise UsageError("LINE and COL are 1-based")
    root = project_root([path])
    config = _load_config(args, root)
    ws = Workspace(root, config=config)
    ws.index(paths=[path])
    info = ws.module(path)
    if info.parse_error is not None:
        message, rng = info.parse_error
        raise UsageError(f"{path}:{rng.start.line + 1}:{rng.start.column + 1}: cannot parse: "
                         f"{message}")
    lines = info.lines
    if line > len(lines):
        raise UsageError(f"{path} has {len(lines)} lines; line {line} does not exist")
    text = lines[line - 1]
    col0 = column - 1 if column is not None else len(text) - len(text.lstrip())
    try:
        from analysis import preview as preview_module
    except ImportError as exc:
        stderr.write(f"ormlens: SQL previews are not available in this installation: {exc}\n")
        return EXIT_ERROR
    unknown = getattr(preview_module, "UnknownDialectError", ())
    try:
        preview = ws.sql_at(path, line - 1, col0, dialects=config.dialects)
    except unknown as exc:          # type: ignore[misc]
        raise UsageError(str(exc)) from exc
    if preview is None:
        stderr.write(f"ormlens: no query expression at {path}:{line}:{col0 + 1}\n")
        return EXIT_FINDINGS
    data = preview_json(preview)
    if args.format == "json":
        stdout.write(json.dumps(data, indent=2, default=repr) + "\n")
    else:
        stdout.write(render_preview_text(data))
    return EXIT_CLEAN


def cmd_rules(args: argparse.Namespace, stdout: Any, stderr: Any) -> int:
    from analysis.rules import all_rules, rule_by_code

    if args.code:
        rule = rule_by_code(args.code)
        if rule is None:
            raise UsageError(f"unknown rule code: {args.code}")
        stdout.write(f"{rule.code} {rule.name} ({rule.severity})\n\n")
        stdout.write(_dedent_doc(rule.__doc__ or "") + "\n")
        return EXIT_CLEAN
    for rule in all_rules():
        stdout.write(f"{rule.code}  {rule.name:<32} {rule.severity:<8} {rule.summary()}\n")
    return EXIT_CLEAN


def _dedent_doc(doc: str) -> str:
    import inspect

    return inspect.cleandoc(doc)


def cmd_lsp(argv: Sequence[str]) -> int:
    """Replace this process with the language server (``python -m server``), same interpreter.

    The server package is started, never imported, from here: analysis stays independent of it.
    """
    os.execv(sys.executable, [sys.executable, "-m", "server", *argv])
    return EXIT_ERROR    # not reached


def main(argv: Optional[Sequence[str]] = None, stdout: Any = None, stderr: Any = None) -> int:
    """Run the command line; returns the exit status (the console script exits with it)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    if argv and argv[0] == "lsp":
        return cmd_lsp(argv[1:])
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:      # argparse: usage errors exit 2, --help exits 0
        return int(exc.code or 0)
    if args.version:
        stdout.write(f"ormlens {_version()}\n")
        return EXIT_CLEAN
    if args.command is None:
        parser.print_help(stderr)
        return EXIT_ERROR
    logging.basicConfig(level=logging.WARNING, format="ormlens: %(levelname)s: %(message)s")
    commands = {"check": cmd_check, "sql": cmd_sql, "rules": cmd_rules}
    try:
        return commands[args.command](args, stdout, stderr)
    except (UsageError, ConfigError, FileNotFoundError) as exc:
        stderr.write(f"ormlens: error: {exc}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        stderr.write("ormlens: interrupted\n")
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_ERROR
    except Exception as exc:   # noqa: BLE001 - an internal error is exit 2 with its reason
        import traceback

        stderr.write(f"ormlens: internal error: {type(exc).__name__}: {exc}\n")
        if os.environ.get("ORMLENS_DEBUG"):
            traceback.print_exc(file=stderr)
        return EXIT_ERROR


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("ormlens")
    except Exception:   # noqa: BLE001 - not installed: a source checkout
        return "0.1.0"


def console() -> None:
    sys.exit(main())


__all__ = ["build_parser", "main", "parse_location", "project_root"]
