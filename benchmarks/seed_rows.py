"""Plausible rows for the bulk seeding: German names, bodies, seats and audit entries.

The rows look like the real data (name lengths, role mix, JSON before/after summaries of the
size the services write), so that rendering and sorting cost what they would in production.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from portal.models import GlobalRole, MembershipRole, OrganisationKind
from portal.timeutil import today_local

FIRST_NAMES = [
    "Anna",
    "Ben",
    "Carla",
    "David",
    "Elif",
    "Felix",
    "Greta",
    "Hannes",
    "Ilka",
    "Jan",
    "Katrin",
    "Lars",
    "Mira",
    "Nils",
    "Olga",
    "Paul",
    "Rana",
    "Sven",
    "Tanja",
    "Umut",
    "Vera",
    "Wolfgang",
    "Xenia",
    "Yasmin",
    "Zoran",
    "Ayşe",
    "Jürgen",
    "Sören",
    "Małgorzata",
    "Dragan",
]
LAST_NAMES = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Özdemir",
    "Kowalski",
    "Nowak",
    "Popović",
    "Yıldız",
    "Schmitz",
    "Krause",
]
TOPICS = (
    "Wohnen",
    "Arbeitsmarkt",
    "Sprachförderung",
    "Gesundheit",
    "Schule und Ausbildung",
    "Aufenthaltsrecht",
    "Anerkennung",
    "Frühe Hilfen",
    "Digitalisierung",
    "Ehrenamt",
)
FUNCTIONS = (
    "Sachbearbeitung Integration",
    "Fachdienstleitung",
    "Teamleitung Leistungen",
    "Migrationsberatung",
    "Referentin für Integration",
    "Abteilungsleitung Ausländerwesen",
)
AUDIT_ACTIONS = (
    ("membership.create", "Membership"),
    ("membership.update", "Membership"),
    ("membership.end", "Membership"),
    ("user.create", "User"),
    ("user.update", "User"),
    ("user.password_change", "User"),
    ("organisation.create", "Organisation"),
    ("organisation.update", "Organisation"),
    ("body.create", "Body"),
    ("body.update", "Body"),
)
_ROLES = (
    [MembershipRole.MEMBER] * 12
    + [MembershipRole.DEPUTY_CHAIR, MembershipRole.CHAIR, MembershipRole.ADVISORY]
    + [MembershipRole.GUEST] * 2
)
_ORG_KINDS = list(OrganisationKind)


def person_name(rng: random.Random) -> str:
    """Return a random first and last name."""
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def organisation(rng: random.Random, index: int) -> dict[str, Any]:
    """Return an organisation row with a unique name."""
    kind = _ORG_KINDS[index % len(_ORG_KINDS)]
    return {"name": f"Bench-Organisation {index:05d} ({rng.choice(TOPICS)})", "kind": kind}


def user(rng: random.Random, index: int, domain: str, password_hash: str) -> dict[str, Any]:
    """Return a user row (mostly members, some case managers, a few secretariat staff)."""
    if index % 50 == 0:
        role = GlobalRole.SECRETARIAT
    elif index % 20 == 0:
        role = GlobalRole.CASE_MANAGER
    else:
        role = GlobalRole.MEMBER
    return {
        "email": f"person{index:05d}@{domain}",
        "name": person_name(rng),
        "role": role,
        "password_hash": password_hash,
        "is_active": index % 40 != 7,
        "locale": "de",
        "session_generation": 0,
    }


def body(rng: random.Random, index: int, slug_prefix: str, parent_id: int) -> dict[str, Any]:
    """Return a working group row; every third one is public."""
    topic = rng.choice(TOPICS)
    return {
        "name": f"Arbeitsgruppe {topic} {index:04d}",
        "slug": f"{slug_prefix}{index:04d}",
        "kind": "working_group",
        "description": f"Bereitet Entscheidungen der Lenkungsgruppe zum Thema {topic} vor.",
        "parent_id": parent_id,
        "is_public": index % 3 == 0,
        "notice_period_days": 7,
        "quorum_rule": "none",
        "default_majority_rule": "simple",
    }


def random_role(rng: random.Random) -> MembershipRole:
    """Return a membership role, mostly ``member``."""
    return rng.choice(_ROLES)


def membership_period(rng: random.Random, ended: bool) -> tuple[date, date | None]:
    """Return a start between 2021 and 2025 and, for an ended membership, an end in the past."""
    starts_on = date(2021, 3, 1) + timedelta(days=rng.randrange(0, 4 * 365))
    if not ended:
        return starts_on, None
    yesterday = today_local() - timedelta(days=1)
    return starts_on, min(starts_on + timedelta(days=rng.randrange(30, 300)), yesterday)


def membership(
    user_id: int,
    body_id: int,
    role: MembershipRole,
    *,
    organisation_id: int | None = None,
    has_voting_right: bool | None = None,
    deputy_of_id: int | None = None,
    ended: bool = False,
    rng: random.Random | None = None,
) -> dict[str, Any]:
    """Return a membership row; voting right as the services would set it for the role."""
    rng = rng or random.Random(f"{user_id}:{body_id}")
    starts_on, ends_on = membership_period(rng, ended)
    if has_voting_right is None:
        has_voting_right = role in (MembershipRole.CHAIR, MembershipRole.MEMBER)
    return {
        "user_id": user_id,
        "body_id": body_id,
        "role": role,
        "organisation_id": organisation_id,
        "function": rng.choice(FUNCTIONS),
        "has_voting_right": has_voting_right,
        "deputy_of_id": deputy_of_id,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }


def audit_event(rng: random.Random, index: int, actors: list[int], now: datetime) -> dict[str, Any]:
    """Return an audit entry from the last four years, by staff or the system."""
    action, object_type = AUDIT_ACTIONS[index % len(AUDIT_ACTIONS)]
    actor_id = None if index % 25 == 0 else rng.choice(actors)
    before: dict[str, Any] | None = None
    after: dict[str, Any] = {"name": person_name(rng), "function": rng.choice(FUNCTIONS)}
    if action.endswith((".update", ".end")):
        before = {"ends_on": None, "function": rng.choice(FUNCTIONS)}
        after = {"ends_on": "2025-12-31", "function": rng.choice(FUNCTIONS)}
    return {
        "occurred_at": now - timedelta(seconds=rng.randrange(0, 4 * 365 * 86400)),
        "actor_id": actor_id,
        "action": action,
        "object_type": object_type,
        "object_id": rng.randrange(1, 5000),
        "object_label": f"{person_name(rng)} – Arbeitsgruppe {rng.choice(TOPICS)}",
        "before": before,
        "after": after,
    }
