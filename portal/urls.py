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
