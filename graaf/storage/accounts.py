"""Accounts of people who sign in with a browser: invitations, passwords, sessions and a lockout.

Why a JSON file next to the store (`<opslag>.accounts.json`) and not triples: accounts are not
knowledge, must never be exported with the graph, and `kennisgraaf gebruiker` must be able to invite
someone while `kennisgraaf serve` holds the store's lock. The file is read again when it changes (as
the token file), so an invitation made on the command line works at once, and several server
processes share the sessions. It holds no secret in the clear: passwords as Argon2id hashes
(argon2-cffi, the library OWASP and the Python cryptography community point to), invitation and
session tokens as SHA-256 hashes. Only a user name, a display name, a role and an organisation are
kept about a person: nothing about families ever comes here.
"""

import hashlib
import hmac
import json
import re
import secrets
import threading
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from graaf.storage.errors import Unprocessable
from graaf.storage.private_files import held, write_private
from graaf.storage.tokens import Role

USER_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
MIN_PASSWORD = 10
_HASHER = PasswordHasher()
# Each Argon2 check takes 64 MiB and most of a core on purpose; without a bound, a burst of sign-in
# attempts (which need no account) fills the memory and stalls every other request.
_HASHING = threading.BoundedSemaphore(2)
# All clients together may try one user name this often in 15 minutes before it waits: a looser
# bound than the one per client, so one stranger cannot lock an editor out, and many together barely.
_TRIES_PER_NAME = 100


class AccountError(Unprocessable, code="account"):
    """An account cannot be made, found or changed; the message says why in Dutch."""


@dataclass(frozen=True)
class Account:
    """A person who may sign in: what they may do (role) and for which organisation they speak."""

    user: str
    name: str
    role: Role
    organisation: str  # IRI of an org:Organization in the graph
    password_hash: str = ""
    created: str = ""

    @property
    def actor_id(self) -> str:
        """Who wrote, in the write log and PROV: the user name, never the password or a token."""
        return f"gebruiker:{self.user}"


@dataclass(frozen=True)
class Invitation:
    hash: str
    user: str
    expires: str


@dataclass(frozen=True)
class SessionRecord:
    hash: str
    user: str
    expires: str


@dataclass
class _Data:
    accounts: dict[str, Account] = field(default_factory=dict)
    invitations: list[Invitation] = field(default_factory=list)
    sessions: list[SessionRecord] = field(default_factory=list)
    key: str = ""  # for pseudonyms in PROV; random, made once, never shown


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _expired(expires: str, now: datetime) -> bool:
    return datetime.fromisoformat(expires) <= now


class SignIn:
    """The outcome of a sign-in: the account, or why not (a wrong pair, or too many tries)."""

    def __init__(self, account: Account | None, locked: bool = False) -> None:
        self.account = account
        self.locked = locked


