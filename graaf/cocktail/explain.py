"""The explanation of a cocktail: why each intervention, what stays uncovered, what just missed.

One data structure (plain dicts, ready for JSON) and a Dutch text at language level B1 built from it,
so programs and professionals get the same content.
"""

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from graaf.cocktail.candidates import Link, Pool
from graaf.cocktail.search import Choice, Problem
from graaf.cocktail.situation import Resolved
from graaf.cocktail.vocabulary import Vocabulary
from graaf.storage.store import Store

QUERY = (Path(__file__).resolve().parent / "queries" / "cocktail-bewijs.rq").read_text(encoding="utf-8")

RELATION_NL = {
    "direct": "werkt op {target}",
    "smaller": "werkt op {target}, een deel van {need}",
    "breder": "werkt op {target}, waar {need} onder valt",
    "versterkend": "werkt op {target}, dat {need} versterkt",
}
OUTSIDE_NL = (
    "{place} ligt niet in de Veenkoloniën, of staat niet in de graaf. Daarom staat hier alleen wat in heel "
    "Nederland wordt aangeboden."
)
GAP_NL = {
    "geen-interventie": "Er staat in de graaf geen interventie die hierop werkt.",
    "bewijs": "Er zijn wel interventies, maar geen met het gevraagde bewijsniveau.",
    "doelgroep": "Er zijn wel interventies, maar niet voor deze doelgroep.",
    "plaats": "Er zijn wel interventies, maar niet in of rond deze plaats.",
    "idee": "Er zijn alleen ideeën voor interventies die nog niet worden uitgevoerd.",
    "niet-gekozen": "Er zijn wel interventies, maar ze pasten niet meer (maximum, belasting of botsing).",
}


@dataclass
class Suggestion:
    situation: dict[str, object]
    chosen: list[dict[str, object]] = field(default_factory=list)
    uncovered: list[dict[str, object]] = field(default_factory=list)
    alternatives: list[dict[str, object]] = field(default_factory=list)
    score: float = 0.0
    method: str = ""
    candidates: int = 0
    queries: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "situatie": self.situation,
            "interventies": self.chosen,
            "niet_gedekt": self.uncovered,
            "alternatieven": self.alternatives,
            "score": self.score,
            "methode": self.method,
            "aantal_kandidaten": self.candidates,
            "sparql": self.queries,
        }

    def text(self) -> str:
        """The explanation in plain Dutch, for a professional."""
        lines = []
        outside = self.situation.get("plaats_buiten_regio")
        if isinstance(outside, dict):
            lines.append(str(outside["uitleg"]))
        if self.chosen:
            lines.append(f"Voorstel: {len(self.chosen)} interventie(s) die samen passen bij deze situatie.")
        else:
            lines.append("Er is geen interventie gevonden die past bij deze situatie.")
        for number, item in enumerate(self.chosen, start=1):
            lines.append(f"\n{number}. {item['label']}")
            for reason in item["waarom"]:  # type: ignore[attr-defined]
                note = f" ({reason['duiding']})" if reason.get("duiding") else ""
                lines.append(f"   - {reason['zin']}{note}")
                for evidence in reason["bewijs"]:
                    citation = f" Bron: {evidence['bron']}" if evidence.get("bron") else ""
                    lines.append(f"     Bewijs: {evidence['niveau']} ({evidence['kennisbron']}).{citation}")
            if item["aanbieders"]:
                lines.append(f"   Wie biedt het aan: {', '.join(item['aanbieders'])}.")  # type: ignore[arg-type]
        if self.uncovered:
            lines.append("\nNiet gedekt:")
            lines += [f"- {gap['label']}: {gap['uitleg']}" for gap in self.uncovered]
        if self.alternatives:
            lines.append("\nOok overwogen:")
            lines += [f"- {alt['label']}: {alt['uitleg']}" for alt in self.alternatives]
        return "\n".join(lines) + "\n"


