"""Every response carries the security headers; forms need a CSRF token."""

import pytest


@pytest.mark.parametrize("path", ["/login", "/healthz", "/bodies/", "/does-not-exist"])
def test_security_headers_on_every_response(client, path):
    headers = client.get(path).headers

    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "object-src 'none'" in csp
    assert "base-uri 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    secure = client.get("/login", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_pages_have_no_inline_script(client):
    page = client.get("/login").get_data(as_text=True)

    assert "<script>" not in page and "onclick" not in page


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


def test_a_form_without_csrf_token_is_refused(client, create_user):
    user = create_user(password=True)

    response = client.post("/login", data={"email": user.email, "password": "x" * 12})

    assert response.status_code == 400
    assert "Formular" in response.get_data(as_text=True)


def test_logout_without_csrf_token_is_refused(client, auth, create_user):
    auth.login_as(create_user())

    assert client.post("/logout").status_code == 400
    assert client.get("/").status_code == 200


def test_request_bodies_are_limited(app, client):
    limit = app.config["MAX_CONTENT_LENGTH"]

    response = client.post("/login", data={"email": "a@b.de", "password": "x" * (limit + 1)})

    assert response.status_code == 413
