"""All settings in one documented place, read once from the environment (prefix KENNISGRAAF_).

Nothing else in the code reads os.environ: settings are built here and passed down, so tests can
hand over their own without patching the environment.
"""

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ontologie.namespaces import DEFAULT_BASE

IN_MEMORY = ":memory:"


class Settings(BaseSettings):
    """Settings of the knowledge graph; each field can be set as KENNISGRAAF_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="KENNISGRAAF_", extra="forbid")

    store_path: str = Field(
        default="opslag",
        description="Map van de persistente Oxigraph-opslag, of ':memory:' voor een tijdelijke opslag in het geheugen.",
    )
    base_iri: str = Field(
        default=DEFAULT_BASE,
        description="Basis-IRI voor dingen (/id/) en pagina's (/doc/). De ontologie (/def/) blijft vast.",
    )
    host: str = Field(default="127.0.0.1", description="Adres waarop de server luistert.")
    port: int = Field(default=8000, ge=0, le=65535, description="Poort waarop de server luistert.")
    upload_limit_bytes: int = Field(
        default=10_000_000, ge=1, description="Grootste bestand dat de server aanneemt om te valideren of te laden."
    )
    query_row_limit: int = Field(
        default=10_000, ge=1, description="Hoogste aantal rijen (of triples) in een antwoord van /sparql zonder token."
    )
    editor_row_limit: int = Field(
        default=1_000_000, ge=1, description="Hoogste aantal rijen in een antwoord van /sparql voor een redacteur."
    )
    query_timeout_s: float = Field(
        default=10.0, gt=0, le=3600, description="Hoogste duur van één SPARQL-query in seconden; daarna volgt een fout."
    )
    query_workers: int = Field(
        default=2, ge=1, le=64, description="Aantal werkprocessen (bij ':memory:' threads) voor SPARQL-queries."
    )
    query_cache_mb: int = Field(
        default=64, ge=0, description="Geheugen voor bewaarde query-antwoorden in MB; 0 zet de cache uit."
    )
    tokens_path: str | None = Field(
        default=None,
        description="JSON-bestand met de (gehashte) tokens. Standaard '<store_path>.tokens.json'; bij ':memory:' geen.",
    )
    service_allowlist: list[str] = Field(
        default_factory=list,
        description="SPARQL-endpoints die een query met SERVICE mag aanroepen (JSON-lijst). Standaard geen: "
        "de server haalt dan nooit iets van buiten op.",
    )
    cors_origins: list[str] = Field(
        default_factory=lambda: ["*"],
        description="Herkomsten (origins) waarvandaan een browser de API mag aanroepen (JSON-lijst); '*' is iedereen.",
    )

    @field_validator("base_iri")
    @classmethod
    def _base_ends_with_slash(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("base_iri moet beginnen met http:// of https://")
        return value if value.endswith("/") else value + "/"

    @property
    def in_memory(self) -> bool:
        return self.store_path == IN_MEMORY

    @property
    def store_dir(self) -> Path | None:
        return None if self.in_memory else Path(self.store_path)

    @property
    def tokens_file(self) -> Path | None:
        """Where the tokens are: the setting, or next to the store directory."""
        if self.tokens_path:
            return Path(self.tokens_path)
        return None if self.in_memory else Path(self.store_path.rstrip("/") + ".tokens.json")
