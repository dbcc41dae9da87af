"""Files only this user may read (accounts, proposals, the CSRF secret), written whole or not at all."""

import os
import secrets
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
