"""analysis.relationship_direction: the one decision of a relationship's direction.

Three views of the same cases: the pure function on plain facts (a table), the checker's index on
source text, and real SQLAlchemy mappings of that source (the reference the rules follow).
"""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from analysis.relationship_direction import (
    BOTH,
    FOREIGN,
    MANYTOMANY,
    MANYTOONE,
    ONETOMANY,
    OWNER,
    REFERENCED,
    TARGET,
    is_collection,
    opposite,
    relationship_direction,
)

from analysis.workspace import Workspace

# (facts, direction)
TABLE = [
    ({}, None),
    ({"secondary": True}, MANYTOMANY),
    ({"secondary": True, "fks_to_target": True}, MANYTOMANY),
    ({"fks_from_target": True}, ONETOMANY),
    ({"fks_to_target": True}, MANYTOONE),
    ({"fks_to_target": True, "fks_from_target": None}, None),    # the other side unknown
    ({"fks_to_target": None, "fks_from_target": True}, None),
    ({"fks_to_target": True, "fks_from_target": True}, None),    # ambiguous: SQLAlchemy raises
    ({"fks_to_target": True, "fks_from_target": True, "remote_side": REFERENCED}, None),
    ({"fks_to_target": True, "fks_from_target": True, "foreign_side": TARGET}, ONETOMANY),
    ({"fks_to_target": True, "fks_from_target": True, "foreign_side": OWNER}, MANYTOONE),
    ({"fks_to_target": True, "fks_from_target": True, "foreign_side": BOTH}, None),
    ({"foreign_side": TARGET}, ONETOMANY),                       # primaryjoin without constraints
    ({"fks_from_target": True, "foreign_side": TARGET}, ONETOMANY),
    # remote_side outside a self-reference does not change the direction
    ({"fks_from_target": True, "remote_side": REFERENCED}, ONETOMANY),
    ({"fks_to_target": True, "remote_side": REFERENCED}, MANYTOONE),
    # self-referential: remote_side decides, foreign_keys does not
    ({"self_referential": True}, ONETOMANY),
    ({"self_referential": True, "remote_side": REFERENCED}, MANYTOONE),
    ({"self_referential": True, "remote_side": FOREIGN}, ONETOMANY),
    ({"self_referential": True, "foreign_side": OWNER}, ONETOMANY),
    ({"self_referential": True, "foreign_side": OWNER, "remote_side": REFERENCED}, MANYTOONE),
    ({"self_referential": True, "secondary": True}, MANYTOMANY),
]


@pytest.mark.parametrize(("facts", "expected"), TABLE, ids=[str(f) for f, _ in TABLE])
def test_direction_table(facts: dict, expected: str) -> None:
    assert relationship_direction(**facts) == expected


def test_uselist_and_opposite() -> None:
    assert [is_collection(d, None) for d in (ONETOMANY, MANYTOONE, MANYTOMANY, None)] == \
        [True, False, True, None]
    assert is_collection(ONETOMANY, False) is False
    assert is_collection(None, True) is True
    assert [opposite(d) for d in (ONETOMANY, MANYTOONE, MANYTOMANY, None)] == \
        [MANYTOONE, ONETOMANY, MANYTOMANY, None]


# -- source cases: SQLAlchemy's answer and the index's ------------------------------------------

HEADER = "from sqlalchemy import Column, ForeignKey, Integer, Table\n" \
         "from sqlalchemy.orm import declarative_base, foreign, relationship, remote\n\n" \
         "Base = declarative_base()\n"

