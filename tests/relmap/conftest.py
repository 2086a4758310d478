"""Browser helpers for the pages of one's own account, the error pages and the API docs."""

import pytest

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}


@pytest.fixture
def look(page, screenshot):
    """`look("name")` saves the page as it is at 1280 px and at 390 px wide for a person to look
    at, and fails when at 390 px it scrolls sideways."""

    def _look(name):
        screenshot(f"{name}-1280")
        page.set_viewport_size(PHONE)
        try:
            fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            screenshot(f"{name}-390")
            assert fits, f"{page.url} scrolls sideways at 390 px"
        finally:
            page.set_viewport_size(LAPTOP)

    return _look


@pytest.fixture
def csp_violations(page):
    """What the browser refused under the Content-Security-Policy, as it says in the console."""
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refused
