"""Language-server benchmark: a scripted LSP session against `python -m server`.

Measures (wall clock, on generated code; the server process's CPU time is printed beside, as
the machines these figures come from are shared):
- hover p50/p95 over query expressions of a 2k-line module (target p95 <= 50 ms);
- diagnostics after a change, p95, on a 1.5k-line module, with the debounce set to 0
  (target p95 <= 250 ms);
- time from `initialize` to the first diagnostics of an open file on a 50k-line project, and
  to the first diagnostics that report the file's N+1 (whose model is in another module)
  (target <= 3 s);
- the server's peak resident memory (VmHWM; target <= 500 MB).

Run: `.venv/bin/python benchmarks/lsp.py` (BENCH_LSP_LINES=50000 BENCH_LSP_HOVERS=200 to change).
"""
from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

MODELS = '''from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    posts: Mapped[list["Post"]] = relationship(back_populates="author")


class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author: Mapped[User] = relationship(back_populates="posts")
'''

HEADER = ("from sqlalchemy import select\nfrom sqlalchemy.orm import Session, selectinload\n\n"
          "from app.models import Post, User\n\n\n")


def view_block(i: int) -> str:
    """Eight lines: a query with a join, a filter and an eager load, and a loop over it."""
    return (f"def view_{i}(session: Session, name: str) -> list[str]:\n"
            f"    stmt = select(User).join(User.posts).where(User.name == name, Post.id > {i})\n"
            f"    stmt = stmt.options(selectinload(User.posts)).order_by(User.id)\n"
            f"    out = []\n"
            f"    for user in session.scalars(stmt):\n"
            f"        out.extend(post.title for post in user.posts)\n"
            f"    return out\n\n")


def lazy_block(i: int) -> str:
    """Eight lines: the same loop without the eager load (one ORM101 finding)."""
    return (f"def lazy_view_{i}(session: Session, name: str) -> list[str]:\n"
            f"    stmt = select(User).where(User.name == name)\n"
            f"    stmt = stmt.order_by(User.id)\n"
            f"    out = []\n"
            f"    for user in session.scalars(stmt):\n"
            f"        out.extend(post.title for post in user.posts)\n"
            f"    return out\n\n")


