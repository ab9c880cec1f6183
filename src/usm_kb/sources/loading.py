"""Load every source under a data root: the ontology, each framework's catalogue and mapping set.

Each is checked (``file:line`` errors) and parsed into one rdflib graph per named graph.
"""

from __future__ import annotations

from pathlib import Path

from usm_kb.errors import DataError
from usm_kb.namespaces import mapping_graph
from usm_kb.sources.catalog import Catalog, catalog_to_graph, load_catalog
from usm_kb.sources.graphs import SourceGraph
from usm_kb.sources.kinds import target_classes
from usm_kb.sources.mapping_rdf import mapping_set_to_graph
from usm_kb.sources.ontology import iter_ontology
from usm_kb.sources.sssom import MappingRow, load_mapping_set


def framework_dirs(root: Path) -> list[Path]:
    """Folders under ``mappings/`` that hold a catalogue."""
    base = root / "mappings"
    return sorted(p.parent for p in base.glob("*/catalog.yaml")) if base.is_dir() else []


def usm_targets(graphs: list[SourceGraph]) -> dict[str, frozenset[str]]:
    """The typed USM individuals a mapping may point to, each with its classes."""
    return target_classes(source.graph for source in graphs)


def load_catalogs(root: Path) -> list[Catalog]:
    """All framework catalogues, checked."""
    return [load_catalog(folder / "catalog.yaml") for folder in framework_dirs(root)]


def load_sources(root: Path) -> list[SourceGraph]:
    """Parse all sources under *root*; raise ``DataError`` naming file and line on bad input."""
    graphs = list(iter_ontology(root))
    if not graphs:
        raise DataError("no ontology files found", path=root / "ontology")
    targets = usm_targets(graphs)
    for catalog in load_catalogs(root):
        folder = catalog.path.parent
        graphs.append(
            SourceGraph(
                mapping_graph(catalog.id, "catalog"), catalog.path, catalog_to_graph(catalog)
            )
        )
        tsv = folder / f"{catalog.id}-usm.sssom.tsv"
        if not tsv.is_file():
            raise DataError(f"missing mapping set {tsv.name}", path=folder)
        mapping_set = load_mapping_set(tsv, catalog, targets)
        _check_all_mapped(catalog, mapping_set.rows, tsv)
        graphs.append(
            SourceGraph(
                mapping_graph(catalog.id, "mappings"), tsv, mapping_set_to_graph(mapping_set)
            )
        )
    return graphs


def _check_all_mapped(catalog: Catalog, rows: tuple[MappingRow, ...], path: Path) -> None:
    mapped = {row.subject.rsplit("/", 1)[-1] for row in rows}
    missing = [p.id for p in catalog.practices if p.id not in mapped]
    if missing:
        raise DataError(
            f"practices without any mapping row: {', '.join(missing[:5])}"
            + (" …" if len(missing) > 5 else ""),
            path=path,
            hint="every practice needs at least one row",
        )
