"""Workspace: overlays, incremental re-indexing, caches keyed by content, config, the corpus."""
from __future__ import annotations

from pathlib import Path

import pytest
from index_helpers import write_project

from analysis.config import Config, ConfigError
from analysis.workspace import Workspace, mentions_orm

CORPUS = Path("/work/shared/corpus")
MODELS = """
from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import declarative_base, relationship
Base = declarative_base()
class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    name = Column(String(50))
"""


def test_overlay_wins_and_model_edits_bump_the_generation(tmp_path: Path):
    write_project(tmp_path, {"models.py": MODELS, "views.py": "from models import User\n"})
    ws = Workspace(tmp_path)
    assert ws.index() == 2
    first = ws.project
    assert set(first.models["models.User"].columns) == {"id", "name"}
    # an edit that does not touch the index keeps the generation (and the index object)
    ws.set_document(tmp_path / "views.py", "from models import User\nprint(User)\n")
    assert ws.project is first
    ws.set_document(tmp_path / "models.py", MODELS + "    email = Column(String(120))\n")
    second = ws.project
    assert second.generation > first.generation
    assert "email" in second.models["models.User"].columns
    assert ws.module(tmp_path / "models.py").source.endswith("String(120))\n")
    # closing the document goes back to the disk's text
    ws.close_document(tmp_path / "models.py")
    assert "email" not in ws.project.models["models.User"].columns


def test_disk_changes_create_and_delete(tmp_path: Path):
    write_project(tmp_path, {"models.py": MODELS})
    ws = Workspace(tmp_path)
    ws.index()
    extra = tmp_path / "more.py"
    extra.write_text(MODELS.replace("User", "Admin").replace('"users"', '"admins"'))
    ws.file_changed(extra)
    assert "more.Admin" in ws.project.models
    extra.unlink()
    ws.file_changed(extra)
    assert "more.Admin" not in ws.project.models
    assert str(extra) not in ws.paths()


def test_findings_are_cached_by_content_and_generation(tmp_path: Path):
    write_project(tmp_path, {"bad.py": "def f(:\n"})
    ws = Workspace(tmp_path)
    ws.index()
    path = tmp_path / "bad.py"
    first = ws.check(path)
    assert [f.code for f in first] == ["ORM000"]
    assert first[0].range.start.line == 0
    assert ws.check(path) == first
    ws.set_document(path, "def f():\n    pass\n")
    assert ws.check(path) == []


def test_unreadable_and_oddly_encoded_files(tmp_path: Path):
    (tmp_path / "latin.py").write_bytes(b"# -*- coding: latin-1 -*-\nname = '\xe9t\xe9'\n")
    (tmp_path / "bom.py").write_bytes(b"\xef\xbb\xbfx = 1\r\ny = 2\r\n")
    (tmp_path / "binary.py").write_bytes(b"\x00\x01\x02garbage")
    ws = Workspace(tmp_path)
    ws.index()
    assert ws.module(tmp_path / "latin.py").source.endswith("name = 'été'\n")
    assert ws.module(tmp_path / "bom.py").source == "x = 1\ny = 2\n"
    assert ws.check(tmp_path / "latin.py") == []
    assert ws.check(tmp_path / "bom.py") == []
    assert [f.code for f in ws.check(tmp_path / "binary.py")] == ["ORM000"]


def test_config_from_pyproject(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.ormlens]\ndialects = ["postgresql"]\nselect = ["ORM1", "ORM3"]\n'
        'ignore = ["ORM103"]\nseverity = { ORM101 = "error" }\nexclude = ["migrations"]\n')
    config = Config.load(tmp_path / "sub")
    assert config.dialects == ("postgresql",)
    assert config.enabled("ORM101") and not config.enabled("ORM103")
    assert not config.enabled("ORM201")
    assert config.severity_of("ORM101", "warning") == "error"
    assert config.excluded("migrations/versions/x.py") and not config.excluded("app/x.py")
    assert Config().enabled("ORM999")
    assert not Config(select=("ORM1",), ignore=("ORM1",)).enabled("ORM101")
    assert Config(select=("ORM103",), ignore=("ORM1",)).enabled("ORM103")


