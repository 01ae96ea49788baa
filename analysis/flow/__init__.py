"""Flow inference: what the names of a module hold, as far as the N+1 rules need to know.

It follows query results (``session.scalars(select(User).options(...)).all()``, legacy
``session.query(User)...``, Flask ``User.query...``, ``session.get``, rows of
``select(User, Address)``), the loader options attached to them, the relationship collections and
objects reached from them, through assignments, branches, ``for``/``while`` loops,
comprehensions, ``async def`` with ``await``, nested functions, and calls of functions and
methods of the project (in this module or others) that receive such values.

What it records (:class:`analysis.flow.events.ModuleFlow`): every relationship read on an object
whose query it saw (with the loading strategy that applies, whether the object changes with every
row of a running loop, whether it came through an ``AsyncSession``), deferred column reads, and
statement executions inside loops.  The ORM1xx rules turn these into findings.

Example::

    from analysis.flow import module_flow
    flow = module_flow(ws.module("app/views.py"), ws.project)
    [r.rel.key for r in flow.relationship_reads if r.per_row and r.strategy == "select"]
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from analysis.flow.events import ColumnRead, ModuleFlow, QueryRun, RelationshipRead, Site
from analysis.flow.interpreter import Analyzer

if TYPE_CHECKING:
    from analysis.index.model import ProjectIndex
    from analysis.index.parse import ModuleInfo

log = logging.getLogger("ormlens")


def module_flow(module: "ModuleInfo", project: "ProjectIndex") -> ModuleFlow:
    """The flow facts of ``module`` within ``project`` (never raises for odd source).

    Example: ``module_flow(info, project).relationship_reads[0].rel.key`` -> ``"posts"``.
    """
    if module is None or project is None:
        raise TypeError("module_flow() needs a ModuleInfo and a ProjectIndex")
    return Analyzer(module, project).run()


__all__ = ["ColumnRead", "ModuleFlow", "QueryRun", "RelationshipRead", "Site", "module_flow"]
