"""Which way a relationship points, decided once from plain facts.

SQLAlchemy gives every relationship a direction: ``MANYTOMANY`` with ``secondary=``, else
``MANYTOONE`` when the foreign key columns of its join are on the class that declares it (the
attribute holds one object or None) and ``ONETOMANY`` when they are on the target (a
collection).  The checker's index (libcst facts) and the mypy plugin (mypy's class metadata)
gather the facts from their own worlds; this module alone turns them into the direction, the
default ``uselist`` and the direction of a ``backref``.

The rules follow SQLAlchemy 2.0's ``JoinCondition`` (checked against real mappings in
tests/analysis/test_relationship_direction.py):

- self-referential (the two classes share a table: the same class, or classes of one inheritance
  hierarchy): every foreign column is on both sides, so ``remote_side`` decides -- none given, or
  naming the foreign key columns, is ``ONETOMANY`` (the children); naming other columns (the
  usual ``remote_side=[id]``) is ``MANYTOONE`` (the parent).  ``foreign_keys=`` changes nothing.
- otherwise ``foreign_keys=`` (or the foreign columns a ``primaryjoin=`` compares) say which side
  the foreign columns are on; both sides at once is ambiguous (SQLAlchemy refuses it).
- otherwise the foreign key constraints between the two tables: keys one way only give the
  direction; keys both ways are ambiguous without a hint (SQLAlchemy raises
  AmbiguousForeignKeysError).  ``remote_side`` outside a self-reference never changes the
  direction.

Example::

    relationship_direction(fks_from_target=True)                      # "ONETOMANY"  (User.posts)
    relationship_direction(fks_to_target=True)                        # "MANYTOONE"  (Post.author)
    relationship_direction(self_referential=True, remote_side=REFERENCED)   # "MANYTOONE" (parent)
    relationship_direction(fks_to_target=True, fks_from_target=True,
                           foreign_side=TARGET)                       # "ONETOMANY"
    is_collection(MANYTOONE, None)                                    # False
    opposite(ONETOMANY)                                               # "MANYTOONE"
"""
from __future__ import annotations

from typing import Optional

ONETOMANY, MANYTOONE, MANYTOMANY = "ONETOMANY", "MANYTOONE", "MANYTOMANY"

# where foreign columns are (the ``foreign_side`` hint): the declaring class, the target, both
OWNER, TARGET, BOTH = "owner", "target", "both"

# what ``remote_side=`` names: the foreign key columns, or other columns (the referenced key;
# also the answer when it is given but cannot be read)
FOREIGN, REFERENCED = "foreign", "referenced"

_OPPOSITE = {ONETOMANY: MANYTOONE, MANYTOONE: ONETOMANY, MANYTOMANY: MANYTOMANY}


def relationship_direction(*, secondary: bool = False, self_referential: bool = False,
                           remote_side: Optional[str] = None,
                           fks_to_target: Optional[bool] = False,
                           fks_from_target: Optional[bool] = False,
                           foreign_side: Optional[str] = None) -> Optional[str]:
    """``"ONETOMANY"``, ``"MANYTOONE"``, ``"MANYTOMANY"``, or None when it cannot be told.

    - ``secondary``: ``secondary=`` is given.
    - ``self_referential``: the declaring class and the target share a table.
    - ``remote_side``: None when not given, ``FOREIGN`` when it names the foreign key columns,
      ``REFERENCED`` otherwise (the referenced columns, or not readable).
    - ``fks_to_target`` / ``fks_from_target``: whether the declaring class's table has a foreign
      key to the target's table / the target's to the declaring one (None: not known, e.g. a
      foreign key whose target could not be resolved).
    - ``foreign_side``: where ``foreign_keys=`` / ``primaryjoin=`` put the foreign columns:
      ``OWNER``, ``TARGET``, ``BOTH``, or None (not given, or not readable).

    Example: ``relationship_direction(fks_from_target=True, fks_to_target=False)`` ->
    ``"ONETOMANY"``.
    """
    if secondary:
        return MANYTOMANY
    if self_referential:
        return ONETOMANY if remote_side in (None, FOREIGN) else MANYTOONE
    if foreign_side == OWNER:
        return MANYTOONE
    if foreign_side == TARGET:
        return ONETOMANY
    if foreign_side == BOTH:
        return None
    if fks_to_target and fks_from_target is False:
        return MANYTOONE
    if fks_from_target and fks_to_target is False:
        return ONETOMANY
    return None


def is_collection(direction: Optional[str], uselist: Optional[bool]) -> Optional[bool]:
    """Whether the attribute holds a collection: ``uselist=`` when given, else every direction
    but ``MANYTOONE``; None when neither is known."""
    if uselist is not None:
        return uselist
    if direction is None:
        return None
    return direction != MANYTOONE


def opposite(direction: Optional[str]) -> Optional[str]:
    """The direction of the other end (a ``backref``): ``ONETOMANY`` <-> ``MANYTOONE``."""
    return _OPPOSITE.get(direction or "")


__all__ = ["BOTH", "FOREIGN", "MANYTOMANY", "MANYTOONE", "ONETOMANY", "OWNER", "REFERENCED",
           "TARGET", "is_collection", "opposite", "relationship_direction"]
