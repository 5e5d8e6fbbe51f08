"""The application factory: configuration from the environment, overridden by the caller."""

from portal import create_app


def test_create_app_takes_overrides_as_config(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path))

    app = create_app(
        config={"SQLALCHEMY_DATABASE_URI": "sqlite://", "PORTAL_OPERATOR_NAME": "Kreis Kleve"}
    )

    assert app.config["PORTAL_OPERATOR_NAME"] == "Kreis Kleve"
    assert (tmp_path / "secret_key").exists()


def test_a_static_file_not_modified_leaves_no_file_open(client):
    """A 304 sends no body; the file send_file opened for it is closed at once, not by the GC.

    Left open, it surfaced as a ResourceWarning (an error here) in whichever test ran next.
    """
    import gc

    first = client.get("/static/favicon.svg")
    etag = first.headers["ETag"]
    first.close()

    response = client.get("/static/favicon.svg", headers={"If-None-Match": etag})

    assert response.status_code == 304
    del response
    gc.collect()
