"""Flask-SQLAlchemy models typed by the mypy plugin: every ``cases/flask_*.py`` case file, and
the same project checked again from mypy's cache (the rewritten ``db.Model`` bases and the
generated model base must come back from the cache as they were made)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from runner import CASES, check_case, parse_case, run_mypy, write_config, write_modules

FLASK_CASES = sorted(CASES.glob("flask*.py"))  # flask_*, flask2_*


@pytest.mark.parametrize("path", FLASK_CASES, ids=[p.stem for p in FLASK_CASES])
def test_case(path: Path, tmp_path: Path, mypy_cache_dir: Path) -> None:
    check_case(parse_case(path), tmp_path, mypy_cache_dir)


def test_models_module_edited_while_the_extension_module_is_cached(tmp_path: Path, mypy_cache_dir: Path) -> None:
    # the second run analyses models.py again with extensions.py (db = SQLAlchemy()) read from
    # the cache: db.Model must still be a valid base there
    case = parse_case(CASES / "flask_cross_module.py")
    write_modules(tmp_path, case.modules)
    write_config(tmp_path)
    cache = tmp_path / "cache"
    shutil.copytree(mypy_cache_dir, cache)
    first = run_mypy(tmp_path, [case.main], cache).messages
    models = tmp_path / "shop" / "models.py"
    models.write_text(models.read_text(encoding="utf-8").replace(
        "name = db.Column(db.String(50), nullable=False)", "name = db.Column(db.Integer, nullable=False)"),
        encoding="utf-8")
    second = run_mypy(tmp_path, [case.main], cache).messages
    assert not any("Model" in m.text and "not defined" in m.text and m.path != "shop/typed.py" for m in second)
    changed = {m for m in second if m not in first}
    assert {m.text for m in changed} == {
        'Argument "name" to "Customer" has incompatible type "str"; expected "int" [arg-type]',
        '`Customer.name` holds int values (Integer) but is given `"c"` of type str (ORM201) [orm-query-type]'}
    assert sorted(set(first) - set(second)) == []


REPARSED_PROJECT = {
    "main.py": (
        "from app.models import Customer\n\n"
        "reveal_type(Customer().name)\n"
        "Customer(name=1)\n"
    ),
    # db is made in app/extensions.py and passed on by app/__init__.py
    "app/__init__.py": "from .extensions import db\n",
    "app/extensions.py": "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n",
    "app/models.py": (
        "from app import db\n"
        "from app import helpers, views\n\n\n"
        "class Customer(db.Model):\n"
        "    id = db.Column(db.Integer, primary_key=True)\n"
        "    name = db.Column(db.String(50), nullable=False)\n"
    ),
    "app/helpers.py": "def label() -> str:\n    return ''\n",
    # views.py and models.py import each other: one SCC
    "app/views.py": "from app import models\n\n\ndef show() -> None:\n    pass\n",
}


def test_unchanged_model_modules_checked_again_from_source(tmp_path: Path, mypy_cache_dir: Path) -> None:
    # mypy checks an unchanged module again when a module it imports changes its interface, or a
    # module of its import cycle changed; it then parses it without calling get_additional_deps,
    # where the plugin rewrites db.Model bases ("Name "db.Model" is not defined" on redash's second
    # run). The edits below leave models.py and app/__init__.py as they were: same messages
    write_modules(tmp_path, REPARSED_PROJECT)
    write_config(tmp_path)
    cache = tmp_path / "cache"
    shutil.copytree(mypy_cache_dir, cache)
    files = ["main.py", "app"]
    first = run_mypy(tmp_path, files, cache).messages
    assert [m.text for m in first] == [
        'Revealed type is "str"',
        'Argument "name" to "Customer" has incompatible type "int"; expected "str" [arg-type]']
    for edited in ("app/helpers.py", "app/views.py", "app/extensions.py"):
        with open(tmp_path / edited, "a", encoding="utf-8") as stream:
            stream.write(f"\n\ndef added_{edited[4:-3]}() -> int:\n    return 1\n")
        assert run_mypy(tmp_path, files, cache).messages == first, edited
        assert run_mypy(tmp_path, files, cache).messages == first, edited
