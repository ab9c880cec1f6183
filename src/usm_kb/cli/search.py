"""``usm-kb search``: ranked search over practices, processes, workflows and frameworks."""

from __future__ import annotations

import click

from usm_kb.catalogue.search import KINDS, SEARCHED_KINDS
from usm_kb.catalogue.search import search as run_search
from usm_kb.cli.context import Context, handles_errors
from usm_kb.cli.listing import Listing, listing_options, make_view, show
from usm_kb.cli.options import workspace_option

DEFAULT_LIMIT = 20


@click.command()
@click.argument("words", nargs=-1, required=True)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(KINDS),
    help=f"Only this kind of element (repeatable; default: {', '.join(SEARCHED_KINDS)}).",
)
@click.option("--framework", help="Only practices of this framework (id or title, any case).")
@listing_options()
@workspace_option()
@click.pass_obj
@handles_errors
def search(
    obj: Context,
    words: tuple[str, ...],
    kinds: tuple[str, ...],
    framework: str | None,
    fmt: str | None,
    columns: str | None,
    limit: int | None,
) -> None:
    """Find elements by words in English or Dutch, best match first (BM25, stemmed).

    Searches ids, codes, names, alternative names and descriptions; Dutch words reach the
    English-named practices through the glossary (`usm-kb search wijziging`).
    """
    wanted = kinds or (("practice",) if framework else SEARCHED_KINDS)
    hits = run_search(obj.open_kb(), " ".join(words), kinds=wanted, framework=framework)
    names = ("kind", "id", "label", "score", "framework", "iri")
    rows = tuple(tuple(getattr(h, c) for c in names) for h in hits)
    listing = Listing(
        names,
        rows,
        records=hits,
        detail=("framework", "iri"),
        empty="no element has these words; try fewer words, another language, or "
        "`usm-kb query practice-search --param text=…` for a substring search",
    )
    view = make_view(fmt, columns, DEFAULT_LIMIT if limit is None else limit)
    show(listing, view)
