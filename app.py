"""Plenaria's application factory: `flask --app app run`, `flask --app app db upgrade`, …"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from flask import Flask, render_template
from flask_babel import gettext as _
from sqlalchemy import event as sa_event
from sqlalchemy.engine import Engine
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from events import config as settings
from events.extensions import babel, csrf, db, limiter, login_manager, migrate
from events.transactions import begin_statement, begin_write, register_busy_handler


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app. Settings: defaults, `instance/config.py`, environment, then `config`."""
    # INSTANCE_PATH: each server of a deployment may keep its own folder (config.py, caches).
    app = Flask(__name__, instance_relative_config=True,
                instance_path=os.environ.get("INSTANCE_PATH") or None)
    instance_path = Path(app.instance_path)
    app.config.from_mapping(settings.defaults(instance_path))
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_mapping(settings.from_environment(os.environ))
    if config:
        app.config.from_mapping(config)
    settings.require_shared_secret_key(app.config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = settings.instance_secret_key(instance_path)
    if app.config.get("PROXY_FIX"):
        hops = int(app.config["PROXY_FIX"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops,  # type: ignore[method-assign]
                                x_host=hops)

    _init_extensions(app)
    _register_blueprints(app)
    _register_cli(app)
    _register_template_helpers(app)
    _register_error_pages(app)
    return app


def _init_extensions(app: Flask) -> None:
    from events.audit import log as audit_log
    from events.i18n import select_locale, select_timezone
    from events.routing import CONVERTERS

    app.url_map.converters.update(CONVERTERS)
    app.url_map.strict_slashes = False
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path) / "migrations"),
                     compare_type=True, render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = None
    login_manager.session_protection = "basic"
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    audit_log.install()
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            _configure_sqlite(db.engine)
            register_busy_handler(app)
    _init_queue(app)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("events").setLevel(logging.INFO)
    # WeasyPrint reports each rendering step and fontTools each subset at INFO: too chatty.
    for noisy in ("weasyprint.progress", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _init_queue(app: Flask) -> None:
    from events import tasks

    tasks.init_app(app)
    import events.background  # noqa: F401  (declares every task and job with the queue)


def _configure_sqlite(engine: Engine) -> None:
    """Foreign keys on, WAL so readers do not block the writer, and explicit BEGIN so that a
    transaction holds its lock from the start (pysqlite otherwise defers it)."""

    @sa_event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @sa_event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        # A transaction that may write takes the write lock at once (events.transactions):
        # two workers can then not both read "one place left" and both take it, and a read
        # never has to upgrade to a write (which WAL refuses when another commit came first).
        connection.exec_driver_sql(begin_statement(connection))


def _register_blueprints(app: Flask) -> None:
    from events.api import init_api
    from events.api.token_views import bp as api_tokens_bp
    from events.api.webhook_pages import bp as webhook_pages_bp
    from events.attendance.views import bp as attendance_bp
    from events.audit.views import bp as audit_bp
    from events.auth.account_views import bp as account_security_bp
    from events.auth.sso import init_sso
    from events.auth.sso_views import bp as sso_bp
    from events.auth.two_factor_views import bp as two_factor_bp
    from events.auth.views import bp as auth_bp
    from events.calendar.views import bp as calendar_bp
    from events.committees.views import bp as committees_bp
    from events.decisions.views import bp as decisions_bp
    from events.deliveries.outbox_views import bp as outbox_bp
    from events.directory.views import bp as directory_bp
    from events.meetings.agenda_editor_views import bp as agenda_editor_bp
    from events.meetings.manage_views import bp as manage_bp
    from events.meetings.views import bp as meetings_bp
    from events.prep.views import bp as prep_bp
    from events.privacy.views import bp as privacy_bp
    from events.registration.views import bp as registration_bp
    from events.reports.jobs_views import bp as jobs_bp
    from events.reports.views import bp as reports_bp

    app.register_blueprint(meetings_bp)
    app.register_blueprint(manage_bp)
    app.register_blueprint(agenda_editor_bp)
    app.register_blueprint(directory_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(account_security_bp)
    app.register_blueprint(two_factor_bp)
    app.register_blueprint(calendar_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(attendance_bp)
    app.register_blueprint(prep_bp)
    app.register_blueprint(registration_bp)
    app.register_blueprint(outbox_bp)
    app.register_blueprint(jobs_bp)
    app.register_blueprint(committees_bp)
    app.register_blueprint(api_tokens_bp)
    app.register_blueprint(webhook_pages_bp)
    app.register_blueprint(sso_bp)
    init_sso(app)
    init_api(app)
    app.register_blueprint(audit_bp)
    app.register_blueprint(privacy_bp)
    app.register_blueprint(decisions_bp)

    @app.get("/healthz")
    def healthz() -> tuple[dict[str, Any], int]:
        from events.health import health_report

        return health_report()


def _register_cli(app: Flask) -> None:
    from events.api.cli import webhooks_cli
    from events.attendance.cli import attendance_cli
    from events.auth.cli import users_cli
    from events.backup.cli import backup_cli
    from events.committees.cli import committees_cli
    from events.demo.cli import demo_cli
    from events.directory.cli import orgs_cli
    from events.registration.cli import registration_cli
    from events.reports.cli import reports_cli
    from events.tasks.cli import worker_command

    app.cli.add_command(users_cli)
    app.cli.add_command(orgs_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(reports_cli)
    app.cli.add_command(attendance_cli)
    app.cli.add_command(registration_cli)
    app.cli.add_command(worker_command)
    app.cli.add_command(committees_cli)
    app.cli.add_command(webhooks_cli)
    app.cli.add_command(backup_cli)


def _register_template_helpers(app: Flask) -> None:
    from flask_login import current_user

    from events import geo, listing, security_headers, timefmt
    from events.auth.permissions import can
    from events.i18n import LANGUAGE_NAMES, chosen_language, current_language
    from events.models import utcnow
    from events.text import script_attributes

    app.jinja_env.globals.update(
        can=can,
        current_language=current_language,
        utcnow=utcnow,
        country_name=geo.country_name,
        country_region=geo.country_region,
        language_names=LANGUAGE_NAMES,
        url_with=listing.url_with,
    )
    app.jinja_env.filters.update(
        day_range=timefmt.format_day_range,
        time_range=timefmt.format_time_range,
        local_time=timefmt.format_time,
        local_datetime=timefmt.format_datetime,
        local_date=timefmt.format_date,
        zone_label=timefmt.zone_label,
        script_attributes=script_attributes,
    )

    @app.before_request
    def remember_language_of_account() -> None:
        """A signed-in person who picks a language gets their mails in it from now on.
        Saved before the view runs, so nothing of the view's is committed with it."""
        lang = chosen_language()
        if lang and current_user.is_authenticated and current_user.language != lang:
            begin_write()
            current_user.language = lang
            db.session.commit()

    @app.after_request
    def remember_language(response: Any) -> Any:
        lang = chosen_language()
        if lang:
            response.set_cookie("lang", lang, max_age=365 * 24 * 3600, samesite="Lax")
        return response

    security_headers.init_app(app)


def _register_error_pages(app: Flask) -> None:
    from events.auth import throttle

    messages = {
        400: lambda: _("The request could not be understood. Go back and try again."),
        403: lambda: _("You do not have access to this page. If you think you should, "
                       "ask the meeting's organisers or your NSB's focal point."),
        404: lambda: _("There is no page at this address. It may have moved, or the meeting "
                       "may not be published yet."),
        405: lambda: _("This address does not accept that kind of request."),
        413: lambda: _("The file is too large."),
        429: throttle.wait_message,
    }

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        message = messages.get(code, lambda: error.description or "")()
        return render_template("errors/error.html", code=code, message=message), code

    @app.errorhandler(500)
    def server_error(_error: Exception) -> tuple[str, int]:
        db.session.rollback()
        message = _("Something went wrong on our side. Nothing you entered was saved; "
                    "please try again in a moment.")
        return render_template("errors/error.html", code=500, message=message), 500
