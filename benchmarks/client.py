"""Talking to the running server: logging in through the real form, and checking a page.

Each demo user logs in once over HTTP (GET /login for the CSRF token and session cookie, then
POST /login); the load generator then sends the session cookie with every request, as a browser
would.
"""

from __future__ import annotations

import http.client
import threading
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from benchmarks.app import TRIVIAL_PATH
from benchmarks.pages import csrf_token, login_form
from benchmarks.server import HOST

SESSION_COOKIE = "kim_session"
#: The portal rewrites the session cookie when its ``seen_at`` is over a minute old, on every
#: request until the client takes the new cookie (a load generator never does). A cookie is used
#: only while it stays younger than this, so no page is measured with that extra work.
COOKIE_QUIET_S = 55.0


def _session_cookie(response: http.client.HTTPResponse) -> str | None:
    for header in response.headers.get_all("Set-Cookie") or []:
        cookie = SimpleCookie()
        cookie.load(header)
        if SESSION_COOKIE in cookie:
            return f"{SESSION_COOKIE}={cookie[SESSION_COOKIE].value}"
    return None


def http_login(port: int, email: str) -> str:
    """Log in as a demo user through the real form; return the ``Cookie`` header value."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", "/login")
        response = connection.getresponse()
        html = response.read().decode()
        cookie = _session_cookie(response)
        if cookie is None:
            raise RuntimeError("GET /login set no session cookie")
        body = urlencode(login_form(email, csrf_token(html)))
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
        connection.request("POST", "/login", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        if response.status != 302:
            raise RuntimeError(f"login as {email} answered {response.status}, expected 302")
        cookie = _session_cookie(response) or cookie
        # As a browser does: the page after the login shows (and so removes) the welcome
        # message. A cookie still holding it would make every measured page a page with a
        # flash message, which the portal never keeps (portal.page_cache).
        connection.request("GET", response.headers["Location"], headers={"Cookie": cookie})
        response = connection.getresponse()
        response.read()
        return _session_cookie(response) or cookie
    finally:
        connection.close()


@dataclass(frozen=True)
class Check:
    """The answer to one request of a page before its load run."""

    status: int
    size: int


def check_page(port: int, path: str, cookie: str | None) -> Check:
    """Request a page once; the load run only counts if this answers 200."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return Check(status=response.status, size=len(response.read()))
    finally:
        connection.close()


class Sessions:
    """Session cookies of the demo users, logged in on first use and renewed when they age."""

    def __init__(self, port: int) -> None:
        self.port = port
        self._cookies: dict[str, tuple[str, float]] = {}

    def cookie(self, email: str | None, needed_for_s: float) -> str | None:
        """Return a session cookie for the user that stays quiet for ``needed_for_s`` seconds.

        None for anonymous pages.
        """
        if email is None:
            return None
        cached = self._cookies.get(email)
        if cached is None or time.monotonic() - cached[1] + needed_for_s > COOKIE_QUIET_S:
            cached = (http_login(self.port, email), time.monotonic())
            self._cookies[email] = cached
        return cached[0]


def drain(port: int, connections: int, timeout: float = 60.0) -> None:
    """Wait until the requests a load run left queued in the server are done.

    When a load run ends, up to ``connections`` of its requests are still queued or running in
    the workers (gunicorn serves them although the client has gone). Without this, a slow page's
    leftovers would eat the first second of the next run. Sending as many trivial requests at
    once and waiting for all of them to come back puts them behind the leftovers.
    """

    def one() -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
        try:
            connection.request("GET", TRIVIAL_PATH)
            connection.getresponse().read()
        except OSError:
            pass
        finally:
            connection.close()

    threads = [threading.Thread(target=one) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
