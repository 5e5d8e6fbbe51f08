"""Files attached to a meeting as a whole (the invitation letter, a presentation).

As visible as the meeting (``meeting.view``), every older version too; whoever runs the
meeting (``meeting.manage``) adds, replaces and removes them. The papers of single agenda items
are ``meetings.services.attachments``. Used with ``portal.services.attachment_lists``.
"""

from __future__ import annotations

from meetings.models import Meeting, MeetingAttachment
from portal.permissions import Action
from portal.services.attachment_lists import AttachmentSpec
from portal.services.files import load_versions


def _label(meeting: Meeting) -> str:
    return meeting.title


MEETING_ATTACHMENTS = AttachmentSpec(
    model=MeetingAttachment,
    owner_key="meeting_id",
    view=Action.MEETING_VIEW,
    edit=Action.MEETING_MANAGE,
    audit_prefix="meeting_attachment",
    label=_label,
)


def page_files(meeting: Meeting) -> list[MeetingAttachment]:
    """Return the meeting's files with their older versions, for the meeting page.

    The files come with the meeting (``queries.get_meeting(..., with_files=True)``), which has
    already been checked; only older versions, if any file has them, cost one more statement.
    """
    files = list(meeting.attachments)
    load_versions(attachment.file for attachment in files)
    return files
