"""Asking a contact for a TOTAL assessment: from the contact's page, the account's survey page
and the API; the e-mail with a personal link through a real SMTP server; the bulk request with
its preview; the fence."""

import email
import email.policy
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from stakeholders.models import Assessment, AssessmentRequest
from stakeholders.survey_links import token_for, token_hash
from tests import factories

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _mails(smtp):
    return [email.message_from_bytes(raw, policy=email.policy.default) for raw in smtp.received]


# The worker closes stale connections, a test transaction's too: this test commits.
@pytest.mark.django_db(transaction=True)
def test_the_api_asks_a_contact_and_the_mail_carries_a_working_personal_link(
    owner, ceo, fenced_account, smtp_server, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://relmap.example"
    settings.RELMAP_ORGANISATION_NAME = "Acme Logistics"
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(owner).post(
            "/api/v1/assessment-requests/", {"contact": ceo.pk}, content_type="application/json"
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) >= {"id", "contact", "account", "url", "status", "expires_at"}
    assert (body["contact"], body["account"], body["status"]) == (ceo.pk, fenced_account.pk, "open")
    token = body["url"].rstrip("/").rsplit("/", 1)[1]
    assert len(token) >= 32 and body["url"].startswith("https://relmap.example/survey/")
    # Stored hashed only: neither the token nor the link is in the row.
    stored = AssessmentRequest.objects.get(pk=body["id"])
    assert stored.token_hash == token_hash(token) and token not in repr(stored.__dict__)
    # The request is an unanswered assessment by their side, so the response rate counts it.
    assert stored.assessment.side == Assessment.Side.THEIRS
    assert stored.assessment.requested_at and stored.assessment.assessed_at is None
    assert (stored.expires_at - stored.created_at).days == 30

    call_command("worker", "--batch")
    (message,) = [m for m in _mails(smtp_server) if m["To"] == ceo.email]
    assert message["To"] == "clara@fenced.example"
    assert "Acme Logistics" in message["Subject"]
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert body["url"] in text
    assert body["url"] in message.get_body(preferencelist=("html",)).get_content()
    assert AssessmentRequest.objects.get(pk=body["id"]).sent_at is not None
    # The link works without logging in.
    assert Client().get(body["url"].removeprefix("https://relmap.example")).status_code == 200


def test_two_links_never_share_a_token(owner, ceo, ask):
    other = factories.ContactFactory(organisation=ceo.organisation)
    first, _ = ask(ceo)
    second, _ = ask(other)
    assert token_for(first.nonce) != token_for(second.nonce)
    assert len(token_for(first.nonce)) * 4 >= 128  # hex digits carry four bits each


@pytest.mark.parametrize(
    "payload",
    [{}, {"contact": "1"}, {"contact": None}, {"contact": 10**12}, {"contact": [1]}],
)
def test_bad_input_to_the_api_is_a_400_and_asks_nobody(owner, ceo, payload):
    response = _client(owner).post(
        "/api/v1/assessment-requests/", payload, content_type="application/json"
    )
    assert response.status_code == 400
    assert not AssessmentRequest.objects.exists()


def test_a_contact_without_an_email_or_account_or_already_asked_is_a_clear_400(owner, ceo, ask):
    client = _client(owner)
    no_mail = factories.ContactFactory(organisation=ceo.organisation, email="")
    no_account = factories.ContactFactory()
    ask(ceo)
    for contact, reason in [
        (no_mail, "no e-mail"),
        (no_account, "no account"),
        (ceo, "already asked"),
    ]:
        response = client.post(
            "/api/v1/assessment-requests/", {"contact": contact.pk}, content_type="application/json"
        )
        assert response.status_code == 400, reason
        assert "contact" in response.json()
    assert AssessmentRequest.objects.count() == 1


def test_an_outsider_cannot_ask_behind_the_fence_nor_see_the_requests(outsider, ceo, ask):
    ask(ceo)
    client = _client(outsider)
    response = client.post(
        "/api/v1/assessment-requests/", {"contact": ceo.pk}, content_type="application/json"
    )
    assert response.status_code == 400  # the contact is not there for them
    assert client.get("/api/v1/assessment-requests/").json()["results"] == []
    request = AssessmentRequest.objects.get()
    assert client.get(f"/api/v1/assessment-requests/{request.pk}/").status_code == 404
    assert client.post(f"/contacts/{ceo.pk}/survey/").status_code == 404
    assert client.get(f"/organisations/{ceo.organisation_id}/surveys/").status_code == 403
    assert AssessmentRequest.objects.count() == 1


# The worker closes stale connections, a test transaction's too: this test commits.
@pytest.mark.django_db(transaction=True)
def test_the_contact_page_asks_with_one_button(
    owner, ceo, smtp_server, django_capture_on_commit_callbacks
):
    client = _client(owner)
    page = client.get(f"/contacts/{ceo.pk}/").content.decode()
    assert "Ask for a survey" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/contacts/{ceo.pk}/survey/", follow=True)
    assert "Survey sent to Clara Chief" in response.content.decode()
    call_command("worker", "--batch")
    assert [ceo.email] in smtp_server.recipients
    again = client.post(f"/contacts/{ceo.pk}/survey/")
    assert again.status_code == 400 and "Already asked" in again.content.decode()
    assert AssessmentRequest.objects.count() == 1


def test_the_account_page_asks_one_of_its_contacts_and_shows_the_response_rate(owner, ceo, ask):
    client = _client(owner)
    url = f"/organisations/{ceo.organisation_id}/surveys/"
    assert client.post(url, {"contact": "nonsense"}).status_code == 400
    stranger = factories.ContactFactory()
    assert client.post(url, {"contact": stranger.pk}).status_code == 400
    assert not AssessmentRequest.objects.exists()
    assert client.post(url, {"contact": ceo.pk}).status_code == 302
    page = client.get(url).content.decode()
    assert "Clara Chief" in page and "Waiting for an answer" in page
    assert re.search(r"<dt>Response rate</dt><dd>0%</dd>", page)


def test_the_account_page_costs_the_same_queries_whatever_the_number_of_requests(
    owner, fenced_org, ask
):
    client = _client(owner)
    url = f"/organisations/{fenced_org.pk}/surveys/"
    counts = []
    for rows in (1, 10, 30):
        while AssessmentRequest.objects.count() < rows:
            ask(factories.ContactFactory(organisation=fenced_org))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2], counts


