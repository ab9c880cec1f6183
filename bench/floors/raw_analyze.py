"""Floor for `usm-kb analyze`: the least a script does to read the same rows.

Loads the compiled KB and the compiled workspace (two N-Quads files) into an in-memory
pyoxigraph store — or, with ``--store DIR``, opens the compiled workspace's store on disk
read-only, as usm-kb does — and runs the analyses' SELECTs (their text, prologue included,
one query per file separated by a line ``#---``), reading every row. No checks, no scores,
no output.

    python bench/floors/raw_analyze.py KB_NQ WORKSPACE_NQ QUERIES_FILE
    python bench/floors/raw_analyze.py --store STORE_DIR QUERIES_FILE
"""

import sys

import pyoxigraph as ox

if sys.argv[1] == "--store":
    store = ox.Store.read_only(sys.argv[2])
else:
    store = ox.Store()
    store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS)
    store.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_QUADS)
with open(sys.argv[-1], encoding="utf-8") as text:
    queries = text.read().split("\n#---\n")
rows = 0
for query in queries:
    for solution in store.query(query, use_default_graph_as_union=True):
        rows += len(list(solution))
print(rows)
