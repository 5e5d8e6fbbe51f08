"""The documents area's tables: ``from documents.models import Document``."""

from documents.models.documents import (
    Document,
    DocumentAttachment,
    DocumentEditor,
    DocumentSection,
    DocumentVersion,
    VersionSection,
)
from documents.models.guard import FrozenVersionError
from documents.models.review import CommentStatus, ReviewComment, ReviewRound, review_round_bodies
from documents.versioning import VersionStatus

__all__ = [
    "CommentStatus",
    "Document",
    "DocumentAttachment",
    "DocumentEditor",
    "DocumentSection",
    "DocumentVersion",
    "FrozenVersionError",
    "ReviewComment",
    "ReviewRound",
    "VersionSection",
    "VersionStatus",
    "review_round_bodies",
]
