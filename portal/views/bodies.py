"""The bodies list and each body's page with its members."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from portal.page_cache import cached_page
from portal.services import bodies
from portal.views.helpers import page_arg

bp = Blueprint("bodies", __name__, url_prefix="/bodies")


@bp.route("/")
@cached_page
def index():
    """List the bodies the visitor may see: all, those below one body, or the visitor's own."""
    parent = None
    if request.args.get("parent"):
        parent = bodies.get_body(current_user, request.args["parent"])
    mine = request.args.get("mine") == "1" and current_user.is_authenticated
    rows = bodies.list_bodies(current_user, parent=parent, mine=mine, page=page_arg())
    filter_args = {key: value for key, value in request.args.items() if key != "page"}
    return render_template(
        "bodies/index.html", rows=rows, parent=parent, mine=mine, filter_args=filter_args
    )


@bp.route("/<slug>/")
@cached_page
def show(slug: str):
    """Show a body with its current members and their deputies."""
    body = bodies.get_body(current_user, slug)
    parent, children, more_children = bodies.related_bodies(current_user, body)
    return render_template(
        "bodies/show.html",
        body=body,
        parent=parent,
        children=children,
        more_children=more_children,
        members=bodies.current_members(body, page=page_arg()),
    )
