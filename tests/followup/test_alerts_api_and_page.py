"""GET/PATCH /api/v1/alerts/ and the alerts page: the state of each alert, the work on it, the
fence, and bad input."""

import pytest

from scorecard.models import Alert, Measure
from tests import factories

pytestmark = pytest.mark.django_db


def _alert(scope_kind="company", scope_id=0, code="open_issues", **fields):
    measure = Measure.objects.get(code=code)
    return Alert.objects.create(
        measure=measure,
        scope_kind=scope_kind,
        scope_id=scope_id,
        scope_name=fields.pop("scope_name", ""),
        period=fields.pop("period", "2026-Q4"),
        previous_period="2026-Q3",
        value=18,
        previous_value=6,
        message=fields.pop("message", f"{measure.name}: 18 this quarter, up from 6 (+200%)"),
        severity="high",
        **fields,
    )


@pytest.fixture
def fenced_alert(fenced_account):
    return _alert("account", fenced_account.pk, scope_name="Fenced Co")


def test_list_filter_and_read_the_state(client_for, executive, fenced_alert):
    company = _alert()
    client = client_for(executive)
    body = client.get("/api/v1/alerts/?status=open&scope=company").json()
    assert [a["id"] for a in body["results"]] == [company.pk]
    row = body["results"][0]
    assert (row["measure"], row["scope"], row["status"], row["assignee"], row["note"]) == (
        "open_issues",
        "company",
        "open",
        None,
        "",
    )
    assert row["url"] == f"/scorecard/alerts/?period=2026-Q4&show=all#alert-{company.pk}"
    assert client.get(f"/api/v1/alerts/?scope=account:{fenced_alert.scope_id}").json()["count"] == 1
    assert client.get("/api/v1/alerts/?measure=escalations").json()["count"] == 0
    bad = client.get("/api/v1/alerts/?scope=planet:3")
    assert bad.status_code == 400 and "scope" in bad.json()


def test_patch_acknowledges_with_a_note_assigns_and_resolves(
    client_for, owner, teammate, fenced_alert
):
    client = client_for(owner)
    url = f"/api/v1/alerts/{fenced_alert.pk}/"
    refused = client.patch(url, {"status": "acknowledged"}, format="json")
    assert refused.status_code == 400 and "note" in refused.json()
    body = client.patch(
        url,
        {"status": "acknowledged", "note": "Calling them", "assignee": teammate.pk},
        format="json",
    ).json()
    assert (body["status"], body["note"], body["assignee"], body["handled_by"]) == (
        "acknowledged",
        "Calling them",
        teammate.pk,
        owner.pk,
    )
    assert client.patch(url, {"status": "resolved"}, format="json").json()["status"] == "resolved"
    assert client.patch(url, {"status": "gone"}, format="json").status_code == 400
    assert client.patch(url, {"severity": "medium"}, format="json").json()["severity"] == "high"
    fenced_alert.refresh_from_db()
    assert fenced_alert.status == "resolved"


def test_the_fence_and_the_scope_decide(client_for, outsider, teammate, owner, fenced_alert):
    company = _alert()
    # Behind the fence: not there at all for the outsider.
    outside = client_for(outsider)
    assert outside.get(f"/api/v1/alerts/{fenced_alert.pk}/").status_code == 404
    assert fenced_alert.pk not in [
        a["id"] for a in outside.get("/api/v1/alerts/").json()["results"]
    ]
    assert (
        outside.patch(
            f"/api/v1/alerts/{fenced_alert.pk}/", {"status": "resolved"}, format="json"
        ).status_code
        == 404
    )
    # The company's alert is for the executives to work on: others see it, and get a 403.
    refused = client_for(teammate).patch(
        f"/api/v1/alerts/{company.pk}/", {"status": "resolved"}, format="json"
    )
    assert refused.status_code == 403
    # Assigning someone the fence keeps out is refused, and changes nothing.
    wrong = client_for(owner).patch(
        f"/api/v1/alerts/{fenced_alert.pk}/", {"assignee": outsider.pk}, format="json"
    )
    assert wrong.status_code == 400 and "picket fence" in wrong.json()["assignee"][0]
    fenced_alert.refresh_from_db()
    assert fenced_alert.assignee is None


@pytest.mark.parametrize("rows", [1, 10, 40])
def test_query_counts_are_constant(
    client, client_for, executive, django_assert_max_num_queries, rows
):
    accounts = factories.AccountFactory.create_batch(rows)
    for account in accounts:
        _alert("account", account.pk, scope_name=account.organisation.name, assignee=executive)
    api = client_for(executive)
    with django_assert_max_num_queries(6):
        assert api.get("/api/v1/alerts/").json()["count"] == rows
    client.force_login(executive)
    with django_assert_max_num_queries(8):
        page = client.get("/scorecard/alerts/?period=2026-Q4").content.decode()
    assert page.count('<li id="alert-') == rows


def test_the_page_does_the_work_and_says_what_is_wrong(client, owner, outsider, fenced_alert):
    client.force_login(owner)
    url = f"/scorecard/alerts/{fenced_alert.pk}/"
    missing = client.post(url, {"action": "acknowledge", "note": "  "})
    assert missing.status_code == 400
    assert "acknowledging needs a note" in missing.content.decode()
    done = client.post(url, {"action": "acknowledge", "note": "Visiting on Friday"})
    assert done.status_code == 302 and done.url.endswith(f"#alert-{fenced_alert.pk}")
    page = client.get(done.url).content.decode()
    assert "Visiting on Friday" in page and "Acknowledged" in page
    assert client.post(url, {"action": "explode"}).status_code == 400
    assert client.post(url, {"action": "assign", "assignee": "abc"}).status_code == 400
    client.force_login(outsider)
    assert client.post(url, {"action": "resolve"}).status_code == 404
    fenced_alert.refresh_from_db()
    assert fenced_alert.status == "acknowledged"


def test_those_who_may_not_work_on_an_alert_see_no_buttons(client, teammate, outsider):
    company = _alert()
    client.force_login(teammate)
    page = client.get("/scorecard/alerts/?period=2026-Q4").content.decode()
    assert company.message in page and f'action="/scorecard/alerts/{company.pk}/"' not in page
    assert client.post(f"/scorecard/alerts/{company.pk}/", {"action": "resolve"}).status_code == 403
