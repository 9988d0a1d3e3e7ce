"""Configuration: defaults, then `instance/config.py`, then environment variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from events.security_headers import CONTENT_SECURITY_POLICY

# ISO works in English, French and Russian; COPANT in Spanish, English and Portuguese.
SUPPORTED_LOCALES = ("en", "es", "fr", "pt", "ru")


def database_url_from_env(url: str) -> str:
    """Accept the URL forms hosting platforms hand out and pick the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def instance_secret_key(instance_path: Path) -> str:
    """Read the secret key kept in `instance/`, creating it on first run (never committed)."""
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def defaults(instance_path: Path) -> dict[str, Any]:
    return {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance_path / 'plenaria.sqlite'}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).parent / "translations"),
        "SUPPORTED_LOCALES": SUPPORTED_LOCALES,
        # A delegate may leave a long form open: the token lives as long as the session.
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
        # Mail: with no MAIL_SERVER, messages are written to the console (development).
        "MAIL_SERVER": None,
        "MAIL_PORT": 25,
        "MAIL_USERNAME": None,
        "MAIL_PASSWORD": None,
        "MAIL_USE_TLS": False,
        "MAIL_USE_SSL": False,
        "MAIL_DEFAULT_SENDER": "Plenaria <no-reply@plenaria.localhost>",
        "REDIS_URL": None,
        # Rate limits (Flask-Limiter): per client address, on sign-in, sign-up and password
        # reset requests. Storage is shared across workers only with REDIS_URL.
        "RATELIMIT_STORAGE_URI": "memory://",
        "SIGN_IN_RATE_LIMIT": "10 per minute;50 per hour",
        # Failed sign-ins (events.auth.throttle): per account typed, and per client address
        # with room for a venue's shared Wi-Fi.
        "SIGN_IN_ACCOUNT_LIMIT": "10 per hour",
        "SIGN_IN_ADDRESS_LIMIT": "100 per hour",
        # HTTPS_ONLY: Secure cookies and HSTS on every response (on in production).
        "HTTPS_ONLY": False,
        # The secretariat and whoever may read passports must sign in with a second factor.
        "TWO_FACTOR_REQUIRED": True,
        "HSTS_SECONDS": 365 * 24 * 3600,
        "CONTENT_SECURITY_POLICY": CONTENT_SECURITY_POLICY,
        # Requests to /api/v1/ per personal token (per client address without one).
        "API_RATE_LIMIT": "120 per minute;5000 per hour",
        # Redis down must not stop sign-ins: the limiter then counts in each process's memory
        # (limits still apply, per process) and goes back to Redis once it answers again.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        # A Redis that hangs instead of refusing must not hold a sign-in for long.
        "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        # /healthz answers 503 when the database is down; Redis down is only "degraded".
        "HEALTHZ_REQUIRE_REDIS": False,
        "CALENDAR_UID_DOMAIN": "plenaria.app",
        # Single sign-on: a JSON list of OpenID Connect providers (README, Single sign-on).
        "OIDC_PROVIDERS": None,
        # False: only single sign-on; no password sign-in or sign-up.
        "PASSWORD_ACCOUNTS": True,
        # Where the app is reached from outside: links in mails and PDFs made by the CLI.
        "BASE_URL": "http://127.0.0.1:5000",
        # Documents uploaded for agenda items (default: instance/documents).
        "DOCUMENTS_FOLDER": None,
        # Uploaded documents and the PDF cache: "database" (seen by every app server) or
        # "folder" (this machine's instance/). Unset: database on PostgreSQL, else folder.
        "FILE_STORAGE": None,
        # The task queue (Huey): a Redis URL shares it between machines; without one (and
        # without REDIS_URL) it lives in instance/queue.sqlite, for one machine.
        "QUEUE_URL": None,
        # Run each task at once inside the caller (tests of the pages only; never in use).
        "QUEUE_IMMEDIATE": False,
        # Tries of a mail after the first, and the wait before the first retry (doubled at
        # each one: 30 s, 1 min, 2 min, ... about 8.5 hours in all with the defaults).
        "MAIL_RETRIES": 10,
        "MAIL_RETRY_DELAY": 30,
        # Organisers' PDFs (badges, nameplates, certificates) for this many people or more
        # are made by the worker and kept for download, not rendered in the request.
        "PDF_BACKGROUND_FROM": 300,
        # Seconds an SMTP conversation may take before the try counts as failed.
        "MAIL_TIMEOUT": 30,
        # How many proxies (load balancer, nginx) stand in front: their X-Forwarded-For and
        # X-Forwarded-Proto are then trusted, so that each client has its own sign-in limit.
        "PROXY_FIX": 0,
    }


