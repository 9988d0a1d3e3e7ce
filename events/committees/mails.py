"""Mails of the expert nominations: the committee secretary is told of a nomination to decide,
the focal point who nominated of the decision. Each written in its recipient's language and
put in the outbox in the same transaction as the nomination or decision (the caller commits;
the worker delivers)."""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from events.auth.permissions import current_officer_ids
from events.extensions import db
from events.i18n import by_language, in_language
from events.mail import build_message
from events.models import OfficerRole, SubgroupExpert, User
from events.outbox.writing import queue_mails


def _secretaries(expert: SubgroupExpert) -> list[User]:
    ids = current_officer_ids(expert.subgroup.committee, OfficerRole.SECRETARY)
    return list(db.session.scalars(select(User).where(
        User.person_id.in_(ids), User.active.is_(True)).order_by(User.email)))


def nomination_made(expert: SubgroupExpert) -> int:
    """Tell the committee secretary that a nomination waits for a decision; returns the
    number of mails put in the outbox."""
    subgroup = expert.subgroup
    context = {"expert": expert, "group": subgroup, "committee": subgroup.committee,
               "decide_url": url_for("committees.nominations", committee=subgroup.committee,
                                     _external=True)}
    messages = []
    for language, recipients in by_language(
            (user.email, user.language) for user in _secretaries(expert)).items():
        with in_language(language):
            messages.append(build_message(
                recipients, _("To decide: %(name)s nominated to %(group)s",
                              name=expert.person.full_name, group=subgroup.code),
                render_template("committees/mail/nominated.txt", **context)))
    return queue_mails(messages, kind="nomination_made")


def nomination_decided(expert: SubgroupExpert) -> int:
    """Tell the focal point who nominated the expert what the secretary decided."""
    nominator = expert.nominated_by_user
    if nominator is None or not nominator.active:
        return 0
    subgroup = expert.subgroup
    context = {"expert": expert, "group": subgroup, "committee": subgroup.committee,
               "group_url": url_for("committees.subgroup_page", committee=subgroup.committee,
                                    subgroup=subgroup, _external=True)}
    with in_language(nominator.language):
        message = build_message(
            [nominator.email],
            _("Nomination to %(group)s: %(name)s, %(status)s", group=subgroup.code,
              name=expert.person.full_name, status=expert.status.label),
            render_template("committees/mail/decided.txt", **context))
    return queue_mails([message], kind="nomination_decided")
