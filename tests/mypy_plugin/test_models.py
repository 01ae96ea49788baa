"""Model typing by the mypy plugin: every ``cases/models_*.py`` case file, run by ``runner``."""
from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest
from mypy.options import Options
from mypy.plugin import FunctionContext

from runner import (BASE_FLAGS, CASES, Message, check_case, compare, parse_case, parse_output, run_mypy,
                    write_config, write_modules)

# the router module (the attribute ``mypy_plugin.plugin`` is mypy's entry function)
router = importlib.import_module("mypy_plugin.plugin")

MODEL_CASES = sorted(CASES.glob("models_*.py"))


@pytest.mark.parametrize("path", MODEL_CASES, ids=[p.stem for p in MODEL_CASES])
def test_case(path: Path, tmp_path: Path, mypy_cache_dir: Path) -> None:
    check_case(parse_case(path), tmp_path, mypy_cache_dir)


# -- the runner itself ------------------------------------------------------------------------

def test_runner_reports_missing_and_unexpected_messages(tmp_path: Path, mypy_cache_dir: Path) -> None:
    case_file = tmp_path / "wrong.py"
    case_file.write_text(
        "x: int = 1\n"
        "reveal_type(x)  # N: Revealed type is \"str\"\n"
        "y: str = 2  # E: a message mypy does not give  [assignment]\n"
        "z = 3  # E: nothing is wrong here\n",
        encoding="utf-8",
    )
    case = parse_case(case_file)
    workdir = tmp_path / "run"
    workdir.mkdir()
    with pytest.raises(AssertionError) as caught:
        check_case(case, workdir, mypy_cache_dir)
    report = str(caught.value).splitlines()[1:]
    assert report == [
        'missing:    wrong.py:2: note: Revealed type is "str"',
        'unexpected: wrong.py:2: note: Revealed type is "int"',
        "missing:    wrong.py:3: error: a message mypy does not give [assignment]",
        'unexpected: wrong.py:3: error: Incompatible types in assignment (expression has type "int", '
        'variable has type "str") [assignment]',
        "missing:    wrong.py:4: error: nothing is wrong here",
    ]


def test_runner_parses_several_expectations_and_helper_modules(tmp_path: Path) -> None:
    case_file = tmp_path / "two.py"
    case_file.write_text(
        "# flags: --strict\n"
        "f(1)  # E: first  [misc]  # N: second # W: third\n"
        "# ---- file: pkg/helper.py\n"
        "x = 1  # E: in the helper\n",
        encoding="utf-8",
    )
    case = parse_case(case_file)
    assert case.flags == ["--strict"]
    assert list(case.modules) == ["two.py", "pkg/helper.py"]
    assert case.modules["pkg/helper.py"] == "x = 1  # E: in the helper\n"
    assert case.expected == {
        Message("two.py", 2, "error", "first [misc]"),
        Message("two.py", 2, "note", "second"),
        Message("two.py", 2, "warning", "third"),
        Message("pkg/helper.py", 1, "error", "in the helper"),
    }
    assert compare(case.expected, sorted(case.expected)) == []


# -- configuration ----------------------------------------------------------------------------

CONFIG_CASE = """\
from orm import Column, Integer, declarative_base

Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)


reveal_type(User().id)
"""


@pytest.mark.parametrize("kind", ["mypy.ini", "setup.cfg", "pyproject.toml"])
def test_plugin_is_enabled_by_each_config_file(kind: str, tmp_path: Path, mypy_cache_dir: Path) -> None:
    (tmp_path / "case.py").write_text(CONFIG_CASE, encoding="utf-8")
    config = write_config(tmp_path, kind)
    run = run_mypy(tmp_path, ["case.py"], mypy_cache_dir, config=config)
    assert run.messages == [Message("case.py", 11, "note", 'Revealed type is "int"')]


def test_without_the_plugin_the_column_is_untyped(tmp_path: Path, mypy_cache_dir: Path) -> None:
    # the control for the test above: the same file without the plugin configured
    (tmp_path / "case.py").write_text(CONFIG_CASE, encoding="utf-8")
    config = write_config(tmp_path, "mypy.ini")
    config.write_text(config.read_text().replace("plugins = mypy_plugin\n", ""), encoding="utf-8")
    run = run_mypy(tmp_path, ["case.py"], mypy_cache_dir, config=config)
    assert Message("case.py", 11, "note", 'Revealed type is "orm.sql.schema.Column"') in run.messages


# -- incremental mode and the daemon ----------------------------------------------------------

