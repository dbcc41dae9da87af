"""The graph layer: the store layer (graaf.storage) and the features built on it: search, cocktails,
networks, imports, export, experiments, contributions, pictures, the catalogue and descriptions."""

from graaf.storage.changes import Change, Validator, apply
from graaf.storage.errors import StoreUnavailable
from graaf.storage.remote import Endpoint, RemoteStore
from graaf.storage.settings import Settings
from graaf.storage.shipped import SyncReport, bookkeeping_graph, sync_shipped
from graaf.storage.store import Dataset, Results, Store


def open_store(settings: Settings, validator: Validator | None = None) -> tuple[Store | RemoteStore, SyncReport]:
    """Open the store the settings point at and bring its shipped graphs up to date.

    The caller passes the validator, because validation is a layer above this one. A read-only store
    is a snapshot that nobody writes to, so its shipped graphs are left as they are.
    """
    if settings.read_only and not settings.remote:
        if settings.store_dir is None:
            raise StoreUnavailable("Een opslag in het geheugen kan niet alleen-lezen worden geopend.")
        return Store(settings.store_dir, read_only=True), SyncReport()
    store = remote_store(settings) if settings.remote else Store(settings.store_dir)
    if settings.read_only:  # a remote engine that this process may only read: written by another one
        store.read_only = True
        return store, SyncReport()
    try:
        report = sync_shipped(store, settings.base_iri, validator=validator)
    except BaseException:
        store.close()
        raise
    return store, report


def remote_store(settings: Settings) -> RemoteStore:
    """The remote SPARQL store the settings name; its write counter lives in the bookkeeping graph."""
    assert settings.remote_query_url is not None
    endpoint = Endpoint(
        settings.remote_query_url,
        settings.remote_update_url,
        settings.remote_user,
        settings.remote_password,
        settings.remote_token,
    )
    return RemoteStore(
        endpoint,
        counter_graph=bookkeeping_graph(settings.base_iri),
        union=settings.remote_union,
        timeout_s=settings.remote_timeout_s,
        version_interval_s=settings.remote_version_interval_s,
        copy_limit=settings.remote_copy_limit,
        hidden_graphs=settings.remote_hidden_graphs,
        own_default_graph=settings.remote_own_default_graph,
    )


__all__ = [
    "Change",
    "Dataset",
    "RemoteStore",
    "Results",
    "Settings",
    "Store",
    "SyncReport",
    "Validator",
    "apply",
    "open_store",
    "remote_store",
    "sync_shipped",
]
