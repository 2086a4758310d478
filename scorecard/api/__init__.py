"""REST API v1 of the scorecard: the scorecard itself and its measures (routed in
`scorecard/api/urls.py`)."""
