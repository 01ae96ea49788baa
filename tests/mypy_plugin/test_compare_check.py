"""The mypy plugin reports what ``ormlens check`` reports, on the same files.

For each set of files (the checker's own labelled cases, the shared corpus when it is on disk,
the examples), both run on a copy of the directory (mypy's plugin with its worker process): ``ormlens check --format json`` and mypy with
the plugin.  The sets of ``(file, line, column, rule code)`` must be equal, both ways.  Files with
a syntax error are left out of both runs: mypy stops at them (a blocking error) and reports only
that, which ``ormlens check`` reports as ORM000 instead.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from mypy import api as mypy_api

from analysis.cli import main as ormlens_main
from runner import BASE_FLAGS, ROOT, write_config

SHARED_CORPUS = Path("/work/shared/corpus")
DATASETS = {
    "analysis-cases": ROOT / "tests" / "analysis" / "cases",
    "analysis-cases-typing": ROOT / "tests" / "analysis" / "cases" / "typing",
    "examples": ROOT / "examples",
    "corpus-n1": SHARED_CORPUS / "n1",
    "corpus-typing": SHARED_CORPUS / "typing",
}
_MYPY_FINDING = re.compile(
    r"^(?P<path>[^:\n]+\.py):(?P<line>\d+):(?P<column>\d+): error: .* \((?P<code>ORM\d{3})\)  \[orm-[a-z-]+\]$")

Key = tuple[str, int, int, str]


def _copy(source: Path, target: Path) -> list[str]:
    """The ``.py`` files of ``source`` (not its sub-directories) copied into ``target``, as a
    directory of scripts (their imports name each other as top-level modules)."""
    target.mkdir(parents=True)
    names = []
    for path in sorted(source.glob("*.py")):
        if path.name == "__init__.py":
            continue
        shutil.copy(path, target / path.name)
        names.append(path.name)
    return names


def _ormlens(workdir: Path, files: list[str]) -> list[dict]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(workdir):
        status = ormlens_main(["check", "--format", "json", "--no-cache", "--no-progress", *files],
                             stdout=out, stderr=err)
    assert status in (0, 1), err.getvalue()
    return json.loads(out.getvalue())


def _mypy(workdir: Path, files: list[str]) -> tuple[set[Key], str]:
    config = write_config(workdir)
    args = [*BASE_FLAGS, "--show-column-numbers", "--config-file", str(config),
            "--cache-dir", str(workdir / ".mypy_cache"), *files]
    os.environ["ORMLENS_MYPY_RAISE"] = "1"
    # these projects are small: make the plugin use its worker process anyway, so that the
    # findings it hands back are compared too (the other tests check in mypy's process)
    os.environ["ORMLENS_MYPY_WORKER_MIN_LINES"] = "0"
    try:
        with contextlib.chdir(workdir):
            stdout, stderr, status = mypy_api.run(args)
    finally:
        os.environ.pop("ORMLENS_MYPY_RAISE", None)
        os.environ.pop("ORMLENS_MYPY_WORKER_MIN_LINES", None)
    assert status in (0, 1) and "INTERNAL ERROR" not in stdout + stderr, stdout + stderr
    found = set()
    for line in stdout.splitlines():
        m = _MYPY_FINDING.match(line)
        if m:
            found.add((m["path"], int(m["line"]), int(m["column"]), m["code"]))
    return found, stdout


@pytest.mark.parametrize("name", list(DATASETS))
def test_mypy_plugin_reports_the_findings_of_ormlens_check(name: str, tmp_path: Path) -> None:
    source = DATASETS[name]
    if not source.is_dir():
        pytest.skip(f"{source} is not on this machine (the shared corpus lives outside the repo)")
    workdir = tmp_path / source.name     # the directory may be a package: keep its name
    files = _copy(source, workdir)
    broken = {Path(f["path"]).name for f in _ormlens(workdir, files) if f["code"] == "ORM000"}
    files = [f for f in files if f not in broken]
    expected = {(f["path"], f["line"], f["column"], f["code"]) for f in _ormlens(workdir, files)}
    assert expected, f"{name}: ormlens finds nothing here, the comparison would prove nothing"
    reported, stdout = _mypy(workdir, files)
    missing = sorted(expected - reported)
    extra = sorted(reported - expected)
    assert not missing and not extra, (f"{name}: mypy's findings differ from ormlens check's\n"
                                       f"missing in mypy: {missing}\nonly in mypy: {extra}\n"
                                       f"mypy said:\n{stdout}")
