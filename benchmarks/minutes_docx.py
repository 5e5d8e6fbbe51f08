"""The minutes DOCX export of a 40-item meeting: the route against python-docx writing alone.

``python -m benchmarks.minutes_docx`` makes a temporary SQLite database with the demo district,
adds a steering group of 15 voting seats and a past meeting of it with 40 agenda items and
approved minutes, made through the services (presence of 12 seats, a discussion under every item,
a decision with its vote under every second, two follow-up actions under every third), and then,
alternating, in the same process:

- requests ``GET /meetings/<id>/minutes.docx`` through the Flask test client, logged in as the
  KI secretariat: the whole route (session, permission checks, SQL, the DOCX builder, the
  response);
- writes the same paragraphs and tables with plain python-docx calls: the document the route
  returned is read once beforehand into a list of paragraphs (style, runs) and tables, and the
  plain writer replays it (styles resolved once per document, no Markdown parsing), so it is the
  floor python-docx itself sets for that document.

It prints the median and best time of each, their ratio (target: the route ≤ 1.3 × plain) and
the route's SQL statements. ``benchmarks.run`` calls :func:`measure` on its own database.
"""

from __future__ import annotations

import argparse
import io
import os
import secrets
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from docx import Document
from docx.shared import Twips
from docx.table import Table
from docx.text.paragraph import Paragraph
from flask import Flask
from sqlalchemy import select

from benchmarks.pages import SECRETARIAT
from benchmarks.sqlcount import StatementCounter, log_in
from benchmarks.timing import docx_texts
from meetings.models import AgendaItem, AgendaItemKind, Meeting, MeetingStatus
from meetings.services import attendance, minutes_workflow, roll_call
from meetings.services import minutes as writing
from portal.db import utcnow, write_intent
from portal.extensions import db
from portal.models import Body, BodyKind, Membership, MembershipRole, User
from portal.timeutil import today_local

ITEMS = 40
TARGET_RATIO = 1.3
#: Voting seats of the measured steering group, and how many of them stay empty.
SEATS = 15
ABSENT_SEATS = 3
DISCUSSION = (
    "Die Geschäftsführung berichtet zu Punkt {n} über den **Stand der Umsetzung** und die "
    "nächsten Schritte im *Handlungskonzept*.\n\n"
    "- Rückmeldung 1 aus den Kommunen\n- Rückmeldung 2 aus den Kommunen\n"
    "- Rückmeldung 3 aus den Kommunen\n\n"
    "Die Mitglieder nehmen den Bericht zur Kenntnis und beraten die Vorschläge."
)


# --- the meeting ------------------------------------------------------------------------------


def _body(ki: User) -> Body:
    """Make a steering group of its own, so grown benchmark data does not change the document."""
    body = Body(
        name="Lenkungsgruppe KIM (Messung)",
        slug="messung-niederschrift",
        kind=BodyKind.STEERING,
        is_public=True,
    )
    since = date(2021, 3, 1)
    body.memberships.append(
        Membership(user=ki, role=MembershipRole.SECRETARIAT, function="KI", starts_on=since)
    )
    for number in range(SEATS):
        person = User(email=f"messung-{number}@bench.example", name=f"Mitglied {number + 1}")
        body.memberships.append(
            Membership(
                user=person,
                role=MembershipRole.CHAIR if number == 0 else MembershipRole.MEMBER,
                function=f"Dezernat {number + 1}",
                has_voting_right=True,
                starts_on=since,
            )
        )
    db.session.add(body)
    return body


def _record_presence(ki: User, meeting: Meeting) -> None:
    seats = attendance.roster(meeting)
    voting = [seat for seat in seats if seat.has_voting_right]
    present = voting[: len(voting) - ABSENT_SEATS] + [s for s in seats if s.user_id == ki.id]
    roll_call.record_presence(
        ki, meeting, [roll_call.PresenceRecord(seat.membership_id, True) for seat in present]
    )