# The worker closes stale connections, a test transaction's too: this test commits.
@pytest.mark.django_db(transaction=True)
def test_bulk_previews_every_executive_of_a_community_then_asks_them(
    owner, executive, smtp_server, django_capture_on_commit_callbacks
):
    community = factories.CommunityFactory(name="Retail partners")
    asked_org = factories.AccountFactory(manager=owner).organisation
    asked_org.communities.add(community)
    division = factories.OrganisationFactory(parent=asked_org, name="North")
    boss = factories.ContactFactory(organisation=asked_org, seniority="executive", first_name="Bo")
    head = factories.ContactFactory(organisation=division, seniority="executive", first_name="Hu")
    factories.ContactFactory(organisation=asked_org, seniority="operational", first_name="Op")
    mute = factories.ContactFactory(
        organisation=asked_org, seniority="executive", first_name="Mu", email=""
    )
    no_account = factories.OrganisationFactory(name="Prospect")
    no_account.communities.add(community)
    factories.ContactFactory(organisation=no_account, seniority="executive", first_name="Pro")
    client = _client(owner)
    preview = client.get(f"/surveys/ask/?community={community.pk}")
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Send 2 surveys" in page and boss.full_name in page and head.full_name in page
    assert "Op " not in page and mute.full_name in page and "No e-mail address" in page
    assert "has no account" in page
    assert not AssessmentRequest.objects.exists()  # a preview asks nobody
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post("/surveys/ask/", {"community": community.pk}, follow=True)
    assert "Survey sent to 2 contacts" in done.content.decode()
    assert set(AssessmentRequest.objects.values_list("contact_id", flat=True)) == {
        boss.pk,
        head.pk,
    }
    call_command("worker", "--batch")
    # (The worker's weekly digest also goes to our people, at example.com.)
    assert sorted(to for (to,) in smtp_server.recipients if to.endswith(".org")) == sorted(
        [boss.email, head.email]
    )
    # Asking again skips those whose link still works.
    assert "Nobody to ask" in client.get(f"/surveys/ask/?community={community.pk}").content.decode()


def test_bulk_for_the_key_accounts_skips_what_the_asker_may_not_write_at(
    outsider, ceo, fenced_account
):
    mine = factories.AccountFactory(manager=outsider)  # a key account, as the factory makes it
    mine_ceo = factories.ContactFactory(organisation=mine.organisation, seniority="executive")
    client = _client(outsider)
    page = client.get("/surveys/ask/?key_accounts=1").content.decode()
    assert mine_ceo.full_name in page and ceo.full_name not in page
    client.post("/surveys/ask/", {"key_accounts": "1"})
    assert list(AssessmentRequest.objects.values_list("contact_id", flat=True)) == [mine_ceo.pk]


@pytest.mark.parametrize("query", ["", "?community=x", "?community=999999", "?key_accounts=2"])
def test_bulk_without_a_known_target_is_a_400(owner, query):
    assert _client(owner).get(f"/surveys/ask/{query}").status_code == 400
    assert _client(owner).post(f"/surveys/ask/{query}").status_code == 400


def test_the_community_page_leads_to_the_bulk_preview(owner):
    community = factories.CommunityFactory(name="Retail partners")
    page = _client(owner).get(f"/communities/{community.pk}/").content.decode()
    assert f'href="/surveys/ask/?community={community.pk}"' in page


@pytest.mark.parametrize(
    "url",
    ["/api/v1/assessment-requests/", "/surveys/", "/surveys/ask/?key_accounts=1"],
)
def test_the_lists_cost_the_same_queries_whatever_the_number_of_requests(
    owner, fenced_org, ask, url
):
    factories.CommunityFactory().organisations.add(fenced_org)
    client = _client(owner)
    counts = []
    for rows in (1, 10, 30):
        while AssessmentRequest.objects.count() < rows:
            contact = factories.ContactFactory(organisation=fenced_org, seniority="executive")
            ask(contact)
            factories.ContactFactory(organisation=fenced_org, seniority="executive")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2], counts


@pytest.mark.parametrize("query", ["answered=null", "answered=", "contact=x", "account=0"])
def test_an_unreadable_filter_is_a_400(owner, query):
    assert _client(owner).get(f"/api/v1/assessment-requests/?{query}").status_code == 400


def test_the_filters_pick_the_answered_requests(owner, ceo, ask):
    request, _ = ask(ceo)
    client = _client(owner)
    assert client.get("/api/v1/assessment-requests/?answered=false").json()["count"] == 1
    assert client.get("/api/v1/assessment-requests/?answered=true").json()["count"] == 0
    assert client.get(f"/api/v1/assessment-requests/?contact={ceo.pk}").json()["count"] == 1
