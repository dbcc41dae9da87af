"""Tokens: shown once, stored as a hash, read again when the file changes."""

import json
import os
import stat
from pathlib import Path

import pytest

from graaf.storage.tokens import Role, TokenFileError, TokenStore


def test_make_find_and_revoke(tmp_path: Path) -> None:
    path = tmp_path / "opslag.tokens.json"
    tokens = TokenStore(path)
    editor, record = tokens.make(Role.EDITOR, "redactie")
    reader, _ = tokens.make(Role.READER)
    assert len(editor) >= 40 and editor != reader
    text = path.read_text()
    assert editor not in text and reader not in text and record.hash in text
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert tokens.role_for(editor) is Role.EDITOR and tokens.role_for(reader) is Role.READER
    assert tokens.role_for(editor + "x") is None and tokens.role_for("") is None
    assert tokens.revoke(record.id) and not tokens.revoke(record.id)
    assert tokens.role_for(editor) is None


def test_another_process_writing_the_file_is_seen(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    server = TokenStore(path)
    assert server.role_for("x") is None  # no file yet: nobody may write
    token, _ = TokenStore(path).make(Role.EDITOR)  # as `kennisgraaf token maak` would, in its own process
    assert server.role_for(token) is Role.EDITOR


def test_a_broken_file_is_an_error_not_an_open_door(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    path.write_text(json.dumps({"tokens": [{"id": "x", "hash": "y", "rol": "baas"}]}))
    with pytest.raises(TokenFileError):
        TokenStore(path).role_for("z")
    with pytest.raises(TokenFileError):
        TokenStore(None).make(Role.EDITOR)
    assert TokenStore(None).role_for("z") is None
