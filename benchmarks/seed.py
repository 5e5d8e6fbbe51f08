"""Seeding the benchmark's data: the demo district, then bulk rows up to a target size.

The demo data goes in through the services (so the demo logins exist with their password); the
extra rows go in as bulk INSERTs through the models, which takes seconds instead of the minutes
that thousands of service calls (each hashing a password or writing an audit entry) would take.

Growing is additive: ``grow_to(SMALL)`` and then ``grow_to(SMALL.times(10))`` give the 10× data
set in the same database, so the in-process SQL counts can be taken at both sizes in one run.
Where rows go is chosen so that every measured page sees more rows at 10×: the steering group
gets more members, ``mitglied@demo.example`` more bodies, the secretariat a seat in every body.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime

from sqlalchemy import func, insert, select

from benchmarks import seed_governance, seed_rows
from meetings.models import Decision, Proposal
from portal.db import write_intent
from portal.demo_data import DEMO_PASSWORD, load_demo_data
from portal.extensions import db
from portal.models import AuditEvent, Body, Membership, MembershipRole, Organisation, User
from portal.passwords import hash_password

STEERING_SLUG = "lenkungsgruppe"
BENCH_DOMAIN = "bench.example"
BENCH_SLUG_PREFIX = "bench-ag-"
#: Share of all memberships that sit in the steering group (1 in 15).
STEERING_SHARE = 15
#: ``mitglied@demo.example`` gets a seat in every n-th new body.
MEMBER_EVERY = 5


@dataclass(frozen=True)
class Scale:
    """Row counts of the tables that grow with the size of a district."""

    users: int
    organisations: int
    bodies: int
    memberships: int
    audit_events: int
    proposals: int
    decisions: int

    def times(self, factor: int) -> Scale:
        """Return this size multiplied by ``factor`` (the "10×" data set)."""
        return Scale(**{key: value * factor for key, value in asdict(self).items()})


#: The "small" data set: the demo district plus extra rows, totals per table. About what a
#: district of this size has after a few years of use.
SMALL = Scale(
    users=150,
    organisations=40,
    bodies=15,
    memberships=450,
    audit_events=2000,
    proposals=300,
    decisions=2000,
)

_MODELS = {
    "users": User,
    "organisations": Organisation,
    "bodies": Body,
    "memberships": Membership,
    "audit_events": AuditEvent,
    "proposals": Proposal,
    "decisions": Decision,
}


def current_counts() -> Scale:
    """Count the rows of each table of :class:`Scale`."""
    return Scale(
        **{
            field.name: db.session.scalar(select(func.count()).select_from(_MODELS[field.name]))
            for field in fields(Scale)
        }
    )


def seed_demo() -> None:
    """Load the demo district through the services (an empty database is required)."""
    write_intent.set(True)
    load_demo_data()


def _user_id(email: str) -> int:
    return db.session.scalar(select(User.id).where(User.email == email))


def _insert(model: type, rows: list[dict], *, ids: bool = False) -> list[int]:
    """Bulk-insert rows (one executemany); return their ids in order if asked."""
    if not rows:
        return []
    if ids:
        statement = insert(model).returning(model.id, sort_by_parameter_order=True)
        return list(db.session.scalars(statement, rows))
    db.session.execute(insert(model), rows)
    return []


def _grow_organisations(rng: random.Random, start: int, target: int) -> None:
    _insert(Organisation, [seed_rows.organisation(rng, i) for i in range(start, target)])


def _grow_users(rng: random.Random, start: int, target: int) -> None:
    # One hash for all: Argon2 takes ~50 ms per call, and the extra users log in only rarely.
    password_hash = hash_password(DEMO_PASSWORD)
    rows = [seed_rows.user(rng, i, BENCH_DOMAIN, password_hash) for i in range(start, target)]
    _insert(User, rows)


def _grow_bodies(rng: random.Random, start: int, target: int, steering_id: int) -> list[int]:
    """Insert working groups under the steering group (some nested one level deeper)."""
    new_ids: list[int] = []
    for i in range(start, target):
        parent = steering_id if not new_ids or i % 4 else rng.choice(new_ids)
        row = seed_rows.body(rng, i, BENCH_SLUG_PREFIX, parent)
        new_ids.extend(_insert(Body, [row], ids=True))
    return new_ids


class _Seats:
    """Membership rows to insert, skipping a (user, body, role) that is already taken."""

    def __init__(self, taken: set[tuple[int, int, str]]) -> None:
        self.taken = taken
        self.rows: list[dict] = []

    def add(self, user_id: int, body_id: int, role: MembershipRole, **extra) -> bool:
        key = (user_id, body_id, role.value)
        if key in self.taken:
            return False
        self.taken.add(key)
        self.rows.append(seed_rows.membership(user_id, body_id, role, **extra))
        return True


def _grow_memberships(
    rng: random.Random, target: Scale, new_bodies: list[int], steering_id: int
) -> None:
    existing = db.session.execute(select(Membership.user_id, Membership.body_id, Membership.role))
    seats = _Seats({(u, b, r.value) for u, b, r in existing})
    ki = db.session.scalar(select(Organisation.id).where(Organisation.name.like("Koordin%")))
    org_ids = list(db.session.scalars(select(Organisation.id)))
    bench_users = list(
        db.session.scalars(select(User.id).where(User.email.like(f"%@{BENCH_DOMAIN}")))
    )
    bench_bodies = list(
        db.session.scalars(select(Body.id).where(Body.slug.like(f"{BENCH_SLUG_PREFIX}%")))
    )

    # The KI is secretariat of every body; the demo member sits in every fifth new body.
    secretariat, member = _user_id("sekretariat@demo.example"), _user_id("mitglied@demo.example")
    for index, body_id in enumerate(new_bodies):
        seats.add(secretariat, body_id, MembershipRole.SECRETARIAT, organisation_id=ki)
        if index % MEMBER_EVERY == 0:
            seats.add(member, body_id, MembershipRole.MEMBER, organisation_id=rng.choice(org_ids))

    # The steering group grows with the data: seats, some ended, and deputies of new seats.
    in_steering = db.session.scalar(
        select(func.count()).select_from(Membership).where(Membership.body_id == steering_id)
    )
    wanted = target.memberships // STEERING_SHARE - in_steering
    for i in range(max(wanted, 0)):
        seats.add(
            rng.choice(bench_users),
            steering_id,
            MembershipRole.MEMBER,
            organisation_id=rng.choice(org_ids),
            has_voting_right=True,
            ended=i % 10 == 9,
            rng=rng,
        )
    seat_ids = _insert(Membership, seats.rows, ids=True)
    steering_seats = [
        seat_id
        for seat_id, row in zip(seat_ids, seats.rows, strict=True)
        if row["body_id"] == steering_id and row["ends_on"] is None
    ]

    seats.rows = []
    for seat_id in steering_seats[::6]:
        seats.add(
            rng.choice(bench_users),
            steering_id,
            MembershipRole.DEPUTY,
            organisation_id=rng.choice(org_ids),
            has_voting_right=True,
            deputy_of_id=seat_id,
        )
    remaining = target.memberships - current_counts().memberships - len(seats.rows)
    # A (user, body, role) may be taken already; give up after many misses on a tiny data set.
    for _attempt in range(max(remaining, 0) * 20):
        if remaining <= 0:
            break
        if seats.add(
            rng.choice(bench_users),
            rng.choice(bench_bodies),
            seed_rows.random_role(rng),
            organisation_id=rng.choice(org_ids),
            ended=rng.random() < 0.1,
            rng=rng,
        ):
            remaining -= 1
    _insert(Membership, seats.rows)


def _grow_audit(rng: random.Random, start: int, target: int) -> None:
    demo_staff = [_user_id(email) for email in ("admin@demo.example", "sekretariat@demo.example")]
    staff = demo_staff + list(
        db.session.scalars(
            select(User.id).where(User.email.like(f"%@{BENCH_DOMAIN}"), User.role == "secretariat")
        )
    )
    now = datetime.now(UTC)
    rows = [seed_rows.audit_event(rng, i, staff, now) for i in range(start, target)]
    for chunk in range(0, len(rows), 5000):
        _insert(AuditEvent, rows[chunk : chunk + 5000])


def grow_to(target: Scale, *, seed: int = 2026) -> Scale:
    """Insert rows until each table holds ``target`` rows (tables already larger stay as they are).

    Deterministic for a given target and seed, so runs compare.
    """
    write_intent.set(True)
    rng = random.Random(f"{seed}:{target}")
    start = current_counts()
    steering_id = db.session.scalar(select(Body.id).where(Body.slug == STEERING_SLUG))
    _grow_organisations(rng, start.organisations, target.organisations)
    _grow_users(rng, start.users, target.users)
    new_bodies = _grow_bodies(rng, start.bodies, target.bodies, steering_id)
    db.session.commit()
    _grow_memberships(rng, target, new_bodies, steering_id)
    db.session.commit()
    _grow_audit(rng, current_counts().audit_events, target.audit_events)
    db.session.commit()
    seed_governance.grow_proposals(rng, target.proposals, _insert)
    seed_governance.grow_decisions(rng, target.decisions, steering_id, _insert)
    db.session.commit()
    return current_counts()


def steering_id() -> int:
    """Return the id of the demo steering group (for its admin memberships page)."""
    return db.session.scalar(select(Body.id).where(Body.slug == STEERING_SLUG))
