"""Sending e-mail over SMTP. Messages are rendered from ``templates/email/<name>.txt``."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app, render_template

logger = logging.getLogger("portal.notifications")


def send_mail(to: list[str], subject: str, template: str, **context) -> None:
    """Render a text template and send it to the recipients; failures are logged, not raised.

    A mail server that is down must not undo the change that triggered the mail, so callers
    send after their commit and the error ends up in the log for the operators.
    """
    config = current_app.config
    if not to or not config["MAIL_ENABLED"]:
        return
    message = EmailMessage()
    message["From"] = config["SMTP_SENDER"]
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="kim-portal")
    message.set_content(render_template(f"email/{template}.txt", **context))
    try:
        with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=10) as smtp:
            if config["SMTP_STARTTLS"]:
                smtp.starttls()
            if config["SMTP_USERNAME"]:
                smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"] or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        logger.exception("could not send %r to %d recipients", subject, len(to))
