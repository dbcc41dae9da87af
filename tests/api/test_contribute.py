"""The browser's write path against a real server on 127.0.0.1: invitations made with the real command
line, sign-in, forms, proposals, review, history and undo, and every refusal with nothing written.

Each person is an httpx client with its own cookie jar, as a browser would be.
"""

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from graaf.storage.accounts import AccountStore
from tests.conftest import KENNISGRAAF, REPO, LiveServer, start_server, stop_server

IDS = "https://data.alliantievankracht.nl/id/"
ORG = "alliantie-van-kracht"
PASSWORD = "een lange zin als wachtwoord"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = start_server(tmp_path_factory.mktemp("bijdragen") / "opslag")
    yield live
    stop_server(live)


def invite(server: LiveServer, user: str, role: str) -> str:
    """An invitation link, made as an admin would: with `kennisgraaf gebruiker uitnodigen`."""
    done = subprocess.run(
        [KENNISGRAAF, "--opslag", str(server.store_path), "gebruiker", "uitnodigen", user, "--naam", user.title(),
         "--rol", role, "--organisatie", ORG, "--adres", server.url],
        capture_output=True, text=True, cwd=REPO, check=True,
    )  # fmt: skip
    return done.stdout.strip()


def csrf(page: httpx.Response) -> str:
    found = re.search(r'name="csrftoken" value="([^"]+)"', page.text)
    assert found, page.text[:500]
    return found.group(1)


def person(server: LiveServer, user: str, role: str, lang: str = "nl") -> httpx.Client:
    """A signed-in browser: opens the invitation, chooses a password and is signed in."""
    client = httpx.Client(base_url=server.url, headers={"Accept-Language": lang}, timeout=30)
    link = invite(server, user, role)
    page = client.get(link)
    assert page.status_code == 200
    answer = client.post(link, data={"csrftoken": csrf(page), "wachtwoord": PASSWORD})
    assert answer.status_code == 303, answer.text
    return client


def form(client: httpx.Client, path: str) -> tuple[str, str]:
    page = client.get(path)
    assert page.status_code == 200, page.text[:300]
    nonce = re.search(r'name="nonce" value="([^"]+)"', page.text)
    assert nonce
    return csrf(page), nonce.group(1)


def practice(name: str, **more: object) -> dict[str, object]:
    return {
        "naam": name,
        "soort": "persoonsgericht",
        "doel": "Ouders met geldzorgen steunen elkaar.",
        "beschrijving": "Elke week eten ouders samen en praten over geld.",
        "doelgroep": [IDS + "doelgroep/gezin"],
        "plaats": "Pekela",
        "status": IDS + "status/lopend",
        "effect-1-werktop": IDS + "mechanisme/schulden",
        "effect-1-richting": IDS + "effectrichting/helpt",
        "effect-1-effectsoort": IDS + "effectsoort/beoogd",
        **more,
    }


def proposals(server: LiveServer) -> list[dict[str, object]]:
    folder = Path(str(server.store_path) + ".voorstellen")
    return [json.loads(f.read_text()) for f in folder.glob("*.json")] if folder.exists() else []


def ask(server: LiveServer, query: str) -> bool:
    answer = httpx.get(server.url + "/sparql", params={"query": query}, headers={"Accept": "application/json"})
    return bool(answer.json()["boolean"])


def has_thing(server: LiveServer, ref: str) -> bool:
    return ask(server, f"ASK {{ <{IDS}{ref}> ?p ?o }}")


