"""What ``kim-portal check-config`` reports."""

from __future__ import annotations

import smtplib
from urllib.parse import urlsplit

import redis
from flask import Flask
from sqlalchemy.engine import make_url

from portal.services.health import database_ok


def _masked(url: str) -> str:
    """Mask the password in a Redis URL."""
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return url


def check_configuration(app: Flask) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """Return (problems, warnings, facts) about the configuration, passwords masked."""
    config = app.config
    problems: list[str] = []
    warnings: list[str] = []
    url = make_url(config["SQLALCHEMY_DATABASE_URI"])
    facts = [
        ("environment", config["PORTAL_ENV"]),
        ("database", url.render_as_string(hide_password=True)),
        ("base URL", config["PORTAL_BASE_URL"]),
        (
            "mail",
            f"{config['SMTP_HOST']}:{config['SMTP_PORT']}" if config["MAIL_ENABLED"] else "off",
        ),
        ("redis", _masked(config["REDIS_URL"]) if config["REDIS_URL"] else "not used"),
    ]
    if not database_ok():
        problems.append("the database does not answer")
    if config["PORTAL_ENV"] == "production":
        if url.get_backend_name() == "sqlite":
            problems.append("production should run on PostgreSQL (DATABASE_URL)")
        if not config["SESSION_COOKIE_SECURE"]:
            problems.append("cookies are not Secure: serve over HTTPS (PORTAL_BASE_URL https://)")
        if len(config["SECRET_KEY"]) < 32:
            problems.append("SECRET_KEY is shorter than 32 characters")
    if config["REDIS_URL"]:
        try:
            redis.Redis.from_url(config["REDIS_URL"], socket_timeout=5).ping()
        except redis.RedisError as exc:
            problems.append(f"Redis does not answer ({exc.__class__.__name__})")
    if config["MAIL_ENABLED"]:
        try:
            with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=5) as smtp:
                smtp.noop()
        except (OSError, smtplib.SMTPException) as exc:
            (problems if config["PORTAL_ENV"] == "production" else warnings).append(
                f"the mail server does not answer ({exc.__class__.__name__})"
            )
    return problems, warnings, facts
