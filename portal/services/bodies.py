"""Bodies: listing and showing them to the people allowed to see them, and managing them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import aliased, contains_eager, joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from portal import audit
from portal.db import in_effect_on
from portal.errors import InvalidInput, NotFound
from portal.extensions import db
from portal.models import (
    Body,
    BodyKind,
    CaseManagerAssignment,
    GlobalRole,
    MajorityRule,
    Membership,
    Organisation,
    QuorumRule,
    User,
)
from portal.pagination import paginate_rows
from portal.permissions import (
    Action,
    SystemActor,
    manageable_bodies,
    require,
    visible_bodies,
)
from portal.reference_numbers import valid_prefix
from portal.timeutil import today_local

#: Loads a membership row with its person, organisation and deputy seat in the same query.
MEMBER_ROW = (
    contains_eager(Membership.user),
    joinedload(Membership.organisation),
    joinedload(Membership.deputy_of).joinedload(Membership.user),
)
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_AUDITED = (
    "name",
    "slug",
    "kind",
    "description",
    "parent_id",
    "is_public",
    "notice_period_days",
    "quorum_rule",
    "default_majority_rule",
    "written_procedure_rule",
    "shows_live_results",
    "reference_prefix",
)


def list_bodies(
    actor: User | None,
    *,
    parent: Body | None = None,
    mine: bool = False,
    page: int = 1,
    per_page: int = 25,
):
    """Return one page of the bodies the actor may see, as (body, current members, parent name).

    ``parent`` keeps only the bodies directly below it; ``mine`` only those the actor belongs
    to today. The parent's name is given only if the actor may see the parent: a hidden body's
    name must not leak through its working groups.
    """
    day = today_local()
    conditions = [visible_bodies(actor)]
    if parent is not None:
        conditions.append(Body.parent_id == parent.id)
    if mine and actor is not None and actor.is_authenticated:
        own = select(Membership.body_id).where(
            Membership.user_id == actor.id, in_effect_on(Membership, day)
        )
        conditions.append(Body.id.in_(own))
    # Counted per shown body, through the index on memberships.body_id: a grouped count of
    # the whole table would grow with every membership in the district.
    members = (
        select(func.count(Membership.id))
        .where(Membership.body_id == Body.id, in_effect_on(Membership, day))
        .scalar_subquery()
    )
    parent_body = aliased(Body)
    parent_name = case((visible_bodies(actor, body=parent_body), parent_body.name))
    query = (
        select(Body, members, parent_name)
        .outerjoin(parent_body, parent_body.id == Body.parent_id)
        .where(*conditions)
        .order_by(Body.kind, Body.name, Body.id)
    )
    count = select(func.count(Body.id)).where(*conditions)
    return paginate_rows(query, count, page=page, per_page=per_page)


def get_body(actor: User | None, slug: str) -> Body:
    """Return the body, or raise NotFound for those who may not see it."""
    body = db.session.scalar(select(Body).where(Body.slug == slug))
    if body is None:
        raise NotFound()
    require(actor, Action.BODY_VIEW, body)
    return body


#: Sub-bodies listed on a body's page; the rest are one click away in the filtered list.
CHILDREN_SHOWN = 10


def related_bodies(actor: User | None, body: Body) -> tuple[Body | None, list[Body], bool]:
    """Return the body's parent, its first sub-bodies and whether there are more, in one query.

    Each is returned only if the actor may see it.
    """
    rows = db.session.scalars(
        select(Body)
        .where(
            or_(Body.parent_id == body.id, Body.id == body.parent_id),
            visible_bodies(actor),
        )
        .order_by((Body.id == body.parent_id).desc(), Body.name, Body.id)
        .limit(CHILDREN_SHOWN + 2)
    ).all()
    parent = next((row for row in rows if row.id == body.parent_id), None)
    children = [row for row in rows if row.parent_id == body.id]
    return parent, children[:CHILDREN_SHOWN], len(children) > CHILDREN_SHOWN


def current_members(body: Body, *, page: int = 1, per_page: int = 25):
    """Return one page of the body's current memberships with people, organisations, deputies."""
    day = today_local()
    return db.paginate(
        select(Membership)
        .join(Membership.user)
        .where(
            Membership.body_id == body.id,
            in_effect_on(Membership, day),
        )
        .options(*MEMBER_ROW)
        .order_by(func.lower(User.name), Membership.id),
        page=page,
        per_page=per_page,
        error_out=False,
    )


@dataclass(frozen=True)
class MyBodies:
    """The dashboard's first current memberships, and how many there are in all."""

    items: list[Membership]
    total: int

    @property
    def has_more(self) -> bool:
        return self.total > len(self.items)


def my_bodies(actor: User, *, shown: int = 10) -> MyBodies:
    """Return the actor's first current memberships with their bodies, for the dashboard.

    All of the actor's memberships (past ones too) come in one statement and become
    ``actor.memberships``: the permission rules the start page's cards ask read them from there
    instead of loading them again. Nobody holds more than a few dozen.
    """
    day = today_local()
    memberships = list(
        db.session.scalars(
            select(Membership)
            .join(Membership.body)
            .where(Membership.user_id == actor.id)
            .options(contains_eager(Membership.body), joinedload(Membership.organisation))
            .order_by(Body.kind, Body.name, Membership.id)
        )
    )
    set_committed_value(actor, "memberships", memberships)
    current = [membership for membership in memberships if membership.is_current(day)]
    return MyBodies(items=current[:shown], total=len(current))