def log_lines(server: LiveServer, action: str) -> list[dict[str, object]]:
    path = Path(str(server.store_path) + ".schrijflog.jsonl")
    entries = [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []
    return [e for e in entries if e["actie"] == action]


def propose(client: httpx.Client, name: str) -> str:
    token, nonce = form(client, "/bijdragen/praktijk")
    answer = client.post("/bijdragen/praktijk", data={"csrftoken": token, "nonce": nonce, **practice(name)})
    assert answer.status_code == 303, re.findall(r'class="fout"[^>]*>([^<]+)', answer.text)
    return answer.headers["location"]


def test_invitation_sign_in_and_out(server: LiveServer) -> None:
    anna = person(server, "anna", "bijdrager")
    cookie = next(c for c in anna.cookies.jar if c.name == "kg_sessie")
    assert cookie.has_nonstandard_attr("HttpOnly") and cookie.path == "/"
    overview = anna.get("/bijdragen")
    assert "Ingelogd als" in overview.text and "Anna" in overview.text
    stored = Path(str(server.store_path) + ".accounts.json").read_text()
    assert "$argon2id$" in stored and PASSWORD not in stored and cookie.value not in stored
    assert (Path(str(server.store_path) + ".accounts.json").stat().st_mode & 0o777) == 0o600
    out = anna.post("/uitloggen", data={"csrftoken": csrf(overview)})
    assert out.status_code == 200 and "U bent uitgelogd" in out.text
    # The old cookie is dead on the server too, not only gone from this browser.
    again = httpx.get(server.url + "/bijdragen/praktijk", cookies={"kg_sessie": cookie.value or ""})
    assert again.status_code == 303 and again.headers["location"].startswith("/inloggen")


def test_an_invitation_works_once(server: LiveServer) -> None:
    link = invite(server, "bert", "bijdrager")
    client = httpx.Client(base_url=server.url)
    page = client.get(link)
    assert client.post(link, data={"csrftoken": csrf(page), "wachtwoord": PASSWORD}).status_code == 303
    second = httpx.Client(base_url=server.url)
    assert second.get(link).status_code == 404


def test_a_short_password_is_refused_at_the_invitation(server: LiveServer) -> None:
    link = invite(server, "cor", "bijdrager")
    client = httpx.Client(base_url=server.url)
    answer = client.post(link, data={"csrftoken": csrf(client.get(link)), "wachtwoord": "kort"})
    assert answer.status_code == 422 and "minstens 10 tekens" in answer.text
    assert "kg_sessie" not in client.cookies


def test_wrong_password_is_refused_and_repeated_tries_lock_the_name(server: LiveServer) -> None:
    person(server, "dina", "bijdrager").close()
    client = httpx.Client(base_url=server.url)
    token = csrf(client.get("/inloggen"))
    wrong = client.post("/inloggen", data={"csrftoken": token, "gebruiker": "dina", "wachtwoord": "fout fout fout"})
    assert wrong.status_code == 401 and "horen niet bij elkaar" in wrong.text
    assert "kg_sessie" not in client.cookies
    for _ in range(4):
        client.post("/inloggen", data={"csrftoken": token, "gebruiker": "dina", "wachtwoord": "nog steeds fout"})
    locked = client.post("/inloggen", data={"csrftoken": token, "gebruiker": "dina", "wachtwoord": PASSWORD})
    assert locked.status_code == 429 and "15 minuten" in locked.text
    assert "kg_sessie" not in client.cookies


def test_an_unknown_name_gets_the_same_answer_as_a_wrong_password(server: LiveServer) -> None:
    client = httpx.Client(base_url=server.url)
    token = csrf(client.get("/inloggen"))
    answer = client.post("/inloggen", data={"csrftoken": token, "gebruiker": "niemand", "wachtwoord": PASSWORD})
    assert answer.status_code == 401 and "horen niet bij elkaar" in answer.text


def test_expired_session_is_refused_and_nothing_is_written(server: LiveServer) -> None:
    eef = person(server, "eef", "bijdrager")
    token, nonce = form(eef, "/bijdragen/praktijk")
    before = len(proposals(server))
    # The server reads the accounts file again when it changes: let Eef's sessions run out there.
    AccountStore(Path(str(server.store_path) + ".accounts.json")).expire_sessions("eef")
    answer = eef.post("/bijdragen/praktijk", data={"csrftoken": token, "nonce": nonce, **practice("Verlopen proef")})
    assert answer.status_code == 401 and "Sessie verlopen" in answer.text and "niets opgeslagen" in answer.text
    assert len(proposals(server)) == before


def test_missing_csrf_token_is_refused_and_nothing_is_written(server: LiveServer) -> None:
    fenna = person(server, "fenna", "bijdrager")
    _, nonce = form(fenna, "/bijdragen/praktijk")
    before = len(proposals(server))
    answer = fenna.post("/bijdragen/praktijk", data={"nonce": nonce, **practice("Zonder token")})
    assert answer.status_code == 403 and "Formulier niet aangenomen" in answer.text
    forged = fenna.post("/bijdragen/praktijk", data={"csrftoken": "vals", "nonce": nonce, **practice("Vals")})
    assert forged.status_code == 403
    assert len(proposals(server)) == before


def test_sign_in_from_another_site_without_cookies_is_refused(server: LiveServer) -> None:
    answer = httpx.post(server.url + "/inloggen", data={"gebruiker": "anna", "wachtwoord": PASSWORD})
    assert answer.status_code == 403 and "kg_sessie" not in answer.cookies


def test_a_reader_posting_a_form_is_refused(server: LiveServer) -> None:
    gijs = person(server, "gijs", "lezer")
    page = gijs.get("/bijdragen")
    assert page.status_code == 403 and "lezer" in page.text and "mag u lezen, maar niet" in page.text
    token = gijs.cookies["kg_csrf"]  # a valid CSRF token: the refusal must come from the role
    before = len(proposals(server))
    answer = gijs.post("/bijdragen/praktijk", data={"csrftoken": token, "nonce": "x", **practice("Van een lezer")})
    assert answer.status_code == 403 and "Er is niets opgeslagen" in answer.text
    assert len(proposals(server)) == before


def test_not_signed_in_posting_is_refused(server: LiveServer) -> None:
    answer = httpx.post(server.url + "/bijdragen/praktijk", data=practice("Anoniem"))
    assert answer.status_code == 401 and "Niet ingelogd" in answer.text


@pytest.mark.parametrize(
    ("field", "text", "kind"),
    [
        ("doel", "Help gezin met BSN 111222333 verder.", "burgerservicenummer"),
        ("naam", "Koffie bij jan@voorbeeld.nl", "e-mailadres"),
        ("beschrijving", "Bel de moeder op 06-12345678 na de bijeenkomst.", "telefoonnummer"),
    ],
)
def test_personal_data_is_refused_with_the_field_named(server: LiveServer, field: str, text: str, kind: str) -> None:
    hanna = person(server, f"hanna-{field}", "bijdrager")
    token, nonce = form(hanna, "/bijdragen/praktijk")
    before = len(proposals(server))
    answer = hanna.post(
        "/bijdragen/praktijk", data={"csrftoken": token, "nonce": nonce, **practice("Proef", **{field: text})}
    )
    assert answer.status_code == 422
    beside = re.search(rf'id="veld-{field}-fout">([^<]+)<', answer.text)
    assert beside and kind in beside.group(1), answer.text[:2000]
    assert 'aria-invalid="true"' in answer.text and text in answer.text  # the typed text is kept to correct
    assert len(proposals(server)) == before


def test_errors_in_english_when_the_browser_asks(server: LiveServer) -> None:
    ian = person(server, "ian", "bijdrager", lang="en-GB,en;q=0.9")
    token, nonce = form(ian, "/bijdragen/praktijk")
    answer = ian.post("/bijdragen/praktijk", data={"csrftoken": token, "nonce": nonce, **practice("", doel="")})
    assert answer.status_code == 422
    assert re.search(r'id="veld-naam-fout">Please fill this in', answer.text)
    assert "Not saved" in answer.text


def test_an_unknown_choice_is_named_beside_its_field(server: LiveServer) -> None:
    jan = person(server, "jan", "bijdrager")
    token, nonce = form(jan, "/bijdragen/praktijk")
    answer = jan.post(
        "/bijdragen/praktijk", data={"csrftoken": token, "nonce": nonce, **practice("X", plaats="Atlantis")}
    )
    assert answer.status_code == 422
    assert re.search(r'id="veld-plaats-fout">‘Atlantis’ staat niet in de lijst', answer.text)


def test_proposal_review_approval_history_and_undo(server: LiveServer) -> None:
    kees, editor = person(server, "kees", "bijdrager"), person(server, "lotte", "redacteur")
    where = propose(kees, "Samen aan tafel")
    preview = kees.get(where)
    assert "Nieuwe interventie ‘Samen aan tafel’" in preview.text and "Werkt op Schulden" in preview.text
    assert not has_thing(server, "interventie/samen-aan-tafel")  # a proposal is not in the graph
    kees.post(where + "/indienen", data={"csrftoken": csrf(preview)})
    # A contributor cannot approve: that needs an editor.
    refused = kees.post(where + "/goedkeuren", data={"csrftoken": csrf(preview)})
    assert refused.status_code == 403 and not has_thing(server, "interventie/samen-aan-tafel")
    waiting = editor.get("/bijdragen/voorstellen")
    assert "Samen aan tafel" in waiting.text
    approved = editor.post(where + "/goedkeuren", data={"csrftoken": csrf(waiting)})
    assert approved.status_code == 303
    assert has_thing(server, "interventie/samen-aan-tafel")
    graph = IDS + "graaf/bijdrage/" + where.rsplit("/", 1)[-1]
    assert ask(server, f"ASK {{ GRAPH <{graph}> {{ <{IDS}interventie/samen-aan-tafel> ?p ?o }} }}")
    # PROV: who proposed, who approved, for which organisation, when; people by an opaque id, as the
    # graph is open to anyone through /sparql and a login name is half of signing in.
    accounts = AccountStore(Path(str(server.store_path) + ".accounts.json"))
    lotte, kees_id = accounts.pseudonym("gebruiker:lotte"), accounts.pseudonym("gebruiker:kees")
    assert re.fullmatch(r"gebruiker:[0-9a-f]{16}", lotte) and lotte != kees_id
    assert ask(
        server,
        f"""PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX dcterms: <http://purl.org/dc/terms/>
        ASK {{ ?a prov:generated <{graph}> ; prov:startedAtTime ?t ; prov:wasAssociatedWith/dcterms:identifier
        "{lotte}" ; dcterms:creator/dcterms:identifier "{kees_id}" ;
        dcterms:creator/prov:actedOnBehalfOf <{IDS}organisatie/{ORG}> }}""",
    )
    assert not ask(
        server, 'ASK { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?o), "kees") || CONTAINS(STR(?s), "kees")) }'
    )
    assert [e["bijdrage"] for e in log_lines(server, "bijdrage")].count(where.rsplit("/", 1)[-1]) == 1
    history = httpx.get(server.url + "/bijdragen/geschiedenis", params={"ding": IDS + "interventie/samen-aan-tafel"})
    assert "toegevoegd" in history.text and "Lotte" in history.text and "Kees" in history.text
    undone = editor.post(where + "/ongedaan", data={"csrftoken": csrf(waiting)})
    assert undone.status_code == 303 and not has_thing(server, "interventie/samen-aan-tafel")
    history = httpx.get(server.url + "/bijdragen/geschiedenis", params={"ding": IDS + "interventie/samen-aan-tafel"})
    assert "ongedaan gemaakt" in history.text


def test_send_back_with_a_comment(server: LiveServer) -> None:
    maria, editor = person(server, "maria", "bijdrager"), person(server, "nora", "redacteur")
    where = propose(maria, "Terug te sturen")
    maria.post(where + "/indienen", data={"csrftoken": csrf(maria.get(where))})
    page = editor.get(where)
    back = editor.post(where + "/terugsturen", data={"csrftoken": csrf(page), "opmerking": "Noem de aanbieder."})
    assert back.status_code == 200 and "teruggestuurd" in back.text
    seen = maria.get("/bijdragen")
    assert "Noem de aanbieder." in seen.text
    assert not has_thing(server, "interventie/terug-te-sturen")


def test_a_double_submit_writes_once(server: LiveServer) -> None:
    olga, editor, other = (
        person(server, "olga", "bijdrager"),
        person(server, "piet", "redacteur"),
        person(server, "quinn", "redacteur"),
    )
    token, nonce = form(olga, "/bijdragen/praktijk")
    data = {"csrftoken": token, "nonce": nonce, **practice("Twee keer verstuurd")}
    first, second = olga.post("/bijdragen/praktijk", data=data), olga.post("/bijdragen/praktijk", data=data)
    assert first.headers["location"] == second.headers["location"]  # the back button: the same proposal
    where = first.headers["location"]
    for _ in range(2):
        olga.post(where + "/indienen", data={"csrftoken": token})
    states = [p for p in proposals(server) if p["id"] == where.rsplit("/", 1)[-1]]
    assert len(states) == 1 and [s["status"] for s in states[0]["history"]] == ["ingediend"]
    # Two editors approve in two tabs: one writes, the other is told.
    one = editor.post(where + "/goedkeuren", data={"csrftoken": csrf(editor.get(where))})
    two = other.post(where + "/goedkeuren", data={"csrftoken": csrf(other.get("/bijdragen"))})
    assert one.status_code == 303 and "al goedgekeurd" in two.text
    assert [e["bijdrage"] for e in log_lines(server, "bijdrage")].count(where.rsplit("/", 1)[-1]) == 1


def test_two_editors_changing_the_same_thing(server: LiveServer) -> None:
    rik, sam = person(server, "rik", "redacteur"), person(server, "sam", "redacteur")
    where = propose(rik, "Samen bewerken")
    assert rik.post(where + "/indienen", data={"csrftoken": csrf(rik.get(where))}).status_code == 303  # editor: saved
    thing = IDS + "interventie/samen-bewerken"
    pages = [r.get("/bijdragen/bewerk", params={"ding": thing}) for r in (rik, sam)]
    edits = []
    for client, page, aim in ((rik, pages[0], "Versie van Rik."), (sam, pages[1], "Versie van Sam.")):
        fields = {k: v for k, v in re.findall(r'name="(nonce|ding|versie)" value="([^"]+)"', page.text)}
        sent = client.post(
            "/bijdragen/bewerk", data={"csrftoken": csrf(page), **fields, **practice("Samen bewerken", doel=aim)}
        )
        assert sent.status_code == 303, re.findall(r'class="fout"[^>]*>([^<]+)', sent.text)
        edits.append((client, sent.headers["location"]))
    client, first = edits[0]
    assert client.post(first + "/indienen", data={"csrftoken": csrf(client.get(first))}).status_code == 303
    client, late = edits[1]
    clash = client.post(late + "/indienen", data={"csrftoken": csrf(client.get(late))})
    assert clash.status_code == 409 and "Dit is intussen veranderd" in clash.text
    assert "Versie van Rik." in clash.text and "Versie van Sam." in clash.text  # both versions shown
    assert ask(server, f'ASK {{ <{thing}> <https://data.alliantievankracht.nl/def/kern#doel> "Versie van Rik."@nl }}')
    assert not ask(server, f'ASK {{ <{thing}> ?p "Versie van Sam."@nl }}')
    # Undoing Rik's edit puts the version before it back, not an empty thing.
    rik_client, rik_edit = edits[0]
    undone = rik_client.post(rik_edit + "/ongedaan", data={"csrftoken": csrf(rik_client.get(rik_edit))})
    assert undone.status_code == 303
    assert ask(
        server, f'ASK {{ <{thing}> <https://data.alliantievankracht.nl/def/kern#doel> "{practice("")["doel"]}"@nl }}'
    )
    assert not ask(server, f'ASK {{ <{thing}> ?p "Versie van Rik."@nl }}')


def test_shipped_knowledge_is_not_edited_here(server: LiveServer) -> None:
    tom = person(server, "tom", "redacteur")
    page = tom.get("/bijdragen/bewerk", params={"ding": IDS + "interventie/welzijn-op-recept"})
    assert page.status_code == 404 and "redactie" in page.text


def test_an_editor_adds_an_effect_and_evidence_for_it(server: LiveServer) -> None:
    uma = person(server, "uma", "redacteur")
    token, nonce = form(uma, "/bijdragen/effect")
    effect = {
        "interventie": "Welzijn op Recept",
        "werktop": IDS + "kapitaalvorm/cultureel",
        "richting": IDS + "effectrichting/helpt",
        "effectsoort": IDS + "effectsoort/bijeffect",
    }
    sent = uma.post("/bijdragen/effect", data={"csrftoken": token, "nonce": nonce, **effect})
    assert sent.status_code == 303, re.findall(r'class="fout"[^>]*>([^<]+)', sent.text)
    saved = uma.post(sent.headers["location"] + "/indienen", data={"csrftoken": token})
    assert saved.status_code == 303  # an editor's own contribution is saved at once, after the same checks
    new = IDS + "effect/welzijn-op-recept-cultureel-bijeffect"
    assert ask(server, f"ASK {{ <{new}> <https://data.alliantievankracht.nl/def/kern#vanInterventie> ?i }}")
    token, nonce = form(uma, "/bijdragen/bewijs")
    evidence = {
        "effect": "Welzijn op Recept werkt op cultureel kapitaal",
        "steunt": "ja",
        "kennisbron": IDS + "kennisbron/wetenschappelijk",
        "bewijsniveau": IDS + "bewijsniveau/onbekend",
        "studietype": IDS + "studietype/programmadocument",  # a plan is no evidence: not one of the choices
        "bronvermelding": "Voorbeeld, A. (2025). Welzijn op recept en cultuur. Tijdschrift voor Welzijn.",
        "url": "https://example.org/studie",
    }
    refused = uma.post("/bijdragen/bewijs", data={"csrftoken": token, "nonce": nonce, **evidence})
    assert refused.status_code == 422 and re.search(r'id="veld-studietype-fout">[^<]*niet in de lijst', refused.text)
    evidence["studietype"] = IDS + "studietype/kwalitatief-onderzoek"
    sent = uma.post("/bijdragen/bewijs", data={"csrftoken": token, "nonce": nonce, **evidence})
    assert sent.status_code == 303, re.findall(r'class="fout"[^>]*>([^<]+)', sent.text)
    assert uma.post(sent.headers["location"] + "/indienen", data={"csrftoken": token}).status_code == 303
    page = httpx.get(server.url + "/doc/interventie/welzijn-op-recept")
    assert "Voorbeeld, A. (2025)" in page.text or "cultureel kapitaal" in page.text
    assert ask(
        server,
        f"""PREFIX kern: <https://data.alliantievankracht.nl/def/kern#>
        ASK {{ ?b kern:ondersteunt <{new}> ; kern:studietype <{IDS}studietype/kwalitatief-onderzoek> ;
        kern:bewijsniveau <{IDS}bewijsniveau/onbekend> }}""",
    )


def test_a_local_experiment_with_indicators_then_a_session_about_it(server: LiveServer) -> None:
    vera, editor = person(server, "vera", "bijdrager"), person(server, "wim", "redacteur")
    token, nonce = form(vera, "/bijdragen/experiment")
    experiment = {
        "naam": "Samen aan tafel in Oude Pekela",
        "beschrijving": "Een jaar lang eten ouders elke week samen in het dorpshuis en praten over geld.",
        "test": "Welzijn op Recept",
        "plaats": "Pekela",
        "doelgroep": [IDS + "doelgroep/gezin"],
        "begin": "01-2026",
        "einde": "2026-Q4",  # a quarter is no begin or end: XSD has none
        "indicator-1-naam": "Huishoudens met een betalingsachterstand",
        "indicator-1-eenheid": "procent",
        "indicator-1-richting": IDS + "indicatorrichting/lager-is-beter",
        "indicator-1-basis": "12,5",
        "indicator-1-streef": "111222333",  # a BSN typed as a number is still personal data
    }
    refused = vera.post("/bijdragen/experiment", data={"csrftoken": token, "nonce": nonce, **experiment})
    assert refused.status_code == 422
    assert re.search(r'id="veld-einde-fout">[^<]*zoals 01-2026', refused.text), refused.text[:3000]
    assert re.search(r'id="veld-indicator-1-streef-fout">[^<]*burgerservicenummer', refused.text)
    assert not any(p["values"].get("naam") == [experiment["naam"]] for p in proposals(server))
    experiment |= {"einde": "12-2026", "indicator-1-streef": "8"}
    sent = vera.post("/bijdragen/experiment", data={"csrftoken": token, "nonce": nonce, **experiment})
    assert sent.status_code == 303, re.findall(r'class="fout"[^>]*>([^<]+)', sent.text)
    where = sent.headers["location"]
    preview = vera.get(where)
    assert "Nieuw lokaal experiment ‘Samen aan tafel in Oude Pekela’" in preview.text
    assert "Indicator 1: Huishoudens met een betalingsachterstand, in procent" in preview.text
    assert "van 12,5 naar 8" in preview.text
    vera.post(where + "/indienen", data={"csrftoken": csrf(preview)})
    waiting = editor.get("/bijdragen/voorstellen")
    assert editor.post(where + "/goedkeuren", data={"csrftoken": csrf(waiting)}).status_code == 303
    node = IDS + "experiment/samen-aan-tafel-in-oude-pekela"
    assert ask(
        server,
        f"""PREFIX kern: <https://data.alliantievankracht.nl/def/kern#>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        ASK {{ <{node}> a kern:LokaalExperiment ; kern:begin "2026-01"^^xsd:gYearMonth ;
               kern:einde "2026-12"^^xsd:gYearMonth ; kern:uitgevoerdIn <{IDS}plaats/GM0765> ;
               kern:heeftIndicator ?i .
               ?i kern:eenheid "procent" ; kern:basiswaarde 12.5 ; kern:streefwaarde 8.0 ;
               kern:gewensteRichting <{IDS}indicatorrichting/lager-is-beter> }}""",
    )
    assert "Samen aan tafel in Oude Pekela" in httpx.get(server.url + "/experimenten").text
    # The session form now offers the new experiment, so findings of a session are tied to it.
    token, nonce = form(editor, "/bijdragen/sessie")
    session = {
        "datum": "20-11-2026",
        "rol": [IDS + "deelnemersrol/professional"],
        "experiment": "Samen aan tafel in Oude Pekela",
        "bevinding-1-effect": "Welzijn op Recept versterkt sociaal kapitaal",
        "bevinding-1-steunt": "ja",
        "bevinding-1-kennis": "professioneel",
        "bevinding-1-tekst": "Ouders kwamen elke week terug en namen een buur mee.",
    }
    sent = editor.post("/bijdragen/sessie", data={"csrftoken": token, "nonce": nonce, **session})
    assert sent.status_code == 303, re.findall(r'class="fout"[^>]*>([^<]+)', sent.text)
    assert "Over het experiment ‘Samen aan tafel in Oude Pekela’" in editor.get(sent.headers["location"]).text
    assert editor.post(sent.headers["location"] + "/indienen", data={"csrftoken": token}).status_code == 303
    assert ask(
        server,
        f"ASK {{ ?s <https://data.alliantievankracht.nl/def/kern#overExperiment> <{node}> }}",
    )


def test_a_new_thing_cannot_carry_a_target_that_approval_would_replace(server: LiveServer) -> None:
    """A hidden 'ding' field added to a form for something new must not turn its approval into an edit."""
    owner, mallory, editor = (
        person(server, "ria", "redacteur"),
        person(server, "mal", "bijdrager"),
        person(server, "eva", "redacteur"),
    )
    where = propose(owner, "Van een ander")
    assert owner.post(where + "/indienen", data={"csrftoken": csrf(owner.get(where))}).status_code == 303
    victim = IDS + "interventie/van-een-ander"
    page = mallory.get("/bijdragen/bewerk", params={"ding": victim})
    fields = dict(re.findall(r'name="(nonce|ding|versie)" value="([^"]+)"', page.text))
    token, nonce = form(mallory, "/bijdragen/praktijk")
    sent = mallory.post(
        "/bijdragen/praktijk",
        data={
            "csrftoken": token,
            "nonce": nonce,
            "ding": victim,
            "versie": fields.get("versie", ""),
            **practice("Erover"),
        },
    )
    assert sent.status_code == 303
    ref = sent.headers["location"].rsplit("/", 1)[-1]
    assert next(p for p in proposals(server) if p["id"] == ref)["target"] == ""
    mallory.post(
        sent.headers["location"] + "/indienen", data={"csrftoken": csrf(mallory.get(sent.headers["location"]))}
    )
    waiting = editor.get("/bijdragen/voorstellen")
    approved = editor.post(sent.headers["location"] + "/goedkeuren", data={"csrftoken": csrf(waiting)})
    assert approved.status_code == 303, re.findall(r'class="fout[^"]*"[^>]*>(.*?)<', approved.text, re.S)
    assert has_thing(server, "interventie/erover") and has_thing(server, "interventie/van-een-ander")


def test_an_approval_whose_log_line_fails_is_still_recorded_and_can_be_undone(server: LiveServer) -> None:
    editor = person(server, "ivo", "redacteur")
    log = Path(str(server.store_path) + ".schrijflog.jsonl")
    kept = log.with_name(log.name + ".bewaard")
    log.rename(kept)
    log.mkdir()  # appending to a directory fails: a full or broken disk
    try:
        where = propose(editor, "Log kapot")
        assert editor.post(where + "/indienen", data={"csrftoken": csrf(editor.get(where))}).status_code == 303
    finally:
        log.rmdir()
        kept.rename(log)
    ref = where.rsplit("/", 1)[-1]
    record = next(p for p in proposals(server) if p["id"] == ref)
    assert record["status"] == "goedgekeurd" and record["graph"] == IDS + "graaf/bijdrage/" + ref
    assert has_thing(server, "interventie/log-kapot")
    undone = editor.post(where + "/ongedaan", data={"csrftoken": csrf(editor.get(where))})
    assert undone.status_code == 303 and not has_thing(server, "interventie/log-kapot")


def test_form_posts_that_the_csrf_check_would_skip_are_refused(server: LiveServer) -> None:
    # An invitation accepted without any cookie (a fresh browser signed into someone else's account).
    link = invite(server, "wim", "bijdrager")
    answer = httpx.post(link, data={"wachtwoord": PASSWORD})
    assert answer.status_code == 403 and "kg_sessie" not in answer.cookies
    page = httpx.get(link)
    assert page.status_code == 200 and 'name="wachtwoord"' in page.text  # the invitation still works
    # A multipart body whose Content-Type has no boundary asgi-csrf can read: refused, not a server error.
    for kind in ("multipart/form-data", "multipart/form-data;boundary=abc"):
        answer = httpx.post(server.url + "/inloggen", content=b"x", headers={"Content-Type": kind})
        assert answer.status_code == 403, kind
    # An Authorization header would make asgi-csrf skip its check, also next to a session cookie.
    noor = person(server, "noor", "bijdrager")
    _, nonce = form(noor, "/bijdragen/praktijk")
    sent = noor.post(
        "/bijdragen/praktijk", data={"nonce": nonce, **practice("Zonder token")}, headers={"Authorization": "Bearer x"}
    )
    assert sent.status_code == 403 and not any(p["values"].get("naam") == ["Zonder token"] for p in proposals(server))


def test_account_and_proposal_files_are_private_from_their_first_byte(server: LiveServer) -> None:
    accounts = Path(str(server.store_path) + ".accounts.json")
    assert accounts.stat().st_mode & 0o777 == 0o600
    folder = Path(str(server.store_path) + ".voorstellen")
    assert all(f.stat().st_mode & 0o777 == 0o600 for f in folder.glob("*.json")) and not list(folder.glob("*.nieuw"))


def test_addresses_that_are_no_iri_get_a_message_not_a_server_error(server: LiveServer) -> None:
    piet = person(server, "piet", "bijdrager")
    token, nonce = form(piet, "/bijdragen/praktijk")
    sent = piet.post(
        "/bijdragen/praktijk",
        data={"csrftoken": token, "nonce": nonce, **practice("Met rare link", url="https://voorbeeld.nl/a>b")},
    )
    assert sent.status_code in (200, 422) and "Dit is geen webadres" in sent.text
    for ding in (IDS + "interventie/x>y", IDS + "a b", "https://evil.example/x"):
        history = piet.get("/bijdragen/geschiedenis", params={"ding": ding})
        assert history.status_code == 200 and "evil.example" not in history.text
        assert piet.get("/bijdragen/bewerk", params={"ding": ding}).status_code == 404


def test_the_csrf_cookie_is_secure_behind_an_https_proxy_and_works_over_plain_http(server: LiveServer) -> None:
    # uvicorn trusts X-Forwarded-Proto from 127.0.0.1, as from a TLS proxy on the same machine.
    behind_tls = httpx.get(server.url + "/inloggen", headers={"X-Forwarded-Proto": "https"})
    plain = httpx.get(server.url + "/inloggen")
    cookie = [v for k, v in behind_tls.headers.multi_items() if k == "set-cookie" and v.startswith("kg_csrf=")]
    assert cookie and "secure" in cookie[0].lower(), behind_tls.headers
    cookie = [v for k, v in plain.headers.multi_items() if k == "set-cookie" and v.startswith("kg_csrf=")]
    assert cookie and "secure" not in cookie[0].lower(), plain.headers
    # One secret behind both: a form fetched over plain HTTP still signs in.
    with httpx.Client(base_url=server.url) as anna:
        link = invite(server, "anna.csrf", "bijdrager")
        page = anna.get(link)
        assert anna.post(link, data={"csrftoken": csrf(page), "wachtwoord": PASSWORD}).status_code == 303


def test_a_key_the_form_does_not_have_is_not_kept_in_the_proposal(server: LiveServer) -> None:
    wim = person(server, "wim", "bijdrager")
    token, nonce = form(wim, "/bijdragen/praktijk")
    extra = {"notitie": "moeder bellen op 06-12345678", "effect-9-werktop": IDS + "mechanisme/schulden"}
    sent = wim.post(
        "/bijdragen/praktijk", data={"csrftoken": token, "nonce": nonce, **practice("Extra sleutels"), **extra}
    )
    assert sent.status_code == 303, re.findall(r'class="fout"[^>]*>([^<]+)', sent.text)
    mine = next(p for p in proposals(server) if p["values"].get("naam") == ["Extra sleutels"])  # type: ignore[index]
    assert "notitie" not in mine["values"] and "effect-9-werktop" not in mine["values"]  # type: ignore[operator]
    assert "06-12345678" not in json.dumps(mine)


def _edit(client: httpx.Client, thing: str, aim: str) -> str:
    """An editor edits the thing's aim and saves it (an editor's edit is written at once); its page."""
    page = client.get("/bijdragen/bewerk", params={"ding": thing})
    fields = {k: v for k, v in re.findall(r'name="(nonce|ding|versie)" value="([^"]+)"', page.text)}
    sent = client.post("/bijdragen/bewerk", data={"csrftoken": csrf(page), **fields, **practice("Na elkaar", doel=aim)})
    assert sent.status_code == 303, re.findall(r'class="fout"[^>]*>([^<]+)', sent.text)
    where = sent.headers["location"]
    assert client.post(where + "/indienen", data={"csrftoken": csrf(client.get(where))}).status_code == 303
    return where


def test_an_edit_is_not_undone_over_a_later_edit(server: LiveServer) -> None:
    """Undoing an earlier edit would put its old version back and silently drop the later edit."""
    ria, stan = person(server, "ria", "redacteur"), person(server, "stan", "redacteur")
    where = propose(ria, "Na elkaar")
    assert ria.post(where + "/indienen", data={"csrftoken": csrf(ria.get(where))}).status_code == 303
    thing = IDS + "interventie/na-elkaar"
    doel = "<https://data.alliantievankracht.nl/def/kern#doel>"
    first = _edit(ria, thing, "Versie van Ria.")
    second = _edit(stan, thing, "Versie van Stan.")  # started from Ria's version, so no clash
    refused = ria.post(first + "/ongedaan", data={"csrftoken": csrf(ria.get(first))})
    assert refused.status_code == 409 and "nog eens veranderd" in refused.text
    assert "Versie van Stan." in refused.text  # the page shows the thing as it is now
    assert ask(server, f'ASK {{ <{thing}> {doel} "Versie van Stan."@nl }}')
    assert f'action="{urlsplit(first).path}/ongedaan"' in ria.get(first).text  # still approved: can be tried again
    # Latest first, then the earlier one: each puts back the version before it.
    assert stan.post(second + "/ongedaan", data={"csrftoken": csrf(stan.get(second))}).status_code == 303
    assert ask(server, f'ASK {{ <{thing}> {doel} "Versie van Ria."@nl }}')
    assert ria.post(first + "/ongedaan", data={"csrftoken": csrf(ria.get(first))}).status_code == 303
    assert ask(server, f'ASK {{ <{thing}> {doel} "{practice("")["doel"]}"@nl }}')
    assert not ask(server, f'ASK {{ <{thing}> ?p "Versie van Ria."@nl }}')
