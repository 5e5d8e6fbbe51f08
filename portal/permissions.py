"""The one place that answers "may this user do this to that object".

Views, services, templates (through the ``can`` Jinja global), feeds and exports all ask here;
nothing else decides access. Lists filter in the database with the ``visible_*`` clauses below, so
a page never loads what it must not show.

=============================  ============================================================
Action                         Who may
=============================  ============================================================
``body.view``                  everyone for a public body; for a non-public body its current
                               members (any role, guests included), global secretariat, admins
``body.view_contacts``         logged-in people who may view the body (e-mail addresses of
                               members are never shown to the public)
``body.manage_members``        admins; global secretariat staff who hold a current
                               secretariat membership of the body
``admin.users``                admins
``admin.organisations``        admins
``admin.bodies``               admins
``admin.memberships``          admins and global secretariat (the list; each body is then
                               checked with ``body.manage_members``)
``audit.view``                 admins and global secretariat
``feedback.view``              admins
``profile.edit``               the logged-in user, on their own account only
``meeting.view``               everyone for a public meeting of a public body; otherwise
                               whoever may see the body's non-public part (below)
``meeting.view_nonpublic``     current members of the body (any role), global secretariat,
                               admins: non-public meetings and non-public agenda items
``meeting.manage``             on a body or its meeting: global secretariat staff who hold a
                               current secretariat membership of the body, and the current
                               chair of a working group (the AG lead runs its meetings)
``agenda.suggest``             on a meeting: its body's current members, deputies and
                               advisory members (not guests) who may see it
``attendance.answer``          on an attendance row: the person it invites, while active
``minutes.view``               on minutes: draft minutes only to ``meeting.manage``;
                               circulated ones to those who may see the body's non-public
                               part; approved and locked ones to whoever may view the meeting
                               (the non-public part still needs ``meeting.view_nonpublic``)
``minutes.comment``            on circulated minutes: current members of the body (not guests)
``minutes.approve``            on minutes: ``meeting.manage``, and the body's current chair
``calendar.subscribe``         on a user: that user, while active (personal feed address)
``calendar.public_feed``       on a body: everyone, if the body is public (its public
                               meetings, public agenda items only); 404 otherwise
``proposal.create``            on a body: its current chair, deputy chair, members and
                               secretariat (not deputies, advisory members or guests)
``proposal.view``              a draft: its submitter and whoever runs the originating body
                               (``meeting.manage``); later: the inner circle of the
                               originating and of the deciding body, and everyone for a
                               public proposal of a public deciding body
``proposal.edit``              the lifecycle says (``meetings.proposal_flow.can_edit`` with
                               :func:`proposal_capacities`)
``amendment.table``            on a proposal accepted or scheduled for decision: current
                               chair, deputy chair, members, deputies and secretariat of the
                               deciding body
``amendment.withdraw``         on an amendment: its author, while active
``ballot.open``                on a body or meeting: ``meeting.manage`` and the body's chair
``ballot.manage``              on a ballot (enter counts, close, cancel): the same
``ballot.view``                on a ballot: the inner circle of its body
``ballot.vote``                on a ballot: the holder of a seat of its electorate, or a
                               current deputy of such a seat; whether the seat may vote
                               through them now (holder absent, deputy sent, not yet voted,
                               no conflict of interest) the ballot service says, with a reason
``decision.view``              a public decision of a public body: everyone; otherwise the
                               body's inner circle
``decision.manage``            on a body or decision (review date, actions, corrections):
                               ``meeting.manage`` of the body. The register, its CSV and
                               DOCX exports and the implementation report show each reader
                               the decisions ``decision.view`` allows
``action.report``              on a follow-up action (progress note, status): ``decision.manage``
                               and the person responsible for it
``document.create``            on a body: global secretariat staff who run it (``meeting.manage``)
``document.view``              a public document: everyone (its adopted versions); otherwise the
                               owner body's inner circle, the people named as its editors, and
                               the members of the bodies asked to review one of its versions
``document.manage``            on a document (drafts, reviews, editors, adoption, files): global
                               secretariat staff who run the owner body
``version.view``               an adopted or superseded version: ``document.view``; a draft or a
                               version in review: the owner body's inner circle, the editors,
                               and the members of the bodies asked to review that version
``version.edit``               a draft or a version in review: ``document.manage`` and the
                               named editors (the service refuses while a decision is pending)
``version.comment``            a version in review: the members (not guests) of the bodies
                               asked to review it (the service checks the deadline)
=============================  ============================================================

A user's capacities towards a proposal (submitter, AG lead, secretariat, chair of the deciding
body) are answered by :func:`proposal_capacities`; which lifecycle step each capacity allows is
the pure table in ``meetings.proposal_flow``.

The personal calendar feed acts for its owner without a login: :func:`subscribed_meetings`
says which meetings it holds, and ``meeting.view_nonpublic`` which agenda items each shows.

"Global secretariat" means the user's global role is ``secretariat`` (KI staff). Inactive users
may do nothing. Non-public objects are answered with 404 to people who may not see them, so
their existence does not leak.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, and_, false, func, or_, select, true
from sqlalchemy.orm import aliased

from portal.db import in_effect_on
from portal.errors import NotFound, PermissionDenied
from portal.models import Body, BodyKind, GlobalRole, Membership, MembershipRole, User
from portal.timeutil import today_local


class Action(StrEnum):
    BODY_VIEW = "body.view"
    BODY_VIEW_CONTACTS = "body.view_contacts"
    BODY_MANAGE_MEMBERS = "body.manage_members"
    ADMIN_USERS = "admin.users"
    ADMIN_ORGANISATIONS = "admin.organisations"
    ADMIN_BODIES = "admin.bodies"
    ADMIN_MEMBERSHIPS = "admin.memberships"
    AUDIT_VIEW = "audit.view"
    FEEDBACK_VIEW = "feedback.view"
    PROFILE_EDIT = "profile.edit"
    MEETING_VIEW = "meeting.view"
    MEETING_VIEW_NONPUBLIC = "meeting.view_nonpublic"
    MEETING_MANAGE = "meeting.manage"
    AGENDA_SUGGEST = "agenda.suggest"
    ATTENDANCE_ANSWER = "attendance.answer"
    MINUTES_VIEW = "minutes.view"
    MINUTES_COMMENT = "minutes.comment"
    MINUTES_APPROVE = "minutes.approve"
    CALENDAR_SUBSCRIBE = "calendar.subscribe"
    CALENDAR_PUBLIC_FEED = "calendar.public_feed"
    PROPOSAL_CREATE = "proposal.create"
    PROPOSAL_VIEW = "proposal.view"
    PROPOSAL_EDIT = "proposal.edit"
    AMENDMENT_TABLE = "amendment.table"
    AMENDMENT_WITHDRAW = "amendment.withdraw"
    BALLOT_OPEN = "ballot.open"
    BALLOT_MANAGE = "ballot.manage"
    BALLOT_VIEW = "ballot.view"
    BALLOT_VOTE = "ballot.vote"
    DECISION_VIEW = "decision.view"
    DECISION_MANAGE = "decision.manage"
    ACTION_REPORT = "action.report"
    DOCUMENT_CREATE = "document.create"
    DOCUMENT_VIEW = "document.view"
    DOCUMENT_MANAGE = "document.manage"
    VERSION_VIEW = "version.view"
    VERSION_EDIT = "version.edit"
    VERSION_COMMENT = "version.comment"
    STATISTICS_VIEW = "statistics.view"
    STATISTICS_REPORT = "statistics.report"
    STATISTICS_RAW_VIEW = "statistics.raw_view"
    STATISTICS_MANAGE = "statistics.manage"
    STAFFING_SAVE = "staffing.save"
    OBSERVATION_REPORT = "observation.report"
    OBSERVATION_VIEW = "observation.view"
    OBSERVATION_TRIAGE = "observation.triage"


def _active(user: User | None) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def _is_admin(user: User | None) -> bool:
    return _active(user) and user.role == GlobalRole.ADMIN


def _is_secretariat(user: User | None) -> bool:
    return _active(user) and user.role == GlobalRole.SECRETARIAT


def current_memberships(user: User, body: Body, on: date | None = None) -> list[Membership]:
    """Return the user's memberships of the body that hold on the given day (default: today)."""
    day = on or today_local()
    return [m for m in user.memberships if m.body_id == body.id and m.is_current(day)]