def _write_entry(ki: User, entry, number: int) -> None:
    fields: dict = {"discussion": DISCUSSION.format(n=number)}
    if number % 2 == 0:
        fields.update(
            decision_text=f"Die Lenkungsgruppe beschließt die Vorlage {number}.",
            votes_yes=7,
            votes_no=1,
            votes_abstain=2,
            outcome="adopted",
        )
    if number % 3 == 0:
        due = today_local() + timedelta(days=30)
        fields["actions"] = [(f"Maßnahme {number}.{k}", "KI", due) for k in (1, 2)]
    writing.save_minutes_entry(ki, entry, lock_version=entry.lock_version, **fields)


def seed_meeting(items: int = ITEMS) -> int:
    """Add a past meeting of a new steering group with approved minutes; return its id.

    Needs the demo's KI secretariat (``sekretariat@demo.example``), who writes the minutes.
    """
    write_intent.set(True)
    ki = db.session.scalar(select(User).where(User.email == SECRETARIAT))
    steering = _body(ki)
    starts = (utcnow() - timedelta(days=3)).replace(hour=13, minute=0, second=0, microsecond=0)
    meeting = Meeting(
        body=steering,
        title=f"Jahressitzung der Lenkungsgruppe ({items} Punkte)",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        location="Kreishaus Neuss, Oberstraße 91, 41460 Neuss, Sitzungssaal",
        is_public=True,
        status=MeetingStatus.INVITED,
        items=[
            AgendaItem(
                position=number,
                title=f"Tagesordnungspunkt {number + 1}",
                kind=AgendaItemKind.DECISION
                if (number + 1) % 2 == 0
                else AgendaItemKind.DISCUSSION,
            )
            for number in range(items)
        ],
    )
    db.session.add(meeting)
    db.session.commit()
    _record_presence(ki, meeting)
    record = writing.start_minutes(ki, meeting)
    numbers = {item.id: item.position + 1 for item in meeting.items}
    for entry in sorted(record.entries, key=lambda entry: numbers[entry.agenda_item_id]):
        _write_entry(ki, entry, numbers[entry.agenda_item_id])
    minutes_workflow.circulate_minutes(
        ki, record, comments_due_on=today_local() + timedelta(days=1)
    )
    minutes_workflow.approve_minutes(
        ki, record, mode="chair", today=today_local() + timedelta(days=2)
    )
    return meeting.id


# --- python-docx alone ------------------------------------------------------------------------

Runs = tuple[tuple[str, bool, bool], ...]


@dataclass
class Script:
    """A document as python-docx calls: paragraphs (style, runs) and tables (cells' paragraphs)."""

    blocks: list[tuple] = field(default_factory=list)
    header: str = ""
    footer: str = ""
    title: str = ""
    author: str = ""
    styles: set[str] = field(default_factory=set)


def _runs(paragraph: Paragraph) -> Runs:
    return tuple((run.text, bool(run.bold), bool(run.italic)) for run in paragraph.runs)


def read_script(data: bytes) -> Script:
    """Read a document into the calls that write it again (done once, outside the timing)."""
    document = Document(io.BytesIO(data))
    script = Script(
        header=document.sections[0].header.paragraphs[0].text,
        footer=document.sections[0].footer.paragraphs[0].text,
        title=document.core_properties.title,
        author=document.core_properties.author,
    )
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(element, document)
            style = paragraph.style.name if paragraph.style.name != "Normal" else None
            script.blocks.append(("p", style, _runs(paragraph)))
        elif tag == "tbl":
            table = Table(element, document)
            style = table.style.name if table.style is not None else None
            rows = tuple(
                tuple(tuple(_runs(p) for p in cell.paragraphs) for cell in row.cells)
                for row in table.rows
            )
            script.blocks.append(("t", style, rows))
        else:
            continue
        if style:
            script.styles.add(style)
    return script


