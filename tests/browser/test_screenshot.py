"""A full-page screenshot of the dashboard, for people to look at (test-output/dashboard.png)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.helpers import MEMBER

pytestmark = pytest.mark.browser

OUTPUT = Path(__file__).resolve().parents[2] / "test-output"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_dashboard_screenshot_is_written(visitor):
    """The member's dashboard is saved as a non-empty PNG at desktop width."""
    page = visitor.open("/", MEMBER, viewport={"width": 1280, "height": 800})
    page.evaluate("async () => { await document.fonts.ready; }")
    OUTPUT.mkdir(exist_ok=True)
    target = OUTPUT / "dashboard.png"
    target.unlink(missing_ok=True)

    page.screenshot(path=target, full_page=True)

    data = target.read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) > 10_000
