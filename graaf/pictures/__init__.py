"""Pictures of the graph: a thing's neighbourhood, the causal network of mechanisms, the evidence gap map.

Pure data and drawing: each picture reads the store, lays itself out deterministically (same graph,
same bytes) and writes SVG; the gap map also writes CSV and PNG. No web framework here: the pages in
api/views/pictures.py only choose the picture and the language.

May import the store layer (graaf.storage), graaf.describe (labels) and ontologie; never validatie
or api.
"""

from graaf.pictures.causal import CausalNetwork, causal_network, causal_svg
from graaf.pictures.gapmap import COLUMN_KINDS, GapMap, gap_map, gap_map_csv
from graaf.pictures.gapmap_draw import gap_map_png, gap_map_svg
from graaf.pictures.neighbourhood import neighbourhood_svg

__all__ = [
    "COLUMN_KINDS",
    "CausalNetwork",
    "GapMap",
    "causal_network",
    "causal_svg",
    "gap_map",
    "gap_map_csv",
    "gap_map_png",
    "gap_map_svg",
    "neighbourhood_svg",
]
