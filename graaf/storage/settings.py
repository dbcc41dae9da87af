"""All settings in one documented place, read once from the environment (prefix KENNISGRAAF_).

Nothing else in the code reads os.environ: settings are built here and passed down, so tests can
hand over their own without patching the environment.
"""

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from graaf.storage.bounded import Limits
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
    import_max_bytes: int = Field(
        default=20_000_000,
        ge=1,
        description="Grootste bestand (RDF of spreadsheet) dat POST /api/importeer aanneemt; daarboven volgt 413.",
    )
    upload_memory_mb: int = Field(
        default=1024,
        ge=64,
        description="Geheugen (MB) dat het lezen en controleren van één ontvangen bestand mag gebruiken, in een "
        "apart werkproces. Daarboven stopt dat proces en volgt 413; de server zelf gaat door.",
    )
    upload_timeout_s: float = Field(
        default=30.0,
        gt=0,
        le=3600,
        description="Hoogste duur (seconden) van het lezen en controleren van één ontvangen bestand; daarna volgt 503.",
    )
    upload_workers: int = Field(
        default=2, ge=1, le=16, description="Aantal werkprocessen voor het lezen en controleren van bestanden."
    )
    body_timeout_s: float = Field(
        default=30.0,
        gt=0,
        le=3600,
        description="Hoogste tijd (seconden) om de body van één verzoek te ontvangen; een client die trager "
        "stuurt, krijgt 408.",
    )
    anonymous_rate_per_minute: int = Field(
        default=30,
        ge=1,
        description="Hoeveel zware verzoeken (zoals POST /valideer) één client zonder token per minuut mag doen; "
        "daarboven volgt 429 met Retry-After.",
    )
    anonymous_concurrency: int = Field(
        default=2,
        ge=1,
        description="Hoeveel zware verzoeken één client zonder token tegelijk mag hebben lopen; daarboven volgt 429.",
    )
    shutdown_timeout_s: float = Field(
        default=5.0,
        gt=0,
        le=600,
        description="Hoe lang de server bij SIGTERM wacht op lopende verzoeken voordat hij ze afbreekt.",
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
    session_hours: float = Field(
        default=8.0,
        gt=0,
        le=24 * 30,
        description="Hoe lang (uren) iemand ingelogd blijft in de browser; daarna opnieuw inloggen.",
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
    demo: bool = Field(
        default=False,
        description="Laad bij de start van de server de fictieve demogegevens (graaf/demo/demo.ttl) in hun eigen "
        "graaf. Standaard niet: 'kennisgraaf demo verwijder' haalt ze weer weg.",
    )
    warm_up: bool = Field(
        default=True,
        description="Bouw na de start van de server op de achtergrond de zoekindex, het netwerk van verwante "
        "interventies, de startpagina en de bewijskaart, en opnieuw na elke schrijfactie. Op een grote graaf hoeft "
        "de eerste bezoeker dan niet te wachten.",
    )
    page_cache_mb: int = Field(
        default=64,
        ge=0,
        description="Geheugen (MB) voor hele HTML-pagina's tot de volgende schrijfactie; 0 zet het uit.",
    )
    # A remote SPARQL 1.1 store instead of the embedded one (README, "Opschalen").
    remote_query_url: str | None = Field(
        default=None,
        description="Query-URL van een SPARQL 1.1-endpoint. Gezet: de server gebruikt die opslag in plaats van "
        "de ingebouwde (store_path telt dan niet).",
    )
    remote_update_url: str | None = Field(
        default=None, description="Update-URL van dat endpoint; standaard dezelfde als de query-URL."
    )
    remote_user: str | None = Field(default=None, description="Gebruikersnaam voor het endpoint (basic auth).")
    remote_password: str | None = Field(default=None, description="Wachtwoord voor het endpoint (basic auth).")
    remote_token: str | None = Field(default=None, description="Token voor het endpoint (Authorization: Bearer).")
    remote_timeout_s: float = Field(
        default=30.0, gt=0, le=3600, description="Hoogste duur van één verzoek aan het endpoint (buiten /sparql)."
    )
    remote_union: Literal["parameter", "engine", "graphs"] = Field(
        default="parameter",
        description="Hoe een query zonder GRAPH alle grafen ziet: 'parameter' (Oxigraph: union-default-graph), "
        "'engine' (de opslag doet het zelf, zoals GraphDB of oxigraph serve --union-default-graph), "
        "'graphs' (elke graaf als default-graph-uri en named-graph-uri; zo bij Virtuoso).",
    )
    remote_hidden_graphs: list[str] = Field(
        default_factory=list,
        description="Begin van de namen van grafen van de opslag zelf die de server niet toont (JSON-lijst), "
        'bijvoorbeeld ["http://www.openlinksw.com/"] bij Virtuoso.',
    )
    remote_own_default_graph: bool = Field(
        default=True,
        description="Heeft de opslag een eigen standaardgraaf, naast de benoemde grafen? Oxigraph wel, "
        "Virtuoso niet (daar is de standaardgraaf alle grafen samen): zet dan false.",
    )
    remote_version_interval_s: float = Field(
        default=1.0,
        ge=0,
        description="Hoe vaak (seconden) een proces de schrijfteller van het endpoint leest; zo lang kan een "
        "bewaard antwoord na een schrijfactie van een ander proces nog oud zijn.",
    )
    remote_copy_limit: int = Field(
        default=2_000_000,
        ge=0,
        description="Grootste graaf (triples) die de server kopieert om een SPARQL-update eerst te controleren.",
    )
    read_only: bool = Field(
        default=False,
        description="Open de ingebouwde opslag alleen om te lezen (een momentopname die niemand verandert); "
        "dan mogen meerdere serverprocessen hem tegelijk gebruiken.",
    )

    @field_validator("base_iri")
    @classmethod
    def _base_ends_with_slash(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("base_iri moet beginnen met http:// of https://")
        return value if value.endswith("/") else value + "/"

    @property
    def upload_limits(self) -> "Limits":
        """The bounds of one job in the upload workers (graaf.storage.bounded)."""
        return Limits(memory_mb=self.upload_memory_mb, timeout_s=self.upload_timeout_s)

    @property
    def in_memory(self) -> bool:
        return self.store_path == IN_MEMORY

    @property
    def remote(self) -> bool:
        return self.remote_query_url is not None

    @property
    def store_dir(self) -> Path | None:
        return None if self.in_memory else Path(self.store_path)

    @property
    def tokens_file(self) -> Path | None:
        """Where the tokens are: the setting, or next to the store directory."""
        if self.tokens_path:
            return Path(self.tokens_path)
        return None if self.in_memory else Path(self.store_path.rstrip("/") + ".tokens.json")
