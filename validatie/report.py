"""The validation report: what is wrong, where, how bad, in Dutch or English. No HTTP, no exit codes."""

from dataclasses import dataclass, field

SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
SEVERITY_NL = {"Violation": "fout", "Warning": "waarschuwing", "Info": "opmerking"}


@dataclass(frozen=True)
class Finding:
    """One result: the node it is about, the property path, the value, the rule and its message."""

    focus: str
    severity: str
    messages: dict[str, str]
    shape: str = ""
    path: str | None = None
    value: str | None = None
    line: int | None = None
    column: int | None = None
    source: str | None = None

    def message(self, language: str = "nl") -> str:
        if language in self.messages:
            return self.messages[language]
        return self.messages.get("nl") or next(iter(self.messages.values()), "")

    def as_dict(self, language: str = "nl") -> dict[str, object]:
        data: dict[str, object] = {
            "ernst": self.severity,
            "focus": self.focus,
            "melding": self.message(language),
            "regel_id": self.shape,
        }
        for key, value in (
            ("pad", self.path),
            ("waarde", self.value),
            ("bestand", self.source),
            ("regel", self.line),
        ):
            if value is not None:
                data[key] = value
        return data

    def sort_key(self) -> tuple[object, ...]:
        return (
            SEVERITY_ORDER.get(self.severity, 9),
            self.source or "",
            self.line or 0,
            self.focus,
            self.shape,
        )


@dataclass
class Report:
    """All findings of one validation. It conforms when there is no Violation."""

    findings: list[Finding] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.violations

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def extend(self, other: "Report") -> None:
        self.findings.extend(other.findings)

    def sorted(self) -> list[Finding]:
        return sorted(self.findings, key=Finding.sort_key)

    def as_dict(self, language: str = "nl") -> dict[str, object]:
        return {
            "conform": self.conforms,
            "fouten": self.count("Violation"),
            "waarschuwingen": self.count("Warning"),
            "opmerkingen": self.count("Info"),
            "bevindingen": [f.as_dict(language) for f in self.sorted()],
        }

    def text(self, language: str = "nl") -> str:
        """A plain-language listing for the terminal."""
        lines = []
        for finding in self.sorted():
            where = finding.source or ""
            if finding.line is not None:
                where += f", regel {finding.line}" if where else f"regel {finding.line}"
            label = SEVERITY_NL.get(finding.severity, finding.severity) if language == "nl" else finding.severity
            prefix = f"{where}: " if where else ""
            lines.append(f"{prefix}{label}: {finding.message(language)}")
            if ":" in finding.focus:  # an IRI; a file that did not parse is named in `where` already
                lines.append(f"    bij <{finding.focus}>" + (f", eigenschap <{finding.path}>" if finding.path else ""))
        summary = (
            f"{self.count('Violation')} fouten, {self.count('Warning')} waarschuwingen, "
            f"{self.count('Info')} opmerkingen"
        )
        lines.append(summary if language == "nl" else summary.replace("fouten", "violations"))
        return "\n".join(lines) + "\n"
