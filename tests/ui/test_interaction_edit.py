"""Correcting and deleting one's own interactions: /interactions/<id>/edit/ and /delete/."""

import pytest
from django.utils import timezone

from interventions.models import Interaction
from stakeholders.models import Relationship
from tests import factories
from trust.models import AuditEvent


@pytest.fixture
def account(owner, teammate):
    return factories.AccountFactory(
        organisation__name="Acme Steel", manager=owner, is_fenced=True, team=[teammate]
    )


@pytest.fixture
def carla(account):
    return factories.ContactFactory(
        organisation=account.organisation, first_name="Carla", last_name="Ruiz"
    )


@pytest.fixture
def call(client, owner, account, carla):
    """A call the owner logged through the form, so it counted towards the relationship."""
    client.force_login(owner)
    client.post(
        f"/interactions/new/?organisation={account.organisation_id}",
        {
            "kind": "call",
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "summary": "Talked about the renewl",
            "sentiment": "1",
            "contacts": [carla.pk],
        },
    )
    return Interaction.objects.get()


def test_the_logger_corrects_kind_summary_and_notes(client, call, carla):
    form = client.get(f"/interactions/{call.pk}/edit/")
    body = form.content.decode()
    assert form.status_code == 200
    for label in ("Kind", "Summary", "Notes"):
        assert f">{label}</label>" in body, label
    assert ">Save changes</button>" in body
    assert "Carla Ruiz" in body and "+1 · Positive" in body and "stay as they were" in body
    strength = Relationship.objects.get(contact=carla).strength
    response = client.post(
        f"/interactions/{call.pk}/edit/",
        {"kind": "meeting", "summary": "Talked about the renewal", "notes": "Over lunch."},
    )
    assert response.status_code == 302
    assert response["Location"] == (f"/organisations/{call.organisation_id}/#interaction-{call.pk}")
    edited = Interaction.objects.get()
    assert (edited.kind, edited.summary, edited.notes) == (
        "meeting",
        "Talked about the renewal",
        "Over lunch.",
    )
    assert edited.version == call.version + 1
    assert Relationship.objects.get(contact=carla).strength == strength
    page = client.get(response["Location"]).content.decode()
    assert 'role="status"' in page and "Interaction updated: Talked about the renewal" in page


def test_what_went_into_relationship_strength_is_not_changed_by_an_edit(client, call):
    client.post(
        f"/interactions/{call.pk}/edit/",
        {"kind": "call", "summary": "Same", "sentiment": "-2", "occurred_at": "2020-01-01T10:00"},
    )
    edited = Interaction.objects.get()
    assert edited.summary == "Same"
    assert (edited.sentiment, edited.occurred_at) == (call.sentiment, call.occurred_at)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "call", "summary": ""}, "This field is required."),
        ({"kind": "telepathy", "summary": "x"}, "Select a valid choice."),
        ({"kind": "call", "summary": "x" * 301}, "at most 300 characters"),
    ],
)
def test_bad_input_is_refused_with_a_message(client, call, data, message):
    response = client.post(f"/interactions/{call.pk}/edit/", data)
    body = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in body and "Nothing was saved" in body and message in body
    assert Interaction.objects.get().summary == call.summary


def test_an_edit_returns_to_the_page_it_was_opened_from(client, call, carla):
    back = f"/contacts/{carla.pk}/"
    response = client.post(
        f"/interactions/{call.pk}/edit/?next={back}", {"kind": "call", "summary": "Fixed"}
    )
    assert response["Location"] == f"{back}#interaction-{call.pk}"
    response = client.post(
        f"/interactions/{call.pk}/edit/?next=https://evil.example/",
        {"kind": "call", "summary": "Fixed"},
    )
    assert response["Location"].startswith(f"/organisations/{call.organisation_id}/")


