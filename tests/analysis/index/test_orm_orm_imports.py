"""Models written against ``orm.orm`` (the sqlalchemy.orm mirror) are understood exactly as the
same code importing ``sqlalchemy.orm``: the checker canonicalises ``orm.orm.X`` to ``orm.X``."""
from __future__ import annotations

import pytest
from index_helpers import index_project

from analysis.index.names import canonical

MODELS = """
    {imports}

    class Base(DeclarativeBase):
        pass

    class User(Base):
        __tablename__ = "users"
        id: Mapped[int] = mapped_column(primary_key=True)
        name: Mapped[str] = mapped_column(String(40))
        posts: Mapped[list["Post"]] = relationship(back_populates="author", lazy="selectin")

    class Post(Base):
        __tablename__ = "posts"
        id: Mapped[int] = mapped_column(primary_key=True)
        author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
        author: Mapped["User"] = {rel}(back_populates="posts")
"""

FLAVOURS = {
    "sqlalchemy": ("from sqlalchemy import ForeignKey, String\n"
                   "    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship", "relationship"),
    "orm.orm": ("from orm import ForeignKey, String\n"
                "    from orm.orm import DeclarativeBase, Mapped, mapped_column, relationship", "relationship"),
    "import orm as sa": ("import orm as sa\n"
                         "    from orm import ForeignKey, String\n"
                         "    from orm.orm import DeclarativeBase, Mapped, mapped_column, relationship",
                         "sa.orm.relationship"),
}


def _summary(index):
    out = {}
    for qual in ("shop.User", "shop.Post"):
        m = index.models[qual]
        out[qual] = (
            m.tablename,
            sorted((c.key, c.python_type, c.nullable, tuple(c.foreign_keys)) for c in m.columns.values()),
            sorted((r.key, r.target_qualname, r.direction, r.uselist, r.back_populates)
                   for r in m.relationships.values()),
        )
    return out


def test_canonical_names_of_the_mirror():
    assert canonical("orm.orm.relationship") == "orm.relationship"
    assert canonical("orm.orm.attributes.flag_modified") == "orm.flag_modified"
    assert canonical("orm.orm.session.Session") == "orm.Session"


@pytest.mark.parametrize("flavour", ["orm.orm", "import orm as sa"])
def test_orm_orm_models_match_sqlalchemy_orm_models(tmp_path, flavour):
    imports, rel = FLAVOURS["sqlalchemy"]
    expected = _summary(index_project(tmp_path / "sa", {"shop.py": MODELS.format(imports=imports, rel=rel)}))
    imports, rel = FLAVOURS[flavour]
    got = _summary(index_project(tmp_path / "o", {"shop.py": MODELS.format(imports=imports, rel=rel)}))
    assert got == expected
    # and the model is real: the relationship pair resolved both ways
    assert ("posts", "shop.Post", "ONETOMANY", True, "author") in got["shop.User"][2]
