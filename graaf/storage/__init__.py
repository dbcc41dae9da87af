"""The store layer: everything the features of graaf stand on, and nothing they know how to do.

- Engines behind one interface: `store` (embedded Oxigraph) and `remote` (a SPARQL 1.1 endpoint;
  `remote_answers` turns its answers into the embedded store's types).
- Running queries within limits: `execution` (one job, its deadline and its formats), `workers`
  (processes that can be killed), `bounded` (parsing and validation in processes with a memory and
  time limit), `cache` and `versioned` (answers and built things kept per store version), `long_lived`
  (building what lives for a store version without the cyclic garbage collector).
- Writing: `changes` (one validated transaction), `loading` and `formats` (RDF in and out), `guard`
  and `sparql_text` (what a query may do), `shipped` (the graphs that come with the code).
- What every layer above uses: `errors`, `settings`, `terms`, `patterns`, `csvcells`, the files
  beside the store (`accounts`, `tokens`, `private_files`), `named_queries` and `service_description`.

May import ontologie and the standard library and engines only; never graaf's features, validatie
or api. tests/test_layers.py keeps it so.
"""
