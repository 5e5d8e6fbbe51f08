"""E-mail through an outbox: queued with the change, sent right after commit, retried later.

A service calls :func:`queue_mail` before its commit. The message is rendered then, in the
recipient's language, and added to the same transaction as the change it announces: a rolled-back
change leaves no mail, and a committed one always has its mail stored, whatever the mail server
does.

Sending right after commit works through three session events, registered once by
:func:`init_app`. ``after_flush`` notes the ids of new :class:`OutboxMessage` rows;
``after_commit`` of the outermost transaction keeps them (a savepoint's commit does not count);
``after_transaction_end`` of the outermost transaction hands them on and drops what a rollback
left noted.

- In a request they wait in ``g`` until the request ends (``teardown_request``), so several
  commits of one request share one SMTP connection and a slow mail server never sits inside a
  transaction. Teardown runs before the server sends the response, so the visitor waits for the
  SMTP round trip as with direct sending (bounded by :data:`SMTP_TIMEOUT`); in exchange it always
  runs, inside the request's app context, also under the test client.
- Outside a request (command line, shell, tests) there is no such end to wait for, so they are
  sent at once, in a session of their own, after the caller's connection went back to the pool.

Either way a failure is logged and left for ``kim-portal send-mail``; it never reaches the caller.

:func:`deliver_due` sends what is due. It first claims a batch in a short transaction
(``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite) by moving
``next_attempt_at`` past :data:`CLAIM_TIMEOUT`, so other senders skip those rows; then it talks
SMTP outside any transaction; then it records the outcome. A failed message is retried after 1,
2, 4, ... minutes (at most :data:`MAX_RETRY_DELAY`) until ``MAIL_MAX_ATTEMPTS`` tries, then
given up (``failed_at``) and kept for the operators.

With ``MAIL_ENABLED`` off, messages are still queued (so every code path stays the same) but
never sent: delivery closes them as given up with ``last_error`` saying so. Switching mail on
later therefore does not send a backlog of stale invitations and expired links.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from urllib.parse import urlsplit

from flask import Flask, current_app, g, has_request_context, render_template
from flask_babel import force_locale, gettext
from flask_babel.speaklater import LazyString
from markupsafe import Markup
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from portal import mail_message
from portal.db import utcnow, write_intent
from portal.extensions import db
from portal.models import NotificationKind, NotificationPreference, OutboxMessage, User

logger = logging.getLogger("portal.notifications")

#: Pause after the first failed try; it doubles with every further failure.
FIRST_RETRY_DELAY = timedelta(minutes=1)
#: The longest pause between two tries.
MAX_RETRY_DELAY = timedelta(hours=6)
#: How long a sender may hold claimed messages before another sender may take them over.
CLAIM_TIMEOUT = timedelta(minutes=15)
#: Seconds to wait for the mail server on each step of the conversation.
SMTP_TIMEOUT = 10

_PENDING = "portal_outbox_pending"
_COMMITTED = "portal_outbox_committed"
_REQUEST_IDS = "_portal_outbox_ids"
_SUBJECT_LENGTH = 300
_ERROR_LENGTH = 2000
_DISABLED = "not sent: MAIL_ENABLED is off"


@dataclass
class DeliveryReport:
    """What one delivery round did."""

    sent: int = 0
    #: Failed this time, tried again later.
    failed: int = 0
    #: Failed for the last allowed time; ``failed_at`` is set.
    gave_up: int = 0
    #: Closed unsent because ``MAIL_ENABLED`` is off.
    skipped: int = 0
    #: Still queued after the round: due later, or claimed by another sender.
    waiting: int = 0

    @property
    def handled(self) -> int:
        """Return how many messages this round took on."""
        return self.sent + self.failed + self.gave_up + self.skipped

    def __add__(self, other: DeliveryReport) -> DeliveryReport:
        """Add up two rounds; ``waiting`` is what the later round left."""
        return DeliveryReport(
            sent=self.sent + other.sent,
            failed=self.failed + other.failed,
            gave_up=self.gave_up + other.gave_up,
            skipped=self.skipped + other.skipped,
            waiting=other.waiting,
        )

    def summary(self) -> str:
        """Return one line for the operators' log."""
        text = (
            f"Mail: {self.sent} sent, {self.failed} failed (will retry), "
            f"{self.gave_up} given up, {self.waiting} waiting"
        )
        if self.skipped:
            text += f", {self.skipped} not sent (MAIL_ENABLED is off)"
        return text + "."