def explain(
    store: Store, pool: Pool, problem: Problem, choice: Choice, resolved: Resolved, vocab: Vocabulary
) -> Suggestion:
    links = [link for iri in choice.members for link in pool.candidates[iri].links.values()]
    evidence = _evidence(store, {e for link in links for e in link.evidence}, pool)
    suggestion = Suggestion(
        situation=_situation(resolved, vocab),
        score=choice.score,
        method=choice.method,
        candidates=len(pool.candidates),
        queries=pool.queries,
    )
    for iri in choice.members:
        candidate = pool.candidates[iri]
        reasons = [
            _reason(link, vocab, evidence, candidate.status)
            for link in sorted(candidate.links.values(), key=lambda x: x.need)
        ]
        capital = sorted(
            vocab.label(link.target) for link in candidate.links.values() if "/kapitaalvorm/" in link.target
        )
        suggestion.chosen.append(
            {
                "iri": iri,
                "label": candidate.label,
                "soort": "netwerkactiviteit" if candidate.network else "persoonsgericht",
                "waarom": reasons
                or [{"zin": "Nodig als voorwaarde voor een andere gekozen interventie.", "bewijs": []}],
                "kapitaalvormen": capital,
                "aanbieders": sorted(candidate.providers.values()),
                "plaatsen": sorted(vocab.label(p) for p in candidate.places),
                "belasting": candidate.burden,
                "bijeffecten": [vocab.label(target) for _, target in candidate.harms],
            }
        )
    covered = {link.need for link in links}
    for need in resolved.needs:
        if need.iri in covered:
            continue
        reasons = set(pool.dropped.get(need.iri, {}).values())
        addressed = any(need.iri in c.links for c in pool.candidates.values())
        code = (
            "niet-gekozen"
            if addressed
            else "bewijs"
            if "bewijs" in reasons
            else "doelgroep"
            if "doelgroep" in reasons
            else "plaats"
            if "plaats" in reasons
            else "idee"
            if "idee" in reasons
            else "geen-interventie"
        )
        suggestion.uncovered.append({"iri": need.iri, "label": need.label, "reden": code, "uitleg": GAP_NL[code]})
    suggestion.alternatives = _alternatives(pool, problem, choice)
    for item in suggestion.chosen:
        item["gelijkwaardig"] = [a["iri"] for a in suggestion.alternatives if a.get("gelijk_aan") == item["iri"]]
    return suggestion


# What a "Werkt op" line may claim: a professional must see whether a source states the link, whether
# the effect is only intended or has been shown, and whether the intervention runs at all.
SHOWN_RANK = 3  # "effectief volgens eerste aanwijzingen" and higher: a databank judged the effect shown
STATUS_NL = {"lopend": "wordt uitgevoerd", "gepland": "nog gepland", "idee": "nog een idee", "afgerond": "afgerond"}
STATUS_EN = {"lopend": "running", "gepland": "still planned", "idee": "still an idea", "afgerond": "finished"}


def _reason(link: Link, vocab: Vocabulary, evidence: dict[str, dict[str, str]], status: str) -> dict[str, object]:
    sentence = RELATION_NL[link.relation].format(target=vocab.label(link.target), need=vocab.label(link.need))
    herkomst = "expliciet" if link.stated else "interpretatie"
    soort = "bijeffect" if link.kind.endswith("/bijeffect") else "beoogd"
    shown = link.rank >= SHOWN_RANK
    state = status.rsplit("/", 1)[-1]
    return {
        "behoefte": link.need,
        "doelwit": link.target,
        "relatie": link.relation,
        "effect": link.effect,
        "zin": sentence[0].upper() + sentence[1:] + ".",
        "herkomst": herkomst,
        "effectsoort": soort,
        "aangetoond": shown,
        "status": state,
        "duiding": _note(herkomst, soort, shown, bool(link.evidence), state, "nl"),
        "duiding_en": _note(herkomst, soort, shown, bool(link.evidence), state, "en"),
        "bewijs": [evidence[e] for e in link.evidence if e in evidence],
        "score": round(link.score, 4),
    }


