"""Without a mail server (development), each mail is written to the log decoded, so the
confirmation link can be copied whole and works."""

from __future__ import annotations

import logging
import re

from tests.conftest import submit


def test_a_confirmation_link_from_the_log_is_whole_and_confirms(app, client, caplog):
    app.config["MAIL_SERVER"] = ""
    with caplog.at_level(logging.INFO, logger="events.outbox.delivery"):
        submit(client, "/sign-up", {
            # A long non-ASCII name: the raw MIME would be quoted-printable, lines cut by "=".
            "name": "Ngozi Adébáyọ̀-Okonkwo Oluwaseun Chukwuemeka Ọbáfẹ́mi",
            "email": "ngozi.adebayo-okonkwo@son.example.gov.ng",
            "password": "a long enough password", "confirm": "a long enough password"})
    logged = "\n".join(record.getMessage() for record in caplog.records
                       if "no MAIL_SERVER" in record.getMessage())
    assert "Subject: Confirm your email address for Plenaria" in logged
    assert "Ngozi Adébáyọ̀-Okonkwo" in logged  # decoded, not =C3=A9
    assert "=\n" not in logged and "Content-Transfer-Encoding" not in logged
    [link] = re.findall(r"http://plenaria\.test(/confirm/\S+)", logged)
    response = client.get(link)
    assert response.status_code == 302 and response.location == "/my/meetings"
