"""The application as the benchmark serves it: the real portal plus one trivial route.

Throughput is reported relative to a route of the *same* app and server, so that the figures
mean the same on a fast and a slow machine. ``/healthz`` runs a database query and so is not
trivial; ``/_bench/trivial`` returns a constant string and passes only through what every request
passes through (the session guard, the security headers).
"""

from __future__ import annotations

from flask import Flask, render_template
from flask_login import login_required

from portal import create_app

TRIVIAL_PATH = "/_bench/trivial"
TRIVIAL_BODY = "ok"
#: The portal's layout (header, navigation, footer) with an empty content block, for a logged-in
#: user: the least any page of the portal costs when rendered (it is never kept in the page
#: store, unlike the portal's pages).
LAYOUT_PATH = "/_bench/layout"


def _trivial() -> tuple[str, int, dict[str, str]]:
    return TRIVIAL_BODY, 200, {"Content-Type": "text/plain; charset=utf-8"}


@login_required
def _layout() -> str:
    return render_template("base.html")


def build_app() -> Flask:
    """Build the portal with ``create_app()`` from the environment and add the trivial route.

    Configuration comes from the environment (``DATABASE_URL``, ``SECRET_KEY``,
    ``PORTAL_INSTANCE_PATH``, ``MAIL_ENABLED``), exactly as in production: the harness sets it
    before it builds the app in-process and before it starts gunicorn.
    """
    app = create_app()
    app.add_url_rule(TRIVIAL_PATH, "bench_trivial", _trivial)
    app.add_url_rule(LAYOUT_PATH, "bench_layout", _layout)
    return app
