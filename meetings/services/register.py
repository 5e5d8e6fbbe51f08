"""The decision register (Beschlussregister): search, filters, pages and the CSV export.

Every list filters in the database with ``portal.permissions.visible_decisions``, so a page, a
CSV or a DOCX never loads a decision its reader may not see. A page costs a fixed number of
statements however many decisions it shows: the count, the page, the actions of its decisions
(for the traffic lights) and the corrections of its decisions.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Select, and_, exists, func, not_, or_, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from meetings.decision_labels import ACTION_STATUS_LABELS, LIGHT_LABELS, OUTCOME_LABELS
from meetings.implementation import Light, action_light, decision_light
from meetings.models import ActionStatus, Decision, FollowUpAction, Proposal
from meetings.proposal_flow import Outcome
from meetings.services.decisions import decision_reference
from portal.errors import InvalidInput
from portal.extensions import db
from portal.models import Body, Organisation, User
from portal.permissions import visible_bodies, visible_decisions
from portal.reference_numbers import InvalidReference, parse_reference
from portal.timeutil import date_text, to_local, today_local

MAX_SEARCH = 200
PER_PAGE = 25
#: The implementation-status filter: a light, or decisions without actions.
STATUS_CHOICES = ("red", "yellow", "green", "none")
_PENDING = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


@dataclass(frozen=True)
class RegisterFilter:
    """What the register is searched and filtered by (empty: everything)."""

    text: str = ""
    body_id: int | None = None
    year: int | None = None
    outcome: str = ""
    status: str = ""
    organisation_id: int | None = None

    def errors(self) -> list[tuple[str, str]]:
        """Return the German messages for values no form should have let through.

        The fields are named as in the register's filter form (``q`` is the search text).
        """
        errors = []
        if len(self.text) > MAX_SEARCH:
            errors.append(
                (
                    "q",
                    _("Der Suchbegriff darf höchstens %(max)d Zeichen lang sein.", max=MAX_SEARCH),
                )
            )
        if self.year is not None and not 1000 <= self.year <= 9999:
            errors.append(("year", _("Das Jahr muss vierstellig sein (z. B. 2026).")))
        if self.outcome and self.outcome not in set(Outcome):
            errors.append(("outcome", _("Bitte wählen Sie ein Ergebnis aus der Liste.")))
        if self.status and self.status not in STATUS_CHOICES:
            errors.append(("status", _("Bitte wählen Sie einen Umsetzungsstand aus der Liste.")))
        return errors


@dataclass(frozen=True)
class RegisterRow:
    """One decision as the register shows it."""

    decision: Decision
    reference: str
    light: Light | None
    #: The decision that corrects this one: (id, reference).
    corrected_by: tuple[int, str] | None = None


@dataclass
class RegisterPage:
    """One page of the register, shaped for the ``pagination`` macro."""

    rows: list[RegisterRow]
    page: int
    per_page: int
    total: int
    items: list[RegisterRow] = field(init=False)

    def __post_init__(self) -> None:
        self.items = self.rows

    @property
    def pages(self) -> int:
        return max(math.ceil(self.total / self.per_page), 1)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _text_condition(text: str) -> ColumnElement[bool]:
    """Search the resolution and the proposal's title; a reference finds its decision."""
    pattern = _like(text)
    found = or_(
        func.lower(Decision.resolution_text).like(pattern, escape="\\"),
        func.lower(Proposal.title).like(pattern, escape="\\"),
    )
    try:
        reference = parse_reference(text.upper())
    except InvalidReference:
        return found
    numbered = and_(
        Decision.year == reference.year,
        Decision.number == reference.number,
        or_(Body.reference_prefix == reference.prefix, Body.reference_prefix.is_(None)),
    )
    return or_(found, numbered)


def _overdue(today: date) -> ColumnElement[bool]:
    return and_(FollowUpAction.status.in_(_PENDING), FollowUpAction.due_on < today)


def _has_action(*conditions) -> ColumnElement[bool]:
    return exists().where(FollowUpAction.decision_id == Decision.id, *conditions)


def _status_condition(status: str, today: date) -> ColumnElement[bool]:
    """The decision light of :mod:`meetings.implementation`, as SQL."""
    red = _has_action(or_(FollowUpAction.status == ActionStatus.DROPPED, _overdue(today)))
    yellow = _has_action(FollowUpAction.status.in_(_PENDING), not_(_overdue(today)))
    if status == "red":
        return red
    if status == "yellow":
        return and_(not_(red), yellow)
    if status == "green":
        return and_(_has_action(), not_(_has_action(FollowUpAction.status != ActionStatus.DONE)))
    return not_(_has_action())


def _conditions(actor: User | None, filters: RegisterFilter, today: date) -> list:
    conditions = [visible_decisions(actor, Decision)]
    text = filters.text.strip()
    if text:
        conditions.append(_text_condition(text))
    if filters.body_id is not None:
        conditions.append(Decision.body_id == filters.body_id)
    if filters.year is not None:
        conditions.append(Decision.year == filters.year)
    if filters.outcome:
        conditions.append(Decision.outcome == filters.outcome)
    if filters.status:
        conditions.append(_status_condition(filters.status, today))
    if filters.organisation_id is not None:
        conditions.append(_has_action(FollowUpAction.organisation_id == filters.organisation_id))
    return conditions


def _query(actor: User | None, filters: RegisterFilter, today: date) -> Select:
    errors = filters.errors()
    if errors:
        raise InvalidInput(errors)
    return (
        select(Decision)
        .join(Decision.body)
        .outerjoin(Decision.proposal)
        .where(*_conditions(actor, filters, today))
    )


