"""URL building for templates: the links every page repeats are built once per process.

The layout links the same dozen places on every page (style sheets, navigation, footer); building
each through Werkzeug's URL map costs more than the rest of the layout. A relative URL without
parameters depends only on the endpoint and the script root the app is mounted under, so it is
kept under exactly that key. Everything else (parameters, blueprint-relative endpoints, absolute
URLs, building outside a request) goes to Flask's own ``url_for`` unchanged.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask import url_for as url_for_flask
from flask.globals import _cv_request

#: More keys than the portal has links means the script root varies (a proxy's prefix header):
#: start over rather than grow without bound.
_MAX_KEYS = 1024
#: Static files are linked by file name only; the other parameters Flask allows stay uncached.
_STATIC = "static"


def template_url_for(app: Flask) -> Callable[..., str]:
    """Return the ``url_for`` the templates of ``app`` use."""
    build = app.url_for
    built: dict[tuple[str, str, str | None], str] = {}

    def url_for(endpoint: str, **values) -> str:
        context = _cv_request.get(None)
        if context is None or endpoint.startswith("."):
            return build(endpoint, **values)
        if values and not (endpoint == _STATIC and values.keys() == {"filename"}):
            return build(endpoint, **values)
        key = (endpoint, context.request.root_path, values.get("filename"))
        url = built.get(key)
        if url is None:
            if len(built) >= _MAX_KEYS:
                built.clear()
            url = built[key] = build(endpoint, **values)
        return url

    return url_for


#: A number no record has, built into a link and then replaced by the pattern's slot.
_SENTINEL = 2_147_480_647


def url_pattern(endpoint: str, slot: str, **values) -> str:
    """Return a ``str.format`` pattern for the endpoint's links that differ in one integer.

    A table of forty agenda items links four actions per row; building 160 links through the
    URL map costs more than the rest of the table. The link is built once with a stand-in
    number for ``slot`` and the number is swapped for ``{}``: ``pattern.format(item.id)``.
    """
    built = url_for_flask(endpoint, **{**values, slot: _SENTINEL})
    marker = str(_SENTINEL)
    path, _, query = built.partition("?")
    if path.count(marker) != 1 or marker in query:
        raise ValueError(f"{endpoint} does not take {slot} once in its path")
    return built.replace("{", "{{").replace("}", "}}").replace(marker, "{}")
