"""What the contribution pages share: who may do what, reading a form, building and checking a draft.

No routes here. The privacy guard runs field by field, so its message stands beside the field; SHACL
runs on the whole change against the graph as it is, and its messages are put beside their field too.
"""

from dataclasses import replace

from fastapi import Request, Response
from fastapi.responses import RedirectResponse

from api.signed_in import account
from api.views.signin import message
from api.views.templating import language
from graaf import Store
from graaf.contributions import fields as forms
from graaf.contributions.build import Author, Context, Draft, is_iri, practice
from graaf.contributions.kinds import BUILDERS
from graaf.contributions.proposals import (
    APPROVED,
    DRAFT,
    SENT_BACK,
    SUBMITTED,
    UNDONE,
    Proposal,
    ProposalStore,
)
from graaf.contributions.write import (
    contribution_graph,
    home_graph,
)
from graaf.storage.accounts import Account
from ontologie.namespaces import id_base
from validatie import ShaclValidator
from validatie.privacy import PrivacyFinding, scan_text

Who = Account | Response


KINDS = ("praktijk", "effect", "bewijs", "sessie", "experiment")


def who(request: Request, *, review: bool = False) -> Who:
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


def author_of(person: Account) -> Author:
    return Author(person.actor_id, person.name, person.organisation)


def proposal_author(proposal: Proposal) -> Author:
    return Author(proposal.author, proposal.author_name, proposal.organisation)


def named(request: Request, author: Author) -> Author:
    """The author with the opaque id PROV will name, never the login name; only a write needs it."""
    return replace(author, public=request.app.state.accounts.pseudonym(author.actor))


def proposals_of(request: Request) -> ProposalStore:
    store: ProposalStore = request.app.state.proposals
    return store


def ids_of(request: Request) -> str:
    return id_base(request.app.state.settings.base_iri)


def is_ours(ding: str, ids: str) -> bool:
    """A thing of this graph named by a valid IRI: anything else is not shown, linked or queried."""
    return ding.startswith(ids) and is_iri(ding)


async def form_values(request: Request) -> dict[str, list[str]]:
    form = await request.form()
    values: dict[str, list[str]] = {}
    for key, item in form.multi_items():
        if isinstance(item, str) and key not in ("csrftoken",):
            values.setdefault(key, []).append(item)
    return values


def privacy_errors(kind: str, values: dict[str, list[str]], lang: str) -> dict[str, list[str]]:
    """The privacy guard on every field a person types into, so the message names the field."""
    errors: dict[str, list[str]] = {}
    for _, item, _, name in forms.all_fields(kind):
        if not item.typed:
            continue
        for text in values.get(name, []):
            for found, excerpt in scan_text(text):
                errors.setdefault(name, []).append(PrivacyFinding("", "", found, excerpt).message(lang))
    return errors


def check_draft(store: Store, draft: Draft, lang: str) -> tuple[list[str], list[str]]:
    """SHACL and privacy on the whole change: messages put beside their field; (general errors, warnings)."""
    from graaf.storage.changes import Change

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


def build_draft(
    request: Request,
    store: Store,
    kind: str,
    values: dict[str, list[str]],
    person: Account | Author,
    ref: str,
    target: str = "",
) -> Draft:
    author = author_of(person) if isinstance(person, Account) else person
    ids = ids_of(request)
    graph = (home_graph(store, ids, target) if target else None) or contribution_graph(ids, ref)
    ctx = Context(store, ids, author, ref, graph, language(request))
    if kind == "bewerk":
        return practice(ctx, values, subject=target, with_effects=False)
    return BUILDERS[kind](ctx, values)


def build_proposal(request: Request, store: Store, proposal: Proposal, author: Author, graph: str) -> Draft:
    ids = ids_of(request)
    ctx = Context(store, ids, author, proposal.id, graph or contribution_graph(ids, proposal.id), language(request))
    if proposal.kind == "bewerk":
        return practice(ctx, proposal.values, subject=proposal.target, with_effects=False)
    return BUILDERS[proposal.kind](ctx, proposal.values)


def already(proposal: Proposal, lang: str) -> str:
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


def not_editable(request: Request) -> Response:
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


def missing(request: Request) -> Response:
    return message(
        request,
        404,
        ("Not found", "Niet gevonden"),
        [("This page or proposal does not exist.", "Deze pagina of dit voorstel bestaat niet.")],
        next_href="/bijdragen",
        next_text=("To contributions", "Naar bijdragen"),
    )
