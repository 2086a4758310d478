"""Keyset pagination: `next` and `previous` walk every row once, in order, whatever the ties,
NULLs and sort directions; cursors are opaque and refused when tampered with; `?page=` still
works; `count` says when it is an estimate."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import F
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stakeholders.models import Assessment, Contact, Organisation, Relationship
from tests import factories

pytestmark = pytest.mark.django_db


def _walk(client, url):
    """Every page from `url` on by `next`, then back from the last by `previous`."""
    forwards, pages = [], []
    while url:
        assert len(pages) < 100, "the next links go round in a circle"
        body = client.get(url).json()
        pages.append([row["id"] for row in body["results"]])
        forwards += pages[-1]
        last_previous, url = body["previous"], body["next"]
    backwards = [pages[-1]]
    url = last_previous
    while url:
        assert len(backwards) <= len(pages), "the previous links go round in a circle"
        body = client.get(url).json()
        backwards.append([row["id"] for row in body["results"]])
        url = body["previous"]
    return forwards, pages, backwards[::-1]


def test_contacts_walk_once_in_name_order_with_ties(client_for, owner):
    for first, last in [("Ann", "Berg"), ("Ann", "Berg"), ("Bo", "Berg"), ("Cy", "Adams")] * 3:
        factories.ContactFactory(first_name=first, last_name=last)
    expected = list(
        Contact.objects.order_by("last_name", "first_name", "id").values_list("pk", flat=True)
    )
    forwards, pages, backwards = _walk(client_for(owner), "/api/v1/contacts/?page_size=5")
    assert forwards == expected
    assert backwards == pages and [len(p) for p in pages] == [5, 5, 2]


def test_nulls_and_descending_keys(client_for, owner, fenced_account):
    now = timezone.now().replace(microsecond=500_000)
    for n in range(9):
        factories.AssessmentFactory(
            account=fenced_account,
            requested_at=None if n % 3 == 0 else now - dt.timedelta(days=n % 2),
            # Times a microsecond apart keep their order across pages.
            assessed_at=None if n % 3 == 1 else now - dt.timedelta(microseconds=n),
        )
    expected = list(
        Assessment.objects.order_by(
            F("requested_at").desc(nulls_last=True),
            F("assessed_at").desc(nulls_last=True),
            "-id",
        ).values_list("pk", flat=True)
    )
    forwards, pages, backwards = _walk(client_for(owner), "/api/v1/assessments/?page_size=2")
    assert forwards == expected
    assert backwards == pages


def test_mixed_directions_and_filters_combine_with_the_cursor(client_for, owner):
    for strength in [50, 50, 70, 10, 50, 70]:
        rel = factories.RelationshipFactory(staff=owner, purpose="renewal")
        Relationship.objects.filter(pk=rel.pk).update(strength=strength)
    factories.RelationshipFactory(staff=owner, purpose="other")
    expected = list(
        Relationship.objects.filter(purpose="renewal")
        .order_by("-strength", "id")
        .values_list("pk", flat=True)
    )
    forwards, pages, backwards = _walk(
        client_for(owner), "/api/v1/relationships/?search=renewal&page_size=4"
    )
    assert forwards == expected and backwards == pages


def test_a_bad_cursor_is_a_400_and_pages_by_number_still_work(client_for, owner):
    factories.OrganisationFactory.create_batch(3)
    client = client_for(owner)
    first = client.get("/api/v1/organisations/?page_size=2").json()
    cursor = first["next"].split("cursor=")[1].split("&")[0]
    for bad in (cursor[:-4] + "abcd", "nonsense", ""):
        response = client.get(f"/api/v1/organisations/?page_size=2&cursor={bad}")
        assert response.status_code == 400 and "cursor" in response.json()
    # A cursor of another list (another order) is refused too.
    other = client.get(f"/api/v1/contacts/?cursor={cursor}")
    assert other.status_code == 400
    both = client.get(f"/api/v1/organisations/?cursor={cursor}&page=2")
    assert both.status_code == 400
    by_number = client.get("/api/v1/organisations/?page=2&page_size=2").json()
    assert len(by_number["results"]) == 1 and "page=" not in (by_number["previous"] or "page=")
    assert client.get("/api/v1/organisations/?page=3&page_size=2").status_code == 404
    assert client.get("/api/v1/organisations/?page=0").status_code == 404


def test_the_count_is_exact_on_small_lists(client_for, owner):
    factories.OrganisationFactory.create_batch(3)
    body = client_for(owner).get("/api/v1/organisations/").json()
    assert (body["count"], body["count_is_estimate"]) == (3, False)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="estimates come from PostgreSQL")
def test_past_ten_thousand_rows_the_count_is_an_estimate(client_for, owner):
    Organisation.objects.bulk_create(Organisation(name=f"Org {n:05}") for n in range(10_050))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE stakeholders_organisation")
    body = client_for(owner).get("/api/v1/organisations/?page_size=1").json()
    assert body["count_is_estimate"] is True
    assert 9_000 <= body["count"] <= 12_000
    # A filtered list small enough to count is counted exactly: 00001, 00010-00019, 10001.
    filtered = client_for(owner).get("/api/v1/organisations/?search=0001").json()
    assert (filtered["count"], filtered["count_is_estimate"]) == (12, False)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    names=st.lists(st.sampled_from(["Ng", "Ruiz", "Ng ", "ng", "Åberg", ""]), max_size=14),
    size=st.integers(min_value=1, max_value=5),
)
def test_any_names_and_page_size_walk_every_contact_once(client_for, owner, names, size):
    Contact.objects.all().delete()
    for n, name in enumerate(names):
        factories.ContactFactory(last_name=name, first_name="A" if n % 2 else "B")
    expected = list(Contact.objects.values_list("pk", flat=True))
    forwards, pages, backwards = _walk(client_for(owner), f"/api/v1/contacts/?page_size={size}")
    assert forwards == expected
    assert backwards == pages


def test_rows_removed_behind_a_cursor_are_not_skipped_or_repeated(client_for, owner):
    people = [factories.ContactFactory(last_name=f"Name {n}") for n in range(6)]
    client = client_for(owner)
    names = lambda body: [row["last_name"] for row in body["results"]]  # noqa: E731
    first = client.get("/api/v1/contacts/?page_size=2").json()
    Contact.objects.filter(pk=people[1].pk).delete()  # on the page already read
    factories.ContactFactory(last_name="Name 35")  # lands after the position
    second = client.get(first["next"]).json()
    assert names(second) == ["Name 2", "Name 3"]
    third = client.get(second["next"]).json()
    assert names(third) == ["Name 35", "Name 4"]
    Contact.objects.filter(pk=people[5].pk).delete()
    past = client.get(third["next"]).json()
    assert past["results"] == [] and past["next"] is None
