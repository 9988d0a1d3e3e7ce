"""The decisions of the demo's 34th ISO/CASCO Plenary: a roll call computed from its
attendance, one NSB taking part by correspondence, a handful of adopted resolutions (one by a
recorded vote), a withdrawn draft, and the minutes. The texts are invented."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from events.decisions import minutes, resolutions, votes
from events.decisions.roll_call import record_correspondence, roll_call
from events.extensions import db
from events.models import (
    AgendaItem,
    BallotChannel,
    DecisionMethod,
    Document,
    Event,
    Resolution,
    VoteChoice,
)

PLENARY_2019 = "casco-plenary-2019"
# (title, text, French text, agenda item title, documents)
ADOPTED = (
    ("Adoption of the agenda",
     "ISO/CASCO adopts the agenda of its 34th plenary meeting as given in CASCO N 1201.",
     "L'ISO/CASCO adopte l'ordre du jour de sa 34e réunion plénière tel qu'il figure dans "
     "le CASCO N 1201.",
     "Adoption of the agenda", ("CASCO N 1201",)),
    ("Priority Achievement Plan",
     "ISO/CASCO endorses its Priority Achievement Plan (CASCO N 1211) and asks its "
     "Secretariat to report on its progress at the next plenary meeting.",
     "L'ISO/CASCO approuve son plan de réalisation des priorités (CASCO N 1211) et demande à "
     "son secrétariat de rendre compte de son avancement à la prochaine réunion plénière.",
     "Priority Achievement Plan", ("CASCO N 1211",)),
    ("Participation of developing countries",
     "ISO/CASCO thanks COPANT for its proposal (CASCO N 1213) and establishes a task force to "
     "improve the remote participation of developing countries in its working groups.",
     "L'ISO/CASCO remercie la COPANT de sa proposition (CASCO N 1213) et crée un groupe de "
     "travail chargé d'améliorer la participation à distance des pays en développement.",
     "Participation of developing countries in CASCO", ("CASCO N 1213",)),
    ("Thanks to the host",
     "ISO/CASCO thanks the Kenya Bureau of Standards (KEBS) for hosting its 34th plenary "
     "meeting in Nairobi.",
     "L'ISO/CASCO remercie le Kenya Bureau of Standards (KEBS) d'avoir accueilli sa 34e "
     "réunion plénière à Nairobi.",
     "Close of the meeting", ()),
)
VOTED = ("Roadmap for CASCO normative documents",
         "ISO/CASCO approves the roadmap for its normative documents (CASCO N 1212), with the "
         "revision of ISO/IEC 17025 to start in 2020.",
         "L'ISO/CASCO approuve la feuille de route de ses documents normatifs (CASCO N 1212), "
         "la révision de l'ISO/IEC 17025 devant commencer en 2020.",
         "Roadmap for CASCO normative documents", ("CASCO N 1212",))
WITHDRAWN = ("Date of the next meeting",
             "ISO/CASCO will hold its 35th plenary meeting in Geneva in May 2020.")
# Every eighth P-member present says no, every fifth abstains, the others say yes.
NO_EVERY, ABSTAIN_EVERY = 8, 5


def load_decisions(event: Event) -> None:
    """Once: a second load leaves what the first made (and what organisers changed)."""
    if db.session.scalar(select(Resolution.id).where(Resolution.event_id == event.id)):
        return
    items = {item.title: item.id for item in db.session.scalars(
        select(AgendaItem).where(AgendaItem.event_id == event.id))}
    documents = {d.reference: d.id for d in db.session.scalars(
        select(Document).where(Document.committee_id == event.committee_id))}
    decided = event.ends_at - timedelta(hours=1)

    def drafted(spec: tuple[str, str, str, str, tuple[str, ...]]) -> Resolution:
        title, text, french, item, references = spec
        resolution = resolutions.draft(
            event, title, text, by=None, agenda_item_ids=[items[item]] if item in items else [],
            document_ids=[documents[r] for r in references if r in documents])
        resolutions.edit(resolution, by=None, texts={"fr": french})
        return resolution

    for spec in ADOPTED:
        resolutions.adopt(drafted(spec), DecisionMethod.CONSENSUS, by=None, now=decided)

    roadmap = drafted(VOTED)
    closing = event.sessions[-1] if event.sessions else None
    vote = votes.open_vote(roadmap, closing, by=None)
    call = votes.voters(vote)
    for index, line in enumerate(line for line in call.p_members if line.present):
        choice = (VoteChoice.NO if index % NO_EVERY == NO_EVERY - 1 else
                  VoteChoice.ABSTAIN if index % ABSTAIN_EVERY == ABSTAIN_EVERY - 1 else
                  VoteChoice.YES)
        votes.cast(vote, line.organisation, choice, by=None, channel=BallotChannel.CALLED_OUT,
                   call=call)
    votes.close_vote(vote, by=None, now=decided)

    title, text = WITHDRAWN
    resolutions.withdraw(resolutions.draft(event, title, text, by=None), by=None, now=decided)

    absent = [line for line in roll_call(event).p_members if not line.present]
    if absent:
        record_correspondence(
            event, absent[0].organisation,
            "Written comments on CASCO N 1211 and N 1212, sent instead of attending: supports "
            "the Priority Achievement Plan; asks for the roadmap to give transition periods.",
            by=None, document_id=None)

    # Published within the 48 hours and the 4 weeks of the Directives.
    resolutions.publish(event, by=None, now=event.ends_at + timedelta(hours=20))
    minutes.save(event, minutes.draft_text(event), by=None)
    minutes.publish(event, by=None, now=event.ends_at + timedelta(weeks=3))
