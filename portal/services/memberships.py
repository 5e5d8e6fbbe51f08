"""Memberships: who sits in which body, for which organisation, with which rights.

Memberships are ended, not deleted: the end date keeps the history of who sat in a body when,
which later areas (attendance, votes) rely on.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from portal import audit
from portal.errors import InvalidInput, NotFound
from portal.extensions import db
from portal.models import Body, Membership, MembershipRole, Organisation, User
from portal.permissions import Action, SystemActor, require
from portal.services.bodies import MEMBER_ROW
from portal.timeutil import today_local

_AUDITED = (
    "user_id",
    "body_id",
    "role",
    "organisation_id",
    "function",
    "has_voting_right",
    "deputy_of_id",
    "starts_on",
    "ends_on",
)


def list_memberships(
    actor: User, body: Body, *, include_ended: bool = False, page: int = 1, per_page: int = 25
):
    """Return one page of the body's memberships (current and future unless asked otherwise)."""
    require(actor, Action.BODY_MANAGE_MEMBERS, body)
    query = (
        select(Membership)
        .join(Membership.user)
        .where(Membership.body_id == body.id)
        .options(*MEMBER_ROW)
        .order_by(func.lower(User.name), Membership.starts_on, Membership.id)
    )
    if not include_ended:
        query = query.where(or_(Membership.ends_on.is_(None), Membership.ends_on >= today_local()))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def get_membership(actor: User, membership_id: int) -> Membership:
    """Return one membership for editing."""
    membership = db.session.get(Membership, membership_id)
    if membership is None:
        raise NotFound()
    require(actor, Action.BODY_MANAGE_MEMBERS, membership.body)
    return membership


def seat_choices(body: Body, *, exclude: Membership | None = None) -> list[tuple[int, str]]:
    """Return the body's current voting seats a deputy can stand in for."""
    day = today_local()
    query = (
        select(Membership.id, User.name)
        .join(Membership.user)
        .where(
            Membership.body_id == body.id,
            Membership.has_voting_right.is_(True),
            Membership.deputy_of_id.is_(None),
            or_(Membership.ends_on.is_(None), Membership.ends_on >= day),
        )
        .order_by(func.lower(User.name))
    )
    if exclude is not None:
        query = query.where(Membership.id != exclude.id)
    return [(row.id, row.name) for row in db.session.execute(query)]


def _validate(body: Body, fields: dict, *, membership: Membership | None) -> None:
    errors: list[tuple[str, str]] = []
    if db.session.get(User, fields["user_id"]) is None:
        errors.append(("user_id", _("Diese Person gibt es nicht.")))
    if fields["organisation_id"] is not None and (
        db.session.get(Organisation, fields["organisation_id"]) is None
    ):
        errors.append(("organisation_id", _("Diese Organisation gibt es nicht.")))
    ends_on: date | None = fields["ends_on"]
    if ends_on is not None and ends_on < fields["starts_on"]:
        errors.append(("ends_on", _("Das Ende darf nicht vor dem Beginn liegen.")))
    role = MembershipRole(fields["role"])
    deputy_of_id = fields["deputy_of_id"]
    if role == MembershipRole.DEPUTY and deputy_of_id is None:
        errors.append(("deputy_of_id", _("Bitte wählen Sie den Sitz, den die Person vertritt.")))
    if deputy_of_id is not None:
        seat = db.session.get(Membership, deputy_of_id)
        if seat is None or seat.body_id != body.id or not seat.has_voting_right:
            errors.append(
                (
                    "deputy_of_id",
                    _("Vertreten werden kann nur ein Sitz mit Stimmrecht in diesem Gremium."),
                )
            )
        elif seat.user_id == fields["user_id"] or (
            membership is not None and seat.id == membership.id
        ):
            errors.append(("deputy_of_id", _("Niemand kann sich selbst vertreten.")))
    overlapping = select(Membership.id).where(
        Membership.body_id == body.id,
        Membership.user_id == fields["user_id"],
        Membership.role == role,
        or_(Membership.ends_on.is_(None), Membership.ends_on >= fields["starts_on"]),
    )
    if ends_on is not None:
        overlapping = overlapping.where(Membership.starts_on <= ends_on)
    if membership is not None:
        overlapping = overlapping.where(Membership.id != membership.id)
    if db.session.scalar(overlapping) is not None:
        errors.append(
            ("user_id", _("Diese Person hat in diesem Zeitraum schon diese Rolle im Gremium."))
        )
    if errors:
        raise InvalidInput(errors)


def _apply(membership: Membership, fields: dict) -> None:
    role = MembershipRole(fields["role"])
    membership.user_id = fields["user_id"]
    membership.role = role
    membership.organisation_id = fields["organisation_id"]
    membership.function = fields["function"].strip()
    # Guests and advisory members never vote; a deputy votes only in the seat holder's absence.
    membership.has_voting_right = fields["has_voting_right"] and role not in (
        MembershipRole.GUEST,
        MembershipRole.ADVISORY,
        MembershipRole.SECRETARIAT,
    )
    membership.deputy_of_id = fields["deputy_of_id"] if role == MembershipRole.DEPUTY else None
    membership.starts_on = fields["starts_on"]
    membership.ends_on = fields["ends_on"]


def _label(membership: Membership) -> str:
    return f"{membership.user.name} – {membership.body.name}"


def add_membership(actor: User | SystemActor, body: Body, **fields) -> Membership:
    """Give a person a role in a body."""
    require(actor, Action.BODY_MANAGE_MEMBERS, body)
    _validate(body, fields, membership=None)
    membership = Membership(body=body)
    _apply(membership, fields)
    db.session.add(membership)
    db.session.flush()
    audit.record(
        actor,
        "membership.create",
        membership,
        label=_label(membership),
        after=audit.snapshot(membership, _AUDITED),
    )
    db.session.commit()
    return membership


def update_membership(actor: User, membership: Membership, **fields) -> Membership:
    """Change a membership's role, organisation, rights or period."""
    require(actor, Action.BODY_MANAGE_MEMBERS, membership.body)
    _validate(membership.body, fields, membership=membership)
    before = audit.snapshot(membership, _AUDITED)
    _apply(membership, fields)
    audit.record(
        actor,
        "membership.update",
        membership,
        label=_label(membership),
        before=before,
        after=audit.snapshot(membership, _AUDITED),
    )
    db.session.commit()
    return membership


def end_membership(
    actor: User, membership: Membership, *, ends_on: date | None = None
) -> Membership:
    """End a membership on the given day (default: yesterday, so it no longer holds today).

    The deputies of the seat end with it: they stood in for this holder.
    """
    require(actor, Action.BODY_MANAGE_MEMBERS, membership.body)
    last_day = ends_on or max(today_local() - timedelta(days=1), membership.starts_on)
    if last_day < membership.starts_on:
        raise InvalidInput([("ends_on", _("Das Ende darf nicht vor dem Beginn liegen."))])
    if membership.ends_on is not None and membership.ends_on <= last_day:
        raise InvalidInput(
            [("ends_on", _("Diese Mitgliedschaft ist an diesem Tag bereits beendet."))]
        )
    for held in [membership, *membership.deputies]:
        if held.ends_on is not None and held.ends_on <= last_day:
            continue
        before = audit.snapshot(held, ("ends_on",))
        held.ends_on = max(last_day, held.starts_on)
        audit.record(
            actor,
            "membership.end",
            held,
            label=_label(held),
            before=before,
            after=audit.snapshot(held, ("ends_on",)),
        )
    db.session.commit()
    return membership
