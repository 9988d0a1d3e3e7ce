"""Writing mail messages. They are not sent from here: `events.outbox.writing.queue_mail`
puts them in the outbox, and the worker delivers them (`events.outbox.delivery`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app


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
