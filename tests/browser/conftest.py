"""The portal on a live server with the demo data, and one Chromium for the whole session.

Every test opens fresh browser contexts (cookie jars): anonymous ones, or ones that start logged
in as a demo person. Each person logs in through the real login form once per session; the
resulting cookies are reused for that person's later contexts.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from sqlalchemy import select
from werkzeug.serving import WSGIRequestHandler, make_server

from meetings.models import (
    AgendaItem,
    AgendaItemAttachment,
    AgendaSuggestion,
    AgendaTemplateItem,
    Ballot,
    Decision,
    Meeting,
    Minutes,
    Proposal,
)
from portal import create_app, passwords
from portal.db import write_intent
from portal.demo_data import load_demo_data
from portal.extensions import db
from portal.models import Body, FeedbackMessage, Membership, Organisation, User
from portal.statistics.models import (
    CaseFigureReport,
    InterfaceObservation,
    StaffingCalculation,
    StatisticsSnapshot,
)
from portal.statistics.periods import Period
from tests.browser.documents_data import seed_documents
from tests.browser.helpers import MEMBER, goto, log_in
from tests.conftest import base_config

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Playwright waits at most this long (ms) for a page or an element; the portal answers in far less.
TIMEOUT_MS = 10_000


def _missing(what: str) -> None:
    """Skip locally, but fail on CI, where a missing browser must not turn the suite green."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} (the browser tests must run on CI)", pytrace=False)
    pytest.skip(what)


@dataclass
class LiveServer:
    """The running portal: its address, its app, and ids of demo records for URLs."""

    url: str
    app: Flask
    ids: dict[str, int] = field(default_factory=dict)


class _QuietRequestHandler(WSGIRequestHandler):
    """Serve requests without writing an access-log line for each."""

    def log_request(self, *args, **kwargs) -> None:
        pass


def _load_demo_data() -> dict[str, int]:
    """Load the demo data and the tour's documents; return the ids the documents' URLs need."""
    token = write_intent.set(True)
    try:
        # Every demo person has the same password: hash it once, not 31 times (0.3 s each).
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(passwords, "hash_password", functools.cache(passwords.hash_password))
            load_demo_data()
        # One feedback message, so the admin's feedback list shows an entry, not just its
        # empty state.
        db.session.add(
            FeedbackMessage(
                name="Erika Muster",
                email="erika@example.org",
                page="/bodies/",
                message="Die Tabelle lässt sich mit dem Screenreader schwer lesen.",
            )
        )
        db.session.commit()
        return seed_documents()
    finally:
        write_intent.reset(token)


def _demo_ids() -> dict[str, int]:
    """Look up the demo records the tour's admin pages show."""
    member = db.session.scalar(select(User).where(User.email == MEMBER))
    steering = db.session.scalar(select(Body).where(Body.slug == "lenkungsgruppe"))
    meeting = db.session.scalar(
        select(Meeting).where(Meeting.title == "5. Sitzung der Lenkungsgruppe KIM")
    )
    paper = db.session.scalar(
        select(AgendaItemAttachment)
        .join(AgendaItemAttachment.agenda_item)
        .where(AgendaItem.meeting_id == meeting.id)
        .order_by(AgendaItemAttachment.id)
    )
    return {
        "user": member.id,
        "organisation": db.session.scalar(
            select(Organisation.id).where(Organisation.name == "Stadt Neuss")
        ),
        "body": steering.id,
        "membership": db.session.scalar(
            select(Membership.id).where(
                Membership.user_id == member.id, Membership.body_id == steering.id
            )
        ),
        "meeting": meeting.id,
        "item": max(meeting.items, key=lambda item: item.position).id,
        # The member's pending suggestion and a working group's own agenda template
        # (meetings/demo_suggestions.py).
        "suggestion": db.session.scalar(
            select(AgendaSuggestion.id).where(AgendaSuggestion.meeting_id == meeting.id)
        ),
        "template_item": db.session.scalar(
            select(AgendaTemplateItem.id)
            .join(Body, Body.id == AgendaTemplateItem.body_id)
            .where(Body.slug == "ag-verfahrensebene")
            .order_by(AgendaTemplateItem.position)
        ),
        # The demo decision item with its two papers (meetings/demo_papers.py).
        "paper_item": paper.agenda_item_id,
        "paper": paper.id,
        **_minutes_ids(),
        **_governance_ids(),
        **_statistics_ids(),
    }


def _statistics_ids() -> dict[str, int | str]:
    """The demo snapshot, staffing split, an observation and the last reported quarter."""
    last = db.session.execute(
        select(CaseFigureReport.year, CaseFigureReport.quarter)
        .order_by(CaseFigureReport.year.desc(), CaseFigureReport.quarter.desc())
        .limit(1)
    ).one()
    return {
        "snapshot": db.session.scalar(select(StatisticsSnapshot.id)),
        "staffing": db.session.scalar(select(StaffingCalculation.id)),
        "observation": db.session.scalar(
            select(InterfaceObservation.id)
            .where(InterfaceObservation.status == "new")
            .order_by(InterfaceObservation.id)
        ),
        "statistics_period": Period(*last).slug,
    }


