"""Local experiments and the learning loop: observations, progress against goals, findings, reflection.

Each step is its own module without FastAPI, so the pages, the CLI and the tests share one path:
`observations` (CSV import), `progress` (baseline, latest, target, trend, on track), `findings`
(a finding of a learning session as evidence), `profile` (evidence per knowledge source),
`report` (the yearly reflection) and `plot` (an SVG per indicator).

May import the store layer (graaf.storage), graaf.describe (labels) and ontologie; never validatie
or api: the pages and the CLI hand in the checker.
"""
