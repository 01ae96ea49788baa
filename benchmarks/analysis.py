"""Checker benchmarks: whole-project throughput, re-analysis after an edit, cold start.

Usage: ``python benchmarks/analysis.py [--lines 50000] [--jobs 2] [--keep DIR] [--project DIR]
[--edit DIR:FILE] [--only parse,whole,cold,edit]``

A project of about ``--lines`` lines is generated: model modules (2.0 ``Mapped`` and classic
``Column`` styles, relationships, association tables, mixins), service modules with queries,
loops, loader options and raw SQL, API glue, and plain utilities with no ORM code (about a fifth,
as in real applications).  Figures printed:

- parse costs: the standard parser + index facts, and libcst (lines/s, one core);
- whole project: index + check of every file, with 1 and ``--jobs`` processes, each run in a
  fresh process; reported as lines per second of the critical path (CPU of the main process +
  CPU of the slowest worker: what an idle machine's wall clock would show), with the wall time
  and load average beside it; ``--project DIR`` adds real checkouts;
- cold start: ``ormlens check <project>`` as a fresh process (interpreter start included);
- re-analysis of one edited 1.5k-line module (body edit, and a model edit that changes the
  index), p50/p95 over repeated edits, as the language server does it; ``--edit DIR:FILE``
  adds random one-line edits in the functions and methods of a real module.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.index.facts import extract_facts          # noqa: E402
from analysis.index.parse import parse_cst              # noqa: E402
from analysis.rules import all_rules                    # noqa: E402
from analysis.workspace import Workspace                # noqa: E402

DOMAINS = ["billing", "catalog", "crm", "forum", "hr", "inventory", "logistics", "marketing",
           "media", "orders", "payments", "projects", "reports", "scheduling", "support",
           "wiki", "auth", "audit", "search", "social"]


def model_module(domain: str, number: int, rng: random.Random, models: int) -> str:
    cap = domain.capitalize()
    parts = [textwrap.dedent(f'''
        """Models of the {domain} domain ({number})."""
        from __future__ import annotations

        import datetime
        from decimal import Decimal
        from typing import Optional

        from sqlalchemy import Column, ForeignKey, Integer, Numeric, String, Table, Text
        from sqlalchemy.orm import Mapped, mapped_column, relationship

        from app.db import Base, TimestampMixin

        {domain}_{number}_tags = Table(
            "{domain}_{number}_tags",
            Base.metadata,
            Column("item_id", ForeignKey("{domain}_{number}_item0.id"), primary_key=True),
            Column("tag_id", ForeignKey("{domain}_{number}_tag.id"), primary_key=True),
        )


        class {cap}{number}Tag(Base):
            __tablename__ = "{domain}_{number}_tag"
            id: Mapped[int] = mapped_column(primary_key=True)
            label: Mapped[str] = mapped_column(String(40), unique=True)
    ''')]
    for i in range(models):
        parent = f"{cap}{number}Item{i - 1}" if i else None
        parts.append(textwrap.dedent(f'''

            class {cap}{number}Item{i}(TimestampMixin, Base):
                """An item of level {i}."""

                __tablename__ = "{domain}_{number}_item{i}"

                id: Mapped[int] = mapped_column(primary_key=True)
                name: Mapped[str] = mapped_column(String(120))
                description: Mapped[Optional[str]] = mapped_column(Text)
                amount: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=0)
                quantity: Mapped[int] = mapped_column(default=0)
                due: Mapped[Optional[datetime.date]]
                status = Column(String(20), nullable=False, default="new")
                legacy_code = Column(Integer, index=True)
        '''))
        if parent:
            parts.append(textwrap.dedent(f'''
                parent_id: Mapped[int] = mapped_column(ForeignKey("{domain}_{number}_item{i - 1}.id"))
                parent: Mapped["{parent}"] = relationship(back_populates="children")
            ''').replace("\n", "\n    ").rstrip(" "))
        if i + 1 < models:
            parts.append(textwrap.dedent(f'''
                children: Mapped[list["{cap}{number}Item{i + 1}"]] = relationship(
                    back_populates="parent", order_by="{cap}{number}Item{i + 1}.id")
            ''').replace("\n", "\n    ").rstrip(" "))
        if i == 0:
            parts.append(textwrap.dedent(f'''
                tags = relationship("{cap}{number}Tag", secondary={domain}_{number}_tags,
                                    backref="items")
            ''').replace("\n", "\n    ").rstrip(" "))
        parts.append(textwrap.dedent('''

                def label(self) -> str:
                    return f"{self.name} ({self.status})"

                @property
                def total(self) -> Decimal:
                    return self.amount * self.quantity
        ''').replace("\n", "\n    ").rstrip(" "))
    return "".join(parts)


def service_module(domain: str, number: int, rng: random.Random, functions: int) -> str:
    cap = domain.capitalize()
    head = textwrap.dedent(f'''
        """Queries of the {domain} domain ({number})."""
        from sqlalchemy import func, select, text
        from sqlalchemy.orm import Session, joinedload, selectinload

        from app.models.{domain}_{number} import {cap}{number}Item0, {cap}{number}Item1, \\
            {cap}{number}Tag
    ''')
    parts = [head]
    for i in range(functions):
        flavour = i % 5
        if flavour == 0:
            body = f'''
                def list_items_{i}(session: Session, status: str = "new") -> list[str]:
                    stmt = (select({cap}{number}Item0)
                            .where({cap}{number}Item0.status == status)
                            .options(selectinload({cap}{number}Item0.children))
                            .order_by({cap}{number}Item0.id))
                    out = []
                    for item in session.scalars(stmt):
                        out.append(item.label() + ", ".join(c.name for c in item.children))
                    return out
            '''
        elif flavour == 1:
            body = f'''
                def children_of_{i}(session: Session, ident: int) -> int:
                    parent = session.get({cap}{number}Item0, ident)
                    if parent is None:
                        return 0
                    total = 0
                    for child in parent.children:
                        total += child.quantity
                    return total
            '''
        elif flavour == 2:
            body = f'''
                def report_{i}(session: Session, since: str) -> list[tuple]:
                    rows = session.execute(
                        text("SELECT id, name FROM {domain}_{number}_item0 WHERE status = :s"),
                        {{"s": since}},
                    ).all()
                    return [(row.id, row.name.upper()) for row in rows if row.name]
            '''
        elif flavour == 3:
            body = f'''
                def counts_{i}(session: Session) -> dict[str, int]:
                    stmt = (select({cap}{number}Item1.status, func.count({cap}{number}Item1.id))
                            .join({cap}{number}Item1.parent)
                            .group_by({cap}{number}Item1.status))
                    return {{status: count for status, count in session.execute(stmt)}}
            '''
        else:
            body = f'''
                def tagged_{i}(session: Session, label: str) -> list[int]:
                    query = (session.query({cap}{number}Item0)
                             .options(joinedload({cap}{number}Item0.tags))
                             .filter({cap}{number}Item0.name.like(f"%{{label}}%")))
                    result = []
                    for item in query.all():
                        if any(tag.label == label for tag in item.tags):
                            result.append(item.id)
                    return result
            '''
        parts.append(textwrap.dedent(body))
    return "".join(parts)


def api_module(domain: str, number: int, functions: int) -> str:
    parts = [textwrap.dedent(f'''
        """HTTP handlers of the {domain} domain ({number})."""
        import json

        from app.services import {domain}_{number} as service


        def _respond(payload, status=200):
            return json.dumps({{"status": status, "data": payload}})
    ''')]
    for i in range(functions):
        parts.append(textwrap.dedent(f'''

            def handler_{i}(request, session):
                params = dict(request.args)
                limit = int(params.get("limit", 20))
                data = service.list_items_0(session)[:limit]
                if not data:
                    return _respond([], status=404)
                return _respond(data)
        '''))
    return "".join(parts)


def util_module(number: int, functions: int) -> str:
    parts = [textwrap.dedent(f'''
        """Helpers ({number}): text, dates, numbers."""
        import datetime
        import re

        _WORD = re.compile(r"[A-Za-z]+")
    ''')]
    for i in range(functions):
        parts.append(textwrap.dedent(f'''

            def slug_{i}(value: str, width: int = 40) -> str:
                words = _WORD.findall(value.lower())
                out = "-".join(words)
                if len(out) > width:
                    out = out[:width].rstrip("-")
                return out or "n-a"


            def business_days_{i}(start: datetime.date, days: int) -> datetime.date:
                current = start
                while days > 0:
                    current += datetime.timedelta(days=1)
                    if current.weekday() < 5:
                        days -= 1
                return current
        '''))
    return "".join(parts)


def generate(root: Path, lines: int, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    files: dict[str, str] = {
        "pyproject.toml": "[project]\nname = 'generated'\n",
        "app/__init__.py": "",
        "app/models/__init__.py": "",
        "app/services/__init__.py": "",
        "app/api/__init__.py": "",
        "app/utils/__init__.py": "",
        "app/db.py": textwrap.dedent('''
            import datetime
            from sqlalchemy import func
            from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

            class Base(DeclarativeBase):
                pass

            class TimestampMixin:
                created_at: Mapped[datetime.datetime] = mapped_column(server_default=func.now())
        '''),
    }
    total = 0
    number = 0
    while total < lines:
        domain = DOMAINS[number % len(DOMAINS)]
        texts = {
            f"app/models/{domain}_{number}.py": model_module(domain, number, rng, 8),
            f"app/services/{domain}_{number}.py": service_module(domain, number, rng, 30),
            f"app/api/{domain}_{number}.py": api_module(domain, number, 12),
            f"app/utils/helpers_{number}.py": util_module(number, 10),
        }
        files.update(texts)
        total += sum(t.count("\n") for t in texts.values())
        number += 1
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    kinds = {}
    for rel, text in files.items():
        kind = rel.split("/")[1] if rel.count("/") > 1 else "other"
        kinds[kind] = kinds.get(kind, 0) + text.count("\n")
    return kinds


def _lines(root: Path) -> int:
    return sum(p.read_text().count("\n") for p in root.rglob("*.py"))


def parse_costs(root: Path) -> None:
    texts = [p.read_text() for p in sorted(root.rglob("*.py"))]
    lines = sum(t.count("\n") for t in texts)
    started = time.process_time()
    for t in texts:
        extract_facts(t, "m", False, "m.py")
    facts = time.process_time() - started
    started = time.process_time()
    for t in texts:
        parse_cst(t)
    cst_time = time.process_time() - started
    print(f"  ast + index facts        {lines / facts:>10,.0f} lines/CPU-s ({facts:.2f} s)")
    print(f"  libcst parse             {lines / cst_time:>10,.0f} lines/CPU-s ({cst_time:.2f} s)")


def whole_project(root: Path, jobs: int, cache: bool = False) -> dict:
    """One whole-project run in a fresh process (no cache of an earlier run helps it).

    Returns wall and CPU seconds and ``critical``: the CPU time of the main process (reading,
    index, anything not forked) plus that of the slowest worker, i.e. the wall time an idle
    machine with ``jobs`` cores would see; the shared, loaded machines these figures come from
    cannot show it directly.  Interpreter start and imports are not included (see cold start).
    """
    command = [sys.executable, __file__, "--measure-whole", str(root), "--jobs", str(jobs)]
    if cache:
        command.append("--cache")
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _measure_whole(root: Path, jobs: int, cache: bool) -> dict:
    before = os.times()
    started = time.perf_counter()
    own = time.process_time()
    ws = Workspace(root)
    ws.index(jobs=jobs)
    results = ws.check_all(jobs=jobs, cache=cache)
    elapsed = time.perf_counter() - started
    own = time.process_time() - own
    after = os.times()
    cpu = sum(after[i] - before[i] for i in range(4))
    return {"wall": elapsed, "cpu": cpu, "critical": own + max(ws.last_worker_cpu, default=0.0),
            "findings": sum(len(v) for v in results.values()), "models": len(ws.project.models),
            "workers": len(ws.last_worker_cpu), "load": os.getloadavg()[0],
            "failures": len(ws.failures)}


def report_whole(label: str, lines: int, jobs_list: list[int]) -> Callable[[Path], None]:
    def run_all(root: Path) -> None:
        for jobs in jobs_list:
            run = whole_project(root, jobs)
            print(f"  {label} jobs={jobs:<2} {lines / run['critical']:>9,.0f} lines/s   "
                  f"(critical path {run['critical']:.2f} s CPU, {run['workers']} workers; "
                  f"{run['cpu']:.2f} s CPU in all; wall {run['wall']:.2f} s at load "
                  f"{run['load']:.1f}; {run['models']} models, {run['findings']} findings)")
    return run_all


def cold_start(root: Path, jobs: int) -> tuple[float, int]:
    script = Path(sys.executable).with_name("ormlens")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "analysis"]
    started = time.perf_counter()
    result = subprocess.run([*command, "check", "--jobs", str(jobs), "--no-progress", "-q",
                             "--no-cache", str(root)], capture_output=True, text=True)
    return time.perf_counter() - started, result.returncode


def edit_latency(root: Path, repeats: int) -> None:
    target = root / "app/services/big_edit.py"
    domain, number = DOMAINS[0], 0
    text = service_module(domain, number, random.Random(1), 1)
    while text.count("\n") < 1500:
        text += service_module(domain, number, random.Random(1), 5).split('"""\n', 2)[-1] \
            .replace("def ", f"def v{text.count(chr(10))}_")
    target.write_text(text)
    ws = Workspace(root)
    ws.index(jobs=1)
    ws.check_all(jobs=1)
    models = root / f"app/models/{domain}_{number}.py"
    model_text = models.read_text()
    body, model = [], []
    for i in range(repeats):
        edited = text.replace("return out\n", f"return out  # edit {i}\n", 1)
        started = time.process_time()
        ws.set_document(target, edited)
        ws.check(target)
        body.append(time.process_time() - started)
        ws.set_document(models, model_text + f"\n\nEXTRA_{i} = 1\n"
                        f"class Extra{i}(Base):\n    __tablename__ = 'extra_{i}'\n"
                        "    id: Mapped[int] = mapped_column(primary_key=True)\n")
        started = time.process_time()
        ws.check(target)
        model.append(time.process_time() - started)
    lines = text.count("\n")
    for label, values in (("body edit", body), ("model edit elsewhere", model)):
        values.sort()
        p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
        print(f"  {label:<24} p50 {statistics.median(values) * 1000:7.1f} ms   "
              f"p95 {p95 * 1000:7.1f} ms CPU   ({lines} lines, {len(ws.project.models)} models)")
    target.unlink()


