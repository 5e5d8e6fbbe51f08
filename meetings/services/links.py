"""Addresses of meeting pages outside the request: in mail, feeds and invitations.

They use the portal's configured public address (``PORTAL_BASE_URL``), not the address a request
came in by, so a mail sent from the command line links to the same place as one sent from a page.
"""

from __future__ import annotations

from flask import current_app

from meetings.models import Meeting


def meeting_link(meeting: Meeting, path: str = "") -> str:
    """Return the meeting page's public address, with ``path`` appended (``/minutes``)."""
    return f"{current_app.config['PORTAL_BASE_URL']}/meetings/{meeting.id}{path}"
