"""Access tokens for the HTTP API: who may do more than read.

Only a SHA-256 hash of each token is stored, in a small JSON file; the token itself is shown once,
when it is made. A lookup compares the hash of the presented token with every stored hash in
constant time. The file is read again when it changes, so a token made or revoked with
`kennisgraaf token` works without restarting the server.
"""

import hashlib
import hmac
import json
import os
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from graaf.storage.errors import GraafError


class Role(StrEnum):
    """What a caller may do. Without a token (or signed out) a caller is a reader."""

    READER = "lezer"
    CONTRIBUTOR = "bijdrager"
    EDITOR = "redacteur"
    ADMIN = "beheerder"

    @property
    def may_write(self) -> bool:
        """Change the graph directly (and approve what a contributor proposes)."""
        return self in (Role.EDITOR, Role.ADMIN)

    @property
    def may_propose(self) -> bool:
        """Propose a change in the browser, which an editor approves or sends back."""
        return self is not Role.READER

    @property
    def may_administer(self) -> bool:
        """Drop whole graphs (undo an import) and make snapshots: more than an editor may."""
        return self is Role.ADMIN


class TokenFileError(GraafError, code="tokenbestand"):
    """The token file cannot be read or written."""


@dataclass(frozen=True)
class TokenRecord:
    """A stored token: its id (the start of its hash, to name it), hash, role, name and creation time."""

    id: str
    hash: str
    role: Role
    name: str
    created: str

    @property
    def actor(self) -> str:
        """Who wrote, in the write log and PROV: the token's id, never the token."""
        return f"token:{self.id}"

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "hash": self.hash, "rol": self.role.value, "naam": self.name, "gemaakt": self.created}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class TokenStore:
    """The tokens in one JSON file. A missing file means: no tokens, so nobody may write."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._records: list[TokenRecord] = []
        self._stamp: tuple[int, int] | None = None
        self._lock = threading.Lock()

    def records(self) -> list[TokenRecord]:
        with self._lock:
            self._reload()
            return list(self._records)

    def role_for(self, token: str) -> Role | None:
        """The role of a presented token, or None when it is not known."""
        record = self.record_for(token)
        return None if record is None else record.role

    def record_for(self, token: str) -> TokenRecord | None:
        """The record of a presented token (its id and name say who writes), or None when it is not known."""
        digest = _hash(token)
        found: TokenRecord | None = None
        for record in self.records():
            # Compare with every record, so the time taken does not tell how many matched or where.
            if hmac.compare_digest(record.hash, digest):
                found = record
        return found

    def make(self, role: Role, name: str = "") -> tuple[str, TokenRecord]:
        """A new random token (returned once, never stored) and its record."""
        token = secrets.token_urlsafe(32)
        digest = _hash(token)
        record = TokenRecord(digest[:8], digest, role, name, datetime.now(UTC).isoformat(timespec="seconds"))
        with self._lock:
            self._reload()
            self._write([*self._records, record])
        return token, record

    def revoke(self, token_id: str) -> bool:
        with self._lock:
            self._reload()
            kept = [r for r in self._records if r.id != token_id]
            if len(kept) == len(self._records):
                return False
            self._write(kept)
            return True

    def _reload(self) -> None:
        if self.path is None:
            return
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            self._records, self._stamp = [], None
            return
        stamp = (stat.st_mtime_ns, stat.st_size)
        if stamp == self._stamp:
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self._records = [
                TokenRecord(r["id"], r["hash"], Role(r["rol"]), r.get("naam", ""), r.get("gemaakt", ""))
                for r in data.get("tokens", [])
            ]
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise TokenFileError(f"Het tokenbestand '{self.path}' is niet te lezen: {error}") from error
        self._stamp = stamp

    def _write(self, records: list[TokenRecord]) -> None:
        if self.path is None:
            raise TokenFileError("Er is geen tokenbestand ingesteld (KENNISGRAAF_TOKENS_PATH).")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"tokens": [r.as_dict() for r in records]}, indent=2, ensure_ascii=False) + "\n"
        # Write a new file and move it into place, so a reading server never sees half a file.
        partial = self.path.with_name(self.path.name + ".nieuw")
        partial.write_text(text, encoding="utf-8")
        os.chmod(partial, 0o600)
        partial.replace(self.path)
        self._records = records
        stat = self.path.stat()
        self._stamp = (stat.st_mtime_ns, stat.st_size)
