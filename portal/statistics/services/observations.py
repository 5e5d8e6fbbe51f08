"""Interface observations (Schnittstellen-Hinweise): who may do what, reporting, triage.

Case managers and the KI report what works well or badly between authorities; the procedure
working group (the *triage body*, ``STATISTICS_TRIAGE_BODY``, by default the AG
Verfahrensebene) triages each one. Observations must hold no personal data: the reporter
confirms it, and text that looks like a name with a birth date, a file number, a phone number
or an e-mail address is refused with a warning until it is changed or the reporter confirms
once more that it holds none.

Triage moves an observation along these steps (anything else is refused)::

    new        → in_review, taken_up, noted, closed
    in_review  → taken_up, noted, closed
    taken_up, noted, closed → in_review   (reopen)

``taken_up`` needs the proposal that takes it up (one the triager may link to), ``closed`` a
reason; ``noted`` and the other steps take an optional one. Leaving ``taken_up`` unlinks the
proposal; the audit log keeps the link. The list, single observations, the counts and the
start page's figures are read through :mod:`portal.statistics.services.observation_queries`.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from portal import audit
from portal.db import utcnow
from portal.errors import InvalidInput
from portal.extensions import db
from portal.models import Body, Organisation, OrganisationKind, User
from portal.permissions import Action, can, require
from portal.statistics import targets
from portal.statistics.models import (
    Assessment,
    InterfaceObservation,
    ObservationStatus,
    TargetKind,
)
from portal.statistics.observation_catalogue import (
    AUTHORITIES,
    TOPICS,
    normalised_authorities,
)
from portal.statistics.personal_data import KIND_LABELS, findings
from portal.timeutil import today_local

DEFAULT_TRIAGE_BODY = "ag-verfahrensebene"
MAX_DESCRIPTION = 5000
MAX_REASON = 2000
#: Findings quoted back in the warning; more only add noise.
MAX_FINDINGS_SHOWN = 5

S = ObservationStatus
TRANSITIONS: dict[ObservationStatus, frozenset[ObservationStatus]] = {
    S.NEW: frozenset({S.IN_REVIEW, S.TAKEN_UP, S.NOTED, S.CLOSED}),
    S.IN_REVIEW: frozenset({S.TAKEN_UP, S.NOTED, S.CLOSED}),
    S.TAKEN_UP: frozenset({S.IN_REVIEW}),
    S.NOTED: frozenset({S.IN_REVIEW}),
    S.CLOSED: frozenset({S.IN_REVIEW}),
}
_REPORTED = ("authorities", "topic", "assessment", "organisation_id", "has_no_personal_data")
_TRIAGED = ("status", "proposal_id", "status_reason")


class PersonalDataSuspected(InvalidInput):
    """The description looks as if it held personal data; ``findings`` says what and where."""

    def __init__(self, errors: list[tuple[str, str]], suspected: list):
        super().__init__(errors)
        self.findings = suspected


def _triage_body(actor: User | None) -> Body | None:
    """Return the triage body as far as it matters for the actor: only through their memberships.

    The rules ask whether the actor takes part in (or chairs) that body, so an actor without a
    membership of it is answered as if there were none. Where the actor's memberships came with
    their bodies (the start page loads them so), no statement is needed.
    """
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    slug = current_app.config.get("STATISTICS_TRIAGE_BODY", DEFAULT_TRIAGE_BODY)
    memberships = actor.memberships
    if all("body" in vars(membership) for membership in memberships):
        return next((m.body for m in memberships if m.body.slug == slug), None)
    return db.session.scalar(select(Body).where(Body.slug == slug))


def _allowed(actor: User | None, action: Action) -> bool:
    """Ask about the triage body only when the actor's role alone does not answer."""
    return can(actor, action) or can(actor, action, _triage_body(actor))


def _require(actor: User | None, action: Action) -> None:
    if not can(actor, action):
        require(actor, action, _triage_body(actor))


def require_reader(actor: User | None) -> None:
    """Raise PermissionDenied unless the actor may read observations (the rule of ``may_view``).

    The reading services in :mod:`~portal.statistics.services.observation_queries` check with it,
    so the triage body's participants are let in there exactly as here.
    """
    _require(actor, Action.OBSERVATION_VIEW)


