"""Before the workspace is indexed, an open document is checked with what it imports read: its
first diagnostics are already right (the model of its N+1 lives in another module)."""
from __future__ import annotations

from pathlib import Path

from lsp_harness import BLOG, write_project

from server.host import AnalysisHost, Snapshot
from server.settings import Settings


def test_the_first_check_reads_the_open_documents_imports(tmp_path: Path) -> None:
    files = write_project(tmp_path, BLOG)
    for number in range(30):          # unrelated modules the full index would read
        (tmp_path / "blog" / f"extra_{number}.py").write_text(f"X = {number}\n")
    host = AnalysisHost(log=lambda message, level="info": None)
    host.configure(str(tmp_path), Settings())
    views = files["blog/views.py"]
    doc = Snapshot(views.as_uri(), str(views), 1, views.read_text())
    findings, _ = host.check_target(doc, [doc])
    assert [f.code for f in findings] == ["ORM101"]
    read = set(host.workspace.paths())
    assert str(files["blog/models.py"]) in read
    assert not any("extra_" in p for p in read)             # only what the document imports
    assert not host.indexed
    host.index()
    assert host.indexed and any("extra_" in p for p in host.workspace.paths())
    assert [f.code for f in host.check(doc)] == ["ORM101"]
