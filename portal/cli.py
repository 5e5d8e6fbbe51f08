"""The ``kim-portal`` command: Flask's CLI over the application factory, plus portal commands."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from typing import TYPE_CHECKING

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext

from portal.db import write_intent
from portal.errors import InvalidInput
from portal.models import GlobalRole

if TYPE_CHECKING:
    from portal.notifications import DeliveryReport


def _create_app() -> Flask:
    from flask_migrate.cli import db as db_group

    from portal import create_app, init_migrations

    app = create_app()
    init_migrations(app)
    app.cli.add_command(db_group)
    return app


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False)
def main() -> None:
    """KIM-Portal: governance portal of the Kommunales Integrationsmanagement."""


@click.command("demo-data")
@click.option("--if-empty", is_flag=True, help="Skip quietly when the database holds data.")
@with_appcontext
def demo_data_command(if_empty: bool) -> None:
    """Load the Rhein-Kreis Neuss demo data into an empty database."""
    from portal.demo_data import DatabaseNotEmpty, load_demo_data

    write_intent.set(True)
    try:
        counts = load_demo_data()
    except DatabaseNotEmpty:
        if if_empty:
            click.echo("Database already holds data; demo data not loaded.")
            return
        raise click.ClickException(
            "The database already holds data; demo data is only loaded into an empty database."
        ) from None
    click.echo(
        f"Demo data loaded: {counts['users']} users, {counts['organisations']} organisations, "
        f"{counts['bodies']} bodies, {counts['memberships']} memberships, "
        f"{counts['meetings']} meetings, {counts['documents']} documents."
    )


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([role.value for role in GlobalRole]), default="member")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def create_user_command(email: str, name: str, role: str, password_stdin: bool) -> None:
    """Create an account (the password is asked for unless --password-stdin)."""
    from portal.permissions import SYSTEM
    from portal.services.accounts import create_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    write_intent.set(True)
    try:
        user = create_user(SYSTEM, email=email, name=name, role=role, password=password)
    except InvalidInput as error:
        raise click.ClickException(
            "; ".join(f"{field}: {message}" for field, message in error.errors)
        ) from None
    click.echo(f"Created user {user.email} ({user.role.value}).")


@click.command("check-config")
@with_appcontext
def check_config_command() -> None:
    """Check the configuration and the database connection, and say what is used."""
    from flask import current_app

    from portal.services.config_check import check_configuration

    problems, warnings, facts = check_configuration(current_app)
    for key, value in facts:
        click.echo(f"{key}: {value}")
    for warning in warnings:
        click.echo(f"WARNING: {warning}", err=True)
    for problem in problems:
        click.echo(f"PROBLEM: {problem}", err=True)
    if problems:
        raise SystemExit(1)
    click.echo("Configuration OK.")


#: Messages per round and SMTP connection.
_SEND_BATCH = 100


def _deliver_all_due() -> DeliveryReport:
    """Send every due message, batch after batch; return the totals."""
    from portal.notifications import DeliveryReport, deliver_due

    total = DeliveryReport()
    while True:
        report = deliver_due(limit=_SEND_BATCH)
        total += report
        if report.handled < _SEND_BATCH:
            return total


@click.command("send-mail")
@click.option("--once", is_flag=True, help="Send what is due, print a summary and exit (cron).")
@click.option(
    "--interval",
    type=click.IntRange(min=1),
    default=60,
    show_default=True,
    help="Seconds between two rounds when running in a loop.",
)
@with_appcontext
def send_mail_command(once: bool, interval: int) -> None:
    """Send queued e-mail and retry failed mail; runs until stopped (SIGTERM, Ctrl-C)."""
    from portal.extensions import db

    if once:
        click.echo(_deliver_all_due().summary())
        return
    stop = threading.Event()
    previous = {
        number: signal.signal(number, lambda _signum, _frame: stop.set())
        for number in (signal.SIGTERM, signal.SIGINT)
    }
    click.echo(f"Sending mail every {interval} seconds; stop with SIGTERM or Ctrl-C.")
    try:
        while not stop.is_set():
            try:
                report = _deliver_all_due()
            except Exception:
                # The database may be away for a moment; the next round tries again.
                logging.getLogger("portal.notifications").exception("delivery round failed")
                db.session.rollback()
            else:
                if report.handled:
                    click.echo(report.summary())
            stop.wait(interval)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    click.echo("Stopped sending mail.")


@click.command("files-gc")
@click.option(
    "--older-than-hours",
    type=click.FloatRange(min=0),
    default=24,
    show_default=True,
    help="Keep unreferenced files younger than this (uploads still being saved).",
)
@with_appcontext
def files_gc_command(older_than_hours: float) -> None:
    """Remove stored files that no upload refers to any more (removed attachments)."""
    from portal.services.files import collect_unreferenced_blobs

    report = collect_unreferenced_blobs(older_than_hours)
    click.echo(
        f"Removed {report.removed} unreferenced files ({report.removed_bytes} bytes) and "
        f"{report.removed_temporary} unfinished writes; kept {report.referenced} referenced "
        f"and {report.kept_recent} recent unreferenced files."
    )


def register_commands(app: Flask) -> None:
    """Add the portal's commands to the app's CLI."""
    for command in (
        demo_data_command,
        create_user_command,
        check_config_command,
        send_mail_command,
        files_gc_command,
    ):
        app.cli.add_command(command)
