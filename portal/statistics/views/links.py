"""Linking snapshots and staffing calculations from agenda items, proposals, minutes, sections.

The link form sits on the snapshot and on the staffing page and posts to a route of its own
page, so a refused choice comes back on that page (422) with the reason beside the select.
"""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.errors import InvalidInput
from portal.permissions import Action, require
from portal.statistics.forms.links import LinkForm
from portal.statistics.services import links
from portal.statistics.views import bp, pages, staffing
from portal.views.helpers import populate_errors


def _actor():
    return current_user._get_current_object()


def _link(**subject) -> LinkForm | None:
    """Link what the form names; return the form with its errors, or None when linked."""
    form = LinkForm()
    if form.validate_on_submit():
        try:
            links.link_statistics(_actor(), target=form.target.data or "", **subject)
        except InvalidInput as error:
            populate_errors(form, error)
        else:
            flash(_("Die Verknüpfung ist gespeichert."), "success")
            return None
    return form


@bp.route("/snapshots/<int:snapshot_id>/links", methods=["POST"])
@login_required
def snapshot_link(snapshot_id: int):
    """Link a snapshot from an agenda item, a proposal, minutes or a section (secretariat)."""
    require(_actor(), Action.STATISTICS_MANAGE)
    form = _link(snapshot_id=snapshot_id)
    if form is None:
        return redirect(url_for("statistics.snapshot", snapshot_id=snapshot_id), 303)
    return pages.snapshot(snapshot_id, link_form=form, status=422)


@bp.route("/staffing/<int:staffing_id>/links", methods=["POST"])
@login_required
def staffing_link(staffing_id: int):
    """Attach a staffing calculation to a proposal, an agenda item, minutes or a section."""
    require(_actor(), Action.STATISTICS_MANAGE)
    form = _link(staffing_id=staffing_id)
    if form is None:
        return redirect(url_for("statistics.staffing_show", staffing_id=staffing_id), 303)
    return staffing.staffing_show(staffing_id, link_form=form, status=422)


@bp.route("/links/<int:link_id>/delete", methods=["POST"])
@login_required
def link_delete(link_id: int):
    """Remove a link while its target is still open for links (secretariat)."""
    require(_actor(), Action.STATISTICS_MANAGE)
    removed = links.unlink_statistics(_actor(), link_id)
    flash(_("Die Verknüpfung ist entfernt."), "success")
    if removed.snapshot_id is not None:
        target = url_for("statistics.snapshot", snapshot_id=removed.snapshot_id)
    else:
        target = url_for("statistics.staffing_show", staffing_id=removed.staffing_id)
    return redirect(target, 303)
