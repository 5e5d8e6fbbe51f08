"""Agenda templates: the items a body's new meetings start from, edited without JavaScript."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from meetings.forms import MoveForm
from meetings.forms.agenda_templates import TemplateItemForm
from meetings.services import agenda_templates
from meetings.views import bp
from portal.errors import InvalidInput
from portal.forms import PortalForm
from portal.page_cache import cached_page
from portal.views.helpers import populate_errors


def _fields(form: TemplateItemForm) -> dict:
    return {
        "title": form.title.data or "",
        "description": form.description.data or "",
        "kind": form.kind.data,
        "is_public": form.is_public.data,
    }


def _template_url(body, item=None) -> str:
    anchor = f"vorlage-{item.id}" if item is not None else "vorlage"
    return url_for("meetings.agenda_template", slug=body.slug, _anchor=anchor)


def _render_template_page(body, form: TemplateItemForm, status: int = 200):
    template = agenda_templates.template_items(current_user, body)
    html = render_template("meetings/agenda_template.html", template=template, form=form)
    return html, status


@bp.route("/agenda-templates/")
@cached_page
@login_required
def agenda_templates_index():
    """List the bodies whose agenda template the user may edit."""
    rows = agenda_templates.template_bodies(current_user)
    if not rows:
        abort(403)
    return render_template("meetings/agenda_templates.html", rows=rows)


@bp.route("/agenda-templates/<slug>", methods=["GET", "POST"])
@login_required
def agenda_template(slug: str):
    """Show a body's agenda template and add an item to it."""
    body = agenda_templates.get_template_body(current_user, slug)
    form = TemplateItemForm()
    if form.validate_on_submit():
        try:
            item = agenda_templates.add_template_item(current_user, body, **_fields(form))
        except InvalidInput as error:
            populate_errors(form, error)
        else:
            flash(_("Der Punkt wurde der Vorlage hinzugefügt."), "success")
            return redirect(_template_url(body, item))
    return _render_template_page(body, form, 422 if form.is_submitted() else 200)


@bp.route("/agenda-templates/<slug>/adopt", methods=["POST"])
@login_required
def adopt_template(slug: str):
    """Make the default agenda the body's own template, to change it item by item."""
    body = agenda_templates.get_template_body(current_user, slug)
    if not PortalForm().validate_on_submit():
        abort(400)
    agenda_templates.adopt_default_template(current_user, body)
    flash(_("Die Standardvorlage ist jetzt die eigene Vorlage des Gremiums."), "success")
    return redirect(_template_url(body))


@bp.route("/agenda-templates/<slug>/reset", methods=["GET", "POST"])
@login_required
def reset_template(slug: str):
    """Ask, then go back to the default agenda."""
    body = agenda_templates.get_template_body(current_user, slug)
    form = PortalForm()
    if form.validate_on_submit():
        agenda_templates.reset_template(current_user, body)
        flash(_("Neue Sitzungen beginnen wieder mit der Standardvorlage."), "success")
        return redirect(_template_url(body))
    return render_template("meetings/template_reset.html", form=form, body=body)


@bp.route("/agenda-templates/<slug>/items/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit_template_item(slug: str, item_id: int):
    """Change an item of the template."""
    body = agenda_templates.get_template_body(current_user, slug)
    item = agenda_templates.get_template_item(current_user, body, item_id)
    form = TemplateItemForm(obj=item)
    if form.validate_on_submit():
        try:
            agenda_templates.update_template_item(current_user, item, **_fields(form))
        except InvalidInput as error:
            populate_errors(form, error)
        else:
            flash(_("Die Änderungen wurden gespeichert."), "success")
            return redirect(_template_url(body, item))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "meetings/template_item_form.html", form=form, body=body, item=item
    ), status


@bp.route("/agenda-templates/<slug>/items/<int:item_id>/move", methods=["POST"])
@login_required
def move_template_item(slug: str, item_id: int):
    """Move an item one place up or down, or (drag and drop) to a given place."""
    body = agenda_templates.get_template_body(current_user, slug)
    item = agenda_templates.get_template_item(current_user, body, item_id)
    form = MoveForm()
    offsets = {"up": -1, "down": 1}
    if not form.validate_on_submit() or (
        form.index.data is None and form.direction.data not in offsets
    ):
        return _refused(body, _("Der Punkt konnte nicht verschoben werden."), 400)
    try:
        agenda_templates.move_template_item(
            current_user, item, offset=offsets.get(form.direction.data), index=form.index.data
        )
    except InvalidInput as error:
        return _refused(body, error.errors[0][1], 422)
    if _wants_json():
        return {"status": "ok"}
    return redirect(_template_url(body, item)), 303


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _refused(body, message: str, status: int):
    """Answer a refused change: JSON for the drag-and-drop script, else the page with the reason."""
    if _wants_json():
        return {"error": message}, status
    flash(message, "error")
    return _render_template_page(body, TemplateItemForm(formdata=None), status)


@bp.route("/agenda-templates/<slug>/items/<int:item_id>/delete", methods=["GET", "POST"])
@login_required
def delete_template_item(slug: str, item_id: int):
    """Ask, then take the item out of the template."""
    body = agenda_templates.get_template_body(current_user, slug)
    item = agenda_templates.get_template_item(current_user, body, item_id)
    form = PortalForm()
    if form.validate_on_submit():
        try:
            agenda_templates.remove_template_item(current_user, item)
        except InvalidInput as error:
            return _refused(body, error.errors[0][1], 422)
        flash(_("Der Punkt wurde aus der Vorlage entfernt."), "success")
        return redirect(_template_url(body))
    return render_template("meetings/template_item_delete.html", form=form, body=body, item=item)
