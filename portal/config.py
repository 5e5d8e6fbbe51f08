"""Configuration built from environment variables.

Without any variable set the portal runs on an embedded SQLite database in the instance folder,
with a secret key generated once and kept there. ``PORTAL_ENV=production`` turns the defaults
strict: ``SECRET_KEY`` and ``PORTAL_BASE_URL`` must then come from the environment.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path


class ConfigError(RuntimeError):
    """The configuration cannot run the portal."""


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _instance_secret_key(instance_path: Path) -> str:
    """Read the secret key kept in the instance folder, creating it on first use."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def normalise_database_url(url: str) -> str:
    """Make ``postgres://`` and ``postgresql://`` URLs use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_config(instance_path: Path) -> dict:
    """Return the configuration from the environment, with defaults for local use."""
    env = os.environ.get("PORTAL_ENV", "development")
    production = env == "production"

    secret_key = os.environ.get("SECRET_KEY")
    if not secret_key:
        if production:
            raise ConfigError("SECRET_KEY must be set when PORTAL_ENV=production")
        secret_key = _instance_secret_key(instance_path)

    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'portal.db'}"
    base_url = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:5000").rstrip("/")
    if production and not os.environ.get("PORTAL_BASE_URL"):
        raise ConfigError("PORTAL_BASE_URL must be set when PORTAL_ENV=production")
    secure_cookies = _env_bool("SESSION_COOKIE_SECURE", base_url.startswith("https://"))
    attachment_max_bytes = _env_int("ATTACHMENT_MAX_BYTES", 25 * 1024 * 1024)
    if attachment_max_bytes < 1:
        raise ConfigError(f"ATTACHMENT_MAX_BYTES must be at least 1, got {attachment_max_bytes}")
    page_cache_bytes = _env_int("PAGE_CACHE_BYTES", 16 * 1024 * 1024)
    if page_cache_bytes < 0:
        raise ConfigError(f"PAGE_CACHE_BYTES must be 0 or more, got {page_cache_bytes}")
    proposal_schedule_days = _env_int("PROPOSAL_SCHEDULE_DAYS", 28)
    if proposal_schedule_days < 0:
        raise ConfigError(f"PROPOSAL_SCHEDULE_DAYS must be 0 or more, got {proposal_schedule_days}")
    statistics_min_cases = _env_int("STATISTICS_MIN_CASES", 3)
    if statistics_min_cases < 1:
        raise ConfigError(f"STATISTICS_MIN_CASES must be at least 1, got {statistics_min_cases}")
    mail_max_attempts = _env_int("MAIL_MAX_ATTEMPTS", 10)
    if mail_max_attempts < 1:
        raise ConfigError(f"MAIL_MAX_ATTEMPTS must be at least 1, got {mail_max_attempts}")

    return {
        "PORTAL_ENV": env,
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        # A pooled connection idle this long is tested before use (portal.db.ping_idle_connections).
        "DATABASE_PING_AFTER_IDLE_SECONDS": _env_int("DATABASE_PING_AFTER_IDLE_SECONDS", 10),
        "PORTAL_BASE_URL": base_url,
        "PREFERRED_URL_SCHEME": "https" if base_url.startswith("https://") else "http",
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        "SMTP_HOST": os.environ.get("SMTP_HOST", "localhost"),
        "SMTP_PORT": _env_int("SMTP_PORT", 25),
        "SMTP_USERNAME": os.environ.get("SMTP_USERNAME") or None,
        "SMTP_PASSWORD": os.environ.get("SMTP_PASSWORD") or None,
        "SMTP_STARTTLS": _env_bool("SMTP_STARTTLS", False),
        "SMTP_SENDER": os.environ.get("SMTP_SENDER", "KIM-Portal <kim-portal@localhost>"),
        # Off: mail is still queued in the outbox but closed unsent, never delivered later.
        "MAIL_ENABLED": _env_bool("MAIL_ENABLED", True),
        # Tries per message (pauses of 1, 2, 4, ... minutes, at most 6 hours) before giving up.
        "MAIL_MAX_ATTEMPTS": mail_max_attempts,
        # Largest uploaded file (paper, attachment, any version of one) accepted, in bytes.
        "ATTACHMENT_MAX_BYTES": attachment_max_bytes,
        # The content of uploaded files, by SHA-256 (portal.blobstore); shared by all hosts.
        "FILE_STORAGE_PATH": os.environ.get("FILE_STORAGE_PATH") or str(instance_path / "files"),
        # k: every published count rests on at least this many cases (portal.statistics).
        "STATISTICS_MIN_CASES": statistics_min_cases,
        # The body whose chairs triage interface observations (the procedure working group).
        "STATISTICS_TRIAGE_BODY": os.environ.get("STATISTICS_TRIAGE_BODY", "ag-verfahrensebene"),
        # A request may be a little larger than the largest paper (the form's other fields and
        # the multipart framing), so a file just over the limit gets the upload form's message.
        "MAX_CONTENT_LENGTH": _env_int("MAX_CONTENT_LENGTH", attachment_max_bytes + 1024 * 1024),
        "SESSION_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_NAME": "kim_session",
        # The session guard rewrites the cookie when it records activity (once a minute), so
        # Flask need not re-sign it on every response.
        "SESSION_REFRESH_EACH_REQUEST": False,
        # The portal's own idle and absolute limits (checked on every request) govern sessions.
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=_env_int("SESSION_ABSOLUTE_HOURS", 12)),
        "SESSION_IDLE_MINUTES": _env_int("SESSION_IDLE_MINUTES", 60),
        "SESSION_ABSOLUTE_HOURS": _env_int("SESSION_ABSOLUTE_HOURS", 12),
        "LOGIN_THROTTLE_ACCOUNT": _env_int("LOGIN_THROTTLE_ACCOUNT", 5),
        "LOGIN_THROTTLE_ADDRESS": _env_int("LOGIN_THROTTLE_ADDRESS", 20),
        "LOGIN_THROTTLE_WINDOW_MINUTES": _env_int("LOGIN_THROTTLE_WINDOW_MINUTES", 15),
        "PASSWORD_RESET_MAX_AGE_MINUTES": _env_int("PASSWORD_RESET_MAX_AGE_MINUTES", 60),
        "INVITATION_MAX_AGE_DAYS": _env_int("INVITATION_MAX_AGE_DAYS", 7),
        "TRUSTED_PROXIES": _env_int("TRUSTED_PROXIES", 0),
        "BABEL_DEFAULT_LOCALE": "de",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Berlin",
        "PORTAL_LOCALES": ("de", "en"),
        "PORTAL_OPERATOR_NAME": os.environ.get("PORTAL_OPERATOR_NAME", "Rhein-Kreis Neuss"),
        "PORTAL_OPERATOR_ADDRESS": os.environ.get(
            "PORTAL_OPERATOR_ADDRESS", "Oberstraße 91, 41460 Neuss"
        ),
        "PORTAL_OPERATOR_EMAIL": os.environ.get(
            "PORTAL_OPERATOR_EMAIL", "kim@rhein-kreis-neuss.example"
        ),
        "PORTAL_OPERATOR_PHONE": os.environ.get("PORTAL_OPERATOR_PHONE", "02131 928-0"),
        "PORTAL_LEGAL_DIR": os.environ.get("PORTAL_LEGAL_DIR") or None,
        # Bytes of rendered pages each process keeps (portal.page_cache); 0 turns it off.
        "PAGE_CACHE_BYTES": page_cache_bytes,
        #: Days a forwarded proposal may wait for the steering group's agenda before it is listed
        #: as overdue (``meetings.proposal_flow.is_overdue``).
        "PROPOSAL_SCHEDULE_DAYS": proposal_schedule_days,
    }
