"""Admin pages for organisations."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.errors import InvalidInput
from portal.forms.admin import OrganisationForm
from portal.page_cache import cached_page
from portal.permissions import Action, require
from portal.services import organisations
from portal.views.admin import bp
from portal.views.helpers import page_arg, populate_errors


@bp.route("/organisations/")
@cached_page
@login_required
def organisations_index():
    """List organisations."""
    return render_template(
        "admin/organisations.html",
        page=organisations.list_organisations(current_user, page=page_arg()),
    )


@bp.route("/organisations/new", methods=["GET", "POST"])
@login_required
def create_organisation():
    """Create an organisation."""
    require(current_user, Action.ADMIN_ORGANISATIONS)
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            organisations.create_organisation(
                current_user, name=form.name.data, kind=form.kind.data
            )
        except InvalidInput as error:
            populate_errors(form, error)
        else:
            flash(_("Die Organisation wurde angelegt."), "success")
            return redirect(url_for("admin.organisations_index"))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/organisation_form.html", form=form, organisation=None), status


@bp.route("/organisations/<int:organisation_id>", methods=["GET", "POST"])
@login_required
def edit_organisation(organisation_id: int):
    """Edit an organisation."""
    organisation = organisations.get_organisation(current_user, organisation_id)
    form = OrganisationForm(obj=organisation)
    if form.validate_on_submit():
        try:
            organisations.update_organisation(
                current_user, organisation, name=form.name.data, kind=form.kind.data
            )
        except InvalidInput as error:
            populate_errors(form, error)
        else:
            flash(_("Die Änderungen wurden gespeichert."), "success")
            return redirect(url_for("admin.organisations_index"))
    status = 422 if form.is_submitted() else 200
    return (
        render_template("admin/organisation_form.html", form=form, organisation=organisation),
        status,
    )
