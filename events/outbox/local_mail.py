"""Mail as a developer reads it when no mail server is set: the headers and the text decoded,
links whole. The raw MIME (quoted-printable) splits long lines with a trailing "=", so a
confirmation link copied from it is broken."""

from __future__ import annotations

from email.message import EmailMessage


def readable(message: EmailMessage) -> str:
    """The mail's From, To, Subject and text parts decoded; attachments named, not shown."""
    lines = [f"{name}: {message[name]}" for name in ("From", "To", "Subject", "Date")
             if message[name]]
    lines.append("")
    for part in message.walk():
        if part.is_multipart():
            continue
        filename = part.get_filename()
        if filename or part.get_content_maintype() != "text":
            lines.append(f"[attached: {filename or 'unnamed'} ({part.get_content_type()})]")
        elif part.get_content_subtype() == "plain":
            assert isinstance(part, EmailMessage)
            lines.append(part.get_content().rstrip("\n"))
        else:  # an HTML alternative says the same as the text part
            lines.append(f"[{part.get_content_type()} version not shown]")
    return "\n".join(lines)
