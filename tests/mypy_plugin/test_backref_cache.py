"""A backref declared in one module on a class of another survives warm runs.

``users.py`` declares ``relationship("Post", backref="author")``; ``posts.py`` defines ``Post``
and does not import ``users``.  The first run learns that ``posts`` depends on ``users`` (see
mypy_plugin/models/deps.py), so the second run processes ``posts`` again while ``users`` comes
from mypy's cache, its class hooks never running: the backref must still reach ``Post``
(it was a false ``"Post" has no attribute "author"`` on every warm run).
"""
from __future__ import annotations

import shutil
from pathlib import Path

from runner import run_mypy, write_config, write_modules

PROJECT = {
    "base.py": "from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n",
    "posts.py": (
        "from sqlalchemy import Column, ForeignKey, Integer\n\nfrom base import Base\n\n\n"
        "class Post(Base):\n    __tablename__ = \"posts\"\n"
        "    id = Column(Integer, primary_key=True)\n"
        "    user_id = Column(ForeignKey(\"users.id\"))\n"),
    "users.py": (
        "from sqlalchemy import Column, Integer\nfrom sqlalchemy.orm import relationship\n\n"
        "from base import Base\n\n\nclass User(Base):\n    __tablename__ = \"users\"\n"
        "    id = Column(Integer, primary_key=True)\n"
        "    posts = relationship(\"Post\", backref=\"author\")\n"),
    "app.py": (
        "from posts import Post\nimport users\n\n\ndef f(p: Post) -> None:\n"
        "    reveal_type(p.author)\n"),
}


def test_a_cross_module_backref_survives_warm_runs(tmp_path: Path, mypy_cache_dir: Path) -> None:
    write_modules(tmp_path, PROJECT)
    write_config(tmp_path)
    cache = tmp_path / "cache"
    shutil.copytree(mypy_cache_dir, cache)
    files = ["app.py", "posts.py", "users.py", "base.py"]
    runs = [[m.text for m in run_mypy(tmp_path, files, cache).messages] for _ in range(3)]
    assert runs[0] == ['Revealed type is "users.User | None"']
    assert runs[1] == runs[0]
    assert runs[2] == runs[0]
