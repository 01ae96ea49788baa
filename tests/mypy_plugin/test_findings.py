"""ormlens findings reported by the mypy plugin: every ``cases/findings_*.py`` case file, run by
``runner`` (messages, lines, codes both ways), plus what the runner does not show: columns, the
error codes users silence, and the translation table."""
from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from mypy import api as mypy_api

from runner import (BASE_FLAGS, CASES, Message, check_case, parse_case, parse_output, write_config,
                    write_modules)

FINDING_CASES = sorted(CASES.glob("findings_*.py"))


@pytest.mark.parametrize("path", FINDING_CASES, ids=[p.stem for p in FINDING_CASES])
def test_case(path: Path, tmp_path: Path, mypy_cache_dir: Path) -> None:
    run = check_case(parse_case(path), tmp_path, mypy_cache_dir)
    # the runner compares sets: here each message must also be printed once
    assert len(run.messages) == len(set(run.messages)), run.stdout


# -- the translation table ----------------------------------------------------------------------

def test_every_rule_has_an_error_code() -> None:
    from analysis.rules import all_rules
    from mypy_plugin.errorcodes import (ORM_N_PLUS_ONE, ORM_QUERY_TYPE, ORM_RAW_SQL,
                                        ORM_UNKNOWN_COLUMN)
    from mypy_plugin.findings import error_code_of

    expected_family = {"ORM1": ORM_N_PLUS_ONE, "ORM2": ORM_QUERY_TYPE, "ORM3": ORM_RAW_SQL,
                       "ORM4": ORM_RAW_SQL}
    codes = [rule.code for rule in all_rules()]
    assert "ORM000" in codes and "ORM202" in codes
    for code in codes:
        if code == "ORM000":
            assert error_code_of(code) is None      # mypy reports syntax errors itself
        elif code == "ORM202":
            assert error_code_of(code) is ORM_UNKNOWN_COLUMN
        else:
            assert error_code_of(code) is expected_family[code[:4]], code


def test_translate_positions_and_message() -> None:
    from analysis.findings import Finding, Range
    from mypy_plugin.errorcodes import ORM_RAW_SQL
    from mypy_plugin.findings import translate

    finding = Finding(code="ORM301", name="raw-sql-invalid", severity="error",
                      message="text(): column `totl`\n  does not exist", path="a.py",
                      range=Range.of(4, 20, 4, 47))
    error = translate(finding)
    assert error is not None
    # mypy lines are 1-based, columns 0-based (printed + 1), the end exclusive
    assert (error.line, error.column, error.end_line, error.end_column) == (5, 20, 5, 47)
    assert error.message == "text(): column `totl` does not exist (ORM301)"
    assert error.code is ORM_RAW_SQL
    syntax = Finding(code="ORM000", name="syntax-error", severity="error", message="x",
                     path="a.py", range=Range.of(0, 0, 0, 0))
    assert translate(syntax) is None


# -- incremental mode and the daemon --------------------------------------------------------------
# A small project whose findings depend on what mypy does not see: ``lazy=`` of a relationship
# in another module (no type changes) and the body of a helper in a third module.

MODELS = '''\
from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    posts: Mapped[list["Post"]] = relationship(lazy="{lazy}")


class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
'''
HELPER_READS_POSTS = "def render(user):\n    return [p.title for p in user.posts]\n"
HELPER_QUIET = "def render(user):\n    return [user.name]\n"
VIEWS = '''\
from sqlalchemy import select

from app.helpers import render
from app.models import User


def titles(session):
    for user in session.scalars(select(User)):
        print(user.posts)


def rendered(session):
    users = session.scalars(select(User)).all()
    return [render(u) for u in users]
'''
N_PLUS_ONE = ("lazy-loads User.posts once per row (N+1 queries); eager-load it on the query, "
              "e.g. `selectinload(User.posts)` (ORM101) [orm-n-plus-one]")
AT_LOOP = Message("app/views.py", 9, "error", "`user.posts` " + N_PLUS_ONE)
IN_HELPER = Message("app/views.py", 14, "error", "`user.posts` (in app.helpers) " + N_PLUS_ONE)


def _project(workdir: Path, lazy: str = "select", helper: str = HELPER_READS_POSTS) -> None:
    write_modules(workdir, {"app/__init__.py": "", "app/models.py": MODELS.format(lazy=lazy),
                            "app/helpers.py": helper, "app/views.py": VIEWS})


def _run(workdir: Path, cache: Path) -> tuple[set[Message], set[str]]:
    """mypy's messages, and the project modules it processed (parsed) rather than took from
    its cache."""
    config = write_config(workdir)
    args = [*BASE_FLAGS, "--config-file", str(config), "--cache-dir", str(cache), "--verbose",
            "app"]
    os.environ["ORMLENS_MYPY_RAISE"] = "1"
    try:
        with contextlib.chdir(workdir):
            stdout, stderr, status = mypy_api.run(args)
    finally:
        os.environ.pop("ORMLENS_MYPY_RAISE", None)
    assert status in (0, 1) and "Traceback" not in stderr, stderr[-3000:]
    parsed = set(re.findall(r"^LOG:  Parsing \S+ \((app[.\w]*)\)$", stderr, re.MULTILINE))
    return set(parse_output(stdout)), parsed