def _note(herkomst: str, soort: str, shown: bool, studied: bool, state: str, lang: str) -> str:
    """One short clause that says how much the line claims."""
    nl = lang == "nl"
    parts = [
        ("de bron noemt dit" if nl else "the source states this")
        if herkomst == "expliciet"
        else ("interpretatie van de redactie" if nl else "the editors' interpretation")
    ]
    if soort == "bijeffect":
        parts.append("bijeffect" if nl else "side effect")
    elif shown:
        parts.append("effect aangetoond volgens een databank" if nl else "effect shown according to a databank")
    elif studied:
        parts.append("beoogd, nog niet aangetoond" if nl else "intended, not yet shown")
    else:
        parts.append("beoogd, nog niet onderzocht" if nl else "intended, not yet studied")
    if state:
        parts.append((STATUS_NL if nl else STATUS_EN).get(state, state))
    return "; ".join(parts)


def _evidence(store: Store, iris: set[str], pool: Pool) -> dict[str, dict[str, str]]:
    if not iris:
        return {}
    terms = " ".join(str(ox.NamedNode(i)) for i in sorted(iris))
    query = QUERY.replace("#BEWIJS#", f"VALUES ?bewijs {{ {terms} }}")
    pool.queries.append(query)
    found = {}
    for row in store.values(query):
        found[row["bewijs"]] = {
            "iri": row["bewijs"],
            "niveau": row["niveau"],
            "kennisbron": row["kennisbron"],
            "bron": row.get("citaat", ""),
            # The concepts too, so a page in another language can show their own labels.
            "niveau_iri": row["niveauBegrip"],
            "kennisbron_iri": row["kennisbronBegrip"],
        }
    return found


def _alternatives(pool: Pool, problem: Problem, choice: Choice) -> list[dict[str, object]]:
    chosen = set(choice.members)
    rest = [i for i in problem.order if i not in chosen and pool.candidates[i].links]
    out = []
    for iri in rest[: problem.weights.alternatives]:
        grown = tuple(sorted(chosen | {iri} | pool.requires.get(iri, set())))
        if len(grown) > problem.resolved.k:
            why = f"Het maximum van {problem.resolved.k} interventies was bereikt."
        elif sum(pool.candidates[i].burden for i in grown if i in pool.candidates) > problem.resolved.budget:
            why = "Samen met de gekozen interventies zou dit te zwaar zijn voor het gezin."
        elif any(frozenset((iri, c)) in pool.clash for c in chosen):
            why = "Botst met een gekozen interventie."
        elif any(frozenset((iri, c)) in pool.overlap for c in chosen):
            why = "Overlapt met een gekozen interventie."
        else:
            why = "Voegt minder toe dan de gekozen interventies."
        tie = _tie(pool, iri, chosen)
        entry: dict[str, object] = {"iri": iri, "label": pool.candidates[iri].label, "uitleg": why}
        if tie:
            # Equal options are not "less": the search had to pick one, and says so.
            entry["uitleg"] = f"Even sterk als {pool.candidates[tie].label}: de keuze tussen beide is vrij."
            entry["gelijk_aan"] = tie
        out.append(entry)
    return out


def _tie(pool: Pool, iri: str, chosen: set[str]) -> str | None:
    """A chosen intervention this one could replace with the same score and burden, if any."""
    other = pool.candidates[iri]
    for member in sorted(chosen):
        mine = pool.candidates[member]
        if (
            set(mine.links) == set(other.links)
            and abs(mine.coverage - other.coverage) < 1e-9
            and mine.burden == other.burden
            and not mine.harms
            and not other.harms
        ):
            return member
    return None


def _situation(resolved: Resolved, vocab: Vocabulary) -> dict[str, object]:
    return {
        "behoeften": [{"iri": n.iri, "label": n.label, "soort": n.kind} for n in resolved.needs],
        "doelgroep": resolved.target_group
        and {"iri": resolved.target_group, "label": vocab.label(resolved.target_group)},
        "plaats": resolved.place and {"iri": resolved.place, "label": vocab.label(resolved.place)},
        "plaats_buiten_regio": resolved.outside_place
        and {
            "naam": resolved.outside_place,
            "uitleg": OUTSIDE_NL.format(place=resolved.outside_place),
            "bedoelt_u": resolved.outside_hints,
        },
        "maximum": resolved.k,
        "minimaal_bewijsniveau": resolved.min_rank,
        "draagkracht": resolved.capacity and vocab.label(resolved.capacity),
        "belastingsbudget": resolved.budget,
        "uitgesloten": sorted(resolved.exclude),
        "ideeen_meegenomen": resolved.include_ideas,
    }
