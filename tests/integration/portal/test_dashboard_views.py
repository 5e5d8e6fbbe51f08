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
