"""Per session, the documents whose last build failed (:mod:`app.downloads` records them, the
page says so). Its own module: the session state holds one, and imports nothing of the app."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field


@dataclass
class DownloadLog:
    """Per session: the documents whose last build failed, and why (thread-safe)."""

    #: key → (document title, reason) of the last build when it failed.
    failures: dict[str, tuple[str, str]] = field(default_factory=dict)
    made: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def end(self, key: str, title: str, reason: str | None) -> None:
        """A build of ``key`` ended: made (``reason`` None) or failed."""
        with self.lock:
            if reason is None:
                self.made += 1
                self.failures.pop(key, None)
            else:
                self.failures[key] = (title, reason)

    def failed(self) -> list[tuple[str, str]]:
        """(title, reason) of every document whose last build failed."""
        with self.lock:
            return list(self.failures.values())
