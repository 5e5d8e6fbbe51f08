"""Running a ballot: open it, enter the result of a show of hands, close it, call it off."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from meetings.ballot_labels import RESULT_LABELS
from meetings.forms.ballots import CancelBallotForm, CountsForm, OpenBallotForm, named_votes_form
from meetings.models import BallotKind, BallotSecrecy
from meetings.services import ballot_queries, ballots
from meetings.views.ballots import bp, render_ballot
from portal.errors import Conflict, InvalidInput
from portal.forms import PortalForm
from portal.labels import MAJORITY_RULE_LABELS
from portal.permissions import Action, require
from portal.timeutil import NonexistentLocalTime, from_local
from portal.views.helpers import populate_errors, submit_form


def _deadline(form: OpenBallotForm):
    """Return the deadline as UTC (None if not given), or put the error next to the field."""
    day, clock = form.closes_at.data, form.closes_time.data
    if day is None and clock is None:
        return None
    if day is None or clock is None:
        field = form.closes_time if day is not None else form.closes_at
        field.errors = [*field.errors, _("Bitte geben Sie Datum und Uhrzeit der Frist an.")]
        return False
    try:
        return from_local(day, clock)
    except NonexistentLocalTime:
        form.closes_time.errors = [_("Diese Uhrzeit gibt es wegen der Zeitumstellung nicht.")]
        return False


def _arg(name: str) -> int | None:
    value = request.args.get(name, "")
    if not value:
        return None
    if not value.isdigit():
        abort(404)
    return int(value)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    """Open a ballot on an agenda item, a proposal or an amendment."""
    subject = ballot_queries.new_ballot_subject(
        current_user,
        item_id=_arg("item"),
        proposal_id=_arg("proposal"),
        amendment_id=_arg("amendment"),
    )
    body = subject.body
    default_rule = _(
        "Regel des Gremiums: %(meeting)s; im Umlaufverfahren: %(written)s",
        meeting=MAJORITY_RULE_LABELS[body.default_majority_rule],
        written=MAJORITY_RULE_LABELS[body.written_procedure_rule],
    )
    form = OpenBallotForm(kinds=subject.kinds, default_rule_label=default_rule)
    if request.method == "GET":
        form.title.data = subject.title
        form.kind.data = subject.kinds[0].value
    if form.validate_on_submit() and (deadline := _deadline(form)) is not False:
        try:
            ballot = ballots.open_ballot(
                current_user,
                body=body,
                kind=form.kind.data,
                secrecy=form.secrecy.data,
                title=form.title.data or "",
                meeting=subject.meeting,
                agenda_item=subject.agenda_item,
                proposal=subject.proposal,
                amendment=subject.amendment,
                rule=form.rule.data or None,
                closes_at=deadline,
                allows_changes=form.allows_changes.data,
            )
        except InvalidInput as error:
            populate_errors(form, error)
        else:
            flash(_("Die Abstimmung ist eröffnet."), "success")
            return redirect(url_for("ballots.show", ballot_id=ballot.id))
    status = 422 if form.is_submitted() else 200
    return render_template("ballots/new.html", form=form, subject=subject), status


def _result_message(outcome) -> str:
    return _(
        "Die Abstimmung ist geschlossen. Ergebnis: %(result)s.",
        result=RESULT_LABELS[outcome.status],
    )


@bp.route("/<int:ballot_id>/counts", methods=["GET", "POST"])
@login_required
def counts(ballot_id: int):
    """Enter the counts (or, for a named ballot, each seat's vote) of a show of hands."""
    ballot = ballot_queries.get_ballot(current_user, ballot_id)
    require(current_user, Action.BALLOT_MANAGE, ballot)
    if ballot.kind != BallotKind.RECORDED:
        abort(404)
    page = ballot_queries.ballot_page(current_user, ballot)
    by_names = request.form.get("mode") == "names"
    form = CountsForm()
    names = None
    if ballot.secrecy == BallotSecrecy.NAMED:
        names = named_votes_form([s for s in page.seats if not s.is_excluded])
    outcome = None

    def record():
        nonlocal outcome
        if by_names:
            votes = {
                int(name.removeprefix("seat_")): field.data
                for name, field in names._fields.items()
                if name.startswith("seat_") and field.data
            }
            outcome = ballots.record_named_votes(current_user, ballot, votes)
        else:
            outcome = ballots.record_counts(
                current_user, ballot, yes=form.yes.data, no=form.no.data, abstain=form.abstain.data
            )

    active = names if by_names and names is not None else form
    status = submit_form(active, record) if request.method == "POST" else 200
    if status is None:
        flash(_result_message(outcome), "success")
        return redirect(url_for("ballots.show", ballot_id=ballot_id))
    return render_template(
        "ballots/counts.html", form=form, names=names, ballot=ballot, page=page, by_names=by_names
    ), status


@bp.route("/<int:ballot_id>/close", methods=["POST"])
@login_required
def close(ballot_id: int):
    """Close the ballot: the result is computed and stored for good."""
    ballot = ballot_queries.get_ballot(current_user, ballot_id)
    require(current_user, Action.BALLOT_MANAGE, ballot)
    if not PortalForm().validate_on_submit():
        abort(400)
    try:
        outcome = ballots.close_ballot(current_user, ballot)
    except Conflict as error:
        flash(str(error), "error")
        return render_ballot(ballot, 409)
    except InvalidInput as error:
        flash(error.errors[0][1], "error")
        return render_ballot(ballot, 422)
    flash(_result_message(outcome), "success")
    return redirect(url_for("ballots.show", ballot_id=ballot_id))


@bp.route("/<int:ballot_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(ballot_id: int):
    """Call off a ballot nobody has voted in yet, with a reason."""
    ballot = ballot_queries.get_ballot(current_user, ballot_id)
    require(current_user, Action.BALLOT_MANAGE, ballot)
    form = CancelBallotForm()
    status = submit_form(
        form, lambda: ballots.cancel_ballot(current_user, ballot, form.reason.data)
    )
    if status is None:
        flash(_("Die Abstimmung wurde abgebrochen."), "success")
        return redirect(url_for("ballots.show", ballot_id=ballot_id))
    return render_template("ballots/cancel.html", form=form, ballot=ballot), status