def test_incremental_second_run_reports_the_same_errors_from_the_cache(tmp_path: Path) -> None:
    _project(tmp_path)
    cache = tmp_path / ".mypy_cache"
    first, parsed = _run(tmp_path, cache)
    assert first == {AT_LOOP, IN_HELPER}
    assert parsed == {"app", "app.models", "app.helpers", "app.views"}
    second, parsed = _run(tmp_path, cache)
    assert parsed == set()          # nothing processed again: the errors came from the cache
    assert second == first


def test_incremental_rechecks_a_module_when_a_model_changes_without_a_type_change(
        tmp_path: Path) -> None:
    _project(tmp_path)
    cache = tmp_path / ".mypy_cache"
    assert _run(tmp_path, cache)[0] == {AT_LOOP, IN_HELPER}
    _project(tmp_path, lazy="selectin")      # eager by default now: no N+1 anywhere
    messages, parsed = _run(tmp_path, cache)
    assert messages == set()
    assert "app.views" in parsed
    _project(tmp_path, lazy="select")
    assert _run(tmp_path, cache)[0] == {AT_LOOP, IN_HELPER}


def test_incremental_rechecks_a_module_when_a_helper_it_reads_changes(tmp_path: Path) -> None:
    _project(tmp_path)
    cache = tmp_path / ".mypy_cache"
    assert _run(tmp_path, cache)[0] == {AT_LOOP, IN_HELPER}
    # the helper's signature is the same: mypy alone would keep app.views' cached errors
    _project(tmp_path, helper=HELPER_QUIET)
    messages, parsed = _run(tmp_path, cache)
    assert messages == {AT_LOOP}
    assert "app.views" in parsed
    # a change in a module the check does not read leaves app.views in the cache
    (tmp_path / "app" / "other.py").write_text("VALUE = 1\n", encoding="utf-8")
    messages, parsed = _run(tmp_path, cache)
    assert messages == {AT_LOOP}
    assert "app.views" not in parsed


def test_incremental_keys_are_the_same_whichever_process_computed_them(tmp_path: Path,
                                                                        monkeypatch) -> None:
    """A cold run's keys come from the worker process, the next run's from mypy's process (its
    project's state changed: the keys are computed again, not taken from the records).  They
    must be equal for modules that did not change.  The worker used to read the checker's
    fingerprint itself, when it started: a checkout edited after mypy's process had read its
    own (in a process running mypy several times: after its first run) made them differ, and
    every module the worker had checked was processed again, changed or not."""
    import mypy_plugin.project as plugin_project

    # the worker, another process, reads the checker's sources other than mypy's process here:
    # what an edit between their two reads gives, without timing (one more directory of
    # "checker" sources that only this process knows)
    checker = tmp_path / "checker"
    checker.mkdir()
    (checker / "rules.py").write_text("VERSION = 1\n", encoding="utf-8")
    monkeypatch.setattr(plugin_project, "_CHECKER_DIRS", (*plugin_project._CHECKER_DIRS, checker))
    monkeypatch.setattr(plugin_project, "_PLUGIN_FINGERPRINT", None)   # read again, with it
    monkeypatch.delenv("ORMLENS_MYPY_WORKER", raising=False)
    workdir = tmp_path / "project"
    _project(workdir)
    cache = workdir / ".mypy_cache"
    assert _run(workdir, cache) == ({AT_LOOP, IN_HELPER}, {"app", "app.models", "app.helpers",
                                                           "app.views"})
    records = sorted((cache / "ormlens").glob("*.json"))
    assert len(records) == 4
    (workdir / "app" / "other.py").write_text("VALUE = 1\n", encoding="utf-8")
    assert _run(workdir, cache) == ({AT_LOOP, IN_HELPER}, {"app.other"})
    # and with the checks in mypy's process, the same keys again
    monkeypatch.setenv("ORMLENS_MYPY_WORKER", "0")
    # (another size: mypy takes a file of the same size and mtime second for unchanged)
    (workdir / "app" / "other.py").write_text("VALUE = 22\n", encoding="utf-8")
    assert _run(workdir, cache) == ({AT_LOOP, IN_HELPER}, {"app.other"})


def test_incremental_rechecks_everything_when_the_configuration_changes(tmp_path: Path) -> None:
    _project(tmp_path)
    cache = tmp_path / ".mypy_cache"
    assert _run(tmp_path, cache)[0] == {AT_LOOP, IN_HELPER}
    (tmp_path / "pyproject.toml").write_text('[tool.ormlens]\nignore = ["ORM101"]\n',
                                             encoding="utf-8")
    assert _run(tmp_path, cache)[0] == set()


