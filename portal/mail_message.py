"""Build the MIME message of one outgoing mail: text, HTML, and an optional iMIP invitation.

Every mail carries its text twice, as ``text/plain`` and as simple HTML made from that text,
so clients that prefer HTML show clickable links and keep paragraphs. A mail with an iCalendar
object (iMIP, RFC 6047) is shaped as Outlook, Thunderbird, Apple Mail and Gmail expect it::

    multipart/mixed
        multipart/alternative
            text/plain
            text/html
            text/calendar; method=REQUEST; charset="utf-8"
        application/ics (einladung.ics, or absage.ics for METHOD:CANCEL)

The ``text/calendar`` part with its ``method`` makes clients offer accept/decline and update the
entry they already have; the attachment serves clients that ignore it. Both carry the calendar's
bytes base64-encoded, so its CRLF line ends (RFC 5545) arrive exactly as built.

Pure: no Flask, no database. The caller wraps the HTML in the mail layout.
"""

from __future__ import annotations

import re
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime

from markupsafe import escape

#: The iTIP methods (RFC 5546) a calendar object may announce.
METHODS = frozenset(
    {"PUBLISH", "REQUEST", "REPLY", "ADD", "CANCEL", "REFRESH", "COUNTER", "DECLINECOUNTER"}
)
_ATTACHMENT_NAMES = {"CANCEL": "absage.ics"}
_DEFAULT_ATTACHMENT_NAME = "einladung.ics"

_METHOD_LINE = re.compile(r"^METHOD:([A-Za-z-]+)\r?$", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")
_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\n)+")
# Stops at white space, angle brackets, quotes, and German and French quotation marks.
_URL = re.compile(r"https?://[^\s<>\"'\u201c\u201d\u201e\u00ab\u00bb]+", re.IGNORECASE)
# Punctuation that ends a sentence rather than the address ("Siehe https://x.example/a.").
_TRAILING = ".,;:!?"


def compose(
    *,
    sender: str,
    recipient: str,
    subject: str,
    body: str,
    created_at: datetime,
    message_id: str,
    html: str,
    calendar: str = "",
) -> EmailMessage:
    """Return the message with text and HTML alternatives, plus the calendar if there is one.

    :param message_id: the full ``Message-ID`` value, angle brackets included.
    :param html: the complete HTML document shown by clients that prefer HTML.
    :param calendar: an iCalendar object with a ``METHOD`` line; empty for none.
    :raises ValueError: if ``calendar`` names no iTIP method.
    """
    email = EmailMessage()
    email["From"] = sender
    email["To"] = recipient
    email["Subject"] = subject
    email["Date"] = format_datetime(created_at)
    email["Message-ID"] = message_id
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(body)
    email.add_alternative(html, subtype="html")
    if calendar:
        _add_calendar(email, calendar)
    return email


def calendar_method(calendar: str) -> str:
    """Return the iTIP method (``REQUEST``, ``CANCEL``, ...) of an iCalendar object."""
    match = _METHOD_LINE.search(calendar)
    method = match.group(1).upper() if match else ""
    if method not in METHODS:
        raise ValueError(f"calendar object has no valid METHOD line (found {method!r})")
    return method


def _add_calendar(email: EmailMessage, calendar: str) -> None:
    method = calendar_method(calendar)
    # Bytes, not str: the str path re-joins lines with the policy's line end and so loses CRLF.
    data = calendar.encode("utf-8")
    email.add_alternative(
        data,
        maintype="text",
        subtype="calendar",
        cte="base64",
        # Python's header policy writes method="REQUEST"; RFC 2045 allows the quotes.
        params={"method": method, "charset": "utf-8"},
    )
    # Turns the message into multipart/mixed with the alternatives as its first part.
    email.add_attachment(
        data,
        maintype="application",
        subtype="ics",
        filename=_ATTACHMENT_NAMES.get(method, _DEFAULT_ATTACHMENT_NAME),
    )


def html_from_text(text: str) -> str:
    """Return the HTML body for a plain-text mail: escaped, in paragraphs, with links.

    Blank lines separate paragraphs, single line breaks become ``<br>``, ``http(s)`` addresses
    become links, and runs of spaces (indented agenda items) keep their width.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").rstrip()
    # Keep the first line's indentation: only whole blank lines go.
    text = _LEADING_BLANK_LINES.sub("", text)
    if not text:
        return ""
    blocks = _BLANK_LINES.split(text)
    return "\n".join(f"<p>{_block_html(block)}</p>" for block in blocks)


def _block_html(block: str) -> str:
    return "<br>\n".join(_line_html(line) for line in block.rstrip().split("\n"))


def _line_html(line: str) -> str:
    parts: list[str] = []
    position = 0
    for match in _URL.finditer(line):
        url = _trim_url(match.group())
        if url.endswith("//"):  # nothing but the scheme: not an address
            continue
        parts.append(_plain_html(line[position : match.start()]))
        parts.append(f'<a href="{escape(url)}">{escape(url)}</a>')
        position = match.start() + len(url)
    parts.append(_plain_html(line[position:]))
    return "".join(parts)


def _trim_url(url: str) -> str:
    """Drop sentence punctuation and a closing bracket that the address did not open."""
    while url and (url[-1] in _TRAILING or (url[-1] == ")" and url.count(")") > url.count("("))):
        url = url[:-1]
    return url


def _plain_html(text: str) -> str:
    # "&nbsp; " keeps two spaces two spaces wide; HTML would fold them into one.
    return str(escape(text)).replace("  ", "&nbsp; ")
