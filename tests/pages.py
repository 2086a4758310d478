"""Reading pages in tests: the pager's links."""

import html
import re


def pager_link(page: str, rel: str) -> str | None:
    """The href of the pager's `rel` ("next" or "prev") link in the page's HTML, or None."""
    found = re.search(rf'<a href="([^"]*)" rel="{rel}"', page)
    return html.unescape(found.group(1)) if found else None
