"""Sending mail over SMTP (settings from the environment); without a server, to the console."""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str  # e.g. "text/calendar; method=PUBLISH"


def build_message(
    to: Iterable[str],
    subject: str,
    body: str,
    *,
    html: str | None = None,
    attachments: Iterable[Attachment] = (),
    reply_to: str | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=current_app.config["CALENDAR_UID_DOMAIN"])
    if reply_to:
        message["Reply-To"] = reply_to
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    for attachment in attachments:
        maintype, _, rest = attachment.mimetype.partition("/")
        subtype, _, params = rest.partition(";")
        message.add_attachment(
            attachment.content, maintype=maintype, subtype=subtype.strip(),
            filename=attachment.filename,
            params=dict(p.strip().split("=", 1) for p in params.split(";") if "=" in p),
        )
    return message


def _connect() -> smtplib.SMTP:
    config = current_app.config
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    smtp = smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30)
    if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
        smtp.starttls(context=ssl.create_default_context())
    if config.get("MAIL_USERNAME"):
        smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
    return smtp


def send(message: EmailMessage) -> None:
    """Deliver through MAIL_SERVER, or log the message when none is configured."""
    if not current_app.config.get("MAIL_SERVER"):
        log.info("Mail (no MAIL_SERVER set, not sent):\n%s", message.as_string())
        return
    with _connect() as smtp:
        smtp.send_message(message)


def send_all(messages: Iterable[EmailMessage]) -> int:
    """Deliver many messages over one connection (an agenda notice to 300 participants must
    not open 300). A refused recipient is logged and skipped; an unreachable server stops
    the batch and is logged, never raised: what was saved stays saved. Returns how many
    were handed to the server."""
    messages = list(messages)
    if not current_app.config.get("MAIL_SERVER"):
        for message in messages:
            send(message)
        return len(messages)
    sent = 0
    try:
        with _connect() as smtp:
            for message in messages:
                try:
                    smtp.send_message(message)
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError,
                        smtplib.SMTPSenderRefused):
                    log.warning("mail %r to %s refused", message["Subject"], message["To"])
                    continue
                sent += 1
    except (OSError, smtplib.SMTPException):
        log.exception("mail server unreachable: %d of %d messages sent", sent, len(messages))
    return sent


def send_mail(to: Iterable[str], subject: str, body: str, *, html: str | None = None,
              attachments: Iterable[Attachment] = (),
              reply_to: str | None = None) -> EmailMessage:
    message = build_message(to, subject, body, html=html, attachments=attachments,
                            reply_to=reply_to)
    send(message)
    return message
