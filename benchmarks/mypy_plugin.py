"""mypy with and without the ormlens plugin: what the plugin adds to a CI run.

Usage: ``python benchmarks/mypy_plugin.py [--lines 20000] [--repeat 3] [--library sqlalchemy|orm]
[--keep DIR] [--only example,generated]``

Two projects:

- ``examples/mypy_project`` (the README's example);
- a generated project of about ``--lines`` lines (at least 200 models): per domain a models module
  (classic ``Column`` and 2.0 ``Mapped`` models, relationships both ways, an association table),
  a service module of annotated query functions (``select``, legacy ``session.query``, loader
  options, a few N+1 loops, raw SQL), a module of unannotated request handlers, and a utility
  module without ORM code.

The generated project's mypy configuration is at its root (the plugin's project root is the
configuration file's directory; the libraries it uses are outside it, as installed packages are).

Each measurement is ``mypy`` as a fresh process with an empty cache (a CI job's first run), with
the plugin and without it (the same configuration minus ``plugins``), interleaved, best of
``--repeat``; then a warm run (second run, unchanged files, from mypy's cache).  Printed per
project: CPU time of mypy's process; that plus the time it waited for the plugin's worker
process (which checks files meanwhile, see mypy_plugin/worker.py): the wall time on a machine
with a free core; the CPU time including the worker; the wall time as measured; each with its
overhead over mypy without the plugin, and the number of ormlens errors reported.  On a shared
machine wall time is noisy (the worker competes for a core); the first two are steadier.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "mypy_project"
DOMAINS = ["billing", "catalog", "crm", "forum", "hr", "inventory", "logistics", "marketing",
           "media", "orders", "payments", "projects", "reports", "scheduling", "support",
           "wiki", "auth", "audit", "search", "social", "travel", "events", "library", "garden"]
MODELS_PER_DOMAIN = 10

CONFIG = """\
[mypy]
{plugins}
mypy_path = {root}
files = app
ignore_missing_imports = True
[mypy-orm.*]
follow_imports = silent
"""


# ------------------------------------------------------------------------------ the generator
def _imports(library: str) -> str:
    if library == "orm":
        return ("from orm import Column, Date, ForeignKey, Integer, Numeric, String, Table, Text\n"
                "from orm import Mapped, mapped_column, relationship\n")
    return ("from sqlalchemy import Column, Date, ForeignKey, Integer, Numeric, String, Table, Text\n"
            "from sqlalchemy.orm import Mapped, mapped_column, relationship\n")


def models_module(domain: str, library: str) -> str:
    cap = domain.capitalize()
    out = [f'"""Models of the {domain} domain."""\nfrom __future__ import annotations\n\n'
           "import datetime\nfrom decimal import Decimal\nfrom typing import Optional\n\n",
           _imports(library), "\nfrom app.db import Base\n\n",
           textwrap.dedent(f'''
               {domain}_tags = Table(
                   "{domain}_tags",
                   Base.metadata,
                   Column("item_id", ForeignKey("{domain}_item0.id"), primary_key=True),
                   Column("label_id", ForeignKey("{domain}_label.id"), primary_key=True),
               )


               class {cap}Label(Base):
                   __tablename__ = "{domain}_label"

                   id = Column(Integer, primary_key=True)
                   text = Column(String(40), nullable=False, unique=True)
                   items = relationship("{cap}Item0", secondary={domain}_tags, back_populates="labels")
           ''')]
    for i in range(MODELS_PER_DOMAIN - 1):
        name = f"{cap}Item{i}"
        if i % 2:
            body = f'''
                class {name}(Base):
                    """Level {i} of the {domain} tree (classic Column style)."""

                    __tablename__ = "{domain}_item{i}"

                    id = Column(Integer, primary_key=True)
                    name = Column(String(120), nullable=False)
                    notes = Column(Text)
                    amount = Column(Numeric(12, 2), nullable=False, default=0)
                    quantity = Column(Integer, nullable=False, default=0)
                    due = Column(Date)
            '''
        else:
            body = f'''
                class {name}(Base):
                    """Level {i} of the {domain} tree (Mapped style)."""

                    __tablename__ = "{domain}_item{i}"

                    id: Mapped[int] = mapped_column(primary_key=True)
                    name: Mapped[str] = mapped_column(String(120))
                    notes: Mapped[Optional[str]] = mapped_column(Text)
                    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=0)
                    quantity: Mapped[int] = mapped_column(default=0)
                    due: Mapped[Optional[datetime.date]]
            '''
        out.append(textwrap.dedent(body))
        if i:
            out.append(f'    parent_id = Column(Integer, ForeignKey("{domain}_item{i - 1}.id"))\n'
                       f'    parent = relationship("{cap}Item{i - 1}", back_populates="children")\n')
        if i + 1 < MODELS_PER_DOMAIN - 1:
            out.append(f'    children = relationship("{cap}Item{i + 1}", back_populates="parent")\n')
        if i == 0:
            out.append(f'    labels = relationship("{cap}Label", secondary={domain}_tags, '
                       'back_populates="items")\n')
        out.append(textwrap.dedent('''
                def label(self) -> str:
                    return f"{self.name} #{self.id}"

                def total(self) -> Decimal:
                    return Decimal(self.amount or 0) * (self.quantity or 0)
        ''').replace("\n", "\n    ").rstrip(" "))
    return "".join(out)


def service_module(domain: str, library: str) -> str:
    cap = domain.capitalize()
    session = "from orm import Session, select, selectinload, text\n" if library == "orm" else \
        "from sqlalchemy import select, text\nfrom sqlalchemy.orm import Session, selectinload\n"
    out = [f'"""Queries of the {domain} domain (annotated)."""\nfrom __future__ import annotations\n\n',
           "from decimal import Decimal\n\n", session,
           f"\nfrom app.models.{domain} import " +
           ", ".join(f"{cap}Item{i}" for i in range(MODELS_PER_DOMAIN - 1)) + f", {cap}Label\n"]
    for i in range(MODELS_PER_DOMAIN - 2):
        item, child = f"{cap}Item{i}", f"{cap}Item{i + 1}"
        out.append(textwrap.dedent(f'''

            def names_{i}(session: Session, minimum: int = 0) -> list[str]:
                stmt = select({item}.name).where({item}.quantity >= minimum).order_by({item}.name)
                return [name for name in session.scalars(stmt)]


            def rows_{i}(session: Session) -> list[tuple[int, str]]:
                return [(row.id, row.name) for row in session.execute(select({item}.id, {item}.name))]


            def first_{i}(session: Session, name: str) -> {item} | None:
                return session.query({item}).filter_by(name=name).first()


            def totals_{i}(session: Session) -> dict[int, Decimal]:
                stmt = select({item}).options(selectinload({item}.children))
                return {{item.id: sum((c.total() for c in item.children), Decimal(0))
                        for item in session.scalars(stmt)}}


            def recent_{i}(session: Session, since: str) -> list[{child}]:
                rows = session.execute(text("SELECT id FROM {domain}_item{i + 1} WHERE name > :since"),
                                       {{"since": since}}).all()
                stmt = select({child}).where({child}.id.in_([row[0] for row in rows]))
                return list(session.scalars(stmt))
        '''))
        if i == 0:      # one N+1 loop per domain, as ormlens finds them in real projects
            out.append(textwrap.dedent(f'''

                def child_counts(session: Session) -> dict[int, int]:
                    counts = {{}}
                    for item in session.scalars(select({item})):
                        counts[item.id] = len(item.children)
                    return counts
            '''))
    out.append(textwrap.dedent(f'''

        def labels(session: Session) -> list[str]:
            return [label.text for label in session.query({cap}Label).all()]
    '''))
    return "".join(out)


def views_module(domain: str) -> str:
    cap = domain.capitalize()
    out = [f'"""Request handlers of the {domain} domain (no annotations)."""\n',
           f"from app.models.{domain} import {cap}Item0, {cap}Item1, {cap}Label\n",
           f"from app.services import {domain} as service\n"]
    for i in range(12):
        out.append(textwrap.dedent(f'''

            def handler_{i}(request, session):
                name = request.args.get("name", "")
                found = service.first_{i % 7}(session, name)
                if found is None:
                    return {{"error": "not found"}}, 404
                payload = {{"id": found.id, "name": found.name, "rows": service.rows_{i % 7}(session)}}
                return payload, 200
        '''))
    out.append(textwrap.dedent(f'''

        def label_page(session):
            return [(label.text, len(label.items)) for label in session.query({cap}Label).all()]


        def rename(session, ident, name):
            item = session.get({cap}Item1, ident)
            item.name = name
            return session.query({cap}Item0).filter_by(nmae=name).all()
    '''))
    return "".join(out)


def utils_module(number: int) -> str:
    out = [f'"""Helpers without ORM code ({number})."""\nimport datetime\n']
    for i in range(10):
        out.append(textwrap.dedent(f'''

            def slug_{i}(value: str, width: int = 40) -> str:
                cleaned = "".join(c if c.isalnum() else "-" for c in value.lower())
                while "--" in cleaned:
                    cleaned = cleaned.replace("--", "-")
                return cleaned.strip("-")[:width]


            def business_days_{i}(start: datetime.date, days: int) -> datetime.date:
                current = start
                while days > 0:
                    current += datetime.timedelta(days=1)
                    if current.weekday() < 5:
                        days -= 1
                return current
        '''))
    return "".join(out)


def generate(root: Path, lines: int, library: str = "sqlalchemy") -> dict[str, int]:
    """Write the project under ``root``; returns its size (files, lines, models)."""
    base = ("from orm import DeclarativeBase\n" if library == "orm" else
            "from sqlalchemy.orm import DeclarativeBase\n") + "\n\nclass Base(DeclarativeBase):\n    pass\n"
    files = {"app/__init__.py": "", "app/models/__init__.py": "", "app/services/__init__.py": "",
             "app/views/__init__.py": "", "app/utils/__init__.py": "", "app/db.py": base}
    total, number = 0, 0
    while total < lines or number * MODELS_PER_DOMAIN < 200:
        domain = DOMAINS[number % len(DOMAINS)] + ("" if number < len(DOMAINS) else str(number))
        texts = {f"app/models/{domain}.py": models_module(domain, library),
                 f"app/services/{domain}.py": service_module(domain, library),
                 f"app/views/{domain}.py": views_module(domain),
                 f"app/utils/helpers_{number}.py": utils_module(number)}
        files.update(texts)
        total += sum(t.count("\n") for t in texts.values())
        number += 1
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return {"files": len(files), "lines": sum(t.count("\n") for t in files.values()),
            "models": number * MODELS_PER_DOMAIN}


# ------------------------------------------------------------------------------ measuring
def _snapshot(target: Path) -> Path:
    """A copy of the plugin, the checker and orm as they are now: other work going on in the
    checkout must not change the plugin's fingerprint between a cold and a warm run."""
    for package in ("mypy_plugin", "analysis", "orm"):
        shutil.copytree(ROOT / package, target / package,
                        ignore=shutil.ignore_patterns("__pycache__"))
    return target


