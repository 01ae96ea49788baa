"""Relationship directions from foreign keys, and the relationships ``backref`` creates.

Not the builder's traversal, only the two cross-model facts it computes last: which side holds
the foreign key (``ONETOMANY`` / ``MANYTOONE``; ``MANYTOMANY`` with ``secondary``), reading
``foreign_keys=`` / ``primaryjoin=`` when keys run both ways, and the opposite side a
``backref="name"`` adds to the target class.

Example::

    rel.direction = direction(index, user_model, user_model.relationships["posts"])  # ONETOMANY
    make_backref(index, post_model, post_model.relationships["author"])  # adds User.posts
"""
from __future__ import annotations

import re
from typing import Optional

from analysis.index.model import ColumnInfo, ModelInfo, ProjectIndex, RelationshipInfo


def direction(index: ProjectIndex, model: ModelInfo, rel: RelationshipInfo) -> Optional[str]:
    """``"ONETOMANY"``, ``"MANYTOONE"``, ``"MANYTOMANY"`` or None (cannot be told)."""
    if rel.secondary:
        return "MANYTOMANY"
    target = index.models.get(rel.target_qualname or "")
    if target is None:
        return None
    own_tables = {m.tablename for m in model.ancestors() if m.tablename}
    target_tables = {m.tablename for m in target.ancestors() if m.tablename}
    to_target = [c for c in model.all_columns().values() if _refers(c, target_tables)]
    from_target = [c for c in target.all_columns().values() if _refers(c, own_tables)]
    if model.qualname == target.qualname or own_tables & target_tables:
        return "MANYTOONE" if rel.remote_side_text else "ONETOMANY"
    if to_target and not from_target:
        return "MANYTOONE"
    if from_target and not to_target:
        return "ONETOMANY"
    if to_target and from_target:
        return _direction_from_hints(model, target, rel, to_target, from_target)
    return None


def _direction_from_hints(model: ModelInfo, target: ModelInfo, rel: RelationshipInfo,
                          to_target: list, from_target: list) -> Optional[str]:
    """Foreign keys both ways: ``foreign_keys=`` or ``primaryjoin=`` says which one is used."""
    def mentions(text: str, columns: list, owner: ModelInfo, bare: bool) -> bool:
        for column in columns:
            if re.search(rf"\b{re.escape(owner.name)}\.{re.escape(column.key)}\b", text):
                return True
            if bare and re.search(rf"(?<![.\w]){re.escape(column.key)}\b", text):
                return True
        return False

    for text, bare in ((rel.foreign_keys_text, True), (rel.primaryjoin_text, False)):
        if not text:
            continue
        mine = mentions(text, to_target, model, bare)
        theirs = mentions(text, from_target, target, bare)
        if mine and not theirs:
            return "MANYTOONE"
        if theirs and not mine:
            return "ONETOMANY"
    return None


def make_backref(index: ProjectIndex, model: ModelInfo, rel: RelationshipInfo) -> None:
    """Add to ``rel``'s target the relationship its ``backref`` names (unless it exists)."""
    target = index.models.get(rel.target_qualname or "")
    if target is None or not rel.backref or target.attribute(rel.backref) is not None:
        return
    opposite = {"ONETOMANY": "MANYTOONE", "MANYTOONE": "ONETOMANY",
                "MANYTOMANY": "MANYTOMANY"}.get(rel.direction or "")
    uselist = rel.backref_uselist
    if uselist is None and opposite is not None:
        uselist = opposite != "MANYTOONE"
    target.relationships[rel.backref] = RelationshipInfo(
        key=rel.backref, target=model.name, target_qualname=model.qualname,
        back_populates=rel.key, secondary=rel.secondary, uselist=uselist,
        lazy=rel.backref_lazy or "select", direction=opposite, generated_from_backref=True,
        range=rel.range, path=rel.path, owner=target.qualname)


def _refers(column: ColumnInfo, tables: set) -> bool:
    for fk in column.foreign_keys:
        table = fk.rsplit(".", 1)[0]
        if table in tables or table.rsplit(".", 1)[-1] in tables:
            return True
    return False


__all__ = ["direction", "make_backref"]
