"""Admin pages for bodies."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.errors import InvalidInput
from portal.forms.admin import BodyForm
from portal.page_cache import cached_page
from portal.permissions import Action, require
from portal.services import bodies
from portal.views.admin import bp
from portal.views.helpers import page_arg, populate_errors


def _fields(form: BodyForm) -> dict:
    return {
        "name": form.name.data,
        "slug": form.slug.data.strip(),
        "kind": form.kind.data,
        "description": form.description.data or "",
        "parent_id": form.parent_id.data,
        "is_public": form.is_public.data,
        "notice_period_days": form.notice_period_days.data,
        "quorum_rule": form.quorum_rule.data,
        "default_majority_rule": form.default_majority_rule.data,
        "written_procedure_rule": form.written_procedure_rule.data,
        "shows_live_results": form.shows_live_results.data,
        "reference_prefix": form.reference_prefix.data or "",
    }


@bp.route("/bodies/")
@cached_page
@login_required
def bodies_index():
    """List all bodies with links to their settings and memberships."""
    page, manageable = bodies.list_all_bodies(current_user, page=page_arg())
    return render_template("admin/bodies.html", page=page, manageable=manageable)


@bp.route("/bodies/new", methods=["GET", "POST"])
@login_required
def create_body():
    """Create a body."""
    require(current_user, Action.ADMIN_BODIES)
    form = BodyForm(parent_choices=bodies.body_choices())
    if form.validate_on_submit():
        try:
            body = bodies.create_body(current_user, **_fields(form))
        except InvalidInput as error:
            populate_errors(form, error)
        else:
            flash(_("Das Gremium „%(name)s“ wurde angelegt.", name=body.name), "success")
            return redirect(url_for("admin.bodies_index"))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/body_form.html", form=form, body=None), status


@bp.route("/bodies/<int:body_id>", methods=["GET", "POST"])
@login_required
def edit_body(body_id: int):
    """Edit a body's settings."""
    require(current_user, Action.ADMIN_BODIES)
    body = bodies.get_body_for_admin(current_user, body_id)
    form = BodyForm(obj=body, parent_choices=bodies.body_choices(exclude=body))
    if form.validate_on_submit():
        try:
            bodies.update_body(current_user, body, **_fields(form))
        except InvalidInput as error:
            populate_errors(form, error)
        else:
            flash(_("Die Änderungen wurden gespeichert."), "success")
            return redirect(url_for("admin.bodies_index"))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/body_form.html", form=form, body=body), status
