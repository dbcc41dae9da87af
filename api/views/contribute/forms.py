"""The forms: the overview, a new or edited contribution, and its submit, which becomes a proposal.

A submit is checked (privacy, then SHACL) before anything is stored; what fails comes back as the
same form with a message beside each field. Nothing enters the graph here: that is review's job.
"""

import secrets
from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse

from api.signed_in import account, csrf_token
from api.views.contribute.common import (
    KINDS,
    build_draft,
    check_draft,
    form_values,
    ids_of,
    is_ours,
    missing,
    not_editable,
    privacy_errors,
    proposals_of,
    who,
)
from api.views.deps import get_store
from api.views.signin import message
from api.views.templating import language, render
from graaf import Store
from graaf.contributions import fields as forms
from graaf.contributions.build import Author, Context
from graaf.contributions.choices import find
from graaf.contributions.proposals import (
    SUBMITTED,
    ProposalNotFound,
)
from graaf.contributions.write import (
    home_graph,
    own_quads,
    version,
)
from graaf.storage.accounts import Account
from ontologie.namespaces import KERN, PREFIXES

router = APIRouter(include_in_schema=False)


@router.get("/bijdragen")
def overview(request: Request) -> Response:
    if account(request) == (None, False):  # a reader who is not signed in: say what this is and how to start
        return message(
            request,
            200,
            ("Contribute", "Bijdragen"),
            [
                (
                    "Partners of the Alliantie van Kracht add good practices, evidence and what they learn in "
                    "learning evaluation sessions. An editor reads everything before it enters the graph.",
                    "Partners van de Alliantie van Kracht voegen hier goede praktijken, bewijs en wat zij leren in "
                    "lerend-evaluerensessies toe. Een redacteur leest alles voordat het in de graaf komt.",
                ),
                (
                    "You need an account for this. Ask the administrator for an invitation.",
                    "Daarvoor heeft u een account nodig. Vraag de beheerder om een uitnodiging.",
                ),
            ],
            problem=False,
            next_href="/inloggen",
            next_text=("Sign in", "Inloggen"),
        )
    person = who(request)
    if isinstance(person, Response):
        return person
    proposals = proposals_of(request)
    waiting = proposals.listing(SUBMITTED) if person.role.may_write else []
    return render(
        request,
        "bijdragen.html",
        title="Contribute" if language(request) == "en" else "Bijdragen",
        person=person,
        mine=proposals.listing(author=person.actor_id),
        waiting=waiting,
        titles=forms.TITLES,
        kinds=KINDS,
        csrf=csrf_token(request),
    )


@router.get("/bijdragen/bewerk")
def edit_form(request: Request, store: Annotated[Store, Depends(get_store)], ding: str = "") -> Response:
    person = who(request)
    if isinstance(person, Response):
        return person
    graph = home_graph(store, ids_of(request), ding) if is_ours(ding, ids_of(request)) else None
    if graph is None:
        return not_editable(request)
    current = own_quads(store, graph, ding)
    return _form_page(request, store, "bewerk", _values_of(current), {}, [], target=ding, seen=version(current))


@router.get("/bijdragen/{kind}")
def new_form(request: Request, kind: str, store: Annotated[Store, Depends(get_store)], voorstel: str = "") -> Response:
    if kind not in KINDS:
        return missing(request)
    person = who(request)
    if isinstance(person, Response):
        return person
    values: dict[str, list[str]] = {}
    if voorstel:  # "Aanpassen": start again from a proposal of one's own
        try:
            earlier = proposals_of(request).get(voorstel)
        except ProposalNotFound:
            return missing(request)
        if earlier.author == person.actor_id and earlier.kind == kind:
            values = earlier.values
    defaults = {"richting": ["helpt"], "effectsoort": ["beoogd effect"], "bewijsniveau": ["onbekend"]}
    defaults |= {"effect-1-richting": ["helpt"], "effect-1-effectsoort": ["beoogd effect"]}
    for number in (2, 3):
        defaults |= {f"effect-{number}-richting": ["helpt"], f"effect-{number}-effectsoort": ["beoogd effect"]}
    return _form_page(request, store, kind, values or defaults, {}, [])


@router.post("/bijdragen/{kind}")
async def submit_form(request: Request, kind: str) -> Response:
    if kind not in (*KINDS, "bewerk"):
        return missing(request)
    person = who(request)
    if isinstance(person, Response):
        return person
    values = await form_values(request)
    return await run_in_threadpool(_submit, request, kind, person, values)


