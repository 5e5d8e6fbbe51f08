"""The pages the benchmark measures, the user each is seen as, and reading the login form.

Each page is requested as the person who uses it: the dashboard and the body pages as a steering
group member, the admin pages as the administrator, the membership list and the audit log as the
KI secretariat (whose access is checked per body, which costs more than an admin's).
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from benchmarks.app import LAYOUT_PATH, TRIVIAL_PATH

PASSWORD = "kim-demo-2026"
MEMBER = "mitglied@demo.example"
ADMIN = "admin@demo.example"
SECRETARIAT = "sekretariat@demo.example"


@dataclass(frozen=True)
class Page:
    """One measured page: a label for the report, the path, and who requests it."""

    label: str
    path: str
    #: E-mail of the demo user to log in as; None for anonymous.
    user: str | None
    #: This page's own targets where the issue sets them (None: the general ones in ``report``).
    max_sql: int | None = None
    min_share: float | None = None

    def url_path(self, steering_id: int) -> str:
        """Return the path with the steering group's id filled in."""
        return self.path.format(steering_id=steering_id)


TRIVIAL = Page("trivial route", TRIVIAL_PATH, None)

PAGES: tuple[Page, ...] = (
    # What rendering the layout alone costs (it is never kept in the page store): a reference
    # for reading the other rows, not a page of the portal, so not judged by throughput.
    Page("layout only (logged in)", LAYOUT_PATH, MEMBER, min_share=0.0),
    Page("/ (dashboard)", "/", MEMBER),
    Page("/bodies/", "/bodies/", MEMBER),
    Page("/bodies/lenkungsgruppe/", "/bodies/lenkungsgruppe/", MEMBER),
    Page("/profile", "/profile", MEMBER),
    Page("/admin/users/", "/admin/users/", ADMIN),
    Page("/admin/organisations/", "/admin/organisations/", ADMIN),
    Page("/admin/bodies/", "/admin/bodies/", ADMIN),
    Page("/admin/bodies/ (secretariat)", "/admin/bodies/", SECRETARIAT),
    Page(
        "/admin/bodies/<steering>/memberships/",
        "/admin/bodies/{steering_id}/memberships/",
        SECRETARIAT,
    ),
    Page("/audit/", "/audit/", SECRETARIAT),
    Page("/login (anonymous)", "/login", None),
    Page("/impressum (anonymous)", "/impressum", None),
)


class _CsrfFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.token: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "input" and values.get("name") == "csrf_token" and self.token is None:
            self.token = values.get("value")


def csrf_token(html: str) -> str:
    """Return the CSRF token of the first form on the page (the login form).

    The benchmark logs in through the real form, with CSRF protection on, so that it measures
    the application as it runs in production.
    """
    finder = _CsrfFinder()
    finder.feed(html)
    if not finder.token:
        raise RuntimeError("no csrf_token field found on the login page")
    return finder.token


def login_form(email: str, token: str) -> dict[str, str]:
    """Return the fields of the login form for a demo user."""
    return {"email": email, "password": PASSWORD, "csrf_token": token}