def may_report(actor: User | None) -> bool:
    """Tell whether the actor may report observations (case managers and the KI)."""
    return can(actor, Action.OBSERVATION_REPORT)


def may_view(actor: User | None) -> bool:
    """Tell whether the actor may read observations (the same rule the pages enforce)."""
    return _allowed(actor, Action.OBSERVATION_VIEW)


def may_triage(actor: User | None) -> bool:
    """Tell whether the actor triages observations (and so reads the reporters' names)."""
    return _allowed(actor, Action.OBSERVATION_TRIAGE)


def municipality_choices() -> list[tuple[int, str]]:
    """Return (id, name) of the district's municipalities, by name."""
    rows = db.session.execute(
        select(Organisation.id, Organisation.name)
        .where(Organisation.kind == OrganisationKind.MUNICIPALITY)
        .order_by(Organisation.name)
    )
    return [(row.id, row.name) for row in rows]


def default_municipality(actor: User) -> int | None:
    """Return the municipality a case manager serves, if exactly one (a guess, not a rule)."""
    day = today_local()
    current = {a.organisation_id for a in actor.case_assignments if a.is_current(day)}
    return current.pop() if len(current) == 1 else None


def proposal_choices(actor: User) -> list[targets.TargetRef]:
    """Return the proposals the actor may name as taking an observation up."""
    return targets.choices(actor, TargetKind.PROPOSAL)


def _suspicion_errors(description: str) -> tuple[list[tuple[str, str]], list]:
    found = findings(description)
    if not found:
        return [], []
    errors = [
        (
            "description",
            _(
                "Der Text sieht aus, als enthielte er personenbezogene Daten. Bitte entfernen "
                "Sie sie oder bestätigen Sie unten, dass es keine sind."
            ),
        )
    ]
    for finding in found[:MAX_FINDINGS_SHOWN]:
        label = _(KIND_LABELS.get(finding.kind, finding.kind))
        errors.append(
            ("description", _("%(kind)s: „%(excerpt)s“", kind=label, excerpt=finding.excerpt))
        )
    return errors, found


def _check_report(
    authorities: Sequence[str],
    topic: str,
    assessment: str,
    description: str,
    organisation_id: int | None,
    has_no_personal_data: bool,
) -> list[tuple[str, str]]:
    errors = []
    if not authorities:
        errors.append(("authorities", _("Bitte wählen Sie mindestens eine beteiligte Stelle.")))
    elif any(key not in AUTHORITIES for key in authorities):
        errors.append(("authorities", _("Bitte wählen Sie nur Stellen aus der Liste.")))
    if topic not in TOPICS:
        errors.append(("topic", _("Bitte wählen Sie ein Thema aus der Liste.")))
    if assessment not in tuple(Assessment):
        errors.append(("assessment", _("Bitte geben Sie an, ob es gut oder schlecht läuft.")))
    if not description:
        errors.append(("description", _("Bitte beschreiben Sie, was gut oder schlecht läuft.")))
    elif len(description) > MAX_DESCRIPTION:
        errors.append(("description", _("Höchstens %(max)d Zeichen.", max=MAX_DESCRIPTION)))
    if organisation_id is not None:
        organisation = db.session.get(Organisation, organisation_id)
        if organisation is None or organisation.kind != OrganisationKind.MUNICIPALITY:
            errors.append(("organisation", _("Bitte wählen Sie eine Kommune aus der Liste.")))
    if not has_no_personal_data:
        message = _("Bitte bestätigen Sie, dass der Text keine personenbezogenen Daten enthält.")
        errors.append(("has_no_personal_data", message))
    return errors


def _label(observation: InterfaceObservation) -> str:
    return f"#{observation.id} {TOPICS.get(observation.topic, observation.topic)}"


