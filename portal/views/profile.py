"""The user's own profile: password and language."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from portal.errors import InvalidInput
from portal.forms.auth import LocaleForm, PasswordChangeForm
from portal.security import start_session
from portal.services import accounts
from portal.views.helpers import populate_errors

bp = Blueprint("profile", __name__, url_prefix="/profile")


def _render(password_form: PasswordChangeForm, locale_form: LocaleForm, status: int = 200):
    return (
        render_template("profile/show.html", password_form=password_form, locale_form=locale_form),
        status,
    )


@bp.route("", methods=["GET"])
@login_required
def show():
    """Show the profile with its forms."""
    return _render(PasswordChangeForm(), LocaleForm(locale=current_user.locale))


@bp.route("/password", methods=["POST"])
@login_required
def change_password():
    """Change the password; this session stays, every other one ends."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        me = current_user._get_current_object()
        try:
            user = accounts.change_password(
                me,
                me,
                current_password=form.current_password.data,
                new_password=form.new_password.data,
            )
        except InvalidInput as error:
            populate_errors(form, error)
        else:
            start_session(user.locale)
            login_user(user)
            flash(
                _("Ihr Passwort wurde geändert. Auf allen anderen Geräten wurden Sie abgemeldet."),
                "success",
            )
            return redirect(url_for("profile.show"))
    return _render(form, LocaleForm(locale=current_user.locale), 422)


@bp.route("/language", methods=["POST"])
@login_required
def change_language():
    """Set the language the portal speaks to the user."""
    form = LocaleForm()
    if form.validate_on_submit():
        accounts.set_locale(current_user, current_user, form.locale.data)
        session["locale"] = form.locale.data
        flash(_("Die Sprache wurde gespeichert."), "success")
        return redirect(url_for("profile.show"))
    return _render(PasswordChangeForm(), form, 422)
