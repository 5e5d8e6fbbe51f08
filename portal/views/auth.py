"""Login, logout, password reset and the language switch."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from portal.errors import InvalidInput
from portal.extensions import db
from portal.forms.auth import LocaleForm, LoginForm, ResetPasswordForm, ResetRequestForm
from portal.models import User
from portal.security import start_session
from portal.services import accounts, auth
from portal.views.helpers import client_address, populate_errors, safe_next

bp = Blueprint("auth", __name__)


def load_user(session_token: str) -> User | None:
    """Load the session's user, refusing sessions issued before a logout or password change."""
    user_id, _sep, generation = session_token.partition(":")
    if not user_id.isdigit() or not generation.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or user.session_generation != int(generation):
        return None
    return user


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the login form and log the person in."""
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = auth.authenticate(form.email.data, form.password.data, address=client_address())
        except auth.LoginThrottled as error:
            form.form_errors.append(str(error))
            status = 429
        except InvalidInput as error:
            populate_errors(form, error)
            status = 422
        else:
            start_session(user.locale)
            login_user(user)
            flash(_("Willkommen, %(name)s.", name=user.name), "success")
            return redirect(safe_next(request.args.get("next")) or url_for("dashboard.index"))
    elif form.is_submitted():
        status = 422
    expired = session.pop("expired", False)
    return render_template("auth/login.html", form=form, expired=expired), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Log out here and end every other session of the user."""
    auth.end_sessions(current_user)
    logout_user()
    session.clear()
    flash(_("Sie haben sich abgemeldet."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/password-reset", methods=["GET", "POST"])
def reset_request():
    """Ask for a password-reset link by e-mail."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        auth.request_password_reset(form.email.data)
        flash(
            _(
                "Wenn ein Konto mit dieser E-Mail-Adresse besteht, haben wir einen Link zum "
                "Zurücksetzen des Passworts dorthin gesendet."
            ),
            "info",
        )
        return redirect(url_for("auth.login"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/reset_request.html", form=form), status


@bp.route("/password-reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Set a new password through the link from the e-mail."""
    if auth.find_reset_token(token) is None:
        return render_template("auth/reset_invalid.html"), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            auth.reset_password(token, form.password.data)
        except InvalidInput as error:
            populate_errors(form, error)
        else:
            flash(_("Ihr Passwort wurde geändert. Bitte melden Sie sich an."), "success")
            return redirect(url_for("auth.login"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/reset_password.html", form=form), status


@bp.route("/language", methods=["POST"])
def set_language():
    """Switch the language (kept in the profile for logged-in users, else in the session)."""
    form = LocaleForm()
    if not form.validate_on_submit():
        abort(400)
    if current_user.is_authenticated:
        accounts.set_locale(current_user, current_user, form.locale.data)
    session["locale"] = form.locale.data
    return redirect(safe_next(request.form.get("next")) or url_for("dashboard.index"))
