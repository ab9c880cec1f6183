"""Lexical inspection of SPARQL text: query form, forbidden operations, dataset clauses.

The endpoint must refuse UPDATE, LOAD, SERVICE and foreign FROM graphs *before* anything is
executed: Oxigraph would really send the HTTP request of a ``SERVICE`` clause. A tokenizer
that drops comments, string literals and IRIs first makes the keyword checks immune to
keywords hidden in strings, comments or IRIs (and errs on the side of refusing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)
  | (?P<pname>[A-Za-z\u00C0-\uFFFF][\w.\-\u00B7-\uFFFF]*:[\w.\-:%\u00B7-\uFFFF]*
              |:[\w.\-:%\u00B7-\uFFFF]*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<space>\s+)
  | (?P<other>.)
""",
    re.VERBOSE | re.DOTALL,
)

UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


@dataclass(frozen=True)
class QueryShape:
    """What the lexical scan found."""

    form: str | None
    update_keywords: tuple[str, ...] = ()
    service: bool = False
    from_graphs: tuple[str, ...] = ()
    from_named_graphs: tuple[str, ...] = ()
    prefixes: dict[str, str] = field(default_factory=dict)


def located_tokens(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, offset) tokens without whitespace and comments."""
    result = []
    for match in TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind not in ("space", "comment"):
            result.append((kind, match.group(), match.start()))
    return result


def tokens(text: str) -> list[tuple[str, str]]:
    """(kind, text) tokens without whitespace and comments."""
    return [(kind, value) for kind, value, _ in located_tokens(text)]


def inspect_query(text: str, known_prefixes: dict[str, str]) -> QueryShape:
    """Scan *text* for its form, update keywords, SERVICE and FROM (NAMED) IRIs."""
    toks = tokens(text)
    prefixes = dict(known_prefixes)
    form = None
    updates: list[str] = []
    service = False
    from_graphs: list[str] = []
    named: list[str] = []
    for i, (kind, value) in enumerate(toks):
        if kind != "word":
            continue
        word = value.upper()
        if (
            word == "PREFIX"
            and i + 2 < len(toks)
            and toks[i + 1][0] == "pname"
            and toks[i + 2][0] == "iri"
        ):
            prefixes[toks[i + 1][1].rstrip(":")] = toks[i + 2][1][1:-1]
        elif word in FORMS and form is None:
            form = word
        elif word in UPDATE_KEYWORDS:
            updates.append(word)
        elif word == "SERVICE":
            service = True
        elif word == "FROM":
            is_named = i + 1 < len(toks) and toks[i + 1][1].upper() == "NAMED"
            target = toks[i + 2] if is_named else (toks[i + 1] if i + 1 < len(toks) else None)
            iri = _expand(target, prefixes) if target else None
            (named if is_named else from_graphs).append(iri or "")
    return QueryShape(form, tuple(updates), service, tuple(from_graphs), tuple(named), prefixes)


def _expand(token: tuple[str, str] | None, prefixes: dict[str, str]) -> str | None:
    if token is None:
        return None
    kind, value = token
    if kind == "iri":
        return value[1:-1]
    if kind == "pname":
        prefix, _, local = value.partition(":")
        base = prefixes.get(prefix)
        return base + local if base is not None else None
    return None


MAX_DEPTH = 200
OPENERS = frozenset("{([")
CLOSERS = frozenset("})]")


def nesting_depth(text: str) -> int:
    """Deepest nesting of braces, parentheses and brackets outside strings and IRIs."""
    if sum(text.count(c) for c in OPENERS) <= MAX_DEPTH:
        return 0  # cannot be deeper than the limit: skip the tokenizer (hot path)
    depth = deepest = 0
    for kind, value in tokens(text):
        if kind != "other":
            continue
        if value in OPENERS:
            depth += 1
            deepest = max(deepest, depth)
        elif value in CLOSERS:
            depth -= 1
    return deepest


def check_depth(text: str) -> str | None:
    """An error message when *text* nests deeper than Oxigraph's parser can take safely."""
    depth = nesting_depth(text)
    if depth > MAX_DEPTH:
        return f"the query nests {depth} levels deep; at most {MAX_DEPTH} are allowed"
    return None


def star_order(text: str, variables: tuple[str, ...]) -> tuple[str, ...]:
    """*variables* in the order they first appear in *text* when it is a ``SELECT *`` query.

    Engines may project ``SELECT *`` in any order (Oxigraph sorts by name); users expect the
    query's own order. Anything but ``SELECT *`` keeps *variables* as they are.
    """
    toks = tokens(text)
    for i, (kind, value) in enumerate(toks):
        if kind == "word" and value.upper() == "SELECT":
            j = i + 1
            if j < len(toks) and toks[j][1].upper() in ("DISTINCT", "REDUCED"):
                j += 1
            if j >= len(toks) or toks[j][1] != "*":
                return variables
            break
    else:
        return variables
    first: dict[str, int] = {}
    for n, (kind, value) in enumerate(toks):
        if kind == "var":
            first.setdefault(value[1:], n)
    return tuple(sorted(variables, key=lambda v: first.get(v, len(toks))))
