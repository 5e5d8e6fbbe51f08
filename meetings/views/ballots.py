"""The ``ballots`` blueprint: ``/ballots/`` and everything below it.

URL table (voting here, running a ballot in ``ballot_admin``):

=====================================  ===========================================
``GET /ballots/<id>``                  the ballot: turnout, my vote, the result
``POST /ballots/<id>/vote``            cast (or change) a seat's vote
``POST /ballots/<id>/conflict``        declare a conflict of interest for a seat
``GET|POST /ballots/<id>/object``      object to a written procedure
``GET|POST /ballots/new``              open a ballot (?item=, ?proposal=, ?amendment=)
``GET|POST /ballots/<id>/counts``      enter the result of a show of hands
``POST /ballots/<id>/close``           close the ballot
``GET|POST /ballots/<id>/cancel``      call it off while nobody has voted
=====================================  ===========================================
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from meetings import ballot_labels
from meetings.forms.ballots import DeputyForm, ObjectionForm, SeatForm, VoteForm
from meetings.services import ballot_queries, ballots
from meetings.services.ballot_seats import outsider_message
from portal.errors import Conflict, InvalidInput, PermissionDenied
from portal.forms import select_choices
from portal.page_cache import cached_page
from portal.permissions import Action, can
from portal.views.helpers import populate_errors

bp = Blueprint("ballots", __name__, url_prefix="/ballots")


@bp.record_once
def _template_helpers(state) -> None:
    state.app.jinja_env.globals["ballot_labels"] = ballot_labels


def _usable(candidate, page, declaring: bool) -> bool:
    if declaring:
        return not candidate.state.is_excluded and candidate.seat.id not in page.voted_seats
    return candidate.verdict.allowed


def _seat_choices(form, page, *, declaring: bool = False) -> None:
    """Offer the voter's seats (for a vote, or for a declaration) to choose from."""
    usable = [c for c in page.mine if _usable(c, page, declaring)]
    form.seat_id.choices = select_choices((c.seat.id, _seat_label(c)) for c in usable)
    if len(usable) == 1:
        form.seat_id.data = usable[0].seat.id


def _seat_label(candidate) -> str:
    holder = candidate.seat.membership.user.name
    if candidate.verdict.as_deputy:
        return _("Sitz von %(name)s (als Stellvertretung)", name=holder)
    return _("Ihr eigener Sitz")


def render_ballot(ballot, status: int = 200, form: VoteForm | None = None):
    """Render the ballot page (also with a 4xx status after a refused vote)."""
    page = ballot_queries.ballot_page(current_user, ballot)
    form = form or VoteForm()
    _seat_choices(form, page)
    declare = SeatForm(prefix="declare")
    _seat_choices(declare, page, declaring=True)
    deputy_form = _deputy_form(ballot, page)
    return render_template(
        "ballots/show.html",
        page=page,
        ballot=ballot,
        form=form,
        declare=declare,
        deputy_form=deputy_form,
    ), status


def _deputy_form(ballot, page) -> DeputyForm | None:
    """The holder's choice of a deputy in an open written procedure their seat has not voted in."""
    own = [c for c in page.mine if not c.verdict.as_deputy]
    if not page.is_open or not own or all(c.seat.id in page.voted_seats for c in own):
        return None
    deputies = ballots.sendable_deputies(current_user, ballot)
    if not deputies:
        return None
    form = DeputyForm(prefix="deputy")
    form.deputy_id.choices = select_choices(
        [(None, _("Ich stimme selbst ab"))] + [(d.id, d.user.name) for d in deputies]
    )
    if not form.is_submitted():
        form.deputy_id.data = own[0].seat.deputy_membership_id
    return form


@bp.route("/<int:ballot_id>")
@cached_page
@login_required
def show(ballot_id: int):
    """Show a ballot: its subject and rules, the live turnout, my vote, the result."""
    return render_ballot(ballot_queries.get_ballot(current_user, ballot_id))


def _refused(ballot, error: Exception, form=None):
    """Show the ballot page with the reason an action was refused."""
    status = 409 if isinstance(error, Conflict) else 403
    flash(str(error), "error")
    return render_ballot(ballot, status, form)


