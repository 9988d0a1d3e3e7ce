"""The decisions' printed documents (roll call, resolutions, minutes) and the resolutions
feed, built from the same domain functions as their pages, through the one PDF path."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from flask_babel import gettext as _

from events.decisions import minutes as minutes_module
from events.decisions.resolutions import (
    PublishedResolutions,
    current_texts,
    label,
    record_of,
)
from events.decisions.roll_call import roll_call
from events.decisions.votes import tally, votes_of
from events.models import Event, Session
from events.reports.pdf import PdfDocument, build_document
from events.reports.pdf_context import pdf_context

ATOM = "http://www.w3.org/2005/Atom"
# Characters XML 1.0 cannot carry: text pasted from a word processor sometimes has them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def roll_call_document(event: Event, session: Session | None) -> PdfDocument:
    call = roll_call(event, session)
    title = _("Roll call – %(event)s", event=event.title)
    suffix = f"-session-{session.id}" if session else ""
    return build_document("pdf/roll_call.html", f"{event.slug}-roll-call{suffix}.pdf",
                          **pdf_context(event, title, call=call))


def resolutions_document(event: Event, published: PublishedResolutions) -> PdfDocument:
    context = pdf_context(
        event, _("Resolutions – %(event)s", event=event.title), published=published,
        texts={r.id: current_texts(r) for r in published.resolutions},
        votes=votes_of(published.resolutions), tally=tally, label=label)
    return build_document("pdf/resolutions.html", f"{event.slug}-resolutions.pdf", **context)


def minutes_document(event: Event) -> PdfDocument | None:
    record = record_of(event)
    if record is None or record.minutes_published_at is None or not record.minutes_text:
        return None
    found = minutes_module.outcome(event)
    context = pdf_context(event, _("Minutes – %(event)s", event=event.title), record=record,
                          outcome=found, texts={r.id: current_texts(r)
                                                for r in found.resolutions},
                          tally=tally, label=label)
    return build_document("pdf/minutes.html", f"{event.slug}-minutes.pdf", **context)


def resolutions_feed(event: Event, published: PublishedResolutions, page_url: str) -> bytes:
    """An Atom feed of the adopted resolutions: one entry each, its id stable across
    republications (the resolution's number), its text the English original."""
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed")

    def add(parent: ElementTree.Element, tag: str, text: str | None = None,
            **attributes: str) -> ElementTree.Element:
        element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        element.text = _NOT_XML.sub("", text) if text is not None else None
        return element

    add(feed, "id", page_url)
    add(feed, "title", _("Resolutions – %(event)s", event=event.title))
    add(feed, "link", href=page_url)
    updated = max([published.published_at, *(r.updated_at for r in published.resolutions)])
    add(feed, "updated", updated.isoformat())
    author = add(feed, "author")
    add(author, "name", event.committee.code if event.committee else event.title)
    for resolution in published.resolutions:
        entry = add(feed, "entry")
        add(entry, "id", f"{page_url}#resolution-{resolution.number}-{resolution.year}")
        add(entry, "title", f"{label(resolution)} – {resolution.title}")
        add(entry, "link", href=f"{page_url}#resolution-{resolution.number}-{resolution.year}")
        add(entry, "updated", max(published.published_at, resolution.updated_at).isoformat())
        original = current_texts(resolution).get("en")
        add(entry, "content", original.text if original else "", type="text")
    return ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)
