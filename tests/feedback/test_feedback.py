"""The public complaints channel: anyone reports a problem, gets a case reference and a private
follow-up link that shows the status and our public replies (never internal notes); the report
waits in the triage queue until our people place it; nothing tells whether an organisation,
contact or e-mail is known."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from interventions.models import Issue, IssueReply
from interventions.services.feedback import secret_hash
from scorecard.models import Observation
from scorecard.periods import month
from scorecard.scopes import COMPANY
from scorecard.services import scorecard_compute
from tests import factories

pytestmark = pytest.mark.django_db

REPORT = {
    "organisation": "Fenced Corp",
    "name": "Pat Public",
    "email": "pat@example.net",
    "category": "late_delivery",
    "description": "The pallets came three days late.\nNobody called us.",
}


def _report(client=None, **changes):
    return (client or Client()).post("/feedback/", {**REPORT, **changes})


def _followup_path(response) -> str:
    return re.search(r'href="http://testserver(/feedback/FB-[^"]+)"', response.content.decode())[1]


def _staff(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_form_asks_without_an_account_and_without_a_script(db):
    response = Client().get("/feedback/")
    page = response.content.decode()
    assert response.status_code == 200
    for label in (
        ">Organisation</label>",
        ">Name</label>",
        ">Email</label>",
        ">Category</label>",
        ">What happened</label>",
        ">Send report</button>",
    ):
        assert label in page
    assert "<script" not in page and "style=" not in page


def test_a_report_gets_a_reference_and_a_private_link_and_waits_for_triage():
    response = _report()
    assert response.status_code == 201
    issue = Issue.objects.get()
    assert re.fullmatch(r"FB-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}", issue.reference)
    assert issue.reference in response.content.decode()
    assert (issue.channel, issue.organisation, issue.triaged_at) == ("public", None, None)
    assert issue.summary == "The pallets came three days late."
    assert (issue.reporter_name, issue.reporter_email) == ("Pat Public", "pat@example.net")
    path = _followup_path(response)
    secret = path.rstrip("/").rsplit("/", 1)[1]
    assert len(secret) >= 32 and issue.followup_hash == secret_hash(secret)
    assert secret not in repr(issue.__dict__)
    case = Client().get(path)
    assert case.status_code == 200
    page = case.content.decode()
    assert "Received" in page and "The pallets came three days late." in page


def test_an_anonymous_report_is_welcome():
    response = _report(organisation="", name="", email="")
    assert response.status_code == 201
    assert Issue.objects.get().reporter_name == ""


@pytest.mark.parametrize(
    "change",
    [
        {"category": ""},
        {"category": "bribery"},
        {"description": ""},
        {"description": "   "},
        {"description": "x" * 5001},
        {"description": "nul\x00"},
        {"email": "not-an-email"},
        {"name": "n" * 151},
        {"organisation": "o" * 201},
        {"website": "http://spam.example"},
    ],
)
def test_bad_reports_are_a_400_and_store_nothing(change):
    response = _report(**change)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not Issue.objects.exists()


def test_the_answer_says_nothing_of_who_is_known(fenced_contact):
    def shape(response):
        page = response.content.decode()
        page = re.sub(r"FB-[A-Z0-9-]+", "REF", page)
        page = re.sub(r"/feedback/[^\"<]+", "LINK", page)
        return response.status_code, re.sub(r'value="[^"]+"', "", page)

    known = shape(_report(organisation="Fenced Corp", email=fenced_contact.email))
    unknown = shape(_report(organisation="Nobody Ltd", email="nobody@nowhere.example"))
    assert known == unknown
    assert not Issue.objects.filter(organisation__isnull=False).exists()


def test_a_wrong_secret_or_reference_gets_the_same_page():
    path = _followup_path(_report())
    reference, secret = path.strip("/").split("/")[1:]
    pages = set()
    for bad in (
        f"/feedback/{reference}/{secret[:-2]}xx/",
        f"/feedback/FB-2222-2222/{secret}/",
        "/feedback/x/y/",
        f"/feedback/{reference}/{'s' * 500}/",
    ):
        response = Client().get(bad)
        assert response.status_code == 404
        pages.add(response.content.decode())
    assert len(pages) == 1 and "This link does not work" in pages.pop()


def test_triage_places_the_report_and_the_reporter_sees_public_replies_only(
    owner, fenced_org, fenced_contact
):
    path = _followup_path(_report(email=fenced_contact.email))
    issue = Issue.objects.get()
    client = _staff(owner)
    queue = client.get("/issues/?triage=1").content.decode()
    assert issue.reference in queue and "(as reported)" in queue
    detail = client.get(f"/issues/{issue.pk}/").content.decode()
    # The organisation the reporter named and the contact with their e-mail are offered.
    assert f'<option value="{fenced_org.pk}">Fenced Corp</option>' in detail
    assert f'value="{fenced_contact.pk}"' in detail
    placed = client.post(
        f"/issues/{issue.pk}/place/",
        {
            "organisation": fenced_org.pk,
            "contact": fenced_contact.pk,
            "category": "missed_pickup",
            "severity": "high",
        },
    )
    assert placed.status_code == 302
    issue.refresh_from_db()
    assert (issue.organisation, issue.contact, issue.category, issue.severity) == (
        fenced_org,
        fenced_contact,
        "missed_pickup",
        "high",
    )
    assert issue.triaged_at is not None and issue.owner == owner
    assert issue.reference not in client.get("/issues/?triage=1").content.decode()
    assert "Being handled" in Client().get(path).content.decode()

    client.post(
        f"/issues/{issue.pk}/replies/", {"body": "Zinternal suspect the depot", "public": "0"}
    )
    client.post(
        f"/issues/{issue.pk}/replies/",
        {"body": "We are sorry: a new slot is booked.", "public": "1"},
    )
    issue.refresh_from_db()
    assert issue.acknowledged_at is not None
    assert IssueReply.objects.count() == 2
    case = Client().get(path).content.decode()
    assert "We are sorry: a new slot is booked." in case
    assert "Zinternal" not in case and "owner" not in case
    staff_page = client.get(f"/issues/{issue.pk}/").content.decode()
    assert "Zinternal suspect the depot" in staff_page and "Internal note" in staff_page

    client.post(f"/issues/{issue.pk}/resolve/", {"next": f"/issues/{issue.pk}/"})
    issue.refresh_from_db()
    assert issue.resolved_at is not None and issue.turnaround is not None
    assert "Resolved" in Client().get(path).content.decode()


def test_bad_triage_and_replies_are_a_400_and_change_nothing(owner, fenced_org):
    _report()
    issue = Issue.objects.get()
    client = _staff(owner)
    stranger = factories.ContactFactory()
    for data in (
        {"organisation": "", "category": "service", "severity": "low"},
        {"organisation": "99999999", "category": "service", "severity": "low"},
        {"organisation": fenced_org.pk, "category": "nope", "severity": "low"},
        {
            "organisation": fenced_org.pk,
            "contact": stranger.pk,
            "category": "service",
            "severity": "low",
        },
    ):
        assert client.post(f"/issues/{issue.pk}/place/", data).status_code == 400, data
    for data in (
        {"body": "", "public": "1"},
        {"body": "x" * 5001, "public": "0"},
        {"body": "x", "public": "maybe"},
    ):
        assert client.post(f"/issues/{issue.pk}/replies/", data).status_code == 400, data
    issue.refresh_from_db()
    assert issue.organisation is None and issue.triaged_at is None
    assert not IssueReply.objects.exists()


def test_an_outsider_cannot_place_a_report_behind_a_fence_nor_see_it_there(
    outsider, owner, fenced_org
):
    _report()
    issue = Issue.objects.get()
    client = _staff(outsider)
    data = {"organisation": fenced_org.pk, "category": "service", "severity": "low"}
    assert client.post(f"/issues/{issue.pk}/place/", data).status_code == 403
    issue.refresh_from_db()
    assert issue.organisation is None
    _staff(owner).post(f"/issues/{issue.pk}/place/", data)
    assert client.get(f"/issues/{issue.pk}/").status_code == 404
    assert issue.reference not in client.get("/issues/").content.decode()
    assert (
        client.post(f"/issues/{issue.pk}/replies/", {"body": "x", "public": "1"}).status_code == 404
    )


@pytest.mark.parametrize("url", ["/issues/", "/issues/?triage=1"])
def test_the_issue_lists_cost_the_same_queries_whatever_their_length(owner, url):
    client = _staff(owner)
    counts = []
    for rows in (1, 10, 60):
        while Issue.objects.count() < rows:
            _report()
            factories.IssueFactory()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2], counts


def test_a_reported_issue_feeds_the_turnaround_measures_even_before_it_is_placed(admin_user):
    _report()
    issue = Issue.objects.get()
    client = _staff(admin_user)
    client.post(f"/issues/{issue.pk}/replies/", {"body": "We are on it.", "public": "1"})
    client.post(f"/issues/{issue.pk}/resolve/", {"next": f"/issues/{issue.pk}/"})
    this_month = month(timezone.localdate())
    scorecard_compute(periods=[this_month], scopes=[COMPANY])
    values = dict(
        Observation.objects.filter(
            period=this_month.code,
            scope_kind="company",
            measure__code__in=[
                "median_issue_turnaround_days",
                "median_issue_acknowledgement_days",
                "open_issues",
            ],
        ).values_list("measure__code", "value")
    )
    assert values["median_issue_turnaround_days"] is not None
    assert values["median_issue_turnaround_days"] < 1
    assert values["open_issues"] == 0
    assert 0 <= values["median_issue_acknowledgement_days"] < 1


def test_home_leads_to_the_triage_queue_and_the_surveys(owner):
    page = _staff(owner).get("/").content.decode()
    assert 'href="/issues/?triage=1"' in page and 'href="/surveys/"' in page


def test_a_report_not_yet_placed_shows_in_search_exports_and_resolves_without_a_next(owner):
    _report(description="Zebra crossing blocked by your lorries")
    issue = Issue.objects.get()
    client = _staff(owner)
    found = client.get("/search/?q=Zebra")
    assert found.status_code == 200 and f'href="/issues/{issue.pk}/"' in found.content.decode()
    export = client.get("/exports/issues.csv")
    assert export.status_code == 200
    assert "Zebra crossing" in b"".join(export.streaming_content).decode()
    assert client.post(f"/issues/{issue.pk}/escalate/")["Location"] == "/issues/"
    assert client.post(f"/issues/{issue.pk}/resolve/")["Location"] == "/issues/"
    issue.refresh_from_db()
    assert issue.escalated and issue.resolved_at is not None
