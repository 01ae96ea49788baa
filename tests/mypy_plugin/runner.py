"""Inline-expectation runner for the mypy plugin's case files.

A case file is a Python module whose lines carry what mypy (with the plugin) must say about them::

    reveal_type(user.name)  # N: Revealed type is "builtins.str"
    User(nmae="x")  # E: Unexpected keyword argument "nmae" for "User"  [call-arg]

Several expectations may share a line (``# E: ... # N: ...``). The runner writes the case (and the
helper modules it carries) into a fresh directory, runs ``mypy.api.run`` there with the plugin,
and compares the complete set of ``(file, line, severity, message)`` both ways: an expected
message that is missing and a message nobody expected both fail the case.

Helper modules follow the main module in the same file, each after a separator line::

    # ---- file: shop/models.py

Their expectations are checked the same way. A line ``# flags: --strict ...`` at the top adds
mypy flags. Whitespace runs in messages are compared as one space.
"""
from __future__ import annotations

import contextlib
import os
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from mypy import api as mypy_api

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).resolve().parent / "cases"

SEVERITIES = {"E": "error", "N": "note", "W": "warning"}
_EXPECTATION = re.compile(r"#\s*([ENW]):\s*(.*?)\s*(?=#\s*[ENW]:|$)")
_FIRST_MARKER = re.compile(r"#\s*[ENW]:")
_OUTPUT = re.compile(r"^(?P<path>[^:\n]+\.pyi?):(?P<line>\d+): (?P<severity>error|note|warning): (?P<text>.*)$")
_SEPARATOR = re.compile(r"^# ---- file: (?P<path>\S+)\s*$")

MYPY_INI = """\
[mypy]
plugins = mypy_plugin
mypy_path = {root}
show_error_codes = True
# orm is read from this checkout the way mypy reads an installed library: its types are used,
# its implementation is not re-checked here
[mypy-orm.*]
follow_imports = silent
"""
BASE_FLAGS = ["--no-error-summary", "--hide-error-context", "--no-pretty", "--no-color-output"]


@dataclass(frozen=True, order=True)
class Message:
    path: str
    line: int
    severity: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.text}"


@dataclass
class Case:
    """A case file split into modules, with the messages its comments expect."""

    name: str
    modules: dict[str, str]  # relative path -> source
    expected: set[Message]
    flags: list[str] = field(default_factory=list)

    @property
    def main(self) -> str:
        return next(iter(self.modules))


@dataclass
class MypyRun:
    messages: list[Message]
    stdout: str
    stderr: str
    status: int


def _normalise(text: str) -> str:
    return " ".join(text.split())


def expectations(path: str, source: str) -> set[Message]:
    """The messages the ``# E:`` / ``# N:`` / ``# W:`` comments of ``source`` expect."""
    found = set()
    for number, line in enumerate(source.splitlines(), 1):
        first = _FIRST_MARKER.search(line)
        if first is None:
            continue
        for severity, text in _EXPECTATION.findall(line[first.start():]):
            found.add(Message(path, number, SEVERITIES[severity], _normalise(text)))
    return found


def parse_case(path: Path) -> Case:
    """Split a case file into its main module and helper modules, and read its expectations."""
    text = path.read_text(encoding="utf-8")
    modules: dict[str, list[str]] = {path.name: []}
    current = path.name
    flags: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        m = _SEPARATOR.match(line)
        if m:
            current = m.group("path")
            if current in modules:
                raise ValueError(f"{path}:{number}: module {current} given twice")
            modules[current] = []
            continue
        if number <= 3 and line.startswith("# flags:"):
            flags = shlex.split(line[len("# flags:"):])
        modules[current].append(line)
    sources = {name: "\n".join(lines) + "\n" for name, lines in modules.items()}
    expected: set[Message] = set()
    for name, source in sources.items():
        expected |= expectations(name, source)
    return Case(path.stem, sources, expected, flags)


