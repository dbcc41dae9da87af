"""Sign-in rules of the account store itself: who gets locked out by whose wrong passwords."""

import multiprocessing
from pathlib import Path

from graaf.storage.accounts import AccountStore
from graaf.storage.tokens import Role

PASSWORD = "een lange zin als wachtwoord"


def test_wrong_tries_from_one_client_do_not_lock_the_name_for_another(tmp_path: Path) -> None:
    store = AccountStore(tmp_path / "accounts.json", tries_per_quarter=3)
    store.accept(store.invite("ed", "Ed", Role.EDITOR, "alliantie-van-kracht"), PASSWORD)
    for _ in range(3):
        assert store.sign_in("ed", "fout", client="203.0.113.9").account is None
    stranger = store.sign_in("ed", PASSWORD, client="203.0.113.9")
    assert stranger.locked and stranger.account is None  # the guesser waits, even with the right password
    own = store.sign_in("Ed ", PASSWORD, client="192.0.2.1")
    assert not own.locked and own.account is not None and own.account.user == "ed"


def test_a_new_password_from_a_renewed_invitation_ends_the_old_sessions(tmp_path: Path) -> None:
    store = AccountStore(tmp_path / "accounts.json")
    account = store.accept(store.invite("ed", "Ed", Role.EDITOR, "alliantie-van-kracht"), PASSWORD)
    old, other = store.start_session(account), store.start_session(account)
    anna = store.accept(store.invite("anna", "Anna", Role.CONTRIBUTOR, "alliantie-van-kracht"), PASSWORD)
    hers = store.start_session(anna)
    assert store.session(old)[0] is not None
    # The laptop with the old session is lost: the admin sends a new invitation and Ed picks a new password.
    store.accept(store.invite("ed", "Ed", Role.EDITOR, "alliantie-van-kracht"), "een andere lange zin")
    assert store.session(old) == (None, False) and store.session(other) == (None, False)
    assert store.session(hers)[0] == anna  # someone else's session is untouched
    assert AccountStore(tmp_path / "accounts.json").session(old) == (None, False)  # and so on disk


def _invite_many(path: str, prefix: str, count: int) -> None:
    store = AccountStore(Path(path))
    for number in range(count):
        store.invite(f"{prefix}{number}", f"Persoon {prefix}{number}", Role.CONTRIBUTOR, "alliantie-van-kracht")


def test_two_processes_that_change_the_accounts_file_at_once_lose_nothing(tmp_path: Path) -> None:
    """`kennisgraaf gebruiker uitnodigen` while the server writes sessions, or two server processes: each
    write reads the file again under a lock between processes, so no change overwrites another."""
    path = tmp_path / "accounts.json"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_invite_many, args=(str(path), prefix, 40)) for prefix in ("a", "b", "c")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    users = {account.user for account in AccountStore(path).accounts()}
    assert users == {f"{prefix}{n}" for prefix in ("a", "b", "c") for n in range(40)}
