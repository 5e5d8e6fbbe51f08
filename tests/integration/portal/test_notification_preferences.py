"""Each person chooses per kind whether they want mail; only they can change it."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from portal.errors import InvalidInput, PermissionDenied
from portal.extensions import db
from portal.models import AuditEvent, NotificationKind, NotificationPreference
from portal.services.notification_preferences import get_preferences, set_preferences

LABELS = {
    "invitation": "Einladungen zu Sitzungen",
    "agenda_changed": "Änderungen der Tagesordnung oder der Sitzung",
    "meeting_cancelled": "Absagen von Sitzungen",
    "minutes_circulated": "Niederschriften zur Stellungnahme",
    "minutes_approved": "Genehmigte Niederschriften",
    "deputy_sent": "Benachrichtigung, wenn ich als Stellvertretung entsandt werde",
    "suggestion_decided": "Entscheidungen über meine Vorschläge zur Tagesordnung",
    "proposal_step": "Neuer Stand meiner Beschlussvorlagen",
    "ballot_opened": "Abstimmungen und Umlaufverfahren, an denen ich teilnehme",
    "ballot_reminder": (
        "Erinnerung vor dem Ende eines Umlaufverfahrens, wenn ich noch nicht abgestimmt habe"
    ),
    "decision_follow_up": "Maßnahmen aus Beschlüssen, für die ich verantwortlich bin",
}
ALL_ON = {kind: True for kind in NotificationKind}


def checkbox(page: str, name: str) -> str:
    match = re.search(rf'<input [^>]*name="{name}"[^>]*>', page)
    assert match, f"no checkbox {name}"
    return match.group(0)


def preference_rows() -> list[tuple]:
    return db.session.execute(
        select(
            NotificationPreference.user_id,
            NotificationPreference.kind,
            NotificationPreference.is_enabled,
        ).order_by(NotificationPreference.id)
    ).all()


def test_the_profile_offers_a_labelled_checkbox_per_kind_all_ticked(client, auth, create_user):
    auth.login_as(create_user())

    page = client.get("/profile").get_data(as_text=True)

    fieldset = page[page.index('<fieldset class="kern-fieldset"') : page.index("</fieldset>")]
    assert '<legend class="kern-label">' in fieldset
    assert 'action="/profile/notifications"' in page
    for name, label in LABELS.items():
        box = checkbox(fieldset, name)
        assert 'type="checkbox"' in box and f'id="{name}"' in box and "checked" in box
        assert f'<label class="kern-label" for="{name}">{label}</label>' in fieldset


def test_switching_kinds_off_and_on_is_kept_and_audited(client, auth, create_user):
    user = create_user()
    auth.login_as(user)
    chosen = {name: "y" for name in LABELS if name not in ("invitation", "minutes_approved")}

    response = client.post("/profile/notifications", data=chosen)

    assert response.status_code == 302
    assert get_preferences(user, user) == {
        **ALL_ON,
        NotificationKind.INVITATION: False,
        NotificationKind.MINUTES_APPROVED: False,
    }
    page = client.get("/profile").get_data(as_text=True)
    assert "checked" not in checkbox(page, "invitation")
    assert "checked" in checkbox(page, "agenda_changed")
    assert "Ihre Auswahl der E-Mail-Benachrichtigungen wurde gespeichert." in page
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "user.notification_preferences")
    )
    assert event.actor_id == user.id and event.object_id == user.id
    assert event.before == {"invitation": True, "minutes_approved": True}
    assert event.after == {"invitation": False, "minutes_approved": False}

    client.post("/profile/notifications", data={name: "y" for name in LABELS})

    assert get_preferences(user, user) == ALL_ON


def test_saving_without_a_change_writes_no_audit_entry(client, auth, create_user):
    auth.login_as(create_user())

    response = client.post("/profile/notifications", data={name: "y" for name in LABELS})

    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0
    assert preference_rows() == []


@pytest.mark.parametrize("value", ["vielleicht", "<script>alert(1)</script>", "0"])
def test_a_value_no_checkbox_sends_is_refused_in_german(client, auth, create_user, value):
    user = create_user()
    auth.login_as(user)

    response = client.post("/profile/notifications", data={"invitation": value})

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="invitation-error-1"' in page
    assert "Bitte setzen Sie einen Haken oder lassen Sie das Feld leer." in page
    assert "<script>alert(1)" not in page
    assert preference_rows() == []
    assert get_preferences(user, user) == ALL_ON


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.post("/profile/notifications", data={})

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert preference_rows() == []


@pytest.mark.parametrize("role", ["member", "admin"])
def test_nobody_reads_or_changes_another_persons_choice(create_user, role):
    actor = create_user(role)
    other = create_user()

    with pytest.raises(PermissionDenied):
        get_preferences(actor, other)
    with pytest.raises(PermissionDenied):
        set_preferences(actor, other, {NotificationKind.INVITATION: False})

    assert preference_rows() == []


def test_a_deactivated_person_cannot_change_their_choice(create_user):
    user = create_user(is_active=False)

    with pytest.raises(PermissionDenied):
        set_preferences(user, user, {NotificationKind.INVITATION: False})


def test_the_service_accepts_kind_names_and_keeps_unnamed_kinds(create_user):
    user = create_user()
    set_preferences(user, user, {"deputy_sent": False})

    set_preferences(user, user, {NotificationKind.INVITATION: False})

    assert get_preferences(user, user) == {
        **ALL_ON,
        NotificationKind.INVITATION: False,
        NotificationKind.DEPUTY_SENT: False,
    }


@pytest.mark.parametrize(
    ("choices", "field", "message"),
    [
        ({"newsletter": False}, "newsletter", "Diese Art von Benachrichtigung gibt es nicht."),
        ({"invitation": "nein"}, "invitation", "Bitte wählen Sie Ja oder Nein."),
    ],
)
def test_the_service_refuses_unknown_kinds_and_non_booleans(create_user, choices, field, message):
    user = create_user()

    with pytest.raises(InvalidInput) as refused:
        set_preferences(user, user, {NotificationKind.MINUTES_APPROVED: False, **choices})

    assert refused.value.errors == [(field, message)]
    assert preference_rows() == []
