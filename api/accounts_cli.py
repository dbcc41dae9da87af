"""`kennisgraaf gebruiker`: invite people, list and remove accounts for the browser's write path.

Accounts live next to the store (graaf.storage.accounts), not in it, so this works while `serve` runs, as
`kennisgraaf token` does. An invitation is a one-time link; the person chooses a password there.
Exit codes as in api/cli_common.py: 0 gelukt, 1 ongeldige invoer.
"""

import argparse
import sys

from api.cli_common import EXIT_INPUT, EXIT_OK
from api.signed_in import accounts_file
from graaf import Settings
from graaf.storage.accounts import AccountError, AccountStore
from graaf.storage.tokens import Role
from ontologie.namespaces import id_base

ROLES = {
    "lezer": "kan inloggen en lezen, maar niets toevoegen",
    "bijdrager": "doet voorstellen via de formulieren; een redacteur keurt ze goed of stuurt ze terug",
    "redacteur": "keurt voorstellen goed, bewerkt en maakt wijzigingen ongedaan; wat zij zelf invullen, wordt meteen "
    "opgeslagen",
    "beheerder": "alles wat een redacteur mag; met een token ook grafen weghalen en momentopnamen maken",
}


def add_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    people = commands.add_parser(
        "gebruiker",
        help="nodig mensen uit om in te loggen, of toon en verwijder accounts",
        description="Accounts voor de browser (/inloggen). Rollen: "
        + "; ".join(f"{role}: {what}" for role, what in ROLES.items())
        + ". Alleen hashes van wachtwoorden en links worden bewaard, naast de opslag (<opslag>.accounts.json).",
    )
    actions = people.add_subparsers(dest="actie", required=True, metavar="ACTIE")
    invite = actions.add_parser("uitnodigen", help="maak een eenmalige link waarmee iemand een wachtwoord kiest")
    invite.add_argument("gebruikersnaam", help="bijvoorbeeld anna.devries (geen e-mailadres)")
    invite.add_argument(
        "--naam", required=True, help="de naam zoals die op het scherm komt, bijvoorbeeld 'Anna de Vries'"
    )
    invite.add_argument("--rol", choices=[r.value for r in Role], default=Role.CONTRIBUTOR.value)
    invite.add_argument(
        "--organisatie",
        required=True,
        help="de organisatie uit de graaf namens wie iemand bijdraagt: het laatste deel van de IRI "
        "(zoals 'alliantie-van-kracht') of de hele IRI",
    )
    invite.add_argument("--dagen", type=float, default=7, help="hoe lang de link geldig is (standaard 7 dagen)")
    invite.add_argument("--adres", default="", help="begin van de link (standaard http://<host>:<poort>)")
    actions.add_parser("lijst", help="toon de accounts (gebruikersnaam, rol, organisatie, naam)")
    remove = actions.add_parser("verwijder", help="verwijder een account; de sessies ervan stoppen meteen")
    remove.add_argument("gebruikersnaam")


def run(settings: Settings, args: argparse.Namespace) -> int:
    store = AccountStore(accounts_file(settings))
    if store.path is None:
        print("fout: bij een opslag in het geheugen zijn er geen accounts om te bewaren.", file=sys.stderr)
        return EXIT_INPUT
    try:
        if args.actie == "uitnodigen":
            return _invite(store, settings, args)
        if args.actie == "lijst":
            for person in store.accounts():
                state = "actief" if person.password_hash else "uitgenodigd"
                print(f"{person.user:<20} {person.role.value:<10} {state:<11} {person.organisation}  {person.name}")
            return EXIT_OK
        if not store.remove(args.gebruikersnaam):
            print(f"fout: geen account '{args.gebruikersnaam}'.", file=sys.stderr)
            return EXIT_INPUT
        return EXIT_OK
    except AccountError as error:
        print(f"fout: {error.message}", file=sys.stderr)
        return EXIT_INPUT


def _invite(store: AccountStore, settings: Settings, args: argparse.Namespace) -> int:
    organisation = args.organisatie
    if not organisation.startswith(("http://", "https://")):
        organisation = id_base(settings.base_iri) + "organisatie/" + organisation.removeprefix("organisatie:")
    token = store.invite(args.gebruikersnaam, args.naam, Role(args.rol), organisation, days=args.dagen)
    start = args.adres.rstrip("/") or f"http://{settings.host}:{settings.port}"
    print(f"{start}/uitnodiging/{token}")
    print(
        f"Uitnodiging voor {args.naam} ({args.rol}, {organisation}), {args.dagen:g} dagen geldig. Stuur de link "
        "alleen aan deze persoon; hij werkt één keer. Dit is de enige keer dat de link wordt getoond.",
        file=sys.stderr,
    )
    return EXIT_OK
