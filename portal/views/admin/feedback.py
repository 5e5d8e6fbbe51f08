"""Admin page listing accessibility feedback."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user, login_required

from portal.page_cache import cached_page
from portal.services.feedback import list_feedback
from portal.views.admin import bp
from portal.views.helpers import page_arg


@bp.route("/feedback/")
@cached_page
@login_required
def feedback():
    """List feedback messages on barriers, newest first."""
    return render_template("admin/feedback.html", page=list_feedback(current_user, page=page_arg()))
