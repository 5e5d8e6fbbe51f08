"""The user's own profile: password, language, which mails to receive, calendar subscription."""

from __future__ import annotations

from flask import Blueprint, flash, make_response, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from portal.errors import InvalidInput
from portal.forms import PortalForm
from portal.forms.auth import LocaleForm, PasswordChangeForm
from portal.forms.profile import NotificationPreferencesForm
from portal.page_cache import cached_page
from portal.security import start_session
from portal.services import accounts, calendar_tokens, notification_preferences
from portal.views.helpers import populate_errors

bp = Blueprint("profile", __name__, url_prefix="/profile")


def _render(
    *,
    password_form: PasswordChangeForm | None = None,
    locale_form: LocaleForm | None = None,
    notifications_form: NotificationPreferencesForm | None = None,
    new_feed_token: str | None = None,
    status: int = 200,
):
    """Render the profile; the forms not given show the stored state, not the posted data."""
    me = current_user._get_current_object()
    if notifications_form is None:
        chosen = notification_preferences.get_preferences(me, me)
        notifications_form = NotificationPreferencesForm(
            formdata=None, data={kind.value: wanted for kind, wanted in chosen.items()}
        )
    page = render_template(
        "profile/show.html",
        password_form=password_form or PasswordChangeForm(formdata=None),
        locale_form=locale_form or LocaleForm(formdata=None, locale=me.locale),
        notifications_form=notifications_form,
        calendar_form=PortalForm(formdata=None),
        feed_token=calendar_tokens.calendar_token(me, me),
        feed_url=_feed_urls(new_feed_token) if new_feed_token else None,
    )
    return page, status


def _feed_urls(token: str) -> dict[str, str]:
    """Return the new feed address, as https:// (to copy) and as webcal:// (to open)."""
    address = url_for("calendars.personal", token=token, _external=True)
    return {"https": address, "webcal": "webcal://" + address.split("://", 1)[1]}


@bp.route("", methods=["GET"])
@cached_page
@login_required
def show():
    """Show the profile with its forms."""
    return _render()


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
    return _render(password_form=form, status=422)


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
    return _render(locale_form=form, status=422)


@bp.route("/notifications", methods=["POST"])
@login_required
def change_notifications():
    """Save which kinds of mail the user wants."""
    form = NotificationPreferencesForm()
    if form.validate_on_submit():
        me = current_user._get_current_object()
        try:
            notification_preferences.set_preferences(me, me, form.choices())
        except InvalidInput as error:
            populate_errors(form, error)
        else:
            flash(_("Ihre Auswahl der E-Mail-Benachrichtigungen wurde gespeichert."), "success")
            return redirect(url_for("profile.show"))
    return _render(notifications_form=form, status=422)


@bp.route("/calendar", methods=["POST"])
@login_required
def issue_calendar_address():
    """Make a new personal feed address and show it, this once (only its hash is kept).

    Answered with the page itself, not a redirect: the address must not travel through the
    session cookie or the browser history.
    """
    if not PortalForm().validate_on_submit():
        return _render(status=400)
    me = current_user._get_current_object()
    issued = calendar_tokens.issue_calendar_token(me, me)
    response = make_response(_render(new_feed_token=issued.token))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/calendar/revoke", methods=["POST"])
@login_required
def revoke_calendar_address():
    """End the calendar subscription: the address stops working at once."""
    if not PortalForm().validate_on_submit():
        return _render(status=400)
    me = current_user._get_current_object()
    if calendar_tokens.revoke_calendar_token(me, me):
        flash(
            _("Ihr Kalender-Abonnement ist beendet; die Adresse funktioniert nicht mehr."),
            "success",
        )
    return redirect(url_for("profile.show"))