def _governance_ids() -> dict[str, int]:
    """The demo proposals on their steps, the written procedure, the decision and its actions

    (meetings/demo_governance.py)."""

    def proposal(title: str) -> int:
        return db.session.scalar(select(Proposal.id).where(Proposal.title == title))

    decided = proposal("Case-Management in allen acht Kommunen")
    decision = db.session.scalar(select(Decision).where(Decision.proposal_id == decided))
    scheduled = proposal("Gemeinsame Terminvergabe Ausländerbehörde und Jobcenter")
    return {
        "proposal_draft": proposal("Mehrsprachige Erstinformation in den Bürgerbüros"),
        "proposal_deliberating": proposal("Lotsenstellen für den Übergang Schule – Ausbildung"),
        "proposal_forwarded": proposal("Einheitliche Checkliste für die Beschäftigungserlaubnis"),
        "proposal_scheduled": scheduled,
        "proposal_decided": decided,
        "scheduled_item": db.session.scalar(
            select(AgendaItem.id).where(AgendaItem.proposal_id == scheduled)
        ),
        "written_ballot": db.session.scalar(select(Ballot.id).where(Ballot.kind == "written")),
        "decision": decision.id,
        "overdue_action": min(action.id for action in decision.actions),
    }


def _minutes_ids() -> dict[str, int]:
    """The past meetings with approved and with draft minutes (meetings/demo_minutes.py)."""
    approved, draft = (
        db.session.scalar(
            select(Minutes.meeting_id).where(Minutes.status == status).order_by(Minutes.id)
        )
        for status in ("approved", "draft")
    )
    draft_item = db.session.scalar(
        select(AgendaItem.id)
        .where(AgendaItem.meeting_id == draft, AgendaItem.kind == "decision")
        .order_by(AgendaItem.position)
    )
    return {"minutes_meeting": approved, "draft_meeting": draft, "draft_item": draft_item}


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """Serve the portal with the demo data on a free port of 127.0.0.1, with real CSRF."""
    database = tmp_path_factory.mktemp("browser") / "browser.db"
    config = base_config(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}",
        WTF_CSRF_ENABLED=True,
        MAIL_ENABLED=False,
    )
    config.pop("SERVER_NAME")
    app = create_app(config)
    with app.app_context():
        db.create_all()
        document_ids = _load_demo_data()
        ids = {**_demo_ids(), **document_ids}
        db.session.remove()

    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietRequestHandler)
    app.config["PORTAL_BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=app.config["PORTAL_BASE_URL"], app=app, ids=ids)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium (Debian's) for the whole session."""
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} not found: install Debian's chromium package to run browser tests")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The source of axe-core, installed by ``npm ci``."""
    if not AXE_SCRIPT.exists():
        _missing(f"{AXE_SCRIPT.relative_to(REPO_ROOT)} not found: run `make setup` (npm ci)")
    return AXE_SCRIPT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def _login_states() -> dict[str, dict]:
    """Per person, the cookies of one login through the form (filled on first use)."""
    return {}


class Visitor:
    """Opens browser contexts and pages on the live portal, anonymous or as a demo person.

    A person's first context logs in through the login form; later ones start from its cookies.
    Everything a visitor opened is closed by :meth:`close`.
    """

    def __init__(self, browser: Browser, server: LiveServer, login_states: dict[str, dict]):
        self.browser = browser
        self.server = server
        self._login_states = login_states
        self._contexts: list[BrowserContext] = []

    def context(self, user: str | None = None, **options) -> BrowserContext:
        """Open a fresh context, logged in as ``user`` (an e-mail) or anonymous."""
        if user is not None and user in self._login_states:
            options.setdefault("storage_state", self._login_states[user])
        context = self.browser.new_context(base_url=self.server.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        self._contexts.append(context)
        if user is not None and "storage_state" not in options:
            log_in(context.new_page(), user)
            self._login_states[user] = context.storage_state()
        return context

    def page(self, user: str | None = None, **options) -> Page:
        """Open a new page in a fresh context (see :meth:`context`)."""
        context = self.context(user, **options)
        return context.pages[0] if context.pages else context.new_page()

    def open(self, path: str, user: str | None = None, *, status: int = 200, **options) -> Page:
        """Open ``path`` as ``user`` in a fresh context and check the page's HTTP status."""
        page = self.page(user, **options)
        goto(page, path, status=status)
        return page

    def close(self) -> None:
        """Close every context this visitor opened."""
        for context in self._contexts:
            context.close()
        self._contexts.clear()


@pytest.fixture
def visitor(browser: Browser, live_server: LiveServer, _login_states) -> Iterator[Visitor]:
    """Open pages of the live portal in fresh contexts; see :class:`Visitor`."""
    opened = Visitor(browser, live_server, _login_states)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture(scope="session")
def tour_page(
    browser: Browser, live_server: LiveServer, _login_states
) -> Iterator[Callable[[str | None], Page]]:
    """Return the page the tour uses for a person (None: anonymous), one per person per session.

    The tour walks many pages per person, so each person keeps one page: its caches stay warm
    and axe-core is loaded once per page load instead of into a cold context every time.
    """
    guide = Visitor(browser, live_server, _login_states)
    pages: dict[str | None, Page] = {}

    def page_for(user: str | None) -> Page:
        if user not in pages:
            pages[user] = guide.page(user)
        return pages[user]

    try:
        yield page_for
    finally:
        guide.close()


@pytest.fixture
def url_for_tour(live_server: LiveServer) -> Callable[[str], str]:
    """Fill the ids of demo records into a tour path such as ``/admin/users/{user}``."""
    return lambda path: path.format(**live_server.ids)
