"""Help for one named query: ``usm-kb query NAME --help`` and ``usm-kb queries NAME``.

Shows the description, each parameter with the values it accepts (from the KB's resolver:
ids with their codes and English/Dutch names), what an empty answer means, and an example.
"""

from __future__ import annotations

from typing import Any

import click

from usm_kb.errors import UsmKbError
from usm_kb.queries import NamedQuery
from usm_kb.queries.named import NAMED_TYPES
from usm_kb.store import KnowledgeBase
from usm_kb.store.names import NameIndex
from usm_kb.vocab import SLUG

ACCEPTS = {
    "string": "any text",
    "lang": "a language tag such as en or nl",
    "integer": "a whole number",
    "iri": "an IRI or CURIE (usm:…, voc:…, process:…)",
    "practice": "FRAMEWORK/ID, FRAMEWORK/name, an id or a name; `usm-kb practices` lists them",
    "concept": "a glossary term in English or Dutch, or voc:…; `usm-kb query glossary`",
}
LISTED = 20  # kinds up to this size list every value


def accepted_values(kind: str, names: NameIndex) -> str:
    """What a parameter of *kind* accepts, for help texts."""
    if kind in ACCEPTS:
        return ACCEPTS[kind]
    if kind not in NAMED_TYPES:
        return kind
    entries = names.choices(kind)
    if len(entries) > LISTED:
        return f"one of {len(entries)} {kind} ids or names"
    words = names.words.get(kind, {})
    parts = []
    for entry in entries:
        aliases = [
            words[k]
            for k, found in names.keys.get(kind, {}).items()
            if entry in found and words[k] != entry.iri and not words[k].startswith("http")
        ]
        others = [a for a in dict.fromkeys(aliases) if a.casefold() != entry.id.casefold()]
        parts.append(f"{entry.id}" + (f" ({', '.join(others[:4])})" if others else ""))
    return "; ".join(parts) + " — any case"


def query_help(query: NamedQuery, names: NameIndex) -> str:
    """The help text of one named query."""
    lines = [f"usm-kb query {query.name}: {query.title}", "", query.description, ""]
    if query.params:
        lines.append("Parameters (--param NAME=VALUE):")
        for p in query.params:
            extra = "optional" if p.optional else "required"
            if p.default is not None:
                extra += f", default {p.default}"
            lines.append(f"  {p.name} ({p.type}, {extra}): {p.doc}")
            lines.append(f"      accepts: {accepted_values(p.type, names)}")
        lines.append("")
    if query.empty:
        lines += [f"When empty: {query.empty}", ""]
    example = " ".join(f"--param {k}={v}" for k, v in query.example().items())
    lines += ["Example:", f"  usm-kb query {query.name}{' ' + example if example else ''}", ""]
    if query.tags:
        lines.append(f"Tags: {', '.join(query.tags)}")
    return "\n".join(lines).rstrip() + "\n"


class NamedQueryCommand(click.Command):
    """``usm-kb query NAME --help`` explains the named query NAME instead of the command."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Answer ``--help`` after a query name with that query's help."""
        helps = set(ctx.help_option_names)
        positional = [a for a in args if not a.startswith("-")]
        if helps & set(args) and positional and SLUG.match(positional[0]):
            kb = _open_kb(ctx)
            if kb is not None and positional[0] in kb.named_queries():
                query = kb.named_queries()[positional[0]]
                click.echo(query_help(query, kb.names()), nl=False)
                ctx.exit(0)
        return super().parse_args(ctx, args)


def _open_kb(ctx: click.Context) -> KnowledgeBase | None:
    """The KB, or None when it cannot be opened (then click's own help is shown)."""
    obj: Any = ctx.find_root().obj
    opener = getattr(obj, "open_kb", None)
    try:
        return opener() if opener is not None else None
    except (UsmKbError, OSError):
        return None
