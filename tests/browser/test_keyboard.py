"""The login and editing a document's section work with the keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from portal.demo_data import DEMO_PASSWORD
from tests.browser.helpers import MEMBER, SECRETARIAT, goto, path_of

pytestmark = pytest.mark.browser

#: Enough Tab presses to pass the header's links; more means the form is hard to reach.
MAX_TABS_TO_FORM = 10


def _focused(page: Page) -> dict:
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          return {tag: el.tagName.toLowerCase(), id: el.id, type: el.type || "",
                  text: el.textContent.trim(), inViewport: (() => {
                    const r = el.getBoundingClientRect();
                    return r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight;
                  })()};
        }"""
    )


def _tab_until(page: Page, element_id: str) -> int:
    for presses in range(1, MAX_TABS_TO_FORM + 1):
        page.keyboard.press("Tab")
        if _focused(page)["id"] == element_id:
            return presses
    raise AssertionError(f"#{element_id} not reached with {MAX_TABS_TO_FORM} Tab presses")


@pytest.fixture
def login_page(visitor) -> Page:
    """The login page in a fresh anonymous context, nothing focused yet."""
    page = visitor.page()
    goto(page, "/login")
    return page


def test_first_tab_shows_the_skip_link_and_enter_jumps_to_the_form(login_page: Page):
    """The first Tab lands on a visible skip link; after Enter, the next Tab is the e-mail field."""
    login_page.keyboard.press("Tab")

    skip_link = _focused(login_page)
    assert skip_link["tag"] == "a" and skip_link["text"] == "Zum Inhalt springen"
    assert skip_link["inViewport"], "the focused skip link must be visible"

    login_page.keyboard.press("Enter")
    login_page.keyboard.press("Tab")

    assert _focused(login_page)["id"] == "email"


def test_person_logs_in_with_tab_typing_and_enter_only(login_page: Page):
    """Tab reaches the skip link first, then e-mail, password and the button; Enter logs in."""
    login_page.keyboard.press("Tab")
    assert _focused(login_page)["text"] == "Zum Inhalt springen"

    _tab_until(login_page, "email")
    login_page.keyboard.type(MEMBER)
    login_page.keyboard.press("Tab")
    assert _focused(login_page)["id"] == "password"
    login_page.keyboard.type(DEMO_PASSWORD)
    login_page.keyboard.press("Tab")
    button = _focused(login_page)
    assert (button["tag"], button["type"], button["text"]) == ("button", "submit", "Anmelden")
    with login_page.expect_navigation():
        login_page.keyboard.press("Enter")

    assert path_of(login_page) == "/"
    expect(login_page.get_by_role("heading", level=1)).to_have_text("Guten Tag, Claudia Hoffmann")


#: Tab presses allowed to reach a section's edit link on the version page, past the header,
#: the version's facts and actions, the table of contents and the sections before it.
MAX_TABS_TO_SECTION = 40


def _tab_to(page: Page, selector: str, limit: int) -> int:
    """Press Tab until the element matching ``selector`` has the focus; return the presses."""
    target = page.locator(selector)
    expect(target).to_have_count(1)
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return presses
    raise AssertionError(f"{selector} not reached with {limit} Tab presses")


def test_secretariat_edits_a_section_with_the_keyboard_only(visitor, live_server):
    """From the skip link, Tab to a section's edit link and press Enter; on the form, type into
    heading and text, Tab to "Speichern" and press Enter: the version shows the saved section."""
    number = live_server.ids["rules_section"]
    version_path = "/documents/geschaeftsordnung-lg/versions/1.0"
    edit_path = f"{version_path}/sections/{number}/edit"
    page = visitor.page(SECRETARIAT)
    goto(page, version_path)

    page.keyboard.press("Tab")
    assert _focused(page)["text"] == "Zum Inhalt springen"
    page.keyboard.press("Enter")
    _tab_to(page, f"main a[href='{edit_path}']", MAX_TABS_TO_SECTION)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert path_of(page) == edit_path

    page.keyboard.press("Tab")
    assert _focused(page)["text"] == "Zum Inhalt springen"
    page.keyboard.press("Enter")
    _tab_to(page, "#heading", MAX_TABS_TO_FORM)
    page.keyboard.press("End")
    page.keyboard.type(" und Einladungen")
    page.keyboard.press("Tab")
    assert _focused(page)["id"] == "level"
    page.keyboard.press("Tab")
    assert _focused(page)["id"] == "body"
    page.keyboard.press("Control+End")
    page.keyboard.type(" Die Einladung geht zwei Wochen vorher hinaus.")
    page.keyboard.press("Tab")
    button = _focused(page)
    assert (button["tag"], button["type"], button["text"]) == ("button", "submit", "Speichern")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert path_of(page) == version_path
    expect(page.get_by_role("status")).to_contain_text(
        "Der Abschnitt „Sitzungen und Einladungen“ wurde gespeichert."
    )
    section = page.locator(f"section[aria-labelledby='section-{number}']")
    expect(section.get_by_role("heading")).to_have_text("Sitzungen und Einladungen")
    expect(section).to_contain_text(
        "Sie tagt mindestens viermal im Jahr. Die Einladung geht zwei Wochen vorher hinaus."
    )
