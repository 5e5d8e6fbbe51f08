"""A personal feed's token never reaches a log: gunicorn's access log, as in production."""

from __future__ import annotations

import http.client
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.server import free_port
from portal import create_app
from portal.extensions import db
from portal.logredact import RedactFeedTokens, redact
from portal.models import User
from portal.services.calendar_tokens import issue_calendar_token

BIN = Path(sys.executable).parent


def test_redact_replaces_the_token_and_keeps_the_rest():
    line = '127.0.0.1 - - "GET /calendar/abcDEF-_123.ics HTTP/1.1" 200 "/calendar/x.ics?y=1"'

    assert redact(line) == '127.0.0.1 - - "GET /calendar/….ics HTTP/1.1" 200 "/calendar/….ics?y=1"'


def test_the_filter_rewrites_a_werkzeug_style_record():
    record = logging.LogRecord(
        "werkzeug", logging.INFO, __file__, 1, '"%s" %s', ("GET /calendar/s3cr3t.ics", 200), None
    )

    RedactFeedTokens().filter(record)

    assert "s3cr3t" not in record.getMessage()


def _wait_for(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn ended early"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
        finally:
            # Closed at once: a socket left to the garbage collector warns in a later test.
            connection.close()
    raise AssertionError("gunicorn did not answer")


def _get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_gunicorn_logs_feed_polls_without_the_token(tmp_path):
    database = f"sqlite:///{tmp_path / 'portal.db'}"
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "PORTAL_INSTANCE_PATH": str(tmp_path),
        "SECRET_KEY": "test",
        "MAIL_ENABLED": "0",
    }
    subprocess.run([BIN / "kim-portal", "db", "upgrade"], env=env, check=True, capture_output=True)
    app = create_app({"SQLALCHEMY_DATABASE_URI": database, "SECRET_KEY": "test"})
    with app.app_context():
        user = User(email="abo@example.org", name="Abo")
        db.session.add(user)
        db.session.commit()
        token = issue_calendar_token(user, user).token
        db.engine.dispose()
    access_log, error_log = tmp_path / "access.log", tmp_path / "error.log"
    port = free_port()
    process = subprocess.Popen(
        [
            BIN / "gunicorn",
            "-w",
            "1",
            "-b",
            f"127.0.0.1:{port}",
            "--access-logfile",
            str(access_log),
            "--error-logfile",
            str(error_log),
            "portal:create_app()",
        ],
        env=env,
    )
    try:
        _wait_for(port, process)
        assert _get(port, f"/calendar/{token}.ics") == 200
        assert _get(port, f"/calendar/{token[::-1]}.ics") == 404
    finally:
        process.terminate()
        process.wait(timeout=30)

    logged = access_log.read_text() + error_log.read_text()
    assert "/calendar/….ics" in logged
    assert token not in logged
    assert token[::-1] not in logged