def test_delete_asks_first_then_deletes_and_the_history_keeps_it(client, owner, call):
    confirm = client.get(f"/interactions/{call.pk}/delete/")
    body = confirm.content.decode()
    assert confirm.status_code == 200
    assert "Delete this interaction?" in body and ">Delete interaction</button>" in body
    assert "Talked about the renewl" in body
    assert Interaction.objects.filter(pk=call.pk).exists()
    response = client.post(f"/interactions/{call.pk}/delete/")
    assert response.status_code == 302
    assert response["Location"] == f"/organisations/{call.organisation_id}/"
    assert not Interaction.objects.filter(pk=call.pk).exists()
    event = AuditEvent.objects.get(
        model="interventions.interaction", object_id=str(call.pk), action="delete"
    )
    assert event.actor == owner
    page = client.get(response["Location"]).content.decode()
    assert "Interaction deleted: Talked about the renewl" in page
    assert f'id="interaction-{call.pk}"' not in page


def test_delete_keeps_commitments_made_in_it(client, call, account):
    factories.CommitmentFactory(organisation=account.organisation, interaction=call)
    body = client.get(f"/interactions/{call.pk}/delete/").content.decode()
    assert "so does the commitment recorded with it" in body
    client.post(f"/interactions/{call.pk}/delete/")
    assert call.organisation.commitments.get().interaction is None


def test_a_teammate_who_may_see_it_gets_403_and_changes_nothing(client, teammate, call):
    client.force_login(teammate)
    for url in (f"/interactions/{call.pk}/edit/", f"/interactions/{call.pk}/delete/"):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 403, url
        assert "You can&#x27;t change this interaction</h1>" in body
        assert "Only the person who logged an interaction may change or delete it" in body
    edit = client.post(f"/interactions/{call.pk}/edit/", {"kind": "visit", "summary": "Mine"})
    delete = client.post(f"/interactions/{call.pk}/delete/")
    assert (edit.status_code, delete.status_code) == (403, 403)
    assert Interaction.objects.get().summary == call.summary


def test_an_outsider_of_the_fence_gets_404(client, outsider, call):
    client.force_login(outsider)
    for url in (f"/interactions/{call.pk}/edit/", f"/interactions/{call.pk}/delete/"):
        assert client.get(url).status_code == 404
        assert client.post(url, {"kind": "visit", "summary": "x"}).status_code == 404
    assert Interaction.objects.filter(pk=call.pk, summary=call.summary).exists()


def test_a_logger_now_outside_the_fence_is_told_who_holds_it(client, executive, account):
    interaction = factories.InteractionFactory(
        organisation=account.organisation, logged_by=executive, summary="Before the fence"
    )
    client.force_login(executive)
    response = client.get(f"/interactions/{interaction.pk}/edit/")
    assert response.status_code == 403
    assert "is behind a picket fence" in response.content.decode()
    assert client.post(f"/interactions/{interaction.pk}/delete/").status_code == 403
    assert Interaction.objects.filter(pk=interaction.pk).exists()


def test_timeline_entries_offer_edit_and_delete_only_to_who_logged_them(
    client, call, teammate, account
):
    factories.InteractionFactory(
        organisation=account.organisation, logged_by=teammate, summary="Teammate's visit"
    )
    page = client.get(f"/organisations/{account.organisation_id}/").content.decode()
    assert page.count(">Edit<") == 1 and page.count(">Delete<") == 1
    assert f'href="/interactions/{call.pk}/edit/?next=/organisations/' in page
    assert 'aria-label="Edit “Talked about the renewl”">Edit</a>' in page


def test_the_organisation_page_query_count_does_not_grow_with_own_entries(
    client, owner, account, django_assert_max_num_queries
):
    factories.InteractionFactory.create_batch(
        15, organisation=account.organisation, logged_by=owner
    )
    client.force_login(owner)
    with django_assert_max_num_queries(40) as captured:
        client.get(f"/organisations/{account.organisation_id}/")
    queries = len(captured)
    factories.InteractionFactory.create_batch(5, organisation=account.organisation, logged_by=owner)
    with django_assert_max_num_queries(queries):
        client.get(f"/organisations/{account.organisation_id}/")
