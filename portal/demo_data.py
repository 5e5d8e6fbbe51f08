"""Demo data from the source presentation: KIM in the Rhein-Kreis Neuss (as of 27.01.2021).

Organisation names are real; every person is invented. All demo accounts share one password,
listed in the README. The data goes in through the same services the pages use, so it passes the
same rules and leaves the same audit trail (with the system as the actor).
"""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import func, select

from portal import passwords
from portal.extensions import db
from portal.models import (
    Body,
    CaseManagerAssignment,
    GlobalRole,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    User,
)
from portal.permissions import SYSTEM
from portal.services import accounts, bodies, memberships, organisations

DEMO_PASSWORD = "kim-demo-2026"
SINCE = date(2021, 3, 1)

MUNICIPALITIES = [
    "Stadt Neuss",
    "Stadt Dormagen",
    "Stadt Grevenbroich",
    "Stadt Meerbusch",
    "Stadt Kaarst",
    "Stadt Korschenbroich",
    "Stadt Jüchen",
    "Gemeinde Rommerskirchen",
]
DISTRICT = "Rhein-Kreis Neuss"
KI = "Koordinierende Stelle KIM (KI) im Rhein-Kreis Neuss"
OTHER_ORGANISATIONS = [
    (DISTRICT, OrganisationKind.DISTRICT_AUTHORITY),
    (KI, OrganisationKind.COORDINATION_OFFICE),
    ("Jobcenter Rhein-Kreis Neuss", OrganisationKind.AGENCY),
    ("Agentur für Arbeit Mönchengladbach", OrganisationKind.AGENCY),
    ("Bundesamt für Migration und Flüchtlinge, Außenstelle Düsseldorf", OrganisationKind.AGENCY),
    ("AG der Wohlfahrtsverbände im Rhein-Kreis Neuss", OrganisationKind.ASSOCIATION),
    ("Industrie- und Handelskammer Mittlerer Niederrhein", OrganisationKind.BUSINESS),
    ("Bezirksregierung Arnsberg", OrganisationKind.AGENCY),
]

# (email, name, global role)
PEOPLE = [
    ("admin@demo.example", "Tobias Admin", GlobalRole.ADMIN),
    ("sekretariat@demo.example", "Sabine Keller", GlobalRole.SECRETARIAT),
    ("ki-referentin@demo.example", "Aylin Demir", GlobalRole.SECRETARIAT),
    ("vorsitz@demo.example", "Dr. Martin Albers", GlobalRole.MEMBER),
    ("mitglied@demo.example", "Claudia Hoffmann", GlobalRole.MEMBER),
    ("vertretung@demo.example", "Jonas Becker", GlobalRole.MEMBER),
    ("dezernat.dormagen@demo.example", "Ralf Schneider", GlobalRole.MEMBER),
    ("vertretung.dormagen@demo.example", "Melanie Koch", GlobalRole.MEMBER),
    ("dezernat.grevenbroich@demo.example", "Birgit Lange", GlobalRole.MEMBER),
    ("dezernat.meerbusch@demo.example", "Stefan Zimmermann", GlobalRole.MEMBER),
    ("dezernat.kaarst@demo.example", "Andrea Wolf", GlobalRole.MEMBER),
    ("dezernat.korschenbroich@demo.example", "Michael Braun", GlobalRole.MEMBER),
    ("dezernat.juechen@demo.example", "Nicole Krüger", GlobalRole.MEMBER),
    ("dezernat.rommerskirchen@demo.example", "Thomas Hartmann", GlobalRole.MEMBER),
    ("dezernat.schule@demo.example", "Dr. Ulrike Schäfer", GlobalRole.MEMBER),
    ("dezernat.auslaender@demo.example", "Frank Richter", GlobalRole.MEMBER),
    ("jobcenter@demo.example", "Karin Neumann", GlobalRole.MEMBER),
    ("vertretung.jobcenter@demo.example", "Sebastian Schwarz", GlobalRole.MEMBER),
    ("arbeitsagentur@demo.example", "Heike Schmitz", GlobalRole.MEMBER),
    ("bamf@demo.example", "Oliver Weber", GlobalRole.MEMBER),
    ("wohlfahrt@demo.example", "Gabriele Meyer", GlobalRole.MEMBER),
    ("wirtschaft@demo.example", "Jürgen Fischer", GlobalRole.MEMBER),
    ("gast@demo.example", "Eva Lorenz", GlobalRole.MEMBER),
    ("ag-leitung@demo.example", "Petra Wagner", GlobalRole.MEMBER),
    ("ag-fallebene@demo.example", "Daniel Yılmaz", GlobalRole.MEMBER),
    ("cm@demo.example", "Leonie Busch", GlobalRole.CASE_MANAGER),
    ("cm2@demo.example", "Hamid Rahimi", GlobalRole.CASE_MANAGER),
    ("cm3@demo.example", "Julia Engel", GlobalRole.CASE_MANAGER),
    ("cm4@demo.example", "Marco Vogel", GlobalRole.CASE_MANAGER),
    ("cm5@demo.example", "Sandra Peters", GlobalRole.CASE_MANAGER),
    ("cm6@demo.example", "Yusuf Aydın", GlobalRole.CASE_MANAGER),
]

