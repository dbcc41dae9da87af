"""The HTTP application: built by a factory so tests and the CLI hand in their own store and settings."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from api import errors, warmup
from api.body_limit import BodyLimit
from api.page_cache import PageCache
from api.signed_in import accounts_file, proposals_dir, protect
from api.views import (
    api_json,
    cocktail,
    cocktail_page,
    contribute,
    health,
    home,
    pages,
    queries,
    search,
    signin,
    sparql,
    validate,
)
from api.views import experiments as experiment_views
from api.views import export as export_views
from api.views import imports as import_views
from api.views import pictures as picture_views
from api.views.query_page import STATIC
from graaf import Settings, Store, open_store
from graaf.contributions.proposals import ProposalStore
from graaf.demo import demo_graph, load_if_asked
from graaf.imports import Actor, log_path, log_write
from graaf.storage import bounded
from graaf.storage.accounts import AccountStore
from validatie import ShaclValidator


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """Build the app. Without a store, the lifespan opens the one the settings point at."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        uploads = bounded.configure(settings.upload_limits, settings.upload_workers)
        owned = store is None
        app.state.store = open_store(settings, ShaclValidator())[0] if owned else store
        if owned and load_if_asked(app.state.store, settings.demo, settings.base_iri, ShaclValidator()):
            # A store handed in (CLI, tests) was prepared by its owner, demo included; this one we loaded.
            details = {"graaf": demo_graph(settings.base_iri), "bij": "serve"}
            log_write(log_path(settings), Actor.command_line().id, "demo-laad", details)
        sparql.start(app, settings, app.state.store)
        warming = warmup.start(app.state.store) if settings.warm_up else None
        try:
            yield
        finally:
            if warming is not None:
                warming.set()
            uploads.close()  # first: a request waiting on a busy worker gets its answer at once
            sparql.stop(app)
            if owned:
                app.state.store.close()

    app = FastAPI(
        title="Kennisgraaf Generatiearmoede",
        description="Kennis over mechanismen, kapitaalvormen en interventies tegen generatiearmoede.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.accounts = AccountStore(accounts_file(settings), session_hours=settings.session_hours)
    app.state.proposals = ProposalStore(proposals_dir(settings))
    errors.install(app)
    # Inside CORS, so a page from the cache still gets the CORS headers of the request that asks for it.
    app.add_middleware(PageCache, max_bytes=settings.page_cache_mb * 1_000_000)
    # Browser tools on other sites (YASGUI, notebooks) may read; tokens travel in a header, never in
    # cookies, so credentials stay off.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Accept", "Content-Type", "Authorization"],
        expose_headers=["Link"],
        max_age=3600,
    )
    # The forms' CSRF check reads the body, so it sits inside the body limit.
    app.add_middleware(protect, settings=settings, refusal=signin.csrf_refused)
    # Outermost: no body reaches any view (or the page cache) unbounded in size or time.
    app.add_middleware(BodyLimit, settings=settings)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(home.router)
    app.include_router(pages.router)
    app.include_router(picture_views.router)
    app.include_router(search.router)
    app.include_router(health.router)
    app.include_router(sparql.router)
    app.include_router(validate.router)
    app.include_router(cocktail.router)
    app.include_router(cocktail_page.router)
    app.include_router(queries.router)
    app.include_router(api_json.router)
    app.include_router(experiment_views.router)
    app.include_router(import_views.router)
    app.include_router(export_views.router)
    app.include_router(signin.router)
    app.include_router(contribute.router)
    return app
