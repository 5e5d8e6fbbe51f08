"""Operator-supplied texts for the legal pages.

Each district writes its own Impressum and privacy statement. ``PORTAL_LEGAL_DIR`` may hold
``impressum.md``, ``datenschutz.md`` and ``barrierefreiheit.md``; a file there replaces the
built-in default text (rendered from the operator settings) of that page.
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app
from markupsafe import Markup

from portal.markup import render_markdown

PAGES = ("impressum", "datenschutz", "barrierefreiheit")


def legal_text(page: str) -> Markup | None:
    """Return the operator's own text for a legal page, or None to use the default."""
    folder = current_app.config.get("PORTAL_LEGAL_DIR")
    if page not in PAGES or not folder:
        return None
    path = Path(folder) / f"{page}.md"
    if not path.is_file():
        return None
    return render_markdown(path.read_text(encoding="utf-8"))
