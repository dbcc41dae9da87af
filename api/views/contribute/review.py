"""Review: the waiting list, one proposal, its actions (submit, approve, send back, undo) and history.

Each step is a compare-and-set on the proposal, so a double click or two editors approving at once
write once. Approval writes one transaction into its own named graph with PROV
(graaf.contributions.write); PROV names people by a pseudonym, never by their login.
"""

from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse
from rdflib import URIRef

from api.signed_in import account, csrf_token
from api.views.contribute.common import (
    already,
    author_of,
    build_proposal,
    check_draft,
    form_values,
    ids_of,
    is_ours,
    missing,
    named,
    proposal_author,
    proposals_of,
    who,
)
from api.views.deps import get_store
from api.views.templating import language, render
from graaf import Store
from graaf.contributions import fields as forms
from graaf.contributions.proposals import (
    APPROVED,
    DRAFT,
    SENT_BACK,
    SUBMITTED,
    UNDONE,
    Proposal,
    ProposalNotFound,
)
from graaf.contributions.write import (
    ChangedMeanwhile,
    contribution_graph,
    history,
    home_graph,
    save,
    undo,
)
from graaf.describe import Labeller
from graaf.imports import log_path
from graaf.storage.accounts import Account
from graaf.storage.errors import ValidationFailed
from validatie import ShaclValidator
from validatie.privacy import PrivacyFinding, scan_text

router = APIRouter(include_in_schema=False)


@router.get("/bijdragen/voorstellen")
def waiting_list(request: Request) -> Response:
    person = who(request, review=True)
    if isinstance(person, Response):
        return person
    proposals = proposals_of(request)
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
    ids = ids_of(request)
    label = Labeller(store, lang)
    rows = history(store, request.app.state.settings.base_iri, ding) if is_ours(ding, ids) else []
    proposals = proposals_of(request)
    entries = []
    for row in rows:
        try:
            proposal: Proposal | None = proposals.get(row["naam"])
        except ProposalNotFound:
            proposal = None
        entries.append({"row": row, "proposal": proposal})
    editable = is_ours(ding, ids) and home_graph(store, ids, ding) is not None
    return render(
        request,
        "geschiedenis.html",
        title=(("History of " if lang == "en" else "Geschiedenis van ") + label(ding))
        if is_ours(ding, ids)
        else "Geschiedenis",
        thing=label.value(URIRef(ding)) if is_ours(ding, ids) else None,
        entries=entries,
        person=person,
        editable=editable,
        csrf=csrf_token(request),
    )


@router.get("/bijdragen/voorstellen/{ref}")
def proposal_page(request: Request, ref: str, store: Annotated[Store, Depends(get_store)]) -> Response:
    person = who(request)
    if isinstance(person, Response):
        return person
    try:
        proposal = proposals_of(request).get(ref)
    except ProposalNotFound:
        return missing(request)
    if proposal.author != person.actor_id and not person.role.may_write:
        return missing(request)
    return _proposal_view(request, store, proposal, person)


@router.post("/bijdragen/voorstellen/{ref}/{action}")
async def proposal_action(request: Request, ref: str, action: str) -> Response:
    person = who(request, review=action in ("goedkeuren", "terugsturen", "ongedaan"))
    if isinstance(person, Response):
        return person
    values = await form_values(request)
    return await run_in_threadpool(_act, request, ref, action, person, values)


def _act(request: Request, ref: str, action: str, person: Account, values: dict[str, list[str]]) -> Response:
    store: Store = request.app.state.store
    proposals = proposals_of(request)
    try:
        proposal = proposals.get(ref)
    except ProposalNotFound:
        return missing(request)
    if action == "indienen":
        if proposal.author != person.actor_id:
            return missing(request)
        if person.role.may_write:  # an editor's own contribution needs no second pair of eyes to be saved
            return _approve(request, store, proposal, person, allowed=(DRAFT,))
        moved, proposal = proposals.move(ref, (DRAFT,), SUBMITTED, person.actor_id)
        note = "" if moved else already(proposal, language(request))
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
            request, store, proposal, person, note="" if moved else already(proposal, language(request))
        )
    if action == "ongedaan":
        return _undo(request, store, proposal, person)
    return missing(request)


def _approve(request: Request, store: Store, proposal: Proposal, person: Account, allowed: tuple[str, ...]) -> Response:
    """Claim the proposal first (so a second approval does nothing), then check again and write."""
    proposals, lang = proposals_of(request), language(request)
    moved, claimed = proposals.move(proposal.id, allowed, APPROVED, person.actor_id, reviewer=person.actor_id)
    if not moved:
        return _proposal_view(request, store, claimed, person, note=already(claimed, lang))
    ids = ids_of(request)
    target = proposal.target if proposal.kind == "bewerk" else ""
    graph = home_graph(store, ids, target) if target else contribution_graph(ids, proposal.id)
    author = proposal_author(proposal)
    draft = build_proposal(request, store, proposal, author, graph or "")
    try:
        if graph is None:
            raise ChangedMeanwhile("Dit is intussen weggehaald.", [])
        if draft.errors:
            raise ValidationFailed("; ".join(m for ms in draft.errors.values() for m in ms))
        _, before, after = save(
            store,
            draft,
            ref=proposal.id,
            graph=graph,
            proposer=named(request, author),
            approver=named(request, author_of(person)),
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
    proposals.move(proposal.id, (APPROVED,), APPROVED, person.actor_id, graph=graph, before=text, after=after)
    return RedirectResponse(f"/bijdragen/voorstellen/{proposal.id}", status_code=303)


def _undo(request: Request, store: Store, proposal: Proposal, person: Account) -> Response:
    if not proposal.graph:  # approved but never written: there is nothing to undo
        return _proposal_view(request, store, proposal, person, note=already(proposal, language(request)))
    moved, proposal = proposals_of(request).move(proposal.id, (APPROVED,), UNDONE, person.actor_id)
    if not moved:
        return _proposal_view(request, store, proposal, person, note=already(proposal, language(request)))
    before = list(ox.parse(proposal.before, format=ox.RdfFormat.N_QUADS)) if proposal.before else None
    draft = build_proposal(request, store, proposal, proposal_author(proposal), proposal.graph)
    try:
        undo(
            store,
            ref=proposal.id,
            graph=proposal.graph,
            subjects=[proposal.target] if proposal.kind == "bewerk" and proposal.target else draft.subjects,
            before=before,
            by=named(request, author_of(person)),
            log=log_path(request.app.state.settings),
            left_version=proposal.after,
        )
    except ChangedMeanwhile as changed:
        _, back = proposals_of(request).move(proposal.id, (UNDONE,), APPROVED, person.actor_id)
        conflict = _sentences(store, changed.current, language(request))
        return _proposal_view(request, store, back, person, conflict=conflict, undoing=True, status=409)
    except Exception:
        proposals_of(request).move(proposal.id, (UNDONE,), APPROVED, person.actor_id)
        raise
    return RedirectResponse(f"/bijdragen/voorstellen/{proposal.id}", status_code=303)


def _proposal_view(
    request: Request,
    store: Store,
    proposal: Proposal,
    person: Account,
    *,
    note: str = "",
    problems: list[str] | None = None,
    conflict: list[str] | None = None,
    undoing: bool = False,
    status: int = 200,
) -> Response:
    lang = language(request)
    author = proposal_author(proposal)
    draft = build_proposal(request, store, proposal, author, proposal.graph)
    warnings: list[str] = []
    if proposal.status in (DRAFT, SUBMITTED) and not draft.errors:
        _, warnings = check_draft(store, draft, lang)
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
        undoing=undoing,
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
