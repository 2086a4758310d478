"""REST API v1 for interventions, interactions, commitments and issues: one module per resource
(routed in `interventions/api/urls.py`).

Writing goes through `interventions.services`, which check the picket fence (403) and the rules
of each workflow; what a user may not see is a 404 and, referred to by id, "does not exist".
"""
