"""The bodies list and each body's page with its members."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from portal.services import bodies

bp = Blueprint("bodies", __name__, url_prefix="/bodies")


@bp.route("/")
def index():
    """List the bodies the visitor may see."""
    rows = bodies.list_bodies(current_user)
    # Name a parent only if it is itself on the list: a hidden body's name must not leak.
    parents = {body.id: body.name for body, _count in rows}
    return render_template("bodies/index.html", rows=rows, parents=parents)


@bp.route("/<slug>/")
def show(slug: str):
    """Show a body with its current members and their deputies."""
    body = bodies.get_body(current_user, slug)
    parent, children = bodies.related_bodies(current_user, body)
    return render_template(
        "bodies/show.html",
        body=body,
        parent=parent,
        children=children,
        members=bodies.current_members(body),
    )
