"""Admin pages for user accounts."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.errors import InvalidInput
from portal.forms.admin import UserForm
from portal.page_cache import cached_page
from portal.permissions import Action, require
from portal.services import accounts
from portal.views.admin import bp
from portal.views.helpers import page_arg, populate_errors


@bp.route("/users/")
@cached_page
@login_required
def users():
    """List user accounts."""
    search = request.args.get("q", "")[:200]
    page = accounts.list_users(current_user, search=search, page=page_arg())
    return render_template("admin/users.html", page=page, search=search)


@bp.route("/users/new", methods=["GET", "POST"])
@login_required
def create_user():
    """Create an account; the person sets a password through the e-mailed link."""
    require(current_user, Action.ADMIN_USERS)
    form = UserForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                current_user,
                email=form.email.data,
                name=form.name.data,
                role=form.role.data,
                locale=form.locale.data,
                invite=True,
            )
        except InvalidInput as error:
            populate_errors(form, error)
        else:
            flash(
                _(
                    "Das Konto für %(name)s wurde angelegt. Eine Einladung mit einem Link zum "
                    "Festlegen des Passworts ist an %(email)s unterwegs.",
                    name=user.name,
                    email=user.email,
                ),
                "success",
            )
            return redirect(url_for("admin.users"))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/user_form.html", form=form, user=None), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@login_required
def edit_user(user_id: int):
    """Edit an account."""
    user = accounts.get_user(current_user, user_id)
    form = UserForm(obj=user)
    if form.validate_on_submit():
        try:
            accounts.update_user(
                current_user,
                user,
                email=form.email.data,
                name=form.name.data,
                role=form.role.data,
                is_active=form.is_active.data,
                locale=form.locale.data,
            )
        except InvalidInput as error:
            populate_errors(form, error)
        else:
            flash(_("Die Änderungen wurden gespeichert."), "success")
            return redirect(url_for("admin.users"))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/user_form.html", form=form, user=user), status