# name -> (classes, {"Class.attr": direction})
CASES = {
    "one_to_many_and_back": ("""
        class U(Base):
            __tablename__ = "u"
            id = Column(Integer, primary_key=True)
            posts = relationship("P")
        class P(Base):
            __tablename__ = "p"
            id = Column(Integer, primary_key=True)
            uid = Column(ForeignKey("u.id"))
            user = relationship("U")
        """, {"U.posts": ONETOMANY, "P.user": MANYTOONE}),
    "remote_side_outside_self_reference": ("""
        class U(Base):
            __tablename__ = "u"
            id = Column(Integer, primary_key=True)
            posts = relationship("P", remote_side="P.uid")
        class P(Base):
            __tablename__ = "p"
            id = Column(Integer, primary_key=True)
            uid = Column(ForeignKey("u.id"))
            user = relationship("U", remote_side="U.id")
        """, {"U.posts": ONETOMANY, "P.user": MANYTOONE}),
    "self_reference": ("""
        class N(Base):
            __tablename__ = "n"
            id = Column(Integer, primary_key=True)
            parent_id = Column(ForeignKey("n.id"))
            children = relationship("N")
            parent = relationship("N", remote_side=[id])
            kids = relationship("N", remote_side=[parent_id])
            by_fk = relationship("N", foreign_keys=[parent_id])
            up_by_fk = relationship("N", foreign_keys=[parent_id], remote_side=[id])
            up_by_join = relationship("N", primaryjoin=remote(id) == foreign(parent_id))
        """, {"N.children": ONETOMANY, "N.parent": MANYTOONE, "N.kids": ONETOMANY,
              "N.by_fk": ONETOMANY, "N.up_by_fk": MANYTOONE, "N.up_by_join": MANYTOONE}),
    "keys_both_ways_with_hints": ("""
        class U(Base):
            __tablename__ = "u"
            id = Column(Integer, primary_key=True)
            best_id = Column(ForeignKey("p.id"))
            posts = relationship("P", foreign_keys="P.uid")
            best = relationship("P", foreign_keys=[best_id])
            best_by_join = relationship("P", primaryjoin="U.best_id == P.id")
        class P(Base):
            __tablename__ = "p"
            id = Column(Integer, primary_key=True)
            uid = Column(ForeignKey("u.id"))
        """, {"U.posts": ONETOMANY, "U.best": MANYTOONE, "U.best_by_join": MANYTOONE}),
    "foreign_annotation_without_constraint": ("""
        class U(Base):
            __tablename__ = "u"
            id = Column(Integer, primary_key=True)
            posts = relationship("P", primaryjoin="U.id == foreign(P.uid)")
            listed = relationship("P", primaryjoin="U.id == P.uid", foreign_keys="P.uid")
        class P(Base):
            __tablename__ = "p"
            id = Column(Integer, primary_key=True)
            uid = Column(Integer)
        """, {"U.posts": ONETOMANY, "U.listed": ONETOMANY}),
    "many_to_many": ("""
        links = Table("links", Base.metadata, Column("a", ForeignKey("u.id")),
                      Column("b", ForeignKey("g.id")))
        class U(Base):
            __tablename__ = "u"
            id = Column(Integer, primary_key=True)
            groups = relationship("G", secondary=links)
        class G(Base):
            __tablename__ = "g"
            id = Column(Integer, primary_key=True)
        """, {"U.groups": MANYTOMANY}),
    "joined_subclass_to_its_base": ("""
        class E(Base):
            __tablename__ = "e"
            id = Column(Integer, primary_key=True)
            boss_id = Column(ForeignKey("e.id"))
            kind = Column(Integer)
            __mapper_args__ = {"polymorphic_on": kind, "polymorphic_identity": 1}
        class M(E):
            __tablename__ = "m"
            id = Column(ForeignKey("e.id"), primary_key=True)
            __mapper_args__ = {"polymorphic_identity": 2}
            reports = relationship(E, foreign_keys=[E.boss_id])
        """, {"M.reports": ONETOMANY}),
}


def _source(name: str) -> str:
    return HEADER + textwrap.dedent(CASES[name][0])


@pytest.mark.filterwarnings("ignore:relationship '.*' will copy column")  # overlapping on purpose
@pytest.mark.parametrize("name", sorted(CASES))
def test_sqlalchemy_agrees(name: str) -> None:
    """The expectations are SQLAlchemy's own (a mapping configured in its own registry)."""
    pytest.importorskip("sqlalchemy")
    namespace: dict = {}
    exec(compile(_source(name), f"<{name}>", "exec"), namespace)
    registry = namespace["Base"].registry
    try:
        registry.configure()
        for attr, expected in CASES[name][1].items():
            cls, key = attr.split(".")
            assert getattr(namespace[cls], key).property.direction.name == expected, attr
    finally:
        registry.dispose()


@pytest.mark.parametrize("name", sorted(CASES))
def test_index_agrees(name: str, tmp_path: Path) -> None:
    (tmp_path / "models.py").write_text(_source(name), encoding="utf-8")
    workspace = Workspace(tmp_path)
    workspace.index()
    project = workspace.project
    found = {attr: project.models[f"models.{attr.split('.')[0]}"].attribute(attr.split(".")[1]).direction
             for attr in CASES[name][1]}
    assert found == CASES[name][1]
