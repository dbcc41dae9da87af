"""The Markdown of the benchmark suite: one table per measure, a column per graph size, ratios in the cells."""

from collections.abc import Callable

Row = dict[str, object]


def _cell(result: object, key: str = "mediaan", unit: str = "") -> str:
    if not isinstance(result, dict):
        return "–"
    if "afgebroken_na_s" in result:
        return f"> {result['afgebroken_na_s']} s"
    if "overgeslagen_verwacht_s" in result:
        return f"overgeslagen (verwacht {result['overgeslagen_verwacht_s']} s)"
    value = result.get(key)
    return "–" if value is None else f"{value:,.1f}{unit}"


def _ratio(top: object, bottom: object, key: str = "mediaan") -> str:
    if not (isinstance(top, dict) and isinstance(bottom, dict)) or not top.get(key) or not bottom.get(key):
        return "–"
    return f"{top[key] / bottom[key]:.2f}x"  # type: ignore[operator]


def _table(
    title: str, columns: dict[str, Row], rows: list[tuple[str, Callable[[Row], str]]], note: str = ""
) -> list[str]:
    """A Markdown table with a row per measure and a column per graph size."""
    lines = [f"### {title}", ""]
    if note:
        lines += [note, ""]
    lines += ["| meting | " + " | ".join(columns) + " |", "|---|" + "---:|" * len(columns)]
    lines += [f"| {name} | " + " | ".join(get(r) for r in columns.values()) + " |" for name, get in rows]
    return [*lines, ""]


def _get(row: Row, *path: str) -> object:
    value: object = row
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _prepared(row: Row) -> object:
    return _get(row, "cocktail_ms", "voorbereid")


def tables(info: dict[str, object], results: dict[str, Row]) -> str:
    machine = info["machine"]
    lines = [
        "## Benchmark-suite",
        "",
        f"Machine: {machine['kernen']} kernen, {machine['geheugen_mb']:,} MB geheugen, Python "  # type: ignore[index]
        f"{machine['python']}, {machine['systeem']}. Belasting (load average 1/5/15 min) bij de start "  # type: ignore[index]
        f"{info['belasting_bij_start']}, aan het eind {info['belasting_bij_einde']}: de machine werd gedeeld. "
        f"{info['datum']}, duur {info['duur_s']} s. Opdracht: `{info['opdracht']}`.",
        "",
        "Per grootte: triples (meegeleverde + fictieve gegevens), wanneer gemeten en de belasting bij de start: "
        + "; ".join(
            f"{s}: {r.get('triples', 0):,} ({r.get('datum', '?')}, belasting {r.get('belasting_bij_start', '?')}"
            + ("; onvolledig: de run stopte voor het einde" if r.get("onvolledig") else "")
            + ")"
            for s, r in results.items()
        )
        + ". Cellen: mediaan; tussen haakjes de verhouding tot de referentie in dezelfde run.",
        "",
    ]
    lines += _load(results)
    lines += _queries(results)
    lines += _embedded(results)
    lines += _http(results)
    return "\n".join(lines)


def _load(columns: dict[str, Row]) -> list[str]:
    def speed(name: str) -> Callable[[Row], str]:
        def get(row: Row) -> str:
            loads = row.get("laden_s", {})
            result, bulk = _get(row, "laden_s", name), _get(row, "laden_s", "pyoxigraph bulk_load")
            if not isinstance(result, dict) or not isinstance(loads, dict):
                return "–"
            rate = loads["triples"] / result["mediaan"]
            return f"{result['mediaan']:.1f} s, {rate:,.0f}/s ({_ratio(bulk, result)})"

        return get

    names = ["pyoxigraph bulk_load", "kennisgraaf zonder validatie", "kennisgraaf met validatie"]
    rows = [(n, speed(n)) for n in [*names, "rdflib Graph.parse (geheugen)"]]
    return _table(
        "Laden (N-Triples, elk in een nieuwe opslag)",
        columns,
        rows,
        "Seconden, triples per seconde, en (tussen haakjes) de snelheid als deel van die van pyoxigraphs bulk_load. "
        "Onze import = `kennisgraaf importeer` (lezen, PROV, één transactie; met validatie ook SHACL). "
        "– = niet gemeten bij die grootte (te traag voor de run; zie de grenzen in suite.json).",
    )


