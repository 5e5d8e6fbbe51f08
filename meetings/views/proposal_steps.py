"""Lifecycle steps of a proposal: one small form per step, and the working group's agenda."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from meetings.forms.proposals import (
    DecideForm,
    ForwardForm,
    MeetingChoiceForm,
    ReturnForm,
    WithdrawForm,
)
from meetings.proposal_flow import Step
from meetings.services import proposal_queries, proposals
from meetings.views.proposals import bp
from portal.forms import PortalForm
from portal.i18n import N_, de_datetime
from portal.permissions import Action, require
from portal.views.helpers import submit_form

#: What the proposal page says after a step.
_DONE = {
    Step.SUBMIT_FOR_DELIBERATION: N_("Die Vorlage ist jetzt in der Beratung der Arbeitsgruppe."),
    Step.FORWARD: N_("Die Vorlage wurde an die Lenkungsgruppe weitergeleitet."),
    Step.ACCEPT: N_("Die Vorlage wurde als vollständig angenommen."),
    Step.RETURN: N_("Die Vorlage wurde an die Arbeitsgruppe zurückgegeben."),
    Step.REVISE: N_("Die Vorlage ist wieder in der Beratung der Arbeitsgruppe."),
    Step.SCHEDULE: N_("Die Vorlage steht jetzt auf der Tagesordnung der Sitzung."),
    Step.UNSCHEDULE: N_("Die Vorlage wurde von der Tagesordnung genommen."),
    Step.DECIDE: N_("Die Entscheidung wurde eingetragen."),
    Step.WITHDRAW: N_("Die Vorlage wurde zurückgezogen."),
}
#: Steps whose form offers meetings.
_WITH_MEETINGS = (Step.SUBMIT_FOR_DELIBERATION, Step.SCHEDULE, Step.DECIDE)


def _meeting_label(meeting) -> str:
    return f"{de_datetime(meeting.starts_at)} – {meeting.title}"


def _form(step: Step, meetings: list):
    choices = [(meeting.id, _meeting_label(meeting)) for meeting in meetings]
    if step == Step.FORWARD:
        return ForwardForm()
    if step == Step.RETURN:
        return ReturnForm()
    if step == Step.WITHDRAW:
        return WithdrawForm()
    if step == Step.DECIDE:
        return DecideForm(meetings=choices)
    if step == Step.SCHEDULE:
        return MeetingChoiceForm(meetings=choices)
    if step == Step.SUBMIT_FOR_DELIBERATION:
        return MeetingChoiceForm(meetings=choices, required=False)
    return PortalForm()


def _action(step: Step, proposal, form, meetings: dict):
    """Return the service call the sent form of this step makes."""
    actor = current_user._get_current_object()
    meeting = meetings.get(getattr(getattr(form, "meeting", None), "data", None))
    if step == Step.SUBMIT_FOR_DELIBERATION and meeting is not None:
        return lambda: proposals.put_on_group_agenda(actor, proposal, meeting)
    if step == Step.SCHEDULE:
        return lambda: proposals.schedule_proposal(actor, proposal, meeting)
    if step == Step.DECIDE:
        return lambda: proposals.decide_proposal(
            actor, proposal, form.outcome.data, mandate=form.mandate.data or "", meeting=meeting
        )
    if step == Step.FORWARD:
        details = {
            "recommendation": form.recommendation.data or "",
            "votes_yes": form.votes_yes.data,
            "votes_no": form.votes_no.data,
            "votes_abstain": form.votes_abstain.data,
        }
    elif step in (Step.RETURN, Step.WITHDRAW):
        details = {"reason": form.reason.data or ""}
    else:
        details = {}
    return lambda: proposals.take_step(actor, proposal, step, **details)


@bp.route("/<int:proposal_id>/steps/<step_name>", methods=["GET", "POST"])
@login_required
def step(proposal_id: int, step_name: str):
    """Ask what a step needs (recommendation and vote, reason, meeting, outcome), then take it."""
    try:
        step = Step(step_name)
    except ValueError:
        abort(404)
    proposal = proposal_queries.get_proposal(current_user, proposal_id)
    refusal = proposal_queries.step_refusal(current_user, proposal, step)
    if refusal is not None:
        return render_template(
            "proposals/step.html",
            proposal=proposal,
            step=step,
            form=None,
            refusal=str(refusal),
            reference=proposals.proposal_reference(proposal),
        ), refusal.status_code
    meetings = (
        proposal_queries.meeting_choices(current_user, proposal, step)
        if step in _WITH_MEETINGS
        else []
    )
    form = _form(step, meetings)
    by_id = {meeting.id: meeting for meeting in meetings}
    status = submit_form(form, lambda: _action(step, proposal, form, by_id)())
    if status is None:
        flash(_(_DONE[step]), "success")
        return redirect(url_for("proposals.show", proposal_id=proposal.id))
    return render_template(
        "proposals/step.html",
        proposal=proposal,
        step=step,
        form=form,
        meetings=meetings,
        refusal=None,
        reference=proposals.proposal_reference(proposal),
    ), status


@bp.route("/<int:proposal_id>/group-agenda", methods=["GET", "POST"])
@login_required
def group_agenda(proposal_id: int):
    """Put the proposal on the agenda of a coming meeting of its working group."""
    proposal = proposal_queries.get_proposal(current_user, proposal_id)
    require(current_user, Action.MEETING_MANAGE, proposal.body)
    meetings = proposal_queries.meeting_choices(
        current_user, proposal, Step.SUBMIT_FOR_DELIBERATION
    )
    form = MeetingChoiceForm(meetings=[(m.id, _meeting_label(m)) for m in meetings])
    by_id = {meeting.id: meeting for meeting in meetings}
    actor = current_user._get_current_object()
    status = submit_form(
        form,
        lambda: proposals.put_on_group_agenda(actor, proposal, by_id[form.meeting.data]),
    )
    if status is None:
        flash(_("Die Vorlage steht jetzt auf der Tagesordnung der Sitzung."), "success")
        return redirect(url_for("proposals.show", proposal_id=proposal.id))
    return render_template(
        "proposals/group_agenda.html",
        proposal=proposal,
        form=form,
        meetings=meetings,
        reference=proposals.proposal_reference(proposal),
    ), status
