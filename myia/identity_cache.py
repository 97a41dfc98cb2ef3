"""A cache keyed by object identity.

For immutable keys whose hash is costly: xDSL attributes hash their parameters
again on every call, so a dictionary keyed by a deep type spent more time
hashing it than the work the cache saved. The cache holds its keys, so that an
id is not reused while it is in the cache; it is emptied when full.
"""

from __future__ import annotations

from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class IdentityCache(Generic[K, V]):
    """``key -> value`` by ``id(key)``; ``get`` answers None for a miss."""

    def __init__(self, limit: int = 1 << 16):
        self._entries: dict[int, tuple[K, V]] = {}
        self._limit = limit

    def get(self, key: K) -> V | None:
        hit = self._entries.get(id(key))
        return hit[1] if hit is not None and hit[0] is key else None

    def put(self, key: K, value: V) -> V:
        if len(self._entries) >= self._limit:
            self._entries.clear()
        self._entries[id(key)] = (key, value)
        return value
