"""The audit log page for the secretariat and admins."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from portal.forms.audit import AuditFilterForm
from portal.page_cache import cached_page
from portal.services.audit_log import audit_filter_choices, list_audit_events
from portal.views.helpers import page_arg

bp = Blueprint("audit", __name__, url_prefix="/audit")


@bp.route("/")
@cached_page
@login_required
def index():
    """List audit events, filtered by action, object type, person and period."""
    form = AuditFilterForm(request.args)
    form.fill_choices(audit_filter_choices(current_user))
    filters = {}
    status = 200
    if request.args and not form.validate():
        status = 422
    elif request.args:
        filters = {
            "action": form.action.data or "",
            "object_type": form.object_type.data or "",
            "person": form.actor.data or "",
            "since": form.since.data,
            "until": form.until.data,
        }
    events = list_audit_events(current_user, page=page_arg(), **filters)
    filter_args = {key: value for key, value in request.args.items() if key != "page"}
    return (
        render_template("audit/index.html", form=form, events=events, filter_args=filter_args),
        status,
    )
