"""Memberships are added, edited and ended (never deleted) by admins and the body's KI."""

from datetime import date, timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Membership, MembershipRole
from portal.timeutil import today_local
from tests.fixtures.portal import membership_form


def test_the_bodys_secretariat_adds_a_member(
    client, auth, personas, body, create_user, create_organisation
):
    newcomer = create_user(name="Nicole Krüger")
    juechen = create_organisation("Stadt Jüchen")
    auth.login_as(personas["secretariat"])

    response = client.post(
        f"/admin/bodies/{body.id}/memberships/new",
        data=membership_form(newcomer, organisation_id=str(juechen.id), function="Dezernentin"),
    )

    assert response.status_code == 302
    membership = db.session.scalar(select(Membership).where(Membership.user_id == newcomer.id))
    assert membership.organisation_id == juechen.id and membership.has_voting_right
    assert "Nicole Krüger" in client.get(f"/bodies/{body.slug}/").get_data(as_text=True)


def test_a_deputy_needs_the_seat_they_stand_in_for(client, auth, personas, body, create_user):
    auth.login_as(personas["admin"])

    response = client.post(
        f"/admin/bodies/{body.id}/memberships/new",
        data=membership_form(create_user(), role="deputy"),
    )

    assert response.status_code == 422
    assert "Bitte wählen Sie den Sitz" in response.get_data(as_text=True)


def test_a_deputy_is_linked_to_a_voting_seat(client, auth, personas, body, create_user):
    seat = db.session.scalar(select(Membership).where(Membership.user_id == personas["member"].id))
    deputy = create_user()
    auth.login_as(personas["admin"])

    client.post(
        f"/admin/bodies/{body.id}/memberships/new",
        data=membership_form(deputy, role="deputy", deputy_of_id=str(seat.id)),
    )

    created = db.session.scalar(select(Membership).where(Membership.user_id == deputy.id))
    assert created.deputy_of_id == seat.id


def test_guests_never_get_a_vote(client, auth, personas, body, create_user):
    guest = create_user()
    auth.login_as(personas["admin"])

    client.post(
        f"/admin/bodies/{body.id}/memberships/new", data=membership_form(guest, role="guest")
    )

    created = db.session.scalar(select(Membership).where(Membership.user_id == guest.id))
    assert created.role == MembershipRole.GUEST and created.has_voting_right is False


def test_the_same_role_twice_at_the_same_time_is_refused(client, auth, personas, body):
    auth.login_as(personas["admin"])
    before = db.session.query(Membership).count()

    response = client.post(
        f"/admin/bodies/{body.id}/memberships/new",
        data=membership_form(personas["member"], starts_on="2024-01-01"),
    )

    assert response.status_code == 422
    assert db.session.query(Membership).count() == before


def test_ending_a_membership_keeps_it_as_history_and_ends_its_deputies(
    client, auth, personas, body, create_user, create_membership
):
    seat = db.session.scalar(select(Membership).where(Membership.user_id == personas["member"].id))
    deputy = create_membership(create_user(), body, MembershipRole.DEPUTY, deputy_of=seat)
    auth.login_as(personas["admin"])
    last_day = today_local() - timedelta(days=1)

    response = client.post(
        f"/admin/memberships/{seat.id}/end", data={"ends_on": last_day.isoformat()}
    )

    assert response.status_code == 302
    assert db.session.get(Membership, seat.id).ends_on == last_day
    assert db.session.get(Membership, deputy.id).ends_on == last_day
    ends = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "membership.end")).all()
    assert len(ends) == 2
    assert client.get(f"/bodies/{body.slug}/").status_code == 200
    auth.login_as(personas["member"])
    assert client.get(f"/bodies/{body.slug}/").status_code == 404


def test_an_end_before_the_start_is_refused(client, auth, personas, body):
    seat = db.session.scalar(select(Membership).where(Membership.user_id == personas["member"].id))
    auth.login_as(personas["admin"])

    response = client.post(f"/admin/memberships/{seat.id}/end", data={"ends_on": "2001-01-01"})

    assert response.status_code == 422
    assert "nicht vor dem Beginn" in response.get_data(as_text=True)
    assert db.session.get(Membership, seat.id).ends_on is None


def test_editing_a_membership_records_before_and_after(client, auth, personas, body):
    seat = db.session.scalar(select(Membership).where(Membership.user_id == personas["member"].id))
    auth.login_as(personas["secretariat"])

    client.post(
        f"/admin/memberships/{seat.id}",
        data=membership_form(personas["member"], function="Beigeordnete", starts_on="2021-03-01"),
    )

    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "membership.update"))
    assert event.before == {"function": ""} and event.after == {"function": "Beigeordnete"}


def test_the_list_hides_ended_memberships_unless_asked(
    client, auth, personas, body, create_user, create_membership
):
    create_membership(create_user(name="Ehemaliger Dezernent"), body, ends_on=date(2022, 6, 30))
    auth.login_as(personas["admin"])

    current = client.get(f"/admin/bodies/{body.id}/memberships/").get_data(as_text=True)
    everything = client.get(f"/admin/bodies/{body.id}/memberships/?all=1").get_data(as_text=True)

    assert "Ehemaliger Dezernent" not in current
    assert "Ehemaliger Dezernent" in everything


def test_a_secretariat_without_a_seat_in_the_body_cannot_manage_it(client, auth, body, create_user):
    other_ki = create_user("secretariat")
    auth.login_as(other_ki)

    assert client.get(f"/admin/bodies/{body.id}/memberships/").status_code == 403
