"""SQL preview benchmark: time to preview one statement, warm (target <= 50 ms) and cold.

Usage: ``python benchmarks/preview.py [--models 40] [--statements 300] [--keep DIR]``

A project is generated: ``--models`` mapped classes (relationships, association tables) and a
views module of about 2k lines with ``--statements`` statement expressions of every kind the
preview reads (2.0 selects with joins, aliases, subqueries, CTEs, grouping, loader options; DML;
legacy ``Query`` chains; statements assembled over several assignments).  Figures printed:

- shadow model build (cold, per index generation);
- the first preview in the workspace (imports, shadow model, parse of the module), and the
  first transpiled one (sqlglot's import);
- warm previews of every statement for sqlite + postgresql + mysql: p50 / p95 / max;
- the same with a transpiled dialect added (oracle);
- an edit of the views module (new text: the module is parsed again), then a preview.
"""
from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.preview import preview_at        # noqa: E402
from analysis.shadow import build_shadow       # noqa: E402
from analysis.workspace import Workspace       # noqa: E402


def models_source(count: int) -> str:
    parts = ['from typing import List, Optional\n'
             'from sqlalchemy import Column, ForeignKey, Integer, String, Table, Numeric, DateTime\n'
             'from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship\n\n\n'
             'class Base(DeclarativeBase):\n    pass\n']
    for i in range(count):
        parent = f"M{i - 1}" if i else None
        parts.append(textwrap.dedent(f'''

            class M{i}(Base):
                __tablename__ = "m{i}"
                id: Mapped[int] = mapped_column(primary_key=True)
                name: Mapped[str] = mapped_column(String(50))
                score = Column(Numeric(10, 2))
                created = Column(DateTime)
            ''') + (textwrap.indent(textwrap.dedent(f'''\
                parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("m{i - 1}.id"))
                parent: Mapped[Optional["{parent}"]] = relationship(back_populates="children")
            '''), "    ") if parent else "") + (textwrap.indent(textwrap.dedent(f'''\
                children: Mapped[List["M{i + 1}"]] = relationship(back_populates="parent")
            '''), "    ") if i + 1 < count else ""))
    return "".join(parts)


TEMPLATES = [
    "stmt = select(M{i}).where(M{i}.name == name).order_by(M{i}.id.desc()).limit(10)",
    "stmt = select(M{i}.id, func.count(M{j}.id)).join(M{i}.children).group_by(M{i}.id)"
    ".having(func.count(M{j}.id) > 2)",
    "a = aliased(M{i})\n    stmt = select(a.name, M{j}.name).join(M{j}, M{j}.parent_id == a.id)"
    ".where(a.score.between(low, high))",
    "sub = select(M{j}.parent_id, func.max(M{j}.score).label('top')).group_by(M{j}.parent_id)"
    ".subquery()\n    stmt = select(M{i}.name, sub.c.top).join(sub, sub.c.parent_id == M{i}.id)",
    "stmt = select(M{i})\n    if name:\n        stmt = stmt.where(M{i}.name.ilike(name))\n"
    "    stmt = stmt.options(selectinload(M{i}.children))",
    "stmt = session.query(M{i}).filter(M{i}.id.in_(ids)).order_by(M{i}.name)",
    "stmt = update(M{i}).where(M{i}.id == item_id).values(name=name, score=M{i}.score + 1)",
    "stmt = delete(M{i}).where(M{i}.created < since)",
    "cte = select(M{j}.parent_id).where(M{j}.score > 5).cte('good')\n"
    "    stmt = select(M{i}).where(M{i}.id.in_(select(cte.c.parent_id)))",
    "stmt = insert(M{i}).values(name=name, score=3)",
]


def views_source(models: int, statements: int, rng: random.Random) -> tuple[str, list[tuple[int, int]]]:
    lines = ["from sqlalchemy import select, insert, update, delete, func",
             "from sqlalchemy.orm import aliased, selectinload",
             "from models import " + ", ".join(f"M{i}" for i in range(models)), "", ""]
    positions = []
    for number in range(statements):
        i = rng.randrange(models - 1)
        code = rng.choice(TEMPLATES).format(i=i, j=i + 1)
        lines.append(f"def view_{number}(session, name, ids, item_id, low, high, since):")
        lines.extend(("    " + code).split("\n"))
        last = lines[-1]
        positions.append((len(lines) - 1, last.index("=") + 2))
        lines.append("    return session.execute(stmt)")
        lines.extend(["", ""])
    return "\n".join(lines) + "\n", positions


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models", type=int, default=40)
    parser.add_argument("--statements", type=int, default=300)
    parser.add_argument("--keep", metavar="DIR")
    args = parser.parse_args()
    rng = random.Random(1)
    root = Path(args.keep or tempfile.mkdtemp(prefix="ormlens-preview-"))
    root.mkdir(parents=True, exist_ok=True)
    (root / "models.py").write_text(models_source(args.models), encoding="utf-8")
    views, positions = views_source(args.models, args.statements, rng)
    (root / "views.py").write_text(views, encoding="utf-8")
    path = str(root / "views.py")
    print(f"project: {args.models} models, views.py {views.count(chr(10))} lines, "
          f"{len(positions)} statements")

    ws = Workspace(root)
    ws.index()
    started = time.perf_counter()
    shadow = build_shadow(ws.project)
    print(f"shadow model build: {(time.perf_counter() - started) * 1000:.0f} ms "
          f"({len(shadow.classes)} classes, {len(shadow.problems)} problems)")

    started = time.perf_counter()
    first = preview_at(ws, path, *positions[0])
    print(f"first preview (cold: imports, shadow model, module parse): "
          f"{(time.perf_counter() - started) * 1000:.0f} ms")
    assert first is not None
    started = time.perf_counter()
    preview_at(ws, path, *positions[0], ["oracle"])
    print(f"first transpiled preview (imports sqlglot): "
          f"{(time.perf_counter() - started) * 1000:.0f} ms")

    for label, dialects in (("sqlite+postgresql+mysql", None),
                            ("+ oracle (transpiled)", ["sqlite", "postgresql", "mysql", "oracle"])):
        times, missing = [], 0
        for line, column in positions:
            started = time.perf_counter()
            found = preview_at(ws, path, line, column, dialects)
            times.append((time.perf_counter() - started) * 1000)
            missing += found is None
        print(f"warm preview, {label}: p50 {statistics.median(times):.1f} ms, "
              f"p95 {percentile(times, 0.95):.1f} ms, max {max(times):.1f} ms "
              f"(target p95 <= 50 ms); {missing} without preview")

    edited = views.replace("limit(10)", "limit(20)", 1)
    ws.set_document(path, edited)
    started = time.perf_counter()
    preview_at(ws, path, *positions[0])
    print(f"preview after an edit of views.py (module parsed again): "
          f"{(time.perf_counter() - started) * 1000:.0f} ms")
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
