"""A light SPARQL tokenizer for small, known-shape decisions.

It finds where to insert a ``VALUES`` block into a named query and whether a short query is
one plain pattern (the cheap lane). It is not a parser and decides nothing about safety:
the policy decides on :mod:`usm_kb.rdf.sparql_parse`.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

TOKEN = r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w[\w\u00B7]*)
  | (?P<pname>[^\W\d_][\w.\-\u00B7]*:[\w.\-:%\u00B7]*
              |:[\w.\-:%\u00B7]*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<space>\s+)
  | (?P<other>.)
"""


@cache
def _token_pattern() -> re.Pattern[str]:
    r"""The compiled tokenizer (compiled on first use).

    Names are matched with ``\w`` (Unicode letters, digits, underscore) rather than SPARQL's
    explicit code-point ranges: the ranges took ~30–60 ms to compile in every process, and a
    name the approximation splits only makes more tokens, which every caller reads as "not
    the simple case" (no VALUES slot found → an error; not cheap; star order unchanged).
    """
    return re.compile(TOKEN, re.VERBOSE | re.DOTALL)


def located_tokens(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, offset) tokens without whitespace and comments."""
    result = []
    for match in _token_pattern().finditer(text):
        kind = match.lastgroup or "other"
        if kind not in ("space", "comment"):
            result.append((kind, match.group(), match.start()))
    return result


def tokens(text: str) -> list[tuple[str, str]]:
    """(kind, text) tokens without whitespace and comments."""
    return [(kind, value) for kind, value, _ in located_tokens(text)]


@lru_cache(maxsize=512)
def star_order(text: str, variables: tuple[str, ...]) -> tuple[str, ...]:
    """*variables* in the order they first appear in *text* when it is a ``SELECT *`` query.

    Engines may project ``SELECT *`` in any order (Oxigraph sorts by name); users expect the
    query's own order. Anything but ``SELECT *`` keeps *variables* as they are.
    """
    if "*" not in text:  # no SELECT * (the common case: decided without tokenizing)
        return variables
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