def _may_see_inside(user: User | None, body: Body) -> bool:
    """Tell whether the user belongs to the body's inner circle: members, KI staff, admins."""
    if not _active(user):
        return False
    if user.role in (GlobalRole.ADMIN, GlobalRole.SECRETARIAT):
        return True
    return bool(current_memberships(user, body))


def _may_view_body(user: User | None, body: Body) -> bool:
    return body.is_public or _may_see_inside(user, body)


def _may_view_contacts(user: User | None, body: Body) -> bool:
    return _active(user) and _may_view_body(user, body)


def _may_manage_members(user: User | None, body: Body) -> bool:
    if _is_admin(user):
        return True
    return _is_secretariat(user) and any(
        m.role == MembershipRole.SECRETARIAT for m in current_memberships(user, body)
    )


def _may_view_meeting(user: User | None, meeting) -> bool:
    if meeting.is_public and meeting.body.is_public:
        return True
    return _may_see_inside(user, meeting.body)


def _may_view_nonpublic(user: User | None, meeting_or_body) -> bool:
    return _may_see_inside(user, getattr(meeting_or_body, "body", meeting_or_body))


def _may_manage_meetings(user: User | None, meeting_or_body) -> bool:
    body = getattr(meeting_or_body, "body", meeting_or_body)
    if not _active(user) or body is None:
        return False
    roles = {m.role for m in current_memberships(user, body)}
    if user.role == GlobalRole.SECRETARIAT and MembershipRole.SECRETARIAT in roles:
        return True
    return body.kind == BodyKind.WORKING_GROUP and MembershipRole.CHAIR in roles