@dataclass(frozen=True)
class _Outgoing:
    """A claimed message, detached from the database while SMTP runs."""

    id: int
    recipient: str
    subject: str
    body: str
    calendar: str
    created_at: datetime
    #: The language it is written in (the HTML document's ``lang``).
    locale: str


# --- queueing ----------------------------------------------------------------------------------


def wants_mail(user: User, kind: NotificationKind) -> bool:
    """Tell whether the user wants mail of this kind (yes unless switched off)."""
    enabled = db.session.scalar(
        select(NotificationPreference.is_enabled).where(
            NotificationPreference.user_id == user.id, NotificationPreference.kind == kind
        )
    )
    return enabled is None or enabled


def queue_mail(
    recipient: User,
    subject: str | LazyString,
    template: str,
    *,
    kind: NotificationKind | None = None,
    calendar: str = "",
    **context,
) -> OutboxMessage | None:
    """Add a mail to the current transaction, in the recipient's language; the caller commits.

    :param subject: the German message id, marked with ``N_``; it is translated and its
        ``%(name)s`` placeholders are filled from ``context`` (write a literal ``%`` as ``%%``).
        A ``lazy_gettext`` string is also accepted.
    :param template: the name of ``templates/email/<template>.txt``; it sees ``context`` and
        ``recipient``.
    :param kind: what the mail announces; ``None`` is account mail, which cannot be switched off.
    :param calendar: an iCalendar object (iMIP) to send along, e.g. the invitation to put in the
        recipient's calendar; empty for none.
    :return: the queued message, or ``None`` if the recipient is inactive or switched ``kind`` off.
    """
    if not recipient.is_active:
        return None
    if kind is not None and not wants_mail(recipient, kind):
        return None
    context.setdefault("recipient", recipient)
    return _queue(
        recipient.email, recipient.locale, subject, template, kind, context, calendar=calendar
    )


def queue_mails(
    recipients: Iterable[User],
    subject: str | LazyString,
    template: str,
    *,
    kind: NotificationKind,
    calendar: Callable[[User], str] | None = None,
    **context,
) -> list[OutboxMessage]:
    """Queue the same announcement for many people, each in their language (caller commits).

    Works as :func:`queue_mail` for each recipient, but asks for everyone's choices in one
    query instead of one per person.

    :param calendar: returns the iCalendar object for one recipient; an iMIP invitation names
        its recipient as ATTENDEE, so each person gets their own. Called only for people who
        get the mail.
    """
    people = [person for person in recipients if person.is_active]
    switched_off = set(
        db.session.scalars(
            select(NotificationPreference.user_id).where(
                NotificationPreference.user_id.in_([person.id for person in people]),
                NotificationPreference.kind == kind,
                NotificationPreference.is_enabled.is_(False),
            )
        )
    )
    return [
        _queue(
            person.email,
            person.locale,
            subject,
            template,
            kind,
            {**context, "recipient": person},
            calendar=calendar(person) if calendar is not None else "",
        )
        for person in people
        if person.id not in switched_off
    ]


def queue_mail_to_address(
    address: str,
    subject: str | LazyString,
    template: str,
    *,
    locale: str | None = None,
    calendar: str = "",
    **context,
) -> OutboxMessage:
    """Add a mail to a plain address (not an account) to the current transaction.

    It is written in ``locale``, by default the portal's default language; ``subject`` and
    ``template`` and ``calendar`` work as in :func:`queue_mail`.
    """
    language = locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    return _queue(address.strip(), language, subject, template, None, context, calendar=calendar)


def _queue(
    address: str,
    locale: str,
    subject: str | LazyString,
    template: str,
    kind: NotificationKind | None,
    context: dict,
    *,
    calendar: str = "",
) -> OutboxMessage:
    with force_locale(locale):
        if isinstance(subject, LazyString):
            subject_text = str(subject)
        else:
            subject_text = gettext(subject) % context
        body = render_template(f"email/{template}.txt", **context)
    # One line, as a header must be; user text in a subject (a meeting title) may hold breaks.
    subject_text = " ".join(subject_text.split())[:_SUBJECT_LENGTH]
    message = OutboxMessage(
        recipient=address,
        subject=subject_text,
        body=body,
        calendar=calendar,
        locale=locale,
        kind=kind.value if kind is not None else "",
    )
    db.session.add(message)
    return message


