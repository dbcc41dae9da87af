"""One module per kind of page or endpoint."""