def module_of(lines: int, lazy: bool = False) -> str:
    blocks = [view_block(i) for i in range(max(1, (lines - 6) // 8))]
    if lazy:
        blocks[len(blocks) // 2] = lazy_block(0)
    return HEADER + "".join(blocks)


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


class Client(LanguageClient):
    def __init__(self) -> None:
        super().__init__("ormlens-bench", "1")
        self.published: list[tuple[float, lsp.PublishDiagnosticsParams]] = []
        self.event = asyncio.Event()

        @self.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def _diagnostics(params: lsp.PublishDiagnosticsParams) -> None:
            self.published.append((time.perf_counter(), params))
            self.event.set()

        @self.feature(lsp.WINDOW_WORK_DONE_PROGRESS_CREATE)
        def _progress_create(params):  # noqa: ANN001
            return None

        @self.feature(lsp.PROGRESS)
        def _progress(params):  # noqa: ANN001
            return None

        @self.feature(lsp.WORKSPACE_CONFIGURATION)
        def _configuration(params):  # noqa: ANN001
            return [None for _ in params.items]

    async def diagnostics(self, uri: str, version: int) -> float:
        return await self.diagnostics_where(uri, lambda p: p.version == version)

    async def diagnostics_where(self, uri: str, accept) -> float:  # noqa: ANN001
        """When the first diagnostics of ``uri`` that ``accept`` were published."""
        while True:
            for at, params in self.published:
                if params.uri == uri and accept(params):
                    return at
            self.event.clear()
            await asyncio.wait_for(self.event.wait(), 120)


async def session(root: Path, options: dict) -> Client:
    client = Client()
    await client.start_io(sys.executable, "-m", "server")
    caps = lsp.ClientCapabilities(window=lsp.WindowClientCapabilities(work_done_progress=True))
    await client.initialize_async(lsp.InitializeParams(
        capabilities=caps, root_uri=root.as_uri(), process_id=os.getpid(),
        workspace_folders=[lsp.WorkspaceFolder(uri=root.as_uri(), name="bench")],
        initialization_options={"ormlens": options}))
    client.initialized(lsp.InitializedParams())
    return client


def open_doc(client: Client, path: Path, text: str) -> str:
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=lsp.TextDocumentItem(
        uri=path.as_uri(), language_id="python", version=1, text=text)))
    return path.as_uri()


async def stop(client: Client) -> None:
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def cold_start(total_lines: int) -> dict[str, float]:
    """initialize -> first diagnostics of an open file, on a project of ``total_lines``.

    The open file has one N+1 (a relationship of a model from another module read in a loop):
    the time until it is reported is the time to diagnostics that are right, not just first.
    """
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        per_file = 1000
        files = {"app/__init__.py": "", "app/models.py": MODELS}
        for n in range(max(1, total_lines // per_file)):
            files[f"app/views_{n}.py"] = module_of(per_file, lazy=n == 0)
        write(root, files)
        start = time.perf_counter()
        client = await session(root, {"debounceMs": 0})
        uri = open_doc(client, root / "app" / "views_0.py", files["app/views_0.py"])
        first = await client.diagnostics(uri, 1) - start
        right = await client.diagnostics_where(
            uri, lambda p: any(d.code == "ORM101" for d in p.diagnostics)) - start
        pid = client._server.pid
        cpu = cpu_seconds(pid)
        rss = peak_rss_mb(pid)
        await stop(client)
        return {"first": first, "right": right, "cpu": cpu, "rss": rss}


async def warm_session(hovers: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        big, mid = module_of(2000), module_of(1500)
        write(root, {"app/__init__.py": "", "app/models.py": MODELS, "app/big.py": big,
                     "app/mid.py": mid, **{f"app/other_{n}.py": module_of(300) for n in range(5)}})
        client = await session(root, {"debounceMs": 0})
        big_uri = open_doc(client, root / "app" / "big.py", big)
        await client.diagnostics(big_uri, 1)
        doc = lsp.TextDocumentIdentifier(uri=big_uri)
        lines = big.split("\n")
        targets = [lsp.Position(n, 20) for n, text in enumerate(lines) if "stmt = select(" in text]
        await client.text_document_hover_async(lsp.HoverParams(text_document=doc, position=targets[0]))
        pid = client._server.pid
        hover_times = []
        hover_cpu = cpu_seconds(pid)
        for n in range(hovers):
            pos = targets[(n * 7) % len(targets)]
            t = time.perf_counter()
            result = await client.text_document_hover_async(lsp.HoverParams(text_document=doc,
                                                                            position=pos))
            hover_times.append((time.perf_counter() - t) * 1000)
            assert result is not None and "SELECT" in result.contents.value
        hover_cpu = (cpu_seconds(pid) - hover_cpu) / hovers
        mid_uri = open_doc(client, root / "app" / "mid.py", mid)
        await client.diagnostics(mid_uri, 1)
        change_times = []
        change_cpu = cpu_seconds(pid)
        mid_lines = mid.split("\n")
        for version in range(2, 42):
            line = 6 + ((version * 37) % (len(mid_lines) - 10))
            t = time.perf_counter()
            client.text_document_did_change(lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=mid_uri, version=version),
                content_changes=[lsp.TextDocumentContentChangePartial(
                    range=lsp.Range(start=lsp.Position(line, 0), end=lsp.Position(line, 0)),
                    text="    # edited\n" if mid_lines[line].startswith("    ") else "\n")]))
            change_times.append((await client.diagnostics(mid_uri, version) - t) * 1000)
        change_cpu = (cpu_seconds(pid) - change_cpu) / 40
        rss = peak_rss_mb(pid)
        await stop(client)
    return {"hover_p50": statistics.median(hover_times), "hover_p95": pct(hover_times, 0.95),
            "change_p95": pct(change_times, 0.95), "change_p50": statistics.median(change_times),
            "rss": rss, "hover_cpu": hover_cpu * 1000, "change_cpu": change_cpu * 1000}


async def main() -> None:
    total = int(os.environ.get("BENCH_LSP_LINES", "50000"))
    hovers = int(os.environ.get("BENCH_LSP_HOVERS", "200"))
    load = os.getloadavg()[0]
    warm = await warm_session(hovers)
    cold = await cold_start(total)
    print(f"load average {load:.1f} -> {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
          f"(wall times; the server's own CPU time beside them)")
    print(f"hover over queries of a 2k-line module: p50 {warm['hover_p50']:.1f} ms, "
          f"p95 {warm['hover_p95']:.1f} ms (target p95 <= 50 ms); "
          f"server CPU {warm['hover_cpu']:.1f} ms per hover")
    print(f"diagnostics after a change, 1.5k-line module (debounce 0): p50 "
          f"{warm['change_p50']:.0f} ms, p95 {warm['change_p95']:.0f} ms (target p95 <= 250 ms); "
          f"server CPU {warm['change_cpu']:.0f} ms per change")
    print(f"initialize -> first diagnostics, {total:,}-line project: {cold['first']:.2f} s; "
          f"-> the open file's N+1 reported: {cold['right']:.2f} s (target <= 3 s); "
          f"server CPU until then {cold['cpu']:.2f} s")
    print(f"server peak resident memory: {max(warm['rss'], cold['rss']):.0f} MB "
          f"(target <= 500 MB)")


if __name__ == "__main__":
    asyncio.run(main())