PROJECT = {
    "base.py": "from orm import declarative_base\n\nBase = declarative_base()\n",
    "mixins.py": (
        "from orm import Column, DateTime\n\n\n"
        "class Stamped:\n"
        "    created = Column(DateTime, nullable=False)\n"
    ),
    "posts.py": (
        "from orm import Column, ForeignKey, Integer, String\n\n"
        "from base import Base\nfrom mixins import Stamped\n\n\n"
        "class Post(Stamped, Base):\n"
        "    __tablename__ = \"posts\"\n"
        "    id = Column(Integer, primary_key=True)\n"
        "    title = Column(String)\n"
        "    user_id = Column(ForeignKey(\"users.id\"))\n"
    ),
    # users.py imports posts.py, so mypy processes (and caches) Post first: the backref "author"
    # on Post must still be in the cache
    "users.py": (
        "from orm import Column, Integer, String, relationship\n\n"
        "import posts\nfrom base import Base\n\n\n"
        "class User(Base):\n"
        "    __tablename__ = \"users\"\n"
        "    id = Column(Integer, primary_key=True)\n"
        "    name = Column(String, nullable=False)\n"
        "    posts = relationship(\"Post\", backref=\"author\")\n"
    ),
    "app.py": (
        "from posts import Post\nfrom users import User\n\n"
        "u = User(name=5)\n"
        "p = Post(title=\"t\")\n"
        "reveal_type(u.posts)\n"
        "reveal_type(p.author)\n"
        "reveal_type(p.created)\n"
        "reveal_type(Post.title)\n"
        "p.author.name\n"
    ),
}

# each step edits files, then incremental and cold runs must agree
STEPS: list[tuple[str, dict[str, tuple[str, str]]]] = [
    ("the first run", {}),
    ("an edit of app.py", {"app.py": ("p.author.name\n", "p.author.name\nz = 1\n")}),
    ("a column type changed", {"users.py": ("Column(String, nullable=False)", "Column(Integer, nullable=False)")}),
    ("nullability changed in posts.py and the mixin", {
        "posts.py": ("Column(String)", "Column(String, nullable=False)"),
        "mixins.py": ("Column(DateTime, nullable=False)", "Column(DateTime)"),
    }),
    ("the backref renamed", {
        "users.py": ('backref="author"', 'backref="writer"'),
        "app.py": ("p.author", "p.writer"),
    }),
]


def _apply(workdir: Path, edits: dict[str, tuple[str, str]]) -> None:
    for name, (old, new) in edits.items():
        path = workdir / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new), encoding="utf-8")
        # mypy compares modification times first: make the change visible even within a second
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def _cold_run(project: Path, library_cache: Path, tmp: Path) -> list[Message]:
    """mypy on a copy of the project with a cache that holds only the libraries."""
    copy = tmp / f"cold-{len(list(tmp.iterdir()))}"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".mypy_cache", "*.json", "warm"))
    cache = copy / "cache"
    shutil.copytree(library_cache, cache)
    return run_mypy(copy, ["app.py"], cache).messages


def _sanity(step: str, messages: list[Message]) -> None:
    """What the plugin must have typed in this step (so agreement is not agreement on nothing)."""
    texts = {m.text for m in messages if m.path == "app.py"}
    assert 'Revealed type is "list[posts.Post]"' in texts, (step, texts)
    assert 'Revealed type is "users.User | None"' in texts, (step, texts)  # the backref
    assert not any(t.startswith('"Post" has no attribute') for t in texts), (step, texts)
    assert 'Item "None" of "User | None" has no attribute "name" [union-attr]' in texts, (step, texts)


