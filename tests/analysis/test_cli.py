"""The ``ormlens`` command line: the installed console script end to end, and its outputs.

Subprocess tests run the real console script (exit codes, streams); the format details are
checked through ``analysis.cli.main`` in-process (the same code, without a process start each).
"""
from __future__ import annotations

import io
import json
import os
import pty
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from analysis.cli import main, parse_location, project_root
from analysis.findings import Finding, Fix, Position, Range, RelatedLocation, TextEdit
from analysis.output import render_sarif
from analysis.rules import all_rules

SCRIPT = Path(sys.executable).with_name("ormlens")
MODELS = '''
from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    name = Column(String(50))
'''


def run(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env={**os.environ, **(env or {})})


def in_process(*args: str, cwd: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        status = main(list(args), stdout=out, stderr=err)
    finally:
        os.chdir(old)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    (tmp_path / "app").mkdir()
    (tmp_path / "app/__init__.py").write_text("")
    (tmp_path / "app/models.py").write_text(MODELS)
    (tmp_path / "app/broken.py").write_text("from app.models import User\n\ndef f(:\n    pass\n")
    (tmp_path / "app/odd é.py").write_text("x = (  # ormlens: ignore[ORM000]\n")
    return tmp_path


def test_console_script_reports_and_exits_1(project: Path):
    result = run("check", cwd=project)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "app/broken.py:3:7: ORM000 cannot parse this file: invalid syntax"
    assert re.match(r"Found 1 finding \(1 error\) in 1 file; checked 4 files\. "
                    r"\(\d+ lines in \d+\.\d\d s\)$", lines[-1])
    assert result.stderr == ""


def test_console_script_clean_project_exits_0(project: Path):
    (project / "app/broken.py").write_text("from app.models import User\n")
    result = run("check", "app", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("All checks passed! (checked 4 files)")


@pytest.mark.parametrize(("args", "message"), [
    (("check", "missing_dir"), "no such file or directory: missing_dir"),
    (("check", "--select", "XYZ9"), "unknown rule code or prefix: XYZ9"),
    (("check", "--jobs", "0"), "--jobs must be at least 1"),
    (("sql", "app/models.py"), "expected FILE:LINE[:COL]"),
    (("sql", "nope.py:3"), "no such file: nope.py"),
    (("sql", "app/models.py:999"), "line 999 does not exist"),
    (("sql", "app/broken.py:1"), "cannot parse"),
    (("rules", "ORM999"), "unknown rule code: ORM999"),
])
def test_usage_errors_exit_2_with_a_reason(project: Path, args, message):
    status, out, err = in_process(*args, cwd=project)
    assert status == 2 and out == ""
    assert message in err and err.startswith("ormlens: error: ")


def test_argparse_errors_and_bad_config_exit_2(project: Path):
    result = run("check", "--format", "xml", cwd=project)
    assert result.returncode == 2 and "invalid choice: 'xml'" in result.stderr
    (project / "pyproject.toml").write_text("[tool.ormlens]\nselect = 5\n")
    result = run("check", cwd=project)
    assert result.returncode == 2
    assert "select must be a list of strings" in result.stderr


def test_select_ignore_and_config(project: Path):
    assert in_process("check", "--ignore", "ORM000", cwd=project)[0] == 0
    assert in_process("check", "--select", "ORM1", cwd=project)[0] == 1   # ORM000 always runs
    (project / "pyproject.toml").write_text("[tool.ormlens]\nignore = ['ORM000']\n")
    status, out, _ = in_process("check", cwd=project)
    assert status == 0 and "All checks passed!" in out
    (project / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    (project / "strict.toml").write_text("[tool.ormlens]\nignore = ['ORM']\n")
    assert in_process("check", cwd=project)[0] == 1
    assert in_process("check", "--config", "strict.toml", cwd=project)[0] == 0


def test_exit_zero_quiet_and_output_file(project: Path):
    status, out, _ = in_process("check", "--exit-zero", "--quiet", "-o", "report.txt",
                                cwd=project)
    assert status == 0 and out == ""
    assert (project / "report.txt").read_text().splitlines() == [
        "app/broken.py:3:7: ORM000 cannot parse this file: invalid syntax"]


def test_json_output(project: Path):
    status, out, _ = in_process("check", "--format", "json", cwd=project)
    assert status == 1
    data = json.loads(out)
    assert data == [{"path": "app/broken.py", "line": 3, "column": 7, "end_line": 3,
                     "end_column": 7, "code": "ORM000", "name": "syntax-error",
                     "severity": "error",
                     "message": "cannot parse this file: invalid syntax", "fix": None}]


# ------------------------------------------------------------------ SARIF 2.1.0 structure
def _check_region(region: dict) -> None:
    assert set(region) <= {"startLine", "startColumn", "endLine", "endColumn"}
    assert region["startLine"] >= 1 and region["startColumn"] >= 1
    assert (region["endLine"], region["endColumn"]) >= (region["startLine"],
                                                         region["startColumn"])


def _check_location(location: dict, base_ids: dict) -> None:
    physical = location["physicalLocation"]
    artifact = physical["artifactLocation"]
    assert isinstance(artifact["uri"], str) and not artifact["uri"].startswith("/")
    assert artifact["uriBaseId"] in base_ids
    _check_region(physical["region"])


def validate_sarif(log: dict) -> None:
    """The parts of the SARIF 2.1.0 schema code-scanning consumers rely on."""
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    assert isinstance(log["runs"], list) and len(log["runs"]) == 1
    run_ = log["runs"][0]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "ormlens" and isinstance(driver["version"], str)
    ids = [r["id"] for r in driver["rules"]]
    assert len(ids) == len(set(ids))
    for descriptor in driver["rules"]:
        assert re.fullmatch(r"ORM\d{3}", descriptor["id"])
        assert descriptor["shortDescription"]["text"]
        assert descriptor["defaultConfiguration"]["level"] in ("error", "warning", "note", "none")
        assert descriptor["helpUri"].startswith("https://")
    base_ids = run_["originalUriBaseIds"]
    assert all(v["uri"].startswith("file://") and v["uri"].endswith("/")
               for v in base_ids.values())
    assert run_["columnKind"] in ("utf16CodeUnits", "unicodeCodePoints")
    for result in run_["results"]:
        assert result["level"] in ("error", "warning", "note", "none")
        assert result["message"]["text"]
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        for location in result["locations"]:
            _check_location(location, base_ids)
        for related in result.get("relatedLocations", []):
            assert isinstance(related["id"], int)
            _check_location(related, base_ids)
        for fix in result.get("fixes", []):
            assert fix["description"]["text"]
            for change in fix["artifactChanges"]:
                assert change["artifactLocation"]["uri"]
                for replacement in change["replacements"]:
                    _check_region(replacement["deletedRegion"])
                    assert isinstance(replacement["insertedContent"]["text"], str)


def test_sarif_output_from_the_command(project: Path):
    status, out, _ = in_process("check", "--format", "sarif", cwd=project)
    assert status == 1
    log = json.loads(out)
    validate_sarif(log)
    (result,) = log["runs"][0]["results"]
    assert result["ruleId"] == "ORM000" and result["level"] == "error"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "app/broken.py"
    assert location["region"] == {"startLine": 3, "startColumn": 7, "endLine": 3,
                                  "endColumn": 7}


def test_sarif_carries_fixes_and_related_locations(tmp_path: Path):
    rng = Range(Position(4, 8), Position(4, 18))
    finding = Finding(
        code="ORM000", name="syntax-error", severity="warning", message="m",
        path=str(tmp_path / "a.py"), range=rng,
        fix=Fix("add selectinload", (TextEdit(str(tmp_path / "a.py"), rng, "x"),
                                     TextEdit(str(tmp_path / "b.py"), rng, "y"))),
        related=(RelatedLocation(str(tmp_path / "b.py"), rng, "the query"),))
    log = render_sarif({finding.path: [finding]}, all_rules(), root=str(tmp_path))
    validate_sarif(log)
    result = log["runs"][0]["results"][0]
    assert [c["artifactLocation"]["uri"] for c in result["fixes"][0]["artifactChanges"]] == \
        ["a.py", "b.py"]
    assert result["relatedLocations"][0]["message"]["text"] == "the query"


def test_parallel_run_gives_the_same_report(tmp_path: Path):
    for number in range(30):
        body = MODELS.replace("User", f"User{number}").replace('"users"', f'"users{number}"')
        body += "\n" + "\n".join(f"value_{i} = compute({i}, {number})" for i in range(200))
        if number % 7 == 0:
            body += "\ndef broken(:\n"
        (tmp_path / f"mod{number}.py").write_text(body)
    # ORM000 only: this is about the process pool, not the rules
    one = in_process("check", "--select", "ORM000", "--jobs", "1", "--no-cache", cwd=tmp_path)
    two = in_process("check", "--select", "ORM000", "--jobs", "2", "--format", "text",
                     "--no-cache", cwd=tmp_path)
    assert not (tmp_path / ".ormlens_cache").exists()
    three = in_process("check", "--select", "ORM000", cwd=tmp_path)     # fills the cache
    four = in_process("check", "--select", "ORM000", cwd=tmp_path)      # reads it
    strip = lambda text: re.sub(r" \(\d+ lines in .*\)$", "", text.strip())  # noqa: E731
    assert one[0] == two[0] == three[0] == four[0] == 1
    assert strip(one[1]) == strip(two[1]) == strip(three[1]) == strip(four[1])
    assert strip(one[1]).endswith("Found 5 findings (5 errors) in 5 files; checked 30 files.")


def test_progress_bar_on_a_terminal(tmp_path: Path):
    for number in range(45):
        (tmp_path / f"m{number}.py").write_text("x = 1\n")
    main_fd, child_fd = pty.openpty()
    process = subprocess.Popen([str(SCRIPT), "check", "--jobs", "1", "--select", "ORM000"],
                               cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=child_fd, text=True)
    os.close(child_fd)
    out, _ = process.communicate(timeout=120)
    chunks = []
    while True:
        try:
            data = os.read(main_fd, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(main_fd)
    terminal = b"".join(chunks).decode()
    assert process.returncode == 0
    assert "45/45 files" in terminal and "[####" in terminal
    assert out.startswith("All checks passed! (checked 45 files)")   # stdout stays clean


def test_rules_version_and_lsp_entry(project: Path):
    status, out, _ = in_process("rules", cwd=project)
    assert status == 0 and out.startswith("ORM000  syntax-error")
    status, out, _ = in_process("rules", "orm000", cwd=project)
    assert status == 0 and "## What it does" in out
    result = run("lsp", "--version", cwd=project)
    assert result.returncode == 0 and "language server" in result.stdout
    result = run("--version", cwd=project)
    assert result.returncode == 0 and result.stdout.startswith("ormlens ")


def test_location_parsing_and_project_root(tmp_path: Path):
    assert parse_location("app/views.py:12:5") == ("app/views.py", 12, 5)
    assert parse_location("app/views.py:12") == ("app/views.py", 12, None)
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "pkg").mkdir()
    assert project_root([str(tmp_path / "pkg")]) == tmp_path.resolve()


def test_no_command_prints_help_and_exits_2(tmp_path: Path):
    status, _, err = in_process(cwd=tmp_path)
    assert status == 2 and "usage: ormlens" in err


def test_main_module_runs_the_cli(project: Path):
    result = subprocess.run([sys.executable, "-m", "analysis", "rules"], cwd=project,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "ORM000" in result.stdout


def test_internal_error_exits_2(project: Path, monkeypatch):
    import analysis.workspace as workspace

    def explode(self, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(workspace.Workspace, "check_all", explode)
    status, out, err = in_process("check", cwd=project)
    assert status == 2 and out == ""
    assert "ormlens: internal error: RuntimeError: boom" in err


MODELS = textwrap.dedent(MODELS)


# ------------------------------------------------------------------ ormlens sql
PREVIEW_MODULE = '''
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, \\
    selectinload


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    addresses: Mapped[list["Address"]] = relationship(back_populates="user")


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    user: Mapped[User] = relationship(back_populates="addresses")


def find(session: Session, name: str):
    stmt = select(User).where(User.name == name).options(selectinload(User.addresses))
    return session.scalars(stmt).all()
'''


@pytest.fixture
def preview_project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("[tool.ormlens]\ndialects = ['sqlite']\n")
    (tmp_path / "app.py").write_text(PREVIEW_MODULE.lstrip("\n"))
    return tmp_path


def test_sql_json_is_the_workspace_preview(preview_project: Path):
    from analysis.workspace import Workspace

    status, out, err = in_process("sql", "app.py:25:12", "--format", "json", "--dialect",
                                  "postgresql", "--dialect", "oracle", cwd=preview_project)
    assert status == 0, err
    data = json.loads(out)
    ws = Workspace(preview_project)
    ws.index()
    expected = ws.sql_at(str(preview_project / "app.py"), 24, 11,
                         dialects=["postgresql", "oracle"]).to_json()
    assert data == json.loads(json.dumps(expected, default=repr))
    assert list(data) == ["postgresql", "oracle"]
    assert data["postgresql"]["sql"].startswith("SELECT users.id, users.name \nFROM users")
    assert data["oracle"]["transpiled"] is True
    assert data["postgresql"]["extra"][0]["description"] == "selectinload of User.addresses"


def test_sql_text_uses_the_configured_dialects(preview_project: Path):
    result = run("sql", "app.py:25", cwd=preview_project)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "-- sqlite"          # [tool.ormlens] dialects
    # SQLAlchemy's rendering keeps a space before each line break
    assert lines[1:4] == ["SELECT users.id, users.name ", "FROM users ",
                          "WHERE users.name = :name"]
    assert lines[4] == "-- params: name=<name>"
    assert lines[5] == "-- then (selectinload of User.addresses):"


def test_sql_errors(preview_project: Path):
    status, _, err = in_process("sql", "app.py:25", "--dialect", "klingon", cwd=preview_project)
    assert status == 2 and "unknown dialect 'klingon'" in err
    status, out, err = in_process("sql", "app.py:5", cwd=preview_project)
    assert status == 1 and out == "" and "no query expression at app.py:5:1" in err


def test_the_readme_example(tmp_path: Path):
    """`ormlens check examples/` reports what the README shows (the rules' own tests are
    elsewhere: this guards the documented command and output)."""
    repo = Path(__file__).resolve().parents[2]
    status, out, _ = in_process("check", "examples/", "--format", "json", "--no-cache",
                                cwd=repo)
    assert status == 1
    # (examples/mypy_project/ has findings of its own, for the mypy plugin's example)
    found = [(f["path"], f["line"], f["column"], f["code"]) for f in json.loads(out)
             if f["path"].startswith("examples/shop_checks.py")]
    assert found == [("examples/shop_checks.py", 40, 37, "ORM101"),
                     ("examples/shop_checks.py", 50, 32, "ORM201"),
                     ("examples/shop_checks.py", 55, 28, "ORM301")]
    readme = (repo / "README.md").read_text()
    status, out, _ = in_process("sql", "examples/shop_checks.py:45:12", "--dialect",
                                "postgresql", cwd=repo)
    assert status == 0
    shown = "\n".join(line.rstrip() for line in out.splitlines())
    assert shown.strip() in readme


def test_no_path_in_a_subdirectory_checks_that_subdirectory(project: Path):
    (project / "other").mkdir()
    (project / "other/bad.py").write_text("def g(:\n")
    status, out, _ = in_process("check", "--no-cache", cwd=project / "app")
    assert status == 1
    assert out.splitlines()[0] == "broken.py:3:7: ORM000 cannot parse this file: invalid syntax"
    assert "bad.py" not in out
    status, out, _ = in_process("check", "--no-cache", cwd=project)
    assert "other/bad.py:1:7" in out
