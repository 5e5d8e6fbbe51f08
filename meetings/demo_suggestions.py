"""Demo agenda suggestion and agenda template: a member's pending suggestion for the upcoming
steering group meeting, and a working group with a template of its own."""

from __future__ import annotations

from sqlalchemy import select

from meetings.models import AgendaItemKind, AgendaSuggestion, AgendaTemplateItem, Meeting
from portal.extensions import db
from portal.models import Body, User

#: The demo member who suggests an item (Claudia Hoffmann, Stadt Neuss).
PROPOSER = "mitglied@demo.example"
#: The working group's own template: reports from the municipalities and stuck procedures.
WORKING_GROUP_TEMPLATE = (
    ("Begrüßung", AgendaItemKind.INFORMATION, True),
    ("Feststellung der ordnungsgemäßen Ladung", AgendaItemKind.INFORMATION, True),
    ("Berichte aus den Kommunen", AgendaItemKind.DISCUSSION, True),
    ("Verfahren, die zwischen den Behörden haken", AgendaItemKind.DISCUSSION, False),
    ("Vorschläge an die Lenkungsgruppe", AgendaItemKind.DECISION, True),
    ("Verschiedenes", AgendaItemKind.INFORMATION, True),
)


def add_demo_suggestion(meeting: Meeting) -> AgendaSuggestion:
    """Add a member's suggestion, still pending, to the meeting (the caller commits)."""
    proposer = db.session.scalar(select(User).where(User.email == PROPOSER))
    suggestion = AgendaSuggestion(
        meeting=meeting,
        proposer_id=proposer.id,
        title="Wohnraum für Geflüchtete: Sachstand in den Kommunen",
        description=(
            "Die Stadt Neuss bittet um einen kurzen Sachstand aus allen Kommunen, wie viele "
            "Plätze in **Übergangswohnheimen** frei sind und wo der Auszug in eigene Wohnungen "
            "stockt."
        ),
        kind=AgendaItemKind.DISCUSSION,
    )
    db.session.add(suggestion)
    return suggestion


def add_demo_template(body: Body) -> None:
    """Give the body an agenda template of its own (the caller commits)."""
    db.session.add_all(
        AgendaTemplateItem(
            body_id=body.id, position=position, title=title, kind=kind, is_public=public
        )
        for position, (title, kind, public) in enumerate(WORKING_GROUP_TEMPLATE)
    )
