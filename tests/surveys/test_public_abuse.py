"""The public pages against abuse: a budget of requests per address shared through the cache,
the honeypot, bounded plain text, and random form data that never gives a 5xx nor stores
anything unless it is a valid answer."""

from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from stakeholders.models import Assessment, AssessmentRequest
from stakeholders.survey_forms import SurveyForm

pytestmark = pytest.mark.django_db

VALID = {
    "trust": "4",
    "openness": "4",
    "transparency": "4",
    "appropriateness": "4",
    "longevity": "4",
}


def test_one_address_gets_a_429_when_its_budget_is_spent_and_another_does_not(ceo, ask, settings):
    settings.RELMAP_PUBLIC_RATE_LIMIT = "3/hour"
    _, path = ask(ceo)
    greedy = Client(REMOTE_ADDR="203.0.113.9")
    assert [greedy.get(path).status_code for _ in range(3)] == [200, 200, 200]
    refused = greedy.post(path, VALID)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "Too many requests" in refused.content.decode()
    assert Assessment.objects.get().assessed_at is None
    # Guessing other links from the same address is refused too.
    assert greedy.get("/survey/" + "b" * 64 + "/").status_code == 429
    assert Client(REMOTE_ADDR="198.51.100.7").post(path, VALID).status_code == 200


def test_the_count_lives_in_the_shared_cache(ceo, ask, settings):
    settings.RELMAP_PUBLIC_RATE_LIMIT = "2/hour"
    _, path = ask(ceo)
    client = Client(REMOTE_ADDR="203.0.113.10")
    client.get(path)
    client.get(path)
    # Another app server sees the same cache: the budget is spent there too.
    assert any(key for key in cache._cache if ":relmap:public:survey:" in key)
    assert Client(REMOTE_ADDR="203.0.113.10").get(path).status_code == 429


def test_behind_the_proxy_the_address_is_the_forwarded_one(ceo, ask, settings):
    settings.RELMAP_PUBLIC_RATE_LIMIT = "1/hour"
    settings.TRUST_X_FORWARDED_FOR = True
    _, path = ask(ceo)
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    assert Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.1").get(path).status_code == 200
    assert Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.2").get(path).status_code == 200
    assert Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.1").get(path).status_code == 429


def test_a_filled_honeypot_stores_nothing(ceo, ask):
    _, path = ask(ceo)
    response = Client().post(path, {**VALID, "website": "http://spam.example"})
    assert response.status_code == 400
    assert AssessmentRequest.objects.get().answered_at is None


def test_the_honeypot_is_hidden_from_people_but_not_from_robots(ceo, ask):
    _, path = ask(ceo)
    page = Client().get(path).content.decode()
    assert '<div class="hp" aria-hidden="true">' in page and 'tabindex="-1"' in page


def test_a_comment_is_kept_as_plain_text(ceo, ask):
    request, path = ask(ceo)
    markup = '<script>alert(1)</script><b onclick="x()">bold</b>'
    assert Client().post(path, {**VALID, "comment": markup}).status_code == 200
    assert Assessment.objects.get(pk=request.assessment_id).comment == markup


FIELDS = [*SurveyForm.base_fields]
junk = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["", "0", "1", "5", "6", "10", "11", "-1", "1e3", "loyalty", "\x00", "٣"]),
)


@hypothesis_settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.dictionaries(st.sampled_from([*FIELDS, "extra"]), junk, max_size=12))
def test_random_form_data_never_fails_and_stores_only_a_valid_answer(ceo, ask, data):
    cache.clear()
    AssessmentRequest.objects.all().delete()
    Assessment.objects.all().delete()
    _, path = ask(ceo)
    response = Client().post(path, data)
    assert response.status_code in (200, 400)
    answered = AssessmentRequest.objects.get().answered_at is not None
    assert answered == (response.status_code == 200)
    if answered:
        assert SurveyForm(data).is_valid()
    # Random paths under the public page never fail either.
    token = quote(data.get("comment", "") or "x", safe="")
    assert Client().get(f"/survey/{token}/").status_code == 404