# Lenkungsgruppe seats: (email, organisation, function, role)
STEERING_SEATS = [
    ("vorsitz@demo.example", DISTRICT, "Kreisdirektor", MembershipRole.CHAIR),
    ("mitglied@demo.example", "Stadt Neuss", "Beigeordnete für Soziales und Integration", None),
    (
        "dezernat.dormagen@demo.example",
        "Stadt Dormagen",
        "Beigeordneter für Jugend und Soziales",
        None,
    ),
    (
        "dezernat.grevenbroich@demo.example",
        "Stadt Grevenbroich",
        "Dezernentin für Integration",
        None,
    ),
    (
        "dezernat.meerbusch@demo.example",
        "Stadt Meerbusch",
        "Dezernent für Jugend und Integration",
        None,
    ),
    ("dezernat.kaarst@demo.example", "Stadt Kaarst", "Dezernentin für Soziales", None),
    ("dezernat.korschenbroich@demo.example", "Stadt Korschenbroich", "Dezernent für Jugend", None),
    ("dezernat.juechen@demo.example", "Stadt Jüchen", "Dezernentin für Integration", None),
    (
        "dezernat.rommerskirchen@demo.example",
        "Gemeinde Rommerskirchen",
        "Dezernent für Soziales",
        None,
    ),
    ("dezernat.schule@demo.example", DISTRICT, "Dezernentin Schule, Kultur und Jugend", None),
    ("dezernat.auslaender@demo.example", DISTRICT, "Dezernent Ausländerbehörde", None),
    ("jobcenter@demo.example", "Jobcenter Rhein-Kreis Neuss", "Geschäftsführerin", None),
    (
        "arbeitsagentur@demo.example",
        "Agentur für Arbeit Mönchengladbach",
        "Vorsitzende der Geschäftsführung",
        None,
    ),
    (
        "bamf@demo.example",
        "Bundesamt für Migration und Flüchtlinge, Außenstelle Düsseldorf",
        "Leiter der Außenstelle",
        None,
    ),
    (
        "wohlfahrt@demo.example",
        "AG der Wohlfahrtsverbände im Rhein-Kreis Neuss",
        "Sprecherin der AG Wohlfahrtsverbände",
        None,
    ),
    (
        "wirtschaft@demo.example",
        "Industrie- und Handelskammer Mittlerer Niederrhein",
        "Vertreter der Wirtschaft",
        None,
    ),
]
# (deputy email, seat holder email, function)
STEERING_DEPUTIES = [
    ("vertretung@demo.example", "mitglied@demo.example", "Fachbereichsleiter Integration"),
    (
        "vertretung.dormagen@demo.example",
        "dezernat.dormagen@demo.example",
        "Leiterin Fachbereich Soziales",
    ),
    (
        "vertretung.jobcenter@demo.example",
        "jobcenter@demo.example",
        "Bereichsleiter Markt und Integration",
    ),
]

CASE_MANAGER_AREAS = {
    "cm@demo.example": ["Stadt Neuss"],
    "cm2@demo.example": ["Stadt Neuss"],
    "cm3@demo.example": ["Stadt Dormagen"],
    "cm4@demo.example": ["Stadt Grevenbroich", "Gemeinde Rommerskirchen"],
    "cm5@demo.example": ["Stadt Meerbusch", "Stadt Kaarst"],
    "cm6@demo.example": ["Stadt Korschenbroich", "Stadt Jüchen"],
}


class DatabaseNotEmpty(RuntimeError):
    """Demo data goes only into an empty database."""


def _is_empty() -> bool:
    return not any(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (User, Organisation, Body)
    )


