"""The resolver: the user's words (id, code, English or Dutch label, any case) -> KB elements.

One :class:`NameIndex` per knowledge base, built on first use from the KB's own labels,
codes, notations and identifiers (plus the labels of the glossary concepts that describe an
element) and cached by :meth:`usm_kb.store.KnowledgeBase.names`. The CLI, the Python API and
the endpoint resolve parameters through it, and tables take their short cell labels from it.

Matching is on a *key*: the text case-folded, accents removed and everything but letters and
digits dropped, so ``ITIL 4``, ``itil4`` and ``ITIL4`` are one key. A word that is no key but
the start of keys of exactly one element (three characters or more: ``cobit`` ->
``cobit2019``) names that element too. A word that fits several elements is an error listing
them; an unknown word is an error listing close matches (and, for small kinds, every id).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from usm_kb.errors import AmbiguousName, UnknownName
from usm_kb.namespaces import PREFIXES, USM, VOCABULARY
from usm_kb.vocab import (
    EVIDENCE_NAME,
    PROCESSES,
    RELATION_LABELS,
    RELATION_PREDICATE,
    RELATIONS,
)

NOT_A_NAME = re.compile(r'[<>{}"`\\|^#;]')  # characters no name has, but SPARQL does
SMALL_KIND = 20  # kinds with at most this many members list them all in an error
PREFIX_MIN = 3

CLASSES = {
    "process": "usm:Process",
    "workflow": "usm:Workflow",
    "calltype": "usm:CallType",
    "domain": "usm:Domain",
    "framework": "usm:Framework",
    "practice": "usm:ReferencePractice",
    "evidence": "usm:EvidenceLevel",
    "concept": "skos:Concept",
}
# Every kind a parameter can name; "relation" is a word of the mapping vocabulary.
KINDS = (*CLASSES, "relation")

ELEMENTS = (
    "SELECT ?kind ?s (SAMPLE(?ident) AS ?id) (SAMPLE(?notation) AS ?note) (SAMPLE(?fwid) AS ?fw)"
    " (SAMPLE(?verb) AS ?short) (SAMPLE(?en) AS ?label) WHERE {"
    f" VALUES (?class ?kind) {{ {' '.join(f'({c} {k!r})' for k, c in CLASSES.items())} }}"
    " ?s a ?class ."
    " FILTER(?kind != 'concept' || EXISTS { ?s skos:inScheme voc:usm-glossary })"
    " OPTIONAL { ?s dcterms:identifier ?ident } OPTIONAL { ?s skos:notation ?notation }"
    " OPTIONAL { ?s usm:framework/dcterms:identifier ?fwid } OPTIONAL { ?s usm:verbLabel ?verb }"
    " OPTIONAL { ?s rdfs:label|skos:prefLabel ?en FILTER(langMatches(LANG(?en), 'en')) }"
    "} GROUP BY ?kind ?s ORDER BY ?kind ?s"
)
WORDS = (
    "SELECT DISTINCT ?s ?word WHERE {"
    " { ?s rdfs:label|skos:prefLabel|skos:altLabel|skos:hiddenLabel|usm:code|usm:verbLabel"
    "      |skos:notation|dcterms:identifier ?word }"
    " UNION { ?concept usm:describes ?s ; skos:prefLabel|skos:altLabel ?word }"
    " FILTER(isLiteral(?word)) }"
)


def key(text: str) -> str:
    """The matching key of *text*: case-folded, accents removed, letters and digits only."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in folded if c.isalnum() and not unicodedata.combining(c))


@dataclass(frozen=True)
class Entry:
    """One nameable element: its IRI (a plain word for relations), short id and label."""

    kind: str
    iri: str
    id: str
    label: str
    framework: str = ""  # practices: the framework id
    short: str = ""  # the short label shown in table cells

    def describe(self) -> str:
        """``id (label)``, or only the id when the label says the same."""
        return self.id if key(self.label) == key(self.id) else f"{self.id} ({self.label})"


