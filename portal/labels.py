"""German labels of the core's enumerations, for forms and pages."""

from __future__ import annotations

from portal.i18n import lazy_gettext as _l
from portal.models import (
    BodyKind,
    GlobalRole,
    MajorityRule,
    MembershipRole,
    OrganisationKind,
    QuorumRule,
)

GLOBAL_ROLE_LABELS = {
    GlobalRole.ADMIN: _l("Administration"),
    GlobalRole.SECRETARIAT: _l("Koordinierende Stelle (KI)"),
    GlobalRole.CASE_MANAGER: _l("Case-Management"),
    GlobalRole.MEMBER: _l("Mitglied"),
}
ORGANISATION_KIND_LABELS = {
    OrganisationKind.MUNICIPALITY: _l("Kommune"),
    OrganisationKind.DISTRICT_AUTHORITY: _l("Kreisverwaltung"),
    OrganisationKind.AGENCY: _l("Behörde / Agentur"),
    OrganisationKind.ASSOCIATION: _l("Verband"),
    OrganisationKind.BUSINESS: _l("Wirtschaft"),
    OrganisationKind.COORDINATION_OFFICE: _l("Koordinierende Stelle"),
}
BODY_KIND_LABELS = {
    BodyKind.STEERING: _l("Lenkungsgruppe"),
    BodyKind.WORKING_GROUP: _l("Arbeitsgruppe"),
}
QUORUM_RULE_LABELS = {
    QuorumRule.MAJORITY_OF_SEATS: _l("mehr als die Hälfte der Stimmberechtigten anwesend"),
    QuorumRule.THIRD_OF_SEATS: _l("mindestens ein Drittel der Stimmberechtigten anwesend"),
    QuorumRule.NONE: _l("immer beschlussfähig bei ordnungsgemäßer Einladung"),
}
MAJORITY_RULE_LABELS = {
    MajorityRule.SIMPLE: _l("einfache Mehrheit (mehr Ja- als Nein-Stimmen)"),
    MajorityRule.ABSOLUTE: _l("absolute Mehrheit der abgegebenen Stimmen"),
    MajorityRule.TWO_THIRDS: _l("Zweidrittelmehrheit"),
    MajorityRule.ABSOLUTE_OF_SEATS: _l("absolute Mehrheit aller stimmberechtigten Sitze"),
    MajorityRule.UNANIMITY: _l("Einstimmigkeit der abgegebenen Stimmen"),
    MajorityRule.CONSENSUS: _l("Konsens (keine Nein-Stimme)"),
    MajorityRule.UNANIMITY_OF_SEATS: _l("Einstimmigkeit aller stimmberechtigten Sitze"),
}
MEMBERSHIP_ROLE_LABELS = {
    MembershipRole.CHAIR: _l("Vorsitz"),
    MembershipRole.DEPUTY_CHAIR: _l("Stellv. Vorsitz"),
    MembershipRole.SECRETARIAT: _l("Geschäftsführung"),
    MembershipRole.MEMBER: _l("Mitglied"),
    MembershipRole.DEPUTY: _l("Stellvertretung"),
    MembershipRole.ADVISORY: _l("Beratend"),
    MembershipRole.GUEST: _l("Gast"),
}
#: Audit actions and object types as people read them; unknown ones are shown as stored.
AUDIT_ACTION_LABELS = {
    "body.create": _l("Gremium angelegt"),
    "body.update": _l("Gremium geändert"),
    "membership.create": _l("Mitgliedschaft angelegt"),
    "membership.update": _l("Mitgliedschaft geändert"),
    "membership.end": _l("Mitgliedschaft beendet"),
    "organisation.create": _l("Organisation angelegt"),
    "organisation.update": _l("Organisation geändert"),
    "user.create": _l("Konto angelegt"),
    "user.update": _l("Konto geändert"),
    "user.password_change": _l("Passwort geändert"),
    "user.password_reset": _l("Passwort zurückgesetzt"),
}
OBJECT_TYPE_LABELS = {
    "Body": _l("Gremium"),
    "Membership": _l("Mitgliedschaft"),
    "Organisation": _l("Organisation"),
    "User": _l("Konto"),
}
