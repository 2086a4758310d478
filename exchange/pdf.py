"""A page as PDF for the board pack, printed by the headless Chromium the server has (Debian's
`chromium`) from the page's own HTML with its stylesheets inlined: the PDF is what the print
stylesheet shows (no navigation, a page per section, charts at full width). Nothing is
fetched from anywhere: scripts are left out and the page is read from a file."""

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import render

TIMEOUT_SECONDS = 60
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)">')
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S)
_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--no-pdf-header-footer",
]


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _inline(match) -> str:
    path = match.group(1).split("?")[0].removeprefix("/").removeprefix(settings.STATIC_URL)
    found = finders.find(path)
    return f"<style>{Path(found).read_text(encoding='utf-8')}</style>" if found else ""


def html_to_pdf(html: str) -> bytes | None:
    """The PDF Chromium prints from `html`, or None when it cannot (not installed, failed)."""
    chromium = _chromium()
    if chromium is None:
        return None
    html = _STYLESHEET.sub(_inline, _SCRIPT.sub("", html))
    with tempfile.TemporaryDirectory() as folder:
        page, out = Path(folder) / "page.html", Path(folder) / "page.pdf"
        page.write_text(html, encoding="utf-8")
        try:
            subprocess.run(
                [
                    chromium,
                    *_ARGS,
                    f"--user-data-dir={folder}/profile",
                    f"--print-to-pdf={out}",
                    page.as_uri(),
                ],
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        return out.read_bytes() if out.exists() else None


def pdf_response(request, page, name: str) -> HttpResponse:
    """`page` (a rendered page) as a PDF download named `name`; 503 when no PDF can be made."""
    pdf = html_to_pdf(page.content.decode())
    if pdf is None:
        return render(
            request,
            "exchange/no_pdf.html",
            {"back": request.path},
            status=503,
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