@dataclass(frozen=True)
class NameIndex:
    """Every nameable element by kind, with the keys that name it."""

    entries: dict[str, tuple[Entry, ...]]
    keys: dict[str, dict[str, frozenset[Entry]]]
    words: dict[str, dict[str, str]]  # kind -> key -> one word with that key (for hints)
    labels: dict[str, str]  # IRI -> short cell label

    @classmethod
    def build(cls, named: Iterable[tuple[Entry, Iterable[str]]]) -> NameIndex:
        """An index from (entry, the words that name it) pairs."""
        entries: dict[str, list[Entry]] = defaultdict(list)
        keys: dict[str, dict[str, set[Entry]]] = defaultdict(lambda: defaultdict(set))
        words: dict[str, dict[str, str]] = defaultdict(dict)
        for entry, texts in named:
            entries[entry.kind].append(entry)
            for text in (entry.id, entry.label, entry.iri, *texts):
                if k := key(text):
                    keys[entry.kind][k].add(entry)
                    words[entry.kind].setdefault(k, text)
        labels = {
            e.iri: e.short or e.id
            for items in entries.values()
            for e in items
            if e.kind != "relation"
        }
        return cls(
            {kind: tuple(items) for kind, items in entries.items()},
            {kind: {k: frozenset(v) for k, v in by.items()} for kind, by in keys.items()},
            {kind: dict(by) for kind, by in words.items()},
            labels,
        )

    def choices(self, kind: str) -> tuple[Entry, ...]:
        """Every element of *kind*."""
        return self.entries.get(kind, ())

    def resolve(self, kind: str, word: str) -> Entry:
        """The one element of *kind* that *word* names; ``UnknownName`` / ``AmbiguousName``."""
        text = word.strip()
        if NOT_A_NAME.search(text) and not text.startswith(("http://", "https://")):
            raise UnknownName(f"{word!r} is not a {kind} name (it has SPARQL syntax in it)")
        if kind == "practice" and "/" in text and not text.startswith(("http:", "https:")):
            framework, _, local = text.partition("/")
            fw = self.resolve("framework", framework).id
            found = self._find(kind, local, lambda e: e.framework == fw)
        else:
            found = self._find(kind, _expand(text), lambda e: True)
        if len(found) == 1:
            return found[0]
        if found:
            listed = ", ".join(e.describe() for e in sorted(found, key=lambda e: e.id))
            how = "FRAMEWORK/ID" if kind == "practice" else "the id"
            raise AmbiguousName(f"{kind} {word!r} is ambiguous: {listed} (give {how})")
        raise UnknownName(f"no {kind} {word!r} in the knowledge base{self._hint(kind, text)}")

    def _find(self, kind: str, text: str, keep: Callable[[Entry], bool]) -> list[Entry]:
        by_key = self.keys.get(kind, {})
        k = key(text)
        exact = {e for e in by_key.get(k, ()) if keep(e)}
        if exact or len(k) < PREFIX_MIN:
            return list(exact)
        return list({e for kk, es in by_key.items() if kk.startswith(k) for e in es if keep(e)})

    def _hint(self, kind: str, text: str) -> str:
        words = self.words.get(kind, {})
        close = difflib.get_close_matches(key(text), list(words), n=4, cutoff=0.6)
        hint = "; did you mean " + ", ".join(words[c] for c in close) + "?" if close else ""
        everything = self.choices(kind)
        if 0 < len(everything) <= SMALL_KIND:
            hint += "; known: " + ", ".join(e.id for e in everything)
        elif kind == "practice":
            hint += "; `usm-kb practices` and `usm-kb search` list them"
        return hint


def _expand(text: str) -> str:
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return text


def _last_segment(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def make_entry(row: dict[str, object]) -> Entry:
    """An entry from a row of :data:`ELEMENTS`: the id and label rule of each kind."""
    kind, iri = str(row["kind"]), str(row["s"])
    label = str(row["label"] or "")
    if kind == "framework":
        ident = str(row["id"] or _last_segment(iri))
    elif kind == "practice":
        ident = f"{row['fw']}/{row['note'] or _last_segment(iri)}"
        return Entry(kind, iri, ident, label or ident, str(row["fw"] or ""), str(row["note"] or ""))
    elif kind == "evidence":
        ident = EVIDENCE_NAME.get(iri, _last_segment(iri).lower())
    elif kind == "concept":
        ident = "voc:" + iri[len(VOCABULARY) :] if iri.startswith(VOCABULARY) else iri
        return Entry(kind, iri, ident, label or ident, short=label or ident)
    else:
        ident = _last_segment(iri)
    return Entry(
        kind, iri, ident, str(row["short"] or label or ident), short=str(row["short"] or "")
    )


def _canonical_order(entry: Entry) -> tuple[str, int]:
    """Processes in USM's order (agree … improve); the rest keep the query's order."""
    rank = PROCESSES.index(entry.id) if entry.kind == "process" and entry.id in PROCESSES else 0
    return entry.kind, rank


def load_index(select: Callable[[str], list[dict[str, object]]]) -> NameIndex:
    """Build the index with *select* (a KB's ``select``): two queries, then Python."""
    words: dict[str, list[str]] = defaultdict(list)
    for row in select(WORDS):
        words[str(row["s"])].append(str(row["word"]))
    entries = sorted(map(make_entry, select(ELEMENTS)), key=_canonical_order)
    named: list[tuple[Entry, Iterable[str]]] = []
    for entry in entries:
        aliases = words.get(entry.iri, [])
        if entry.kind == "practice" and "-" in entry.short:  # ITIL4-5.2.14 is also 5.2.14
            aliases = [*aliases, entry.short.split("-", 1)[1]]
        named.append((entry, aliases))
    for name in RELATIONS:
        predicate = RELATION_PREDICATE[name]
        aliases = [predicate, _expand(predicate), predicate.partition(":")[2]]
        aliases += RELATION_LABELS[name]
        named.append((Entry("relation", name, name, name), aliases))
    return NameIndex.build(named)


def short_label(iri: str, index: NameIndex) -> str:
    """The short cell label of an IRI: the index's label, a usm: term's local name, or a CURIE."""
    found = index.labels.get(iri)
    if found is not None:
        return found
    if iri.startswith(USM):
        return iri[len(USM) :]
    for prefix, base in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(base) and len(iri) > len(base):
            return f"{prefix}:{iri[len(base) :]}"
    return iri
