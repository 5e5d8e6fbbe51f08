"""The meetings area's tables. Import models from here: ``from meetings.models import Meeting``."""

from meetings.models.attachments import AgendaItemAttachment, MeetingAttachment
from meetings.models.attendance import Attendance, AttendanceAnswer
from meetings.models.ballots import (
    Ballot,
    BallotKind,
    BallotSeat,
    BallotSecrecy,
    BallotStatus,
    BallotTurnout,
    SecretTally,
    Vote,
    VoteChoice,
)
from meetings.models.decisions import (
    ActionNote,
    ActionStatus,
    Decision,
    DecisionAttachment,
    FollowUpAction,
)
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
from meetings.models.proposals import (
    Amendment,
    AmendmentStatus,
    Proposal,
    ProposalAttachment,
    ProposalEvent,
    ProposalLink,
)
from meetings.models.suggestions import AgendaSuggestion, SuggestionStatus

__all__ = [
    "ActionNote",
    "ActionStatus",
    "AgendaItem",
    "AgendaItemAttachment",
    "AgendaItemKind",
    "AgendaSuggestion",
    "AgendaTemplateItem",
    "Amendment",
    "AmendmentStatus",
    "ApprovalMode",
    "Attendance",
    "AttendanceAnswer",
    "Ballot",
    "BallotKind",
    "BallotSeat",
    "BallotSecrecy",
    "BallotStatus",
    "BallotTurnout",
    "Decision",
    "DecisionAttachment",
    "DecisionOutcome",
    "FollowUpAction",
    "Meeting",
    "MeetingAttachment",
    "MeetingChange",
    "MeetingChangeKind",
    "MeetingStatus",
    "Minutes",
    "MinutesActionItem",
    "MinutesComment",
    "MinutesEntry",
    "MinutesRevision",
    "MinutesStatus",
    "Proposal",
    "ProposalAttachment",
    "ProposalEvent",
    "ProposalLink",
    "SecretTally",
    "SuggestionStatus",
    "Vote",
    "VoteChoice",
]
