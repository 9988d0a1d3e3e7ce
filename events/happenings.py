"""What happened at a meeting (an agenda published, attendance imported), told to whoever
listens: the webhooks (`events.api.webhooks`) subscribe. A capability that has news calls
`tell` once its change is committed; it never imports its listeners, so the arrows run from
the listeners to it."""

from __future__ import annotations

from typing import Any

from blinker import Namespace
from flask import current_app

from events.models import Event

_signals = Namespace()
# Sent with `topic`, `event` and `data` (a dict for the receivers).
happened = _signals.signal("meeting-happened")


def tell(topic: str, event: Event, data: dict[str, Any] | None = None) -> None:
    # The real app, not the proxy (Flask types current_app as the app itself).
    happened.send(current_app._get_current_object(),  # type: ignore[attr-defined]
                  topic=topic, event=event, data=data or {})
