"""The raw script as a click command: what any click CLI pays before doing its own work.

Same work as ``raw_query.py`` (load the artefact into pyoxigraph, run the bound text, write
pyoxigraph's CSV), wrapped in one ``click.command`` with two arguments. ``bench_cli.py``
prints its ratio to the raw script beside usm-kb's: the part of the CLI's cost that is the
interpreter importing click, not usm-kb.

    python bench/floors/click_query.py KB_NQ QUERY_FILE
"""

import sys

import click
import pyoxigraph as ox


@click.command()
@click.argument("kb")
@click.argument("query")
def main(kb: str, query: str) -> None:
    """Run QUERY on the N-Quads file KB and write the CSV answer."""
    store = ox.Store()
    store.bulk_load(path=kb, format=ox.RdfFormat.N_QUADS)
    with open(query, encoding="utf-8") as text:
        result = store.query(text.read(), use_default_graph_as_union=True)
    sys.stdout.buffer.write(result.serialize(format=ox.QueryResultsFormat.CSV))


main()
