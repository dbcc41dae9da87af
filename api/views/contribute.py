"""The browser's write path: forms, preview, proposals, review, history and undo, under /bijdragen.

Every submit goes through the same steps as an import: the privacy guard field by field, then SHACL
on the whole change against the graph as it is; nothing is stored until both pass. A contributor's
submit becomes a proposal; an editor's approval writes it as one transaction into its own named
graph with PROV (graaf.contributions.write). Each step is a compare-and-set on the proposal, so a
double submit or two editors approving at once write once.
"""

import secrets
from dataclasses import replace
from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse
from rdflib import URIRef

from api.signed_in import account, csrf_token
from api.views.deps import get_store
from api.views.signin import message
from api.views.templating import language, render
from graaf import Store
from graaf.accounts import Account
from graaf.contributions import fields as forms
from graaf.contributions.build import Author, Context, Draft, is_iri, practice
from graaf.contributions.choices import find
from graaf.contributions.kinds import BUILDERS
from graaf.contributions.proposals import (
    APPROVED,
    DRAFT,
    SENT_BACK,
    SUBMITTED,
    UNDONE,
    Proposal,
    ProposalNotFound,
    ProposalStore,
)
from graaf.contributions.write import (
    ChangedMeanwhile,
    contribution_graph,
    history,
    home_graph,
    own_quads,
    save,
    undo,
    version,
)
from graaf.describe import Labeller
from graaf.errors import ValidationFailed
from graaf.imports import log_path
from ontologie.namespaces import KERN, PREFIXES, id_base
from validatie import ShaclValidator
from validatie.privacy import PrivacyFinding, scan_text

router = APIRouter(include_in_schema=False)
KINDS = ("praktijk", "effect", "bewijs", "sessie", "experiment")
Who = Account | Response


# -- who may do what -----------------------------------------------------------------------------


def _who(request: Request, *, review: bool = False) -> Who:
    """The signed-in account that may propose (or, with review, approve); a Dutch refusal page otherwise."""
    person, expired = account(request)
    back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    sign_in = f"/inloggen?terug={back}"
    if person is None and expired:
        return message(
            request,
            401,
            ("Session expired", "Sessie verlopen"),
            [
                (
                    "You were signed in too long ago. Nothing was saved.",
                    "U bent te lang geleden ingelogd. Er is niets opgeslagen.",
                ),
                ("Sign in again and fill in the form once more.", "Log opnieuw in en vul het formulier nog eens in."),
            ],
            next_href=sign_in,
            next_text=("Sign in", "Inloggen"),
        )
    if person is None:
        if request.method == "GET":
            return RedirectResponse(sign_in, status_code=303)
        return message(
            request,
            401,
            ("Not signed in", "Niet ingelogd"),
            [("Sign in first. Nothing was saved.", "Log eerst in. Er is niets opgeslagen.")],
            next_href=sign_in,
            next_text=("Sign in", "Inloggen"),
        )
    allowed = person.role.may_write if review else person.role.may_propose
    if not allowed:
        what = (
            ("approve or undo changes", "wijzigingen goedkeuren of ongedaan maken")
            if review
            else ("add", "iets toevoegen")
        )
        return message(
            request,
            403,
            ("Not allowed", "Niet toegestaan"),
            [
                (
                    f"With the role '{person.role.value}' you may read, but not {what[0]}. Nothing was saved.",
                    f"Met de rol '{person.role.value}' mag u lezen, maar niet {what[1]}. Er is niets opgeslagen.",
                )
            ],
        )
    return person


def _author(person: Account) -> Author:
    return Author(person.actor_id, person.name, person.organisation)


def _proposal_author(proposal: Proposal) -> Author:
    return Author(proposal.author, proposal.author_name, proposal.organisation)


def _named(request: Request, author: Author) -> Author:
    """The author with the opaque id PROV will name, never the login name; only a write needs it."""
    return replace(author, public=request.app.state.accounts.pseudonym(author.actor))


def _proposals(request: Request) -> ProposalStore:
    store: ProposalStore = request.app.state.proposals
    return store