def _body_fields(**overrides) -> dict:
    fields = {
        "description": "",
        "parent_id": None,
        "is_public": False,
        "notice_period_days": 6,
        "quorum_rule": "majority_of_seats",
        "default_majority_rule": "simple",
    }
    fields.update(overrides)
    return fields


def _seat(user: User, organisation: Organisation | None, function: str, role, **extra) -> dict:
    fields = {
        "user_id": user.id,
        "role": role,
        "organisation_id": organisation.id if organisation else None,
        "function": function,
        "has_voting_right": False,
        "deputy_of_id": None,
        "starts_on": SINCE,
        "ends_on": None,
    }
    fields.update(extra)
    return fields


def _statistics_targets() -> dict[str, int | None]:
    """Find where the demo links statistics: the case-level report on the next steering group
    agenda, the joint-dates proposal (an observation took it up) and the case-management one."""
    from meetings.models import AgendaItem, Meeting, Proposal

    item = db.session.scalar(
        select(AgendaItem.id)
        .join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .where(
            Meeting.title == "5. Sitzung der Lenkungsgruppe KIM",
            AgendaItem.title == "Arbeitsgruppe Fallebene",
        )
    )

    def proposal(title: str) -> int | None:
        return db.session.scalar(
            select(Proposal.id).where(Proposal.title.contains(title)).order_by(Proposal.id)
        )

    return {
        "agenda_item_id": item,
        "proposal_id": proposal("Terminvergabe"),
        "staffing_proposal_id": proposal("Case-Management in allen acht Kommunen"),
    }


