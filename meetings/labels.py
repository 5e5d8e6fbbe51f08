"""German labels of the meetings' enumerations, for forms and pages."""

from __future__ import annotations

from meetings.models import AgendaItemKind, AttendanceAnswer, MeetingChangeKind, MeetingStatus
from portal.i18n import lazy_gettext as _l

MEETING_STATUS_LABELS = {
    MeetingStatus.PLANNED: _l("geplant"),
    MeetingStatus.INVITED: _l("eingeladen"),
    MeetingStatus.HELD: _l("durchgeführt"),
    MeetingStatus.MINUTES_APPROVED: _l("Niederschrift genehmigt"),
    MeetingStatus.CANCELLED: _l("abgesagt"),
}
AGENDA_ITEM_KIND_LABELS = {
    AgendaItemKind.INFORMATION: _l("Information"),
    AgendaItemKind.DISCUSSION: _l("Beratung"),
    AgendaItemKind.DECISION: _l("Beschluss"),
}
#: What became of a suggested agenda item (``SuggestionStatus``).
SUGGESTION_STATUS_LABELS = {
    "pending": _l("offen"),
    "accepted": _l("angenommen"),
    "declined": _l("abgelehnt"),
}
#: A person's answer to the invitation.
ATTENDANCE_ANSWER_LABELS = {
    AttendanceAnswer.PENDING: _l("keine Rückmeldung"),
    AttendanceAnswer.ATTEND: _l("nehme teil"),
    AttendanceAnswer.ABSENT: _l("kann nicht teilnehmen"),
    AttendanceAnswer.DEPUTY: _l("Stellvertretung nimmt teil"),
}
#: How the attendance list states a person's attendance (``meetings.services.attendance``).
ATTENDANCE_STATUS_LABELS = {
    "present": _l("anwesend"),
    "excused": _l("entschuldigt"),
    "represented": _l("vertreten"),
    "absent": _l("abwesend"),
    "pending": _l("offen"),
}
MEETING_CHANGE_LABELS = {
    MeetingChangeKind.RESCHEDULED: _l("verlegt"),
    MeetingChangeKind.UPDATED: _l("geändert"),
    MeetingChangeKind.CANCELLED: _l("abgesagt"),
    MeetingChangeKind.AGENDA: _l("Tagesordnung geändert"),
}
#: Names of the meeting fields in the change record.
FIELD_LABELS = {
    "title": _l("Titel"),
    "starts_at": _l("Beginn"),
    "ends_at": _l("Ende"),
    "location": _l("Ort"),
    "online_url": _l("Online-Link"),
    "is_public": _l("öffentlich"),
    "status": _l("Status"),
    "reason": _l("Grund"),
    "added": _l("neuer Punkt"),
    "removed": _l("abgesetzter Punkt"),
    "moved": _l("verschobener Punkt"),
    "paper_added": _l("neue Unterlage"),
    "paper_removed": _l("entfernte Unterlage"),
    "item": _l("Punkt"),
    "description": _l("Beschreibung"),
    "kind": _l("Art"),
    "presenter": _l("Berichterstattung"),
    "duration_minutes": _l("Dauer (Minuten)"),
    "parent_id": _l("übergeordneter Punkt"),
}
