"""Floor for `usm-kb validate WORKSPACE.ttl`: pyshacl's core validation of the same graph.

Parses the workspace and the ontology with rdflib (not timed), then times one
``pyshacl.validate`` call with the Core shapes usm-kb uses (no inference, no meta-SHACL),
and prints those seconds on stdout. This is the SHACL work itself, with nothing around it.

    python bench/floors/pyshacl_core.py WORKSPACE.ttl
"""

import gc
import sys
import time

import pyshacl
from rdflib import Graph

from usm_kb.data_root import default_data_root
from usm_kb.sources.ontology import ontology_files
from usm_kb.validation.shapes import load_shapes, shapes_dir

root = default_data_root()
data = Graph()
data.parse(sys.argv[1], format="turtle")
for path in ontology_files(root):
    data.parse(path, format="turtle")
shapes = load_shapes(shapes_dir(root))
gc.disable()  # as usm-kb validate does: the floor gets the same advantage
start, cpu = time.perf_counter(), time.process_time()
pyshacl.validate(
    data,
    shacl_graph=shapes.core,
    inference="none",
    advanced=False,
    meta_shacl=False,
    allow_warnings=True,
    allow_infos=True,
)
print(f"{time.perf_counter() - start:.4f} {time.process_time() - cpu:.4f}")
