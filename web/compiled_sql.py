"""A query that every request runs, compiled once per database connection (issue 21, ADR 0033).

The memberships (access.memberships) and the bell's count (notifications.selectors) differ
between people only by the user id, and the ORM spent more CPU building and compiling them than
PostgreSQL spent running them. Each is compiled once per connection for ``STAND_IN_ID``; a
request puts its person's id in that parameter's place and runs the same SQL. Nothing of the
result is kept: every access decision still reads the database on every request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from django.db import DEFAULT_DB_ALIAS, connections, router

#: Never a primary key (and in an integer column's range): found again among the parameters.
STAND_IN_ID = -1_987_654_321

Plan = TypeVar("Plan")


def stand_in_position(params) -> int:
    """Where ``STAND_IN_ID`` is among a compiled query's parameters (exactly once)."""
    (position,) = [i for i, p in enumerate(params) if p == STAND_IN_ID and type(p) is int]
    return position


def bound(params: tuple, position: int, value: Any) -> list:
    """The parameters with ``value`` in the stand-in's place."""
    out = list(params)
    out[position] = value
    return out


class PerConnection:
    """The compiled form of one query, per database connection (one per thread), for ``model``'s
    read database (the replica router decides, as for the ORM)."""

    def __init__(self, model, compile: Callable[[str, Any], Any]):
        self.model, self.compile = model, compile
        self._plans: WeakKeyDictionary = WeakKeyDictionary()

    def get(self) -> tuple[Any, Any]:
        """(connection, plan) for this request's connection."""
        db = router.db_for_read(self.model) or DEFAULT_DB_ALIAS
        connection = connections[db]
        plan = self._plans.get(connection)
        if plan is None:
            plan = self._plans[connection] = self.compile(db, connection)
        return connection, plan
