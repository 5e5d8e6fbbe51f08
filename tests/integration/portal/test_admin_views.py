"""Admins manage accounts, organisations and bodies; every change lands in the audit log."""

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, Body, GlobalRole, Organisation, User
from tests.fixtures.portal import body_form


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_an_admin_creates_an_account_without_a_password(client, auth, personas):
    auth.login_as(personas["admin"])

    response = client.post(
        "/admin/users/new",
        data={
            "name": "Aylin Demir",
            "email": "Aylin.Demir@RKN.example",
            "role": "secretariat",
            "locale": "de",
        },
    )

    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "aylin.demir@rkn.example"))
    assert user.role == GlobalRole.SECRETARIAT and user.password_hash is None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.create"))
    assert event.actor_id == personas["admin"].id and event.after["email"] == user.email


def test_email_addresses_are_unique_regardless_of_case(client, auth, personas, create_user):
    create_user(email="claudia@neuss.example")
    auth.login_as(personas["admin"])
    before = count(User)

    response = client.post(
        "/admin/users/new",
        data={"name": "Zweite", "email": "CLAUDIA@neuss.example", "role": "member", "locale": "de"},
    )

    assert response.status_code == 422
    assert "Diese E-Mail-Adresse wird schon verwendet." in response.get_data(as_text=True)
    assert count(User) == before


def test_deactivating_an_account_ends_its_sessions(app, client, auth, personas, create_user):
    from tests.conftest import AuthActions

    user = create_user(name="Weg")
    theirs = app.test_client()
    AuthActions(theirs).login_as(user)
    auth.login_as(personas["admin"])

    response = client.post(
        f"/admin/users/{user.id}",
        data={"name": "Weg", "email": user.email, "role": "member", "locale": "de"},
    )

    assert response.status_code == 302
    assert db.session.get(User, user.id).is_active is False
    assert theirs.get("/").status_code == 302
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.update"))
    assert event.before == {"is_active": True} and event.after == {"is_active": False}


def test_an_admin_cannot_remove_their_own_admin_role(client, auth, personas):
    admin = personas["admin"]
    auth.login_as(admin)

    response = client.post(
        f"/admin/users/{admin.id}",
        data={
            "name": admin.name,
            "email": admin.email,
            "role": "member",
            "is_active": "y",
            "locale": "de",
        },
    )

    assert response.status_code == 422
    assert db.session.get(User, admin.id).role == GlobalRole.ADMIN


def test_an_admin_creates_and_renames_an_organisation(client, auth, personas):
    auth.login_as(personas["admin"])

    client.post("/admin/organisations/new", data={"name": "Stadt Kaarst", "kind": "municipality"})
    organisation = db.session.scalar(select(Organisation))
    client.post(
        f"/admin/organisations/{organisation.id}",
        data={"name": "Stadt Kaarst (Sozialamt)", "kind": "municipality"},
    )

    assert db.session.get(Organisation, organisation.id).name == "Stadt Kaarst (Sozialamt)"
    assert audit_actions() == ["organisation.create", "organisation.update"]


def test_organisation_names_are_unique(client, auth, personas, create_organisation):
    create_organisation("Stadt Jüchen")
    auth.login_as(personas["admin"])

    response = client.post(
        "/admin/organisations/new", data={"name": "stadt jüchen", "kind": "municipality"}
    )

    assert response.status_code == 422
    assert count(Organisation) == 1


BODY = body_form()


def test_an_admin_creates_a_working_group_below_the_steering_group(client, auth, personas, body):
    auth.login_as(personas["admin"])

    response = client.post("/admin/bodies/new", data={**BODY, "parent_id": str(body.id)})

    assert response.status_code == 302
    created = db.session.scalar(select(Body).where(Body.slug == "ag-wohnen"))
    assert created.parent_id == body.id and created.is_public is False
    assert "body.create" in audit_actions()


def test_a_body_slug_must_be_url_safe_and_unique(client, auth, personas, body):
    auth.login_as(personas["admin"])
    before = count(Body)

    bad = client.post("/admin/bodies/new", data={**BODY, "slug": "AG Wohnen!"})
    taken = client.post("/admin/bodies/new", data={**BODY, "slug": body.slug})

    assert bad.status_code == taken.status_code == 422
    assert "Kleinbuchstaben" in bad.get_data(as_text=True)
    assert "schon verwendet" in taken.get_data(as_text=True)
    assert count(Body) == before


def test_an_admin_sets_the_bodys_voting_rules_and_reference_prefix(client, auth, personas):
    auth.login_as(personas["admin"])

    response = client.post(
        "/admin/bodies/new",
        data={
            **BODY,
            "written_procedure_rule": "absolute_of_seats",
            "shows_live_results": "y",
            "reference_prefix": "AG-W",
        },
    )

    assert response.status_code == 302
    created = db.session.scalar(select(Body).where(Body.slug == "ag-wohnen"))
    assert created.written_procedure_rule == "absolute_of_seats"
    assert created.shows_live_results is True
    assert created.reference_prefix == "AG-W"


@pytest.mark.parametrize(
    ("prefix", "message"),
    [
        ("ag-w", "Großbuchstaben"),
        ("<script>", "Großbuchstaben"),
        ("ÄG", "Großbuchstaben"),
        ("LG-", "Großbuchstaben"),
        ("X" * 13, "höchstens 12"),
    ],
)
def test_a_malformed_reference_prefix_is_refused_next_to_the_field(
    client, auth, personas, prefix, message
):
    auth.login_as(personas["admin"])
    before = count(Body)

    response = client.post("/admin/bodies/new", data={**BODY, "reference_prefix": prefix})

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(Body) == before


def test_two_bodies_cannot_share_a_reference_prefix(client, auth, personas, body):
    body.reference_prefix = "LG"
    db.session.commit()
    auth.login_as(personas["admin"])

    response = client.post("/admin/bodies/new", data={**BODY, "reference_prefix": "LG"})

    assert response.status_code == 422
    assert "Dieses Kürzel hat schon ein anderes Gremium." in response.get_data(as_text=True)


def test_a_body_cannot_be_placed_below_its_own_child(client, auth, personas, body, create_body):
    child = create_body(kind="working_group", parent=body)
    auth.login_as(personas["admin"])

    response = client.post(
        f"/admin/bodies/{body.id}",
        data={
            **BODY,
            "name": body.name,
            "slug": body.slug,
            "kind": "steering",
            "parent_id": str(child.id),
        },
    )

    assert response.status_code == 422
    assert db.session.get(Body, body.id).parent_id is None


def test_the_secretariat_sees_the_body_list_but_cannot_create_bodies(client, auth, personas):
    auth.login_as(personas["secretariat"])

    assert client.get("/admin/bodies/").status_code == 200
    assert client.get("/admin/bodies/new").status_code == 403
    assert client.get("/admin/users/").status_code == 403


def test_long_lists_are_paginated(client, auth, personas):
    db.session.add_all(
        [Organisation(name=f"Verein {n:03d}", kind="association") for n in range(60)]
    )
    db.session.commit()
    auth.login_as(personas["admin"])

    first = client.get("/admin/organisations/").get_data(as_text=True)
    last = client.get("/admin/organisations/?page=3").get_data(as_text=True)

    assert "Verein 000" in first and "Verein 059" not in first
    assert "Verein 059" in last and "Verein 000" not in last
    assert "Seite 1 von 3" in first and 'href="/admin/organisations/?page=2"' in first
