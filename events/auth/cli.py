"""`flask --app app users create --email E --name N --role ROLE [--org ACRONYM | --event SLUG]`
and `users grant --email E --role ROLE [--org ACRONYM | --event SLUG]`."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from events.auth.accounts import AccountError, create_user, find_user, grant_role
from events.extensions import db
from events.models import Event, Organisation, Role

users_cli = AppGroup("users", help="Manage user accounts.")


def _scope(acronym: str | None, event_slug: str | None) -> tuple[Organisation | None,
                                                                  Event | None]:
    organisation = event = None
    if acronym:
        organisation = db.session.scalar(
            select(Organisation).where(Organisation.acronym == acronym)
        )
        if organisation is None:
            raise click.ClickException(f"No organisation with the acronym {acronym!r}.")
    if event_slug:
        event = db.session.scalar(select(Event).where(Event.slug == event_slug))
        if event is None:
            raise click.ClickException(f"No event with the slug {event_slug!r}.")
    return organisation, event


@users_cli.command("create")
@click.option("--email", required=True, help="Sign-in email address.")
@click.option("--name", required=True, help="Full name, e.g. 'Ana María Pérez'.")
@click.option(
    "--role",
    type=click.Choice([role.value for role in Role]),
    default=Role.DELEGATE.value,
    show_default=True,
)
@click.option("--org", "acronym", help="Organisation acronym (focal point, organiser).")
@click.option("--event", "event_slug", help="Event slug (organiser of one event).")
def create_command(
    email: str, name: str, role: str, acronym: str | None, event_slug: str | None
) -> None:
    """Create an account. The password is read from a prompt, or from stdin when piped."""
    organisation, event = _scope(acronym, event_slug)
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\n")
    try:
        user = create_user(email, name, password, Role(role), organisation, event)
        db.session.commit()
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    click.echo(f"Created {Role(role).value} account {user.email}.")


@users_cli.command("grant")
@click.option("--email", required=True, help="The account's sign-in email address.")
@click.option("--role", required=True,
              type=click.Choice([role.value for role in Role if role is not Role.DELEGATE]))
@click.option("--org", "acronym", help="Organisation acronym (its hosted and organised events).")
@click.option("--event", "event_slug", help="Event slug (this meeting only).")
def grant_command(email: str, role: str, acronym: str | None, event_slug: str | None) -> None:
    """Give an existing account a role, e.g. door staff of one meeting (audit-logged)."""
    organisation, event = _scope(acronym, event_slug)
    user = find_user(email)
    if user is None:
        raise click.ClickException(f"No account for {email}.")
    try:
        grant_role(user, Role(role), organisation=organisation, event=event)
        db.session.commit()
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    click.echo(f"{user.email} is now {Role(role).value}"
               f"{' of ' + (event.slug if event else acronym or '') if event or acronym else ''}.")
