"""Errors of the graph layer. The API maps each to an HTTP status; the CLI to an exit code.

Each error carries a Dutch message for people and a stable `code` for programs.
"""


class GraafError(Exception):
    """Base of every error this layer raises on purpose."""

    code = "fout"

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


class ParseError(GraafError):
    """An RDF file that cannot be read."""

    code = "ongeldig-rdf"


class QuerySyntaxError(GraafError):
    """A SPARQL query or update that does not parse."""

    code = "ongeldige-sparql"


class RefusedOperation(GraafError):
    """A query that would make the server reach out to the network (SERVICE, LOAD)."""

    code = "geweigerd"


class UnknownFormat(GraafError):
    """A file name or format name that we cannot map to an RDF format."""

    code = "onbekend-formaat"


class StoreUnavailable(GraafError):
    """The store directory cannot be opened, most often because another process holds it."""

    code = "opslag-niet-beschikbaar"


class ValidationFailed(GraafError):
    """A write that breaks a rule (a SHACL Violation or personal data). Nothing was written.

    `report` is the validation layer's report; this layer only carries it to the caller.
    """

    code = "ongeldige-gegevens"

    def __init__(self, message: str, report: object) -> None:
        super().__init__(message)
        self.report = report

    def as_dict(self) -> dict[str, object]:
        data = super().as_dict()
        as_dict = getattr(self.report, "as_dict", None)
        if callable(as_dict):
            data["rapport"] = as_dict()
        return data


class ReadOnlyStore(GraafError):
    """A write to a store that this process opened only for reading (`serve --alleen-lezen`)."""

    code = "alleen-lezen"

    def __init__(self) -> None:
        super().__init__(
            "Deze server leest alleen. Wijzigingen gaan naar de server die schrijft (zie README, Opschalen)."
        )


class UnknownTerm(GraafError):
    """A word in a situation that matches no known mechanism, capital form, target group or place."""

    code = "onbekend-begrip"

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


class ImpossibleRequest(GraafError):
    """Limits that no answer can meet (for example: at most zero interventions)."""

    code = "onmogelijke-vraag"
