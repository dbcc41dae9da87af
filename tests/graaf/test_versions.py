"""Versions (snapshots), the difference between two, and backup/restore, on a real store on disk."""

import gzip
import hashlib
import json
import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from graaf import Store, sync_shipped
from graaf.export.backup import RestoreRefused, backup, description_path, restore
from graaf.export.diff import difference
from graaf.export.versions import (
    UnknownVersion,
    Version,
    VersionError,
    get_version,
    list_versions,
    make_version,
    versions_dir,
)
from tests.graaf.test_export import canonical

ID = "https://data.alliantievankracht.nl/id/"
KERN = "https://data.alliantievankracht.nl/def/kern#"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
GRAPH = ID + "graaf/test-versies"


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store(tmp_path_factory.mktemp("versies") / "opslag") as store:
        sync_shipped(store)
        yield store


def test_a_version_is_the_whole_graph_and_never_changes(disk_store: Store) -> None:
    directory = versions_dir(disk_store.path)  # type: ignore[arg-type]
    made = make_version(disk_store, directory, "eerste", "voor de test")
    version, path = get_version(directory, "eerste")
    assert version == made and path.name == "eerste.nq.gz"
    data = path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == version.sha256 and len(data) == version.bytes
    quads = list(ox.parse(gzip.decompress(data), format=ox.RdfFormat.N_QUADS))
    assert len(quads) == version.triples == len(disk_store)
    assert canonical(quads) == canonical(disk_store.quads())
    assert version.grafen == disk_store.counts()
    with pytest.raises(VersionError, match="al een versie"):
        make_version(disk_store, directory, "eerste")
    assert path.read_bytes() == data
    assert [v.naam for v in list_versions(directory)] == ["eerste"]


@pytest.mark.parametrize("name", ["", "Hoofdletter", "../weg", "a b", "x" * 65])
def test_bad_version_names_are_refused(disk_store: Store, tmp_path: Path, name: str) -> None:
    with pytest.raises(VersionError):
        make_version(disk_store, tmp_path, name)
    with pytest.raises(UnknownVersion):
        get_version(tmp_path, name)


def test_the_same_graph_gives_the_same_bytes(disk_store: Store, tmp_path: Path) -> None:
    one = make_version(disk_store, tmp_path, "een")
    two = make_version(disk_store, tmp_path, "twee")
    assert one.sha256 == two.sha256


def _change(store: Store) -> None:
    """A new intervention with an effect and evidence, a renamed intervention, a removed piece of evidence."""
    removed = ID + "bewijs/home-start-erkenning"
    renamed = ID + "interventie/basisbanen"
    assert store.ask(f"ASK {{ <{removed}> ?p ?o }}") and store.ask(f"ASK {{ <{renamed}> ?p ?o }}")
    store.update(f"""
        DELETE WHERE {{ GRAPH ?g {{ <{removed}> ?p ?o }} }} ;
        INSERT DATA {{ GRAPH <{GRAPH}> {{
          <{ID}interventie/test-nieuw> a <{KERN}PersoonsgerichteInterventie> ; <{LABEL}> "Nieuwe aanpak"@nl .
          <{ID}effect/test-nieuw> a <{KERN}Effect> ; <{LABEL}> "Nieuw effect"@nl .
          <{ID}bewijs/test-nieuw> a <{KERN}Bewijs> ; <{LABEL}> "Nieuw bewijs"@nl .
          <{renamed}> <{LABEL}> "Basisbanen (ook: garantiebanen)"@nl .
        }} }}
    """)


