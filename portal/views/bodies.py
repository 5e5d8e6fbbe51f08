"""The bodies list and each body's page with its members."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from portal.services import bodies

bp = Blueprint("bodies", __name__, url_prefix="/bodies")


@bp.route("/")
def index():
    """List the bodies the visitor may see."""
    return render_template("bodies/index.html", rows=bodies.list_bodies(current_user))


@bp.route("/<slug>/")
def show(slug: str):
    """Show a body with its current members and their deputies."""
    body = bodies.get_body(current_user, slug)
    return render_template("bodies/show.html", body=body, members=bodies.current_members(body))
