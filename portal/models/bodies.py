"""Bodies (the steering group and its working groups) and the memberships that staff them."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, UTCDateTime, intpk, str_enum, utcnow
from portal.models.accounts import User
from portal.models.organisations import Organisation


class BodyKind(StrEnum):
    STEERING = "steering"
    WORKING_GROUP = "working_group"


class QuorumRule(StrEnum):
    """When a meeting of the body may decide."""

    #: More than half of the voting seats are present (the usual rule, cf. § 49 GO NRW).
    MAJORITY_OF_SEATS = "majority_of_seats"
    #: At least a third of the voting seats are present.
    THIRD_OF_SEATS = "third_of_seats"
    #: Any duly invited meeting may decide (common for advisory working groups).
    NONE = "none"


class MajorityRule(StrEnum):
    """Which votes carry a proposal unless the proposal says otherwise."""

    #: More yes than no votes; abstentions do not count.
    SIMPLE = "simple"
    #: More yes votes than half of all votes cast, abstentions included.
    ABSOLUTE = "absolute"
    #: At least two thirds of the yes and no votes cast.
    TWO_THIRDS = "two_thirds"
    #: More yes votes than half of all voting seats, whether they voted or not.
    ABSOLUTE_OF_SEATS = "absolute_of_seats"
    #: Every vote cast is yes (no no-vote, no abstention).
    UNANIMITY = "unanimity"
    #: No no-vote (abstentions allowed).
    CONSENSUS = "consensus"
    #: Every voting seat votes yes: the usual rule of a written procedure (Umlaufverfahren).
    UNANIMITY_OF_SEATS = "unanimity_of_seats"


class MembershipRole(StrEnum):
    CHAIR = "chair"
    DEPUTY_CHAIR = "deputy_chair"
    SECRETARIAT = "secretariat"
    MEMBER = "member"
    DEPUTY = "deputy"
    ADVISORY = "advisory"
    GUEST = "guest"


class Body(Base):
    __tablename__ = "bodies"
    __table_args__ = (CheckConstraint("notice_period_days >= 0", name="notice_period"),)

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(String(200))
    #: The body's part of its URL, ``/bodies/<slug>/``: lower-case letters, digits and dashes.
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[BodyKind] = mapped_column(str_enum(BodyKind, 20))
    description: Mapped[str] = mapped_column(Text, default="")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id"), index=True)
    #: Public bodies show their page, members and public meetings to everyone.
    is_public: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Calendar days between sending the invitation and the meeting (Ladungsfrist); six as in
    #: the district council's rules of procedure.
    notice_period_days: Mapped[int] = mapped_column(Integer, default=6)
    quorum_rule: Mapped[QuorumRule] = mapped_column(
        str_enum(QuorumRule), default=QuorumRule.MAJORITY_OF_SEATS
    )
    default_majority_rule: Mapped[MajorityRule] = mapped_column(
        str_enum(MajorityRule), default=MajorityRule.SIMPLE
    )
    #: The rule of a written procedure (Umlaufverfahren) unless the ballot names another.
    written_procedure_rule: Mapped[MajorityRule] = mapped_column(
        str_enum(MajorityRule), default=MajorityRule.UNANIMITY_OF_SEATS
    )
    #: May named ballots show interim results while they are open?
    shows_live_results: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The first part of the body's reference numbers: ``AG-V`` in ``AG-V 2026/004``, ``LG`` in
    #: ``LG 2026/07`` (see ``portal.reference_numbers``).
    reference_prefix: Mapped[str | None] = mapped_column(String(12), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: When anything the body's calendar feeds show last changed: the body itself, its meetings,
    #: their agenda items, attendance (deputies sent) or memberships. Set by
    #: ``meetings.services.calendar_stamps`` on every flush; feeds compare it instead of the rows.
    calendar_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    parent: Mapped[Body | None] = relationship(remote_side="Body.id", back_populates="children")
    children: Mapped[list[Body]] = relationship(back_populates="parent", order_by="Body.name")
    memberships: Mapped[list[Membership]] = relationship(back_populates="body")

    def __repr__(self) -> str:
        return f"<Body {self.slug}>"


class Membership(Base):
    """A person's seat or role in a body for a period; ended memberships stay as history."""

    __tablename__ = "memberships"
    __table_args__ = (CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="period"),)

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    role: Mapped[MembershipRole] = mapped_column(str_enum(MembershipRole, 20))
    #: The organisation whose seat this is (a municipality, the Jobcenter, ...).
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    #: The person's function as shown in the member list, e.g. "Dezernentin für Integration".
    function: Mapped[str] = mapped_column(String(200), default="")
    has_voting_right: Mapped[bool] = mapped_column(Boolean, default=False)
    #: For a deputy: the seat they stand in for.
    deputy_of_id: Mapped[int | None] = mapped_column(ForeignKey("memberships.id"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    #: Last day of the membership; empty while it lasts.
    ends_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships", foreign_keys=[user_id])
    body: Mapped[Body] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation | None] = relationship()
    deputy_of: Mapped[Membership | None] = relationship(
        remote_side="Membership.id", back_populates="deputies"
    )
    deputies: Mapped[list[Membership]] = relationship(back_populates="deputy_of")

    def is_current(self, on: date) -> bool:
        """Tell whether the membership holds on the given day."""
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)

    def __repr__(self) -> str:
        return f"<Membership {self.user_id}@{self.body_id} {self.role}>"
