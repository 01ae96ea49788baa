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
