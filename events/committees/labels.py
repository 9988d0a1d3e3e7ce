"""The words users see for the committees' stored choices, added to the app's one table of
labels (`events.i18n`) so that `.label` works for them like for every other choice."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from events import i18n

i18n._LABELS.update({
    ("OfficerRole", "chair"): _l("Chair"),
    ("OfficerRole", "vice_chair"): _l("Vice-chair"),
    ("OfficerRole", "secretary"): _l("Committee secretary"),
    ("OfficerRole", "technical_programme_manager"): _l("ISO technical programme manager"),
    ("OfficerRole", "editorial_manager"): _l("ISO editorial manager"),
    ("SubgroupKind", "working_group"): _l("Working group"),
    ("SubgroupKind", "joint_working_group"): _l("Joint working group"),
    ("SubgroupKind", "advisory_group"): _l("Advisory or policy group"),
    ("SubgroupKind", "task_force"): _l("Task force"),
    ("SubgroupKind", "ad_hoc_group"): _l("Ad hoc group"),
    ("ExpertStatus", "nominated"): _l("Nominated, awaiting the secretary"),
    ("ExpertStatus", "accepted"): _l("Accepted"),
    ("ExpertStatus", "declined"): _l("Declined"),
    ("LiaisonDirection", "to"): _l("Liaison committees to this committee"),
    ("LiaisonDirection", "from"): _l("Liaison committees from this committee"),
})