def report_observation(
    actor: User,
    *,
    authorities: Sequence[str],
    topic: str | None,
    assessment: str | None,
    description: str | None,
    organisation_id: int | None = None,
    has_no_personal_data: bool = False,
    confirm_despite_warning: bool = False,
) -> InterfaceObservation:
    """Record what works or fails between authorities, without personal data."""
    require(actor, Action.OBSERVATION_REPORT)
    authorities = [key.strip() for key in authorities or () if key and key.strip()]
    topic, assessment = (topic or "").strip(), (assessment or "").strip()
    description = (description or "").strip()
    errors = _check_report(
        authorities, topic, assessment, description, organisation_id, has_no_personal_data
    )
    suspected: list = []
    if description and len(description) <= MAX_DESCRIPTION and not confirm_despite_warning:
        warning, suspected = _suspicion_errors(description)
        errors.extend(warning)
    if suspected:
        raise PersonalDataSuspected(errors, suspected)
    if errors:
        raise InvalidInput(errors)
    observation = InterfaceObservation(
        authorities=normalised_authorities(authorities),
        topic=topic,
        assessment=Assessment(assessment),
        description=description,
        organisation_id=organisation_id,
        has_no_personal_data=True,
        status=ObservationStatus.NEW,
        reported_by_id=actor.id,
        reported_at=utcnow(),
    )
    db.session.add(observation)
    db.session.flush()
    # The description stays out of the log: should personal data slip through after all,
    # deleting the observation removes it everywhere.
    after = audit.snapshot(observation, _REPORTED)
    after["personal_data_warning_overridden"] = bool(confirm_despite_warning) and bool(
        findings(description)
    )
    audit.record(actor, "observation.reported", observation, label=_label(observation), after=after)
    db.session.commit()
    return observation


def allowed_statuses(observation: InterfaceObservation) -> list[ObservationStatus]:
    """Return the statuses the observation may move to next, in the enum's order."""
    allowed = TRANSITIONS[ObservationStatus(observation.status)]
    return [status for status in ObservationStatus if status in allowed]


def _check_triage(
    actor: User,
    observation: InterfaceObservation,
    status: str,
    proposal_id: int | None,
    reason: str,
) -> list[tuple[str, str]]:
    errors = []
    if status not in tuple(ObservationStatus):
        errors.append(("status", _("Bitte wählen Sie den neuen Stand.")))
    elif ObservationStatus(status) not in TRANSITIONS[ObservationStatus(observation.status)]:
        errors.append(("status", _("Dieser Schritt ist vom jetzigen Stand aus nicht möglich.")))
    elif status == ObservationStatus.TAKEN_UP:
        offered = {ref.id for ref in proposal_choices(actor)}
        if proposal_id is None:
            message = _("Bitte wählen Sie die Vorlage, die den Hinweis aufgreift.")
            errors.append(("proposal", message))
        elif proposal_id not in offered:
            errors.append(("proposal", _("Bitte wählen Sie eine Vorlage aus der Liste.")))
    elif status == ObservationStatus.CLOSED and not reason:
        errors.append(("reason", _("Bitte begründen Sie, warum der Hinweis geschlossen wird.")))
    if len(reason) > MAX_REASON:
        errors.append(("reason", _("Höchstens %(max)d Zeichen.", max=MAX_REASON)))
    return errors


def triage_observation(
    actor: User,
    observation: InterfaceObservation,
    *,
    status: str | None,
    proposal_id: int | None = None,
    reason: str | None = "",
) -> InterfaceObservation:
    """Move an observation to its next status (see the module's table), with reason or proposal."""
    _require(actor, Action.OBSERVATION_TRIAGE)
    status, reason = (status or "").strip(), (reason or "").strip()
    errors = _check_triage(actor, observation, status, proposal_id, reason)
    if errors:
        raise InvalidInput(errors)
    before = audit.snapshot(observation, _TRIAGED)
    observation.status = ObservationStatus(status)
    observation.proposal_id = proposal_id if status == ObservationStatus.TAKEN_UP else None
    observation.status_reason = reason
    observation.triaged_by_id = actor.id
    observation.triaged_at = utcnow()
    after = audit.snapshot(observation, _TRIAGED)
    audit.record(
        actor,
        "observation.triaged",
        observation,
        label=_label(observation),
        before=before,
        after=after,
    )
    db.session.commit()
    return observation
