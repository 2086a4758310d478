"""Pages page by cursor: following Next shows every row once in order with the filters kept,
Previous comes back, the pager still says which page it is, old `?page=N` links and a spoilt
cursor still give a page, and a deep page costs the queries the first does."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stakeholders.models import Contact
from tests import factories
from tests.pages import pager_link

pytestmark = pytest.mark.django_db


def _names(page: str) -> list[str]:
    return re.findall(r'<a href="/contacts/\d+/">([^<]+)</a>', page)


def _walk(client, url):
    pages = []
    while url:
        assert len(pages) < 50, "the Next links go round in a circle"
        pages.append(client.get(url).content.decode())
        following = pager_link(pages[-1], "next")
        url = "/contacts/" + following if following else None
    return pages


def test_next_walks_every_contact_once_and_previous_comes_back(client, owner, settings):
    for n in range(110):
        factories.ContactFactory(first_name="Ann" if n % 2 else "Bo", last_name=f"Berg {n % 4}")
    factories.ContactFactory(first_name="Zed", last_name="Other")
    client.force_login(owner)
    pages = _walk(client, "/contacts/?q=berg&sort=name")
    assert [f"Page {n}" in page for n, page in enumerate(pages, 1)] == [True] * len(pages)
    seen = [name for page in pages for name in _names(page)]
    expected = [
        c.full_name
        for c in Contact.objects.filter(last_name__startswith="Berg").order_by(
            "last_name", "first_name", "id"
        )
    ]
    assert seen == expected and len(pages) == 3
    for page in pages[1:]:
        assert "q=berg" in pager_link(page, "prev") and "sort=name" in pager_link(page, "prev")
    back = client.get("/contacts/" + pager_link(pages[2], "prev")).content.decode()
    assert _names(back) == _names(pages[1]) and "Page 2" in back


def test_old_page_numbers_and_spoilt_cursors_still_give_a_page(client, owner):
    for n in range(60):
        factories.ContactFactory(last_name=f"Name {n:02}")
    client.force_login(owner)
    first = client.get("/contacts/").content.decode()
    by_number = client.get("/contacts/?page=2").content.decode()
    assert "Name 50" in by_number and "Name 49" not in by_number
    spoilt = client.get("/contacts/?cursor=not-a-cursor")
    assert spoilt.status_code == 200 and _names(spoilt.content.decode()) == _names(first)


def test_a_deep_page_costs_the_queries_of_the_first(client, owner):
    factories.ContactFactory.create_batch(130)
    client.force_login(owner)
    with CaptureQueriesContext(connection) as first:
        page = client.get("/contacts/").content.decode()
    url = "/contacts/" + pager_link(page, "next")
    url = "/contacts/" + pager_link(client.get(url).content.decode(), "next")
    with CaptureQueriesContext(connection) as third:
        deep = client.get(url).content.decode()
    assert "Page 3" in deep and len(_names(deep)) == 30
    assert len(third) == len(first)
    assert " OFFSET " not in third.captured_queries[-1]["sql"].upper()
