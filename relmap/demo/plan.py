"""What one demo run creates, kept in memory so later steps build on earlier ones."""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from stakeholders.models import Unit

DEMO_PASSWORD = "demo"
MARKER_EXTERNAL_ID = "demo:org:northwind"
HISTORY_DAYS = 548  # 18 months
HISTORY_MONTHS = 19  # every month the history touches, the current one included
BATCH = 5000


@dataclass
class Plan:
    """What one run creates, kept in memory so relationships can be folded in one pass."""

    rng: random.Random
    now: datetime
    scale: float
    staff: dict[str, object] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)


def day(plan: Plan, days_ago: int) -> date:
    return (plan.now - timedelta(days=days_ago)).date()
