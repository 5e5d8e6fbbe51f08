"""The one way user text becomes HTML: Markdown, then an allow-list sanitiser (nh3/ammonia)."""

from __future__ import annotations

from functools import lru_cache

import markdown as _markdown
import nh3
from markupsafe import Markup

_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "td": {"align"},
    "th": {"align"},
}


def render_markdown(text: str | None) -> Markup:
    """Render Markdown to sanitised HTML: no script, no event handlers, no javascript: links."""
    return _render(text or "")


@lru_cache(maxsize=512)
def _render(text: str) -> Markup:
    """Render one text, remembered: the same descriptions are shown on every page view.

    Building the Markdown converter costs more than the queries of a body page; the result
    depends on the text alone, so a bounded cache per process is safe.
    """
    html = _markdown.markdown(text, extensions=["tables", "sane_lists"])
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)
