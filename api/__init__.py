"""The outside of the product: the HTTP app (FastAPI) and the `kennisgraaf` command line."""
