"""`?format=csv` and `?format=xlsx` on the API's lists: every filtered row the user may see,
formulas neutralised, a constant number of queries whatever the number of rows."""

import csv
import io

import pytest
from openpyxl import load_workbook

from tests import factories
from tests.api.test_query_counts import BASE_QUERIES, EXTRA, make_rows

pytestmark = pytest.mark.django_db


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_a_list_as_csv_holds_every_filtered_row_and_no_formula(client_for, owner):
    org = factories.OrganisationFactory(name="Acme")
    factories.ContactFactory.create_batch(60, organisation=org, job_title="Buyer")
    factories.ContactFactory(organisation=org, first_name="=HYPERLINK(1)", job_title="@SUM")
    factories.ContactFactory(job_title="Elsewhere")
    response = client_for(owner).get(f"/api/v1/contacts/?format=csv&organisation={org.pk}")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv"
    rows = _csv(response)
    assert rows[0][:3] == ["id", "external_id", "first_name"]
    assert len(rows) == 1 + 61
    cells = {cell for row in rows for cell in row}
    assert "'=HYPERLINK(1)" in cells and "'@SUM" in cells and "=HYPERLINK(1)" not in cells


def test_a_list_as_excel(client_for, owner):
    factories.CommitmentFactory(description="-1 payment", owner=owner)
    response = client_for(owner).get("/api/v1/commitments/?format=xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "id" and "'-1 payment" in rows[1]


def test_an_export_holds_only_what_the_user_may_see(client_for, outsider, fenced_contact):
    factories.ContactFactory(first_name="Visible")
    rows = _csv(client_for(outsider).get("/api/v1/contacts/?format=csv"))
    names = [row[2] for row in rows[1:]]
    assert names == ["Visible"]


def test_errors_stay_json(client_for, owner):
    response = client_for(owner).get("/api/v1/contacts/?format=csv&organisation=x")
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert client_for(owner).get("/api/v1/contacts/1/?format=csv").status_code == 404


@pytest.mark.parametrize("resource", sorted(EXTRA))
def test_export_query_count_is_constant(client_for, owner, resource, django_assert_num_queries):
    client = client_for(owner)
    client.get(f"/api/v1/{resource}/")
    created = 0
    for size in (1, 10, 100):
        make_rows(resource, size - created, owner)
        created = size
        # The paginator's COUNT is not run: an export is every row, read in chunks.
        with django_assert_num_queries(BASE_QUERIES - 1 + EXTRA[resource]):
            response = client.get(f"/api/v1/{resource}/?format=csv")
            rows = _csv(response)
        assert len(rows) >= size + 1