def my_case_areas(actor: User) -> list[Organisation]:
    """Return the municipalities a case manager currently serves (empty for everyone else)."""
    if actor.role != GlobalRole.CASE_MANAGER:
        return []
    day = today_local()
    return list(
        db.session.scalars(
            select(Organisation)
            .join(CaseManagerAssignment, CaseManagerAssignment.organisation_id == Organisation.id)
            .where(
                CaseManagerAssignment.user_id == actor.id,
                in_effect_on(CaseManagerAssignment, day),
            )
            .order_by(Organisation.name)
        )
    )


def list_all_bodies(actor: User, *, page: int = 1, per_page: int = 25):
    """Return one page of all bodies for the admin pages, and the ids the actor may manage."""
    require(actor, Action.ADMIN_MEMBERSHIPS)
    bodies = db.paginate(
        select(Body).options(selectinload(Body.parent)).order_by(Body.kind, Body.name, Body.id),
        page=page,
        per_page=per_page,
        error_out=False,
    )
    ids = [body.id for body in bodies.items]
    manageable = set(
        db.session.scalars(select(Body.id).where(Body.id.in_(ids), manageable_bodies(actor)))
    )
    return bodies, manageable


def get_body_for_admin(actor: User, body_id: int) -> Body:
    """Return a body for the admin pages."""
    require(actor, Action.ADMIN_MEMBERSHIPS)
    body = db.session.get(Body, body_id)
    if body is None:
        raise NotFound()
    return body


def _validate(fields: dict, *, body: Body | None) -> None:
    errors: list[tuple[str, str]] = []
    slug = fields["slug"]
    if not SLUG_PATTERN.match(slug):
        errors.append(
            ("slug", _("Nur Kleinbuchstaben a–z, Ziffern und einzelne Bindestriche sind erlaubt."))
        )
    else:
        clash = select(Body.id).where(Body.slug == slug)
        if body is not None:
            clash = clash.where(Body.id != body.id)
        if db.session.scalar(clash) is not None:
            errors.append(("slug", _("Diese Kurzbezeichnung wird schon verwendet.")))
    parent_id = fields["parent_id"]
    if parent_id is not None:
        parent = db.session.get(Body, parent_id)
        if parent is None:
            errors.append(("parent_id", _("Dieses übergeordnete Gremium gibt es nicht.")))
        elif body is not None and _is_within(parent, body):
            errors.append(
                ("parent_id", _("Ein Gremium kann nicht unter sich selbst eingeordnet werden."))
            )
    prefix = (fields.get("reference_prefix") or "").strip()
    if prefix and not valid_prefix(prefix):
        errors.append(
            (
                "reference_prefix",
                _(
                    "Das Kürzel muss mit einem Großbuchstaben beginnen und darf nur "
                    "Großbuchstaben, Ziffern und einzelne Bindestriche enthalten (höchstens 12 "
                    "Zeichen)."
                ),
            )
        )
    elif prefix:
        taken = select(Body.id).where(Body.reference_prefix == prefix)
        if body is not None:
            taken = taken.where(Body.id != body.id)
        if db.session.scalar(taken) is not None:
            errors.append(("reference_prefix", _("Dieses Kürzel hat schon ein anderes Gremium.")))
    if not 0 <= fields["notice_period_days"] <= 90:
        errors.append(
            ("notice_period_days", _("Die Ladungsfrist muss zwischen 0 und 90 Tagen liegen."))
        )
    if errors:
        raise InvalidInput(errors)


def _is_within(candidate: Body, body: Body) -> bool:
    """Tell whether candidate is the body itself or one of its descendants."""
    node: Body | None = candidate
    while node is not None:
        if node.id == body.id:
            return True
        node = node.parent
    return False


def _apply(body: Body, fields: dict) -> None:
    body.name = fields["name"].strip()
    body.slug = fields["slug"]
    body.kind = BodyKind(fields["kind"])
    body.description = fields["description"]
    body.parent_id = fields["parent_id"]
    body.is_public = fields["is_public"]
    body.notice_period_days = fields["notice_period_days"]
    body.quorum_rule = QuorumRule(fields["quorum_rule"])
    body.default_majority_rule = MajorityRule(fields["default_majority_rule"])
    if "written_procedure_rule" in fields:
        body.written_procedure_rule = MajorityRule(fields["written_procedure_rule"])
    if "shows_live_results" in fields:
        body.shows_live_results = bool(fields["shows_live_results"])
    if "reference_prefix" in fields:
        body.reference_prefix = (fields["reference_prefix"] or "").strip() or None


def create_body(actor: User | SystemActor, **fields) -> Body:
    """Create a body (steering group or working group)."""
    require(actor, Action.ADMIN_BODIES)
    _validate(fields, body=None)
    body = Body()
    _apply(body, fields)
    db.session.add(body)
    db.session.flush()
    audit.record(actor, "body.create", body, label=body.name, after=audit.snapshot(body, _AUDITED))
    db.session.commit()
    return body


def update_body(actor: User, body: Body, **fields) -> Body:
    """Change a body's settings."""
    require(actor, Action.ADMIN_BODIES)
    _validate(fields, body=body)
    before = audit.snapshot(body, _AUDITED)
    _apply(body, fields)
    audit.record(
        actor,
        "body.update",
        body,
        label=body.name,
        before=before,
        after=audit.snapshot(body, _AUDITED),
    )
    db.session.commit()
    return body


def body_choices(*, exclude: Body | None = None) -> list[tuple[int, str]]:
    """Return (id, name) of all bodies, for choosing a parent."""
    query = select(Body.id, Body.name).order_by(Body.name)
    if exclude is not None:
        query = query.where(Body.id != exclude.id)
    return [(row.id, row.name) for row in db.session.execute(query)]
