"""GET /healthz tells load balancers whether the portal and its database work."""

from sqlalchemy import create_engine


def test_health_reports_ok_with_a_working_database(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_health_reports_503_when_the_database_is_gone(app, client, monkeypatch):
    from portal.extensions import db

    broken = create_engine("sqlite:////nonexistent-dir/never.db")
    monkeypatch.setitem(db._app_engines[app], None, broken)
    db.session.remove()

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.get_json()["status"] == "error"
