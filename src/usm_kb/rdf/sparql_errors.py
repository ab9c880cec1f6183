"""SPARQL syntax errors in one readable line: where, what, and a hint for common mistakes.

The engine's parser reports every token it would have accepted, which for an undeclared
prefix is a wall of Unicode ranges. :func:`explain` keeps the position (``line:column``),
names the offending text, and recognises the usual mistakes: an undeclared prefix, an
unclosed ``{`` or ``(``, an unterminated string, a misspelt query form.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping

from usm_kb.rdf.sparql_text import located_tokens

POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
QUOTED = re.compile(r'"((?:[^"\\]|\\.)+)"|\b([A-Z][A-Za-z]+)\b')
PNAME = re.compile(r"(?<![\w?$<])([A-Za-z][\w.-]*)?:(?=[\w%])")
DECLARED = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "PREFIX", "BASE")
SHOWN_EXPECTED = 6


def explain(text: str, message: str, known_prefixes: dict[str, str]) -> str:
    """One line for an engine's parser *message* about *text*: ``SPARQL syntax error at L:C: …``."""
    found = POSITION.search(message)
    if found is None:
        return f"SPARQL syntax error: {_first_line(message)}"
    line, column, detail = int(found[1]), int(found[2]), found[3]
    where = f"SPARQL syntax error at {line}:{column}"
    hint = hint_for(text, line, column, detail, known_prefixes)
    if hint:
        return f"{where}: {hint}"
    near = _near(text, line, column)
    return f"{where}{near}: expected {_expected(detail)}"


def hint_for(
    text: str, line: int | None, column: int | None, detail: str, known: Mapping[str, str]
) -> str:
    """A hint for the usual mistakes behind a syntax error at *line*:*column*, or ''."""
    return (
        _unknown_prefix(text, detail, known)
        or _unbalanced(text)
        or _unterminated_string(text, detail)
        or (_short_triple(text, line, column) if line and column else "")
        or misspelt_form(text)
    )


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else "cannot parse the query"


def _unknown_prefix(text: str, detail: str, known: Mapping[str, str]) -> str:
    declared = {m[1] or "" for m in DECLARED.finditer(text)} | set(known)
    used = [
        m[1] or ""
        for m in PNAME.finditer(_without_strings_and_iris(text))
        if (m[1] or "") not in declared
    ]
    if not used:
        return ""
    name = used[0]
    listed = ", ".join(known)
    return f"unknown prefix `{name}:` — declare it with PREFIX {name}: <…> or use one of: {listed}"


def _without_strings_and_iris(text: str) -> str:
    """*text* with comments, strings and IRIs blanked out (so their colons are not prefixes)."""
    out = list(text)
    for kind, value, offset in located_tokens(text):
        if kind in ("string", "iri"):
            out[offset : offset + len(value)] = " " * len(value)
    return re.sub(r"#[^\n]*", "", "".join(out))


def _unbalanced(text: str) -> str:
    opened: list[tuple[str, int]] = []
    pairs = {"}": "{", ")": "(", "]": "["}
    for kind, value, offset in located_tokens(text):
        if kind != "other":
            continue
        if value in "{([":
            opened.append((value, offset))
        elif value in pairs:
            if not opened:
                return f"`{value}` at {_position(text, offset)} closes nothing that is open"
            if opened[-1][0] != pairs[value]:
                break
            opened.pop()
    if opened:
        bracket, offset = opened[-1]
        closer = {"{": "}", "(": ")", "[": "]"}[bracket]
        where = _position(text, offset)
        return f"missing `{closer}`: the `{bracket}` opened at {where} is never closed"
    return ""


def _short_triple(text: str, line: int, column: int) -> str:
    """A hint when the pattern before the error has fewer than three terms."""
    end = _offset(text, line, column)
    terms = 0
    for kind, value, offset in located_tokens(text):
        if offset >= end:
            break
        if kind == "other" and value in "{}.;,":
            terms = 0 if value in "{." else terms
        elif kind in ("var", "iri", "pname", "string") or (kind == "word" and value == "a"):
            terms += 1
    if terms in (1, 2):
        return "a triple pattern needs a subject, a predicate and an object"
    return ""


def _offset(text: str, line: int, column: int) -> int:
    lines = text.splitlines(keepends=True)
    return sum(len(x) for x in lines[: line - 1]) + column - 1


def _unterminated_string(text: str, detail: str) -> str:
    open_quote = any(
        kind == "other" and value in ("'", '"') for kind, value, _ in located_tokens(text)
    )
    if open_quote or re.search(r'expected one of "\\"", "\\\\"', detail):
        return "a string is not closed: add the closing quote"
    return ""


def misspelt_form(text: str) -> str:
    """A hint when the query's first word is close to a query form (``SELEC``)."""
    words = re.findall(r"[A-Za-z]+", _without_strings_and_iris(text))
    if not words or words[0].upper() in FORMS:
        return ""
    close = difflib.get_close_matches(words[0].upper(), FORMS, n=1, cutoff=0.6)
    return f"`{words[0]}` is not a query form; did you mean {close[0]}?" if close else ""


def _position(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"{line}:{column}"


def _near(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return ""
    rest = lines[line - 1][column - 1 :].strip()
    return f" near `{rest[:20]}`" if rest else " (the end of the query)"


def _expected(detail: str) -> str:
    tokens = [a or b for a, b in QUOTED.findall(detail.split("\n", 1)[0])]
    tokens = [t for t in dict.fromkeys(tokens) if t]
    if not tokens:
        return "something else"
    shown = ", ".join(f"`{t}`" for t in tokens[:SHOWN_EXPECTED])
    more = len(tokens) - SHOWN_EXPECTED
    return f"one of {shown}" + (f" (or {more} more)" if more > 0 else "")