def _is_participant(user: User | None, body: Body) -> bool:
    """Tell whether the user takes part in the body's work: any current role but guest."""
    if not _active(user):
        return False
    return any(m.role != MembershipRole.GUEST for m in current_memberships(user, body))


def _may_suggest(user: User | None, meeting) -> bool:
    return _is_participant(user, meeting.body) and _may_view_meeting(user, meeting)


def _may_answer(user: User | None, attendance) -> bool:
    return _active(user) and attendance.membership.user_id == user.id


def _may_view_minutes(user: User | None, minutes) -> bool:
    if minutes.status == "draft":
        return _may_manage_meetings(user, minutes.meeting)
    if minutes.status == "circulated":
        # Circulated minutes are a draft for the body's comments, not yet for the public.
        return _may_see_inside(user, minutes.meeting.body)
    return _may_view_meeting(user, minutes.meeting)


def _may_comment_minutes(user: User | None, minutes) -> bool:
    return minutes.status == "circulated" and _is_participant(user, minutes.meeting.body)


def _may_approve_minutes(user: User | None, minutes) -> bool:
    body = minutes.meeting.body
    if _may_manage_meetings(user, body):
        return True
    return _active(user) and any(
        m.role == MembershipRole.CHAIR for m in current_memberships(user, body)
    )


def _may_edit_profile(user: User | None, target: User) -> bool:
    return _active(user) and target is not None and user.id == target.id