def test_incremental_runs_agree_with_cold_runs(tmp_path: Path, mypy_cache_dir: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    write_modules(project, PROJECT)
    write_config(project)
    warm_cache = tmp_path / "warm"
    shutil.copytree(mypy_cache_dir, warm_cache)
    cold_dir = tmp_path / "cold"
    cold_dir.mkdir()
    for step, edits in STEPS:
        _apply(project, edits)
        warm = run_mypy(project, ["app.py"], warm_cache).messages
        cold = _cold_run(project, mypy_cache_dir, cold_dir)
        assert sorted(warm) == sorted(cold), step
        _sanity(step, warm)
        texts = {m.text for m in warm}
        column_typed_str = 'Argument "name" to "User" has incompatible type "int"; expected "str" [arg-type]'
        assert (column_typed_str in texts) == (step in ("the first run", "an edit of app.py")), step
        nullable_created = 'Revealed type is "datetime.datetime | None"' in texts
        assert nullable_created == (step in ("nullability changed in posts.py and the mixin",
                                             "the backref renamed")), step


def _dmypy(project: Path, status: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ORMLENS_MYPY_RAISE="1")
    return subprocess.run([str(Path(sys.executable).with_name("dmypy")), "--status-file", str(status), *args],
                          cwd=project, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_the_daemon_agrees_with_cold_runs(tmp_path: Path, mypy_cache_dir: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    write_modules(project, PROJECT)
    config = write_config(project)
    cache = tmp_path / "daemon-cache"
    shutil.copytree(mypy_cache_dir, cache)
    status = tmp_path / "dmypy.json"
    cold_dir = tmp_path / "cold"
    cold_dir.mkdir()
    try:
        for step, edits in STEPS:
            _apply(project, edits)
            done = _dmypy(project, status, "run", "--timeout", "600", "--", *BASE_FLAGS,
                          "--config-file", str(config), "--cache-dir", str(cache), "app.py")
            assert done.returncode in (0, 1) and "INTERNAL ERROR" not in done.stdout + done.stderr, done
            lines = "\n".join(line for line in done.stdout.splitlines() if line != "Daemon started")
            # only the project's files: the daemon re-reads library modules that change on disk
            # while it runs (orm/ is being edited) and then reports their own errors too
            daemon = [m for m in parse_output(lines) if m.path in PROJECT]
            cold = _cold_run(project, mypy_cache_dir, cold_dir)
            assert sorted(daemon) == sorted(cold), step
            _sanity(step, daemon)
    finally:
        _dmypy(project, status, "stop")


# -- input mypy cannot even parse --------------------------------------------------------------

BROKEN = {
    "app.py": "import models\nimport broken\n",
    "models.py": (
        "from orm import Column, Integer, declarative_base, relationship\n\n"
        "Base = declarative_base()\n\n\n"
        "class User(Base):\n"
        "    __tablename__ = 'users'\n"
        "    id = Column(Integer, primary_key=True)\n"
        "    posts = relationship('Post', backref='author')\n"
    ),
    "broken.py": (
        "from orm import Column, Integer, relationship\nfrom models import Base\n\n\n"
        "class Post(Base):\n"
        "    __tablename__ = 'posts'\n"
        "    id = Column(Integer,\n"
        "    user = relationship('User', backref=\n"
    ),
}


def test_a_module_that_does_not_parse_is_a_syntax_error_not_a_crash(tmp_path: Path, mypy_cache_dir: Path) -> None:
    write_modules(tmp_path, BROKEN)
    run = run_mypy(tmp_path, ["app.py"], mypy_cache_dir, statuses=(2,))
    assert [(m.path, m.severity) for m in run.messages] == [("broken.py", "error")]
    assert "syntax" in run.messages[0].text.lower() or "never closed" in run.messages[0].text


# -- the router --------------------------------------------------------------------------------

def _context(default: object) -> FunctionContext:
    return FunctionContext(arg_types=[], arg_kinds=[], callee_arg_names=[], arg_names=[],
                           default_return_type=default, args=[], context=None, api=None)  # type: ignore[arg-type]


def test_router_chains_providers_and_guards_against_their_bugs(monkeypatch: pytest.MonkeyPatch) -> None:
    first = types.ModuleType("first")
    second = types.ModuleType("second")
    broken = types.ModuleType("broken")
    first.get_function_hook = lambda plugin, name: (lambda ctx: ctx.default_return_type + "+first") \
        if name == "m.f" else None
    second.get_function_hook = lambda plugin, name: (lambda ctx: ctx.default_return_type + "+second")
    broken.get_function_hook = lambda plugin, name: (lambda ctx: 1 / 0)
    monkeypatch.setattr(router, "PROVIDERS", (first, broken, second))
    plugin = router.OrmlensPlugin(Options())
    hook = plugin.get_function_hook("m.f")
    monkeypatch.delenv("ORMLENS_MYPY_RAISE", raising=False)
    # the broken provider's answer is mypy's default (what it was given), the chain goes on
    assert hook(_context("T")) == "T+first+second"
    assert plugin.get_function_hook("m.g")(_context("T")) == "T+second"
    monkeypatch.setenv("ORMLENS_MYPY_RAISE", "1")
    with pytest.raises(ZeroDivisionError):
        hook(_context("T"))


def test_a_deleted_backref_declarer_is_not_an_import(tmp_path: Path, mypy_cache_dir: Path) -> None:
    # posts.py was made to depend on users.py (the backref); users.py then goes away
    project = tmp_path / "project"
    project.mkdir()
    write_modules(project, PROJECT)
    write_config(project)
    cache = tmp_path / "warm"
    shutil.copytree(mypy_cache_dir, cache)
    first = run_mypy(project, ["app.py"], cache).messages
    assert Message("app.py", 7, "note", 'Revealed type is "users.User | None"') in first
    (project / "users.py").unlink()
    (project / "app.py").write_text("from posts import Post\n\nreveal_type(Post().title)\n", encoding="utf-8")
    _apply(project, {"posts.py": ("title = Column(String)", "title = Column(String, nullable=False)")})
    assert run_mypy(project, ["app.py"], cache).messages == [Message("app.py", 3, "note", 'Revealed type is "str"')]
