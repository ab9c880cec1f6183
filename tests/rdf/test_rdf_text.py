"""A checked RDF text parses into an rdflib graph or an Oxigraph store alike: the store gets
every file's statements in its default graph, each file's blank nodes its own, and a syntax
error names the file and line on either route."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from usm_kb.errors import DataError
from usm_kb.rdf.lean_store import lean_graph
from usm_kb.rdf.parse import graph_from_text, load_text, read_rdf

TEXTS = {
    "a.ttl": '@prefix ex: <https://example.org/> .\n_:b0 ex:p "x" ; ex:q [ ex:p 1 ] .\n',
    "a.trig": '@prefix ex: <https://example.org/> .\nex:g { _:b0 ex:p "x" ; ex:q [ ex:p 1 ] . }\n',
    "a.nq": '_:b0 <https://example.org/p> "x" <https://example.org/g> .\n'
    '_:b0 <https://example.org/q> _:b1 .\n_:b1 <https://example.org/p> "1" .\n',
}


@pytest.mark.parametrize("name", TEXTS)
def test_two_files_with_the_same_blank_node_labels_keep_their_own_nodes(
    tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    path.write_text(TEXTS[name], encoding="utf-8")
    store, graph = ox.Store(), lean_graph()
    for _ in range(2):  # the same file twice: two files that both say _:b0
        text = read_rdf(path)
        load_text(store, text)
        graph_from_text(text, graph)
    assert len(store) == len(graph) == 6
    assert all(q.graph_name == ox.DefaultGraph() for q in store)  # named graphs flattened
    assert len({q.subject for q in store}) == len(set(graph.subjects())) == 4


@pytest.mark.parametrize("name", ["bad.ttl", "bad.trig"])
def test_a_syntax_error_names_the_file_and_line_on_both_routes(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> .\n", encoding="utf-8")
    text = read_rdf(path)
    for parse in (lambda: load_text(ox.Store(), text), lambda: graph_from_text(text)):
        with pytest.raises(DataError) as info:
            parse()
        assert info.value.path == path and info.value.line == 2


def test_the_file_prefixes_are_bound_in_the_graph(tmp_path: Path) -> None:
    path = tmp_path / "a.ttl"
    path.write_text(TEXTS["a.ttl"], encoding="utf-8")
    graph = graph_from_text(read_rdf(path))
    assert str(dict(graph.namespaces())["ex"]) == "https://example.org/"
