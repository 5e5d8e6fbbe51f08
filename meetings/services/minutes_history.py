"""The saved states of the minutes and the comparison of any two of them.

Drafts are the secretariat's working text: readers who may not see draft minutes see only the
states saved from circulation on. Non-public items are left out of every state for readers
outside the body.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import defer, joinedload

from meetings.minutes_labels import DECISION_OUTCOME_LABELS
from meetings.models import DecisionOutcome, Meeting, Minutes, MinutesRevision, MinutesStatus
from meetings.services.minutes_queries import shown_minutes
from meetings.textdiff import SAME, Section, SectionDiff, compare_sections
from portal.errors import InvalidInput
from portal.extensions import db
from portal.i18n import de_datetime
from portal.models import User
from portal.permissions import Action, can
from portal.timeutil import date_text


@dataclass(frozen=True)
class History:
    """The saved states of one set of minutes the reader may see, oldest first."""

    meeting: Meeting
    minutes: Minutes
    revisions: list[MinutesRevision]


def _visible_statuses(actor: User | None, meeting: Meeting) -> set[MinutesStatus]:
    if can(actor, Action.MEETING_MANAGE, meeting):
        return set(MinutesStatus)
    return set(MinutesStatus) - {MinutesStatus.DRAFT}


def minutes_history(actor: User | None, meeting: Meeting, set_id: int | None = None) -> History:
    """Return the saved states of the shown minutes (without their text, one query)."""
    minutes = shown_minutes(actor, meeting, set_id)
    revisions = db.session.scalars(
        select(MinutesRevision)
        .where(
            MinutesRevision.minutes_id == minutes.id,
            MinutesRevision.status.in_(_visible_statuses(actor, meeting)),
        )
        .options(defer(MinutesRevision.content), joinedload(MinutesRevision.saved_by))
        .order_by(MinutesRevision.number)
    )
    return History(meeting=meeting, minutes=minutes, revisions=list(revisions))


@dataclass(frozen=True)
class Comparison:
    """Two saved states and what changed between them, section by section.

    Without ``old`` and ``new`` there was nothing to compare (fewer than two states to see).
    """

    history: History
    old: MinutesRevision | None = None
    new: MinutesRevision | None = None
    sections: list[SectionDiff] = field(default_factory=list)

    @property
    def changed(self) -> list[SectionDiff]:
        return [section for section in self.sections if section.state != SAME]


def _when(value: str | None) -> str:
    return de_datetime(datetime.fromisoformat(value)) if value else ""


def _votes(item: dict) -> str:
    counts = (item.get("votes_yes"), item.get("votes_no"), item.get("votes_abstain"))
    parts = []
    if any(count is not None for count in counts):
        yes, no, abstain = (count or 0 for count in counts)
        parts.append(
            _(
                "Ja: %(yes)d, Nein: %(no)d, Enthaltungen: %(abstain)d",
                yes=yes,
                no=no,
                abstain=abstain,
            )
        )
    if item.get("outcome") in DecisionOutcome._value2member_map_:
        parts.append(str(DECISION_OUTCOME_LABELS[DecisionOutcome(item["outcome"])]))
    return "; ".join(parts)


def _actions(item: dict) -> str:
    lines = []
    for action in item.get("actions", []):
        parts = [action["what"], action.get("who") or ""]
        if action.get("due_on"):
            parts.append(_("bis %(date)s", date=date_text(date.fromisoformat(action["due_on"]))))
        lines.append(" – ".join(part for part in parts if part))
    return "\n".join(lines)


def sections(content: dict, *, include_nonpublic: bool) -> list[Section]:
    """Turn a saved state into the sections a reader compares: the header, then each item."""
    header = content.get("header", {})
    result = [
        Section(
            key="header",
            title=_("Kopfdaten"),
            fields=(
                (_("Vorsitz"), header.get("chair") or ""),
                (_("Protokollführung"), header.get("minute_taker") or ""),
                (_("Beginn"), _when(header.get("started_at"))),
                (_("Ende"), _when(header.get("ended_at"))),
            ),
        )
    ]
    for item in content.get("items", []):
        if not item.get("is_public", True) and not include_nonpublic:
            continue
        title = _("TOP %(number)s: %(title)s", number=item["number"], title=item["title"])
        if not item.get("is_public", True):
            title += " " + _("(nichtöffentlich)")
        result.append(
            Section(
                key=f"item-{item['id']}",
                title=title,
                fields=(
                    (_("Beratung"), item.get("discussion") or ""),
                    (_("Beschluss"), item.get("decision_text") or ""),
                    (_("Abstimmung"), _votes(item)),
                    (_("Maßnahmen"), _actions(item)),
                ),
            )
        )
    return result


def _number(raw: str | int | None, field_name: str) -> int | None:
    """Read a revision number from the query string; a malformed one is bad input."""
    if raw is None or raw == "":
        return None
    text = str(raw).strip()
    if not text.isdigit() or len(text) > 9:
        raise InvalidInput([(field_name, _unknown())])
    return int(text)


def _unknown() -> str:
    return _("Bitte wählen Sie einen gespeicherten Stand aus der Liste.")


def _revision(history: History, number: int | None, field_name: str) -> MinutesRevision:
    found = next((r for r in history.revisions if r.number == number), None)
    if found is None:
        raise InvalidInput([(field_name, _unknown())])
    return found


def compare_revisions(
    actor: User | None,
    meeting: Meeting,
    *,
    set_id: int | None = None,
    from_number: str | int | None = None,
    to_number: str | int | None = None,
) -> Comparison:
    """Compare two saved states; without numbers, the newest with the one before it.

    Numbers come from the query string as typed; unknown or malformed ones raise InvalidInput
    (field ``from`` or ``to``).
    """
    history = minutes_history(actor, meeting, set_id)
    old_number, new_number = _number(from_number, "from"), _number(to_number, "to")
    if old_number is None and new_number is None:
        numbers = [revision.number for revision in history.revisions]
        if len(numbers) < 2:
            return Comparison(history=history)
        old_number, new_number = numbers[-2], numbers[-1]
    old = _revision(history, old_number, "from")
    new = _revision(history, new_number, "to")
    nonpublic = can(actor, Action.MEETING_VIEW_NONPUBLIC, meeting)
    return Comparison(
        history=history,
        old=old,
        new=new,
        sections=compare_sections(
            sections(old.content, include_nonpublic=nonpublic),
            sections(new.content, include_nonpublic=nonpublic),
        ),
    )
