"""The site icon: linked from every page, and /favicon.ico finds it too."""

from django.contrib.staticfiles import finders


def test_favicon_ico_redirects_anyone_to_the_svg_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/relmap/favicon.svg"


def test_the_icon_is_a_static_svg_file():
    path = finders.find("relmap/favicon.svg")
    assert path
    with open(path, encoding="utf-8") as icon:
        assert icon.read().startswith("<svg")


ICON_LINK = b'<link rel="icon" href="/static/relmap/favicon.svg" type="image/svg+xml">'


def test_pages_link_to_the_icon(client, owner):
    assert ICON_LINK in client.get("/accounts/login/").content
    client.force_login(owner)
    assert ICON_LINK in client.get("/").content


def test_favicon_ico_takes_only_get(client, db):
    assert client.post("/favicon.ico").status_code == 405
