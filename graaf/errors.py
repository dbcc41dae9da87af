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
