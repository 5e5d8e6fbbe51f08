"""A meeting as a calendar event: what feeds and invitation mails tell calendar programs.

Shared by the feeds and the iMIP mails, so a subscribed calendar and an accepted invitation
describe the meeting alike and carry the same ``UID``: the program that holds both shows one
entry. The description starts with the link to the meeting page, because many programs ignore
``URL``; then the agenda titles, the non-public ones only where the reader may see them.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _

from meetings.models import Meeting
from meetings.services.links import meeting_link
from meetings.services.numbered import numbered_agenda
from portal.ics import CalendarEvent


def meeting_uid(meeting: Meeting) -> str:
    """Return the meeting's calendar ``UID``: the same for its whole life, in every feed."""
    host = urlsplit(current_app.config["PORTAL_BASE_URL"]).hostname or "kim-portal"
    return f"meeting-{meeting.id}@{host}"


def meeting_event(meeting: Meeting, *, include_nonpublic: bool) -> CalendarEvent:
    """Describe the meeting for calendars, in the current language (caller's ``force_locale``).

    The caller has loaded ``meeting.body`` and ``meeting.items``; nothing here queries.
    """
    url = meeting_link(meeting)
    summary = f"{meeting.body.name}: {meeting.title}"
    lines = [url]
    if meeting.is_cancelled:
        summary = _("ABGESAGT: %(summary)s", summary=summary)
        lines += ["", _("Die Sitzung ist abgesagt.")]
        if meeting.cancel_reason:
            lines.append(_("Grund: %(reason)s", reason=meeting.cancel_reason))
    if meeting.online_url:
        lines += ["", _("Online-Teilnahme: %(url)s", url=meeting.online_url)]
    agenda = numbered_agenda(meeting.items, include_nonpublic=include_nonpublic)
    if agenda:
        lines += ["", _("Tagesordnung:")]
        lines += [
            _("TOP %(number)s %(title)s", number=entry.number, title=entry.item.title)
            for entry in agenda
        ]
    # An item added in this transaction has no stamp until the flush.
    stamps = [meeting.updated_at]
    stamps += [item.updated_at for item in meeting.items if item.updated_at is not None]
    return CalendarEvent(
        uid=meeting_uid(meeting),
        sequence=meeting.sequence,
        summary=summary,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        created=meeting.created_at,
        last_modified=max(stamps),
        location=meeting.location or meeting.online_url,
        url=url,
        description="\n".join(lines),
        cancelled=meeting.is_cancelled,
    )
