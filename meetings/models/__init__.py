"""The meetings area's tables. Import models from here: ``from meetings.models import Meeting``."""

from meetings.models.attachments import AgendaItemAttachment
from meetings.models.attendance import Attendance, AttendanceAnswer
from meetings.models.meeting import (
    AgendaItem,
    AgendaItemKind,
    AgendaTemplateItem,
    Meeting,
    MeetingChange,
    MeetingChangeKind,
    MeetingStatus,
)
from meetings.models.minutes import (
    ApprovalMode,
    DecisionOutcome,
    Minutes,
    MinutesActionItem,
    MinutesComment,
    MinutesEntry,
    MinutesRevision,
    MinutesStatus,
)
from meetings.models.suggestions import AgendaSuggestion, SuggestionStatus

__all__ = [
    "AgendaItem",
    "AgendaItemAttachment",
    "AgendaItemKind",
    "AgendaSuggestion",
    "AgendaTemplateItem",
    "ApprovalMode",
    "Attendance",
    "AttendanceAnswer",
    "DecisionOutcome",
    "Meeting",
    "MeetingChange",
    "MeetingChangeKind",
    "MeetingStatus",
    "Minutes",
    "MinutesActionItem",
    "MinutesComment",
    "MinutesEntry",
    "MinutesRevision",
    "MinutesStatus",
    "SuggestionStatus",
]
