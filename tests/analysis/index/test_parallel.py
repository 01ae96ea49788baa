"""Whole-project runs in processes: files that import each other share a worker; results equal
the sequential run's."""
from __future__ import annotations

from pathlib import Path

from index_helpers import write_project

from analysis.config import Config
from analysis.index import parallel
from analysis.workspace import Workspace


def _domain(name: str) -> dict[str, str]:
    body = "".join(f"def f{i}(session):\n    return session.get({name.title()}, {i})\n\n"
                   for i in range(200))
    return {
        f"app/models_{name}.py": f"from app.db import Base\nclass {name.title()}(Base):\n"
                                 f"    __tablename__ = '{name}'\n",
        f"app/services_{name}.py": f"from app.models_{name} import {name.title()}\n" + body,
        f"app/api_{name}.py": f"from app import services_{name}\n" + body,
    }


def test_files_that_import_each_other_go_to_the_same_shard(tmp_path: Path):
    files = {"app/__init__.py": "", "app/db.py": "from sqlalchemy.orm import declarative_base\n"
             "Base = declarative_base()\n"}
    for name in ("alpha", "beta", "gamma", "delta"):
        files.update(_domain(name))
    write_project(tmp_path, files)
    ws = Workspace(tmp_path, config=Config(select=("ORM000",)))
    ws.index()
    project = ws.project
    assert parallel.hubs(project) == {"app.db"}
    groups = parallel.shards(project, ws.paths(), ws.module_lines, 2)
    assert len(groups) == 2
    for name in ("alpha", "beta", "gamma", "delta"):
        owners = {i for i, group in enumerate(groups) for path in group
                  if Path(path).stem.endswith(name)}
        assert len(owners) == 1, name
    sizes = [sum(ws.module_lines(p) for p in group) for group in groups]
    assert abs(sizes[0] - sizes[1]) <= max(sizes) // 2
    sequential = ws.check_all(jobs=1)
    other = Workspace(tmp_path, config=Config(select=("ORM000",)))
    other.index()
    assert other.check_all(jobs=2) == sequential
    assert other.last_run_parallel


def test_a_group_bigger_than_a_fair_share_is_split(tmp_path: Path):
    files = {f"m{i}.py": ("import m0\n" if i else "") + "x = 1\n" * 500 for i in range(6)}
    write_project(tmp_path, files)
    ws = Workspace(tmp_path)
    ws.index()
    groups = parallel.shards(ws.project, ws.paths(), ws.module_lines, 2)
    assert len(groups) == 2 and sorted(len(g) for g in groups) == [3, 3]