class MissingSecretKey(RuntimeError):
    """Production needs one SECRET_KEY shared by every server."""


def require_shared_secret_key(config: dict[str, Any]) -> None:
    """Refuse to start on PostgreSQL (production, where several servers share the database)
    without `SECRET_KEY`: a key generated by each server would make them reject each other's
    sessions, CSRF tokens, calendar links and badge codes. The key generated into
    `instance/` is for the embedded SQLite set-up of one server."""
    uri = str(config.get("SQLALCHEMY_DATABASE_URI") or "")
    if not config.get("SECRET_KEY") and uri.startswith("postgresql"):
        raise MissingSecretKey(
            "SECRET_KEY is not set. With PostgreSQL every app server must sign with the "
            "same key: set SECRET_KEY to one long random value (python3 -c 'import secrets; "
            "print(secrets.token_hex(32))') in the environment of every server.")


_ENV_STRINGS = (
    "SECRET_KEY",
    "MAIL_SERVER",
    "MAIL_USERNAME",
    "MAIL_PASSWORD",
    "MAIL_DEFAULT_SENDER",
    "REDIS_URL",
    "SERVER_NAME",
    "PREFERRED_URL_SCHEME",
    "CALENDAR_UID_DOMAIN",
    "BASE_URL",
    "SIGN_IN_RATE_LIMIT",
    "SIGN_IN_ACCOUNT_LIMIT",
    "SIGN_IN_ADDRESS_LIMIT",
    "API_RATE_LIMIT",
    "OIDC_PROVIDERS",
    "DOCUMENTS_FOLDER",
    "QUEUE_URL",
    "FILE_STORAGE",
    "PDF_CACHE_DIR",
)
_ENV_BOOLS = ("MAIL_USE_TLS", "MAIL_USE_SSL", "SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE",
              "HTTPS_ONLY", "PASSWORD_ACCOUNTS", "HEALTHZ_REQUIRE_REDIS", "TWO_FACTOR_REQUIRED")
_ENV_INTS = ("MAIL_PORT", "MAIL_RETRIES", "MAIL_RETRY_DELAY", "MAIL_TIMEOUT",
             "PDF_BACKGROUND_FROM", "PDF_CACHE_FILES", "PROXY_FIX")


def from_environment(environ: os._Environ[str] | dict[str, str]) -> dict[str, Any]:
    """The settings an operator passes as environment variables (see README, Configuration)."""
    settings: dict[str, Any] = {}
    # Production settings: HTTPS only unless HTTPS_ONLY says otherwise below.
    if environ.get("PLENARIA_ENV", "").strip().lower() == "production":
        settings["HTTPS_ONLY"] = True
    if environ.get("DATABASE_URL"):
        settings["SQLALCHEMY_DATABASE_URI"] = database_url_from_env(environ["DATABASE_URL"])
    for name in _ENV_STRINGS:
        if environ.get(name):
            settings[name] = environ[name]
    if environ.get("REDIS_URL"):
        settings["RATELIMIT_STORAGE_URI"] = environ["REDIS_URL"]
    for name in _ENV_BOOLS:
        if name in environ:
            settings[name] = environ[name].strip().lower() in {"1", "true", "yes", "on"}
    for name in _ENV_INTS:
        if environ.get(name):
            settings[name] = int(environ[name])
    return settings
