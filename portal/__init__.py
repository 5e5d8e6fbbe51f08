"""KIM-Portal: the governance portal of the Kommunales Integrationsmanagement."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, Response, render_template
from flask_babel import get_locale, gettext
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.middleware.proxy_fix import ProxyFix

from portal import labels, logredact, notifications, page_cache, security
from portal.config import load_config
from portal.data_version import track_writes
from portal.db import configure_sqlite, ping_idle_connections
from portal.errors import PortalError
from portal.extensions import babel, csrf, db, login_manager
from portal.filetypes import size_text, type_label
from portal.i18n import (
    N_,
    de_date,
    de_datetime,
    install_template_gettext,
    select_locale,
)
from portal.markup import render_markdown
from portal.passwords import MIN_LENGTH
from portal.permissions import Action, can
from portal.urls import template_url_for, url_pattern

_PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """Find a top-level folder (templates, migrations): in the wheel it sits inside the package."""
    packaged = _PACKAGE_DIR / name
    return packaged if packaged.is_dir() else _PACKAGE_DIR.parent / name


def create_app(config: dict | None = None) -> Flask:
    """Create and configure the portal application; ``config`` overrides the environment."""
    instance_path = os.environ.get("PORTAL_INSTANCE_PATH")
    app = Flask(
        __name__,
        template_folder=str(resource_dir("templates")),
        instance_path=instance_path,
        instance_relative_config=True,
    )
    app.config.update(load_config(Path(app.instance_path)))
    if config:
        app.config.update(config)

    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    logredact.install(app.logger.name, *logredact.LOGGERS)
    _init_extensions(app)
    security.init_app(app)
    _register_blueprints(app)
    _register_error_handlers(app)
    _register_template_helpers(app)
    app.after_request(close_unsent_body)

    from portal.cli import register_commands

    register_commands(app)
    return app


def init_migrations(app: Flask) -> None:
    """Set up Flask-Migrate (Alembic) for the app.

    Only the command line and tests migrate, so web workers never import Alembic: that keeps
    about 11 MiB out of every worker.
    """
    from flask_migrate import Migrate

    Migrate(app, db, directory=str(resource_dir("migrations")), render_as_batch=True)


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            configure_sqlite(db.engine)
        else:
            ping_idle_connections(db.engine, app.config["DATABASE_PING_AFTER_IDLE_SECONDS"])
        track_writes(db.engine)
    page_cache.init_app(app)
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(_PACKAGE_DIR / "translations"),
    )
    # After Flask-Babel's own: the same catalogue, looked up once per request.
    install_template_gettext(app.jinja_env)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    # Kept as the msgid and translated when flashed, in the visitor's language.
    login_manager.login_message = N_("Bitte melden Sie sich an, um diese Seite zu sehen.")
    login_manager.localize_callback = gettext
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # sessions are guarded by portal.security

    from portal.views.auth import load_user

    login_manager.user_loader(load_user)
    notifications.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from portal.statistics import views as statistics
    from portal.views import admin, audit, auth, bodies, dashboard, health, legal, profile

    for module in (admin, audit, auth, bodies, dashboard, health, legal, profile, statistics):
        app.register_blueprint(module.bp)
    # The areas built on the core: imported here only, so portal/ never imports them at load.
    from meetings import views as meetings
    from meetings.views import ballots, calendar, decisions, proposals

    app.register_blueprint(meetings.bp)
    app.register_blueprint(calendar.bp)
    app.register_blueprint(proposals.bp)
    app.register_blueprint(ballots.bp)
    app.register_blueprint(decisions.bp)

    from documents import views as documents

    app.register_blueprint(documents.bp)


def close_unsent_body(response: Response) -> Response:
    """Close the file of a ``304`` answer, which sends no body.

    ``send_file`` opens the file before the conditional check; for "not modified" Werkzeug then
    drops the body without closing it, and the file stays open until the garbage collector
    finds it (a ``ResourceWarning`` in whatever runs then). Static files are asked for
    conditionally all the time.
    """
    if response.status_code == 304:
        body = response.response
        close = getattr(body, "close", None)
        if close is not None:
            close()
        response.response = []
    return response


def _register_error_handlers(app: Flask) -> None:
    @app.errorhandler(PortalError)
    def handle_portal_error(error: PortalError):
        return _render_error(error.status_code, str(error) if error.args else "")

    @app.errorhandler(CSRFError)
    def handle_csrf_error(_error: CSRFError):
        message = _(
            "Das Formular war zu lange geöffnet oder wurde nicht vom Portal gesendet. "
            "Bitte laden Sie die Seite neu und senden Sie es noch einmal."
        )
        return _render_error(400, message)

    @app.errorhandler(RequestEntityTooLarge)
    def handle_too_large(_error: RequestEntityTooLarge):
        message = _(
            "Eine Datei darf höchstens %(size)s groß sein. Bitte verkleinern Sie die Datei "
            "(zum Beispiel als PDF mit geringerer Bildauflösung) und laden Sie sie erneut hoch.",
            size=size_text(app.config["ATTACHMENT_MAX_BYTES"]),
        )
        return _render_error(413, message)

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException):
        return _render_error(error.code or 500, "")


def _render_error(status: int, message: str):
    return render_template("errors/error.html", status=status, message=message), status


def _register_template_helpers(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals.update(
        can=can,
        Action=Action,
        labels=labels,
        current_locale=lambda: str(get_locale()),
        min_password_length=MIN_LENGTH,
        url_for=template_url_for(app),
        url_pattern=url_pattern,
    )
    app.jinja_env.filters.update(
        de_datetime=de_datetime,
        de_date=de_date,
        markdown=render_markdown,
        file_size=size_text,
        file_type=type_label,
    )