#: Roles that may submit a proposal in a body, and roles that may table an amendment in the
#: deciding body (a deputy may, since they may sit in the seat when it is decided).
_PROPOSING_ROLES = frozenset(
    {
        MembershipRole.CHAIR,
        MembershipRole.DEPUTY_CHAIR,
        MembershipRole.MEMBER,
        MembershipRole.SECRETARIAT,
    }
)
_AMENDING_ROLES = _PROPOSING_ROLES | {MembershipRole.DEPUTY}
#: Proposal statuses in which the deciding body can still change the resolution text.
_AMENDABLE_STATUSES = frozenset({"accepted", "scheduled"})


def _holds_role(user: User | None, body: Body, roles: frozenset[MembershipRole]) -> bool:
    return _active(user) and any(m.role in roles for m in current_memberships(user, body))


def _may_create_proposal(user: User | None, body: Body) -> bool:
    if _is_secretariat(user) and _may_manage_meetings(user, body):
        return True
    return _holds_role(user, body, _PROPOSING_ROLES)


def proposal_capacities(user: User | None, proposal) -> frozenset[str]:
    """Return what the user is towards the proposal (``meetings.proposal_flow.Capacity`` values).

    ``secretariat`` is the KI staff running the deciding body (it accepts, returns, schedules and
    records decisions); ``origin_chair`` whoever runs the originating working group (its chair,
    and the KI, which runs every body); ``deciding_chair`` the deciding body's chair.
    """
    if not _active(user):
        return frozenset()
    capacities = set()
    if proposal.submitter_id == user.id:
        capacities.add("submitter")
    origin, deciding = proposal.body, proposal.deciding_body
    origin_roles = {m.role for m in current_memberships(user, origin)}
    if origin_roles - {MembershipRole.GUEST}:
        capacities.add("origin_member")
    if MembershipRole.CHAIR in origin_roles or _may_manage_meetings(user, origin):
        capacities.add("origin_chair")
    if _is_secretariat(user) and _may_manage_meetings(user, deciding):
        capacities.add("secretariat")
    if any(m.role == MembershipRole.CHAIR for m in current_memberships(user, deciding)):
        capacities.add("deciding_chair")
    return frozenset(capacities)


def _may_view_proposal(user: User | None, proposal) -> bool:
    if proposal.status == "draft":
        return _active(user) and (
            proposal.submitter_id == user.id or _may_manage_meetings(user, proposal.body)
        )
    deciding = proposal.deciding_body
    if proposal.is_public and deciding.is_public:
        return True
    return _may_see_inside(user, proposal.body) or _may_see_inside(user, deciding)


def _may_edit_proposal(user: User | None, proposal) -> bool:
    from meetings.proposal_flow import can_edit  # pure module; portal never imports it at load

    return can_edit(proposal.status, proposal_capacities(user, proposal))


def _may_table_amendment(user: User | None, proposal) -> bool:
    if proposal.status not in _AMENDABLE_STATUSES:
        return False
    deciding = proposal.deciding_body
    if _is_secretariat(user) and _may_manage_meetings(user, deciding):
        return True
    return _holds_role(user, deciding, _AMENDING_ROLES)


def _may_open_ballot(user: User | None, meeting_or_body) -> bool:
    body = getattr(meeting_or_body, "body", meeting_or_body)
    if _may_manage_meetings(user, body):
        return True
    return _holds_role(user, body, frozenset({MembershipRole.CHAIR}))


def _may_vote(user: User | None, ballot) -> bool:
    """Hold a seat of the ballot's electorate, or deputise for one (the service says if now)."""
    if not _active(user):
        return False
    seats = {seat.membership_id for seat in ballot.seats}
    day = today_local()
    for membership in user.memberships:
        if membership.body_id != ballot.body_id or not membership.is_current(day):
            continue
        if membership.id in seats:
            return True
        if membership.role == MembershipRole.DEPUTY and membership.deputy_of_id in seats:
            return True
    return False


def _may_view_decision(user: User | None, decision) -> bool:
    if decision.is_public and decision.body.is_public:
        return True
    return _may_see_inside(user, decision.body)


