"""The feedback channel against abuse: the budget per address, and random form data that never
gives a 5xx and stores a report only when the form is valid."""

from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from interventions.feedback_forms import FeedbackForm
from interventions.models import Issue

pytestmark = pytest.mark.django_db

VALID = {"category": "service", "description": "The call centre hung up on me."}


def test_one_address_gets_a_429_when_its_budget_is_spent(settings):
    settings.RELMAP_PUBLIC_RATE_LIMIT = "2/hour"
    greedy = Client(REMOTE_ADDR="203.0.113.9")
    assert greedy.post("/feedback/", VALID).status_code == 201
    assert greedy.get("/feedback/").status_code == 200
    refused = greedy.post("/feedback/", VALID)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    # Guessing follow-up links counts against the same budget.
    assert greedy.get("/feedback/FB-2222-2222/secret/").status_code == 429
    assert Issue.objects.count() == 1
    assert Client(REMOTE_ADDR="198.51.100.7").post("/feedback/", VALID).status_code == 201


FIELDS = [*FeedbackForm.base_fields]
junk = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["", "service", "late_delivery", "a@b.example", "\x00", "<b>x</b>", "٣"]),
)


@hypothesis_settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.dictionaries(st.sampled_from([*FIELDS, "extra"]), junk, max_size=10))
def test_random_form_data_never_fails_and_stores_only_a_valid_report(data):
    cache.clear()
    Issue.objects.all().delete()
    response = Client().post("/feedback/", data)
    assert response.status_code in (201, 400)
    assert Issue.objects.exists() == (response.status_code == 201)
    if response.status_code == 201:
        assert FeedbackForm(data).is_valid()
    text = quote(data.get("description", "") or "x", safe="")
    assert Client().get(f"/feedback/{text}/{text}/").status_code == 404