def test_difference_names_added_removed_and_changed_things(disk_store: Store, tmp_path: Path) -> None:
    make_version(disk_store, tmp_path, "voor")
    _change(disk_store)
    make_version(disk_store, tmp_path, "na")
    found = difference(tmp_path, "voor", "na")
    names = {
        (kind, change): [i["iri"].removeprefix(ID) for i in items]
        for kind, changes in found.soorten.items()
        for change, items in changes.items()
    }
    assert names[("interventies", "toegevoegd")] == ["interventie/test-nieuw"]
    assert names[("interventies", "gewijzigd")] == ["interventie/basisbanen"]
    assert names[("interventies", "verwijderd")] == []
    assert names[("effecten", "toegevoegd")] == ["effect/test-nieuw"]
    assert names[("bewijs", "toegevoegd")] == ["bewijs/test-nieuw"]
    assert names[("bewijs", "verwijderd")] == ["bewijs/home-start-erkenning"]
    assert found.triples_toegevoegd == 7
    assert found.triples_verwijderd > 5
    assert found.soorten["interventies"]["toegevoegd"][0]["naam_nl"] == "Nieuwe aanpak"
    assert "Nieuw: Nieuwe aanpak" in found.text()
    back = difference(tmp_path, "na", "voor")
    assert [i["iri"] for i in back.soorten["bewijs"]["toegevoegd"]] == [ID + "bewijs/home-start-erkenning"]
    with pytest.raises(UnknownVersion):
        difference(tmp_path, "voor", "bestaat-niet")


def test_backup_restores_into_an_empty_store_as_the_same_graph(disk_store: Store, tmp_path: Path) -> None:
    info = backup(disk_store, tmp_path / "backup.nq.gz")
    assert json.loads(description_path(tmp_path / "backup.nq.gz").read_text())["sha256"] == info.sha256
    with Store(tmp_path / "hersteld") as empty:
        assert restore(empty, tmp_path / "backup.nq.gz") == info.triples == len(disk_store)
        assert canonical(empty.quads()) == canonical(disk_store.quads())
        with pytest.raises(RestoreRefused, match="niet leeg"):
            restore(empty, tmp_path / "backup.nq.gz")


def test_a_damaged_backup_is_refused(disk_store: Store, tmp_path: Path) -> None:
    target = tmp_path / "kapot.nq.gz"
    backup(disk_store, target)
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    with Store() as empty, pytest.raises(RestoreRefused, match="beschadigd"):
        restore(empty, target)
    with pytest.raises(Exception, match="bestaat al"):
        backup(disk_store, target)


def test_two_versions_with_the_same_name_at_once_give_one_version(disk_store: Store, tmp_path: Path) -> None:
    for round_ in range(3):
        name = f"tegelijk-{round_}"
        start = threading.Barrier(2)
        outcomes: list[object] = []

        def make(name: str = name, start: threading.Barrier = start, outcomes: list[object] = outcomes) -> None:
            start.wait()
            try:
                outcomes.append(make_version(disk_store, tmp_path, name))
            except Exception as error:  # the test looks at which errors there were
                outcomes.append(error)

        threads = [threading.Thread(target=make) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        made = [o for o in outcomes if isinstance(o, Version)]
        refused = [o for o in outcomes if isinstance(o, VersionError)]
        assert len(made) == 1 and len(refused) == 1, outcomes
        version, path = get_version(tmp_path, name)
        assert version == made[0] and hashlib.sha256(path.read_bytes()).hexdigest() == version.sha256
    # Nothing half-written is left behind: only the versions and their descriptions.
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"tegelijk-{r}{ext}" for r in range(3) for ext in (".json", ".nq.gz")
    )


def test_a_damaged_description_is_left_out_of_the_list(
    disk_store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    make_version(disk_store, tmp_path, "heel")
    text = (tmp_path / "heel.json").read_text(encoding="utf-8")
    (tmp_path / "half.json").write_text(text[: len(text) // 2], encoding="utf-8")  # cut off, as by a full disk
    (tmp_path / "lijst.json").write_text("[]", encoding="utf-8")
    (tmp_path / "leeg.json").write_text("{}", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="graaf.export.versions"):
        assert [v.naam for v in list_versions(tmp_path)] == ["heel"]
    assert sum("half.json" in r.getMessage() for r in caplog.records) == 1
    with pytest.raises(UnknownVersion, match="beschadigd"):
        get_version(tmp_path, "half")
    assert get_version(tmp_path, "heel")[0].naam == "heel"
