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
    query_row_limit: int = Field(default=10_000, ge=1, description="Hoogste aantal rijen in een antwoord van /sparql.")

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
