"""At most a few exports at once, for a server that anyone may ask for a download.

Every export reads from its own copy of the store (graaf.export.reading): a snapshot directory on
disk, or a copy in memory. Without a limit, many downloads at once, or a few slow ones, make as many
copies. A slot is taken before an export starts; when none is free the caller says "try again later"
(HTTP 503 with Retry-After) instead of making one more copy. The slot is given back when the export
ends, fails, or is dropped without being read (a client that went away before the first byte).
"""

import threading
from collections.abc import Iterator

from graaf.storage.errors import Unavailable

RETRY_AFTER_S = 30


class ExportBusy(Unavailable, code="bezig"):
    """Every slot is in use."""


class Slot:
    """One running export's place; giving it back twice gives it back once."""

    def __init__(self, free: threading.BoundedSemaphore) -> None:
        self._free = free
        self._lock = threading.Lock()
        self._held = True

    def release(self) -> None:
        with self._lock:
            if not self._held:
                return
            self._held = False
        self._free.release()


class ExportSlots:
    """A fixed number of slots, taken without waiting: a full server answers at once."""

    def __init__(self, size: int) -> None:
        self._free = threading.BoundedSemaphore(size)

    def take(self) -> Slot:
        if not self._free.acquire(blocking=False):
            raise ExportBusy(
                f"Er lopen nu al te veel downloads tegelijk. Probeer het over {RETRY_AFTER_S} seconden opnieuw."
            )
        return Slot(self._free)


class SlotStream(Iterator[bytes]):
    """The chunks of one export, holding its slot until they end, fail, are closed, or are dropped."""

    def __init__(self, chunks: Iterator[bytes], slot: Slot) -> None:
        self._chunks = chunks
        self._slot = slot

    def __next__(self) -> bytes:
        try:
            return next(self._chunks)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        try:
            close = getattr(self._chunks, "close", None)
            if close is not None:
                close()
        finally:
            self._slot.release()

    def __del__(self) -> None:
        # The web server does not close an iterator whose client went away: the garbage collector does.
        self.close()