# --- delivery ----------------------------------------------------------------------------------


def retry_delay(attempts: int) -> timedelta:
    """Return the pause after the given number of failed tries: 1, 2, 4, ... minutes, capped."""
    exponent = min(max(attempts, 1) - 1, 20)
    return min(FIRST_RETRY_DELAY * 2**exponent, MAX_RETRY_DELAY)


def deliver_due(now: datetime | None = None, limit: int = 100) -> DeliveryReport:
    """Send up to ``limit`` due messages over one SMTP connection and record the outcome.

    Uses and commits ``db.session``; call it with no changes of your own pending.
    """
    now = now or utcnow()
    report = _deliver(db.session, now, limit=limit)
    report.waiting = db.session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None))
    )
    db.session.commit()
    return report


def _deliver(
    session: Session, now: datetime, *, ids: Iterable[int] | None = None, limit: int = 100
) -> DeliveryReport:
    config = current_app.config
    token = write_intent.set(True)  # SQLite: claim under BEGIN IMMEDIATE, one sender at a time
    try:
        if not config["MAIL_ENABLED"]:
            return _close_unsent(session, now, ids, limit)
        outgoing = _claim(session, now, ids, limit)
        if not outgoing:
            return DeliveryReport()
        errors = _send(outgoing, config)
        return _record(session, outgoing, errors, now, config["MAIL_MAX_ATTEMPTS"])
    finally:
        write_intent.reset(token)


def _due(now: datetime, ids: Iterable[int] | None, limit: int):
    query = (
        select(OutboxMessage)
        .where(
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.failed_at.is_(None),
            OutboxMessage.next_attempt_at <= now,
        )
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        # PostgreSQL: rows another sender is claiming are skipped, not waited for or sent twice.
        .with_for_update(skip_locked=True)
    )
    if ids is not None:
        query = query.where(OutboxMessage.id.in_(list(ids)))
    return query


def _claim(
    session: Session, now: datetime, ids: Iterable[int] | None, limit: int
) -> list[_Outgoing]:
    """Take due messages for this sender: other senders skip them until the claim runs out."""
    try:
        rows = session.scalars(_due(now, ids, limit)).all()
        outgoing = [
            _Outgoing(
                row.id,
                row.recipient,
                row.subject,
                row.body,
                row.calendar,
                row.created_at,
                row.locale,
            )
            for row in rows
        ]
        for row in rows:
            row.next_attempt_at = now + CLAIM_TIMEOUT
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return outgoing


def _close_unsent(
    session: Session, now: datetime, ids: Iterable[int] | None, limit: int
) -> DeliveryReport:
    try:
        rows = session.scalars(_due(now, ids, limit)).all()
        for row in rows:
            row.failed_at = now
            row.last_error = _DISABLED
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return DeliveryReport(skipped=len(rows))


def _connect(config) -> smtplib.SMTP:
    smtp = smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=SMTP_TIMEOUT)
    try:
        if config["SMTP_STARTTLS"]:
            smtp.starttls()
        if config["SMTP_USERNAME"]:
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"] or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def _email(message: _Outgoing, config) -> EmailMessage:
    host = urlsplit(config["PORTAL_BASE_URL"]).hostname or "kim-portal"
    # The HTML is made here, not stored: it follows from the text, and the layout may change.
    html = render_template(
        "email/layout.html",
        lang=message.locale,
        title=message.subject,
        content=Markup(mail_message.html_from_text(message.body)),
    )
    return mail_message.compose(
        sender=config["SMTP_SENDER"],
        recipient=message.recipient,
        subject=message.subject,
        body=message.body,
        created_at=message.created_at,
        # Stable across retries, so a mail sent twice (a sender died before recording) is one.
        message_id=f"<outbox.{message.id}.{int(message.created_at.timestamp())}@{host}>",
        html=html,
        calendar=message.calendar,
    )


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:_ERROR_LENGTH]