def _ids(request: Request) -> str:
    return id_base(request.app.state.settings.base_iri)


# -- reading a form ------------------------------------------------------------------------------


async def _values(request: Request) -> dict[str, list[str]]:
    form = await request.form()
    values: dict[str, list[str]] = {}
    for key, item in form.multi_items():
        if isinstance(item, str) and key not in ("csrftoken",):
            values.setdefault(key, []).append(item)
    return values


def _privacy(kind: str, values: dict[str, list[str]], lang: str) -> dict[str, list[str]]:
    """The privacy guard on every field a person types into, so the message names the field."""
    errors: dict[str, list[str]] = {}
    for _, item, _, name in forms.all_fields(kind):
        if not item.typed:
            continue
        for text in values.get(name, []):
            for found, excerpt in scan_text(text):
                errors.setdefault(name, []).append(PrivacyFinding("", "", found, excerpt).message(lang))
    return errors


def _check(store: Store, draft: Draft, lang: str) -> tuple[list[str], list[str]]:
    """SHACL and privacy on the whole change: messages put beside their field; (general errors, warnings)."""
    from graaf.changes import Change

    report = ShaclValidator(bounded=True).validate_change(store, Change(add=draft.quads))
    general, warnings = [], []
    for finding in report.findings:
        text = finding.message(lang)
        if finding.severity == "Violation":
            name = draft.located.get((finding.focus, finding.path or ""))
            if name:
                draft.errors.setdefault(name, []).append(text)
            elif text not in general:
                general.append(text)
        elif finding.severity == "Warning" and finding.focus in draft.subjects:
            if finding.shape.endswith("Label-en"):  # the rule speaks RDF; say it in words for people
                text = (
                    "There is no English name yet. That is allowed; an editor can add one later."
                    if lang == "en"
                    else "Er is nog geen Engelse naam. Dat mag; een redacteur kan die later toevoegen."
                )
            if text not in warnings:
                warnings.append(text)
    return general, warnings


# -- pages ---------------------------------------------------------------------------------------


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
    person = _who(request)
    if isinstance(person, Response):
        return person
    proposals = _proposals(request)
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


@router.get("/bijdragen/voorstellen")
def waiting_list(request: Request) -> Response:
    person = _who(request, review=True)
    if isinstance(person, Response):
        return person
    proposals = _proposals(request)
    return render(
        request,
        "bijdragen.html",
        title="Proposals to review" if language(request) == "en" else "Voorstellen om te beoordelen",
        person=person,
        mine=[],
        waiting=proposals.listing(SUBMITTED),
        done=proposals.listing(APPROVED, SENT_BACK, UNDONE)[:50],
        titles=forms.TITLES,
        kinds=(),
        csrf=csrf_token(request),
    )


@router.get("/bijdragen/geschiedenis")
def history_page(
    request: Request, store: Annotated[Store, Depends(get_store)], ding: Annotated[str, Query(max_length=2000)] = ""
) -> Response:
    """Who changed this thing when, from the PROV in the bookkeeping graph; open to every reader."""
    person, _ = account(request)
    lang = language(request)
    ids = _ids(request)
    label = Labeller(store, lang)
    rows = history(store, request.app.state.settings.base_iri, ding) if _ours(ding, ids) else []
    proposals = _proposals(request)
    entries = []
    for row in rows:
        try:
            proposal: Proposal | None = proposals.get(row["naam"])
        except ProposalNotFound:
            proposal = None
        entries.append({"row": row, "proposal": proposal})
    editable = _ours(ding, ids) and home_graph(store, ids, ding) is not None
    return render(
        request,
        "geschiedenis.html",
        title=(("History of " if lang == "en" else "Geschiedenis van ") + label(ding))
        if _ours(ding, ids)
        else "Geschiedenis",
        thing=label.value(URIRef(ding)) if _ours(ding, ids) else None,
        entries=entries,
        person=person,
        editable=editable,
        csrf=csrf_token(request),
    )


def _ours(ding: str, ids: str) -> bool:
    """A thing of this graph named by a valid IRI: anything else is not shown, linked or queried."""
    return ding.startswith(ids) and is_iri(ding)


