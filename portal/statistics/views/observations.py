"""Interface observations: the list with its counts, reporting one, reading one, triaging it.

Everyone who may read observations (KI, case managers, the triage body's participants) reads
all of them; the reporter's name is shown only to those who triage (KI, the body's chair and
deputy chair). A case manager sees their own as "Sie", everyone else's as "Case-Management".
Whoever may not read them gets 403 on every page: the area itself is no secret.
"""

from __future__ import annotations

from types import SimpleNamespace

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal import dashboard
from portal import labels as portal_labels
from portal.dashboard import Card
from portal.errors import InvalidInput, PermissionDenied
from portal.i18n import lazy_gettext as _l
from portal.page_cache import cached_page
from portal.statistics.forms.observations import (
    ASSESSMENT_LABELS,
    STATUS_LABELS,
    ObservationFilterForm,
    ObservationForm,
    TriageForm,
)
from portal.statistics.observation_catalogue import (
    AUTHORITIES,
    ONLY_AUTHORITY,
    TOPICS,
    normalised_authorities,
)
from portal.statistics.services import observation_queries as queries
from portal.statistics.services import observations as service
from portal.statistics.views import bp
from portal.views.helpers import page_arg, populate_errors, submit_form

#: Authority pairs the start page lists; the list page has them all.
CARD_TOP_PAIRS = 5
#: After the meetings' cards (10, 20): observations are a working group's follow-up.
CARD_ORDER = 40

LABELS = SimpleNamespace(
    STATUS_LABELS=STATUS_LABELS,
    ASSESSMENT_LABELS=ASSESSMENT_LABELS,
    AUTHORITIES=AUTHORITIES,
    TOPICS=TOPICS,
    ONLY_AUTHORITY=ONLY_AUTHORITY,
    # Rows stored by other paths (demo data) may hold the keys in another order.
    ordered=normalised_authorities,
)
AUDIT_LABELS = {
    "observation.reported": _l("Schnittstellen-Hinweis gemeldet"),
    "observation.triaged": _l("Schnittstellen-Hinweis gesichtet"),
}


def observations_card(user) -> Card | None:
    """The start page card: open observations and the last quarters' counts."""
    overview = queries.overview(user)
    if overview is None:
        return None
    return Card(
        "observations-card",
        "statistics/_observations_card.html",
        CARD_ORDER,
        {"overview": overview, "top_pairs": CARD_TOP_PAIRS},
    )


@bp.record_once
def _register(state) -> None:
    dashboard.register_card(state.app, observations_card)
    portal_labels.AUDIT_ACTION_LABELS.update(AUDIT_LABELS)
    portal_labels.OBJECT_TYPE_LABELS["InterfaceObservation"] = _l("Schnittstellen-Hinweis")
    state.app.jinja_env.globals["observation_labels"] = LABELS


def _actor():
    return current_user._get_current_object()


@bp.route("/observations/")
@cached_page
@login_required
def observations():
    """List observations, filtered, with counts by authority pair and topic per quarter."""
    if not service.may_view(current_user):
        raise PermissionDenied()
    form = ObservationFilterForm(request.args)
    status = 200
    try:
        filters = queries.parse_filters(request.args)
    except InvalidInput as error:
        populate_errors(form, error)
        filters, status = queries.ObservationFilters(), 422
    page = queries.list_observations(current_user, filters, page_arg())
    return render_template(
        "statistics/observations/index.html",
        form=form,
        page=page,
        filter_args=filters.as_args(),
        counts=queries.observation_counts(current_user, filters),
        proposals=queries.linked_proposals(current_user, page.items),
        may_report=service.may_report(current_user),
        may_triage=service.may_triage(current_user),
    ), status


@bp.route("/observations/new", methods=["GET", "POST"])
@login_required
def observation_new():
    """Report what works or fails between authorities; warn about text like personal data."""
    if not service.may_report(current_user):
        raise PermissionDenied()
    form = ObservationForm()
    form.offer_municipalities(service.municipality_choices())
    if request.method == "GET":
        form.organisation.data = service.default_municipality(current_user)
    suspected, saved = [], []

    def action():
        try:
            created = service.report_observation(
                _actor(),
                authorities=form.authorities.data or [],
                topic=form.topic.data,
                assessment=form.assessment.data,
                description=form.description.data,
                organisation_id=form.organisation.data,
                has_no_personal_data=form.has_no_personal_data.data,
                confirm_despite_warning=form.confirm_despite_warning.data,
            )
            saved.append(created)
        except service.PersonalDataSuspected as error:
            suspected.extend(error.findings)
            raise

    status = submit_form(form, action)
    if status is None:
        flash(_("Ihr Hinweis wurde gespeichert. Die AG Verfahrensebene sichtet ihn."), "success")
        return redirect(url_for("statistics.observation", observation_id=saved[0].id))
    return render_template(
        "statistics/observations/new.html", form=form, suspected=suspected
    ), status


@bp.route("/observations/<int:observation_id>")
@cached_page
@login_required
def observation(observation_id: int):
    """Show one observation, its status and the proposal that took it up."""
    item = queries.get_observation(current_user, observation_id)
    proposals = queries.linked_proposals(current_user, [item])
    return render_template(
        "statistics/observations/show.html",
        observation=item,
        proposal=proposals.get(item.proposal_id),
        may_triage=service.may_triage(current_user),
    )


@bp.route("/observations/<int:observation_id>/triage", methods=["GET", "POST"])
@login_required
def observation_triage(observation_id: int):
    """Move an observation on: in review, taken up by a proposal, noted, closed, reopened."""
    if not service.may_triage(current_user):
        raise PermissionDenied()
    item = queries.get_observation(current_user, observation_id)
    form = TriageForm()
    form.offer(service.allowed_statuses(item), service.proposal_choices(current_user))

    def action():
        service.triage_observation(
            _actor(),
            item,
            status=form.status.data,
            proposal_id=form.proposal.data,
            reason=form.reason.data,
        )

    status = submit_form(form, action)
    if status is None:
        flash(_("Der Stand des Hinweises wurde gespeichert."), "success")
        return redirect(url_for("statistics.observation", observation_id=item.id))
    return render_template(
        "statistics/observations/triage.html", form=form, observation=item
    ), status
