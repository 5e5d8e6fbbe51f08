"""Agenda items: add, change, move and remove (all by the secretariat, all without JavaScript)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from meetings.forms import AgendaItemForm, MoveForm
from meetings.services import agenda, queries
from meetings.views import bp
from meetings.views.pages import render_meeting
from portal.errors import InvalidInput
from portal.forms import PortalForm
from portal.permissions import Action, require
from portal.views.helpers import populate_errors


def _managed_meeting(meeting_id: int):
    meeting = queries.get_meeting(current_user, meeting_id)
    require(current_user, Action.MEETING_MANAGE, meeting)
    return meeting


def _parent_choices(meeting, item=None) -> list[tuple[int, str]]:
    """Top-level items that can take sub-items (never the item itself)."""
    return [
        (entry.item.id, f"TOP {entry.number} {entry.item.title}")
        for entry in queries.numbered_agenda(meeting.items)
        if not entry.is_sub_item and (item is None or entry.item.id != item.id)
    ]


def _fields(form: AgendaItemForm) -> dict:
    return {
        "title": form.title.data or "",
        "description": form.description.data or "",
        "kind": form.kind.data,
        "presenter": form.presenter.data or "",
        "duration_minutes": form.duration_minutes.data,
        "is_public": form.is_public.data,
        "parent_id": form.parent_id.data,
    }


def _agenda_url(meeting, item=None) -> str:
    anchor = f"top-{item.id}" if item is not None else "agenda"
    return url_for("meetings.show", meeting_id=meeting.id, _anchor=anchor)


@bp.route("/<int:meeting_id>/items/new", methods=["GET", "POST"])
@login_required
def create_item(meeting_id: int):
    """Add an item to the agenda (a supplement, once the invitation is out)."""
    meeting = _managed_meeting(meeting_id)
    form = AgendaItemForm(parent_choices=_parent_choices(meeting))
    if form.validate_on_submit():
        try:
            item = agenda.add_agenda_item(current_user, meeting, **_fields(form))
        except InvalidInput as error:
            populate_errors(form, error)
        else:
            flash(_("Der Tagesordnungspunkt wurde hinzugefügt."), "success")
            return redirect(_agenda_url(meeting, item))
    status = 422 if form.is_submitted() else 200
    return render_template("meetings/item_form.html", form=form, meeting=meeting, item=None), status


@bp.route("/<int:meeting_id>/items/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit_item(meeting_id: int, item_id: int):
    """Change an agenda item."""
    meeting = _managed_meeting(meeting_id)
    item = queries.get_agenda_item(current_user, meeting, item_id)
    form = AgendaItemForm(obj=item, parent_choices=_parent_choices(meeting, item))
    if form.validate_on_submit():
        try:
            agenda.update_agenda_item(current_user, item, **_fields(form))
        except InvalidInput as error:
            populate_errors(form, error)
        else:
            flash(_("Die Änderungen wurden gespeichert."), "success")
            return redirect(_agenda_url(meeting, item))
    status = 422 if form.is_submitted() else 200
    return render_template("meetings/item_form.html", form=form, meeting=meeting, item=item), status


@bp.route("/<int:meeting_id>/items/<int:item_id>/move", methods=["POST"])
@login_required
def move_item(meeting_id: int, item_id: int):
    """Move an item one place up or down, or (drag and drop) to a given place."""
    meeting = _managed_meeting(meeting_id)
    item = queries.get_agenda_item(current_user, meeting, item_id)
    form = MoveForm()
    offsets = {"up": -1, "down": 1}
    if not form.validate_on_submit() or (
        form.index.data is None and form.direction.data not in offsets
    ):
        return _refused(meeting, _("Der Punkt konnte nicht verschoben werden."), 400)
    try:
        agenda.move_agenda_item(
            current_user,
            item,
            offset=offsets.get(form.direction.data),
            index=form.index.data,
        )
    except InvalidInput as error:
        return _refused(meeting, error.errors[0][1], 422)
    if _wants_json():
        return {"status": "ok"}
    return redirect(_agenda_url(meeting, item)), 303


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _refused(meeting, message: str, status: int):
    """Answer a refused move: JSON for the drag-and-drop script, else the page with the reason."""
    if _wants_json():
        return {"error": message}, status
    flash(message, "error")
    return render_meeting(meeting, status)


@bp.route("/<int:meeting_id>/items/<int:item_id>/delete", methods=["GET", "POST"])
@login_required
def delete_item(meeting_id: int, item_id: int):
    """Ask, then take the item (and its sub-items) off the agenda."""
    meeting = _managed_meeting(meeting_id)
    item = queries.get_agenda_item(current_user, meeting, item_id)
    form = PortalForm()
    if form.validate_on_submit():
        try:
            agenda.remove_agenda_item(current_user, item)
        except InvalidInput as error:
            return _refused(meeting, error.errors[0][1], 422)
        flash(_("Der Tagesordnungspunkt wurde abgesetzt."), "success")
        return redirect(_agenda_url(meeting))
    return render_template("meetings/item_delete.html", form=form, meeting=meeting, item=item)