def load_demo_data() -> dict[str, int]:
    """Create the demo district, its bodies and people; raise DatabaseNotEmpty if data exists."""
    if not _is_empty():
        raise DatabaseNotEmpty()
    orgs = {
        name: organisations.create_organisation(
            SYSTEM, name=name, kind=OrganisationKind.MUNICIPALITY
        )
        for name in MUNICIPALITIES
    }
    for name, kind in OTHER_ORGANISATIONS:
        orgs[name] = organisations.create_organisation(SYSTEM, name=name, kind=kind)
    people = {
        email: accounts.create_user(SYSTEM, email=email, name=name, role=role)
        for email, name, role in PEOPLE
    }
    # All demo accounts share one password, so one Argon2 hash serves them all (fast set-up).
    shared_hash = passwords.hash_password(DEMO_PASSWORD)
    for user in people.values():
        user.password_hash = shared_hash

    steering = bodies.create_body(
        SYSTEM,
        **_body_fields(
            name="Lenkungsgruppe KIM",
            slug="lenkungsgruppe",
            kind="steering",
            is_public=True,
            notice_period_days=14,
            description=(
                "Entscheidergremium auf Dezernenten- und Leitungsebene. Es steuert das Kommunale "
                "Integrationsmanagement strategisch, entwickelt das kreisweite Handlungskonzept "
                "weiter und entscheidet über Vorschläge aus den Arbeitsgruppen. Vorsitz: "
                "Kreisdirektor; Geschäftsführung: Koordinierende Stelle (KI). Tagt etwa zweimal "
                "im Jahr und bei Bedarf."
            ),
        ),
    )
    procedure = bodies.create_body(
        SYSTEM,
        **_body_fields(
            name="Arbeitsgruppe Verfahrensebene",
            slug="ag-verfahrensebene",
            kind="working_group",
            parent_id=steering.id,
            quorum_rule="none",
            description=(
                "Identifiziert Lücken und Bedarfe in Verwaltungsabläufen, optimiert Verfahren für "
                "eine rechtskreisübergreifende Zusammenarbeit und bereitet Entscheidungen der "
                "Lenkungsgruppe vor."
            ),
        ),
    )
    case_level = bodies.create_body(
        SYSTEM,
        **_body_fields(
            name="Arbeitsgruppe Fallebene",
            slug="ag-fallebene",
            kind="working_group",
            parent_id=steering.id,
            quorum_rule="none",
            description=(
                "Identifiziert Bedarfe der Zielgruppe, entwickelt Unterstützungsangebote, "
                "bespricht Einzelfälle (anonymisiert) und bereitet Entscheidungen der "
                "Lenkungsgruppe vor."
            ),
        ),
    )

    seats: dict[str, Membership] = {}
    for email, org_name, function, role in STEERING_SEATS:
        seats[email] = memberships.add_membership(
            SYSTEM,
            steering,
            **_seat(
                people[email],
                orgs[org_name],
                function,
                role or MembershipRole.MEMBER,
                has_voting_right=True,
            ),
        )
    for deputy_email, holder_email, function in STEERING_DEPUTIES:
        holder = seats[holder_email]
        memberships.add_membership(
            SYSTEM,
            steering,
            **_seat(
                people[deputy_email],
                holder.organisation,
                function,
                MembershipRole.DEPUTY,
                has_voting_right=True,
                deputy_of_id=holder.id,
            ),
        )
    memberships.add_membership(
        SYSTEM,
        steering,
        **_seat(
            people["gast@demo.example"],
            orgs["Bezirksregierung Arnsberg"],
            "Dezernat 36, Integration",
            MembershipRole.GUEST,
        ),
    )
    for body in (steering, procedure, case_level):
        for email, function in (
            ("sekretariat@demo.example", "Leiterin der Koordinierenden Stelle"),
            ("ki-referentin@demo.example", "Referentin Kommunale Koordinierung"),
        ):
            memberships.add_membership(
                SYSTEM, body, **_seat(people[email], orgs[KI], function, MembershipRole.SECRETARIAT)
            )

    procedure_members = [
        (
            "ag-leitung@demo.example",
            DISTRICT,
            "Leiterin der Ausländerbehörde",
            MembershipRole.CHAIR,
        ),
        (
            "vertretung@demo.example",
            "Stadt Neuss",
            "Fachbereichsleiter Integration",
            MembershipRole.MEMBER,
        ),
        (
            "vertretung.dormagen@demo.example",
            "Stadt Dormagen",
            "Leiterin Fachbereich Soziales",
            MembershipRole.MEMBER,
        ),
        (
            "vertretung.jobcenter@demo.example",
            "Jobcenter Rhein-Kreis Neuss",
            "Bereichsleiter Markt und Integration",
            MembershipRole.MEMBER,
        ),
        (
            "bamf@demo.example",
            "Bundesamt für Migration und Flüchtlinge, Außenstelle Düsseldorf",
            "Leiter der Außenstelle",
            MembershipRole.ADVISORY,
        ),
    ]
    for email, org_name, function, role in procedure_members:
        memberships.add_membership(
            SYSTEM,
            procedure,
            **_seat(people[email], orgs[org_name], function, role, has_voting_right=True),
        )

    memberships.add_membership(
        SYSTEM,
        case_level,
        **_seat(
            people["ag-fallebene@demo.example"],
            orgs[KI],
            "Teamleitung Case-Management",
            MembershipRole.CHAIR,
            has_voting_right=True,
        ),
    )
    for email, areas in CASE_MANAGER_AREAS.items():
        memberships.add_membership(
            SYSTEM,
            case_level,
            **_seat(
                people[email],
                orgs[areas[0]],
                "Case-Managerin/Case-Manager",
                MembershipRole.MEMBER,
                has_voting_right=True,
            ),
        )
        for area in areas:
            db.session.add(
                CaseManagerAssignment(
                    user_id=people[email].id, organisation_id=orgs[area].id, starts_on=SINCE
                )
            )
    memberships.add_membership(
        SYSTEM,
        case_level,
        **_seat(
            people["wohlfahrt@demo.example"],
            orgs["AG der Wohlfahrtsverbände im Rhein-Kreis Neuss"],
            "Migrationsberatung",
            MembershipRole.MEMBER,
            has_voting_right=True,
        ),
    )
    # Imported here, not at the top: portal/ never imports the areas built on it at load.
    from documents.demo_data import load_documents
    from meetings.demo_data import load_meetings
    from meetings.demo_governance import load_governance
    from portal.statistics.demo_data import load_statistics

    meetings = load_meetings(steering, procedure, case_level)
    db.session.commit()
    # The demo people's addresses are not real: what their steps announce is never sent.
    mail_enabled = current_app.config["MAIL_ENABLED"]
    current_app.config["MAIL_ENABLED"] = False
    try:
        load_governance(steering, procedure)
        documents = load_documents(steering, procedure, case_level)
        statistics = load_statistics(**_statistics_targets())
    finally:
        current_app.config["MAIL_ENABLED"] = mail_enabled
    return {
        "users": len(people),
        "organisations": len(orgs),
        "bodies": 3,
        "meetings": meetings,
        "documents": documents,
        "quarters": statistics["quarters"],
        "memberships": db.session.scalar(select(func.count()).select_from(Membership)),
    }
