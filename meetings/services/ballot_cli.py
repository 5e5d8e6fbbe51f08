"""``kim-portal close-due-ballots``: close ballots past their deadline, send due reminders.

Meant to run every few minutes from cron or a systemd timer. Ballots are also closed when their
page is opened or someone tries to vote after the deadline, so a late run only delays the mail
and the decision's entry in the register, never lets a late vote in.
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from meetings.services.ballot_closing import close_due_ballots, send_ballot_reminders
from portal.db import write_intent


@click.command("close-due-ballots")
@with_appcontext
def close_due_ballots_command() -> None:
    """Close ballots whose deadline has passed and remind seats 48 hours before a deadline."""
    write_intent.set(True)
    closed = close_due_ballots()
    reminded = send_ballot_reminders()
    click.echo(f"Ballots closed: {closed}. Reminders sent for {reminded} written procedures.")