def _run_mypy(project: Path, config: Path, cache: Path, packages: Path
              ) -> tuple[float, float, float, float, str]:
    """One ``mypy`` process: wall seconds, CPU seconds of mypy's process and of the plugin's
    worker process (0 without one), seconds mypy's process waited for the worker, its output."""
    stats = cache / "worker-stats.txt"
    env = {**os.environ, "ORMLENS_MYPY_STATS": str(stats), "PYTHONPATH": str(packages)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(config),
                           "--cache-dir", str(cache), "--no-error-summary"],
                          cwd=project, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1) or "INTERNAL ERROR" in done.stdout + done.stderr:
        raise SystemExit(f"mypy failed in {project}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    figures = {"worker_cpu": 0.0, "wait": 0.0}
    # a worker (if the plugin started one) writes its CPU time as it exits, just after mypy
    deadline = time.monotonic() + (2.0 if "mypy_plugin" in config.read_text() else 0.0)
    while True:
        text = stats.read_text() if stats.exists() else ""
        if "worker_cpu" in text or time.monotonic() >= deadline:
            break
        time.sleep(0.05)
    for line in text.splitlines():
        kind, value = line.split()
        figures[kind] += float(value)
    stats.unlink(missing_ok=True)
    return wall, cpu, figures["worker_cpu"], figures["wait"], done.stdout


def measure(label: str, project: Path, with_plugin: Path, without: Path, repeat: int,
            packages: Path) -> None:
    runs: dict[tuple[str, str], list[tuple[float, float, float, float]]] = {}
    findings = 0
    for _ in range(repeat):
        for name, config in (("without", without), ("with", with_plugin)):
            cache = Path(tempfile.mkdtemp(prefix="mypy-bench-cache-"))
            try:
                for phase in ("cold", "warm"):
                    wall, cpu, worker, wait, stdout = _run_mypy(project, config, cache, packages)
                    runs.setdefault((phase, name), []).append((wall, cpu, worker, wait))
                    if name == "with" and phase == "cold":
                        findings = sum(1 for line in stdout.splitlines() if "(ORM" in line)
            finally:
                shutil.rmtree(cache, ignore_errors=True)
    print(label)
    for phase in ("cold", "warm"):
        base, plug = runs[(phase, "without")], runs[(phase, "with")]
        wall0, wall1 = min(r[0] for r in base), min(r[0] for r in plug)
        cpu0, cpu1 = min(r[1] for r in base), min(r[1] for r in plug)
        total = min(r[1] + r[2] for r in plug)
        critical = min(r[1] + r[3] for r in plug)

        def pct(value: float, reference: float) -> str:
            return f"{(value / reference - 1) * 100:+6.1f}%"

        print(f"  {phase} cache: mypy's process CPU {cpu0:6.2f} s -> {cpu1:6.2f} s ({pct(cpu1, cpu0)});"
              f" + waits for the worker {critical:6.2f} s ({pct(critical, cpu0)});"
              f" CPU incl. the worker {total:6.2f} s ({pct(total, cpu0)});"
              f" wall {wall0:6.2f} s -> {wall1:6.2f} s ({pct(wall1, wall0)})")
    print(f"  ormlens errors reported by the plugin: {findings}")


def _configs(directory: Path, example: bool, packages: Path) -> tuple[Path, Path]:
    paths = []
    for plugins in ("plugins = mypy_plugin", ""):
        text = CONFIG.format(plugins=plugins, root=packages)
        if example:
            text = text.replace("files = app", "files = bookshop")
        path = directory / ("with.ini" if plugins else "without.ini")
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--library", choices=("sqlalchemy", "orm"), default="sqlalchemy")
    parser.add_argument("--keep", type=Path, help="generate the project here and keep it")
    parser.add_argument("--only", default="example,generated")
    args = parser.parse_args()
    only = set(args.only.split(","))
    work = Path(tempfile.mkdtemp(prefix="mypy-bench-"))
    packages = _snapshot(work / "packages")
    print(f"mypy {subprocess.run([sys.executable, '-m', 'mypy', '--version'], capture_output=True, text=True).stdout.split()[1]}"
          f", {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; best of {args.repeat}, "
          "cold cache = a fresh mypy cache per run")
    try:
        if "example" in only:
            with_plugin, without = _configs(work, True, packages)
            measure(f"examples/mypy_project ({sum(p.read_text().count(chr(10)) for p in EXAMPLE.rglob('*.py'))} lines)",
                    EXAMPLE, with_plugin, without, args.repeat, packages)
        if "generated" in only:
            project = args.keep or work / "generated"
            size = generate(project, args.lines, args.library)
            # the configuration at the project's root, as in a real project: the plugin takes
            # its directory as the root (above it here: the checker's own sources in packages/)
            with_plugin, without = _configs(project, False, packages)
            measure(f"generated project ({args.library}: {size['files']} files, {size['lines']} lines, "
                    f"{size['models']} models)", project, with_plugin, without, args.repeat,
                    packages)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
