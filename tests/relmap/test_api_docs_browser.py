"""The API docs page: Swagger UI from our own static files, under the strict CSP."""

import re

import pytest

from stakeholders.models import Unit
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_lists_the_operations_with_nothing_refused(
    page, look, csp_violations, live_server
):
    elsewhere = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((live_server.url, "data:"))
            else elsewhere.append(request.url)
        ),
    )
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto("/api/v1/docs/")
    assert response.status == 200
    # Each resource is a heading (its name, then its collapse button) over its operations.
    page.get_by_role("heading", name=re.compile(r"^contacts\b")).wait_for()
    operations = page.locator(".opblock")
    assert operations.count() > 20
    assert page.get_by_text("/api/v1/contacts/{id}/", exact=True).first.is_visible()
    look("api-docs")
    assert csp_violations == []
    assert errors == []
    assert elsewhere == []


def test_an_operation_opens_with_its_parameters(page, csp_violations):
    page.goto("/api/v1/docs/")
    listing = page.locator(".opblock-get", has_text=re.compile(r"/api/v1/contacts/\s*$"))
    listing.first.locator(".opblock-summary-control").click()
    assert page.get_by_role("button", name="Try it out").first.is_visible()
    assert csp_violations == []


def test_try_it_out_writes_with_the_session(login, page, csp_violations):
    login(factories.UserFactory(username="ada", role="admin"))
    # Opened by a click, not by the deep link #/units/units_create: the deep link scrolls
    # the operation into view in steps, and on a busy machine it is never "stable" to click.
    page.goto("/api/v1/docs/")
    operation = page.locator("#operations-units-units_create")
    operation.locator(".opblock-summary-control").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.locator("textarea").first.fill('{"name": "Tried from the docs"}')
    with page.expect_response(lambda response: response.url.endswith("/api/v1/units/")) as sent:
        operation.get_by_role("button", name="Execute").click()
    # Django's CSRF check passed: the page sends the token with the session's writes.
    assert sent.value.status == 201
    assert Unit.objects.filter(name="Tried from the docs").exists()
    assert csp_violations == []
