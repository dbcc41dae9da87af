"""Contributions from the browser: forms, proposals, review and the write of what an editor approves.

fields (what each form asks) -> build (typed values to triples, messages per field, sentences) ->
proposals (waiting for an editor, outside the graph) -> write (one transaction with PROV, undo,
history). May import the store layer, graaf.imports (actor, PROV helpers, write log) and
graaf.experiments (findings); never validatie or api: the checker is handed in.
"""
