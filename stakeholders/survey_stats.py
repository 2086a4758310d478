"""How the surveys fare: requests, answers and the response rate, per account and per
community. Survey figures flatter (the unhappy answer less often), so these counts are shown
beside every survey figure."""

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone


@dataclass(frozen=True)
class SurveyCounts:
    requested: int = 0
    answered: int = 0
    open: int = 0

    @property
    def response_rate(self) -> float | None:
        """% of requests answered, None before any was sent."""
        return 100 * self.answered / self.requested if self.requested else None


def _counts(now):
    return {
        "requested": Count("pk", distinct=True),
        "answered": Count("pk", filter=Q(answered_at__isnull=False), distinct=True),
        "open": Count("pk", filter=Q(answered_at__isnull=True, expires_at__gt=now), distinct=True),
    }


def survey_counts(requests: QuerySet, *, now=None) -> SurveyCounts:
    """The counts over `requests` (already scoped to what the reader may see): one query."""
    return SurveyCounts(**requests.aggregate(**_counts(now or timezone.now())))


def survey_counts_by_community(
    requests: QuerySet, *, now=None
) -> list[tuple[str, int, SurveyCounts]]:
    """(community name, id, counts) for every community with a request at one of its
    accounts, by name: one query."""
    rows = (
        requests.filter(account__organisation__communities__isnull=False)
        .values(
            community_id=F("account__organisation__communities__id"),
            community_name=F("account__organisation__communities__name"),
        )
        .annotate(**_counts(now or timezone.now()))
        .order_by("community_name", "community_id")
    )
    return [
        (
            row["community_name"],
            row["community_id"],
            SurveyCounts(row["requested"], row["answered"], row["open"]),
        )
        for row in rows
    ]
