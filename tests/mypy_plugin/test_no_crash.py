"""The plugin never crashes mypy, on real projects and on modules made to be awkward.

Every run here lets a bug of the plugin surface (``ORMLENS_MYPY_RAISE=1``: the router re-raises
instead of falling back to mypy's own answer), and asserts mypy ended normally - no ``INTERNAL
ERROR``, no traceback - and that the ormlens findings mypy printed are exactly those of
``ormlens check`` on the same files.

The real projects are the ones the checker was tried on (Flask-SQLAlchemy apps and SQLAlchemy
2.0 code); their source is not part of this repository.  They are read from the local mirror
(``/work/.mirror/<owner>+<name>/repo``, filled by the ``fetch`` tool) and the test skips, saying
so, when a mirror is not on disk.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from mypy import api as mypy_api

from analysis.cli import main as ormlens_main
from runner import MYPY_INI, ROOT, write_modules

MIRROR = Path(os.environ.get("ORMLENS_MIRROR", "/work/.mirror"))
REAL_PROJECTS = {          # mirror name -> the package mypy is pointed at
    "flaskbb+flaskbb": "flaskbb",
    "CTFd+CTFd": "CTFd",
    "pypi+warehouse": "warehouse",
}
_FINDING = re.compile(
    r"^(?P<path>[^:\n]+\.py):(?P<line>\d+):(?P<column>\d+): error: .* \((?P<code>ORM\d{3})\)  \[orm-[a-z-]+\]$")

Key = tuple[str, int, int, str]


def _ormlens_findings(workdir: Path, paths: list[str]) -> set[Key]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(workdir):
        status = ormlens_main(["check", "--format", "json", "--no-cache", "--no-progress", *paths],
                              stdout=out, stderr=err)
    assert status in (0, 1), err.getvalue()
    return {(f["path"], f["line"], f["column"], f["code"]) for f in json.loads(out.getvalue())
            if f["code"] != "ORM000"}


def _run_mypy(workdir: Path, config: Path, paths: list[str], raise_errors: bool = True,
              ) -> tuple[int, str, str]:
    args = ["--config-file", str(config), "--cache-dir", str(workdir.parent / "mypy_cache"),
            "--show-column-numbers", "--show-traceback", "--no-error-summary", *paths]
    if raise_errors:
        os.environ["ORMLENS_MYPY_RAISE"] = "1"
    try:
        with contextlib.chdir(workdir):
            stdout, stderr, status = mypy_api.run(args)
    finally:
        os.environ.pop("ORMLENS_MYPY_RAISE", None)
    return status, stdout, stderr


def _assert_clean_run(status: int, stdout: str, stderr: str, allowed: tuple[int, ...] = (0, 1)) -> None:
    both = stdout + stderr
    crashed = "INTERNAL ERROR" in both or "Traceback (most recent call last)" in both
    assert status in allowed and not crashed, \
        f"mypy did not end normally (status {status}):\n{both[-5000:]}"


def _mypy_findings(stdout: str) -> set[Key]:
    found = set()
    for line in stdout.splitlines():
        m = _FINDING.match(line)
        if m:
            found.add((m["path"], int(m["line"]), int(m["column"]), m["code"]))
    return found


# -- real projects -------------------------------------------------------------------------------

def _extract(repo: Path, target: Path) -> None:
    """The Python and configuration files of the mirror's HEAD, written under ``target`` (a
    mirror may lack some large data files: only what mypy reads is taken)."""
    git = ["git", "--git-dir", str(repo)]
    listed = subprocess.run([*git, "ls-tree", "-r", "--name-only", "HEAD"], check=True,
                            capture_output=True, text=True).stdout.splitlines()
    wanted = [p for p in listed if p.endswith((".py", ".toml", ".cfg", ".ini"))]
    target.mkdir(parents=True)
    archive = subprocess.run([*git, "archive", "--format=tar", "HEAD", *wanted], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)


@pytest.mark.slow
@pytest.mark.parametrize("mirror", list(REAL_PROJECTS))
def test_real_project(mirror: str, tmp_path: Path) -> None:
    repo = MIRROR / mirror / "repo"
    if not repo.is_dir():
        pytest.skip(f"{mirror} is not mirrored at {repo} (fetch github:{mirror.replace('+', '/')})")
    project = tmp_path / "project"
    _extract(repo, project)
    package = REAL_PROJECTS[mirror]
    # the settings come from a file outside the project, as a CI job's --config-file may
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\nplugins = mypy_plugin\nignore_missing_imports = True\n",
                      encoding="utf-8")
    status, stdout, stderr = _run_mypy(project, config, [package])
    _assert_clean_run(status, stdout, stderr)
    expected = _ormlens_findings(project, [package])
    assert expected, f"{mirror}: ormlens finds nothing in {package}: the comparison would be empty"
    assert _mypy_findings(stdout) == expected


# -- awkward modules, written here ---------------------------------------------------------------

AWKWARD = {
    # models whose relationship targets resolve to nothing, a class built by type(), models built
    # in a loop, a base from a function call mypy cannot follow, imports of missing modules
    "app/models.py": '''\
from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import declarative_base, relationship

from nowhere import Mystery, make_base          # a module that does not exist

Base = declarative_base()
Other = make_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    name = Column(String(50))
    ghosts = relationship("Ghost")                 # no such class
    lambdas = relationship(lambda: Mystery)
    posts = relationship("Post", back_populates="author")


class Post(Base):
    __tablename__ = "posts"
    id = Column(Integer, primary_key=True)
    user_id = Column(Integer, ForeignKey("users.id"))
    author = relationship("User", back_populates="posts")
    weird = Column(Mystery, nullable=Mystery.flag)


class Strange(Other):
    __tablename__ = f"strange_{1 + 1}"
    id = Column(Integer, primary_key=True)


Dynamic = type("Dynamic", (Base,), {"__tablename__": "dynamic", "id": Column(Integer, primary_key=True)})

generated = {}
for number in range(3):
    generated[number] = type(f"Part{number}", (Base,), {
        "__tablename__": f"part_{number}", "id": Column(Integer, primary_key=True)})


class Half(Base):
    __tablename__ = "half"
    id = Column(primary_key=True)                   # no type
    ref = Column(Integer, ForeignKey())             # no target
    rel = relationship()                            # no target
''',
    # code that uses them: findings next to things mypy and ormlens cannot know
    "app/views.py": '''\
from sqlalchemy import select, text

from app.models import Dynamic, Half, Post, User, generated
from nowhere import helper


def listing(session):
    for user in session.scalars(select(User)):
        print(user.posts, user.ghosts, user.lambdas)
    for post in session.query(Post):
        print(post.author.name, post.weird)
    for part in generated.values():
        print(session.get(part, 1))
    session.execute(text(helper()))
    return session.query(Dynamic).filter_by(id=1).all(), session.query(Half).all()


def nested():
    def inner():
        def innermost(session):
            return [u.posts for u in session.query(User).all()]
        return innermost
    return inner


class __ormlens_findings__:                      # the plugin's anchor name, taken by the user
    pass
''',
    # a module shadowing nothing but named like one, star imports, a circular import
    "app/circular_a.py": '''\
from app.circular_b import *  # noqa: F403
from app.models import *  # noqa: F403

VALUE = 1
''',
    "app/circular_b.py": '''\
import app.circular_a


def read(session):
    return [p.author for p in session.query(app.circular_a.Post).all()]
''',
    "app/__init__.py": "",
    # realistic: a Flask-SQLAlchemy app
    "shop/__init__.py": '''\
from flask import Flask
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


def create_app():
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
    db.init_app(app)
    from shop import routes  # noqa: F401
    return app
''',
    "shop/models.py": '''\
from shop import db


class Customer(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(120), unique=True, nullable=False)
    orders = db.relationship("Order", backref="customer", lazy=True)


class Order(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    total = db.Column(db.Numeric(10, 2))
    customer_id = db.Column(db.Integer, db.ForeignKey("customer.id"), nullable=False)
''',
    "shop/routes.py": '''\
from flask import jsonify

from shop import db
from shop.models import Customer, Order


def customers():
    return jsonify([{"email": c.email, "orders": len(c.orders)} for c in Customer.query.all()])


def big_orders():
    rows = db.session.execute(db.text("SELECT id FROM orders WHERE totl > 100")).all()
    return [Order.query.get(r.id).customer.email for r in rows]


def by_email(email):
    return Customer.query.filter_by(emial=email).first()
''',
}
BROKEN_SYNTAX = {"app/half_typed.py": "def f(session):\n    return session.query(User.\n"}


def _write(tmp_path: Path, modules: dict[str, str]) -> tuple[Path, Path]:
    workdir = tmp_path / "project"
    write_modules(workdir, modules)
    config = workdir / "mypy.ini"
    # the runner's configuration, imports of missing modules allowed (Any, as users often set)
    config.write_text(MYPY_INI.format(root=ROOT).replace(
        "[mypy]\n", "[mypy]\nignore_missing_imports = True\n", 1), encoding="utf-8")
    return workdir, config


@pytest.mark.parametrize("raise_errors", [True, False], ids=["raising", "as-users-run-it"])
def test_awkward_modules(tmp_path: Path, raise_errors: bool) -> None:
    workdir, config = _write(tmp_path, AWKWARD)
    status, stdout, stderr = _run_mypy(workdir, config, ["app", "shop"], raise_errors)
    _assert_clean_run(status, stdout, stderr)
    expected = _ormlens_findings(workdir, ["app", "shop"])
    assert {code for *_, code in expected} >= {"ORM101", "ORM202", "ORM301"}
    assert _mypy_findings(stdout) == expected


def test_a_syntax_error_is_mypy_s_own_message(tmp_path: Path) -> None:
    workdir, config = _write(tmp_path, {**AWKWARD, **BROKEN_SYNTAX})
    status, stdout, stderr = _run_mypy(workdir, config, ["app"])
    _assert_clean_run(status, stdout, stderr, allowed=(2,))
    assert stdout.startswith("app/half_typed.py:3:2: error: ") and "[syntax]" in stdout
    assert "ORM000" not in stdout       # ormlens' own report of it stays out of mypy's output
