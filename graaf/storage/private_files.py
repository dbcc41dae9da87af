"""Files only this user may read (accounts, proposals, the CSRF secret), written whole or not at all.

A file that is read, changed and written back (accounts, a proposal) is changed under `held`: the
server, its other processes (`serve --workers N`) and `kennisgraaf gebruiker` may all change it at
once, and without a lock between processes the later write silently drops the earlier one.
"""

import fcntl
import os
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def write_private(path: Path, text: str) -> None:
    """Write `text` to a new file with mode 0600 from its first byte, then move it into place.

    Writing first and calling chmod after leaves a moment in which the umask's mode (often readable
    by everyone) applies; a reader then sees no half file either, since the move is atomic.
    """
    # A name of its own per write: two writers never share a half-written file.
    partial = path.with_name(f"{path.name}.{secrets.token_hex(4)}.nieuw")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
    partial.replace(path)


@contextmanager
def held(path: Path, thread_lock: threading.Lock) -> Iterator[None]:
    """Hold `thread_lock` and an exclusive lock on `<path>.lock` (between processes) for one change.

    flock is released when the descriptor closes, also when the process dies, so a killed writer
    never leaves the file locked.
    """
    with thread_lock:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)
