"""Pages load under the strict CSP without errors, and only from the portal itself."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from tests.browser.helpers import MEMBER, goto

pytestmark = pytest.mark.browser


class PageLog:
    """What a page reported while open: its console errors and every request it made."""

    def __init__(self, page: Page):
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on("request", lambda request: self.requests.append(request.url))

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(message.text)


def _settle(page: Page) -> None:
    """Wait until the web fonts have loaded (they are fetched only once text uses them)."""
    page.evaluate("async () => { await document.fonts.ready; }")


@pytest.mark.parametrize("path", ["/", "/bodies/lenkungsgruppe/"])
def test_page_has_no_console_errors_and_requests_only_the_portal(visitor, live_server, path):
    """Under the portal's own CSP the page logs no error and fetches nothing from elsewhere."""
    page = visitor.page(MEMBER)
    log = PageLog(page)

    response = goto(page, path)
    _settle(page)

    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert log.errors == []
    origin = urlsplit(live_server.url)[:2]
    foreign = [url for url in log.requests if urlsplit(url)[:2] != origin]
    assert log.requests and foreign == []


def test_csp_violations_would_show_as_console_errors(visitor):
    """The check above can fail: an inline script, which the CSP blocks, logs an error."""
    page = visitor.page(MEMBER)
    log = PageLog(page)
    goto(page, "/")

    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "document.title = 'inline script ran'";
          document.head.append(script);
        }"""
    )

    assert page.title() != "inline script ran"
    assert any("Content Security Policy" in error for error in log.errors), log.errors