class AccountStore:
    """Accounts, invitations and sessions in one JSON file; without a file (a store in memory) in memory only."""

    def __init__(
        self,
        path: Path | None,
        *,
        session_hours: float = 8.0,
        tries_per_quarter: int = 5,
    ) -> None:
        self.path = path
        self.session_hours = session_hours
        self._data = _Data()
        self._stamp: tuple[int, int, int] | None = None
        self._lock = threading.Lock()
        # Wrong passwords per user name and client in a moving window of 15 minutes (the `limits` library, as the
        # anonymous request limits): after that, even the right password waits until the window moves.
        self._tries = MovingWindowRateLimiter(MemoryStorage())
        self._rule = RateLimitItemPerMinute(tries_per_quarter, 15)
        self._name_rule = RateLimitItemPerMinute(max(_TRIES_PER_NAME, tries_per_quarter), 15)

    # -- invitations ---------------------------------------------------------------------------

    def invite(self, user: str, name: str, role: Role, organisation: str, days: float = 7) -> str:
        """Make (or renew) an account that waits for its password; returns the one-time invitation token."""
        if not USER_NAME.match(user):
            raise AccountError(
                f"'{user}' is geen geldige gebruikersnaam. Gebruik 2 tot 40 kleine letters, cijfers, punten of "
                "streepjes, zonder e-mailadres, bijvoorbeeld 'anna.devries'."
            )
        if not name.strip():
            raise AccountError("Geef een naam op, zoals de persoon hem op het scherm wil zien.")
        token = secrets.token_urlsafe(32)
        expires = _stamp(_now() + timedelta(days=days))
        with self._changing():
            data = self._load()
            old = data.accounts.get(user)
            data.accounts[user] = Account(
                user, name.strip(), role, organisation, old.password_hash if old else "", _stamp(_now())
            )
            data.invitations = [i for i in data.invitations if i.user != user]
            data.invitations.append(Invitation(_hash(token), user, expires))
            self._save(data)
        return token

    def invitation(self, token: str) -> Account | None:
        """The account an invitation is for, if the token is known and not expired."""
        with self._lock:
            data = self._load()
            found = self._find_invitation(data, token)
            return data.accounts.get(found.user) if found else None

    def accept(self, token: str, password: str) -> Account:
        """Set the password of an invited account; the invitation can be used only once.

        A new password ends every session the account had: a renewed invitation is how a lost laptop or
        a leaked password is dealt with, and the old sessions must not outlive it."""
        check_password(password)
        with self._changing():
            data = self._load()
            found = self._find_invitation(data, token)
            if found is None or found.user not in data.accounts:
                raise AccountError("Deze uitnodiging is onbekend, al gebruikt of verlopen. Vraag een nieuwe.")
            with _HASHING:
                account = replace(data.accounts[found.user], password_hash=_HASHER.hash(password))
            data.accounts[found.user] = account
            data.invitations = [i for i in data.invitations if i is not found]
            data.sessions = [s for s in data.sessions if s.user != found.user]
            self._save(data)
            return account

    def _find_invitation(self, data: _Data, token: str) -> Invitation | None:
        digest, now, found = _hash(token), _now(), None
        for invitation in data.invitations:
            if hmac.compare_digest(invitation.hash, digest) and not _expired(invitation.expires, now):
                found = invitation
        return found

    # -- sign in and sessions --------------------------------------------------------------------

    def sign_in(self, user: str, password: str, client: str = "") -> SignIn:
        """Check a user name and password; after too many wrong tries the name waits 15 minutes.

        Wrong tries count per name and client address, so someone else's guessing does not lock a
        person out; a looser count per name over all clients stops guessing from many addresses.
        """
        key = user.strip().lower()
        if not self._tries.test(self._rule, "wachtwoord", key, client) or not self._tries.test(
            self._name_rule, "naam", key
        ):
            return SignIn(None, locked=True)
        with self._lock:
            account = self._load().accounts.get(key)
        with _HASHING:
            if account is None or not account.password_hash:
                _HASHER.hash(password)  # as slow as a real check, so timing does not tell which names exist
                right = False
            else:
                try:
                    right = _HASHER.verify(account.password_hash, password)
                except (VerificationError, InvalidHashError):
                    right = False
        if not right or account is None:
            self._tries.hit(self._rule, "wachtwoord", key, client)
            self._tries.hit(self._name_rule, "naam", key)
            return SignIn(None)
        return SignIn(account)

    def start_session(self, account: Account) -> str:
        """A new session for a signed-in account; the token goes into the cookie, only its hash is kept."""
        token = secrets.token_urlsafe(32)
        now = _now()
        with self._changing():
            data = self._load()
            data.sessions = [s for s in data.sessions if not _expired(s.expires, now)]
            data.sessions.append(SessionRecord(_hash(token), account.user, _stamp(now + self._lifetime())))
            self._save(data)
        return token

    def session(self, token: str) -> tuple[Account | None, bool]:
        """The account of a session token, and whether the token was known but has expired."""
        digest, now = _hash(token), _now()
        with self._lock:
            data = self._load()
            for record in data.sessions:
                if hmac.compare_digest(record.hash, digest):
                    if _expired(record.expires, now):
                        return None, True
                    return data.accounts.get(record.user), False
        return None, False

    def end_session(self, token: str) -> None:
        digest = _hash(token)
        with self._changing():
            data = self._load()
            kept = [s for s in data.sessions if not hmac.compare_digest(s.hash, digest)]
            if len(kept) != len(data.sessions):
                data.sessions = kept
                self._save(data)

    def expire_sessions(self, user: str) -> None:
        """Let every session of a user run out now (used when an account is removed, and by tests)."""
        past = _stamp(_now() - timedelta(seconds=1))
        with self._changing():
            data = self._load()
            data.sessions = [replace(s, expires=past) if s.user == user else s for s in data.sessions]
            self._save(data)

    def _lifetime(self) -> timedelta:
        return timedelta(hours=self.session_hours)

    # -- administration ----------------------------------------------------------------------------

    def accounts(self) -> list[Account]:
        with self._lock:
            return sorted(self._load().accounts.values(), key=lambda a: a.user)

    def get(self, user: str) -> Account | None:
        with self._lock:
            return self._load().accounts.get(user)

    def remove(self, user: str) -> bool:
        with self._changing():
            data = self._load()
            if data.accounts.pop(user, None) is None:
                return False
            data.sessions = [s for s in data.sessions if s.user != user]
            data.invitations = [i for i in data.invitations if i.user != user]
            self._save(data)
            return True

    # -- who the graph names ----------------------------------------------------------------------

    def pseudonym(self, actor: str) -> str:
        """The opaque id PROV in the graph gives a person, 'gebruiker:<16 hex>'.

        The graph is readable by anyone through /sparql, and a login name is half of what signing in
        needs; so the graph names an HMAC of the actor id under a key of this account file. The same
        person always gets the same id, so the lab can still count who contributed what."""
        with self._changing():
            data = self._load()
            if not data.key:
                data.key = secrets.token_hex(32)
                self._save(data)
            digest = hmac.new(bytes.fromhex(data.key), actor.encode("utf-8"), hashlib.sha256).hexdigest()
        return f"gebruiker:{digest[:16]}"

    # -- the file -----------------------------------------------------------------------------------

    def _changing(self) -> AbstractContextManager[None]:
        """One read-change-write at a time, in this process and between processes (private_files.held).

        A read takes only the thread lock: every write moves a whole new file into place, so a reader
        never sees half of one, and a page view does not wait for another process.
        """
        return held(self.path, self._lock) if self.path is not None else self._lock

    def _load(self) -> _Data:
        if self.path is None:
            return self._data
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            self._data, self._stamp = _Data(), None
            return self._data
        # The inode as well: every write moves a new file into place, so a change within the same tick of
        # the clock and of the same size is still seen.
        stamp = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        if stamp != self._stamp:
            self._data, self._stamp = _read(self.path), stamp
        return self._data

    def _save(self, data: _Data) -> None:
        self._data = data
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        body = {
            "accounts": [{**asdict(a), "role": a.role.value} for a in data.accounts.values()],
            "invitations": [asdict(i) for i in data.invitations],
            "sessions": [asdict(s) for s in data.sessions],
            "sleutel": data.key,
        }
        # A new file moved into place: a reading server never sees half of it.
        write_private(self.path, json.dumps(body, indent=2, ensure_ascii=False) + "\n")
        stat = self.path.stat()
        self._stamp = (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def _read(path: Path) -> _Data:
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        accounts = {a["user"]: Account(**{**a, "role": Role(a["role"])}) for a in body.get("accounts", [])}
        return _Data(
            accounts,
            [Invitation(**i) for i in body.get("invitations", [])],
            [SessionRecord(**s) for s in body.get("sessions", [])],
            str(body.get("sleutel", "")),
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise AccountError(f"Het bestand met accounts '{path}' is niet te lezen: {error}") from error


def check_password(password: str) -> None:
    """At least 10 characters, as the length is what makes a password strong (NIST SP 800-63B)."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"Kies een wachtwoord van minstens {MIN_PASSWORD} tekens. Een korte zin is goed.")
