"""How many rows a list has, without an exact COUNT(*) over a big table on every page.

Up to EXACT_UP_TO rows are counted exactly: counting stops there (a COUNT over a LIMITed
subquery), which costs little. Past it, PostgreSQL's planner estimates the number from its
statistics, in the time it takes to plan the query; the answer says it is an estimate. Other
databases (SQLite, for trials) count exactly.
"""

import json

from django.db import connections

EXACT_UP_TO = 10_000


def _planner_estimate(queryset) -> int:
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def count(queryset) -> tuple[int, bool]:
    """(number of rows, whether it is an estimate)."""
    narrow = queryset.order_by().values("pk")
    if connections[queryset.db].vendor != "postgresql":
        return narrow.count(), False
    bounded = narrow[: EXACT_UP_TO + 1].count()
    if bounded <= EXACT_UP_TO:
        return bounded, False
    # The estimate can be below what was just seen: never say fewer than that.
    return max(_planner_estimate(narrow), bounded), True
