"""Relationship directions from foreign keys, and the relationships ``backref`` creates.

Not the builder's traversal, only the two cross-model facts it computes last: the facts about a
relationship's foreign keys that :func:`analysis.relationship_direction.relationship_direction`
turns into its direction (``ONETOMANY`` / ``MANYTOONE``; ``MANYTOMANY`` with ``secondary``) --
which tables reference which, ``foreign_keys=`` / ``primaryjoin=`` / ``remote_side=`` as written
-- and the opposite side a ``backref="name"`` adds to the target class.

Example::

    rel.direction = direction(index, user_model, user_model.relationships["posts"])  # ONETOMANY
    make_backref(index, post_model, post_model.relationships["author"])  # adds User.posts
"""
from __future__ import annotations

import re
from typing import Iterable, Optional

from analysis.index.model import ColumnInfo, ModelInfo, ProjectIndex, RelationshipInfo
from analysis.relationship_direction import (
    BOTH,
    FOREIGN,
    OWNER,
    REFERENCED,
    TARGET,
    is_collection,
    opposite,
    relationship_direction,
)


def direction(index: ProjectIndex, model: ModelInfo, rel: RelationshipInfo) -> Optional[str]:
    """``"ONETOMANY"``, ``"MANYTOONE"``, ``"MANYTOMANY"`` or None (cannot be told)."""
    if rel.secondary:
        return relationship_direction(secondary=True)
    target = index.models.get(rel.target_qualname or "")
    if target is None:
        return None
    own_tables = {m.tablename for m in model.ancestors() if m.tablename}
    target_tables = {m.tablename for m in target.ancestors() if m.tablename}
    to_target = [c for c in model.all_columns().values() if _refers(c, target_tables)]
    from_target = [c for c in target.all_columns().values() if _refers(c, own_tables)]
    self_referential = model.qualname == target.qualname or bool(own_tables & target_tables)
    return relationship_direction(
        self_referential=self_referential,
        remote_side=_remote_side(model, rel, to_target) if self_referential else None,
        fks_to_target=bool(to_target), fks_from_target=bool(from_target),
        foreign_side=_foreign_side(model, target, rel, to_target, from_target))


def _mentions(text: str, columns: Iterable[ColumnInfo], owner: ModelInfo, bare: bool) -> bool:
    """Whether ``text`` names one of ``columns`` of ``owner`` (``Owner.key``; ``key`` alone too
    when ``bare``: a name of the class body the relationship is declared in)."""
    for column in columns:
        if re.search(rf"\b{re.escape(owner.name)}\.{re.escape(column.key)}\b", text):
            return True
        if bare and re.search(rf"(?<![.\w]){re.escape(column.key)}\b", text):
            return True
    return False


_FOREIGN_CALL = re.compile(r"\bforeign\(([^()]*)\)")
_REMOTE_CALL = re.compile(r"\bremote\(([^()]*(?:\([^()]*\))?[^()]*)\)")


def _foreign_side(model: ModelInfo, target: ModelInfo, rel: RelationshipInfo,
                  to_target: list, from_target: list) -> Optional[str]:
    """Where ``foreign_keys=`` (any columns it names) or ``primaryjoin=`` (the columns wrapped in
    ``foreign()``, else the foreign key columns it compares) put the foreign columns."""
    candidates = []
    if rel.foreign_keys_text:
        candidates.append((rel.foreign_keys_text, list(model.all_columns().values()),
                           list(target.all_columns().values()), True))
    if rel.primaryjoin_text:
        wrapped = " ".join(_FOREIGN_CALL.findall(rel.primaryjoin_text))
        if wrapped:
            candidates.append((wrapped, list(model.all_columns().values()),
                               list(target.all_columns().values()), False))
        else:
            candidates.append((rel.primaryjoin_text, to_target, from_target, False))
    for text, mine_columns, their_columns, bare in candidates:
        mine = _mentions(text, mine_columns, model, bare)
        theirs = _mentions(text, their_columns, target, False)
        if mine or theirs:
            return BOTH if mine and theirs else OWNER if mine else TARGET
    return None


def _remote_side(model: ModelInfo, rel: RelationshipInfo, foreign: list) -> Optional[str]:
    """What a self-referential relationship's ``remote_side=`` (or the ``remote()`` of its
    ``primaryjoin=``) names: its foreign key columns, or others (the referenced key)."""
    text = rel.remote_side_text
    if not text and rel.primaryjoin_text:
        text = " ".join(_REMOTE_CALL.findall(rel.primaryjoin_text)) or None
    if not text:
        return None
    return FOREIGN if _mentions(text, foreign, model, True) else REFERENCED


def make_backref(index: ProjectIndex, model: ModelInfo, rel: RelationshipInfo) -> None:
    """Add to ``rel``'s target the relationship its ``backref`` names (unless it exists)."""
    target = index.models.get(rel.target_qualname or "")
    if target is None or not rel.backref or target.attribute(rel.backref) is not None:
        return
    reverse = opposite(rel.direction)
    uselist = is_collection(reverse, rel.backref_uselist)
    target.relationships[rel.backref] = RelationshipInfo(
        key=rel.backref, target=model.name, target_qualname=model.qualname,
        back_populates=rel.key, secondary=rel.secondary, uselist=uselist,
        lazy=rel.backref_lazy or "select", direction=reverse, generated_from_backref=True,
        range=rel.range, path=rel.path, owner=target.qualname)


def _refers(column: ColumnInfo, tables: set) -> bool:
    for fk in column.foreign_keys:
        table = fk.rsplit(".", 1)[0]
        if table in tables or table.rsplit(".", 1)[-1] in tables:
            return True
    return False


__all__ = ["direction", "make_backref"]
