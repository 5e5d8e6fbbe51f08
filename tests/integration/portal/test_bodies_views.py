"""Bodies are listed and shown to those who may see them; non-public ones stay hidden."""

from datetime import date, timedelta

from portal.models import BodyKind, MembershipRole
from portal.timeutil import today_local


def test_anonymous_visitors_see_only_public_bodies(client, create_body):
    create_body(name="Öffentliche Lenkungsgruppe", is_public=True)
    create_body(name="Geheime AG", kind=BodyKind.WORKING_GROUP)

    page = client.get("/bodies/").get_data(as_text=True)

    assert "Öffentliche Lenkungsgruppe" in page
    assert "Geheime AG" not in page


def test_members_see_their_non_public_body_in_the_list(client, auth, body, personas):
    auth.login_as(personas["member"])

    assert body.name in client.get("/bodies/").get_data(as_text=True)


def test_outsiders_get_404_for_a_non_public_body(client, auth, body, personas):
    auth.login_as(personas["other_member"])

    assert client.get(f"/bodies/{body.slug}/").status_code == 404
    assert body.name not in client.get("/bodies/").get_data(as_text=True)


def test_the_body_page_lists_members_with_role_organisation_and_deputies(
    client, auth, body, create_user, create_membership, create_organisation
):
    neuss = create_organisation("Stadt Neuss")
    holder = create_user(name="Claudia Hoffmann")
    seat = create_membership(holder, body, organisation=neuss, function="Beigeordnete")
    deputy = create_user(name="Jonas Becker")
    create_membership(deputy, body, MembershipRole.DEPUTY, deputy_of=seat, organisation=neuss)
    auth.login_as(holder)

    page = client.get(f"/bodies/{body.slug}/").get_data(as_text=True)

    assert "Claudia Hoffmann" in page and "Beigeordnete, Stadt Neuss" in page
    assert "Stellvertretung" in page and "vertritt Claudia Hoffmann" in page


def test_ended_and_future_memberships_are_not_listed(
    client, auth, body, create_user, create_membership
):
    viewer = create_user()
    create_membership(viewer, body)
    create_membership(create_user(name="Ehemalige"), body, ends_on=date(2022, 12, 31))
    create_membership(
        create_user(name="Künftiger"), body, starts_on=today_local() + timedelta(days=10)
    )
    auth.login_as(viewer)

    page = client.get(f"/bodies/{body.slug}/").get_data(as_text=True)

    assert "Ehemalige" not in page and "Künftiger" not in page


def test_an_ended_membership_no_longer_opens_the_body(
    client, auth, body, create_user, create_membership
):
    former = create_user()
    create_membership(former, body, ends_on=date(2022, 12, 31))
    auth.login_as(former)

    assert client.get(f"/bodies/{body.slug}/").status_code == 404


def test_the_public_sees_members_of_a_public_body_but_not_their_emails(
    client, create_body, create_user, create_membership
):
    public = create_body(is_public=True)
    create_membership(create_user(name="Dr. Martin Albers", email="albers@rkn.example"), public)

    page = client.get(f"/bodies/{public.slug}/").get_data(as_text=True)

    assert "Dr. Martin Albers" in page
    assert "albers@rkn.example" not in page


def test_members_see_each_others_emails(client, auth, body, create_user, create_membership):
    colleague = create_user(email="kollegin@neuss.example")
    create_membership(colleague, body)
    auth.login_as(colleague)

    assert "kollegin@neuss.example" in client.get(f"/bodies/{body.slug}/").get_data(as_text=True)


def test_user_text_in_a_description_is_rendered_safely(client, create_body):
    create_body(is_public=True, slug="sicher", description="**wichtig** <script>alert(1)</script>")

    page = client.get("/bodies/sicher/").get_data(as_text=True)

    assert "<strong>wichtig</strong>" in page
    assert "<script>alert" not in page


def test_an_unknown_slug_is_404(client):
    assert client.get("/bodies/gibt-es-nicht/").status_code == 404


def test_a_public_body_does_not_reveal_its_non_public_working_groups(client, create_body):
    steering = create_body(is_public=True, slug="lg")
    create_body(
        kind=BodyKind.WORKING_GROUP, parent=steering, name="AG Einzelfälle", slug="ag-faelle"
    )
    create_body(
        kind=BodyKind.WORKING_GROUP,
        parent=steering,
        name="AG Öffentlich",
        slug="ag-oeffentlich",
        is_public=True,
    )

    page = client.get("/bodies/lg/").get_data(as_text=True)

    assert "AG Öffentlich" in page
    assert "AG Einzelfälle" not in page and "ag-faelle" not in page


def test_a_public_working_group_does_not_name_its_non_public_parent(client, create_body):
    steering = create_body(name="Interne Lenkungsgruppe", slug="intern")
    create_body(kind=BodyKind.WORKING_GROUP, parent=steering, slug="ag-offen", is_public=True)

    page = client.get("/bodies/ag-offen/").get_data(as_text=True)
    listing = client.get("/bodies/").get_data(as_text=True)

    assert "Interne Lenkungsgruppe" not in page
    assert "Interne Lenkungsgruppe" not in listing


def _public_working_groups(create_body, parent, count):
    for number in range(count):
        create_body(
            kind=BodyKind.WORKING_GROUP,
            parent=parent,
            name=f"AG {number:02d}",
            slug=f"ag-{number:02d}",
            is_public=True,
        )


def test_a_visible_parent_is_named_even_on_another_page_of_the_list(client, create_body):
    steering = create_body(name="Öffentliche LG", slug="a-lg", is_public=True)
    _public_working_groups(create_body, steering, 30)

    second = client.get("/bodies/?page=2").get_data(as_text=True)

    assert "AG 29" in second and "Öffentliche LG</a>" not in second
    assert second.count("Öffentliche LG") >= 5
    assert "Seite 2 von 2" in second


def test_the_list_narrows_to_the_bodies_below_one(client, create_body):
    steering = create_body(name="Obere LG", slug="obere", is_public=True)
    create_body(kind=BodyKind.WORKING_GROUP, parent=steering, name="AG Unten", is_public=True)
    create_body(name="Andere LG", slug="andere", is_public=True)

    page = client.get("/bodies/?parent=obere").get_data(as_text=True)

    assert "Gremien unter Obere LG" in page and "AG Unten" in page
    assert "Andere LG" not in page


def test_narrowing_to_a_hidden_or_unknown_body_is_404(client, create_body):
    create_body(name="Interne LG", slug="intern")

    assert client.get("/bodies/?parent=intern").status_code == 404
    assert client.get("/bodies/?parent=gibt-es-nicht").status_code == 404


def test_a_body_page_links_to_the_rest_of_many_working_groups(client, create_body):
    steering = create_body(name="Große LG", slug="gross", is_public=True)
    _public_working_groups(create_body, steering, 12)

    page = client.get("/bodies/gross/").get_data(as_text=True)

    assert "AG 09" in page and "AG 10" not in page
    assert 'href="/bodies/?parent=gross"' in page


def test_a_long_member_list_is_paginated(client, auth, body, create_user, create_membership):
    for number in range(30):
        create_membership(create_user(name=f"Mitglied {number:02d}"), body)
    auth.login_as(create_user(role="admin"))

    first = client.get(f"/bodies/{body.slug}/").get_data(as_text=True)
    second = client.get(f"/bodies/{body.slug}/?page=2").get_data(as_text=True)

    assert "Mitglied 00" in first and "Mitglied 29" not in first
    assert "Mitglied 29" in second and "Mitglied 00" not in second
    assert f'href="/bodies/{body.slug}/?page=2#members"' in first
