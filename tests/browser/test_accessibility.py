"""Every page of the portal passes axe-core's WCAG 2.1 A and AA rules (BITV 2.0 / EN 301 549)."""

from __future__ import annotations

import pytest

from tests.browser.helpers import ENGLISH_READER, describe_violations, run_axe
from tests.browser.tour import TOUR, Stop, switch_language, visit

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("stop", TOUR, ids=lambda stop: stop.id)
def test_page_has_no_wcag_violations(stop: Stop, tour_page, axe_source, url_for_tour):
    """The page, as its person sees it (forms also after an empty submit), has no violations."""
    page = visit(tour_page, stop, url_for_tour)

    violations = run_axe(page, axe_source)

    assert not violations, describe_violations(violations, f"{page.url} ({stop.id})")


def test_dashboard_in_english_has_no_wcag_violations(visitor, axe_source):
    """After switching to English in the footer, the dashboard has no violations either."""
    page = visitor.open("/", ENGLISH_READER)
    switch_language(page, "en")
    try:
        assert page.get_attribute("html", "lang") == "en"

        violations = run_axe(page, axe_source)

        assert not violations, describe_violations(violations, f"{page.url} (English)")
    finally:
        switch_language(page, "de")


def test_axe_reports_a_field_that_lost_its_label(visitor, axe_source):
    """The check above can fail: on a login page whose e-mail label is removed, axe objects."""
    page = visitor.open("/login")
    page.evaluate("() => document.querySelector('label[for=email]').remove()")

    violations = run_axe(page, axe_source)

    assert "label" in {violation["id"] for violation in violations}
