"""Every page of the tour has one h1, a title, and says which language it is in."""

from __future__ import annotations

import pytest

from tests.browser.helpers import ENGLISH_READER
from tests.browser.tour import TOUR, Stop, switch_language, visit

pytestmark = pytest.mark.browser


def _structure(page) -> tuple[int, str, str | None]:
    return page.locator("h1").count(), page.title().strip(), page.get_attribute("html", "lang")


def _names_page_and_portal(title: str) -> bool:
    """Tell whether a title reads "<page> – <portal>", both parts non-empty."""
    page_name, separator, portal_name = title.rpartition(" – ")
    return bool(separator and page_name.strip() and portal_name.strip())


@pytest.mark.parametrize("stop", TOUR, ids=lambda stop: stop.id)
def test_page_has_one_h1_a_title_and_lang_de(stop: Stop, tour_page, url_for_tour):
    """The page has exactly one h1, a <title> "<page> – KIM-Portal", and lang="de"."""
    page = visit(tour_page, stop, url_for_tour)

    h1_count, title, lang = _structure(page)

    assert h1_count == 1, f"{stop.id}: {h1_count} h1 elements"
    assert _names_page_and_portal(title) and title.endswith("KIM-Portal"), f"title {title!r}"
    assert lang == "de"


@pytest.mark.parametrize(
    ("user", "path"),
    [(None, "/login"), (ENGLISH_READER, "/"), (ENGLISH_READER, "/profile")],
    ids=["login-anonymous", "dashboard", "profile"],
)
def test_page_in_english_has_one_h1_a_title_and_lang_en(visitor, user, path):
    """After switching to English in the footer, the page says lang="en", has one h1 and a title."""
    page = visitor.open(path, user)
    switch_language(page, "en")
    try:
        h1_count, title, lang = _structure(page)

        assert h1_count == 1
        assert _names_page_and_portal(title), f"title {title!r}"
        assert lang == "en"
    finally:
        switch_language(page, "de")