@pytest.mark.slow
def test_daemon_follows_edits_of_the_module_and_of_the_models(tmp_path: Path) -> None:
    _project(tmp_path)
    write_config(tmp_path)
    dmypy = [sys.executable, "-m", "mypy.dmypy", "--status-file", str(tmp_path / ".dmypy.json")]
    env = {**os.environ, "ORMLENS_MYPY_RAISE": "1"}

    def check() -> set[Message]:
        done = subprocess.run([*dmypy, "check", "app"], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode in (0, 1), done.stdout + done.stderr
        return set(parse_output(done.stdout))

    started = subprocess.run([*dmypy, "start", "--", *BASE_FLAGS, "--config-file", "mypy.ini",
                              "--cache-dir", str(tmp_path / ".mypy_cache")],
                             cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert started.returncode == 0, started.stdout + started.stderr
    try:
        assert check() == {AT_LOOP, IN_HELPER}
        views = tmp_path / "app" / "views.py"
        views.write_text(VIEWS.replace("        print(user.posts)\n", "        print(user.name)\n"),
                         encoding="utf-8")
        assert check() == {Message(IN_HELPER.path, IN_HELPER.line, "error", IN_HELPER.text)}
        _project(tmp_path, lazy="selectin")
        assert check() == set()
        _project(tmp_path, lazy="select")
        assert check() == {AT_LOOP, IN_HELPER}
        _project(tmp_path, helper=HELPER_QUIET)     # only the helper's body changes
        assert check() == {AT_LOOP}
    finally:
        subprocess.run([*dmypy, "stop"], cwd=tmp_path, env=env, capture_output=True, timeout=60)


# -- configuration ------------------------------------------------------------------------------

def test_configuration_from_each_kind_of_file(tmp_path: Path) -> None:
    from mypy_plugin.config import PluginConfig

    ini = tmp_path / "mypy.ini"
    ini.write_text("[mypy]\nplugins = mypy_plugin\n\n[mypy.plugins.ormlens]\n"
                   "select = ORM1, ORM3\nignore = ORM302\ndialects = postgresql\n"
                   "severity = ORM101:error\n", encoding="utf-8")
    config = PluginConfig.from_file(ini)
    assert config.root == tmp_path.resolve()
    assert config.checks.dialects == ("postgresql",)
    assert config.checks.enabled("ORM101") and config.checks.enabled("ORM301")
    assert not config.checks.enabled("ORM302") and not config.checks.enabled("ORM201")
    assert config.checks.severity == {"ORM101": "error"}
    # [tool.ormlens] of the project's pyproject.toml applies too; the mypy section's keys win
    (tmp_path / "pyproject.toml").write_text('[tool.ormlens]\ndialects = ["mysql"]\n'
                                             'ignore = ["ORM4"]\n', encoding="utf-8")
    config = PluginConfig.from_file(ini)
    assert config.checks.dialects == ("postgresql",) and config.checks.ignore == ("ORM302",)
    ini.write_text("[mypy]\nplugins = mypy_plugin\n", encoding="utf-8")
    assert PluginConfig.from_file(ini).checks.dialects == ("mysql",)
    # pyproject.toml as mypy's own configuration: [tool.ormlens] is the plugin's
    config = PluginConfig.from_file(tmp_path / "pyproject.toml")
    assert config.checks.dialects == ("mysql",) and not config.checks.enabled("ORM401")


@pytest.mark.parametrize("text, words", [
    ("[mypy.plugins.ormlens]\nselectt = ORM1\n", ["[mypy.plugins.ormlens]", "selectt"]),
    ("[mypy.plugins.ormlens]\nseverity = ORM101\n", ["severity", "CODE:LEVEL", "ORM101"]),
    ("[mypy.plugins.ormlens]\nseverity = ORM101:fatal\n", ["severity of ORM101", "fatal"]),
    ("[mypy.plugins.ormlens\nselect = ORM1\n", ["invalid ini file"]),
])
def test_bad_configuration_is_a_clear_error(tmp_path: Path, text: str, words: list[str]) -> None:
    from mypy_plugin.config import ConfigError, PluginConfig

    ini = tmp_path / "mypy.ini"
    ini.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        PluginConfig.from_file(ini)
    assert str(ini) in str(caught.value)
    for word in words:
        assert word in str(caught.value)


def test_configuration_decides_what_mypy_reports_and_a_bad_one_stops_it(tmp_path: Path) -> None:
    _project(tmp_path)
    config = write_config(tmp_path)
    config.write_text(config.read_text() + "\n[mypy.plugins.ormlens]\nignore = ORM101\n",
                      encoding="utf-8")
    args = [sys.executable, "-m", "mypy", *BASE_FLAGS, "--config-file", str(config),
            "--cache-dir", str(tmp_path / ".mypy_cache"), "app"]
    done = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    config.write_text(config.read_text().replace("ignore = ORM101", "ignore = ORM101\nbogus = 1"),
                      encoding="utf-8")
    done = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"configuration error: {config}: unknown [mypy.plugins.ormlens] key(s): bogus" \
        in done.stderr
