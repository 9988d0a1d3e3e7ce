"""Real SMTP servers for the outbox tests: the tests' mailbox with or without SMTPUTF8, a
server that refuses everything (554), and a port where nothing listens."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aiosmtpd.controller import Controller
from flask import Flask

from tests.conftest import Mailbox


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Refusing:
    """A mail server that refuses every message, as one out of service answers."""

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        return "554 5.3.0 service unavailable"


@contextmanager
def mail_server(app: Flask, handler: Any, *, smtputf8: bool = False,
                port: int | None = None) -> Iterator[Controller]:
    """Start a real SMTP server and point the app at it until the block ends."""
    controller = Controller(handler, hostname="127.0.0.1", port=port or free_port(),
                            enable_SMTPUTF8=smtputf8)
    controller.start()
    previous = app.config["MAIL_SERVER"], app.config["MAIL_PORT"]
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    try:
        yield controller
    finally:
        app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = previous
        controller.stop()


@contextmanager
def no_mail_server(app: Flask) -> Iterator[int]:
    """Point the app at a port where nothing listens (a mail server that is down)."""
    port = free_port()
    previous = app.config["MAIL_SERVER"], app.config["MAIL_PORT"]
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        yield port
    finally:
        app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = previous


__all__ = ["Mailbox", "Refusing", "free_port", "mail_server", "no_mail_server"]
