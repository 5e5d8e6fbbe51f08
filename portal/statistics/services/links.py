"""Linking snapshots and staffing calculations from agenda items, proposals, minutes, sections.

A link names its target as ``kind:id`` ("proposal:12"), the value of the select on the snapshot
and staffing pages. The area that owns the target says which targets the actor may link to
(``portal.statistics.targets``): only those are accepted, and only while a target is still
among them can its link be removed again, so what a body saw on a decided proposal, in approved
minutes or in an adopted version stays as it was.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from portal import audit
from portal.errors import InvalidInput, NotFound, PermissionDenied
from portal.extensions import db
from portal.i18n import lazy_gettext as _l
from portal.models import User
from portal.permissions import Action, can, require
from portal.statistics import targets
from portal.statistics.models import (
    StaffingCalculation,
    StatisticsLink,
    StatisticsSnapshot,
    TargetKind,
)
from portal.statistics.targets import TargetRef

logger = logging.getLogger(__name__)

#: The largest id an INTEGER column holds; anything longer is not a target.
_MAX_ID = 2**31 - 1

_KINDS = frozenset(kind.value for kind in TargetKind)
#: Headings of the choice groups, by kind of target.
KIND_LABELS = {
    TargetKind.AGENDA_ITEM: _l("Tagesordnungspunkte"),
    TargetKind.PROPOSAL: _l("Beschlussvorlagen"),
    TargetKind.MINUTES: _l("Niederschriften"),
    TargetKind.DOCUMENT_SECTION: _l("Abschnitte"),
}

Subject = StatisticsSnapshot | StaffingCalculation
ChoiceGroups = list[tuple[str, list[tuple[str, str]]]]


def target_value(kind: TargetKind | str, target_id: int) -> str:
    """Return the select value that names a target: ``"proposal:12"``."""
    return f"{TargetKind(kind).value}:{target_id}"


def parse_target(value: str | None) -> tuple[TargetKind, int] | None:
    """Read ``"kind:id"``; None for anything else (unknown kind, no number, out of range)."""
    kind, colon, number = (value or "").partition(":")
    if not colon or kind not in _KINDS or not (number.isascii() and number.isdigit()):
        return None
    if len(number) > len(str(_MAX_ID)) or not 0 < int(number) <= _MAX_ID:
        return None
    return TargetKind(kind), int(number)


def _choices(actor: User) -> dict[TargetKind, list[TargetRef]]:
    return {kind: targets.choices(actor, kind) for kind in targets.kinds()}


def _grouped(choices: Mapping[TargetKind, Iterable[TargetRef]]) -> ChoiceGroups:
    groups: dict[str, list[tuple[str, str]]] = {}
    for kind, refs in choices.items():
        for ref in refs:
            heading = str(KIND_LABELS[kind])
            if ref.group:
                heading = _("%(kind)s: %(group)s", kind=heading, group=ref.group)
            groups.setdefault(heading, []).append((target_value(kind, ref.id), ref.label))
    return list(groups.items())


def target_choices(actor: User) -> ChoiceGroups:
    """Return the targets the actor may link to, as (group heading, [(value, label)])."""
    if not can(actor, Action.STATISTICS_MANAGE):
        return []
    return _grouped(_choices(actor))


def _subject(snapshot_id: int | None, staffing_id: int | None) -> Subject:
    if (snapshot_id is None) == (staffing_id is None):
        raise ValueError("link either a snapshot or a staffing calculation")
    subject = (
        db.session.get(StatisticsSnapshot, snapshot_id)
        if snapshot_id is not None
        else db.session.get(StaffingCalculation, staffing_id)
    )
    if subject is None:
        raise NotFound()
    return subject


def _existing(subject: Subject, kind: TargetKind, target_id: int) -> StatisticsLink | None:
    # The table's unique constraint cannot catch this: one of its two ids is always NULL.
    owner = (
        StatisticsLink.snapshot_id
        if isinstance(subject, StatisticsSnapshot)
        else StatisticsLink.staffing_id
    )
    return db.session.scalar(
        select(StatisticsLink).where(
            owner == subject.id,
            StatisticsLink.target_kind == kind,
            StatisticsLink.target_id == target_id,
        )
    )


def link_statistics(
    actor: User,
    *,
    target: str,
    snapshot_id: int | None = None,
    staffing_id: int | None = None,
) -> StatisticsLink:
    """Link a snapshot or a staffing calculation from a target the actor may link to."""
    require(actor, Action.STATISTICS_MANAGE)
    subject = _subject(snapshot_id, staffing_id)
    parsed = parse_target(target)
    chosen = None
    if parsed is not None:
        kind, target_id = parsed
        chosen = next((ref for ref in targets.choices(actor, kind) if ref.id == target_id), None)
    if chosen is None:
        message = _("Bitte wählen Sie aus der Liste, wo die Statistik verwendet wird.")
        raise InvalidInput([("target", message)])
    if _existing(subject, chosen.kind, chosen.id) is not None:
        raise InvalidInput([("target", _("Dort ist sie bereits verknüpft."))])
    link = StatisticsLink(
        snapshot_id=snapshot_id,
        staffing_id=staffing_id,
        target_kind=chosen.kind,
        target_id=chosen.id,
        created_by_id=actor.id,
    )
    db.session.add(link)
    db.session.flush()
    audit.record(
        actor,
        "statistics.linked",
        subject,
        label=subject.title,
        after={"target": target_value(chosen.kind, chosen.id), "target_label": chosen.label},
    )
    db.session.commit()
    logger.info("statistics link %s to %s:%s", link.id, chosen.kind, chosen.id)
    return link


def unlink_statistics(actor: User, link_id: int) -> StatisticsLink:
    """Remove a link while its target is still open for links; return the removed link."""
    require(actor, Action.STATISTICS_MANAGE)
    link = db.session.get(StatisticsLink, link_id)
    if link is None:
        raise NotFound()
    if not any(ref.id == link.target_id for ref in targets.choices(actor, link.target_kind)):
        raise PermissionDenied()
    subject = link.snapshot or link.staffing
    audit.record(
        actor,
        "statistics.unlinked",
        subject,
        label=subject.title,
        before={"target": target_value(link.target_kind, link.target_id)},
    )
    db.session.delete(link)
    db.session.commit()
    logger.info("statistics link %s removed", link_id)
    return link


@dataclass(frozen=True)
class UsedIn:
    """A place the snapshot or calculation is linked from, as the reader may see it."""

    link_id: int
    target: TargetRef
    #: The target is still open for links, so the link may be removed (secretariat only).
    removable: bool


@dataclass(frozen=True)
class LinkPanel:
    """What the snapshot and staffing pages show of their links, and offer to link."""

    used_in: list[UsedIn] = field(default_factory=list)
    #: Whether the reader may link and unlink (``statistics.manage``).
    may_link: bool = False
    #: The select's groups: the targets the reader may link to.
    choices: ChoiceGroups = field(default_factory=list)


def link_panel(
    actor: User,
    *,
    snapshot: StatisticsSnapshot | None = None,
    staffing: StaffingCalculation | None = None,
) -> LinkPanel:
    """Return where a snapshot or a calculation is used, and where the actor may link it."""
    owner = (
        StatisticsLink.snapshot_id == snapshot.id
        if snapshot is not None
        else StatisticsLink.staffing_id == staffing.id
    )
    links = db.session.scalars(
        select(StatisticsLink).where(owner).order_by(StatisticsLink.created_at, StatisticsLink.id)
    ).all()
    wanted: dict[TargetKind, list[int]] = {}
    for link in links:
        wanted.setdefault(link.target_kind, []).append(link.target_id)
    seen = {kind: targets.resolve(actor, kind, ids) for kind, ids in wanted.items()}
    may_link = can(actor, Action.STATISTICS_MANAGE)
    choices = _choices(actor) if may_link else {}
    open_ids = {(kind, ref.id) for kind, refs in choices.items() for ref in refs}
    used_in = [
        UsedIn(
            link.id,
            seen[link.target_kind][link.target_id],
            (link.target_kind, link.target_id) in open_ids,
        )
        for link in links
        if link.target_id in seen[link.target_kind]
    ]
    return LinkPanel(used_in=used_in, may_link=may_link, choices=_grouped(choices))


def copy_links(kind: TargetKind, copies: Mapping[int, int]) -> None:
    """Link the copies of targets (old id → new id) to what the originals link to; no commit.

    A new draft of a document copies the sections of the version in force, and with them the
    statistics they cite.
    """
    if not copies:
        return
    originals = db.session.scalars(
        select(StatisticsLink).where(
            StatisticsLink.target_kind == kind, StatisticsLink.target_id.in_(list(copies))
        )
    )
    db.session.add_all(
        [
            StatisticsLink(
                snapshot_id=link.snapshot_id,
                staffing_id=link.staffing_id,
                target_kind=kind,
                target_id=copies[link.target_id],
                created_by_id=link.created_by_id,
            )
            for link in originals
        ]
    )