@bp.route("/<int:ballot_id>/vote", methods=["POST"])
@login_required
def vote(ballot_id: int):
    """Cast the vote of a seat the voter may vote for (or change a named vote)."""
    ballot = ballot_queries.get_ballot(current_user, ballot_id)
    if not can(current_user, Action.BALLOT_VOTE, ballot):
        return _refused(ballot, PermissionDenied(outsider_message(current_user, ballot)))
    form = VoteForm()
    if not form.validate_on_submit():
        return render_ballot(ballot, 422, form)
    try:
        cast = ballots.cast_vote(current_user, ballot, form.choice.data, seat_id=form.seat_id.data)
    except InvalidInput as error:
        populate_errors(form, error)
        return render_ballot(ballot, 422, form)
    except (PermissionDenied, Conflict) as error:
        return _refused(ballot, error)
    if cast.is_secret:
        flash(
            _(
                "Ihre Stimme wurde gezählt. Wie Sie abgestimmt haben, speichert das Portal "
                "nicht; die Stimme ist endgültig."
            ),
            "success",
        )
    else:
        label = ballot_labels.VOTE_CHOICE_LABELS[form.choice.data]
        message = (
            _("Ihre Stimme wurde geändert: %(choice)s.", choice=label)
            if cast.is_change
            else _("Ihre Stimme wurde gespeichert: %(choice)s.", choice=label)
        )
        flash(message, "success")
    return redirect(url_for("ballots.show", ballot_id=ballot_id, _anchor="my-vote"))


@bp.route("/<int:ballot_id>/conflict", methods=["POST"])
@login_required
def conflict(ballot_id: int):
    """Declare a conflict of interest: the seat takes no part in this ballot."""
    ballot = ballot_queries.get_ballot(current_user, ballot_id)
    if not can(current_user, Action.BALLOT_VOTE, ballot):
        return _refused(ballot, PermissionDenied(outsider_message(current_user, ballot)))
    form = SeatForm(prefix="declare")
    if not form.validate_on_submit():
        return render_ballot(ballot, 400)
    try:
        ballots.declare_conflict(current_user, ballot, seat_id=form.seat_id.data)
    except InvalidInput as error:
        flash(error.errors[0][1], "error")
        return render_ballot(ballot, 422)
    except (PermissionDenied, Conflict) as error:
        return _refused(ballot, error)
    flash(
        _("Ihre Befangenheit ist vermerkt: Der Sitz nimmt an dieser Abstimmung nicht teil."),
        "success",
    )
    return redirect(url_for("ballots.show", ballot_id=ballot_id))


@bp.route("/<int:ballot_id>/deputy", methods=["POST"])
@login_required
def deputy(ballot_id: int):
    """Send a deputy to vote for the holder's seat in a written procedure (or take it back)."""
    ballot = ballot_queries.get_ballot(current_user, ballot_id)
    form = DeputyForm(prefix="deputy")
    form.deputy_id.choices = select_choices(
        [(None, "")]
        + [(d.id, d.user.name) for d in ballots.sendable_deputies(current_user, ballot)]
    )
    if not form.validate_on_submit():
        return render_ballot(ballot, 422)
    try:
        ballots.send_deputy(current_user, ballot, form.deputy_id.data)
    except InvalidInput as error:
        flash(error.errors[0][1], "error")
        return render_ballot(ballot, 422)
    except (PermissionDenied, Conflict) as error:
        return _refused(ballot, error)
    flash(
        _("Ihre Stellvertretung stimmt für Ihren Sitz ab und wurde benachrichtigt.")
        if form.deputy_id.data
        else _("Sie stimmen wieder selbst ab."),
        "success",
    )
    return redirect(url_for("ballots.show", ballot_id=ballot_id))


@bp.route("/<int:ballot_id>/object", methods=["GET", "POST"], endpoint="object")
@login_required
def object_(ballot_id: int):
    """Object to a written procedure: it ends, and the item goes to the next meeting."""
    ballot = ballot_queries.get_ballot(current_user, ballot_id)
    if not can(current_user, Action.BALLOT_VOTE, ballot):
        return _refused(ballot, PermissionDenied(outsider_message(current_user, ballot)))
    page = ballot_queries.ballot_page(current_user, ballot)
    form = ObjectionForm()
    _seat_choices(form, page, declaring=True)
    status = 200
    if form.validate_on_submit():
        try:
            ballots.object_to_procedure(
                current_user, ballot, form.reason.data, seat_id=form.seat_id.data
            )
        except InvalidInput as error:
            populate_errors(form, error)
        except (PermissionDenied, Conflict) as error:
            form.form_errors.append(str(error))
            status = 409 if isinstance(error, Conflict) else 403
        else:
            flash(
                _(
                    "Ihr Widerspruch ist eingegangen. Das Umlaufverfahren ist beendet; der Punkt "
                    "wird in der nächsten Sitzung beraten."
                ),
                "success",
            )
            return redirect(url_for("ballots.show", ballot_id=ballot_id))
    if form.is_submitted() and status == 200:
        status = 422
    return render_template("ballots/object.html", form=form, ballot=ballot, page=page), status


from meetings.views import ballot_admin  # noqa: E402,F401  (routes register on bp)
