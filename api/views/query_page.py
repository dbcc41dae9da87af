"""The query page at /sparql for browsers: an editor, the example queries, results as a table.

Everything it needs comes from this server (api/static/): no CDN, no web fonts, no outside calls,
so it works offline and leaks nothing about what the lab asks.
"""

from functools import lru_cache
from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from graaf import Settings
from graaf.storage.named_queries import named_queries, with_defaults
from ontologie.namespaces import id_base, sparql_prefixes

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
STATIC = Path(__file__).resolve().parent.parent / "static"
_START = """SELECT ?interventie ?naam
WHERE {
  ?interventie a/rdfs:subClassOf* kern:Interventie ;
               rdfs:label ?naam .
  FILTER(lang(?naam) = "nl")
}
ORDER BY ?naam
LIMIT 20
"""


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


def _examples(base: str) -> list[dict[str, object]]:
    examples = [
        {
            "naam": q.name,
            "titel": q.title,
            "beschrijving": q.description,
            "tekst": with_defaults(q, base),
            "api": f"/api/queries/{q.name}",
            "voorbeeld": "voorbeeld" in q.tags,
        }
        for q in named_queries()
    ]
    # The lab's questions first, then the other named queries.
    return sorted(examples, key=lambda e: (not e["voorbeeld"], str(e["titel"])))


def query_page(request: Request, query: str) -> HTMLResponse:
    settings: Settings = request.app.state.settings
    prefixes = sparql_prefixes() + f"PREFIX id: <{id_base(settings.base_iri)}>\n"
    page = (
        _environment()
        .get_template("sparql.html")
        .render(
            query=query or prefixes + "\n" + _START,
            examples=_examples(settings.base_iri),
            row_limit=settings.query_row_limit,
            timeout=f"{settings.query_timeout_s:g}",
        )
    )
    return HTMLResponse(page, headers={"Vary": "Accept"})