def _send(outgoing: list[_Outgoing], config) -> dict[int, str | None]:
    """Send the messages over one connection; return each message's error, ``None`` if sent."""
    try:
        smtp = _connect(config)
    except (OSError, smtplib.SMTPException) as error:
        logger.warning("mail server %s unreachable: %s", config["SMTP_HOST"], error)
        return dict.fromkeys((message.id for message in outgoing), _describe(error))
    errors: dict[int, str | None] = {}
    try:
        for position, message in enumerate(outgoing):
            try:
                email = _email(message, config)
            except Exception as error:  # e.g. a malformed address: no retry will fix it
                errors[message.id] = _describe(error)
                continue
            try:
                smtp.send_message(email)
            except (OSError, smtplib.SMTPServerDisconnected) as error:
                # The connection is gone: the rest of the batch waits for the next round.
                for rest in outgoing[position:]:
                    errors[rest.id] = _describe(error)
                break
            except (smtplib.SMTPException, ValueError) as error:
                errors[message.id] = _describe(error)
            else:
                errors[message.id] = None
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()
    return errors


def _record(
    session: Session,
    outgoing: list[_Outgoing],
    errors: dict[int, str | None],
    now: datetime,
    max_attempts: int,
) -> DeliveryReport:
    report = DeliveryReport()
    try:
        for message in outgoing:
            row = session.get(OutboxMessage, message.id)
            if row is None:  # removed by an operator meanwhile
                continue
            row.attempts += 1
            error = errors.get(message.id, "not tried")
            if error is None:
                row.sent_at = now
                row.last_error = ""
                report.sent += 1
                continue
            row.last_error = error
            if row.attempts >= max_attempts:
                row.failed_at = now
                report.gave_up += 1
                logger.error(
                    "gave up outbox message %d after %d attempts: %s",
                    row.id,
                    row.attempts,
                    error,
                )
            else:
                row.next_attempt_at = now + retry_delay(row.attempts)
                report.failed += 1
                logger.warning(
                    "outbox message %d failed (attempt %d), retry at %s: %s",
                    row.id,
                    row.attempts,
                    row.next_attempt_at.isoformat(),
                    error,
                )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return report


# --- sending right after commit ----------------------------------------------------------------


def init_app(app: Flask) -> None:
    """Send the messages of a transaction right after it commits (see the module docstring)."""
    app.teardown_request(_deliver_after_request)
    if not event.contains(db.session, "after_flush", _note_new_messages):
        # db.session is one object for every app, so the listeners are added once per process.
        event.listen(db.session, "after_flush", _note_new_messages)
        event.listen(db.session, "after_commit", _keep_committed)
        event.listen(db.session, "after_transaction_end", _hand_on_committed)


def _note_new_messages(session: Session, _flush_context) -> None:
    new_ids = [obj.id for obj in session.new if isinstance(obj, OutboxMessage)]
    if new_ids:
        session.info.setdefault(_PENDING, set()).update(new_ids)


def _keep_committed(session: Session) -> None:
    if session.get_nested_transaction() is not None:
        return  # a savepoint: the outer transaction may still roll back
    pending = session.info.pop(_PENDING, None)
    if pending:
        session.info.setdefault(_COMMITTED, set()).update(pending)


def _hand_on_committed(session: Session, transaction) -> None:
    if transaction.parent is not None:
        return
    session.info.pop(_PENDING, None)  # rolled back or closed without commit
    committed = session.info.pop(_COMMITTED, None)
    if not committed:
        return
    if has_request_context():
        g.setdefault(_REQUEST_IDS, set()).update(committed)
        return
    try:
        with Session(db.engine) as own_session:
            _deliver(own_session, utcnow(), ids=committed, limit=len(committed))
    except Exception:
        logger.exception("could not send %d new messages; send-mail will retry", len(committed))


def _deliver_after_request(_error: BaseException | None) -> None:
    ids = g.pop(_REQUEST_IDS, None)
    if not ids:
        return
    try:
        # The request is over: end its read transaction, so the claim starts a fresh one.
        db.session.rollback()
        _deliver(db.session, utcnow(), ids=ids, limit=len(ids))
    except Exception:
        logger.exception("could not send %d new messages; send-mail will retry", len(ids))
        db.session.rollback()
