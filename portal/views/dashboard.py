"""The start page: the user's bodies and what comes next."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from portal.dashboard import cards_for
from portal.page_cache import cached_page
from portal.services import bodies

bp = Blueprint("dashboard", __name__)


@bp.route("/")
@cached_page
@login_required
def index():
    """Show the user's bodies, and what the areas have for them: meetings, votes, tasks."""
    return render_template(
        "dashboard/index.html",
        memberships=bodies.my_bodies(current_user),
        case_areas=bodies.my_case_areas(current_user),
        cards=cards_for(current_user),
    )