def _may_report_on_action(user: User | None, action) -> bool:
    if _may_manage_meetings(user, action.decision.body):
        return True
    return _active(user) and action.responsible_id == user.id


def _may_manage_document(user: User | None, document) -> bool:
    return _is_secretariat(user) and _may_manage_meetings(user, document.owner_body)


def _is_editor(user: User | None, document) -> bool:
    return _active(user) and any(editor.user_id == user.id for editor in document.editors)


def _reviews(user: User | None, version, *, participants_only: bool = False) -> bool:
    """Tell whether the user belongs to a body asked to review the version (any round)."""
    if not _active(user):
        return False
    check = _is_participant if participants_only else _may_see_inside
    return any(check(user, body) for round_ in version.review_rounds for body in round_.bodies)


def _may_view_document(user: User | None, document) -> bool:
    if document.is_public or _may_see_inside(user, document.owner_body):
        return True
    if _is_editor(user, document):
        return True
    return any(_reviews(user, version) for version in document.versions)


def _may_view_version(user: User | None, version) -> bool:
    document = version.document
    if version.is_frozen:
        return _may_view_document(user, document)
    if _may_see_inside(user, document.owner_body) or _is_editor(user, document):
        return True
    return _reviews(user, version)


def _may_edit_version(user: User | None, version) -> bool:
    if not version.is_open:
        return False
    return _may_manage_document(user, version.document) or _is_editor(user, version.document)


def _may_comment_version(user: User | None, version) -> bool:
    return version.status == "in_review" and _reviews(user, version, participants_only=True)


def serves_municipality(user: User | None, organisation, on: date | None = None) -> bool:
    """Tell whether the user is a case manager currently assigned to the municipality."""
    if not _active(user) or user.role != GlobalRole.CASE_MANAGER or organisation is None:
        return False
    day = on or today_local()
    return any(
        a.organisation_id == organisation.id and a.is_current(day) for a in user.case_assignments
    )


def _may_report_figures(user: User | None, organisation) -> bool:
    """Case managers report for the municipalities they serve; the KI for all (its Fachaufsicht).

    Without a municipality the question is whether the user reports for any at all.
    """
    if _is_secretariat(user):
        return True
    if organisation is None:
        day = today_local()
        return (
            _active(user)
            and user.role == GlobalRole.CASE_MANAGER
            and any(a.is_current(day) for a in user.case_assignments)
        )
    return serves_municipality(user, organisation)


def _may_view_observations(user: User | None, triage_body: Body | None) -> bool:
    if not _active(user):
        return False
    if user.role in (GlobalRole.SECRETARIAT, GlobalRole.CASE_MANAGER):
        return True
    return triage_body is not None and _is_participant(user, triage_body)


def _may_triage_observations(user: User | None, triage_body: Body | None) -> bool:
    if _is_secretariat(user):
        return True
    return triage_body is not None and _holds_role(
        user, triage_body, frozenset({MembershipRole.CHAIR, MembershipRole.DEPUTY_CHAIR})
    )