def _queries(columns: dict[str, Row]) -> list[str]:
    names: list[str] = []
    for row in columns.values():
        names += [n for n in row.get("queries_ms", {}) if n not in names]  # type: ignore[union-attr]

    def cell(name: str) -> Callable[[Row], str]:
        def get(row: Row) -> str:
            ours, oxi, rdf = (_get(row, "queries_ms", name, k) for k in ("kennisgraaf", "pyoxigraph", "rdflib"))
            text = f"{_cell(ours)} ({_ratio(ours, oxi)})"
            return text + (f"; rdflib {_cell(rdf)}" if rdf is not None else "")

        return get

    return _table(
        "Voorbeeldqueries (graaf/queries/*.rq), ms",
        columns,
        [(n, cell(n)) for n in names],
        "Onze façade (`Store.select`, rijen als rdflib-termen); tussen haakjes de tijd als veelvoud van pyoxigraph "
        "rechtstreeks (1,00x = even snel); daarna rdflib in het geheugen (alleen bij kleinere grafen, "
        "na 20 s afgebroken).",
    )


def _embedded(columns: dict[str, Row]) -> list[str]:
    def export(name: str) -> Callable[[Row], str]:
        def get(row: Row) -> str:
            result, dump = _get(row, "export_s", name), _get(row, "export_s", "pyoxigraph dump")
            if not isinstance(result, dict) or not isinstance(dump, dict):
                return "–"
            share = dump["mediaan_s"] / result["mediaan_s"]
            return f"{result['triples_per_s']:,}/s ({share:.0%})"

        return get

    rows = [
        ("cocktail p50", lambda r: _cell(r.get("cocktail_ms"), "p50_ms")),
        ("cocktail p95 (doel bij 1M: < 500 ms)", lambda r: _cell(r.get("cocktail_ms"), "p95_ms")),
        ("cocktail voorbereiden (s, eens per versie)", lambda r: _cell(_prepared(r), "voorbereiden_s")),
        ("cocktail na voorbereiden p50", lambda r: _cell(_prepared(r), "p50_ms")),
        ("cocktail na voorbereiden p95", lambda r: _cell(_prepared(r), "p95_ms")),
        (
            "verwante interventies: netwerk bouwen (eens per versie)",
            lambda r: _cell(r.get("verwant_ms"), "netwerk_ms"),
        ),
        ("verwante interventies p50", lambda r: _cell(r.get("verwant_ms"), "mediaan")),
        ("verwante interventies p95", lambda r: _cell(r.get("verwant_ms"), "p95")),
        ("validatie van een import van ~1.000 triples, mediaan", lambda r: _cell(r.get("validatie_import_ms"))),
        ("validatie van die import, p95", lambda r: _cell(r.get("validatie_import_ms"), "p95")),
        ("export N-Triples: pyoxigraph dump", export("pyoxigraph dump")),
        ("export N-Triples: onze export (deel van dump)", export("kennisgraaf export")),
    ]
    return _table("In het proces (ms, tenzij anders vermeld)", columns, rows)


