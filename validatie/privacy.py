"""The privacy guard: no personal data about families may enter the graph.

The graph holds knowledge about mechanisms and interventions, never about persons. A situation
for a cocktail is an anonymous profile. So any literal that looks like a citizen service number
(BSN), an e-mail address, a phone number or a birth date tied to a person is refused, except the
public contact data of an organisation on the few properties meant for it.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, RDF
from rdflib.term import Identifier

from ontologie.namespaces import KERN

# Properties that may carry an organisation's public contact data.
CONTACT_PROPERTIES = {
    FOAF.mbox,
    FOAF.phone,
    URIRef("https://schema.org/email"),
    URIRef("https://schema.org/telephone"),
    URIRef("http://www.w3.org/2006/vcard/ns#hasEmail"),
    URIRef("http://www.w3.org/2006/vcard/ns#hasTelephone"),
}
ORGANISATION_TYPES = {KERN.Organisatie, KERN.Werkgroep, URIRef("http://www.w3.org/ns/org#Organization")}

# Digits may be grouped by spaces, dots or hyphens ("111-222-333"). A longer number (an ISBN, an IBAN) is
# not cut into a nine-digit piece, and a run that goes on into letters ("20261207-7a8ff59c", the id of a
# proposal) is a code; a file extension after it ("BSN 123456782.csv") is no such letter.
_DIGITS9 = re.compile(r"(?<![\d.,-])\d(?:[ .-]?\d){8}(?!\w|-\w|[.,]\d)")
# A checksum or other hexadecimal code (16+ characters of 0-9 and a-f) is no place for a BSN, though
# its digits may pass the eleven test by chance; "BSN123456782" or "klant123456782" is, and is caught.
_HEX_CODE = re.compile(r"[0-9a-fA-F]{16,}")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Dutch numbers as people write them: "06-12345678", "06.12345678", "(050) 123 45 67", "050/1234567".
_SEP = r"[\s./()-]*"
_PHONE = re.compile(rf"(?<![\w+.,])\(?(?:\+31|0031|0){_SEP}(?:\(0\){_SEP})?[1-9](?:{_SEP}\d){{8}}(?!\d)")
# Characters that show nothing but would split a number or an address past the patterns.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff"))
_MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
_DATE = rf"(?:\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:19|20)\d{{2}}|\d{{1,2}} (?:{_MONTHS}) (?:19|20)\d{{2}})"
_BIRTH = re.compile(rf"(?:geboren|geb\.|geboortedatum|born|date of birth)\W{{0,5}}(?:op\s+)?{_DATE}", re.IGNORECASE)


@dataclass(frozen=True)
class PrivacyFinding:
    """One literal that looks like personal data."""

    subject: str
    predicate: str
    kind: str
    excerpt: str

    def message(self, language: str = "nl") -> str:
        texts = {
            "bsn": ("een burgerservicenummer (BSN)", "a citizen service number (BSN)"),
            "email": ("een e-mailadres", "an e-mail address"),
            "telefoon": ("een telefoonnummer", "a phone number"),
            "geboortedatum": ("een geboortedatum", "a birth date"),
        }
        nl, en = texts[self.kind]
        if language == "en":
            return f"This text contains {en} ('{self.excerpt}'). Personal data about families is not stored."
        return f"Deze tekst bevat {nl} ('{self.excerpt}'). Persoonsgegevens van gezinnen slaan we niet op."


def is_bsn(digits: str) -> bool:
    """The eleven test (elfproef) for a Dutch citizen service number of nine digits."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0


def normalise(text: str) -> str:
    """The text as the patterns should see it: full-width and other look-alike forms folded (NFKC, so
    "＠" is "@" and "０６" is "06") and invisible characters removed, which someone could use to slip
    a phone number or address past the guard."""
    return unicodedata.normalize("NFKC", text).translate(_INVISIBLE)


def scan_text(text: str) -> list[tuple[str, str]]:
    """(kind, excerpt) for every piece of personal data found in a text; excerpts are normalised."""
    text = normalise(text)
    found: list[tuple[str, str]] = []
    codes = [m.span() for m in _HEX_CODE.finditer(text)]
    for match in _DIGITS9.finditer(text):
        digits = re.sub(r"[ .-]", "", match.group())
        inside_code = any(start <= match.start() and match.end() <= end for start, end in codes)
        if is_bsn(digits) and not inside_code:
            found.append(("bsn", match.group()))
    found += [("email", m.group()) for m in _EMAIL.finditer(text)]
    found += [("telefoon", m.group().strip()) for m in _PHONE.finditer(text)]
    found += [("geboortedatum", m.group()) for m in _BIRTH.finditer(text)]
    return found


def scan_graph(graph: Graph, subjects: Iterable[Identifier] | None = None) -> list[PrivacyFinding]:
    """Every literal in the graph (or of the given subjects) that carries personal data."""
    organisations = {s for t in ORGANISATION_TYPES for s in graph.subjects(RDF.type, t)}
    wanted = None if subjects is None else set(subjects)
    findings = []
    for s, p, o in graph:
        if not isinstance(o, Literal) or (wanted is not None and s not in wanted):
            continue
        if p in CONTACT_PROPERTIES and s in organisations:
            continue
        for kind, excerpt in scan_text(str(o)):
            findings.append(PrivacyFinding(str(s), str(p), kind, excerpt))
    return findings
