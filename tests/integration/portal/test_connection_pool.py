"""Pooled PostgreSQL connections that died while idle are replaced before a request uses them."""

import psycopg
import pytest
from sqlalchemy import text

from portal.extensions import db
from tests.conftest import TEST_DATABASE_URL


def _kill(backend_pid: int) -> None:
    """End a server process from outside the pool, as a server restart would."""
    url = TEST_DATABASE_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (backend_pid,))


@pytest.mark.postgres
@pytest.mark.parametrize("app_config", [{"DATABASE_PING_AFTER_IDLE_SECONDS": 0}])
def test_a_connection_killed_while_idle_is_replaced_before_the_request(app, client):
    backend_pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar()
    db.session.close()  # the connection goes back to the pool
    _kill(backend_pid)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}
    assert db.session.execute(text("SELECT pg_backend_pid()")).scalar() != backend_pid


@pytest.mark.postgres
@pytest.mark.parametrize("app_config", [{"DATABASE_PING_AFTER_IDLE_SECONDS": 3600}])
def test_a_connection_back_in_the_pool_moments_ago_is_used_untested(app):
    backend_pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar()
    db.session.close()
    _kill(backend_pid)

    with pytest.raises(Exception, match="terminat|closed|connection"):
        db.session.execute(text("SELECT 1"))
    db.session.rollback()  # SQLAlchemy now refills the pool
