"""Lists of files attached to one owner: uploading, replacing, removing, listing and serving them.

Generic: a proposal's annexes, the files of a meeting as a whole, of a decision and of a
document all work alike, so each area describes its list with an :class:`AttachmentSpec` (the
attachment model, its owner, who may see and who may change it, how the audit log names it)
and calls the functions here. An attached file and every older version of it is exactly as
visible as its owner (``spec.view``, refused with 404 where the owner must stay hidden); whoever
may view and change the owner (``spec.edit``) adds, replaces and removes files. Files are
checked and stored by ``portal.services.files``.

Each public function is one transaction: permission, validation, change, audit entry, commit.
The papers of agenda items keep their own service (``meetings.services.attachments``): their
visibility follows each item's publicity and they are announced after the invitation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import contains_eager

from portal import audit
from portal.errors import NotFound
from portal.extensions import db
from portal.models import StoredFile, User
from portal.permissions import Action, can, require
from portal.services.files import (
    MAX_ATTACHMENT_TITLE,
    Upload,
    attachment_title,
    delete_versions,
    file_facts,
    file_version,
    load_versions,
    store_file,
    store_new_version,
)


@dataclass(frozen=True)
class AttachmentSpec:
    """What the functions here need to know about one kind of attached file."""

    #: The attachment model: ``id``, the owner key, ``file_id``, ``title``, ``position``,
    #: ``created_at`` and the relationship ``file``.
    model: type
    #: The name of the attachment's foreign key to its owner, e.g. ``"meeting_id"``.
    owner_key: str
    #: Who may see the owner, and so its files and their versions.
    view: Action
    #: Who may add, replace and remove the files (checked after ``view``).
    edit: Action
    #: The audit actions are ``<prefix>.create``, ``<prefix>.new_version``, ``<prefix>.delete``.
    audit_prefix: str
    #: Names the owner in the audit log ("LG 2026/07"); the file's title follows.
    label: Callable[[Any], str]
    #: The owner's relationship to its attachments, if it has one: refreshed after a removal.
    collection: str | None = None

    @property
    def audited(self) -> tuple[str, ...]:
        """The attachment's fields the audit log keeps."""
        return ("title", self.owner_key, "file_id", "position")


def _owner_column(spec: AttachmentSpec):
    return getattr(spec.model, spec.owner_key)


@cache
def _of_owner(spec: AttachmentSpec) -> Select:
    """The owner's (``:owner_id``) attachments in their order, each with its current file.

    Built once per kind: building the statement costs more than running it.
    """
    model = spec.model
    return (
        select(model)
        .join(model.file)
        .options(contains_eager(model.file))
        .where(_owner_column(spec) == bindparam("owner_id"))
        .order_by(model.position, model.id)
    )


def _require_edit(actor: User, spec: AttachmentSpec, owner: Any) -> None:
    require(actor, spec.view, owner)
    require(actor, spec.edit, owner)


def _check_owner(spec: AttachmentSpec, owner: Any, attachment: Any) -> None:
    if getattr(attachment, spec.owner_key) != owner.id:
        raise NotFound()


def _label(spec: AttachmentSpec, owner: Any, attachment: Any) -> str:
    return f"{spec.label(owner)}: {attachment.title}"


def may_edit(actor: User | None, spec: AttachmentSpec, owner: Any) -> bool:
    """Tell whether the actor may add, replace and remove the owner's files."""
    return can(actor, spec.view, owner) and can(actor, spec.edit, owner)


def attach_file(
    actor: User, spec: AttachmentSpec, owner: Any, upload: Upload | None, *, title: str = ""
) -> Any:
    """Attach an uploaded file to the owner, after its other files.

    The title defaults to the file's name. A refused title or file changes nothing.
    """
    _require_edit(actor, spec, owner)
    title = attachment_title(title)
    stored = store_file(actor, upload, field="file")
    last = db.session.scalar(
        select(func.max(spec.model.position)).where(_owner_column(spec) == owner.id)
    )
    attachment = spec.model(
        **{spec.owner_key: owner.id},
        file=stored,
        title=title or stored.filename[:MAX_ATTACHMENT_TITLE],
        position=0 if last is None else last + 1,
    )
    db.session.add(attachment)
    db.session.flush()
    audit.record(
        actor,
        f"{spec.audit_prefix}.create",
        attachment,
        label=_label(spec, owner, attachment),
        after={**audit.snapshot(attachment, spec.audited), **file_facts(attachment.file)},
    )
    db.session.commit()
    return attachment


def replace_file(
    actor: User, spec: AttachmentSpec, owner: Any, attachment: Any, upload: Upload | None
) -> Any:
    """Upload a new version of an attached file; the older versions stay downloadable."""
    _require_edit(actor, spec, owner)
    _check_owner(spec, owner, attachment)
    before = {"file_id": attachment.file_id, **file_facts(attachment.file)}
    stored = store_new_version(actor, attachment.file, upload, field="file")
    attachment.file = stored
    db.session.flush()
    audit.record(
        actor,
        f"{spec.audit_prefix}.new_version",
        attachment,
        label=_label(spec, owner, attachment),
        before=before,
        after={"file_id": stored.id, **file_facts(stored)},
    )
    db.session.commit()
    return attachment


def remove_file(actor: User, spec: AttachmentSpec, owner: Any, attachment: Any) -> None:
    """Take a file off its owner and delete its stored file, every version of it."""
    _require_edit(actor, spec, owner)
    _check_owner(spec, owner, attachment)
    audit.record(
        actor,
        f"{spec.audit_prefix}.delete",
        attachment,
        label=_label(spec, owner, attachment),
        before={**audit.snapshot(attachment, spec.audited), **file_facts(attachment.file)},
    )
    # The versions belong to this attachment alone; the content may be shared (files-gc).
    stored = attachment.file
    db.session.delete(attachment)
    delete_versions(stored)
    db.session.commit()
    if spec.collection is not None:
        db.session.expire(owner, [spec.collection])


def list_files(actor: User | None, spec: AttachmentSpec, owner: Any) -> list[Any]:
    """Return the owner's files in their order, with their current and older versions.

    One query, and one more for the older versions if any file has them.
    """
    require(actor, spec.view, owner)
    attachments = list(db.session.scalars(_of_owner(spec), {"owner_id": owner.id}))
    load_versions(attachment.file for attachment in attachments)
    return attachments


def get_file(actor: User | None, spec: AttachmentSpec, owner: Any, attachment_id: int) -> Any:
    """Return a file of the owner that the actor may see, with its current version.

    Raises NotFound for a file that does not exist, belongs to another owner, or whose owner is
    hidden from the actor.
    """
    require(actor, spec.view, owner)
    query = _of_owner(spec).where(spec.model.id == attachment_id)
    attachment = db.session.scalar(query, {"owner_id": owner.id})
    if attachment is None:
        raise NotFound()
    return attachment


def get_file_version(
    actor: User | None, spec: AttachmentSpec, owner: Any, attachment_id: int, version: int
) -> StoredFile:
    """Return a version of a file the actor may see, by the rule of the file itself."""
    return file_version(get_file(actor, spec, owner, attachment_id).file, version)
