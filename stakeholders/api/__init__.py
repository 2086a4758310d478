"""REST API v1 for stakeholders: one module per resource (routed in `stakeholders/api/urls.py`).

Serializers validate the shape of a request and hand it to `stakeholders.services`; every
queryset starts from `visible_to(request.user)` so that what a user may not see is a 404 here
and a "does not exist" where it is referred to by id.
"""
