"""Provenance of a mapping row: where its placement is stated, and what it was derived from.

``source`` names the work that states the placement itself; ``see_also`` (SSSOM's standard
multivalued slot, ``|``-separated) names the pages the curators derived it from. How each
evidence level cites is one rule per level (docs/data-formats.md):

- ``published``: a USM-owned page or USM book states the placement → it is the ``source``;
- ``disputed`` / ``reconstructed``: the page that states this variant, or that states the fact
  but could only be read in part, is the ``source``;
- ``derived``: the curators' own derivation → no USM page as ``source`` (empty, or a
  third-party work that states the placement); its inputs go to ``see_also``.

A row without a ``source`` must name its inputs in ``see_also``, and no citation may point at
a copy host.
"""

from __future__ import annotations

from usm_kb.vocab import SEE_ALSO_SEPARATOR, copy_host, is_citation, is_usm_owned


def split_see_also(cell: str) -> tuple[str, ...]:
    """The citations of a ``see_also`` cell, in order, without blanks."""
    return tuple(part.strip() for part in cell.split(SEE_ALSO_SEPARATOR) if part.strip())


def join_see_also(citations: list[str] | tuple[str, ...]) -> str:
    """The ``see_also`` cell for *citations* (sorted, so files and exports compare equal)."""
    return SEE_ALSO_SEPARATOR.join(sorted(set(citations)))


def citation_problem(evidence: str, source: str, see_also: tuple[str, ...]) -> str | None:
    """Why a row's provenance breaks the citation rules, or None when it keeps them."""
    if source and not is_citation(source):
        return f"source {source!r} is not an http(s) URL or urn:isbn"
    for cited in see_also:
        if not is_citation(cited):
            return f"see_also entry {cited!r} is not an http(s) URL or urn:isbn"
    for cited in (source, *see_also):
        if cited and (host := copy_host(cited)):
            return f"{cited} is a copy on {host}; cite the owner's page or the book's ISBN"
    if evidence == "published" and not (source and is_usm_owned(source)):
        return "a published row needs a source on a USM-owned site or a USM book that states it"
    if evidence in ("disputed", "reconstructed") and not source:
        return f"a {evidence} row needs the source that states it"
    if evidence == "derived" and source and is_usm_owned(source):
        return (
            f"a derived row may not cite the USM page {source} as its source (USM does not "
            "state the placement); move it to see_also"
        )
    if not source and not see_also:
        return "a row without a source must list what it was derived from in see_also"
    return None