_RULES: dict[Action, Callable[[User | None, Any], bool]] = {
    Action.BODY_VIEW: _may_view_body,
    Action.BODY_VIEW_CONTACTS: _may_view_contacts,
    Action.BODY_MANAGE_MEMBERS: _may_manage_members,
    Action.ADMIN_USERS: lambda user, _obj: _is_admin(user),
    Action.ADMIN_ORGANISATIONS: lambda user, _obj: _is_admin(user),
    Action.ADMIN_BODIES: lambda user, _obj: _is_admin(user),
    Action.ADMIN_MEMBERSHIPS: lambda user, _obj: _is_admin(user) or _is_secretariat(user),
    Action.AUDIT_VIEW: lambda user, _obj: _is_admin(user) or _is_secretariat(user),
    Action.FEEDBACK_VIEW: lambda user, _obj: _is_admin(user),
    Action.PROFILE_EDIT: _may_edit_profile,
    Action.MEETING_VIEW: _may_view_meeting,
    Action.MEETING_VIEW_NONPUBLIC: _may_view_nonpublic,
    Action.MEETING_MANAGE: _may_manage_meetings,
    Action.AGENDA_SUGGEST: _may_suggest,
    Action.ATTENDANCE_ANSWER: _may_answer,
    Action.MINUTES_VIEW: _may_view_minutes,
    Action.MINUTES_COMMENT: _may_comment_minutes,
    Action.MINUTES_APPROVE: _may_approve_minutes,
    Action.CALENDAR_SUBSCRIBE: _may_edit_profile,
    Action.CALENDAR_PUBLIC_FEED: lambda _user, body: body.is_public,
    Action.PROPOSAL_CREATE: _may_create_proposal,
    Action.PROPOSAL_VIEW: _may_view_proposal,
    Action.PROPOSAL_EDIT: _may_edit_proposal,
    Action.AMENDMENT_TABLE: _may_table_amendment,
    Action.AMENDMENT_WITHDRAW: lambda user, amendment: (
        _active(user) and amendment.author_id == user.id
    ),
    Action.BALLOT_OPEN: _may_open_ballot,
    Action.BALLOT_MANAGE: lambda user, ballot: _may_open_ballot(user, ballot.body),
    Action.BALLOT_VIEW: lambda user, ballot: _may_see_inside(user, ballot.body),
    Action.BALLOT_VOTE: _may_vote,
    Action.DECISION_VIEW: _may_view_decision,
    Action.DECISION_MANAGE: lambda user, obj: _may_manage_meetings(user, getattr(obj, "body", obj)),
    Action.ACTION_REPORT: _may_report_on_action,
    Action.DOCUMENT_CREATE: lambda user, body: (
        _is_secretariat(user) and (body is None or _may_manage_meetings(user, body))
    ),
    Action.DOCUMENT_VIEW: _may_view_document,
    Action.DOCUMENT_MANAGE: _may_manage_document,
    Action.VERSION_VIEW: _may_view_version,
    Action.VERSION_EDIT: _may_edit_version,
    Action.VERSION_COMMENT: _may_comment_version,
    # Published statistics are anonymised and disclosure-controlled: every account may read them.
    Action.STATISTICS_VIEW: lambda user, _obj: _active(user),
    Action.STATISTICS_REPORT: _may_report_figures,
    Action.STATISTICS_RAW_VIEW: _may_report_figures,
    Action.STATISTICS_MANAGE: lambda user, _obj: _is_secretariat(user),
    Action.STAFFING_SAVE: lambda user, _obj: _is_secretariat(user),
    Action.OBSERVATION_REPORT: lambda user, _obj: (
        _active(user) and user.role in (GlobalRole.CASE_MANAGER, GlobalRole.SECRETARIAT)
    ),
    Action.OBSERVATION_VIEW: _may_view_observations,
    Action.OBSERVATION_TRIAGE: _may_triage_observations,
}

#: Actions on objects that outsiders must not learn exist: refusals become 404, not 403.
_HIDDEN_WHEN_REFUSED = {
    Action.BODY_VIEW,
    Action.MEETING_VIEW,
    Action.MINUTES_VIEW,
    Action.CALENDAR_PUBLIC_FEED,
    Action.PROPOSAL_VIEW,
    Action.BALLOT_VIEW,
    Action.DECISION_VIEW,
    Action.DOCUMENT_VIEW,
    Action.VERSION_VIEW,
}


class SystemActor:
    """The actor for changes the operators make from the command line (demo data, create-user).

    It is never a logged-in user, so no request can act as it.
    """

    id = None
    name = "System"
    is_active = True
    is_authenticated = False

    def __repr__(self) -> str:
        return "<SystemActor>"


SYSTEM = SystemActor()


def can(user: User | SystemActor | None, action: Action | str, obj: Any = None) -> bool:
    """Tell whether the user may perform the action on the object."""
    if user is SYSTEM:
        return True
    return _RULES[Action(action)](user, obj)


