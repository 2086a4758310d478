"""The imports' routes under /api/v1/ (mounted by relmap/api/urls.py)."""

from exchange.api import imports

# (prefix, view set, basename) for the router.
RESOURCES = [
    ("imports", imports.ImportViewSet, "import"),
]
