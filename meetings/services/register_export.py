"""The register and the implementation report as Word documents.

The rows come from :mod:`meetings.services.register` and
:mod:`meetings.services.implementation_report`, which filter by what the reader may see; this
module only turns them into the pure builder's snapshots (``meetings.docx_register``). Views
import it when a document is asked for, so python-docx and lxml stay out of workers that never
build one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask import current_app

from meetings.docx_register import (
    LIGHT_LABELS,
    OUTCOME_LABELS,
    ActionEntry,
    DecisionEntry,
    ImplementationDocument,
    RegisterDocument,
    build_implementation_docx,
    build_register_docx,
)
from meetings.implementation import Light, action_light
from meetings.models import ActionNote, Decision, FollowUpAction
from meetings.services import implementation_report, register
from meetings.services.decisions import decision_reference
from meetings.services.register import ExportFile, RegisterFilter, RegisterRow, file_stamp
from portal.db import utcnow
from portal.models import Body, Organisation, User
from portal.permissions import Action, can
from portal.timeutil import today_local


def _votes(decision: Decision) -> tuple[int, int, int] | None:
    if decision.votes_yes is None:
        return None
    return (decision.votes_yes, decision.votes_no or 0, decision.votes_abstain or 0)


def _entry(
    decision: Decision,
    reference: str,
    light: Light | None,
    actions: Iterable[ActionEntry] = (),
    *,
    shows_people: bool,
    corrected_by: str = "",
    corrects: str = "",
) -> DecisionEntry:
    """Snapshot a decision; the review date is the inner circle's business, like the people."""
    return DecisionEntry(
        reference=reference,
        decided_on=decision.decided_on,
        body_name=decision.body.name,
        meeting_title=decision.meeting.title if decision.meeting is not None else "",
        is_written_procedure=decision.meeting is None and decision.ballot_id is not None,
        outcome=decision.outcome.value,
        votes=_votes(decision),
        resolution_text=decision.resolution_text,
        review_on=decision.review_on if shows_people else None,
        corrected_by=corrected_by,
        corrects=corrects,
        light=light.value if light is not None else None,
        actions=tuple(actions),
    )


def _action_entry(
    action: FollowUpAction,
    light: Light,
    *,
    shows_people: bool,
    last_note: ActionNote | None = None,
) -> ActionEntry:
    return ActionEntry(
        description=action.description,
        organisation=action.organisation.name if action.organisation is not None else "",
        responsible=action.responsible.name if shows_people and action.responsible else "",
        due_on=action.due_on,
        status=action.status.value,
        light=light.value,
        last_note=last_note.text if last_note is not None else "",
        last_note_on=last_note.written_at.date() if last_note is not None else None,
    )


def _filter_text(
    filters: RegisterFilter, body: Body | None, organisation: Organisation | None
) -> str:
    """Say in German words which decisions an export holds (empty: all)."""
    parts = []
    if filters.text.strip():
        parts.append(f"Suche: „{filters.text.strip()}“")
    if body is not None:
        parts.append(f"Gremium: {body.name}")
    if filters.year is not None:
        parts.append(f"Jahr: {filters.year}")
    if filters.outcome:
        parts.append(f"Ergebnis: {OUTCOME_LABELS.get(filters.outcome, filters.outcome)}")
    if filters.status:
        key = None if filters.status == "none" else filters.status
        parts.append(f"Umsetzungsstand: {LIGHT_LABELS[key]}")
    if organisation is not None:
        parts.append(f"Organisation: {organisation.name}")
    return "; ".join(parts)


def _register_entry(actor: User | None, row: RegisterRow, today: date) -> DecisionEntry:
    shows_people = can(actor, Action.MEETING_VIEW_NONPUBLIC, row.decision.body)
    actions = [
        _action_entry(
            action, action_light(action.status, action.due_on, today), shows_people=shows_people
        )
        for action in row.decision.actions
    ]
    decision = row.decision
    return _entry(
        decision,
        row.reference,
        row.light,
        actions,
        shows_people=shows_people,
        corrected_by=row.corrected_by[1] if row.corrected_by else "",
        corrects=decision_reference(decision.supersedes) if decision.supersedes else "",
    )


def register_docx(
    actor: User | None,
    filters: RegisterFilter,
    *,
    body: Body | None = None,
    organisation: Organisation | None = None,
) -> ExportFile:
    """Return the matching decisions the actor may see as a Word document."""
    today = today_local()
    rows = register.register_rows(actor, filters, today=today)
    document = RegisterDocument(
        operator_name=current_app.config["PORTAL_OPERATOR_NAME"],
        created_at=utcnow(),
        filters=_filter_text(filters, body, organisation),
        decisions=tuple(_register_entry(actor, row, today) for row in rows),
    )
    return ExportFile(f"beschlussregister-{file_stamp()}.docx", build_register_docx(document))


def implementation_docx(actor: User | None, *, body: Body | None = None) -> ExportFile:
    """Return the implementation report the actor may see as a Word document."""
    report = implementation_report.implementation_report(actor, body=body)
    entries = tuple(
        _entry(
            row.decision,
            row.reference,
            row.light,
            (
                _action_entry(
                    item.action, item.light, shows_people=row.shows_people, last_note=item.last_note
                )
                for item in row.actions
            ),
            shows_people=row.shows_people,
        )
        for row in report.rows
    )
    document = ImplementationDocument(
        operator_name=current_app.config["PORTAL_OPERATOR_NAME"],
        created_at=utcnow(),
        body_name=body.name if body is not None else "",
        decisions=entries,
    )
    slug = f"-{body.slug}" if body is not None else ""
    return ExportFile(
        f"umsetzungsstand{slug}-{file_stamp()}.docx", build_implementation_docx(document)
    )
