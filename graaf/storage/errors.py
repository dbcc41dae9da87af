"""Every error the product raises on purpose: one hierarchy, in kinds that the API and the CLI map once.

Each error carries a Dutch message for people and a stable `code` for programs (given as a class
keyword: `class QueryTimeout(Unavailable, code="tijdslimiet")`). Each belongs to one kind below; the
API gives a kind its HTTP status in one table (api/errors.py), so a new error picks its kind here
and needs no line anywhere else. Errors of a feature live in that feature's module, on these kinds.
"""

from typing import Any


class GraafError(Exception):
    """Base of every error this product raises on purpose. Of no other kind: a fault of ours (500)."""

    code = "fout"

    def __init_subclass__(cls, code: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if code is not None:
            cls.code = code

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"code": self.code, "melding": self.message}
        if self.line is not None:
            data["regel"] = self.line
            data["kolom"] = self.column
        return data


# The kinds. The HTTP status each gets is in brackets.
class BadRequest(GraafError):
    """The request cannot be read, or asks for what is never done (400)."""


class NotAllowed(GraafError):
    """The caller may not do this, whoever asks (403)."""


class NotFound(GraafError):
    """What the request names is not there (404)."""


class NotAcceptable(GraafError):
    """No format the caller accepts fits this answer (406)."""


class Conflict(GraafError):
    """The request clashes with the state of the store or of what it changes (409)."""


class TooLarge(GraafError):
    """The input or the answer is too large to handle (413)."""


class Unprocessable(GraafError):
    """The request is readable but breaks a rule; nothing was written (422)."""


class Unavailable(GraafError):
    """The server cannot do it now; the same request may work later (503)."""


class ParseError(BadRequest, code="ongeldig-rdf"):
    """An RDF file that cannot be read."""


class QuerySyntaxError(BadRequest, code="ongeldige-sparql"):
    """A SPARQL query or update that does not parse."""


class RefusedOperation(BadRequest, code="geweigerd"):
    """A query that would make the server reach out to the network (SERVICE, LOAD)."""


class UnknownFormat(NotAcceptable, code="onbekend-formaat"):
    """A file name or format name that we cannot map to an RDF format."""


class StoreUnavailable(Unavailable, code="opslag-niet-beschikbaar"):
    """The store directory cannot be opened, most often because another process holds it."""


class ValidationFailed(Unprocessable, code="ongeldige-gegevens"):
    """A write that breaks a rule (a SHACL Violation or personal data). Nothing was written.

    `report` is the validation layer's report; this layer only carries it to the caller.
    """

    def __init__(self, message: str, report: object) -> None:
        super().__init__(message)
        self.report = report

    def as_dict(self) -> dict[str, object]:
        data = super().as_dict()
        as_dict = getattr(self.report, "as_dict", None)
        if callable(as_dict):
            data["rapport"] = as_dict()
        return data


class ReadOnlyStore(Conflict, code="alleen-lezen"):
    """A write to a store that this process opened only for reading (`serve --alleen-lezen`)."""

    def __init__(self) -> None:
        super().__init__(
            "Deze server leest alleen. Wijzigingen gaan naar de server die schrijft (zie README, Opschalen)."
        )


class UnknownTerm(Unprocessable, code="onbekend-begrip"):
    """A word in a situation that matches no known mechanism, capital form, target group or place."""

    def __init__(self, kind: str, value: str, suggestions: list[str]) -> None:
        hint = f" Bedoelt u: {', '.join(suggestions)}?" if suggestions else ""
        # Dutch adjectives lose their -e before a "het"-word: "onbekend mechanisme", "onbekende plaats".
        adjective = "Onbekend" if kind in ("mechanisme", "bewijsniveau") else "Onbekende"
        super().__init__(f"{adjective} {kind}: '{value}'.{hint}")
        self.kind = kind
        self.value = value
        self.suggestions = suggestions

    def as_dict(self) -> dict[str, object]:
        return {**super().as_dict(), "soort": self.kind, "onbekend": self.value, "suggesties": self.suggestions}


class ImpossibleRequest(Unprocessable, code="onmogelijke-vraag"):
    """Limits that no answer can meet (for example: at most zero interventions)."""


# Running queries and bounded work (graaf/storage/execution.py, graaf/storage/workers.py, graaf/storage/bounded.py).
class QueryTimeout(Unavailable, code="tijdslimiet"):
    """The query took longer than the time limit; the worker that ran it has been stopped."""


class TooManyRows(Unprocessable, code="te-veel-rijen"):
    """The answer has more rows than the caller may receive."""


class NoAcceptableFormat(NotAcceptable, code="niet-acceptabel"):
    """The client accepts no format in which this kind of answer can be written."""


class ServerBusy(Unavailable, code="server-bezet"):
    """No query worker came free in time."""


class QueryFailed(GraafError, code="query-mislukt"):
    """The engine could not evaluate the query (not a syntax error)."""


class WorkTooLarge(TooLarge, code="te-zwaar"):
    """The work asked more memory than a worker may use, or crashed the worker: the input is too big or too deep."""


class WorkTimeout(Unavailable, code="duurt-te-lang"):
    """The work did not finish within its time limit."""


class WorkersBusy(Unavailable, code="bezet"):
    """Every worker is busy for longer than the caller can wait."""