def _http(columns: dict[str, Row]) -> list[str]:
    def rate(server: str, query: str) -> Callable[[Row], str]:
        return lambda r: _cell(_get(r, "http", "sparql", server, query), "verzoeken_per_s")

    def versus(server: str, other: str, query: str) -> Callable[[Row], str]:
        return lambda r: _ratio(
            _get(r, "http", "sparql", server, query), _get(r, "http", "sparql", other, query), "verzoeken_per_s"
        )

    servers = ["kennisgraaf", "kennisgraaf (zonder cache)", "oxigraph serve", "rdflib-endpoint"]
    rows = [(f"{s}: {q}", rate(s, q)) for q in ("aggregatie", "opzoeken") for s in servers]
    rows += [
        (
            "aggregatie: kennisgraaf / oxigraph serve (doel ≥ 0.9)",
            versus("kennisgraaf", "oxigraph serve", "aggregatie"),
        ),
        (
            "aggregatie: kennisgraaf / rdflib-endpoint (doel ≥ 30)",
            versus("kennisgraaf", "rdflib-endpoint", "aggregatie"),
        ),
        ("opzoeken: kennisgraaf / oxigraph serve (≥ 0.25)", versus("kennisgraaf", "oxigraph serve", "opzoeken")),
        (
            "aggregatie zonder cache / oxigraph serve",
            versus("kennisgraaf (zonder cache)", "oxigraph serve", "aggregatie"),
        ),
        ("opzoeken zonder cache / oxigraph serve", versus("kennisgraaf (zonder cache)", "oxigraph serve", "opzoeken")),
    ]
    lines = _table(
        "SPARQL over HTTP (verzoeken per seconde, wrk, 8 verbindingen)",
        columns,
        rows,
        "Elke server alleen op 127.0.0.1, met dezelfde gegevens; kennisgraaf zoals hij geleverd wordt (met "
        "antwoordcache) en zonder cache. rdflib-endpoint alleen bij kleinere grafen (laden duurt te lang).",
    )
    page_names = ["home", "zoeken", "interventie", "cocktail", "mechanisme", "bewijskaart"]
    page_rows = [
        (f"{p}: p95 ms (verzoeken/s)", lambda r, p=p: _page(_get(r, "http", "paginas", p))) for p in page_names
    ]
    page_rows += [
        (f"{p}, steeds nieuw: p95 ms (verzoeken/s)", lambda r, p=p: _page(_get(r, "http", "paginas_zonder_cache", p)))
        for p in page_names
    ]
    page_rows += [
        ("piekgeheugen kennisgraaf serve, MB (doel < 1.500)", lambda r: _mb(r, "kennisgraaf")),
        ("piekgeheugen oxigraph serve, MB", lambda r: _mb(r, "oxigraph serve")),
    ]
    lines += _table(
        "HTML-pagina's onder 8 gelijktijdige clients (doel: p95 < 200 ms) en geheugen",
        columns,
        page_rows,
        "Eerst elke pagina zoals geleverd: elk adres is al eens gevraagd, dus uit de paginacache. Dan 'steeds "
        "nieuw': een server zonder pagina- en antwoordcache, elke pagina opnieuw gemaakt; wat voor de hele graaf "
        "eens per versie wordt gebouwd (zoekindex, netwerk, bewijskaart) is na het eerste verzoek klaar, maar een "
        "cocktail met nieuwe mechanismen leest zijn rijen nog (opwarmen staat in de suite uit). "
        "Tussen haakjes ook 'alleen': één verzoek, zonder andere clients, opnieuw gemaakt (ms). "
        "Piekgeheugen: VmHWM van het serverproces; bij kennisgraaf plus zijn query-werkprocessen.",
    )
    return lines


def _page(result: object) -> str:
    if not isinstance(result, dict):
        return "–"
    if "fout" in result:
        return "geen antwoord binnen 300 s"
    if not result.get("verzoeken"):
        return f"geen verzoek af in {result['seconden']} s"
    alone = f"; alleen {result['alleen_ms']:,.0f}" if "alleen_nogmaals_ms" in result else ""
    return f"{result['p95_ms']:,.1f} ({result['verzoeken_per_s']:,.0f}/s{alone})"


def _mb(row: Row, server: str) -> str:
    value = _get(row, "http", "piekgeheugen_mb", server)
    return "–" if value is None else f"{value:,.0f}"
