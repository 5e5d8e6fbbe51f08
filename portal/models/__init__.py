"""The core's tables. Import models from here: ``from portal.models import User, Body``."""

from portal.models.accounts import GlobalRole, LoginAttempt, PasswordResetToken, User
from portal.models.assignments import CaseManagerAssignment
from portal.models.audit import AuditEvent
from portal.models.bodies import (
    Body,
    BodyKind,
    MajorityRule,
    Membership,
    MembershipRole,
    QuorumRule,
)
from portal.models.calendars import CalendarFeedState, CalendarToken
from portal.models.data_version import DataVersion
from portal.models.feedback import FeedbackMessage
from portal.models.files import StoredFile
from portal.models.organisations import Organisation, OrganisationKind
from portal.models.outbox import NotificationKind, NotificationPreference, OutboxMessage

__all__ = [
    "AuditEvent",
    "Body",
    "CalendarFeedState",
    "CalendarToken",
    "CaseManagerAssignment",
    "DataVersion",
    "BodyKind",
    "FeedbackMessage",
    "GlobalRole",
    "LoginAttempt",
    "MajorityRule",
    "Membership",
    "MembershipRole",
    "NotificationKind",
    "NotificationPreference",
    "Organisation",
    "OrganisationKind",
    "OutboxMessage",
    "PasswordResetToken",
    "QuorumRule",
    "StoredFile",
    "User",
]
