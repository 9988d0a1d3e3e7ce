"""The translated labels of the decisions' stored choices, added to the app's table of enum
labels (events/i18n.py) from here, so that this capability's words stay in its package."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from events.i18n import _LABELS

_LABELS.update({
    ("ResolutionStatus", "draft"): _l("Draft"),
    ("ResolutionStatus", "adopted"): _l("Adopted"),
    ("ResolutionStatus", "withdrawn"): _l("Withdrawn"),
    ("DecisionMethod", "consensus"): _l("By consensus"),
    ("DecisionMethod", "vote"): _l("By vote"),
    ("VoteChoice", "yes"): _l("Yes"),
    ("VoteChoice", "no"): _l("No"),
    ("VoteChoice", "abstain"): _l("Abstain"),
    ("BallotChannel", "head_of_delegation"): _l("Cast by the head of delegation"),
    ("BallotChannel", "called_out"): _l("Called out in the room"),
    ("MajorityRule", "simple"): _l("Simple majority of the P-members voting"),
    ("MajorityRule", "two_thirds"): _l("Two thirds of the P-members voting"),
})