def _ordered(query: Select) -> Select:
    return query.order_by(
        Decision.decided_on.desc(), Decision.body_id, Decision.year.desc(), Decision.number.desc()
    )


def _corrections(actor: User | None, decisions: Sequence[Decision]) -> dict[int, tuple[int, str]]:
    """Map each listed decision that was corrected to its correction (one query)."""
    ids = [decision.id for decision in decisions]
    if not ids:
        return {}
    newer = db.session.scalars(
        select(Decision)
        .join(Decision.body)
        .options(contains_eager(Decision.body))
        .where(Decision.supersedes_id.in_(ids), visible_decisions(actor, Decision))
    )
    return {row.supersedes_id: (row.id, decision_reference(row)) for row in newer}


def _rows(actor: User | None, decisions: Sequence[Decision], today: date) -> list[RegisterRow]:
    corrected = _corrections(actor, decisions)
    return [
        RegisterRow(
            decision=decision,
            reference=decision_reference(decision),
            light=decision_light(
                action_light(action.status, action.due_on, today) for action in decision.actions
            ),
            corrected_by=corrected.get(decision.id),
        )
        for decision in decisions
    ]


def register_page(
    actor: User | None,
    filters: RegisterFilter,
    *,
    page: int = 1,
    per_page: int = PER_PAGE,
    today: date | None = None,
) -> RegisterPage:
    """Return one page of the decisions the actor may see that match the filters."""
    today = today or today_local()
    query = _query(actor, filters, today)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    page = min(max(page, 1), max(math.ceil(total / per_page), 1))
    decisions = db.session.scalars(
        _ordered(query)
        .options(
            contains_eager(Decision.body),
            contains_eager(Decision.proposal),
            joinedload(Decision.meeting),
            selectinload(Decision.actions),
        )
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return RegisterPage(_rows(actor, decisions, today), page, per_page, total)


def register_rows(
    actor: User | None, filters: RegisterFilter, *, today: date | None = None
) -> list[RegisterRow]:
    """Return every matching decision the actor may see, with actions, for the exports."""
    today = today or today_local()
    decisions = db.session.scalars(
        _ordered(_query(actor, filters, today)).options(
            contains_eager(Decision.body),
            contains_eager(Decision.proposal),
            joinedload(Decision.meeting),
            joinedload(Decision.supersedes),
            selectinload(Decision.actions).options(
                joinedload(FollowUpAction.organisation), joinedload(FollowUpAction.responsible)
            ),
        )
    ).all()
    return _rows(actor, decisions, today)


def body_choices(actor: User | None) -> list[Body]:
    """Return the bodies the actor may see, by name, to choose from."""
    return list(db.session.scalars(select(Body).where(visible_bodies(actor)).order_by(Body.name)))


def filter_choices(actor: User | None) -> tuple[list[Body], list[Organisation]]:
    """Return the bodies the actor may see and the organisations, for the filter form."""
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name))
    return body_choices(actor), list(organisations)


# --- CSV ---------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "Nummer",
    "Datum",
    "Gremium",
    "Sitzung",
    "Ergebnis",
    "Ja",
    "Nein",
    "Enthaltungen",
    "Beschlusstext",
    "Berichtigt durch",
    "Wiedervorlage",
    "Umsetzungsstand",
    "Maßnahmen",
)
#: A cell starting with one of these would be a formula in a spreadsheet (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _place(decision: Decision) -> str:
    if decision.meeting is not None:
        return f"{decision.meeting.title} ({date_text(to_local(decision.meeting.starts_at))})"
    return _("Umlaufverfahren") if decision.ballot_id is not None else ""


def _actions_text(decision: Decision) -> str:
    lines = []
    for action in decision.actions:
        parts = [action.description, str(ACTION_STATUS_LABELS[action.status])]
        if action.organisation is not None:
            parts.append(action.organisation.name)
        if action.due_on is not None:
            parts.append(_("fällig %(date)s", date=date_text(action.due_on)))
        lines.append(" – ".join(parts))
    return "\n".join(lines)


def csv_row(row: RegisterRow) -> list[str]:
    """Return one register row as the CSV's cells (German dates, labels in words)."""
    decision = row.decision
    return [
        _cell(value)
        for value in (
            row.reference,
            date_text(decision.decided_on),
            decision.body.name,
            _place(decision),
            OUTCOME_LABELS[decision.outcome],
            decision.votes_yes,
            decision.votes_no,
            decision.votes_abstain,
            decision.resolution_text,
            row.corrected_by[1] if row.corrected_by else "",
            date_text(decision.review_on) if decision.review_on else "",
            LIGHT_LABELS[row.light],
            _actions_text(decision),
        )
    ]


@dataclass(frozen=True)
class ExportFile:
    """A file to download: its name and its bytes."""

    filename: str
    data: bytes


def file_stamp() -> str:
    """Return today's date for a file name (sorts as text)."""
    return today_local().isoformat()


def register_csv(actor: User | None, filters: RegisterFilter) -> ExportFile:
    """Return the matching decisions the actor may see as a CSV file for Excel."""
    rows = register_rows(actor, filters)
    with force_locale("de"):
        data = csv_bytes(rows)
    return ExportFile(f"beschlussregister-{file_stamp()}.csv", data)


def csv_bytes(rows: Sequence[RegisterRow]) -> bytes:
    """Write the rows as CSV for Excel: UTF-8 with BOM, semicolons, every cell quoted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_row(row) for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