@router.get("/bijdragen/bewerk")
def edit_form(request: Request, store: Annotated[Store, Depends(get_store)], ding: str = "") -> Response:
    person = _who(request)
    if isinstance(person, Response):
        return person
    graph = home_graph(store, _ids(request), ding) if _ours(ding, _ids(request)) else None
    if graph is None:
        return _not_editable(request)
    current = own_quads(store, graph, ding)
    return _form_page(request, store, "bewerk", _values_of(current), {}, [], target=ding, seen=version(current))


@router.get("/bijdragen/{kind}")
def new_form(request: Request, kind: str, store: Annotated[Store, Depends(get_store)], voorstel: str = "") -> Response:
    if kind not in KINDS:
        return _missing(request)
    person = _who(request)
    if isinstance(person, Response):
        return person
    values: dict[str, list[str]] = {}
    if voorstel:  # "Aanpassen": start again from a proposal of one's own
        try:
            earlier = _proposals(request).get(voorstel)
        except ProposalNotFound:
            return _missing(request)
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
        return _missing(request)
    person = _who(request)
    if isinstance(person, Response):
        return person
    values = await _values(request)
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
    if kind == "bewerk" and (not _ours(target, _ids(request)) or home_graph(store, _ids(request), target) is None):
        return _not_editable(request)
    draft = _build(request, store, kind, values, person, "nieuw", target)
    draft.errors = {**_privacy(kind, values, lang), **draft.errors}
    general: list[str] = []
    if not draft.errors:
        general, _ = _check(store, draft, lang)
    if draft.errors or general:
        return _form_page(request, store, kind, values, draft.errors, general, target=target, seen=seen, nonce=nonce)
    proposal = _proposals(request).create(
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


@router.get("/bijdragen/voorstellen/{ref}")
def proposal_page(request: Request, ref: str, store: Annotated[Store, Depends(get_store)]) -> Response:
    person = _who(request)
    if isinstance(person, Response):
        return person
    try:
        proposal = _proposals(request).get(ref)
    except ProposalNotFound:
        return _missing(request)
    if proposal.author != person.actor_id and not person.role.may_write:
        return _missing(request)
    return _proposal_view(request, store, proposal, person)


@router.post("/bijdragen/voorstellen/{ref}/{action}")
async def proposal_action(request: Request, ref: str, action: str) -> Response:
    person = _who(request, review=action in ("goedkeuren", "terugsturen", "ongedaan"))
    if isinstance(person, Response):
        return person
    values = await _values(request)
    return await run_in_threadpool(_act, request, ref, action, person, values)


def _act(request: Request, ref: str, action: str, person: Account, values: dict[str, list[str]]) -> Response:
    store: Store = request.app.state.store
    proposals = _proposals(request)
    try:
        proposal = proposals.get(ref)
    except ProposalNotFound:
        return _missing(request)
    if action == "indienen":
        if proposal.author != person.actor_id:
            return _missing(request)
        if person.role.may_write:  # an editor's own contribution needs no second pair of eyes to be saved
            return _approve(request, store, proposal, person, allowed=(DRAFT,))
        moved, proposal = proposals.move(ref, (DRAFT,), SUBMITTED, person.actor_id)
        note = "" if moved else _already(proposal, language(request))
        return _proposal_view(request, store, proposal, person, note=note)
    if action == "goedkeuren":
        return _approve(request, store, proposal, person, allowed=(SUBMITTED,))
    if action == "terugsturen":
        comment = " ".join((values.get("opmerking") or [""])[0].split())[:2000]
        problems = [PrivacyFinding("", "", k, e).message(language(request)) for k, e in scan_text(comment)]
        if problems or not comment:
            nl = "Schrijf kort waarom het voorstel terug gaat, zodat de bijdrager weet wat er beter kan."
            en = "Write briefly why the proposal goes back, so the contributor knows what to improve."
            return _proposal_view(
                request,
                store,
                proposal,
                person,
                problems=problems or [en if language(request) == "en" else nl],
                status=422,
            )
        moved, proposal = proposals.move(
            ref, (SUBMITTED,), SENT_BACK, person.actor_id, comment=comment, reviewer=person.actor_id
        )
        return _proposal_view(
            request, store, proposal, person, note="" if moved else _already(proposal, language(request))
        )
    if action == "ongedaan":
        return _undo(request, store, proposal, person)
    return _missing(request)


def _approve(request: Request, store: Store, proposal: Proposal, person: Account, allowed: tuple[str, ...]) -> Response:
    """Claim the proposal first (so a second approval does nothing), then check again and write."""
    proposals, lang = _proposals(request), language(request)
    moved, claimed = proposals.move(proposal.id, allowed, APPROVED, person.actor_id, reviewer=person.actor_id)
    if not moved:
        return _proposal_view(request, store, claimed, person, note=_already(claimed, lang))
    ids = _ids(request)
    target = proposal.target if proposal.kind == "bewerk" else ""
    graph = home_graph(store, ids, target) if target else contribution_graph(ids, proposal.id)
    author = _proposal_author(proposal)
    draft = _build_for(request, store, proposal, author, graph or "")
    try:
        if graph is None:
            raise ChangedMeanwhile("Dit is intussen weggehaald.", [])
        if draft.errors:
            raise ValidationFailed("; ".join(m for ms in draft.errors.values() for m in ms))
        _, before = save(
            store,
            draft,
            ref=proposal.id,
            graph=graph,
            proposer=_named(request, author),
            approver=_named(request, _author(person)),
            checker=ShaclValidator(bounded=True),
            log=log_path(request.app.state.settings),
            edit_of=target,
            seen_version=proposal.version,
        )
    except ChangedMeanwhile as changed:
        _, back = proposals.move(proposal.id, (APPROVED,), proposal.status, person.actor_id)
        return _proposal_view(
            request, store, back, person, conflict=_sentences(store, changed.current, lang), status=409
        )
    except ValidationFailed as failed:
        _, back = proposals.move(proposal.id, (APPROVED,), proposal.status, person.actor_id)
        problems = [f.message(lang) for f in failed.report.violations] if failed.report else [str(failed)]
        return _proposal_view(request, store, back, person, problems=problems, status=422)
    except Exception:
        # Nothing was written (the write is one transaction, and what follows it cannot fail): the
        # proposal goes back to where it was, so it can be approved again once the cause is gone.
        proposals.move(proposal.id, (APPROVED,), proposal.status, person.actor_id)
        raise
    text = "\n".join(str(q) + " ." for q in before)
    proposals.move(proposal.id, (APPROVED,), APPROVED, person.actor_id, graph=graph, before=text)
    return RedirectResponse(f"/bijdragen/voorstellen/{proposal.id}", status_code=303)


def _undo(request: Request, store: Store, proposal: Proposal, person: Account) -> Response:
    if not proposal.graph:  # approved but never written: there is nothing to undo
        return _proposal_view(request, store, proposal, person, note=_already(proposal, language(request)))
    moved, proposal = _proposals(request).move(proposal.id, (APPROVED,), UNDONE, person.actor_id)
    if not moved:
        return _proposal_view(request, store, proposal, person, note=_already(proposal, language(request)))
    before = list(ox.parse(proposal.before, format=ox.RdfFormat.N_QUADS)) if proposal.before else None
    draft = _build_for(request, store, proposal, _proposal_author(proposal), proposal.graph)
    try:
        undo(
            store,
            ref=proposal.id,
            graph=proposal.graph,
            subjects=[proposal.target] if proposal.kind == "bewerk" and proposal.target else draft.subjects,
            before=before,
            by=_named(request, _author(person)),
            log=log_path(request.app.state.settings),
        )
    except Exception:
        _proposals(request).move(proposal.id, (UNDONE,), APPROVED, person.actor_id)
        raise
    return RedirectResponse(f"/bijdragen/voorstellen/{proposal.id}", status_code=303)


# -- helpers that draw ---------------------------------------------------------------------------


def _build(
    request: Request,
    store: Store,
    kind: str,
    values: dict[str, list[str]],
    person: Account | Author,
    ref: str,
    target: str = "",
) -> Draft:
    author = _author(person) if isinstance(person, Account) else person
    ids = _ids(request)
    graph = (home_graph(store, ids, target) if target else None) or contribution_graph(ids, ref)
    ctx = Context(store, ids, author, ref, graph, language(request))
    if kind == "bewerk":
        return practice(ctx, values, subject=target, with_effects=False)
    return BUILDERS[kind](ctx, values)


def _build_for(request: Request, store: Store, proposal: Proposal, author: Author, graph: str) -> Draft:
    ids = _ids(request)
    ctx = Context(store, ids, author, proposal.id, graph or contribution_graph(ids, proposal.id), language(request))
    if proposal.kind == "bewerk":
        return practice(ctx, proposal.values, subject=proposal.target, with_effects=False)
    return BUILDERS[proposal.kind](ctx, proposal.values)


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
    ids = _ids(request)
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


def _proposal_view(
    request: Request,
    store: Store,
    proposal: Proposal,
    person: Account,
    *,
    note: str = "",
    problems: list[str] | None = None,
    conflict: list[str] | None = None,
    status: int = 200,
) -> Response:
    lang = language(request)
    author = _proposal_author(proposal)
    draft = _build_for(request, store, proposal, author, proposal.graph)
    warnings: list[str] = []
    if proposal.status in (DRAFT, SUBMITTED) and not draft.errors:
        _, warnings = _check(store, draft, lang)
    return render(
        request,
        "bijdragen_voorstel.html",
        status,
        title=forms.TITLES[proposal.kind][1 if lang == "en" else 0],
        proposal=proposal,
        sentences=draft.sentences,
        subjects=draft.subjects,
        warnings=warnings,
        errors=[m for ms in draft.errors.values() for m in ms] if proposal.status in (DRAFT, SUBMITTED) else [],
        note=note,
        problems=problems or [],
        conflict=conflict,
        person=person,
        mine=proposal.author == person.actor_id,
        csrf=csrf_token(request),
    )


def _sentences(store: Store, quads: list[ox.Quad], lang: str) -> list[str]:
    """A thing as it is now, one line per fact, for the 'changed meanwhile' page."""
    label = Labeller(store, lang)
    lines = []
    for quad in sorted(quads, key=lambda q: (q.predicate.value, str(q.object))):
        value = quad.object
        text = label(value.value) if isinstance(value, ox.NamedNode) else getattr(value, "value", str(value))
        lines.append(f"{label(quad.predicate.value)}: {text}")
    return lines


def _already(proposal: Proposal, lang: str) -> str:
    states = {
        SUBMITTED: ("al ingediend", "already submitted"),
        APPROVED: ("al goedgekeurd", "already approved"),
        SENT_BACK: ("al teruggestuurd", "already sent back"),
        UNDONE: ("al ongedaan gemaakt", "already undone"),
        DRAFT: ("nog een concept", "still a draft"),
    }
    nl, en = states.get(proposal.status, (proposal.status, proposal.status))
    if lang == "en":
        return f"Nothing changed: this proposal is {en}."
    return f"Er is niets veranderd: dit voorstel is {nl}."


def _not_editable(request: Request) -> Response:
    return message(
        request,
        404,
        ("Cannot be edited here", "Hier niet te bewerken"),
        [
            (
                "Only what was added through these forms can be edited here. The programme plan and the catalogue are "
                "kept with their sources by the editors; send them your correction.",
                "Hier kunt u alleen bewerken wat via deze formulieren is toegevoegd. Het programmaplan en de catalogus "
                "houdt de redactie bij met hun bronnen; stuur hun uw verbetering.",
            )
        ],
    )


def _missing(request: Request) -> Response:
    return message(
        request,
        404,
        ("Not found", "Niet gevonden"),
        [("This page or proposal does not exist.", "Deze pagina of dit voorstel bestaat niet.")],
        next_href="/bijdragen",
        next_text=("To contributions", "Naar bijdragen"),
    )
