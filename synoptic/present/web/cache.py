"""Rendered pages kept in memory, under a key that digests everything they are made from.

A key never goes stale: when what a page shows changes, its key changes and the page is made anew; the
least recently used entries make room. Each app has its own ``Recent`` (``WebConfig.cache``).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

# Entries kept per app. A story page is 20-500 kB (10-50 articles), a listing 10-60 kB: at most a
# few tens of MB.
CACHE_ENTRIES = 256


class Recent:
    """The ``size`` most recently used values, each made on first demand; safe to share between threads."""

    def __init__(self, size: int = CACHE_ENTRIES) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """The value kept under ``key``, or ``make()`` kept there now (made outside the lock: it may be slow)."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._items)


def digest(*parts: Any) -> str:
    """A key for JSON-ready ``parts`` (dicts, lists, strings, numbers; anything else by its ``str``)."""
    text = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