@pytest.mark.parametrize(("text", "message"), [
    ("[tool.ormlens]\nselect = 3\n", "select must be a list of strings"),
    ("[tool.ormlens]\nseverity = { ORM101 = 'loud' }\n", "severity of ORM101 must be one of"),
    ("[tool.ormlens]\ncolour = 1\n", "unknown [tool.ormlens] key(s): colour"),
    ("[tool.ormlens\n", "invalid TOML"),
])
def test_bad_config_gives_a_clear_error(tmp_path: Path, text: str, message: str):
    (tmp_path / "pyproject.toml").write_text(text)
    with pytest.raises(ConfigError) as info:
        Config.load(tmp_path)
    assert message in str(info.value) and "pyproject.toml" in str(info.value)


def test_prefilter_sees_orm_words_and_project_names(tmp_path: Path):
    write_project(tmp_path, {"models.py": MODELS})
    ws = Workspace(tmp_path)
    ws.index()
    assert mentions_orm("from sqlalchemy import select\n")
    assert not mentions_orm("import os\nprint(os.getcwd())\n", ws.project)
    assert mentions_orm("def label(u):\n    return User\n", ws.project)


def test_corpus_index_facts():
    ws = Workspace(CORPUS, config=Config(select=("ORM000",)))
    assert ws.index() >= 50
    index = ws.project
    blog_user = index.models["n1.models_blog.User"]
    posts = blog_user.relationships["posts"]
    assert (posts.target_qualname, posts.direction, posts.back_populates) == \
        ("n1.models_blog.Post", "ONETOMANY", "author")
    tags = index.models["n1.models_blog.Post"].relationships["tags"]
    assert (tags.secondary, tags.direction) == ("post_tags", "MANYTOMANY")
    # Customer.orders exists only through backref="orders" on Order.customer
    orders = index.models["n1.models_shop.Customer"].relationships["orders"]
    assert orders.generated_from_backref and orders.target_qualname == "n1.models_shop.Order"
    assert index.models["n1.models_shop.Product"].columns["price"].python_type == \
        "decimal.Decimal"
    # the case module that imports the shared models script-style
    assert index.resolve_model("Post", "n1.c016_blog_bylines").qualname == "n1.models_blog.Post"
    # `Base.query = db_session.query_property()` gives every model a query attribute
    assert "query" in index.models["n1.c042_flask_order_owners.Order"].other_attributes
    lazy = index.models["n1.c057_guarded_rosters.Squad"].relationships["players"].lazy
    assert lazy == "raise_on_sql"
    event = index.models["typing.t054_new_year_events.Event"]
    assert (event.columns["starts_on"].sql_type, event.columns["starts_on"].python_type) == \
        ("Date", "datetime.date")
    # every case parses: no ORM000 anywhere in the corpus
    assert all(f.code != "ORM000" for fs in ws.check_all(jobs=1).values() for f in fs)


def test_rebuilds_reuse_unchanged_classes_and_follow_name_changes(tmp_path: Path):
    write_project(tmp_path, {
        "models.py": MODELS,
        "more.py": "from models import Base\nfrom sqlalchemy import Column, Integer\n"
                   "class Tag(Base):\n    __tablename__ = 'tags'\n"
                   "    id = Column(Integer, primary_key=True)\n",
    })
    ws = Workspace(tmp_path)
    ws.index()
    tag_before = ws.project.models["more.Tag"]
    ws.set_document(tmp_path / "models.py", MODELS + "    age = Column(Integer)\n")
    project = ws.project
    assert project.models["models.User"].columns["age"].python_type == "int"
    tag_after = project.models["more.Tag"]
    assert tag_after is not tag_before and tag_after.columns["id"].primary_key
    # a name that now means something else: `Integer` imported from elsewhere
    ws.set_document(tmp_path / "more.py", "from models import Base\nfrom sqlalchemy import Column\n"
                    "from mytypes import Integer\nclass Tag(Base):\n    __tablename__ = 'tags'\n"
                    "    id = Column(Integer, primary_key=True)\n")
    assert ws.project.models["more.Tag"].columns["id"].python_type is None
