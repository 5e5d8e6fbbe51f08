"""The dashboard shows the user's bodies; it needs a login."""

from portal.models import MembershipRole


def test_the_dashboard_needs_a_login(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_the_dashboard_lists_my_current_bodies(
    client, auth, body, create_user, create_membership, create_body
):
    user = create_user()
    create_membership(user, body, MembershipRole.CHAIR)
    create_body(name="Fremde AG")
    auth.login_as(user)

    page = client.get("/").get_data(as_text=True)

    assert body.name in page and "Vorsitz" in page
    assert "Fremde AG" not in page


def test_case_managers_see_the_municipalities_they_serve(
    client, auth, create_user, create_organisation
):
    from datetime import date

    from portal.extensions import db
    from portal.models import CaseManagerAssignment

    case_manager = create_user("case_manager")
    kaarst, meerbusch = create_organisation("Stadt Kaarst"), create_organisation("Stadt Meerbusch")
    db.session.add_all(
        [
            CaseManagerAssignment(
                user=case_manager, organisation=kaarst, starts_on=date(2021, 3, 1)
            ),
            CaseManagerAssignment(
                user=case_manager,
                organisation=meerbusch,
                starts_on=date(2021, 3, 1),
                ends_on=date(2023, 1, 1),
            ),
        ]
    )
    db.session.commit()
    auth.login_as(case_manager)

    page = client.get("/").get_data(as_text=True)

    assert "Meine Kommunen im Case-Management" in page
    assert "Stadt Kaarst" in page and "Stadt Meerbusch" not in page


def test_the_dashboard_links_to_all_bodies_of_someone_in_many(
    client, auth, create_user, create_body, create_membership
):
    busy = create_user(name="Viel Beschäftigt")
    for number in range(12):
        create_membership(busy, create_body(name=f"Gremium {number:02d}", slug=f"g-{number:02d}"))
    auth.login_as(busy)

    dashboard = client.get("/").get_data(as_text=True)
    mine = client.get("/bodies/?mine=1").get_data(as_text=True)

    assert "Gremium 09" in dashboard and "Gremium 11" not in dashboard
    assert "Alle meine Gremien anzeigen (12)" in dashboard
    assert 'href="/bodies/?mine=1"' in dashboard
    assert "Meine Gremien" in mine and "Gremium 11" in mine


def test_the_dashboard_shows_my_next_meetings_soonest_first_and_no_others(
    client, auth, body, create_user, create_membership, create_body, create_meeting
):
    from tests.fixtures.meetings import in_days

    member = create_user()
    create_membership(member, body)
    foreign = create_body(name="Fremde AG", slug="fremde-ag", is_public=True)
    create_meeting(body, title="Übernächste Sitzung", starts_at=in_days(20))
    create_meeting(body, title="Nächste Sitzung", starts_at=in_days(3))
    create_meeting(body, title="Vergangene Sitzung", starts_at=in_days(-3))
    create_meeting(foreign, title="Sitzung der fremden AG", starts_at=in_days(2))
    auth.login_as(member)

    page = client.get("/").get_data(as_text=True)

    assert "Meine nächsten Sitzungen" in page
    assert page.index("Nächste Sitzung") < page.index("Übernächste Sitzung")
    assert "Vergangene Sitzung" not in page and "Sitzung der fremden AG" not in page


def test_the_dashboard_shows_at_most_five_meetings_and_links_to_all(
    client, auth, body, create_user, create_membership, create_meeting
):
    from tests.fixtures.meetings import in_days

    member = create_user()
    create_membership(member, body)
    for number in range(7):
        create_meeting(body, title=f"Sitzung Nr. {number}", starts_at=in_days(number + 1))
    auth.login_as(member)

    page = client.get("/").get_data(as_text=True)

    assert "Sitzung Nr. 4" in page and "Sitzung Nr. 5" not in page
    assert 'href="/meetings/"' in page


def test_a_deputy_sees_the_meetings_they_are_sent_to(
    client, auth, body, create_user, create_membership, create_meeting
):
    from meetings.models import Attendance
    from portal.extensions import db
    from tests.fixtures.meetings import in_days

    holder, deputy = create_user(name="Inhaberin"), create_user(name="Vertreter")
    seat = create_membership(holder, body)
    deputy_seat = create_membership(deputy, body, MembershipRole.DEPUTY, deputy_of=seat)
    sent = create_meeting(body, title="Mit Vertretung", starts_at=in_days(5))
    create_meeting(body, title="Ohne Vertretung", starts_at=in_days(6))
    db.session.add(
        Attendance(meeting=sent, membership=seat, answer="deputy", deputy_membership=deputy_seat)
    )
    db.session.commit()
    auth.login_as(deputy)

    page = client.get("/").get_data(as_text=True)

    assert "Mit Vertretung" in page and "Ohne Vertretung" not in page


def test_someone_without_meetings_is_told_so(client, auth, create_user):
    auth.login_as(create_user())

    page = client.get("/").get_data(as_text=True)

    assert "Für Ihre Gremien sind keine Sitzungen geplant." in page
