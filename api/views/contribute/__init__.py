"""The browser's write path under /bijdragen: forms, preview, proposals, review, history and undo.

Every submit goes through the same steps as an import: the privacy guard field by field, then SHACL
on the whole change against the graph as it is; nothing is stored until both pass. A contributor's
submit becomes a proposal; an editor's approval writes it as one transaction into its own named
graph with PROV (graaf.contributions.write).

`common` holds what both sides share, `forms` the pages that propose, `review` the pages that decide.
"""

from fastapi import APIRouter

from api.views.contribute import forms, review

router = APIRouter(include_in_schema=False)
# Review first: its fixed paths (/bijdragen/voorstellen, /bijdragen/geschiedenis) must win over the
# forms' /bijdragen/{kind}.
router.include_router(review.router)
router.include_router(forms.router)
