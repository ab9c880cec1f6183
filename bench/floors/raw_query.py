"""Floor for `usm-kb query NAME --format csv`: the least a script does for the same answer.

Loads the compiled artefact into an in-memory pyoxigraph store, runs the already-bound
query text and writes pyoxigraph's own CSV to stdout. No parameter checks, no policy.

    python bench/floors/raw_query.py KB_NQ QUERY_FILE
"""

import sys

import pyoxigraph as ox

store = ox.Store()
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS)
with open(sys.argv[2], encoding="utf-8") as text:
    result = store.query(text.read(), use_default_graph_as_union=True)
sys.stdout.buffer.write(result.serialize(format=ox.QueryResultsFormat.CSV))
