"""Validate files before (or instead of) loading them: all problems of all files in one report."""

from dataclasses import dataclass, replace
from pathlib import Path

import pyoxigraph as ox

from graaf.storage.changes import Change
from graaf.storage.errors import ParseError
from graaf.storage.formats import RdfFormat
from graaf.storage.loading import parse_bytes
from graaf.storage.store import Store
from validatie.locate import Locator
from validatie.report import Finding, Report
from validatie.validator import ShaclValidator

PARSE_RULE = "https://data.alliantievankracht.nl/def/vormen#Syntaxis"


@dataclass
class Upload:
    """One file to check: its name, its bytes, its format and the graph it would go into."""

    name: str
    data: bytes
    fmt: RdfFormat
    graph: str


def read_upload(path: Path, fmt: RdfFormat, graph: str) -> Upload:
    try:
        return Upload(path.name, path.read_bytes(), fmt, graph)
    except FileNotFoundError as error:
        raise ParseError(f"Bestand '{path}' bestaat niet.") from error


def validate_files(store: Store, uploads: list[Upload], *, replace: bool = False) -> tuple[Report, Change]:
    """Parse and validate the uploads as one change against the store; write nothing.

    A file that does not parse is reported (with line and column) next to the rule violations of the
    others, so a user sees every problem at once. The change is returned for the caller to apply.
    """
    report = Report()
    change = Change()
    locators: dict[str, tuple[Locator, str]] = {}
    for upload in uploads:
        try:
            quads = parse_bytes(upload.data, upload.fmt, graph=upload.graph, name=upload.name)
        except ParseError as error:
            report.findings.append(_parse_finding(upload, error))
            continue
        change.add += quads
        if replace:
            change.replace_graphs.append(upload.graph)
        locator = Locator(upload.data.decode("utf-8", errors="replace"))
        for subject in {q.subject for q in quads if isinstance(q.subject, ox.NamedNode)}:
            locators.setdefault(subject.value, (locator, upload.name))
    if change.add:
        found = ShaclValidator(bounded=True).validate_change(store, change)
        for finding in found.findings:
            locator, name = locators.get(finding.focus, (None, None))
            line = locator.line_of(finding.focus) if locator else None
            report.findings.append(_with_place(finding, name, line))
    return report, change


def _with_place(finding: Finding, source: str | None, line: int | None) -> Finding:
    return replace(finding, line=line, source=source)


def _parse_finding(upload: Upload, error: ParseError) -> Finding:
    where = f" (regel {error.line}, kolom {error.column})" if error.line is not None else ""
    return Finding(
        focus=upload.name,
        severity="Violation",
        messages={
            "nl": error.message + where,
            "en": f"'{upload.name}' cannot be read as {upload.fmt.name}{where}.",
        },
        shape=PARSE_RULE,
        line=error.line,
        source=upload.name,
    )
