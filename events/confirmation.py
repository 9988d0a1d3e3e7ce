"""Asking before an action that cannot be undone (cancelling a registration, deleting a
session…), in a way that works without JavaScript.

The action's form posts as usual; until it carries `confirmed=yes` the view answers with a
page that states what will happen and offers the same form with that field added. A small
script (static/js/plenaria.js) asks in the browser instead and adds the field itself.
"""

from __future__ import annotations

from flask import render_template, request


def confirmation_page(question: str, confirm_label: str, back_url: str,
                      details: str | None = None) -> str | None:
    """None when the posted form is confirmed; otherwise the page asking `question`."""
    if request.form.get("confirmed") == "yes":
        return None
    fields = {name: value for name, value in request.form.items()
              if name not in ("csrf_token", "confirmed")}
    return render_template("confirm.html", question=question, details=details,
                           confirm_label=confirm_label, back_url=back_url, fields=fields,
                           action=request.full_path.rstrip("?"))
