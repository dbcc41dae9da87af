"""GET /: a short page that says what this is and where to go. The full site comes with the pages issue."""

from html import escape
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse

from api.views.deps import get_store
from graaf import Store

router = APIRouter()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(store: Annotated[Store, Depends(get_store)]) -> str:
    triples = sum(store.counts().values())
    return f"""<!doctype html>
<html lang="nl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kennisgraaf Generatiearmoede</title></head>
<body><main>
<h1>Kennisgraaf Generatiearmoede</h1>
<p>Deze kennisgraaf verbindt mechanismen die armoede doorgeven, de vijf kapitaalvormen, interventies,
hun effecten en het bewijs daarvoor. Hij bevat nu {escape(f"{triples:,}".replace(",", "."))} feiten.</p>
<ul>
<li><a href="/sparql">SPARQL-endpoint</a> (vraag de graaf zelf)</li>
<li><a href="/gezondheid">Status van de server</a></li>
<li><a href="/docs">API-documentatie</a></li>
</ul>
</main></body></html>"""
