"""Proposals: what a contributor typed, waiting for an editor, kept outside the graph until approved.

A proposal is not knowledge yet, so it is not in the graph where SPARQL and exports would show it.
Each one is a small JSON file in `<opslag>.voorstellen/` (in memory for a store in memory), written
by moving a new file into place. Every change of state is a compare-and-set under a lock that holds
between processes too (`serve --workers N`, graaf.storage.private_files.held): of two
editors who approve the same proposal, or two tabs that submit the same form, only the first one
acts; the second is told what happened instead.
"""

import json
import secrets
import threading
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from graaf.storage.errors import NotFound
from graaf.storage.private_files import held, write_private

DRAFT, SUBMITTED, SENT_BACK, APPROVED, UNDONE = "concept", "ingediend", "teruggestuurd", "goedgekeurd", "ongedaan"


class ProposalNotFound(NotFound, code="voorstel-niet-gevonden"):
    """No proposal with this id, or it was already handled."""


@dataclass(frozen=True)
class Proposal:
    """One contribution on its way in. `target` and `version` are set for an edit of something that exists."""

    id: str
    kind: str
    values: dict[str, list[str]]
    author: str  # actor id, such as 'gebruiker:anna'
    author_name: str
    organisation: str
    created: str
    nonce: str
    status: str = DRAFT
    target: str = ""
    version: str = ""
    comment: str = ""
    reviewer: str = ""
    reviewed: str = ""
    graph: str = ""
    before: str = ""  # an edit: the N-Quads of the thing before, so an undo can put them back
    after: str = ""  # an edit: the version it left, so an undo after a later edit is refused
    history: list[dict[str, str]] = field(default_factory=list)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class ProposalStore:
    """Proposals in a directory of JSON files; without one, in memory."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self._memory: dict[str, Proposal] = {}
        self._lock = threading.Lock()

    def create(
        self,
        kind: str,
        values: dict[str, list[str]],
        *,
        author: str,
        author_name: str,
        organisation: str,
        nonce: str,
        target: str = "",
        version: str = "",
    ) -> Proposal:
        """A new draft; the same form sent twice (same nonce, same author) gives back the first draft."""
        with self._changing():
            for existing in self._all():
                if existing.nonce == nonce and existing.author == author:
                    return existing
            proposal = Proposal(
                datetime.now(UTC).strftime("%Y%m%d") + "-" + secrets.token_hex(4),
                kind,
                values,
                author,
                author_name,
                organisation,
                _now(),
                nonce,
                target=target,
                version=version,
            )
            self._put(proposal)
            return proposal

    def get(self, ref: str) -> Proposal:
        with self._lock:
            found = self._read(ref)
        if found is None:
            raise ProposalNotFound(f"Er is geen voorstel '{ref}'.")
        return found

    def move(self, ref: str, allowed: tuple[str, ...], status: str, by: str, **changes: str) -> tuple[bool, Proposal]:
        """Go to `status` only from one of `allowed`; (False, as it is) when someone else was first."""
        with self._changing():
            found = self._read(ref)
            if found is None:
                raise ProposalNotFound(f"Er is geen voorstel '{ref}'.")
            if found.status not in allowed:
                return False, found
            step = {
                "status": status,
                "door": by,
                "tijd": _now(),
                **({"opmerking": changes["comment"]} if "comment" in changes else {}),
            }
            moved = replace(found, status=status, history=[*found.history, step], **changes)  # type: ignore[arg-type]
            self._put(moved)
            return True, moved

    def listing(self, *statuses: str, author: str | None = None) -> list[Proposal]:
        with self._lock:
            found = [p for p in self._all() if (not statuses or p.status in statuses)]
        if author is not None:
            found = [p for p in found if p.author == author]
        return sorted(found, key=lambda p: p.created, reverse=True)

    def _changing(self) -> AbstractContextManager[None]:
        """One compare-and-set at a time, in this process and between processes (private_files.held).

        A read takes only the thread lock: every write moves a whole new file into place, so a reader
        never sees half of one, and a page view does not wait for another process.
        """
        return held(self.directory, self._lock) if self.directory is not None else self._lock

    def _all(self) -> list[Proposal]:
        if self.directory is None:
            return list(self._memory.values())
        if not self.directory.exists():
            return []
        return [p for p in (self._read(f.stem) for f in self.directory.glob("*.json")) if p is not None]

    def _read(self, ref: str) -> Proposal | None:
        if self.directory is None:
            return self._memory.get(ref)
        if not ref.replace("-", "").isalnum():
            return None
        path = self.directory / f"{ref}.json"
        try:
            return Proposal(**json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None

    def _put(self, proposal: Proposal) -> None:
        if self.directory is None:
            self._memory[proposal.id] = proposal
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{proposal.id}.json"
        write_private(path, json.dumps(asdict(proposal), ensure_ascii=False, indent=1))
