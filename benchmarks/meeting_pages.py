"""The meeting page in the benchmark: two steering group meetings, with 4 and with 40 agenda items.

The issue's targets for this page differ from the general ones: at most 10 SQL statements, the
*same* number for 4 and for 40 items (a count that grows with the agenda is an N+1 query), and at
least 15 % of the trivial route's requests/s. Each meeting is requested as the public sees it,
as a member and as the KI secretariat (who also gets the editing controls).

The meetings are made through the services, as the secretariat makes them (planned, filled,
invited, then a supplement and late papers), so the page shows what it shows in real use:
numbered items with sub-items, non-public items, Markdown descriptions, papers, the change record.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from benchmarks.pages import MEMBER, SECRETARIAT, Page
from benchmarks.seed import STEERING_SLUG
from meetings.demo_papers import one_page_pdf
from meetings.models import Meeting
from meetings.services import agenda, attachments, scheduling
from portal.db import utcnow, write_intent
from portal.extensions import db
from portal.models import Body
from portal.permissions import SYSTEM

MAX_SQL = 10
MIN_SHARE_OF_TRIVIAL = 0.15
SMALL_ITEMS, LARGE_ITEMS, LARGE_PAPERS = 4, 40, 20
DESCRIPTION = (
    "Die Koordinierende Stelle berichtet zum **Stand der Umsetzung** und schlägt die nächsten "
    "Schritte vor.\n\n- Rückmeldungen der Kommunen\n- Zeitplan bis zum Jahresende\n\n"
    "Die Unterlagen sind im Portal abrufbar."
)


@dataclass(frozen=True)
class MeetingIds:
    """The two measured meetings."""

    small: int
    large: int


def _paper(number: int) -> FileStorage:
    lines = (f"Anlage {number}", "Sachstandsbericht der Koordinierenden Stelle", "")
    data = one_page_pdf(lines + ("Lorem ipsum dolor sit amet, consetetur sadipscing." * 2,) * 20)
    return FileStorage(io.BytesIO(data), filename=f"Anlage {number} – Sachstandsbericht.pdf")


def _schedule(steering: Body, title: str, days: int) -> Meeting:
    starts = (utcnow() + timedelta(days=days)).replace(hour=13, minute=0, second=0, microsecond=0)
    return scheduling.schedule_meeting(
        SYSTEM,
        steering,
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        location="Kreishaus Neuss, Oberstraße 91, 41460 Neuss, Sitzungssaal",
        online_url="https://konferenz.rhein-kreis-neuss.example/lenkungsgruppe",
        is_public=True,
    )


def _fill(meeting: Meeting, items: int) -> None:
    """Bring the agenda to ``items`` items: sub-items under every 8th, every 12th non-public."""
    while len(meeting.items) > items:
        agenda.remove_agenda_item(SYSTEM, meeting.items[-1])
    parent = None
    for number in range(len(meeting.items), items):
        sub_item = number % 8 in (5, 6) and parent is not None
        item = agenda.add_agenda_item(
            SYSTEM,
            meeting,
            title=f"Bericht und Beratung zu Handlungsfeld {number + 1} des Handlungskonzepts",
            description=DESCRIPTION,
            kind=("information", "discussion", "decision")[number % 3],
            presenter="Geschäftsführung der KI",
            duration_minutes=10 + number % 4 * 5,
            is_public=number % 12 != 11,
            parent_id=parent.id if sub_item else None,
        )
        if number % 8 == 4:
            parent = item


def seed_meetings() -> MeetingIds:
    """Plan, fill and invite the two meetings of the steering group; return their ids."""
    write_intent.set(True)
    steering = db.session.scalar(select(Body).where(Body.slug == STEERING_SLUG))
    small = _schedule(steering, "Sondersitzung der Lenkungsgruppe", 50)
    _fill(small, SMALL_ITEMS)
    for number, item in enumerate(small.items[:2], start=1):
        attachments.attach_paper(SYSTEM, item, _paper(number))
    large = _schedule(steering, "Jahressitzung der Lenkungsgruppe", 60)
    _fill(large, LARGE_ITEMS - 1)
    papers_before = LARGE_PAPERS - 2
    for number in range(papers_before):
        item = large.items[number * 2 % len(large.items)]
        attachments.attach_paper(SYSTEM, item, _paper(number + 1), title=f"Anlage {number + 1}")
    for meeting in (small, large):
        scheduling.send_invitation(SYSTEM, meeting)
    # After the invitation: a supplement and two late papers, so the change record has entries.
    agenda.add_agenda_item(SYSTEM, large, title="Dringlicher Bericht zur Unterbringung")
    for number in range(papers_before, LARGE_PAPERS):
        attachments.attach_paper(SYSTEM, large.items[-1], _paper(number + 1))
    return MeetingIds(small=small.id, large=large.id)


def pages(ids: MeetingIds) -> tuple[Page, ...]:
    """Return the measured meeting pages: each meeting as the public, a member and the KI."""
    viewers = (("anonymous", None), ("member", MEMBER), ("secretariat", SECRETARIAT))
    return tuple(
        Page(
            f"/meetings/<{items} items> ({who})",
            f"/meetings/{meeting_id}",
            user,
            max_sql=MAX_SQL,
            min_share=MIN_SHARE_OF_TRIVIAL,
        )
        for items, meeting_id in ((SMALL_ITEMS, ids.small), (LARGE_ITEMS, ids.large))
        for who, user in viewers
    )


def unequal_counts(rows) -> list[str]:
    """Return a line for each viewer whose meeting page costs more SQL with 40 items than with 4.

    ``rows`` are the report's rows (``benchmarks.report.PageRow``) of all measured pages; the
    other targets (SQL per page, share of trivial) the report judges per page.
    """
    by_label = {row.label: row for row in rows}
    problems = []
    for who in ("anonymous", "member", "secretariat"):
        small = by_label[f"/meetings/<{SMALL_ITEMS} items> ({who})"]
        large = by_label[f"/meetings/<{LARGE_ITEMS} items> ({who})"]
        for size, label in (("small", "small"), ("large", "10×")):
            counts = (getattr(small, f"sql_{size}"), getattr(large, f"sql_{size}"))
            if counts[0] != counts[1]:
                problems.append(
                    f"meeting page ({who}, {label} data): {counts[0]} SQL statements with "
                    f"{SMALL_ITEMS} items, {counts[1]} with {LARGE_ITEMS}"
                )
    return problems
