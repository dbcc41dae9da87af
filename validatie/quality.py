"""Quality checks of the ontology and concept schemes, in the spirit of ROBOT report, OOPS! and FOOPS!.

Each check is a SPARQL query in validatie/checks/ that returns ?entity ?property ?value for every
problem; an empty answer is a pass. The profile below gives each its severity and message.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from graaf.storage.store import Store
from validatie.report import Finding, Report

CHECKS_DIR = Path(__file__).resolve().parent / "checks"
RULE_BASE = "https://data.alliantievankracht.nl/def/vormen#kwaliteit-"


@dataclass(frozen=True)
class Check:
    name: str
    severity: str
    nl: str
    en: str


PROFILE: tuple[Check, ...] = (
    Check("ontbrekend-label", "Violation", "Deze term heeft geen label in deze taal.", "This term has no label."),
    Check(
        "ontbrekende-definitie",
        "Violation",
        "Deze term heeft geen definitie in deze taal.",
        "This term has no definition in this language.",
    ),
    Check(
        "domein-of-bereik-ontbreekt",
        "Violation",
        "Deze eigenschap mist een domein of een bereik.",
        "This property lacks a domain or a range.",
    ),
    Check(
        "weesklasse",
        "Warning",
        "Deze klasse hangt nergens aan: geen bovenklasse, geen onderklasse en geen eigenschap gebruikt haar.",
        "This class is an orphan: no superclass, no subclass, and no property refers to it.",
    ),
    Check(
        "onbekende-term",
        "Violation",
        "Deze term staat niet in de ontologie. Controleer de spelling of voeg de term toe aan kern.ttl.",
        "This term is not declared in the ontology.",
    ),
    Check(
        "broader-cyclus",
        "Violation",
        "Dit begrip is via skos:broader breder dan zichzelf.",
        "This concept is broader than itself through skos:broader.",
    ),
    Check(
        "dubbel-voorkeurslabel",
        "Violation",
        "Twee begrippen in hetzelfde begrippenkader hebben hetzelfde voorkeurslabel.",
        "Two concepts in one scheme share a preferred label.",
    ),
    Check(
        "label-witruimte",
        "Violation",
        "Dit label of deze definitie begint of eindigt met witruimte of bevat een regeleinde.",
        "This label or definition starts or ends with white space or contains a line break.",
    ),
)


@cache
def _query(name: str) -> str:
    return (CHECKS_DIR / f"{name}.rq").read_text(encoding="utf-8")


def quality_report(store: Store) -> Report:
    """Run every check of the profile over the whole store."""
    report = Report()
    for check in PROFILE:
        for row in store.select(_query(check.name)).rows:
            value = row.get("value")
            report.findings.append(
                Finding(
                    focus=str(row["entity"]),
                    severity=check.severity,
                    messages={"nl": check.nl, "en": check.en},
                    shape=RULE_BASE + check.name,
                    path=str(row["property"]) if "property" in row else None,
                    value=None if value is None else str(value),
                )
            )
    return report
