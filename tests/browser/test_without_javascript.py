"""The portal works with JavaScript switched off: log in, report a barrier, use an admin form,
comment on a document in review."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.documents_data import COMMENTER
from tests.browser.helpers import ADMIN, log_in, path_of

pytestmark = pytest.mark.browser


@pytest.fixture
def no_js(visitor):
    """Open contexts with JavaScript disabled (anonymous, or logged in as a person)."""
    return lambda user=None: visitor.page(user, java_script_enabled=False)


def test_person_logs_in_without_javascript(no_js):
    """The login form posts (with its CSRF token) and opens the dashboard."""
    page = no_js()

    log_in(page, ADMIN)

    expect(page.get_by_role("heading", level=1)).to_have_text("Guten Tag, Tobias Admin")


def test_visitor_reports_a_barrier_without_javascript(no_js):
    """The accessibility feedback form is sent and thanked for."""
    page = no_js()
    page.goto("/barrierefreiheit")
    page.get_by_label("Ihre Nachricht").fill("Der Kontrast der Fußzeile ist zu schwach.")
    page.get_by_label("Seite, auf der die Barriere auftritt (freiwillig)").fill("/impressum")

    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Rückmeldung senden").click()

    assert navigation.value.status == 200 and path_of(page) == "/barrierefreiheit"
    expect(page.get_by_role("status")).to_contain_text("Vielen Dank")


def test_admin_creates_an_organisation_without_javascript(no_js):
    """The admin's organisation form creates the organisation and lists it."""
    page = no_js(ADMIN)
    page.goto("/admin/organisations/new")
    page.get_by_label("Name").fill("Integrationsrat Rhein-Kreis Neuss")
    page.get_by_label("Art").select_option(label="Verband")

    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()

    assert path_of(page) == "/admin/organisations/"
    expect(page.get_by_role("status")).to_contain_text("Die Organisation wurde angelegt.")
    expect(page.get_by_role("link", name="Integrationsrat Rhein-Kreis Neuss")).to_be_visible()


def test_member_comments_on_a_section_in_review_without_javascript(no_js, live_server):
    """A member of the reviewing body opens the comment form from the version, sends it, and
    finds the comment under the section."""
    section = live_server.ids["concept_section"]
    version_path = "/documents/sprachfoerderung/versions/1.1"
    page = no_js(COMMENTER)
    page.goto(version_path)

    with page.expect_navigation():
        zielgruppen = page.get_by_role("region", name="Zielgruppen", exact=True)
        zielgruppen.get_by_role("link", name="Anmerkung geben").click()
    assert path_of(page) == f"{version_path}/sections/{section}/comment"
    page.get_by_label("Anmerkung", exact=True).fill("Bitte die Altersgrenzen begründen.")
    page.get_by_label("Vorgeschlagener Text (optional)").fill("- Stufe 1: 18–40 Jahre")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Anmerkung senden").click()

    assert navigation.value.status == 200 and path_of(page) == version_path
    expect(page.get_by_role("status")).to_contain_text("Ihre Anmerkung wurde gespeichert.")
    comments = page.locator(f"section[aria-labelledby='section-{section}'] details")
    comments.locator("summary").click()
    expect(comments).to_contain_text("Andrea Wolf (Lenkungsgruppe KIM)")
    expect(comments).to_contain_text("Bitte die Altersgrenzen begründen.")
