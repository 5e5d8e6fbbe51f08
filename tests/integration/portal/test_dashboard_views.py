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
