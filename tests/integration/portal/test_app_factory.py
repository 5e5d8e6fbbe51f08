"""The application factory: configuration from the environment, overridden by the caller."""

from portal import create_app


def test_create_app_takes_overrides_as_config(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path))

    app = create_app(
        config={"SQLALCHEMY_DATABASE_URI": "sqlite://", "PORTAL_OPERATOR_NAME": "Kreis Kleve"}
    )

    assert app.config["PORTAL_OPERATOR_NAME"] == "Kreis Kleve"
    assert (tmp_path / "secret_key").exists()