def _submit(request: Request, kind: str, person: Account, values: dict[str, list[str]]) -> Response:
    store: Store = request.app.state.store
    lang = language(request)
    nonce = (values.pop("nonce", [""]) or [""])[0] or secrets.token_hex(8)
    target = (values.pop("ding", [""]) or [""])[0]
    seen = (values.pop("versie", [""]) or [""])[0]
    if kind != "bewerk":  # only an edit has a target: on a new thing it would make approval replace that target
        target = seen = ""
    # Only what the form draws is kept: a key it does not have would pass no privacy check yet stay in
    # the proposal file.
    declared = {name for *_, name in forms.all_fields(kind)}
    values = {name: items for name, items in values.items() if name in declared}
    if kind == "bewerk" and (
        not is_ours(target, ids_of(request)) or home_graph(store, ids_of(request), target) is None
    ):
        return not_editable(request)
    draft = build_draft(request, store, kind, values, person, "nieuw", target)
    draft.errors = {**privacy_errors(kind, values, lang), **draft.errors}
    general: list[str] = []
    if not draft.errors:
        general, _ = check_draft(store, draft, lang)
    if draft.errors or general:
        return _form_page(request, store, kind, values, draft.errors, general, target=target, seen=seen, nonce=nonce)
    proposal = proposals_of(request).create(
        kind,
        values,
        author=person.actor_id,
        author_name=person.name,
        organisation=person.organisation,
        nonce=nonce,
        target=target,
        version=seen,
    )
    return RedirectResponse(f"/bijdragen/voorstellen/{proposal.id}", status_code=303)


def _form_page(
    request: Request,
    store: Store,
    kind: str,
    values: dict[str, list[str]],
    errors: dict[str, list[str]],
    general: list[str],
    *,
    target: str = "",
    seen: str = "",
    nonce: str = "",
) -> Response:
    lang = language(request)
    ids = ids_of(request)
    ctx = Context(store, ids, Author("", "", ""), "nieuw", "", lang)
    groups = []
    for group in forms.FORMS[kind]:
        for number in range(1, group.repeat + 1):
            items = []
            for item in group.fields:
                name = forms.field_name(group, item, number)
                options = []
                if item.choices in forms.FIXED:
                    options = [(key, en if lang == "en" else nl) for key, nl, en in forms.FIXED[item.choices]]
                elif item.choices:
                    options = [
                        (c.label(lang), c.label(lang)) if item.kind == "datalist" else (c.iri, c.label(lang))
                        for c in ctx.options(item.choices)
                    ]
                chosen = [_shown(ctx, item, v) for v in values.get(name, [])]
                items.append(
                    {"field": item, "name": name, "options": options, "values": chosen, "errors": errors.get(name, [])}
                )
            groups.append(
                {"legend": group.legend(lang, number), "items": items, "optional": group.repeat > 1 and number > 1}
            )
    en = lang == "en"
    title = forms.TITLES[kind][1 if en else 0]
    return render(
        request,
        "bijdragen_formulier.html",
        422 if errors or general else 200,
        title=title,
        kind=kind,
        groups=groups,
        general=general,
        error_count=sum(len(v) for v in errors.values()) + len(general),
        csrf=csrf_token(request),
        nonce=nonce or secrets.token_hex(8),
        target=target,
        seen=seen,
    )


def _shown(ctx: Context, item: forms.Field, value: str) -> str:
    """A value as the form shows it: a name in a datalist, an IRI as the value of a select or checkbox."""
    if not item.choices or item.choices in forms.FIXED:
        return value
    chosen = find(ctx.options(item.choices), value)
    if chosen is None:
        return value
    return chosen.label(ctx.lang) if item.kind == "datalist" else chosen.iri


def _values_of(quads: list[ox.Quad]) -> dict[str, list[str]]:
    """The fields of the edit form, filled from a thing's triples."""
    k, dct = str(KERN), PREFIXES["dcterms"]
    names = {
        (PREFIXES["rdfs"] + "label", "nl"): "naam",
        (PREFIXES["rdfs"] + "label", "en"): "naam_en",
        (k + "doel", "nl"): "doel",
        (dct + "description", "nl"): "beschrijving",
    }
    links = {
        k + "voorDoelgroep": "doelgroep",
        k + "aangebodenDoor": "aanbieder",
        k + "aangebodenIn": "plaats",
        k + "status": "status",
    }
    values: dict[str, list[str]] = {}
    for quad in quads:
        predicate, value = quad.predicate.value, quad.object
        if isinstance(value, ox.Literal) and (predicate, value.language or "") in names:
            values.setdefault(names[(predicate, value.language or "")], []).append(value.value)
        elif isinstance(value, ox.NamedNode) and predicate in links:
            values.setdefault(links[predicate], []).append(value.value)
        elif predicate == PREFIXES["rdf"] + "type" and isinstance(value, ox.NamedNode):
            values["soort"] = ["netwerk" if value.value.endswith("Netwerkactiviteit") else "persoonsgericht"]
    return values
