"""Legal pages a German public body needs, and the accessibility feedback form."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.forms.legal import FeedbackForm
from portal.page_cache import cached_page
from portal.services.feedback import submit_feedback
from portal.services.legal import legal_text

bp = Blueprint("legal", __name__)


@bp.route("/impressum")
@cached_page
def imprint():
    """Show the Impressum (§ 5 DDG)."""
    return render_template("legal/page.html", page="impressum", custom=legal_text("impressum"))


@bp.route("/datenschutz")
@cached_page
def privacy():
    """Show the privacy statement (Art. 13 DSGVO)."""
    return render_template("legal/page.html", page="datenschutz", custom=legal_text("datenschutz"))


@bp.route("/barrierefreiheit", methods=["GET", "POST"])
def accessibility():
    """Show the accessibility statement (BITV NRW § 4) and take feedback (§ 5)."""
    form = FeedbackForm()
    if form.validate_on_submit():
        submit_feedback(
            current_user if current_user.is_authenticated else None,
            name=form.name.data or "",
            email=form.email.data or "",
            page=form.page.data or "",
            message=form.message.data,
        )
        flash(_("Vielen Dank. Ihre Rückmeldung wurde an die Verantwortlichen gesendet."), "success")
        return redirect(url_for("legal.accessibility"))
    status = 422 if form.is_submitted() else 200
    return (
        render_template(
            "legal/page.html",
            page="barrierefreiheit",
            custom=legal_text("barrierefreiheit"),
            form=form,
        ),
        status,
    )
