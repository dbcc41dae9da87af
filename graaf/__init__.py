"""The graph layer: the store, the shipped data, queries, and (later) cocktails, networks and export."""

from graaf.changes import Change, Validator, apply
from graaf.settings import Settings
from graaf.shipped import SyncReport, sync_shipped
from graaf.store import Dataset, Results, Store


def open_store(settings: Settings, validator: Validator | None = None) -> tuple[Store, SyncReport]:
    """Open the store the settings point at and bring its shipped graphs up to date.

    The caller passes the validator, because validation is a layer above this one.
    """
    store = Store(settings.store_dir)
    try:
        report = sync_shipped(store, settings.base_iri, validator=validator)
    except BaseException:
        store.close()
        raise
    return store, report


__all__ = [
    "Change",
    "Dataset",
    "Results",
    "Settings",
    "Store",
    "SyncReport",
    "Validator",
    "apply",
    "open_store",
    "sync_shipped",
]
