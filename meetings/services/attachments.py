"""Papers (Unterlagen) of agenda items: attaching, replacing, removing, listing and serving them.

A paper is exactly as visible as its agenda item: the papers of a public item go to whoever may
view the meeting, those of a non-public item (or of a sub-item of one) only to the people who
may see the non-public part. Everyone else gets 404, so not even a paper's existence leaks. The
same holds for every older version of a paper.
"""

from __future__ import annotations

from collections import defaultdict

from flask_babel import gettext as _
from sqlalchemy import Select, bindparam, func, or_, select
from sqlalchemy.orm import aliased, contains_eager

from meetings.models import (
    AgendaItem,
    AgendaItemAttachment,
    Meeting,
    MeetingChangeKind,
    MeetingStatus,
)
from meetings.services import announcements
from meetings.services.changes import record_change
from portal import audit
from portal.errors import InvalidInput, NotFound
from portal.extensions import db
from portal.models import NotificationKind, StoredFile, User
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

_AUDITED = ("title", "agenda_item_id", "file_id", "position")


def _refuse_if_cancelled(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        message = _("Die Sitzung ist abgesagt; ihre Unterlagen können nicht mehr geändert werden.")
        raise InvalidInput([("", message)])


def _after_invitation(actor: User, meeting: Meeting, before: dict, after: dict) -> None:
    """Record and announce a change of the papers once the members have been invited."""
    if meeting.status != MeetingStatus.INVITED:
        return
    record_change(actor, meeting, MeetingChangeKind.AGENDA, before, after)
    announcements.announce(meeting, NotificationKind.AGENDA_CHANGED, changed=["papers"])


def attach_paper(
    actor: User, item: AgendaItem, upload: Upload | None, *, title: str = ""
) -> AgendaItemAttachment:
    """Attach an uploaded paper to an agenda item, after the item's other papers.

    The title defaults to the file's name. After the invitation the change is recorded on the
    meeting and the members are told, as for any other change of the agenda.
    """
    meeting = item.meeting
    require(actor, Action.MEETING_MANAGE, meeting)
    _refuse_if_cancelled(meeting)
    title = attachment_title(title)
    stored = store_file(actor, upload, field="file")
    last = db.session.scalar(
        select(func.max(AgendaItemAttachment.position)).where(
            AgendaItemAttachment.agenda_item_id == item.id
        )
    )
    attachment = AgendaItemAttachment(
        agenda_item_id=item.id,
        file=stored,
        title=title or stored.filename[:MAX_ATTACHMENT_TITLE],
        position=0 if last is None else last + 1,
    )
    db.session.add(attachment)
    db.session.flush()
    audit.record(
        actor,
        "agenda_item_attachment.create",
        attachment,
        label=attachment.title,
        after={**audit.snapshot(attachment, _AUDITED), **file_facts(attachment.file)},
    )
    _after_invitation(actor, meeting, {}, {"item": item.title, "paper_added": attachment.title})
    db.session.commit()
    return attachment


def replace_paper(
    actor: User, attachment: AgendaItemAttachment, upload: Upload | None
) -> AgendaItemAttachment:
    """Upload a new version of a paper; the older versions stay downloadable.

    Allowed to whoever may attach papers. After the invitation the change is recorded on the
    meeting and the members are told, as for a paper added.
    """
    item = attachment.agenda_item
    meeting = item.meeting
    require(actor, Action.MEETING_MANAGE, meeting)
    _refuse_if_cancelled(meeting)
    before = {"file_id": attachment.file_id, **file_facts(attachment.file)}
    stored = store_new_version(actor, attachment.file, upload, field="file")
    attachment.file = stored
    db.session.flush()
    audit.record(
        actor,
        "agenda_item_attachment.new_version",
        attachment,
        label=attachment.title,
        before=before,
        after={"file_id": stored.id, **file_facts(stored)},
    )
    # The change record names it as a paper added: the members get a paper they have not read.
    added = f"{attachment.title} (Version {stored.version})"
    _after_invitation(actor, meeting, {}, {"item": item.title, "paper_added": added})
    db.session.commit()
    return attachment


def remove_paper(actor: User, attachment: AgendaItemAttachment) -> AgendaItem:
    """Take a paper off its agenda item and delete its stored file, every version of it."""
    item = attachment.agenda_item
    meeting = item.meeting
    require(actor, Action.MEETING_MANAGE, meeting)
    _refuse_if_cancelled(meeting)
    audit.record(
        actor,
        "agenda_item_attachment.delete",
        attachment,
        label=attachment.title,
        before={**audit.snapshot(attachment, _AUDITED), **file_facts(attachment.file)},
    )
    _after_invitation(actor, meeting, {"item": item.title, "paper_removed": attachment.title}, {})
    # The versions belong to this attachment alone; the content may be shared (files-gc).
    stored = attachment.file
    db.session.delete(attachment)
    delete_versions(stored)
    db.session.commit()
    return item


_PARENT = aliased(AgendaItem, name="parent_item")
#: Every paper of the meeting ``:meeting_id``, with its current file. Built once:
#: building this ORM statement (with its aliased join below) costs more than running it.
_ALL_PAPERS = (
    select(AgendaItemAttachment)
    .join(AgendaItemAttachment.agenda_item)
    .join(AgendaItemAttachment.file)
    .options(contains_eager(AgendaItemAttachment.file))
    .where(AgendaItem.meeting_id == bindparam("meeting_id"))
    .order_by(AgendaItemAttachment.position, AgendaItemAttachment.id)
)
#: The papers of public items only; a sub-item of a non-public item is as hidden as its parent,
#: as in ``numbered_agenda``.
_PUBLIC_PAPERS = _ALL_PAPERS.outerjoin(_PARENT, AgendaItem.parent_id == _PARENT.id).where(
    AgendaItem.is_public.is_(True), or_(_PARENT.id.is_(None), _PARENT.is_public.is_(True))
)


def _visible(actor: User | None, meeting: Meeting) -> Select:
    """Return the statement selecting the meeting's papers the actor may see (``meeting_id``)."""
    require(actor, Action.MEETING_VIEW, meeting)
    return _ALL_PAPERS if can(actor, Action.MEETING_VIEW_NONPUBLIC, meeting) else _PUBLIC_PAPERS


def attachments_by_item(
    actor: User | None, meeting: Meeting
) -> dict[int, list[AgendaItemAttachment]]:
    """Return the papers the actor may see, by agenda item id, in their order.

    One query, and one more for the older versions if any paper has them.
    """
    papers: dict[int, list[AgendaItemAttachment]] = defaultdict(list)
    for attachment in db.session.scalars(_visible(actor, meeting), {"meeting_id": meeting.id}):
        papers[attachment.agenda_item_id].append(attachment)
    load_versions(paper.file for item_papers in papers.values() for paper in item_papers)
    return dict(papers)


def papers_of_item(actor: User | None, item: AgendaItem) -> list[AgendaItemAttachment]:
    """Return the papers of one agenda item the actor may see, in their order, with versions."""
    query = _visible(actor, item.meeting).where(AgendaItemAttachment.agenda_item_id == item.id)
    papers = list(db.session.scalars(query, {"meeting_id": item.meeting_id}))
    load_versions(paper.file for paper in papers)
    return papers


def get_paper(
    actor: User | None, meeting: Meeting, attachment_id: int, *, item: AgendaItem | None = None
) -> AgendaItemAttachment:
    """Return a paper of the meeting (of ``item``, if given) that the actor may see.

    Raises NotFound for a paper that does not exist, belongs elsewhere or is hidden from the
    actor.
    """
    query = _visible(actor, meeting).where(AgendaItemAttachment.id == attachment_id)
    if item is not None:
        query = query.where(AgendaItemAttachment.agenda_item_id == item.id)
    attachment = db.session.scalar(query, {"meeting_id": meeting.id})
    if attachment is None:
        raise NotFound()
    return attachment


def get_paper_version(
    actor: User | None, meeting: Meeting, attachment_id: int, version: int
) -> StoredFile:
    """Return a version of a paper the actor may see, by the same rule as the paper itself."""
    return file_version(get_paper(actor, meeting, attachment_id).file, version)
