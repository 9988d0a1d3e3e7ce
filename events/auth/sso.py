"""Single sign-on with OpenID Connect (Authlib): which providers there are, and which account
a provider's answer signs in.

Providers come from the environment (`OIDC_PROVIDERS`, a JSON list; see README). An answer
signs in the account of its email only when the provider says the email is verified; a first
sign-in creates the account, in the organisation a claim names (its acronym) or else the one
whose mail domain the email has (the directory's email domains).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any

from authlib.integrations.flask_client import OAuth
from flask import Flask
from flask_babel import gettext as _
from sqlalchemy import select

from events.auth.accounts import create_user, find_user
from events.extensions import db
from events.models import EmailDomain, Organisation, Role, User, normalise_email, utcnow

oauth = OAuth()


@dataclass(frozen=True)
class IdentityProvider:
    name: str  # in addresses: /sign-in/sso/<name>
    label: str  # on the button: "Sign in with …"
    issuer: str
    client_id: str
    client_secret: str
    email_claim: str = "email"
    organisation_claim: str | None = None  # a claim holding the organisation's acronym
    scopes: tuple[str, ...] = ("openid", "email", "profile")


class SignInRefused(Exception):
    """The provider's answer cannot sign anyone in; the message says why, for the person."""


def parse_providers(text: str | None) -> list[IdentityProvider]:
    """`OIDC_PROVIDERS` as given: a JSON list of {name, label, issuer, client_id,
    client_secret, email_claim?, organisation_claim?, scopes?}. A mistake stops start-up with
    the reason, rather than showing a button that cannot work."""
    if not text:
        return []
    try:
        entries = json.loads(text)
        return [IdentityProvider(
            name=str(entry["name"]), label=str(entry.get("label") or entry["name"]),
            issuer=str(entry["issuer"]).rstrip("/"), client_id=str(entry["client_id"]),
            client_secret=str(entry["client_secret"]),
            email_claim=str(entry.get("email_claim") or "email"),
            organisation_claim=entry.get("organisation_claim") or None,
            scopes=tuple(entry.get("scopes") or ("openid", "email", "profile")),
        ) for entry in entries]
    except (ValueError, KeyError, TypeError) as error:
        raise ValueError(f"OIDC_PROVIDERS is not a JSON list of providers "
                         f"(name, issuer, client_id, client_secret): {error}") from error


def init_sso(app: Flask) -> None:
    providers = parse_providers(app.config.get("OIDC_PROVIDERS"))
    app.extensions["plenaria_sso"] = {provider.name: provider for provider in providers}
    oauth.init_app(app)
    for provider in providers:
        oauth.register(
            provider.name, client_id=provider.client_id, client_secret=provider.client_secret,
            server_metadata_url=f"{provider.issuer}/.well-known/openid-configuration",
            client_kwargs={"scope": " ".join(provider.scopes)})


def providers(app: Flask) -> list[IdentityProvider]:
    return list(app.extensions.get("plenaria_sso", {}).values())


def organisation_for(provider: IdentityProvider, claims: dict[str, Any],
                     email: str) -> Organisation | None:
    """The organisation named by the provider's claim, else the one of the mail domain."""
    if provider.organisation_claim and claims.get(provider.organisation_claim):
        named = db.session.scalar(select(Organisation).where(
            Organisation.acronym == str(claims[provider.organisation_claim]).strip()))
        if named is not None:
            return named
    domain = email.rpartition("@")[2]
    return db.session.scalar(select(Organisation).join(EmailDomain)
                             .where(EmailDomain.domain == domain))


def account_for(provider: IdentityProvider, claims: dict[str, Any]) -> User:
    """The account the provider's (already validated) ID token and user info sign in: linked
    by verified email, or created at the first sign-in. The caller commits."""
    email = claims.get(provider.email_claim)
    if not email or claims.get("email_verified") is not True:
        raise SignInRefused(_("%(provider)s did not confirm your email address, so Plenaria "
                              "cannot tell which account is yours. Confirm it with "
                              "%(provider)s, or sign in with your password.",
                              provider=provider.label))
    email = normalise_email(str(email))
    user = find_user(email)
    if user is None:
        name = str(claims.get("name") or email.partition("@")[0]).strip()
        user = create_user(email, name, secrets.token_urlsafe(32), Role.DELEGATE,
                           organisation_for(provider, claims, email))
    elif not user.is_active:
        raise SignInRefused(_("This account is disabled. Contact the secretariat."))
    if user.email_confirmed_at is None:  # the provider vouched for the address
        user.email_confirmed_at = utcnow()
    return user
