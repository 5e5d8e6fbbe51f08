"""Keep calendar feed tokens out of the logs.

A personal feed's address is its only credential, and every access log line of a poll carries
it: the development server's (``werkzeug``), gunicorn's (``gunicorn.access``, and
``gunicorn.error`` when a request fails) and Flask's own line for an exception. A filter on those
loggers replaces the token with ``…`` before any handler formats the record.
"""

from __future__ import annotations

import logging
import re

_FEED_PATH = re.compile(r"(/calendar/)[^/\s?#\"']+(\.ics)")
#: The loggers that name request paths.
LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error")


def redact(text: str) -> str:
    """Return the text with every personal feed token replaced."""
    return _FEED_PATH.sub(r"\1…\2", text)


class RedactFeedTokens(logging.Filter):
    """Rewrite a record whose message names a personal feed address."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/calendar/" in message:
            record.msg, record.args = redact(message), ()
        return True


def install(*logger_names: str) -> None:
    """Add the filter to the loggers, once each (the app factory may run many times)."""
    for name in logger_names:
        logger = logging.getLogger(name)
        if not any(isinstance(existing, RedactFeedTokens) for existing in logger.filters):
            logger.addFilter(RedactFeedTokens())
