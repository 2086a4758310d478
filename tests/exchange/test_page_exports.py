"""The Export menu of the list pages: the page's filters kept, only what the user may see,
formulas neutralised, a constant number of queries."""

import csv
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from exchange.exports import TABLES
from tests import factories
from tests.api.test_query_counts import make_rows

pytestmark = pytest.mark.django_db


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def browser(owner):
    client = Client()
    client.force_login(owner)
    return client


def test_the_contact_list_exports_with_its_filters(browser):
    factories.ContactFactory(
        first_name="Ann", seniority="executive", job_title="=cmd|' /C calc'!A0"
    )
    factories.ContactFactory(first_name="Bob", seniority="operational")
    page = browser.get("/contacts/?seniority=executive").content.decode()
    assert "/exports/contacts.csv?seniority=executive" in page
    rows = _csv(browser.get("/exports/contacts.csv?seniority=executive"))
    assert [r[2] for r in rows[1:]] == ["Ann"]
    assert rows[1][6] == "'=cmd|' /C calc'!A0"


@pytest.mark.parametrize("kind", sorted(TABLES))
def test_every_kind_exports_as_excel(browser, kind):
    response = browser.get(f"/exports/{kind}.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert next(book.worksheets[0].iter_rows(values_only=True))[0] == "ID"


def _fenced_world(owner, fenced_org, fenced_contact):
    interaction = factories.InteractionFactory(organisation=fenced_org, summary="Secret lunch")
    interaction.contacts.set([fenced_contact])
    factories.RelationshipFactory(staff=owner, contact=fenced_contact, purpose="Secret")
    factories.CommitmentFactory(organisation=fenced_org, description="Secret promise")
    factories.IssueFactory(organisation=fenced_org, summary="Secret complaint")
    factories.InterventionFactory(organisation=fenced_org, owner=owner, title="Secret plan")
    factories.AssessmentFactory(account=fenced_org.account, comment="Secret comment")


@pytest.mark.parametrize("kind", sorted(TABLES))
def test_an_outsider_exports_nothing_behind_the_fence(
    owner, outsider, fenced_org, fenced_contact, kind
):
    _fenced_world(owner, fenced_org, fenced_contact)
    client = Client()
    client.force_login(outsider)
    for query in ("", f"?organisation={fenced_org.pk}"):
        body = b"".join(client.get(f"/exports/{kind}.csv{query}").streaming_content).decode()
        assert "Secret" not in body and "Fiona" not in body
    team = Client()
    team.force_login(owner)
    if kind != "organisations":
        body = b"".join(team.get(f"/exports/{kind}.csv").streaming_content).decode()
        assert "Secret" in body or "Fiona" in body


def test_an_unknown_export_is_404(browser):
    assert browser.get("/exports/planets.csv").status_code == 404
    assert browser.get("/exports/contacts.pdf").status_code == 404


@pytest.mark.parametrize("kind", sorted(TABLES))
def test_export_query_count_is_constant(browser, owner, kind):
    counts, created = [], 0
    for size in (1, 10, 100):
        if kind == "organisations":
            factories.OrganisationFactory.create_batch(size - created)
        else:
            make_rows(kind, size - created, owner)
        created = size
        with CaptureQueriesContext(connection) as queries:
            rows = _csv(browser.get(f"/exports/{kind}.csv"))
        assert len(rows) > size
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts


def test_the_menu_follows_the_filters_as_htmx_swaps_the_rows(browser):
    rows = browser.get("/contacts/?seniority=executive", headers={"HX-Request": "true"})
    assert "/exports/contacts.xlsx?seniority=executive" in rows.content.decode()
