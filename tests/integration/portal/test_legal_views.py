"""Impressum, privacy statement and accessibility statement with its feedback form."""

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import FeedbackMessage


@pytest.fixture
def app_config(mail_config):
    return mail_config


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/impressum", "Impressum"),
        ("/datenschutz", "Datenschutzerklärung"),
        ("/barrierefreiheit", "Erklärung zur Barrierefreiheit"),
    ],
)
def test_legal_pages_are_public(client, path, heading):
    response = client.get(path)

    assert response.status_code == 200
    assert f'<h1 class="kern-heading-large">{heading}</h1>' in response.get_data(as_text=True)


def test_the_accessibility_statement_names_the_enforcement_body(client):
    page = client.get("/barrierefreiheit").get_data(as_text=True)

    assert "BITV NRW" in page and "Ombudsstelle" in page


def test_feedback_reaches_the_admins_by_mail(client, smtp_server, create_user):
    create_user("admin", email="admin@rkn.example")
    create_user("admin", email="inaktiv@rkn.example", is_active=False)
    create_user("member", email="mitglied@rkn.example")

    response = client.post(
        "/barrierefreiheit",
        data={
            "name": "Ömer",
            "email": "oemer@example.org",
            "page": "/bodies/",
            "message": "Kontrast zu schwach",
        },
    )

    assert response.status_code == 302
    (message,) = smtp_server.wait_for(1)
    assert message["To"] == "admin@rkn.example"
    assert "Kontrast zu schwach" in message.get_body(("plain",)).get_content()
    stored = db.session.scalar(select(FeedbackMessage))
    assert stored.email == "oemer@example.org"


def test_admins_read_feedback_in_the_portal(client, auth, create_user):
    db.session.add(FeedbackMessage(message="Tabelle ohne Überschriften"))
    db.session.commit()
    auth.login_as(create_user("admin"))

    assert "Tabelle ohne Überschriften" in client.get("/admin/feedback/").get_data(as_text=True)


def test_operators_can_replace_a_legal_text(app, client, tmp_path):
    (tmp_path / "impressum.md").write_text(
        "## Kreisverwaltung Musterkreis\n\nText <script>x</script>"
    )
    app.config["PORTAL_LEGAL_DIR"] = str(tmp_path)

    page = client.get("/impressum").get_data(as_text=True)

    assert "Kreisverwaltung Musterkreis" in page and "<script>x" not in page
