"""The last line of defence for adopted text: no flush may change an adopted or superseded version.

The services never try; this guard makes sure no future code path can either — a bulk edit, a
repair script, a mistaken cascade. It looks at the status the version had *before* the flush, so
adopting a draft (draft → adopted) and superseding the old version (adopted → superseded, with
its date) pass, and everything else on a frozen version raises :class:`FrozenVersionError`.
"""

from __future__ import annotations

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from documents.models.documents import DocumentVersion, VersionSection
from documents.versioning import FROZEN_STATUSES

#: What may still change on a frozen version: being superseded by a later adoption.
_MUTABLE_WHEN_FROZEN = frozenset({"status", "superseded_at"})


class FrozenVersionError(RuntimeError):
    """Something tried to change an adopted or superseded document version."""


def _status_before_flush(version: DocumentVersion) -> str | None:
    history = inspect(version).attrs.status.history
    if history.deleted:
        return history.deleted[0]
    return version.status


def _was_frozen(version: DocumentVersion | None) -> bool:
    return version is not None and _status_before_flush(version) in FROZEN_STATUSES


def _changed_attributes(obj) -> set[str]:
    state = inspect(obj)
    return {attr.key for attr in state.attrs if attr.history.has_changes()}


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_frozen_versions(session: Session, _context, _instances) -> None:
    for obj in session.dirty:
        if isinstance(obj, DocumentVersion) and _was_frozen(obj):
            changed = _changed_attributes(obj) - {"sections", "document", "decision", "proposal"}
            if changed - _MUTABLE_WHEN_FROZEN:
                raise FrozenVersionError(f"{obj!r}: {sorted(changed)} of a frozen version")
        elif (
            isinstance(obj, VersionSection)
            and session.is_modified(obj)
            and _was_frozen(obj.version)
        ):
            raise FrozenVersionError(f"section {obj.section_id} of {obj.version!r}")
    for obj in session.deleted:
        if isinstance(obj, DocumentVersion) and _was_frozen(obj):
            raise FrozenVersionError(f"{obj!r} cannot be deleted")
        if isinstance(obj, VersionSection) and _was_frozen(obj.version):
            raise FrozenVersionError(f"section {obj.section_id} of {obj.version!r}")
    for obj in session.new:
        version = obj.version if isinstance(obj, VersionSection) else None
        if version is not None and inspect(version).persistent and _was_frozen(version):
            raise FrozenVersionError(f"new section in {version!r}")