def parse_output(stdout: str) -> list[Message]:
    """mypy's report as messages; any line that is not a message is an error of the run."""
    messages = []
    for line in stdout.splitlines():
        if not line.strip():
            continue
        m = _OUTPUT.match(line)
        if m is None:
            raise AssertionError(f"mypy printed something that is not a message:\n{stdout}")
        path = m.group("path").replace(os.sep, "/")
        messages.append(Message(path, int(m.group("line")), m.group("severity"), _normalise(m.group("text"))))
    return messages


def write_config(workdir: Path, kind: str = "mypy.ini") -> Path:
    """Write the plugin configuration into ``workdir`` in one of the forms users write:
    ``mypy.ini``, ``setup.cfg`` or ``pyproject.toml``."""
    if kind in ("mypy.ini", "setup.cfg"):
        body = MYPY_INI.format(root=ROOT)
        if kind == "setup.cfg":
            body = "[metadata]\nname = example\n\n" + body
    elif kind == "pyproject.toml":
        body = (
            "[project]\nname = \"example\"\n\n[tool.mypy]\nplugins = [\"mypy_plugin\"]\n"
            f"mypy_path = \"{ROOT}\"\nshow_error_codes = true\n\n"
            "[[tool.mypy.overrides]]\nmodule = [\"orm.*\"]\nfollow_imports = \"silent\"\n"
        )
    else:
        raise ValueError(f"unknown config kind {kind!r}")
    path = workdir / kind
    path.write_text(body, encoding="utf-8")
    return path


def write_modules(workdir: Path, modules: dict[str, str]) -> None:
    for name, source in modules.items():
        target = workdir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source, encoding="utf-8")


def run_mypy(workdir: Path, files: list[str], cache_dir: Path, *, config: Path | None = None,
             flags: list[str] | None = None, statuses: tuple[int, ...] = (0, 1)) -> MypyRun:
    """Run mypy in-process in ``workdir`` on ``files`` with the plugin configured; fail unless
    it exits with one of ``statuses`` (2: a blocking error such as a syntax error) and cleanly."""
    config = config or write_config(workdir)
    args = [*BASE_FLAGS, "--config-file", str(config), "--cache-dir", str(cache_dir), *(flags or []), *files]
    previous = os.environ.get("ORMLENS_MYPY_RAISE")
    os.environ["ORMLENS_MYPY_RAISE"] = "1"  # a bug in the plugin fails the test, not hidden
    try:
        with contextlib.chdir(workdir):
            stdout, stderr, status = mypy_api.run(args)
    finally:
        if previous is None:
            os.environ.pop("ORMLENS_MYPY_RAISE", None)
        else:
            os.environ["ORMLENS_MYPY_RAISE"] = previous
    if status not in statuses or "INTERNAL ERROR" in stdout + stderr or "Traceback" in stdout + stderr \
            or stderr.strip():
        raise AssertionError(f"mypy did not run cleanly (status {status}):\n{stdout}\n{stderr}")
    return MypyRun(parse_output(stdout), stdout, stderr, status)


def compare(expected: set[Message], actual: list[Message]) -> list[str]:
    """The differences, one line each: ``missing: ...`` and ``unexpected: ...``; [] when equal."""
    got = set(actual)
    tagged = [(m, "missing:    ") for m in expected - got] + [(m, "unexpected: ") for m in got - expected]
    tagged.sort(key=lambda pair: (pair[0].path, pair[0].line, pair[1] != "missing:    ", pair[0].text))
    return [f"{tag}{m}" for m, tag in tagged]


def check_case(case: Case, workdir: Path, cache_dir: Path) -> MypyRun:
    """Run a case and fail with the list of differences when mypy's messages are not the
    expected ones."""
    write_modules(workdir, case.modules)
    # only the main module is named: helper modules are checked as the imports they are (naming
    # them too could give one file two module names)
    run = run_mypy(workdir, [case.main], cache_dir, flags=case.flags)
    problems = compare(case.expected, run.messages)
    if problems:
        raise AssertionError(f"case {case.name}: mypy's messages differ from the expectations:\n"
                             + "\n".join(problems))
    return run
