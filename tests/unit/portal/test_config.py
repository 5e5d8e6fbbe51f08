"""Configuration comes from the environment, strict in production."""

import pytest

from portal.config import ConfigError, load_config, normalise_database_url


@pytest.mark.parametrize(
    "url",
    ["postgres://u@h/db", "postgresql://u@h/db", "postgresql+psycopg://u@h/db"],
)
def test_postgres_urls_use_psycopg3(url):
    assert normalise_database_url(url) == "postgresql+psycopg://u@h/db"


def test_without_environment_the_portal_uses_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    for name in ("DATABASE_URL", "SECRET_KEY", "PORTAL_ENV", "PORTAL_BASE_URL"):
        monkeypatch.delenv(name, raising=False)

    config = load_config(tmp_path)

    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'portal.db'}"
    assert (tmp_path / "secret_key").read_text() == config["SECRET_KEY"]
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"
    assert load_config(tmp_path)["SECRET_KEY"] == config["SECRET_KEY"]


def test_production_requires_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("PORTAL_BASE_URL", "https://kim.example")
    monkeypatch.delenv("SECRET_KEY", raising=False)

    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config(tmp_path)
    assert not (tmp_path / "secret_key").exists()


def test_https_base_url_makes_cookies_secure(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_BASE_URL", "https://kim.example")
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)

    config = load_config(tmp_path)

    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_malformed_numbers_are_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("SMTP_PORT", "fünfundzwanzig")

    with pytest.raises(ConfigError, match="SMTP_PORT"):
        load_config(tmp_path)


def test_the_request_limit_follows_the_largest_paper(tmp_path, monkeypatch):
    monkeypatch.setenv("ATTACHMENT_MAX_BYTES", str(5 * 1024 * 1024))
    monkeypatch.delenv("MAX_CONTENT_LENGTH", raising=False)

    config = load_config(tmp_path)

    assert config["ATTACHMENT_MAX_BYTES"] == 5 * 1024 * 1024
    assert config["MAX_CONTENT_LENGTH"] == 6 * 1024 * 1024


def test_a_paper_limit_below_one_byte_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("ATTACHMENT_MAX_BYTES", "0")

    with pytest.raises(ConfigError, match="ATTACHMENT_MAX_BYTES"):
        load_config(tmp_path)


def test_the_page_store_defaults_to_16_mib_and_zero_turns_it_off(tmp_path, monkeypatch):
    monkeypatch.delenv("PAGE_CACHE_BYTES", raising=False)
    assert load_config(tmp_path)["PAGE_CACHE_BYTES"] == 16 * 1024 * 1024

    monkeypatch.setenv("PAGE_CACHE_BYTES", "0")
    assert load_config(tmp_path)["PAGE_CACHE_BYTES"] == 0


@pytest.mark.parametrize("value", ["-1", "viel"])
def test_a_negative_or_unreadable_page_store_size_is_refused(tmp_path, monkeypatch, value):
    monkeypatch.setenv("PAGE_CACHE_BYTES", value)

    with pytest.raises(ConfigError, match="PAGE_CACHE_BYTES"):
        load_config(tmp_path)


def test_forwarded_proposals_are_overdue_after_28_days_unless_configured(tmp_path, monkeypatch):
    monkeypatch.delenv("PROPOSAL_SCHEDULE_DAYS", raising=False)
    assert load_config(tmp_path)["PROPOSAL_SCHEDULE_DAYS"] == 28

    monkeypatch.setenv("PROPOSAL_SCHEDULE_DAYS", "14")
    assert load_config(tmp_path)["PROPOSAL_SCHEDULE_DAYS"] == 14


@pytest.mark.parametrize("value", ["-1", "vier Wochen"])
def test_a_negative_or_unreadable_scheduling_allowance_is_refused(tmp_path, monkeypatch, value):
    monkeypatch.setenv("PROPOSAL_SCHEDULE_DAYS", value)

    with pytest.raises(ConfigError, match="PROPOSAL_SCHEDULE_DAYS"):
        load_config(tmp_path)