def edit_latency_real(root: Path, rel: str, repeats: int) -> None:
    """Random one-line edits (a comment inserted) inside the functions and methods of a real
    module: CPU per re-check, and how many re-checks were incremental."""
    path = root / rel
    ws = Workspace(root)
    ws.index(jobs=1)
    text = path.read_text()
    ws.check(path)
    lines = text.split("\n")
    candidates = [i for i, line in enumerate(lines) if line.startswith("        ") and
                  line.strip() and not line.strip().startswith(("'", '"', ")", "]", "}"))]
    rng = random.Random(5)
    times = []
    for number in range(repeats):
        at = rng.choice(candidates)
        indent = lines[at][:len(lines[at]) - len(lines[at].lstrip())]
        edited = "\n".join(lines[:at] + [f"{indent}# edit {number}"] + lines[at:])
        started = time.process_time()
        ws.set_document(path, edited)
        ws.check(path)
        times.append(time.process_time() - started)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(f"  {rel:<40} p50 {statistics.median(times) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms "
          f"CPU   ({len(lines)} lines; {ws.incremental_checks}/{repeats} incremental)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it")
    parser.add_argument("--project", metavar="DIR", action="append", default=[],
                        help="also measure the whole-project check of this checkout")
    parser.add_argument("--edit", metavar="DIR:FILE", action="append", default=[],
                        help="also measure re-checks after edits of FILE (relative to DIR)")
    parser.add_argument("--only", default="parse,whole,cold,edit",
                        help="sections to run (comma-separated; default: all)")
    parser.add_argument("--measure-whole", metavar="DIR", help=argparse.SUPPRESS)
    parser.add_argument("--cache", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_whole:
        print(json.dumps(_measure_whole(Path(args.measure_whole), args.jobs, args.cache)))
        return 0
    sections = set(args.only.split(","))
    jobs_list = sorted({1, args.jobs})
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="ormlens-bench-"))
    try:
        kinds = generate(root, args.lines)
        lines = _lines(root)
        rules = ", ".join(r.code for r in all_rules())
        print(f"project: {lines:,} lines in {len(list(root.rglob('*.py')))} files "
              f"({', '.join(f'{k} {v:,}' for k, v in sorted(kinds.items()))}); "
              f"{os.cpu_count()} CPUs; rules: {rules}")
        print(f"load average {os.getloadavg()[0]:.1f} (figures are wall time unless CPU is said;"
              " on a busy machine trust the CPU ones)")
        if "parse" in sections:
            print("parse costs (one core):")
            parse_costs(root)
        if "whole" in sections:
            print("whole project (index + check every file, no cache, each run a fresh process; "
                  "lines/s = lines / critical path, the idle-machine wall time):")
            report_whole("generated", lines, jobs_list)(root)
            for extra in args.project:
                path = Path(extra).resolve()
                report_whole(path.name, _lines(path), jobs_list)(path)
            whole_project(root, args.jobs, cache=True)          # fills .ormlens_cache
            run = whole_project(root, 1, cache=True)
            print(f"  warm, unchanged files from .ormlens_cache: {lines / run['cpu']:>8,.0f} "
                  f"lines/s   ({run['cpu']:.2f} s CPU, wall {run['wall']:.2f} s, "
                  f"{run['findings']} findings)")
            shutil.rmtree(root / ".ormlens_cache", ignore_errors=True)
        if "cold" in sections:
            elapsed, status = cold_start(root, args.jobs)
            print(f"cold start: `ormlens check` process, jobs={args.jobs}: {elapsed:.2f} s wall "
                  f"at load {os.getloadavg()[0]:.1f} ({lines / elapsed:,.0f} lines/s, "
                  f"exit {status})")
        if "edit" in sections:
            print("re-analysis after an edit (language-server path):")
            edit_latency(root, args.repeats)
            for spec in args.edit:
                directory, _, rel = spec.partition(":")
                edit_latency_real(Path(directory).resolve(), rel, args.repeats)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
