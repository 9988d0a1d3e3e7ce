"""What an organiser is told when a document has nothing in it yet: what is missing and what
to do, the same words on the page the hub links to and in `flask reports pdf`."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from events.models import Event


@dataclass(frozen=True)
class EmptyDocument:
    missing: str  # what the document would be made of, and is not there
    next_step: str  # what to do so that it is

    @property
    def sentence(self) -> str:
        return f"{self.missing} {self.next_step}"


def empty_document(event: Event, kind: str) -> EmptyDocument:
    """The explanation for the `kind` of document (a key of `pdf_documents.DOCUMENTS`)."""
    approve = _("Approve registrations on the Registrations page, then print again.")
    explanations = {
        "badges": lambda: EmptyDocument(
            _("There are no badges to print yet: no registration for %(event)s is approved.",
              event=event.title), approve),
        "nameplates": lambda: EmptyDocument(
            _("There are no nameplates to print yet: no delegation to %(event)s is "
              "approved.", event=event.title), approve),
        "certificates": lambda: EmptyDocument(
            _("There are no certificates to print yet: no attendance at %(event)s is "
              "recorded.", event=event.title),
            _("Check people in at the door, or import the attendance list of the online "
              "meeting, then print again.")),
        "invitation-letters": lambda: EmptyDocument(
            _("There are no invitation letters to print: no approved delegate of %(event)s "
              "asked for one.", event=event.title),
            _("Delegates ask for a letter on the registration form; it can be printed once "
              "their registration is approved.")),
    }
    explain = explanations.get(kind)
    if explain is None:
        return EmptyDocument(_("There is nothing to print yet for %(event)s.",
                               event=event.title), "")
    return explain()
