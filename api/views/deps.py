"""Dependencies shared by the views: the store and settings the app was built with."""

from fastapi import Request

from graaf import Settings, Store


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings
