"""SQL statements per request, counted in-process with an engine event.

The count comes from SQLAlchemy's ``before_cursor_execute`` event on the app's engine, for one
request through the Flask test client against the seeded database, after one warm-up request of
the same page (so that one-off work, such as the first load of a page's template, is left out).

Each page is counted and timed twice: *rendered*, with the process's page store emptied before
the request (what a page costs the first time, and after every change; the figure the targets
judge), and *kept*, served from the store (``portal.page_cache``; what it costs again).

Transaction control is counted apart: on SQLite the portal issues ``BEGIN`` itself (see
``portal.db.configure_sqlite``), which PostgreSQL's driver does implicitly and invisibly to the
event. Leaving it out of the reported count makes the figures of both databases comparable.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event
from sqlalchemy.engine import Engine

from benchmarks.pages import Page, csrf_token, login_form
from portal.extensions import db
from portal.page_cache import page_cache

_TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


@dataclass
class PageCount:
    """The statements one request of a page ran."""

    status: int
    statements: list[str] = field(default_factory=list)
    transaction_control: int = 0
    #: In-process time of one request (test client, no HTTP server): best and median of repeats.
    best_ms: float = 0.0
    median_ms: float = 0.0
    #: The same request answered from the page store (no store: the rendered figures again).
    kept_statements: int = 0
    kept_best_ms: float = 0.0

    @property
    def count(self) -> int:
        """Statements that read or write data (transaction control excluded)."""
        return len(self.statements)


class StatementCounter:
    """Collect the SQL statements the engine sends while the counter is listening."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.statements: list[str] = []
        self.transaction_control = 0

    def _on_execute(self, _conn, _cursor, statement: str, _params, _context, _many) -> None:
        if statement.lstrip().upper().startswith(_TRANSACTION_CONTROL):
            self.transaction_control += 1
        else:
            self.statements.append(" ".join(statement.split()))

    def reset(self) -> None:
        """Forget what was counted so far."""
        self.statements = []
        self.transaction_control = 0

    def __enter__(self) -> StatementCounter:
        event.listen(self.engine, "before_cursor_execute", self._on_execute)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._on_execute)


def log_in(client: FlaskClient, email: str) -> None:
    """Log the test client in through the real login form (CSRF token from the page)."""
    page = client.get("/login")
    token = csrf_token(page.get_data(as_text=True))
    response = client.post("/login", data=login_form(email, token))
    if response.status_code != 302:
        raise RuntimeError(f"login as {email} failed with status {response.status_code}")


def _timings(
    client: FlaskClient, path: str, repeats: int, forget: Callable[[], None]
) -> tuple[float, float]:
    """Return the best and the median time of ``repeats`` requests, in ms.

    The best of several is the figure least disturbed by other processes on the machine.
    ``forget`` runs before each request, outside the timing.
    """
    times = []
    for _ in range(repeats):
        forget()
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    return min(times), statistics.median(times)


def count_pages(
    app: Flask, pages: tuple[Page, ...], steering_id: int, *, repeats: int = 10
) -> dict[str, PageCount]:
    """Request each page as its user, count the statements of the second request, and time
    ``repeats`` more requests; rendered and kept (see the module's docstring)."""
    clients: dict[str | None, FlaskClient] = {}
    results: dict[str, PageCount] = {}
    with app.app_context():
        engine = db.engine
    store = page_cache(app)
    forget = store.clear if store is not None else lambda: None
    with StatementCounter(engine) as counter:
        for page in pages:
            client = clients.get(page.user)
            if client is None:
                client = clients[page.user] = app.test_client()
                if page.user is not None:
                    log_in(client, page.user)
            path = page.url_path(steering_id)
            client.get(path)
            forget()
            counter.reset()
            response = client.get(path)
            result = results[page.label] = PageCount(
                status=response.status_code,
                statements=list(counter.statements),
                transaction_control=counter.transaction_control,
            )
            counter.reset()
            client.get(path)
            result.kept_statements = len(counter.statements)
            if repeats > 0:
                result.best_ms, result.median_ms = _timings(client, path, repeats, forget)
                result.kept_best_ms = _timings(client, path, repeats, lambda: None)[0]
    return results
