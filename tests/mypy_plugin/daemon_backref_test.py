"""The mypy daemon (``dmypy``) with the plugin, edit after edit, against cold runs of mypy: a
renamed cross-module backref, and Flask-SQLAlchemy models edited while the daemon runs."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from runner import BASE_FLAGS, Message, parse_output, run_mypy, write_config, write_modules

BACKREF_PROJECT = {
    # the backref is declared in users.py on Post, a class of posts.py that does not import users.py
    "base.py": "from orm import declarative_base\n\nBase = declarative_base()\n",
    "posts.py": (
        "from orm import Column, ForeignKey, Integer, String\n\nfrom base import Base\n\n\n"
        "class Post(Base):\n"
        "    __tablename__ = \"posts\"\n"
        "    id = Column(Integer, primary_key=True)\n"
        "    user_id = Column(ForeignKey(\"users.id\"))\n"
    ),
    "users.py": (
        "from orm import Column, Integer, String, relationship\n\nfrom base import Base\n\n\n"
        "class User(Base):\n"
        "    __tablename__ = \"users\"\n"
        "    id = Column(Integer, primary_key=True)\n"
        "    name = Column(String, nullable=False)\n"
        "    posts = relationship(\"Post\", backref=\"author\")\n"
    ),
    "app.py": (
        "from posts import Post\nimport users\n\n"
        "def show(p: Post) -> None:\n"
        "    reveal_type(p.author)\n"
    ),
}

FLASK_PROJECT = {
    # db is made in shop/extensions.py and passed on by shop/__init__.py
    "shop/__init__.py": "from .extensions import db\n",
    "shop/extensions.py": "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n",
    "models.py": (
        "from shop import db\n\n\n"
        "class Customer(db.Model):\n"
        "    id = db.Column(db.Integer, primary_key=True)\n"
        "    name = db.Column(db.String(50), nullable=False)\n"
    ),
    "app.py": "from models import Customer\n\nreveal_type(Customer().name)\n",
}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    before = path.stat().st_mtime_ns
    path.write_text(text.replace(old, new), encoding="utf-8")
    # the daemon takes a file whose size and modification time are unchanged for unchanged: the
    # time moves on by seconds at each edit, even for edits within one second
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, max(stat.st_mtime_ns, before) + 2_000_000_000))


class Daemon:
    def __init__(self, project: Path, cache: Path, status: Path) -> None:
        self.project, self.cache, self.status = project, cache, status
        self.config = write_config(project)

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, ORMLENS_MYPY_RAISE="1")
        return subprocess.run([str(Path(sys.executable).with_name("dmypy")), "--status-file", str(self.status),
                               *args], cwd=self.project, env=env, capture_output=True, text=True, timeout=600)

    def check(self, target: str) -> list[Message]:
        done = self._run("run", "--timeout", "600", "--", *BASE_FLAGS, "--config-file", str(self.config),
                         "--cache-dir", str(self.cache), target)
        assert done.returncode in (0, 1) and "INTERNAL ERROR" not in done.stdout + done.stderr, done
        lines = "\n".join(line for line in done.stdout.splitlines() if line != "Daemon started")
        return sorted(parse_output(lines))

    def stop(self) -> None:
        self._run("stop")


def _cold(project: Path, library_cache: Path, tmp: Path, target: str) -> list[Message]:
    copy = tmp / f"cold-{len(list(tmp.iterdir()))}"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".mypy_cache", "*.json", "cache"))
    shutil.copytree(library_cache, copy / "cache")
    return sorted(run_mypy(copy, [target], copy / "cache").messages)


@pytest.fixture
def daemon(tmp_path: Path, mypy_cache_dir: Path):
    project = tmp_path / "project"
    project.mkdir()
    cache = project / "cache"
    shutil.copytree(mypy_cache_dir, cache)
    running = Daemon(project, cache, tmp_path / "dmypy.json")
    try:
        yield running
    finally:
        running.stop()


@pytest.mark.slow
def test_a_renamed_backref_leaves_the_target_class(daemon: Daemon, tmp_path: Path, mypy_cache_dir: Path) -> None:
    project = daemon.project
    write_modules(project, BACKREF_PROJECT)
    cold_dir = tmp_path / "cold"
    cold_dir.mkdir()
    first = daemon.check("app.py")
    assert first == [Message("app.py", 5, "note", 'Revealed type is "users.User | None"')]
    _edit(project / "users.py", 'backref="author"', 'backref="writer"')
    renamed = daemon.check("app.py")
    assert renamed == _cold(project, mypy_cache_dir, cold_dir, "app.py")
    assert Message("app.py", 5, "error", '"Post" has no attribute "author" [attr-defined]') in renamed
    _edit(project / "app.py", "p.author", "p.writer")
    assert daemon.check("app.py") == [Message("app.py", 5, "note", 'Revealed type is "users.User | None"')]
    # and back: the attribute the edit removed comes back
    _edit(project / "users.py", 'backref="writer"', 'backref="author"')
    _edit(project / "app.py", "p.writer", "p.author")
    assert daemon.check("app.py") == [Message("app.py", 5, "note", 'Revealed type is "users.User | None"')]


@pytest.mark.slow
def test_flask_models_edited_under_the_daemon(daemon: Daemon, tmp_path: Path, mypy_cache_dir: Path) -> None:
    project = daemon.project
    write_modules(project, FLASK_PROJECT)
    cold_dir = tmp_path / "cold"
    cold_dir.mkdir()
    assert daemon.check("app.py") == [Message("app.py", 3, "note", 'Revealed type is "str"')]
    _edit(project / "models.py", "db.String(50), nullable=False", "db.String(50)")
    edited = daemon.check("app.py")
    assert edited == _cold(project, mypy_cache_dir, cold_dir, "app.py")
    assert edited == [Message("app.py", 3, "note", 'Revealed type is "str | None"')]
    _edit(project / "shop" / "extensions.py", "db = SQLAlchemy()", "db = SQLAlchemy()\nx = 1")
    assert daemon.check("app.py") == [Message("app.py", 3, "note", 'Revealed type is "str | None"')]
    _edit(project / "shop" / "__init__.py", "from .extensions import db\n", "from .extensions import db\ny = 2\n")
    _edit(project / "models.py", "db.String(50))", "db.String(50), nullable=False)")
    assert daemon.check("app.py") == [Message("app.py", 3, "note", 'Revealed type is "str"')]
