"""The interventions' routes under /api/v1/ (mounted by relmap/api/urls.py)."""

from interventions.api import commitments, interactions, interventions, issues

# (prefix, view set, basename) for the router.
RESOURCES = [
    ("interventions", interventions.InterventionViewSet, "intervention"),
    ("interactions", interactions.InteractionViewSet, "interaction"),
    ("commitments", commitments.CommitmentViewSet, "commitment"),
    ("issues", issues.IssueViewSet, "issue"),
]
