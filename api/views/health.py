"""GET /gezondheid: is the store open, and how much is in it. For monitoring and start-up checks."""

from typing import Annotated

from fastapi import APIRouter, Depends

from api.views.deps import get_store
from graaf import Store

router = APIRouter()


@router.get("/gezondheid", summary="Status van de server en de opslag")
def health(store: Annotated[Store, Depends(get_store)]) -> dict[str, object]:
    counts = store.counts()
    return {"status": "ok", "grafen": len(counts), "triples": sum(counts.values())}