def require(user: User | SystemActor | None, action: Action | str, obj: Any = None) -> None:
    """Raise unless the user may perform the action (404 where existence must not leak)."""
    if can(user, action, obj):
        return
    if Action(action) in _HIDDEN_WHEN_REFUSED:
        raise NotFound()
    raise PermissionDenied()


def manageable_bodies(user: User | None, on: date | None = None) -> ColumnElement[bool]:
    """Return a SQL condition that selects the bodies whose memberships the user may manage.

    The same rule as ``body.manage_members``, for lists: one query instead of a check per row.
    """
    if _is_admin(user):
        return true()
    if not _is_secretariat(user):
        return false()
    day = on or today_local()
    return Body.id.in_(
        select(Membership.body_id).where(
            Membership.user_id == user.id,
            Membership.role == MembershipRole.SECRETARIAT,
            in_effect_on(Membership, day),
        )
    )


def visible_bodies(user: User | None, on: date | None = None, *, body=Body) -> ColumnElement[bool]:
    """Return a SQL condition that selects the bodies the user may view.

    ``body`` is the entity the condition speaks of: ``Body`` itself, or an alias of it (the
    parent of a listed body, for instance).
    """
    if _active(user) and user.role in (GlobalRole.ADMIN, GlobalRole.SECRETARIAT):
        return true()
    if not _active(user):
        return body.is_public.is_(True)
    day = on or today_local()
    member_of = select(Membership.body_id).where(
        Membership.user_id == user.id,
        in_effect_on(Membership, day),
    )
    return or_(body.is_public.is_(True), body.id.in_(member_of))


def inner_circle_bodies(user: User | None, on: date | None = None) -> ColumnElement[bool]:
    """Return a SQL condition on ``Body.id``: bodies whose non-public part the user may see."""
    if _active(user) and user.role in (GlobalRole.ADMIN, GlobalRole.SECRETARIAT):
        return true()
    if not _active(user):
        return false()
    day = on or today_local()
    return Body.id.in_(
        select(Membership.body_id).where(
            Membership.user_id == user.id, in_effect_on(Membership, day)
        )
    )


def visible_meetings(
    user: User | None, meeting_model, on: date | None = None
) -> ColumnElement[bool]:
    """Return a SQL condition that selects the meetings the user may view (``meeting.view``).

    The meeting model is passed in because ``portal`` never imports ``meetings``; the query
    must join ``Body`` on the meeting's body.
    """
    public = and_(meeting_model.is_public.is_(True), Body.is_public.is_(True))
    return or_(public, inner_circle_bodies(user, on))


def _inner_circle_body_ids(user: User | None, day: date):
    """Select the ids of bodies whose non-public part the user may see, or None for all."""
    if _active(user) and user.role in (GlobalRole.ADMIN, GlobalRole.SECRETARIAT):
        return None
    return select(Membership.body_id).where(
        Membership.user_id == user.id, in_effect_on(Membership, day)
    )


def visible_proposals(
    user: User | None, proposal_model, on: date | None = None
) -> ColumnElement[bool]:
    """Return a SQL condition on the proposal: the proposals the user may view (``proposal.view``).

    The same rule as :func:`_may_view_proposal`, for lists. The deciding body is the originating
    body's parent, or the body itself; the model is passed in because ``portal`` never imports
    ``meetings``.
    """
    parent = aliased(Body)
    public_deciding = (
        select(Body.id)
        .outerjoin(parent, Body.parent_id == parent.id)
        .where(func.coalesce(parent.is_public, Body.is_public).is_(True))
    )
    published = and_(
        proposal_model.is_public.is_(True), proposal_model.body_id.in_(public_deciding)
    )
    if not _active(user):
        return and_(proposal_model.status != "draft", published)
    day = on or today_local()
    inside = _inner_circle_body_ids(user, day)
    if inside is None:
        seen = true()
    else:
        seen = or_(
            published,
            proposal_model.body_id.in_(inside),
            proposal_model.body_id.in_(select(Body.id).where(Body.parent_id.in_(inside))),
        )
    drafts = or_(
        proposal_model.submitter_id == user.id,
        proposal_model.body_id.in_(select(Body.id).where(meeting_bodies(user, day))),
    )
    return or_(
        and_(proposal_model.status != "draft", seen), and_(proposal_model.status == "draft", drafts)
    )


def visible_decisions(
    user: User | None, decision_model, on: date | None = None
) -> ColumnElement[bool]:
    """Return a SQL condition on the decision: those the user may view (``decision.view``)."""
    public_bodies = select(Body.id).where(Body.is_public.is_(True))
    published = and_(decision_model.is_public.is_(True), decision_model.body_id.in_(public_bodies))
    if not _active(user):
        return published
    inside = _inner_circle_body_ids(user, on or today_local())
    if inside is None:
        return true()
    return or_(published, decision_model.body_id.in_(inside))


def visible_documents(
    user: User | None, *, document, editor, version, review_round, round_bodies
) -> ColumnElement[bool]:
    """Return a SQL condition on the document: those the user may view (``document.view``).

    The documents area passes its models in (``portal`` never imports it): the document, its
    editors, its versions, the review rounds and the table of the bodies each round asks.
    """
    if not _active(user):
        return document.is_public.is_(True)
    inside = _inner_circle_body_ids(user, today_local())
    if inside is None:
        return true()
    named = select(editor.document_id).where(editor.user_id == user.id)
    reviewing = (
        select(version.document_id)
        .join(review_round, review_round.version_id == version.id)
        .join(round_bodies, round_bodies.c.round_id == review_round.id)
        .where(round_bodies.c.body_id.in_(inside))
    )
    return or_(
        document.is_public.is_(True),
        document.owner_body_id.in_(inside),
        document.id.in_(named),
        document.id.in_(reviewing),
    )


def meeting_bodies(user: User | None, on: date | None = None) -> ColumnElement[bool]:
    """Return a SQL condition on ``Body``: bodies the user may plan meetings for."""
    if not _active(user):
        return false()
    day = on or today_local()
    mine = select(Membership.body_id).where(
        Membership.user_id == user.id, in_effect_on(Membership, day)
    )
    chair = and_(
        Body.kind == BodyKind.WORKING_GROUP,
        Body.id.in_(mine.where(Membership.role == MembershipRole.CHAIR)),
    )
    if user.role != GlobalRole.SECRETARIAT:
        return chair
    return or_(chair, Body.id.in_(mine.where(Membership.role == MembershipRole.SECRETARIAT)))


def subscribed_meetings(
    user: User | None, meeting_model, attendance_model, on: date | None = None
) -> ColumnElement[bool]:
    """Return a SQL condition on the meeting: the meetings of the user's personal calendar.

    Every meeting of every body the user currently belongs to in a role other than deputy; a
    deputy gets the meetings a seat holder sends them to (``attendance_model`` names the deputy
    membership). Ending a membership takes its body's meetings out at once. The models are
    passed in because ``portal`` never imports ``meetings``.
    """
    if not _active(user):
        return false()
    day = on or today_local()
    current = select(Membership.id).where(
        Membership.user_id == user.id, in_effect_on(Membership, day)
    )
    own_bodies = select(Membership.body_id).where(
        Membership.user_id == user.id,
        in_effect_on(Membership, day),
        Membership.role != MembershipRole.DEPUTY,
    )
    sent_to = select(attendance_model.meeting_id).where(
        attendance_model.answer == "deputy",
        attendance_model.deputy_membership_id.in_(
            current.where(Membership.role == MembershipRole.DEPUTY)
        ),
    )
    return or_(meeting_model.body_id.in_(own_bodies), meeting_model.id.in_(sent_to))
