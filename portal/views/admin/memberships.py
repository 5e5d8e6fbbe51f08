"""Admin pages for the memberships of a body: add, edit, end."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.errors import InvalidInput
from portal.forms.admin import EndMembershipForm, MembershipForm
from portal.models import Body, Membership
from portal.page_cache import cached_page
from portal.permissions import Action, require
from portal.services import accounts, bodies, memberships, organisations
from portal.timeutil import today_local
from portal.views.admin import bp
from portal.views.helpers import page_arg, populate_errors


def _form(body: Body, membership: Membership | None = None) -> MembershipForm:
    return MembershipForm(
        obj=membership,
        users=accounts.user_choices(),
        organisations=organisations.organisation_choices(),
        seats=memberships.seat_choices(body, exclude=membership),
    )


def _fields(form: MembershipForm) -> dict:
    return {
        "user_id": form.user_id.data,
        "role": form.role.data,
        "organisation_id": form.organisation_id.data,
        "function": form.function.data or "",
        "has_voting_right": form.has_voting_right.data,
        "deputy_of_id": form.deputy_of_id.data,
        "starts_on": form.starts_on.data,
        "ends_on": form.ends_on.data,
    }


@bp.route("/bodies/<int:body_id>/memberships/")
@cached_page
@login_required
def memberships_index(body_id: int):
    """List a body's memberships (current ones, or all with ?all=1)."""
    body = bodies.get_body_for_admin(current_user, body_id)
    include_ended = request.args.get("all") == "1"
    rows = memberships.list_memberships(
        current_user, body, include_ended=include_ended, page=page_arg()
    )
    return render_template(
        "admin/memberships.html",
        body=body,
        page=rows,
        include_ended=include_ended,
    )


@bp.route("/bodies/<int:body_id>/memberships/new", methods=["GET", "POST"])
@login_required
def create_membership(body_id: int):
    """Add a person to a body."""
    body = bodies.get_body_for_admin(current_user, body_id)
    require(current_user, Action.BODY_MANAGE_MEMBERS, body)
    form = _form(body)
    if request.method == "GET":
        form.starts_on.data = today_local()
    if form.validate_on_submit():
        try:
            memberships.add_membership(current_user, body, **_fields(form))
        except InvalidInput as error:
            populate_errors(form, error)
        else:
            flash(_("Die Mitgliedschaft wurde angelegt."), "success")
            return redirect(url_for("admin.memberships_index", body_id=body.id))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "admin/membership_form.html", form=form, body=body, membership=None
    ), status


@bp.route("/memberships/<int:membership_id>", methods=["GET", "POST"])
@login_required
def edit_membership(membership_id: int):
    """Change a membership."""
    membership = memberships.get_membership(current_user, membership_id)
    form = _form(membership.body, membership)
    if form.validate_on_submit():
        try:
            memberships.update_membership(current_user, membership, **_fields(form))
        except InvalidInput as error:
            populate_errors(form, error)
        else:
            flash(_("Die Änderungen wurden gespeichert."), "success")
            return redirect(url_for("admin.memberships_index", body_id=membership.body_id))
    status = 422 if form.is_submitted() else 200
    return (
        render_template(
            "admin/membership_form.html", form=form, body=membership.body, membership=membership
        ),
        status,
    )


@bp.route("/memberships/<int:membership_id>/end", methods=["GET", "POST"])
@login_required
def end_membership(membership_id: int):
    """Ask for the last day and end a membership (and its deputies)."""
    membership = memberships.get_membership(current_user, membership_id)
    form = EndMembershipForm()
    if request.method == "GET":
        form.ends_on.data = today_local()
    if form.validate_on_submit():
        try:
            memberships.end_membership(current_user, membership, ends_on=form.ends_on.data)
        except InvalidInput as error:
            populate_errors(form, error)
        else:
            flash(_("Die Mitgliedschaft wurde beendet."), "success")
            return redirect(url_for("admin.memberships_index", body_id=membership.body_id))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/membership_end.html", form=form, membership=membership), status
