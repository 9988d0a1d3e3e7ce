"""Rendered output kept by a key that names its content (a feed's ETag), so that a client
without a validator gets the bytes another client caused to be built. Redis when `REDIS_URL`
is set (shared by every worker and server), else a small in-process store.

Nothing here needs invalidating: the key is a digest of everything the output depends on,
so a change writes under a new key and the old entry ages out (TTL in Redis, least recently
used in memory). A Redis that fails costs a rebuild, never an error.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from typing import Protocol

import redis
from flask import current_app

log = logging.getLogger(__name__)

_EXTENSION = "plenaria.rendered_cache"
_PREFIX = "plenaria:rendered:"
TTL_SECONDS = 24 * 3600
MEMORY_ENTRIES = 256


class Store(Protocol):
    def get(self, key: str) -> bytes | None: ...

    def set(self, key: str, value: bytes) -> None: ...


class MemoryStore:
    """The newest `limit` entries of this process."""

    def __init__(self, limit: int = MEMORY_ENTRIES) -> None:
        self.limit = limit
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def set(self, key: str, value: bytes) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.limit:
                self._entries.popitem(last=False)


class RedisStore:
    def __init__(self, url: str) -> None:
        # Short timeouts: a slow cache must not make a feed slower than building it.
        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)

    def get(self, key: str) -> bytes | None:
        try:
            value = self.client.get(_PREFIX + key)
        except redis.RedisError as error:
            log.warning("rendered cache unavailable, building instead: %s", error)
            return None
        return value if isinstance(value, bytes) else None

    def set(self, key: str, value: bytes) -> None:
        try:
            self.client.set(_PREFIX + key, value, ex=TTL_SECONDS)
        except redis.RedisError as error:
            log.warning("rendered cache unavailable, not kept: %s", error)


def store() -> Store:
    """The app's store, made on first use from its configuration."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the real app
    existing = app.extensions.get(_EXTENSION)
    if existing is None:
        url = app.config.get("REDIS_URL")
        existing = RedisStore(url) if url else MemoryStore()
        app.extensions[_EXTENSION] = existing
    return existing
