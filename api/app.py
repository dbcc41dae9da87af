"""The HTTP application: built by a factory so tests and the CLI hand in their own store and settings."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import errors
from api.views import health, home, sparql, validate
from graaf import Settings, Store, open_store
from validatie import ShaclValidator


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """Build the app. Without a store, the lifespan opens the one the settings point at."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        app.state.store = open_store(settings, ShaclValidator())[0] if owned else store
        try:
            yield
        finally:
            if owned:
                app.state.store.close()

    app = FastAPI(
        title="Kennisgraaf Generatiearmoede",
        description="Kennis over mechanismen, kapitaalvormen en interventies tegen generatiearmoede.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    errors.install(app)
    app.include_router(home.router)
    app.include_router(health.router)
    app.include_router(sparql.router)
    app.include_router(validate.router)
    return app
