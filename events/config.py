"""Configuration: defaults, then `instance/config.py`, then environment variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from events.security_headers import CONTENT_SECURITY_POLICY

SUPPORTED_LOCALES = ("en", "es", "fr", "pt")


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
        "CALENDAR_UID_DOMAIN": "plenaria.app",
        # Where the app is reached from outside: links in mails and PDFs made by the CLI.
        "BASE_URL": "http://127.0.0.1:5000",
        # Documents uploaded for agenda items (default: instance/documents).
        "DOCUMENTS_FOLDER": None,
    }


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
    "DOCUMENTS_FOLDER",
)
_ENV_BOOLS = ("MAIL_USE_TLS", "MAIL_USE_SSL", "SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE",
              "HTTPS_ONLY")
_ENV_INTS = ("MAIL_PORT",)


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