def build_plain(script: Script) -> bytes:
    """Write the script's paragraphs and tables with python-docx calls only."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Twips(11906), Twips(16838)
    properties = document.core_properties
    properties.title, properties.author = script.title, script.author
    section.header.paragraphs[0].text = script.header
    section.footer.paragraphs[0].text = script.footer
    styles = {name: document.styles[name] for name in script.styles}
    for kind, style, content in script.blocks:
        if kind == "p":
            _plain_runs(document.add_paragraph(style=styles.get(style)), content)
            continue
        table = document.add_table(rows=0, cols=len(content[0]))
        if style:
            table.style = styles[style]
        for values in content:
            for cell, paragraphs in zip(table.add_row().cells, values, strict=True):
                _plain_runs(cell.paragraphs[0], paragraphs[0])
                for runs in paragraphs[1:]:
                    _plain_runs(cell.add_paragraph(), runs)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _plain_runs(paragraph: Paragraph, runs: Runs) -> None:
    for text, bold, italic in runs:
        run = paragraph.add_run(text)
        if bold:
            run.bold = True
        if italic:
            run.italic = True


# --- measuring --------------------------------------------------------------------------------


def _time(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def measure(app: Flask, *, repeats: int = 15, items: int = ITEMS) -> dict:
    """Seed the meeting in the app's database and time the route against plain python-docx."""
    with app.app_context():
        meeting_id = seed_meeting(items)
        engine = db.engine
        db.session.remove()
    client = app.test_client()
    log_in(client, SECRETARIAT)
    path = f"/meetings/{meeting_id}/minutes.docx"
    response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} answered {response.status_code}")
    script = read_script(response.data)
    same = docx_texts(response.data) == docx_texts(build_plain(script))
    with StatementCounter(engine) as counter:
        client.get(path)
    route: list[float] = []
    plain: list[float] = []
    for _ in range(repeats):
        route.append(_time(lambda: client.get(path)))
        plain.append(_time(lambda: build_plain(script)))
    result = {
        "path": path,
        "items": items,
        "repeats": repeats,
        "route_median_ms": statistics.median(route),
        "route_best_ms": min(route),
        "plain_median_ms": statistics.median(plain),
        "plain_best_ms": min(plain),
        "sql_statements": len(counter.statements),
        "bytes": len(response.data),
        "same_content": same,
        "target_ratio": TARGET_RATIO,
    }
    result["ratio"] = result["route_median_ms"] / result["plain_median_ms"]
    return result


def summary(result: dict) -> str:
    """Return the lines the harness prints."""
    verdict = "met" if result["ratio"] <= TARGET_RATIO else "MISSED"
    lines = [
        f"Minutes DOCX of {result['items']} items, {result['repeats']} runs each (median / best):",
        f"  route {result['path']:<28} {result['route_median_ms']:7.1f} / "
        f"{result['route_best_ms']:7.1f} ms, {result['sql_statements']} SQL statements, "
        f"{result['bytes'] / 1024:.0f} KiB",
        f"  python-docx alone, same document   {result['plain_median_ms']:7.1f} / "
        f"{result['plain_best_ms']:7.1f} ms",
        f"  ratio route / python-docx (medians): {result['ratio']:.2f} "
        f"(target ≤ {TARGET_RATIO}: {verdict})",
    ]
    if not result["same_content"]:
        lines.append("  WARNING: the plain writer's text differs; the ratio compares unlike work.")
    return "\n".join(lines)


def missed(result: dict) -> list[str]:
    """Return the missed target, if any, in the words of the harness's list."""
    if result["ratio"] <= TARGET_RATIO:
        return []
    return [
        f"minutes DOCX export: {result['ratio']:.2f} × python-docx alone (target ≤ {TARGET_RATIO})"
    ]


def main(argv: list[str] | None = None) -> int:
    """Measure on a temporary SQLite database; exit 0 even when the target is missed."""
    from flask_migrate import upgrade

    from benchmarks import seed
    from benchmarks.app import build_app
    from portal import init_migrations

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--items", type=int, default=ITEMS)
    args = parser.parse_args(argv)
    saved = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="kim-bench-docx-") as workdir:
        os.environ.update(
            DATABASE_URL=f"sqlite:///{Path(workdir) / 'bench.db'}",
            SECRET_KEY=secrets.token_hex(32),
            PORTAL_INSTANCE_PATH=str(Path(workdir) / "instance"),
            PORTAL_ENV="production",
            PORTAL_BASE_URL="http://127.0.0.1",
            MAIL_ENABLED="0",
        )
        try:
            app = build_app()
            init_migrations(app)
            with app.app_context():
                upgrade()
                seed.seed_demo()
                db.session.remove()
            print(summary(measure(app, repeats=args.repeats, items=args.items)))
            with app.app_context():
                db.engine.dispose()
        finally:
            os.environ.clear()
            os.environ.update(saved)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
