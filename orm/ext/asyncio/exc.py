"""Errors of the asyncio extension (``orm.ext.asyncio.exc``, as ``sqlalchemy.ext.asyncio.exc``).

Example::

    from orm.ext.asyncio.exc import AsyncMethodRequired
"""
from __future__ import annotations

from orm.exc import InvalidRequestError

__all__ = ["AsyncMethodRequired", "AsyncContextNotStarted", "AsyncContextAlreadyStarted"]


class AsyncMethodRequired(InvalidRequestError):
    """A synchronous-result method was used where only an async one can work, e.g.
    ``AsyncConnection.execute()`` with ``stream_results``: use ``stream()``."""


class AsyncContextNotStarted(InvalidRequestError):
    """An async context object was used before ``await`` / ``async with`` started it."""


class AsyncContextAlreadyStarted(InvalidRequestError):
    """An async context object was started twice."""
